"""No exported cell is a formula; text reads back exactly as stored; numbers stay numbers.

Every xlsx the program writes goes through forms.render.xlsx.set_value. Hostile text (from
tests/hostile.py, plus the starts OWASP names: = + - @ tab) is written through every export
(a table sheet, normal and streamed; the register export; the question bank; the monthly
report), read back with openpyxl, and the raw sheet XML is searched for a formula element.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.checklist import questions as c
from db.register.write import create_dispute
from db.settings.village import list_types
from forms.question_bank_io import export_bank
from forms.register_export import export_register
from forms.render.xlsx import Number, new_workbook, save_workbook, set_value, table_sheet
from tests.hostile import storable_text

STARTS = ["=", "+", "-", "@", "\t", "=1+1", "=HYPERLINK(\"http://x\",\"点我\")", "=cmd|' /C calc'!A0",
          "-2+3", "+SUM(A1:A9)", "@SUM(A1)", "#N/A", "#DIV/0!", "=\t", " =1"]
# Text as a form would store it (no control characters), often with a risky start.
risky = st.one_of(
    storable_text(),
    st.tuples(st.sampled_from(STARTS), storable_text()).map("".join),
    st.sampled_from(STARTS),
)
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def no_formula_xml(path: Path) -> None:
    """No <f> element in any sheet of the file (what Excel would evaluate)."""
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        for name in sheets:
            assert not FORMULA.search(z.read(name)), name


def cells(wb) -> list:
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def texts_found(path: Path, wanted: list[str]):
    """Every wanted text is some cell's exact value, as a string cell, and no cell is a formula.
    Returns the workbook as openpyxl read it (read once, for the caller's own checks)."""
    no_formula_xml(path)
    wb = openpyxl.load_workbook(path)
    found = {}
    for cell in cells(wb):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert cell.data_type == "s", (cell.coordinate, cell.value)
            found.setdefault(cell.value, cell)
    for text in wanted:
        assert text in found, text
        if text.startswith(("=", "+", "-", "@", "\t")):  # Excel keeps it text when edited
            assert found[text].quotePrefix, text
    return wb


def test_set_value_keeps_types():
    wb = new_workbook()
    ws = wb.create_sheet("x")
    values = ["=1+1", "#N/A", "", 0, 3, 2.5, date(2026, 3, 5), Number(0.25, "0.0%"), True, None, "a\x01b", "a\r\nb"]
    for i, v in enumerate(values, 1):
        set_value(ws.cell(1, i), v)
    got = [c.value for c in ws[1]]
    assert got[:3] == ["=1+1", "#N/A", None]
    assert [c.data_type for c in ws[1]][:2] == ["s", "s"]
    assert got[3:6] == [0, 3, 2.5] and got[7] == 0.25 and ws.cell(1, 8).number_format == "0.0%"
    assert got[8] == "是" and got[9] is None
    assert got[10] == "a\ufffdb"  # a character XML cannot hold is shown, not a crash
    assert got[11] == "a\nb"


@pytest.mark.parametrize("streamed", [False, True])
@SETTINGS
@given(texts=st.lists(risky, min_size=1, max_size=6))
def test_table_sheet_text_is_text(tmp_path_factory, streamed, texts):
    path = tmp_path_factory.mktemp("t") / "t.xlsx"
    wb = new_workbook(streamed=streamed)
    rows = [[t, i, float(i) + 0.5, Number(i / 10, "0.0%")] for i, t in enumerate(texts)]
    table_sheet(wb, "表", texts[0], ["文字", "数", "金额", "比例"], rows, note=texts[-1],
                widths=[20, 8, 8, 8] if streamed else None)
    save_workbook(wb, path)
    ws = texts_found(path, texts).worksheets[0]
    head = 3  # title, note, header
    for i, t in enumerate(texts):
        row = [cell for cell in ws[head + 1 + i]]
        assert row[0].value == t and row[0].data_type == "s"
        assert row[1].value == i and row[1].data_type == "n"
        assert row[2].value == pytest.approx(i + 0.5) and row[2].data_type == "n"
        assert row[3].value == pytest.approx(i / 10) and row[3].number_format == "0.0%"


@SETTINGS
@given(texts=st.lists(risky, min_size=1, max_size=4))
def test_register_export_text_is_text(engine, tmp_path_factory, texts):
    type_id = list_types(engine, active_only=True)[0].id
    for t in texts:
        name = t.strip()[:50] or "张三"
        create_dispute(engine, dict(accepted_on=date(2026, 3, 5), type_id=type_id, summary=t[:2000]),
                       [dict(role="applicant", name=name), dict(role="third", name=name)])
    path = tmp_path_factory.mktemp("r") / "台账.xlsx"
    count = export_register(engine, path)
    assert count >= len(texts)
    ws = texts_found(path, [t[:2000] for t in texts] + [t.strip()[:50] for t in texts if t.strip()]).worksheets[0]
    people = [row[13].value for row in ws.iter_rows(min_row=4)]
    assert all(isinstance(p, int) for p in people)  # 涉及人数 is a number


@SETTINGS
@given(texts=st.lists(risky, min_size=1, max_size=4, unique=True))
def test_question_bank_export_text_is_text(engine, tmp_path_factory, texts):
    c.load_default_bank(engine)
    category = c.categories(engine)[0]
    rows = [dict(code=f"Z{i:02d}", category=category, text=t.strip()[:300] or "问", hint=t[:300],
                 scope="hamlet", active=True) for i, t in enumerate(texts)]
    c.save_questions(engine, rows)
    path = export_bank(engine, tmp_path_factory.mktemp("q") / "问题库.xlsx")
    stored = {q.code: q for q in c.list_questions(engine, include_retired=True)}
    texts_found(path, [stored[r["code"]].text for r in rows] + [stored[r["code"]].hint for r in rows
                                                                 if stored[r["code"]].hint])


@pytest.fixture
def october(engine):
    """The small village's October figures, worked out once per test (not per example)."""
    from db.stats.figures import monthly_figures

    return monthly_figures(engine, "2026-10", today=date(2026, 11, 5))


@SETTINGS
@given(village=risky, parties=risky, hamlet=risky)
def test_monthly_report_text_is_text(october, tmp_path_factory, village, parties, hamlet):
    from db.stats.model import OpenCase
    from forms.monthly_report import render_report

    fig = october
    case = OpenCase(1, "(2026)青调字第001号", hamlet, "邻里", parties, parties, "", date(2026, 10, 1),
                    date(2026, 10, 31), 3, "accepted")
    fig = dataclasses.replace(fig, village=village, open_cases=[case])
    path = render_report(fig, "xlsx", tmp_path_factory.mktemp("m") / "月报.xlsx", village=village)
    sheet = texts_found(path, [parties, hamlet])["在办案件"]
    assert sheet["I4"].value == 3 and sheet["I4"].data_type == "n"  # 逾期天数 is a number
    assert sheet["A1"].value.startswith(village)


def test_no_workbook_is_made_outside_the_one_writer():
    """Every xlsx is made by forms.render.xlsx.new_workbook, whose cells go through set_value."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for package in ("forms", "desk", "db"):
        for path in (root / package).rglob("*.py"):
            if path.name == "xlsx.py" and path.parent.name == "render":
                continue
            source = path.read_text(encoding="utf-8")
            if re.search(r"\bWorkbook\(|import Workbook\b|\bWriteOnlyCell\b", source):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
