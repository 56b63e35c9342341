"""Snapshots of F6 备份与恢复 at 80x24. Each SVG was looked at (as PNG) before it was accepted.

Regenerate after a deliberate change with:
pytest tests/app/test_snapshots_backup.py --snapshot-update, and look at every changed SVG.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import desk.screens.backup.screen as backup_screen
from db.backup import auto_backup, make_backup
from db.backup.drives import Drive
from desk.app import make_app
from tests.app.helpers import TODAY, settle

SIZE = (80, 24)


@pytest.fixture
def with_backups(db_path, engine, tmp_path, monkeypatch):
    """A stick plugged in, one backup on an earlier stick, one automatic backup (fixed times).

    The working folder is tmp_path so the stick backup is remembered by a short relative path.
    """
    monkeypatch.chdir(tmp_path)
    Path("old-stick").mkdir()
    make_backup(db_path, Path("old-stick"), passphrase="qingshi2026",
                clock=lambda: datetime(2026, 11, 20, 9, 30))
    auto_backup(db_path, clock=lambda: datetime(2026, 11, 27, 17, 45))
    monkeypatch.setattr(backup_screen, "removable_drives",
                        lambda: [Drive(Path("/media/clerk/KINGSTON"), "KINGSTON", 14_200_000_000)])
    return db_path


def test_backup_screen(snap_compare, with_backups):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)

    assert snap_compare(make_app(with_backups, today=TODAY), terminal_size=SIZE, run_before=before)


def test_encrypted_backup_needs_its_passphrase(snap_compare, with_backups):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # the folder, 加密, the list of backups
        await pilot.press("down", "r")  # the stick backup (the automatic one is newer)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(with_backups, today=TODAY), terminal_size=SIZE, run_before=before)
