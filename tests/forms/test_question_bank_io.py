"""The question bank to and from xlsx: round trip, bad rows reported by line, all or nothing."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from db.checklist import questions as c
from db.engine import dispose_engine
from db.schema import open_database
from db.session import DataError
from forms.question_bank_io import apply_bank_import, export_bank, plan_bank_import
from forms.table_read import RowError

HEADER = ["编号", "类别", "问题", "说明", "范围（每个屯组/全村一次）", "状态（在用/停用）"]


def snapshot(engine) -> list[tuple]:
    """The whole bank in its order, as plain tuples."""
    return [(q.code, q.category, q.text, q.hint, q.scope, q.active, q.initials)
            for q in sorted(c.list_questions(engine, include_retired=True), key=lambda q: (q.position, q.id))]


def write_sheet(path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.title = "问题库"
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def bank(engine):
    c.load_default_bank(engine)
    b02 = next(q for q in c.list_questions(engine) if q.code == "B02")
    c.retire_question(engine, b02.id)
    c.add_question(engine, "K09", "干部联系群众", "群众知道村委会的值班电话吗？", "", "village")
    return engine


def test_export_writes_headers_widths_and_every_question(bank, tmp_path):
    path = export_bank(bank, tmp_path / "out" / "问题库.xlsx")
    ws = load_workbook(path)["问题库"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 1 + 101
    assert rows[1] == ("A01", "人口与户籍", c.list_questions(bank)[0].text, c.list_questions(bank)[0].hint,
                       "每个屯组", "在用")
    assert next(r for r in rows if r[0] == "B02")[5] == "停用"
    assert next(r for r in rows if r[0] == "K09")[4] == "全村一次"
    assert ws.column_dimensions["C"].width == 60 and ws.column_dimensions["A"].width == 8
    assert ws.freeze_panes == "A2"
    assert not list(tmp_path.glob("out/*.tmp"))


def test_round_trip_into_the_same_bank_changes_nothing(bank, tmp_path):
    before = snapshot(bank)
    plan = plan_bank_import(bank, export_bank(bank, tmp_path / "bank.xlsx"))
    assert plan.ok and plan.count("same") == 101 and plan.count("add") == 0
    assert apply_bank_import(bank, plan) == {"added": 0, "updated": 0, "unchanged": 101}
    assert snapshot(bank) == before


def test_round_trip_into_an_empty_bank_gives_an_identical_bank(bank, tmp_path):
    path = export_bank(bank, tmp_path / "bank.xlsx")
    other_path = tmp_path / "other.db"
    other = open_database(other_path)
    try:
        plan = plan_bank_import(other, path)
        assert plan.ok and plan.count("add") == 101
        assert apply_bank_import(other, plan)["added"] == 101
        assert snapshot(other) == snapshot(bank)
    finally:
        dispose_engine(other_path)


def test_import_rewords_adds_and_retires(bank, tmp_path):
    path = write_sheet(tmp_path / "edit.xlsx", [
        ["A01", "人口与户籍", "本组现有多少户、多少人？", "填户数和人数。", "每个屯组", "在用"],
        ["a99", "人口与户籍", "本组有多少户装了太阳能热水器？", "", "", ""],  # defaults: 每个屯组, 在用
        ["B02", "需要关爱的人（独居老人、留守儿童、残疾人）", "本组有多少独居老人？谁在照顾？", "", "每个屯组", "在用"],
        ["C01", "低保与特困", "本组有多少低保户？", "", "每个屯组", "停用"],
    ])
    plan = plan_bank_import(bank, path)
    assert plan.ok and [r.action for r in plan.rows] == ["update", "add", "update", "update"]
    assert "新增1个" in plan.summary()
    assert apply_bank_import(bank, plan) == {"added": 1, "updated": 3, "unchanged": 0}
    by_code = {q.code: q for q in c.list_questions(bank, include_retired=True)}
    assert by_code["A01"].text == "本组现有多少户、多少人？" and by_code["A01"].hint == "填户数和人数。"
    assert by_code["A99"].scope == "hamlet" and by_code["A99"].active
    assert by_code["B02"].active and not by_code["C01"].active
    codes = [q.code for q in c.list_questions(bank)]
    assert codes.index("A99") == codes.index("A09") + 1  # at the end of its category
    assert "A99" in [q.code for q in c.list_questions(bank, q="tynrsq")]  # 太阳能热水器


def test_bad_rows_are_reported_by_line_and_nothing_is_saved(bank, tmp_path):
    before = snapshot(bank)
    path = write_sheet(tmp_path / "bad.xlsx", [
        ["A01", "人口与户籍", "改过的问题？", "", "每个屯组", "在用"],          # line 2: fine
        ["Z01", "天气", "明天下雨吗？", "", "每个屯组", "在用"],              # 3: unknown category
        ["Z02", "人口与户籍", "", "", "每个屯组", "在用"],                   # 4: empty text
        [None, None, None, None, None, None],                              # 5: blank, skipped
        ["a01", "人口与户籍", "又一个A01？", "", "每个屯组", "在用"],         # 6: duplicate of line 2
        ["Z03", "人口与户籍", "范围不对？", "", "每个村", "在用"],             # 7: bad scope
        ["Z04", "人口与户籍", "状态不对？", "", "全村一次", "作废"],           # 8: bad status
        ["Z 5", "人口与户籍", "编号不对？", "", "", ""],                     # 9: bad code
        ["Z06", "人口与户籍", "长" * 301, "", "", ""],                      # 10: too long
        ["Z07", "人口与户籍", "这一行是好的？", "", "全村一次", "在用"],        # 11: fine
    ])
    plan = plan_bank_import(bank, path)
    assert not plan.ok
    assert [(p.line, p.column) for p in plan.problems] == [
        (3, "类别"), (4, "问题"), (6, "编号"), (7, "范围"), (8, "状态"), (9, "编号"), (10, "问题")]
    assert "第2行" in plan.problems[2].reason and "天气" in plan.problems[0].reason
    assert str(plan.problems[0]).startswith("第 3 行“类别”：")
    assert all(type(p) is RowError for p in plan.problems)  # one error-row class for both imports
    assert [r.line for r in plan.rows] == [2, 11]
    assert "7处问题" in plan.summary()
    with pytest.raises(DataError) as err:
        apply_bank_import(bank, plan)
    assert "第3、4、6、7、8、9、10行" in err.value.message
    assert snapshot(bank) == before


def test_missing_header_and_unreadable_files(bank, tmp_path):
    path = write_sheet(tmp_path / "noheader.xlsx", [["A01", "人口与户籍"]], header=["编号", "类别", "备注"])
    plan = plan_bank_import(bank, path)
    assert [(p.line, p.column) for p in plan.problems] == [(1, "问题")]
    empty = write_sheet(tmp_path / "empty.xlsx", [])
    assert [p.line for p in plan_bank_import(bank, empty).problems] == [2]
    not_xlsx = tmp_path / "bank.xlsx.txt"
    not_xlsx.write_text("编号,类别\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        plan_bank_import(bank, not_xlsx)
    assert err.value.field == "path" and ".xlsx" in err.value.message
    with pytest.raises(DataError):
        plan_bank_import(bank, tmp_path / "missing.xlsx")


def test_save_questions_is_all_or_nothing(bank):
    before = snapshot(bank)
    with pytest.raises(DataError):
        c.save_questions(bank, [
            dict(code="Z01", category="人口与户籍", text="第一行是好的？", scope="hamlet"),
            dict(code="Z02", category="人口与户籍", text="", scope="hamlet"),
        ])
    assert snapshot(bank) == before
