"""A passphrase of only spaces is refused, in Chinese, on the F6 screen (as on the CLI:
tests/db/test_backup_cli.py) and nothing is written."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Static

import desk.screens.backup.screen as backup_screen
from db.backup import list_backups
from desk.app import make_app
from desk.screens.backup.screen import BackupScreen
from tests.app.helpers import TODAY, settle


async def test_the_screen_refuses_a_passphrase_of_only_spaces(db_path, engine, tmp_path,
                                                              monkeypatch):
    """Eight ASCII spaces, then ten ideographic spaces, typed on one F6 screen (one app start)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(backup_screen, "removable_drives", lambda: [])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BackupScreen)
        screen.query_one("#backup-folder", Input).value = str(stick)
        screen.query_one("#backup-encrypt", Checkbox).value = True
        await settle(pilot)
        error_box = screen.query_one("#backup-pass-error", Static)
        for spaces in (" " * 8, "\u3000" * 10):
            error_box.update("")  # the earlier refusal's words must not count for this one
            screen.query_one("#backup-pass1", Input).value = spaces
            screen.query_one("#backup-pass2", Input).value = spaces
            screen.query_one("#backup-folder", Input).focus()
            await settle(pilot)
            screen.action_backup()
            await settle(pilot, 5)
            assert app.screen is screen, repr(spaces)
            assert "备份密码不能只有空格" in str(error_box.render()), repr(spaces)
            assert app.focused.id == "backup-pass1", repr(spaces)
            assert list_backups(stick) == [] and list(stick.iterdir()) == [], repr(spaces)
