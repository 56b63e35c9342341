"""The fast body of a streamed sheet (forms.render.xlsx_body) against the slow path.

The register export writes its rows as sheet XML directly; every cell must read back (openpyxl)
exactly as the same value written through set_value into an ordinary sheet: value, kind
(string / number), number format, quote prefix, border. Hostile text from tests/hostile.py,
risky starts, characters XML cannot hold, numbers, dates. Progress counts only grow.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.register.columns import REGISTER_COLUMNS, REGISTER_WIDTHS, register_rows
from db.register.filters import matching_ids
from db.register.write import create_dispute
from db.settings.village import list_types
from forms.register_export import export_register
from forms.render.xlsx import Number, new_workbook, save_workbook, table_sheet
from forms.validate import mask_id_number
from tests.forms.test_xlsx_text import STARTS, no_formula_xml
from tests.hostile import hostile_text, storable_text

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
VALUE = st.one_of(
    hostile_text(max_size=8),  # invisible and control characters too: an export never crashes on them
    st.tuples(st.sampled_from(STARTS), storable_text()).map("".join),
    st.sampled_from(STARTS + ["", " ", "  a", "a\r\nb", "a\rb", "<&>", "\x00", "\t", "\u3000x\u3000"]),
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(-1e9, 1e9, allow_nan=False),
    st.dates(date(1900, 3, 1), date(2100, 1, 1)), st.just(Number(0.25, "0.0%")), st.just(Decimal("12.5")),
    st.just(datetime(2026, 3, 5, 14, 30)),
)


def _cells(path, min_row: int) -> list[tuple]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [(c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix, c.border.left.style)
            for row in ws.iter_rows(min_row=min_row) for c in row]


def _both(tmp, rows, headers, note="注", widths=None):
    slow, fast = tmp / "slow.xlsx", tmp / "fast.xlsx"
    wb = new_workbook()
    table_sheet(wb, "表", "标题", headers, rows, note=note)
    save_workbook(wb, slow)
    wb = new_workbook(streamed=True)
    table_sheet(wb, "表", "标题", headers, iter(rows), note=note, widths=widths or [10] * len(headers))
    save_workbook(wb, fast)
    return slow, fast


@SETTINGS
@given(rows=st.lists(st.lists(VALUE, min_size=4, max_size=4), min_size=1, max_size=6))
def test_fast_body_reads_back_as_set_value_writes(tmp_path_factory, rows):
    slow, fast = _both(tmp_path_factory.mktemp("x"), rows, ["甲", "乙", "丙", "丁"])
    no_formula_xml(fast)
    assert _cells(fast, 3) == _cells(slow, 3)  # the header row and every body cell


def test_fast_body_kinds(tmp_path):
    row = ["=1+1", 3, 2.5, date(2026, 3, 5), Number(0.25, "0.0%"), True, None, "", " a ", "a<b&c>", "a\r\nb\x01",
           "\tx", "#N/A", "-2+3", "@SUM(A1)", "王小𠮷"]
    slow, fast = _both(tmp_path, [row], [str(i) for i in range(len(row))])
    got = _cells(fast, 4)
    assert got == _cells(slow, 4)
    values = [c[1] for c in got]
    assert values[:3] == ["=1+1", 3, 2.5] and values[3] == datetime(2026, 3, 5)
    assert values[5:13] == ["是", None, None, " a ", "a<b&c>", "a\nb\ufffd", "\tx", "#N/A"]
    assert [c[4] for c in got][:1] == [True] and got[11][4] and got[13][4] and got[14][4]  # quote prefix
    assert got[2][3] == "#,##0.00" and got[3][3] == "yyyy-mm-dd" and got[4][3] == "0.0%"
    assert all(c[5] == "thin" for c in got)  # empty cells keep the table's borders


def test_fast_body_refuses_what_openpyxl_refuses(tmp_path):
    wb = new_workbook(streamed=True)
    table_sheet(wb, "表", "标题", ["甲"], iter([[object()]]), widths=[10])
    with pytest.raises(ValueError):
        save_workbook(wb, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_progress_counts_grow(tmp_path):
    calls = []
    rows = ([i, f"第{i}行", float(i)] for i in range(2500))
    wb = new_workbook(streamed=True)
    table_sheet(wb, "表", "标题", ["数", "字", "钱"], rows, widths=[8, 8, 8], progress=calls.append)
    save_workbook(wb, tmp_path / "p.xlsx")
    assert calls == [1000, 2000, 2500]
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx", read_only=True).worksheets[0]
    assert sum(1 for _ in ws.iter_rows(min_row=3)) == 2500


@SETTINGS
@given(texts=st.lists(st.one_of(storable_text(), st.tuples(st.sampled_from(STARTS), storable_text()).map("".join)),
                      min_size=1, max_size=4))
def test_register_export_equals_the_slow_path(engine, tmp_path_factory, texts):
    """export_register (fast body) against the same rows through set_value in an ordinary sheet."""
    type_id = list_types(engine, active_only=True)[0].id
    for t in texts:
        name = t.strip()[:50] or "张三"
        create_dispute(engine, dict(accepted_on=date(2026, 3, 5), type_id=type_id, hamlet_id=1, summary=t[:2000],
                                    people_involved=3, amount_fen=12345),
                       [dict(role="applicant", name=name, id_number="110101199003071234", phone="13907711111"),
                        dict(role="respondent", name="李四"), dict(role="third", name=name)])
    tmp = tmp_path_factory.mktemp("r")
    calls = []
    count = export_register(engine, tmp / "fast.xlsx", progress=lambda done, total: calls.append((done, total)))
    rows = list(register_rows(engine, matching_ids(engine), mask_id_number))
    assert count == len(rows) and calls[0] == (0, count) and calls[-1] == (count, count)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    wb = new_workbook()
    table_sheet(wb, "调解台账", "标题", REGISTER_COLUMNS, rows, note="注", widths=REGISTER_WIDTHS)
    save_workbook(wb, tmp / "slow.xlsx")
    assert _cells(tmp / "fast.xlsx", 3) == _cells(tmp / "slow.xlsx", 3)
