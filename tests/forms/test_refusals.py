"""Input that must be refused: invisible characters in any text field, an acceptance date after
today, CSV quotes that swallow rows, attested facts left unchosen."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from db.models import FollowUp, Proceeding
from db.register.write import add_follow_up, add_proceeding, create_dispute
from db.session import DataError
from db.settings.village import list_types
from forms import checklist_fields, fields, register_fields
from forms.fields import YES_NO, FieldDef, parse_form
from forms.register_import import apply_import, plan_import
from forms.validate import ValidationError, check_visible, id_check_char
from tests.hostile import INVISIBLE, storable_text

TODAY = date(2026, 12, 1)
FIRST17 = "45990019800101123"
# A valid typed value per kind; an invisible character is slipped into it.
SAMPLE = {"text": "青石村委会", "longtext": "第一行\n第二行", "name": "张三丰", "date": "2026-3-5",
          "id": FIRST17 + id_check_char(FIRST17), "phone": "13907710001", "amount": "1200", "int": "12"}
TYPED_KINDS = tuple(SAMPLE)
HIDDEN = INVISIBLE + ["\x00", "\x07", "\x1b", "\x7f", "\u2028", "\u00ad", "\U000e0041", "\u061c"]


def every_field() -> list[FieldDef]:
    out = []
    for module in (fields, register_fields, checklist_fields):
        for value in vars(module).values():
            if isinstance(value, tuple) and value and all(isinstance(f, FieldDef) for f in value):
                out += [f for f in value if f not in out]
    return out


TEXT_FIELDS = [f for f in every_field() if f.kind in TYPED_KINDS]


def test_every_form_is_covered():
    names = {f.name for f in TEXT_FIELDS}
    assert {"summary", "name", "accepted_on", "terms", "phone", "id_number", "text", "case_prefix"} <= names
    assert len(TEXT_FIELDS) > 60


@settings(max_examples=50, deadline=None)
@given(field=st.sampled_from(TEXT_FIELDS), hidden=st.sampled_from(HIDDEN), data=st.data())
def test_invisible_characters_are_refused_in_every_field(field, hidden, data):
    sample = SAMPLE[field.kind]
    at = data.draw(st.integers(min_value=1, max_value=len(sample) - 1), label="at")
    typed = sample[:at] + hidden + sample[at:]
    with pytest.raises(ValidationError) as err:
        field.parse(typed, today=TODAY)
    message = err.value.message
    assert "看不见的控制字符" in message or (hidden == "\u2028" and "换行" in message), message
    assert f"第{at + 1}个字" in message and field.label in message
    assert "请删去后重新输入" in message
    assert field.parse(sample, today=TODAY) not in (None, "")  # the same value without it is fine


@settings(max_examples=50, deadline=None)
@given(text=storable_text(max_size=6))
def test_visible_text_is_never_refused_by_the_check(text):
    check_visible(text, "x")  # no exception
    summary = next(f for f in register_fields.DISPUTE_FORM if f.name == "summary")
    assert summary.parse(text) == unicodedata.normalize("NFC", text).strip()


def test_line_breaks_only_in_multi_line_fields():
    summary = next(f for f in register_fields.DISPUTE_FORM if f.name == "summary")
    place = next(f for f in register_fields.DISPUTE_FORM if f.name == "arose_at")
    assert summary.parse("一\r\n二") == "一\n二"
    with pytest.raises(ValidationError, match="换行（第2个字"):
        place.parse("一\n二")
    assert place.parse("  一组 \n") == "一组"  # trimmed, not refused


@pytest.mark.parametrize("form", [register_fields.DISPUTE_FORM, checklist_fields.CASE_FORM])
def test_acceptance_date_after_today_is_refused(form):
    field = next(f for f in form if f.name == "accepted_on")
    with pytest.raises(ValidationError, match="之后"):
        field.parse("2026-12-02", today=TODAY)
    with pytest.raises(ValidationError, match="之后"):
        field.parse("2027年1月1日", today=TODAY)
    assert field.parse("今天", today=TODAY) == TODAY
    assert field.parse("2026-12-1", today=TODAY) == TODAY


@pytest.mark.parametrize("form, names", [
    (register_fields.PROCEEDING_FORM, ["rights_notified"]),
    (register_fields.FOLLOW_UP_FORM, ["performed", "satisfied"]),
])
def test_attested_facts_must_be_chosen(form, names):
    for name in names:
        f = next(f for f in form if f.name == name)
        assert f.kind == "choice" and f.required and f.choices == YES_NO
    raw = {"kind": "mediation", "held_on": "2026-10-5", "visited_on": "2026-10-5"}
    values, errors = parse_form(form, raw, today=TODAY)
    for name in names:
        assert "是 或 否" in errors[name]
    values, errors = parse_form(form, {**raw, **{n: False for n in names}}, today=TODAY)
    assert not errors and all(values[n] is False for n in names)  # 否 is an answer, not a blank


def test_attested_facts_have_no_default_in_the_data():
    for model, name in ((Proceeding, "rights_notified"), (FollowUp, "performed"), (FollowUp, "satisfied")):
        column = model.__table__.c[name]
        assert column.default is None and column.server_default is None and not column.nullable
        assert model.model_fields[name].is_required()


def test_the_data_layer_refuses_a_record_without_them(engine):
    t = list_types(engine, active_only=True)[0].id
    d = create_dispute(engine, dict(accepted_on=date(2026, 10, 1), type_id=t), [dict(name="张三")])
    with pytest.raises(DataError, match="已告知权利义务"):
        add_proceeding(engine, d.id, dict(held_on=date(2026, 10, 2)))
    with pytest.raises(DataError, match="是否满意"):
        add_follow_up(engine, d.id, dict(visited_on=date(2026, 10, 2), performed=True))
    p = add_proceeding(engine, d.id, dict(held_on=date(2026, 10, 2), rights_notified=False))
    f = add_follow_up(engine, d.id, dict(visited_on=date(2026, 10, 3), performed=False, satisfied=False))
    assert p.rights_notified is False and f.satisfied is False


def test_the_desk_form_shows_them_unset():
    from textual.widgets import Select

    from desk.screens.common.form import FormScreen

    screen = FormScreen("回访", register_fields.FOLLOW_UP_FORM, values={"visited_on": TODAY, "lawsuit": False},
                        save=lambda v: v, today=TODAY)
    for name in ("performed", "satisfied"):
        widget = screen._widget(next(f for f in register_fields.FOLLOW_UP_FORM if f.name == name))
        assert isinstance(widget, Select) and widget.value is Select.NULL


# ---- import ------------------------------------------------------------------------------------

HEAD = "受理日期,纠纷类型,申请人,纠纷简要情况\n"


def count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM dispute")).scalar_one()


def test_import_refuses_future_dates_and_invisible_characters(engine, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEAD + "2026-11-30,邻里,张三,好\n2026-12-02,邻里,李四,好\n"
                    "2026-11-02,邻里,王\u202e五,好\n2026-11-03,邻里,赵六,\"一\n二\u200b\"\n", encoding="utf-8")
    plan = plan_import(engine, path, today=TODAY)
    assert [r.line for r in plan.rows_ok] == [2]
    got = {(e.line, e.column): e.reason for e in plan.errors}
    assert set(got) == {(3, "受理日期"), (4, "申请人"), (5, "纠纷简要情况")}
    assert "之后" in got[(3, "受理日期")]
    assert "第2个字" in got[(4, "申请人")] and "看不见" in got[(4, "申请人")]
    assert "第4个字" in got[(5, "纠纷简要情况")]


def test_csv_quotes_that_swallow_rows_name_the_line(engine, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEAD + "2026-1-5,邻里,张三,\"吵架\n2026-1-6,邻里,李四,打架\n2026-1-7,邻里,王五,\"偷鸡\"\n"
                    "2026-1-8,邻里,赵六,x\n2026-1-9,邻里,钱七,\"一\n二\"\n2026-1-10,邻里,孙八,\"又\n"
                    "2026-1-11,邻里,周九,y\n", encoding="utf-8")
    before = count(engine)
    plan = plan_import(engine, path, today=TODAY)
    assert not plan.ok and plan.rows_ok == []
    assert [e.line for e in plan.errors] == [2, 8]  # where each unpaired quote opened
    assert all("引号没有配对" in e.reason for e in plan.errors)
    assert str(plan.errors[0]).startswith("第 2 行：引号没有配对")
    with pytest.raises(DataError):
        apply_import(engine, plan)
    assert count(engine) == before


def test_a_quoted_cell_over_lines_is_still_fine(engine, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEAD + "2026-1-5,邻里,张三,\"吵架，\n第二天又吵\"\n2026-1-6,邻里,李四,打架\n", encoding="utf-8")
    plan = plan_import(engine, path, today=TODAY)
    assert plan.ok and [r.line for r in plan.rows_ok] == [2, 4]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hidden=st.sampled_from(INVISIBLE), column=st.sampled_from([1, 2, 3]))
def test_import_refuses_invisible_in_any_column(engine, tmp_path_factory, hidden, column):
    row = ["2026-11-02", "邻里", "王五", "好"]
    row[column] = row[column][:1] + hidden + row[column][1:]
    path = tmp_path_factory.mktemp("i") / "a.csv"
    path.write_text(HEAD + ",".join(row) + "\n", encoding="utf-8")
    plan = plan_import(engine, path, today=TODAY)
    assert [(e.line, e.column) for e in plan.errors] == [(2, HEAD.strip().split(",")[column])]
    assert "第2个字" in plan.errors[0].reason


def test_today_is_inclusive(engine, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEAD + f"{TODAY},邻里,张三,好\n{TODAY + timedelta(days=1)},邻里,李四,好\n", encoding="utf-8")
    plan = plan_import(engine, path, today=TODAY)
    assert [r.line for r in plan.rows_ok] == [2] and [e.line for e in plan.errors] == [3]


def test_question_bank_import_refuses_invisible_characters(engine, tmp_path):
    from openpyxl import Workbook

    from db.checklist import questions as c
    from forms.question_bank_io import plan_bank_import

    c.load_default_bank(engine)
    category = c.categories(engine)[0]
    wb = Workbook()
    ws = wb.active
    ws.title = "问题库"
    ws.append(["编号", "类别", "问题", "说明"])
    ws.append(["Z01", category, "本组有\u202e人吗？", ""])
    ws.append(["Z02", category, "本组有几户？\n请写户数", "说明\u200b"])
    ws.append(["Z03", category, "好问题", "第一行\n第二行"])
    wb.save(tmp_path / "q.xlsx")
    plan = plan_bank_import(engine, tmp_path / "q.xlsx")
    assert [(p.line, p.column) for p in plan.problems] == [(2, "问题"), (3, "说明")]
    assert "第4个字" in plan.problems[0].reason and "第3个字" in plan.problems[1].reason
