"""`desk backup` and `desk restore` (desk/cli/backup.py) on real files."""

from __future__ import annotations

import sqlite3
from argparse import Namespace
from pathlib import Path

import pytest

from db.engine import dispose_engine
from db.lock import DatabaseLock
from desk.cli.backup import cmd_backup, cmd_restore
from tests.db.backup_helpers import PASSPHRASE, add_cases, db_files, file_bytes, table_hashes


@pytest.fixture
def village(engine, db_path):
    add_cases(db_path, 12)
    dispose_engine(db_path)
    return db_path


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


def test_backup_prints_the_file_and_when_to_pull_the_stick(village, stick, capsys):
    assert cmd_backup(Namespace(dir=stick, encrypt=False, db=village)) == 0
    out = capsys.readouterr().out.splitlines()
    written = Path(next(line for line in out if line.startswith("已写入备份：")).split("：", 1)[1])
    assert written.parent == stick and written.name.endswith(".desk.sqlite3") and written.exists()
    assert any(line.startswith("校验值 SHA-256：") for line in out)
    assert out[-1] == "现在可以拔出U盘了。"


def test_the_lead_command_line_reaches_backup(village, stick, capsys):
    from desk.cli.main import main

    assert main(["backup", str(stick), "--db", str(village)]) == 0
    assert "现在可以拔出U盘了。" in capsys.readouterr().out
    assert len(list(stick.glob("*.desk.sqlite3"))) == 1


def test_bad_input_exits_2_with_one_chinese_and_english_line(village, tmp_path, capsys):
    assert cmd_backup(Namespace(dir=tmp_path / "nope", encrypt=False, db=village)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：找不到文件夹") and "(error:" in err and "\n" not in err
    assert cmd_restore(Namespace(file=tmp_path / "nope.desk.sqlite3", db=village, yes=True)) == 2
    assert capsys.readouterr().err.startswith("错误：找不到备份文件")


def test_short_passphrase_is_refused(village, stick, monkeypatch, capsys):
    monkeypatch.setenv("DESK_PASSPHRASE", "abc")
    assert cmd_backup(Namespace(dir=stick, encrypt=True, db=village)) == 2
    assert "备份密码太短" in capsys.readouterr().err
    assert list(stick.iterdir()) == []


@pytest.mark.parametrize("spaces", [" " * 8, " " * 20, "\u3000" * 8, " \t " * 4])
def test_a_passphrase_of_only_spaces_is_refused(village, stick, monkeypatch, capsys, spaces):
    monkeypatch.setenv("DESK_PASSPHRASE", spaces)
    assert cmd_backup(Namespace(dir=stick, encrypt=True, db=village)) == 2
    err = capsys.readouterr().err
    assert "备份密码不能只有空格" in err and "\n" not in err.strip()
    assert list(stick.iterdir()) == []


def test_make_backup_itself_refuses_a_passphrase_of_only_spaces(village, stick):
    from db.backup import BackupError, make_backup, passphrase_problem

    assert passphrase_problem(" " * 12) and passphrase_problem("  ab cd ef  ") is None
    with pytest.raises(BackupError) as caught:
        make_backup(village, stick, passphrase=" " * 12)
    assert caught.value.kind == "weak_passphrase" and "空格" in caught.value.message
    assert list(stick.iterdir()) == []


def test_encrypt_setting_makes_encryption_the_default_and_restore_asks_nothing_more(
    village, stick, monkeypatch, capsys
):
    con = sqlite3.connect(village)
    with con:
        con.execute("UPDATE village SET backup_encrypt = 1")
    con.close()
    before = table_hashes(village)
    monkeypatch.setenv("DESK_PASSPHRASE", PASSPHRASE)
    assert cmd_backup(Namespace(dir=stick, encrypt=False, db=village)) == 0
    out = capsys.readouterr().out
    assert "已加密（age 格式" in out and "程序不保存密码" in out
    backup = next(stick.glob("*.desk.sqlite3.age"))

    add_cases(village, 2, start=300)
    assert cmd_restore(Namespace(file=backup, db=village, yes=True)) == 0
    out = capsys.readouterr().out
    assert "已从备份恢复" in out and "原来的数据库另存为" in out
    assert table_hashes(village) == before

    monkeypatch.setenv("DESK_PASSPHRASE", "不是这个密码-0000")
    add_cases(village, 1, start=400)
    now = table_hashes(village)
    assert cmd_restore(Namespace(file=backup, db=village, yes=True)) == 1
    assert "备份密码不对" in capsys.readouterr().err
    assert table_hashes(village) == now


def test_restore_needs_yes_without_a_terminal_and_refuses_while_the_app_runs(
    village, stick, monkeypatch, capsys
):
    cmd_backup(Namespace(dir=stick, encrypt=False, db=village))
    backup = next(stick.glob("*.desk.sqlite3"))
    capsys.readouterr()
    before = file_bytes(*db_files(village))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cmd_restore(Namespace(file=backup, db=village, yes=False)) == 2
    assert "--yes" in capsys.readouterr().err

    with DatabaseLock(village):  # the app holds this lock while it runs
        assert cmd_restore(Namespace(file=backup, db=village, yes=True)) == 1
    assert "另一个窗口" in capsys.readouterr().err
    assert file_bytes(*db_files(village)) == before


def test_restore_of_a_damaged_backup_exits_1_and_changes_nothing(village, stick, capsys):
    cmd_backup(Namespace(dir=stick, encrypt=False, db=village))
    backup = next(stick.glob("*.desk.sqlite3"))
    data = bytearray(backup.read_bytes())
    data[9000] ^= 0x10
    backup.write_bytes(data)
    hashes = table_hashes(village)
    before = file_bytes(*db_files(village))
    assert cmd_restore(Namespace(file=backup, db=village, yes=True)) == 1
    assert "已损坏" in capsys.readouterr().err
    assert file_bytes(*db_files(village)) == before and table_hashes(village) == hashes
