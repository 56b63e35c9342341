"""One snapshot per screen at 80x24. Each SVG was looked at before it was accepted.

Regenerate after a deliberate change with: pytest tests/app/test_snapshots.py --snapshot-update
and look at every changed SVG (snapshot_report.html) before committing it.
"""

from __future__ import annotations

from desk.app import make_app
from tests.app.helpers import TODAY, settle, type_text

SIZE = (80, 24)


def test_setup_screen(snap_compare, db_path):
    async def before(pilot):
        await settle(pilot)
        await type_text(pilot, "青石村")

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=before)


def test_home_screen(snap_compare, db_path, engine):
    async def before(pilot):
        await settle(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=before)


def test_settings_cadres(snap_compare, db_path, engine):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("right", "right")
        await settle(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=before)


def test_cadre_form_with_error(snap_compare, db_path, engine):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("right", "right")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "阿卜杜·热合曼")
        await pilot.press("tab", "tab")
        await type_text(pilot, "12345")
        await pilot.press("tab")
        await settle(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=before)


def test_help_screen(snap_compare, db_path, engine):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=before)
