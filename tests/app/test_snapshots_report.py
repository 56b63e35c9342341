"""Snapshot of F5 at 80x24 (looked at before it was accepted)."""

from __future__ import annotations

from db.demo.village import add_demo_village
from desk.app import make_app
from tests.app.helpers import TODAY, settle


def test_report_screen(snap_compare, db_path):
    from db.demo.register import add_demo_cases
    from db.schema import open_database

    engine = open_database(db_path)
    add_demo_village(engine)
    add_demo_cases(engine, TODAY, count=120)

    async def before(pilot):
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot, 5)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=(80, 24), run_before=before)
