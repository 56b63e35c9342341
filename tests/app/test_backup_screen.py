"""F6 备份与恢复 by keys: onto a stick, encrypted, restored; automatic backups; reminders."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, OptionList, Static

import desk.screens.backup.auto as backup_auto
import desk.screens.backup.screen as backup_screen
from db.backup import (
    SAFE_TO_REMOVE,
    BackupError,
    auto_backup,
    auto_folder,
    encrypt_by_default,
    list_backups,
    make_backup,
    verify_backup,
)
from db.backup.drives import Drive
from db.engine import dispose_engine
from db.settings.village import get_village, list_hamlets, rename_hamlet
from desk.app import make_app
from desk.screens.backup.restore import RestoreConfirm, RestoreDialog
from desk.screens.backup.screen import BackupScreen
from desk.screens.common.confirm import ConfirmScreen, MessageScreen
from desk.screens.common.form import FormScreen
from desk.screens.home import HomeScreen
from tests.app.helpers import TODAY, settle, type_text

PASSPHRASE = "qingshi2026"


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def no_drives(monkeypatch):
    monkeypatch.setattr(backup_screen, "removable_drives", lambda: [])


@pytest.fixture
def plugged_in(stick, monkeypatch):
    """The stick shows up as a removable drive (Linux /media or a Windows drive letter)."""
    monkeypatch.setattr(backup_screen, "removable_drives",
                        lambda: [Drive(stick, "KINGSTON", 14_200_000_000)])
    return stick


def _text(pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def _first_hamlet(db_path) -> str:
    from db.schema import open_database

    return list_hamlets(open_database(db_path))[0].name


async def _open_backup(pilot) -> BackupScreen:
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BackupScreen)
    return pilot.app.screen


async def test_backup_onto_the_stick_that_is_plugged_in(db_path, engine, plugged_in):
    stick = plugged_in
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_backup(pilot)
        drives = screen.query_one("#backup-drives", OptionList)
        assert "KINGSTON" in str(drives.get_option_at_index(0).prompt)
        assert app.focused is drives  # a stick is there: Enter backs up onto it
        assert screen.query_one("#backup-folder", Input).value == str(stick)
        await pilot.press("enter")
        await settle(pilot, 6)
        made = list_backups(stick)
        assert len(made) == 1
        result = _text(pilot, "#backup-result")
        assert SAFE_TO_REMOVE in result and made[0].path.name in result
        table = screen.query_one("#backup-list", DataTable)
        assert table.row_count == 1 and app.focused is table
    verified = verify_backup(made[0].path)
    assert verified.village == "青石村" and not verified.encrypted


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
async def test_encrypted_backup_asks_twice_and_refuses_a_mismatch_at_the_field(
    db_path, engine, plugged_in
):
    stick = plugged_in
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_backup(pilot)
        assert app.focused.id == "backup-drives"
        await pilot.press("tab", "tab", "space")  # past the folder to 加密
        assert screen.query_one("#backup-encrypt", Checkbox).value
        await pilot.press("tab")
        assert app.focused.id == "backup-pass1" and app.focused.password
        await type_text(pilot, "short")
        await pilot.press("enter")
        await type_text(pilot, "short")
        await pilot.press("enter")
        await settle(pilot)
        assert "至少输入 8 个字符" in _text(pilot, "#backup-pass-error")
        assert app.focused.id == "backup-pass1"
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("tab", *["backspace"] * 5)
        await type_text(pilot, PASSPHRASE[:-1] + "7")  # one character differs
        await pilot.press("enter")
        await settle(pilot)
        assert "两次输入的密码不一样" in _text(pilot, "#backup-pass-error")
        assert app.focused.id == "backup-pass2" and app.focused.value == ""
        assert list_backups(stick) == []  # nothing written
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot, 8)
        made = list_backups(stick)
        assert len(made) == 1 and made[0].encrypted
        assert "已加密" in _text(pilot, "#backup-result")
        # the passphrase is not kept on the screen
        assert screen.query_one("#backup-pass1", Input).value == ""
    assert verify_backup(made[0].path, passphrase=PASSPHRASE).encrypted


async def test_a_missing_folder_is_said_at_the_folder(db_path, engine, tmp_path, no_drives,
                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short relative path to type
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_backup(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "请在上面选一个U盘" in _text(pilot, "#backup-folder-error")
        assert app.focused.id == "backup-folder"
        await type_text(pilot, "gone")
        await pilot.press("enter")
        await settle(pilot, 5)
        assert "找不到文件夹" in _text(pilot, "#backup-folder-error")
        assert app.focused.id == "backup-folder"


async def test_restore_by_keys_brings_back_the_old_data(db_path, engine, stick, no_drives):
    made = make_backup(db_path, stick)
    rename_hamlet(engine, 1, "大塘屯")  # a change after the backup
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_backup(pilot)
        table = screen.query_one("#backup-list", DataTable)
        assert table.row_count == 1  # the stick backup is remembered
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RestoreDialog)
        assert dialog.query_one("#restore-path", Input).value == str(made.path)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RestoreConfirm)
        assert "安全副本" in app.screen.question
        await pilot.press("enter")  # one Enter too many does not restore
        await settle(pilot)
        assert isinstance(app.screen, RestoreConfirm)
        await pilot.press("y")
        await settle(pilot, 8)
        assert isinstance(app.screen, MessageScreen)
        assert "已从备份" in app.screen.text
        await pilot.press("enter")
        await settle(pilot)
        # the app works on the restored file: settings show the old name again
        await pilot.press("f7", "right")
        await settle(pilot)
        hamlets = app.screen.query_one("#hamlet-table", DataTable)
        assert str(hamlets.get_row_at(0)[1]) == "一组"
        assert get_village(app.engine).name == "青石村"
    safety = list(db_path.parent.glob("village.db.before-restore-*"))
    assert len(safety) == 1
    assert _first_hamlet(db_path) == "一组"


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
async def test_a_wrong_passphrase_goes_back_to_the_field_and_changes_nothing(
    db_path, engine, stick, no_drives
):
    made = make_backup(db_path, stick, passphrase=PASSPHRASE)
    rename_hamlet(engine, 1, "大塘屯")
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_backup(pilot)
        screen.query_one("#backup-folder", Input).focus()
        await pilot.press("tab", "tab")  # the checkbox, then the list
        assert app.focused.id == "backup-list"
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")  # no passphrase yet
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RestoreDialog)
        assert "这个备份是加密的" in str(dialog.query_one("#restore-pass-error", Static).render())
        assert app.focused.id == "restore-pass"
        await type_text(pilot, "wrongpass1")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 8)
        dialog = app.screen
        assert isinstance(dialog, RestoreDialog)  # back where the passphrase is typed
        assert "备份密码不对" in str(dialog.query_one("#restore-pass-error", Static).render())
        assert dialog.query_one("#restore-path", Input).value == str(made.path)
        assert app.focused.id == "restore-pass"
        await pilot.press("escape")
        await settle(pilot)
        assert app.engine is not None  # carrying on with the same file
        assert list_hamlets(app.engine)[0].name == "大塘屯"
    assert not list(db_path.parent.glob("village.db.before-restore-*"))


async def test_automatic_backup_on_exit(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not auto_folder(db_path).exists()
        await pilot.press("ctrl+q")
    made = list_backups(auto_folder(db_path))
    assert len(made) == 1
    assert verify_backup(made[0].path).village == "青石村"


async def test_a_failed_backup_on_exit_is_reported_and_does_not_hold_the_exit(
    db_path, engine, monkeypatch, capsys
):
    def fails(_db_path, **_kw):
        raise BackupError("电脑硬盘空间不足，请删掉电脑上不需要的文件后重试。", "disk full", "no_space")

    monkeypatch.setattr(backup_auto, "auto_backup", fails)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert "退出时自动备份没有做成：电脑硬盘空间不足" in capsys.readouterr().err
    assert app.return_code == 0


async def test_a_hanging_backup_on_exit_is_given_up(db_path, engine, monkeypatch, capsys):
    release = threading.Event()
    monkeypatch.setattr(backup_auto, "auto_backup", lambda _db, **_kw: release.wait(30))
    monkeypatch.setattr(backup_auto, "EXIT_WAIT_SECONDS", 0.5)
    app = make_app(db_path, today=TODAY)
    started = time.monotonic()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
        assert time.monotonic() - started < 15
        assert "用时太长" in capsys.readouterr().err
    finally:
        release.set()


async def test_the_30_minute_backup_runs_only_when_due(db_path, engine):
    app = make_app(db_path, today=TODAY)
    auto = auto_folder(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._auto_backup_tick()  # what set_interval calls every 30 minutes
        await settle(pilot)
        assert len(list_backups(auto)) == 1
        rename_hamlet(app.engine, 1, "大塘屯")
        app._auto_backup_tick()  # changed, but the last one is not 30 minutes old
        await settle(pilot)
        assert len(list_backups(auto)) == 1


async def test_nothing_is_backed_up_on_exit_before_the_village_is_set_up(db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert list_backups(auto_folder(db_path)) == []


async def test_home_warns_when_the_last_stick_backup_is_old(db_path, engine, stick):
    make_backup(db_path, stick, clock=lambda: datetime(2026, 11, 1, 10, 0))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#home-attention", OptionList)
        lines = [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]
        warning = [line for line in lines if "U盘" in line]
        assert warning == ["！ 上次备份到U盘是 2026年11月1日（27 天前），请插上U盘按 F6 备份。"]
        box.focus()
        box.highlighted = lines.index(warning[0])
        await pilot.press("enter")  # the reminder leads to F6
        await settle(pilot)
        assert isinstance(app.screen, BackupScreen)


async def test_home_is_quiet_after_a_recent_stick_backup(db_path, engine, stick):
    make_backup(db_path, stick, clock=lambda: datetime(2026, 11, 25, 10, 0))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#home-attention", OptionList)
        lines = [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]
        assert not [line for line in lines if "U盘" in line]


async def test_encrypt_by_default_is_a_village_setting(db_path, engine, no_drives):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        for _ in range(6):
            await pilot.press("tab")
        assert app.focused.id == "f-backup_encrypt" and not app.focused.value
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert get_village(app.engine).backup_encrypt
        screen = await _open_backup(pilot)
        assert screen.query_one("#backup-encrypt", Checkbox).value
        assert not screen.query_one("#backup-pass-row").has_class("hidden")
    assert encrypt_by_default(db_path)


async def test_a_damaged_database_is_set_aside_and_the_backup_offered(db_path, engine, no_drives):
    made = auto_backup(db_path, clock=lambda: datetime(2026, 11, 27, 18, 30))
    rename_hamlet(engine, 1, "大塘屯")
    dispose_engine(db_path)  # checkpoint: the change is in the main file now
    with open(db_path, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xa5" * 4096 * 12)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert "已损坏" in question.question and "2026年11月27日 18:30" in question.question
        await pilot.press("y")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RestoreDialog)
        assert dialog.query_one("#restore-path", Input).value == str(made)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 8)
        assert isinstance(app.screen, MessageScreen)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.village is not None and app.village.name == "青石村"
    assert list(db_path.parent.glob("village.db.damaged-*"))  # kept, never deleted
    assert _first_hamlet(db_path) == "一组"


async def test_a_new_pc_restores_a_stick_backup_instead_of_setting_up(
    db_path, tmp_path, no_drives, monkeypatch
):
    from db.schema import open_database
    from db.settings.village import setup_village
    from desk.screens.setup import SetupScreen

    old_pc = tmp_path / "old-pc" / "desk.db"
    old_pc.parent.mkdir()
    setup_village(open_database(old_pc), dict(name="青石村", case_prefix="青调"), ["一组", "大塘屯"])
    monkeypatch.chdir(tmp_path)
    Path("stick").mkdir()
    make_backup(old_pc, Path("stick"))
    dispose_engine(old_pc)

    app = make_app(db_path, today=TODAY)  # a fresh install: no database yet
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, BackupScreen)
        await pilot.press("escape")  # changed her mind: the first-run form is back
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("f6")
        await settle(pilot)
        await type_text(pilot, "stick")
        await settle(pilot)
        await pilot.press("tab", "tab", "enter")  # 加密, the list: the backup found there
        await settle(pilot)
        assert isinstance(app.screen, RestoreDialog)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 8)
        assert isinstance(app.screen, MessageScreen)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.village.name == "青石村"
        assert [h.name for h in list_hamlets(app.engine)] == ["一组", "大塘屯"]
