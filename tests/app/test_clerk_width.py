"""Lists use the terminal's width (issue 12): at 100 or 200 columns names widen; cut text ends
with …; 等N人 is never cut off."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from db.register.write import create_dispute
from desk.app import make_app
from desk.widgets.table import Tail
from desk.widgets.text import visible
from tests.app.helpers import TODAY, screen_text, settle
from tests.hostile import hostile_text

LONG = "阿卜杜热合曼·买买提依明"


def _case(engine):
    create_dispute(engine, dict(accepted_on=date(2026, 11, 20), type_id=1, summary="宅基地边界"),
                   [dict(name=LONG, role="applicant"), dict(name="曾四", role="respondent"),
                    dict(name="王五", role="respondent")])


@pytest.mark.parametrize("width", [80, 100, 200])
async def test_the_register_widens_names_and_never_cuts_the_count(db_path, engine, width):
    _case(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one("#register-table")
        parties = table.columns["parties"].width
        shown = screen_text(app)
        line = next(row for row in shown.splitlines() if "等3人" in row)
        assert cell_len(line.rstrip()) <= width
        assert parties >= {80: 11, 100: 18, 200: 50}[width]
        if width == 80:
            assert parties <= 13 and "…等3人" in line and LONG not in line
        if width == 200:
            assert f"{LONG}等3人" in line  # the whole name at 200 columns


@settings(max_examples=40, deadline=None)
@given(head=hostile_text(), n=st.integers(2, 999), width=st.integers(4, 40))
def test_a_tail_cell_keeps_its_count_and_fits(head, n, width):
    tail = f"等{n}人"
    head = visible(head)  # control codes never reach a cell: Tail shows them as U+FFFD
    text = Tail(head, tail).fitted(width)
    assert text.endswith(tail)
    if cell_len(head + tail) <= width:
        assert text == head + tail
    else:
        assert "…" in text and cell_len(text) <= max(width, cell_len(tail) + 1)


@pytest.mark.parametrize("width", [80, 200])
async def test_the_question_bank_widens_its_questions(db_path, engine, width):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        table = app.screen.query_one("#bank-table")
        text_width = table.columns["text"].width
        shown = screen_text(app)
        rows = [row for row in shown.splitlines() if "各组" in row or "各户" in row]
        assert rows
        if width == 80:
            assert text_width < 60 and any("…" in row for row in rows)
        else:
            assert text_width > 150 and not any("…" in row for row in rows)
