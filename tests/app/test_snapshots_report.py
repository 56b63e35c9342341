"""Snapshot of F5 at 80x24 (looked at before it was accepted)."""

from __future__ import annotations

from desk.app import make_app
from tests.app.helpers import TODAY, settle


def test_report_screen(snap_compare, demo_120_db):
    db_path = demo_120_db

    async def before(pilot):
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot, 5)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=(80, 24), run_before=before)
