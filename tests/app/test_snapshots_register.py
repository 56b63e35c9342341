"""Snapshots of the register at 80x24: list, case, new-case form. Each was looked at."""

from __future__ import annotations

import pytest

from desk.app import make_app
from tests.app.helpers import TODAY, settle

SIZE = (80, 24)


@pytest.fixture
def demo_db(demo_cases_db):
    """The demo village with its cases, audit times fixed so the history reads the same
    (tests/conftest.py: built once, copied for each test)."""
    return demo_cases_db


def test_register_list(snap_compare, demo_db):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=SIZE, run_before=before)


def test_case_screen(snap_compare, demo_db):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)

    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=SIZE, run_before=before)


def test_new_case_form(snap_compare, demo_db):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=SIZE, run_before=before)
