"""The statistics table (人民调解工作统计表) in the monthly report: every standard type a numeric
column (zeros included), the rate's formula and the counting basis on the page, signature lines,
numbers in the xlsx; headings never alone at a page's foot; no page of only signatures; the
check line counts the figures changed since the month was finalised."""

from __future__ import annotations

import re

import openpyxl
import pytest
from sqlalchemy import text

from db.models.register import DEFAULT_TYPES
from db.stats.figures import monthly_figures
from db.stats.finalise import finalise_month
from db.stats.table import RATE_FORMULA, add_rows, columns, statistics_row
from forms import monthly_report
from forms.monthly_report import blocks, render_report
from forms.report_parts import Block
from forms.statistics_table import notes
from tests.db.stats_dataset import TODAY
from tests.forms.pdftools import pdf_text

MONTH = "2026-10"
HEADING = re.compile(r"^\s*(十[一二三四]?|[一二三四五六七八九])、")


@pytest.fixture
def data(stats_data):
    """tests/db/stats_dataset.py's data on the test's own copy (built once: tests/forms/conftest.py)."""
    return stats_data


@pytest.fixture
def shared_data(stats_shared):
    """The same data, read-only, shared."""
    return stats_shared.engine


@pytest.fixture
def fig(stats_fig):
    """monthly_figures of October of that data, worked out once (read-only)."""
    assert stats_fig.month == MONTH
    return stats_fig


def test_every_standard_type_is_a_column_and_counts_agree_with_sql(shared_data, fig):
    data = shared_data
    row = statistics_row(fig)
    keys = [c.key for c in columns()]
    assert [k[5:] for k in keys if k.startswith("type.")] == list(DEFAULT_TYPES)
    with data.connect() as conn:
        by_sql = dict(conn.execute(text(
            "SELECT t.name, count(*) FROM dispute d JOIN dispute_type t ON t.id = d.type_id "
            "WHERE d.voided = 0 AND d.accepted_on BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY t.name")).all())
    for name in DEFAULT_TYPES:
        assert row.values[f"type.{name}"] == by_sql.get(name, 0)
    assert 0 in [row.values[f"type.{t}"] for t in DEFAULT_TYPES]  # zeros are columns too
    assert sum(row.values[f"type.{t}"] for t in DEFAULT_TYPES) == row.values["accepted"] == fig.counts.accepted
    assert row.values["prevented"] == fig.checklist["items_closed"]


def test_rows_add_up_and_the_rate_is_worked_out_from_the_sums(fig):
    a = statistics_row(fig)
    total = add_rows([a, a, a])
    for col in columns():
        assert total.values[col.key] == pytest.approx(3 * a.values[col.key])
    assert total.success_rate == a.success_rate  # same ratio, computed, never added


def test_pdf_states_formula_basis_and_signature_lines(fig, stats_report_pdf, stats_shared):
    out = stats_report_pdf  # render_report(fig, "pdf", out), once per process
    words = "".join(stats_shared.text(out, layout=False).split())
    for phrase in ("人民调解工作统计表", "统计口径：按受理月份统计", "预防纠纷", "填表人：", "负责人：",
                   "单位（盖章）：", "核对：本月月报尚未定稿"):
        assert phrase in words, phrase
    assert "".join(RATE_FORMULA.split()) in words


def test_xlsx_statistics_row_is_numbers(fig, stats_report_xlsx):
    out = stats_report_xlsx  # render_report(fig, "xlsx", out), once per process
    ws = openpyxl.load_workbook(out)["统计表"]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(values) if r and r[0] == "受理合计")
    headers, numbers = values[head], values[head + 1]
    assert headers[1:17] == list(DEFAULT_TYPES)
    row = statistics_row(fig)
    for col, got in zip(columns(), numbers, strict=False):
        assert isinstance(got, (int, float)) and not isinstance(got, bool), (col.label, got)
        assert got == pytest.approx(row.values[col.key])
    assert isinstance(numbers[len(columns())], float)  # the success rate: a number, formatted 0.0%


def test_footer_check_counts_the_changes_since_finalising(data, tmp_path):
    finalise_month(data, MONTH, "李文书", today=TODAY)
    with data.begin() as conn:  # a correction after finalising: two cases of October voided
        conn.execute(text("UPDATE dispute SET voided = 1 WHERE id IN (SELECT id FROM dispute WHERE voided = 0 "
                          "AND accepted_on BETWEEN '2026-10-01' AND '2026-10-31' ORDER BY id LIMIT 2)"))
    fig = monthly_figures(data, MONTH, today=TODAY)
    n = len(fig.final.differences)
    assert n > 0
    out = tmp_path / "r.pdf"
    render_report(fig, "pdf", out)
    words = "".join(pdf_text(out, layout=False).split())
    assert f"定稿后有{n}项数据变化" in words
    assert f"定稿后有{n}项数据变化" in render_report(fig, "text")


def _pages(path) -> list[list[str]]:
    pages = pdf_text(path).split("\f")
    out = []
    for page in pages:
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        lines = [ln for ln in lines if not re.fullmatch(r"第 \d+ 页 共 \d+ 页", ln)
                 and not ln.startswith("青石村矛盾纠纷排查调解工作月报（")]
        if lines:
            out.append(lines)
    return out


def _check_pages(fig, tmp_path, filler_lines: int) -> None:
    content = blocks(fig)
    if filler_lines:
        content.insert(0, Block("para", "\n".join(["（用于移动分页位置的说明文字。）"] * filler_lines)))
    title = monthly_report.title_of(fig)
    doc = monthly_report._pdf(title, "副标题", content, fig)
    out = tmp_path / f"r{filler_lines}.pdf"
    doc.save(out)
    pages = _pages(out)
    for i, lines in enumerate(pages[:-1]):
        assert not HEADING.match(lines[-1]), f"page {i + 1} ends with a heading: {lines[-1]}"
    last = pages[-1]
    signing = re.compile(r"^(填表人|负责人|单位（盖章）|年\s*月\s*日|核对：|本月月报|项数据变化|[年月日\s]+$)")
    assert any(not signing.match(ln) for ln in last), f"the last page holds only signatures: {last}"


@pytest.mark.parametrize("filler", [0, 17, 33])
def test_headings_never_alone_at_a_page_foot(fig, tmp_path, filler):
    _check_pages(fig, tmp_path, filler)


@pytest.mark.slow
def test_headings_never_alone_sweep(fig, tmp_path):
    for filler in range(1, 48, 2):
        _check_pages(fig, tmp_path, filler)


def test_basis_by_closing_counts_the_cases_closed_in_the_month(shared_data, fig):
    data = shared_data
    with data.connect() as conn:
        row = statistics_row(fig, conn, basis="closed")
        closed = conn.execute(text(
            "SELECT t.name, d.status FROM dispute d JOIN dispute_type t ON t.id = d.type_id "
            "WHERE d.voided = 0 AND d.closed_on BETWEEN '2026-10-01' AND '2026-10-31'")).all()
    assert closed, "the dataset closes cases in October"
    assert row.values["accepted"] == len(closed)
    for name in DEFAULT_TYPES:
        assert row.values[f"type.{name}"] == sum(1 for t, _ in closed if t == name)
    for status in ("succeeded", "failed", "referred", "withdrawn"):
        assert row.values[status] == sum(1 for _, s in closed if s == status)
    assert "按结案统计" in "".join(notes(row))
    assert row.values["concluded"] == fig.counts.concluded  # the rest stays as in the report
