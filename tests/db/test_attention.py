"""The home screen's counts (plain sqlite3) agree with the register's reminders (ORM)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from db.attention import home_data
from db.demo.register import add_demo_cases
from db.register.query import reminders
from tests.db.built_files import copy_built

TODAY = date(2026, 11, 28)

TEXTS = {
    "overdue": "件案件已超过办理期限",
    "due_soon": "件案件 7 天内到期",
    "follow_ups_due": "件案件的回访已到期或 7 天内到期",  # one due visit per case: the latest
    "confirmation_closing": "件案件的调解协议司法确认申请期限",
}


@pytest.fixture
def demo(built, db_path):
    """The small village with 120 demonstration cases (built once, a copy for each test)."""
    path, _ = built("attention-demo", "village",
                    lambda engine, _path: add_demo_cases(engine, TODAY, count=120))
    return copy_built(path, db_path)


def _count(items, needle: str) -> int:
    for item in items:
        if needle in item.text:
            return int(re.match(r"！?·?\s*(\d+)", item.text).group(1))
    return 0


@pytest.mark.parametrize("shift", [0, 20, 45])
def test_home_counts_equal_register_reminders(demo, db_path, shift):
    day = TODAY + timedelta(days=shift)
    home = home_data(db_path, day)
    rem = reminders(demo, day)
    for key, needle in TEXTS.items():
        assert _count(home.items, needle) == rem.totals[key], key
    assert any(rem.totals.values())  # the demo puts something in the lists
    assert home.village["name"] == "青石村"


def test_no_village_means_no_home_data(empty_engine, db_path):
    assert home_data(db_path, date(2026, 11, 28)) is None


@pytest.mark.parametrize("shift", [0, 20])
def test_each_line_carries_exactly_the_records_it_counts(demo, db_path, shift):
    """Enter on a reminder opens its ids: as many as the line says, and each one really is
    overdue / due (checked against the register's own reminders)."""
    day = TODAY + timedelta(days=shift)
    home = home_data(db_path, day)
    rem = reminders(demo, day, limit=10_000)
    listed = {
        "overdue": {r.dispute_id for r in rem.overdue},
        "due_soon": {r.dispute_id for r in rem.due_soon},
        "follow_ups_due": {r.dispute_id for r in rem.follow_ups_due},
        "confirmation_closing": {r.dispute_id for r in rem.confirmation_closing},
    }
    seen = 0
    for item in home.items:
        if item.section in ("register", "checklist") and re.match(r"\d+ (件|项)", item.text):
            assert len(item.ids) == int(item.text.split()[0]), item.text
            assert len(set(item.ids)) == len(item.ids)
        for key, needle in TEXTS.items():
            if needle in item.text:
                assert set(item.ids) == listed[key], key
                seen += 1
    assert seen >= 2
