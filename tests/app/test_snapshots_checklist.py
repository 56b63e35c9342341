"""Snapshots of 村事百晓 at 80x24: the matrix, a cell's detail and its answer form, the
follow-up items and the question bank. Each PNG was looked at before it was accepted."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from desk.app import make_app
from tests.app.helpers import TODAY, settle
from tests.conftest import copy_template, demo_with_checklist

SIZE = (80, 24)
# In the demo's current round, question I01 (row 74) x 新寨屯 (column 6: code, question, 全村,
# 大塘屯 ...) became case (2026)青调字第127号. Keys move there in test_checklist.py; here the
# cursor is put there directly to keep the snapshot quick.
CASE_CELL = (74, 6)


@pytest.fixture
def demo_db(db_path, db_template):
    """The demo village with its cases and three checklist rounds, audit times fixed; built
    once per test process (about 15 s; the cases come from the conftest's template) and
    copied for each snapshot."""
    return copy_template(demo_with_checklist(db_template), db_path)


def _keys(*keys, cell: tuple[int, int] | None = None):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        if cell is not None:
            pilot.app.screen.query_one(DataTable).move_cursor(row=cell[0], column=cell[1])
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    return before


def test_checklist_matrix(snap_compare, demo_db):
    before = _keys("pagedown")  # rows B02-C03: some need action (！), some were acted on (→)
    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=SIZE, run_before=before)


def test_checklist_cell_with_case(snap_compare, demo_db):
    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=SIZE, run_before=_keys(cell=CASE_CELL))


def test_checklist_answer_form(snap_compare, demo_db):
    before = _keys("enter", cell=CASE_CELL)
    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=SIZE, run_before=before)


def test_checklist_items(snap_compare, demo_db):
    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=SIZE, run_before=_keys("i"))


def test_checklist_bank(snap_compare, demo_db):
    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=SIZE, run_before=_keys("b"))
