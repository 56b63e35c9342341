"""forms.render.text.table lays out plain cells itself (F5's report on 600 open cases: tabulate
inferred a type for every cell); its text must be tabulate's, character for character, for every
input. Anything it does not lay out itself goes to tabulate."""

from __future__ import annotations

from datetime import date

import tabulate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.render import text as t
from tests.hostile import hostile_text

ALIGNS = st.sampled_from(["L", "R", "C"])
CELL = st.one_of(hostile_text(max_size=4, control=True), st.integers(-10**6, 10**9),
                 st.floats(allow_nan=False, allow_infinity=False, width=32), st.none(),
                 st.dates(), st.just(""), st.just("  两头空格  "), st.just("\u3000全角空格\u3000"))


def reference(headers, rows, aligns):
    colalign = None
    if aligns:
        colalign = ["right" if a == "R" else "center" if a == "C" else "left" for a in aligns]
    body = [["" if v is None else v for v in row] for row in rows] or [["（无）"] + [""] * (len(headers) - 1)]
    return tabulate.tabulate(body, headers=list(headers), tablefmt="simple", colalign=colalign,
                             disable_numparse=True)


@st.composite
def tables(draw):
    n = draw(st.integers(1, 5))
    headers = draw(st.lists(hostile_text(max_size=3), min_size=n, max_size=n))
    rows = draw(st.lists(st.lists(CELL, min_size=n, max_size=n), max_size=6))
    aligns = draw(st.one_of(st.none(), st.lists(ALIGNS, min_size=n, max_size=n)))
    return headers, rows, aligns


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_the_table_is_tabulates_for_every_input(case):
    headers, rows, aligns = case
    assert t.table(headers, rows, aligns=aligns) == reference(headers, rows, aligns)


def test_the_reports_own_cells_are_laid_out_here_not_by_tabulate(monkeypatch):
    """The fast path is the one taken for the report's kind of cells (a name, a date, a
    number, an empty cell, CJK and a rare character); a control character goes to tabulate."""
    calls = []
    real = tabulate.tabulate
    monkeypatch.setattr(t._tab, "tabulate", lambda *a, **k: calls.append(1) or real(*a, **k))
    rows = [["2026-17", "曾𠮷祥、韦二[/x]", date(2026, 11, 3), 12, None], ["1", "a", "b", 0, 3.5]]
    headers = ["案号", "当事人", "受理日期", "超期天数", "备注"]
    got = t.table(headers, rows, aligns="LLLRC")
    assert calls == []
    assert got == reference(headers, rows, "LLLRC")
    assert "曾𠮷祥、韦二[/x]" in got.splitlines()[2]
    calls.clear()
    hostile = [["韦\x1b[31m二", "x", date(2026, 1, 1), 1, None]]
    got = t.table(headers, hostile)
    assert calls == [1]
    assert got == reference(headers, hostile, None)
