"""Snapshots of 村事百晓 at 80x24: the matrix, a cell's detail and its answer form, the
follow-up items and the question bank. Each PNG was looked at before it was accepted."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from textual.widgets import DataTable

from db.demo.village import add_demo_village
from db.engine import dispose_engine
from desk.app import make_app
from tests.app.helpers import TODAY, settle

SIZE = (80, 24)
# In the demo's current round, question I01 (row 74) x 新寨屯 (column 6: code, question, 全村,
# 大塘屯 ...) became case (2026)青调字第127号. Keys move there in test_checklist.py; here the
# cursor is put there directly to keep the snapshot quick.
CASE_CELL = (74, 6)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    """The demo village with its cases and three checklist rounds, audit times fixed; built
    once (about 15 s) and copied for each snapshot."""
    import db.audit
    from db.demo.checklist import add_demo_checklist
    from db.demo.register import add_demo_cases
    from db.schema import open_database

    path = tmp_path_factory.mktemp("checklist-demo") / "demo.db"
    with db.audit.audit_clock(lambda: datetime(2026, 11, 28, 9, 30)):
        engine = open_database(path)
        add_demo_village(engine)
        add_demo_cases(engine, TODAY)
        add_demo_checklist(engine, TODAY)
    dispose_engine(path)  # checkpoints the WAL: the file alone is the whole database
    return path


@pytest.fixture
def demo_db(db_path, demo_template):
    shutil.copyfile(demo_template, db_path)
    return db_path


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
