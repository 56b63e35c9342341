"""Importing a spreadsheet register: real .xlsx and .csv files with good and bad rows."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from db.models import AuditEntry, Dispute, Party
from db.register.case import get_case
from db.register.query import DisputeFilter, list_disputes
from db.session import DataError
from forms.register_import import (
    COLUMNS,
    apply_import,
    normalise_header,
    plan_import,
    write_template,
)
from forms.validate import id_check_char


def make_id(born: str, order: str = "123") -> str:
    first17 = f"459900{born}{order}"
    return first17 + id_check_char(first17)


ID_A = make_id("19800101")
ID_B = make_id("19750505", "456")

HEADER = list(COLUMNS) + ["备注"]
GOOD = [
    # 受理日期, 纠纷类型, 屯组, 申请人, 申请人电话, 申请人身份证号, 被申请人, 被申请人电话, 被申请人身份证号,
    # 纠纷简要情况, 调解员, 调解结果, 结案日期, 涉及金额, 涉及人数, 备注
    [date(2025, 3, 5), "邻里", "一组", "曾小明", "13907711111", ID_A, "黄大伟", "", "",
     "因排水沟积水发生争执", "钱调解", "调解成功", date(2025, 3, 20), "1200", "2", "x"],
    ["2025年4月1日", "邻里纠纷", "二组", "韦秀英、韦建国", "13907712222、13907713333", "", "李四", "0771-1234567",
     ID_B, "宅基地滴水位", "孙主任、赵书记", "", "", "1.2万", "", ""],
    ["2025-05-06", "合同", "", "梁美玲", "", "", "", "", "", "货款结算", "", "失败", "2025-05-30", "", "3", ""],
]
BAD = [
    # line 5: unknown type, bad phone
    ["2025-06-01", "打架", "一组", "陆军", "12345", "", "", "", "", "", "", "", "", "", "", ""],
    # line 6: no applicant, unknown hamlet, unknown mediator
    ["2025-06-02", "邻里", "五组", "", "", "", "", "", "", "", "王五", "", "", "", "", ""],
    # line 7: closed before accepted, result text unknown, bad ID
    ["2025-06-03", "邻里", "一组", "蓝花", "", "450102198501011235", "", "", "", "", "", "看情况", "2025-05-01", "", "", ""],
    # line 8: bad date, negative amount
    ["26/3/5", "邻里", "一组", "农丽", "", "", "", "", "", "", "", "", "", "-5", "", ""],
]


def write_xlsx(path, header, rows, title=None):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def count(engine, model) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()[0]


def test_dry_run_reports_every_bad_row_with_line_and_column(engine, tmp_path):
    path = write_xlsx(tmp_path / "台账.xlsx", HEADER, GOOD + BAD)
    before = count(engine, AuditEntry)
    plan = plan_import(engine, path)
    assert [r.line for r in plan.rows_ok] == [2, 3, 4]
    assert plan.ignored_headers == ["备注"]
    where = {(e.line, e.column) for e in plan.errors}
    assert {(5, "纠纷类型"), (5, "申请人电话"), (6, "申请人"), (6, "屯组"), (6, "调解员"), (7, "结案日期"),
            (7, "调解结果"), (7, "申请人身份证号"), (8, "受理日期"), (8, "涉及金额")} <= where
    assert {e.line for e in plan.errors} == {5, 6, 7, 8}
    unknown_type = next(e for e in plan.errors if e.column == "纠纷类型")
    assert "婚姻家庭" in unknown_type.reason and "打架" in unknown_type.reason  # says which names exist
    unknown_hamlet = next(e for e in plan.errors if e.column == "屯组")
    assert "一组" in unknown_hamlet.reason
    assert count(engine, Dispute) == 0 and count(engine, AuditEntry) == before  # nothing written


def test_planned_rows_carry_the_values(engine, tmp_path):
    plan = plan_import(engine, write_xlsx(tmp_path / "a.xlsx", HEADER, GOOD))
    first, second, third = plan.rows_ok
    assert first.data["status"] == "succeeded" and first.data["closed_on"] == date(2025, 3, 20)
    assert first.data["amount_fen"] == 120000 and first.data["people_involved"] == 2
    assert first.parties[0] == {"role": "applicant", "name": "曾小明", "phone": "13907711111",
                                "id_number": ID_A, "hamlet_id": 1}
    assert second.data["accepted_on"] == date(2025, 4, 1)
    assert second.data["status"] == "mediating"  # blank result with a mediator: being mediated
    assert second.data["other_mediators"] == "赵书记" and second.data["amount_fen"] == 1_200_000
    assert [p["name"] for p in second.parties] == ["韦秀英", "韦建国", "李四"]
    assert second.parties[1]["phone"] == "13907713333"
    assert second.parties[2] == {"role": "respondent", "name": "李四", "phone": "0771-1234567",
                                 "id_number": ID_B, "hamlet_id": 2}
    assert third.data["status"] == "failed" and third.data["hamlet_id"] is None
    assert third.data["presiding_id"] is None


def test_apply_adds_all_rows_in_one_go(engine, tmp_path):
    plan = plan_import(engine, write_xlsx(tmp_path / "a.xlsx", HEADER, GOOD))
    ids = apply_import(engine, plan)
    assert len(ids) == 3
    page = list_disputes(engine, DisputeFilter())
    assert page.total == 3
    assert [r.number for r in sorted(page.rows, key=lambda r: r.accepted_on)] == [
        "(2025)青调字第001号", "(2025)青调字第002号", "(2025)青调字第003号"]
    case = get_case(engine, ids[0])
    assert case.dispute.summary == "因排水沟积水发生争执" and case.presiding_name == "钱调解"
    assert [p.party.name for p in case.parties] == ["曾小明", "黄大伟"]
    assert list_disputes(engine, DisputeFilter(q="zxm")).total == 1  # initials were filled
    assert count(engine, Party) == 6


def test_apply_is_refused_while_the_plan_has_errors(engine, tmp_path):
    plan = plan_import(engine, write_xlsx(tmp_path / "a.xlsx", HEADER, GOOD + BAD))
    with pytest.raises(DataError, match="一行也没有导入"):
        apply_import(engine, plan)
    assert count(engine, Dispute) == 0


def test_apply_adds_none_when_a_row_fails_at_the_database(engine, tmp_path):
    plan = plan_import(engine, write_xlsx(tmp_path / "a.xlsx", HEADER, GOOD))
    plan.rows_ok[2].data["type_id"] = 999  # e.g. a type removed between the dry run and --apply
    before = count(engine, AuditEntry)
    with pytest.raises(DataError) as err:
        apply_import(engine, plan)
    assert "第 4 行" in err.value.message
    assert count(engine, Dispute) == 0 and count(engine, Party) == 0
    assert count(engine, AuditEntry) == before


def test_importing_the_same_file_twice_flags_duplicates(engine, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", HEADER, GOOD)
    apply_import(engine, plan_import(engine, path))
    again = plan_import(engine, path)
    assert [d.line for d in again.duplicates] == [2, 3, 4]
    assert apply_import(engine, again) == []  # duplicates are skipped unless asked
    assert count(engine, Dispute) == 3


def test_title_line_full_width_and_spaced_headers(engine, tmp_path):
    header = ["受理 日期", "纠纷类型", "屯组（必填）", "申请人姓名", "涉及金额（元）", "ＸＹＺ"]
    rows = [["2025-01-02", "邻里", "一组", "蓝天", "300"]]
    plan = plan_import(engine, write_xlsx(tmp_path / "a.xlsx", header, rows, title="青石村矛盾纠纷调解台账"))
    assert plan.header_line == 2 and plan.errors == []
    assert plan.rows_ok[0].line == 3 and plan.rows_ok[0].data["amount_fen"] == 30000
    assert plan.ignored_headers == ["ＸＹＺ"]
    assert normalise_header("被申请人 身份证号") == "被申请人身份证号"
    assert normalise_header("＊受理日期：") == "受理日期"


def test_id_number_stored_as_a_number_gets_a_hint(engine, tmp_path):
    rows = [["2025-01-02", "邻里", "一组", "蓝天", "", 450102198501011234]]
    plan = plan_import(engine, write_xlsx(tmp_path / "a.xlsx", HEADER[:6], rows))
    assert [(e.line, e.column) for e in plan.errors] == [(2, "申请人身份证号")]
    assert "文本" in plan.errors[0].reason


def test_missing_required_column_is_refused(engine, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ["受理日期", "屯组", "申请人"], [["2025-01-02", "一组", "蓝天"]])
    with pytest.raises(DataError, match="纠纷类型"):
        plan_import(engine, path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_both_encodings(engine, tmp_path, encoding):
    lines = ["受理日期,纠纷类型,屯组,申请人,申请人电话,纠纷简要情况,调解结果",
             "2025-02-03,婚姻家庭,三组,覃美,13907714444,\"赡养费，分摊\",撤回",
             ",,,,,,",
             "2025-02-04,没有这类,三组,覃丽,,,"]
    path = tmp_path / "a.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    plan = plan_import(engine, path)
    assert [r.line for r in plan.rows_ok] == [2]
    assert plan.rows_ok[0].data["status"] == "withdrawn"
    assert plan.rows_ok[0].data["summary"] == "赡养费，分摊"
    assert [(e.line, e.column) for e in plan.errors] == [(4, "纠纷类型")]


def test_csv_line_numbers_follow_cells_that_span_lines(engine, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("受理日期,纠纷类型,申请人,纠纷简要情况\n"
                    "2025-02-03,邻里,覃美,\"第一行\n第二行\"\n"
                    "2025-02-04,邻里,,\n", encoding="utf-8")
    plan = plan_import(engine, path)
    assert plan.rows_ok[0].data["summary"] == "第一行\n第二行"
    assert [(e.line, e.column) for e in plan.errors] == [(4, "申请人")]


def test_unreadable_files_are_refused_in_chinese(engine, tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError, match="另存为"):
        plan_import(engine, tmp_path / "old.xls")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(DataError, match="无法打开"):
        plan_import(engine, tmp_path / "broken.xlsx")
    with pytest.raises(DataError, match="找不到"):
        plan_import(engine, tmp_path / "none.xlsx")


def test_template_round_trip(engine, tmp_path):
    path = write_template(tmp_path / "模板.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["J"].width == 40  # 纠纷简要情况
    plan = plan_import(engine, path)
    assert plan.rows_ok == [] and plan.errors == [] and plan.ignored_headers == []
    # Filled in by a clerk, it imports.
    sheet.append([date(2025, 7, 1), "邻里", "四组", "莫兰", "13907715555", ID_A])
    book.save(path)
    plan = plan_import(engine, path)
    assert plan.errors == [] and plan.rows_ok[0].parties[0]["id_number"] == ID_A
