"""The command line as a clerk meets it (issue 12, "CLI:"): the demo reached from `desk report`,
"可以拔出U盘" said once, no lock file after a failed restore, `desk check` naming its file, and
argparse speaking Chinese."""

from __future__ import annotations

import io
import re
import shutil
from argparse import Namespace

import pytest

from db.engine import dispose_engine, user_data_home
from desk.cli.backup import cmd_backup, cmd_restore
from desk.cli.main import main

ENGLISH_ARGPARSE = re.compile(r"usage:|options:|positional arguments|show this help|required:|unrecognized")


def _demo(capsys, village):
    """The state right after `desk demo`: demo.db in the user data folder, no office file yet.
    The small fixture village (青石村) stands in for the demonstration village, which takes
    seconds to build; its building by the real command is tests/test_cli.py::
    test_demo_creates_the_demonstration_village_once. Here `desk demo` finds it and says so."""
    demo = user_data_home() / "demo.db"
    demo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(village, demo)
    assert main(["demo", "--no-open"]) == 0
    assert capsys.readouterr().out.strip() == f"演示村已存在：{demo}"
    return str(demo)


@pytest.mark.usefixtures("isolated_user_dirs")
def test_report_right_after_demo_says_how_to_reach_it_and_accepts_demo(capsys, village):
    demo = _demo(capsys, village)
    assert main(["report", "2026-10", "--text"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("错误：找不到默认的数据库文件")
    assert demo in err and "desk report 2026-10 --demo" in err
    assert main(["report", "2026-10", "--text", "--demo"]) == 0
    assert "青石村" in capsys.readouterr().out
    assert main(["check", "--demo"]) == 0
    assert demo in capsys.readouterr().out


@pytest.mark.usefixtures("isolated_user_dirs")
def test_demo_and_db_together_are_refused(capsys, tmp_path):
    assert main(["--db", str(tmp_path / "x.db"), "report", "2026-10", "--demo"]) == 2
    assert "--demo 和 --db 只能用一个" in capsys.readouterr().err


def test_check_without_db_names_the_file_it_looked_for(isolated_user_dirs, capsys, monkeypatch):
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    looked = isolated_user_dirs / "data" / "desk" / "desk.db"
    assert f"找不到默认的数据库文件 {looked}" in err and "desk demo" in err
    monkeypatch.setenv("DESK_DB", str(isolated_user_dirs / "office.db"))
    assert main(["check"]) == 2
    assert f"找不到环境变量 DESK_DB 指定的数据库文件 {isolated_user_dirs / 'office.db'}" in capsys.readouterr().err


@pytest.fixture
def village(engine, db_path):
    dispose_engine(db_path)
    return db_path


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_encrypted_backup_on_a_terminal_says_pull_the_stick_once_and_last(village, tmp_path, monkeypatch, capsys):
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setenv("DESK_PASSPHRASE", "a long enough passphrase 1")
    err = _Tty()
    monkeypatch.setattr("sys.stderr", err)  # a terminal: the stages are printed as they pass
    assert cmd_backup(Namespace(dir=stick, encrypt=True, db=village)) == 0
    out = capsys.readouterr().out
    stages = err.getvalue()
    assert "备份完成" in stages  # the stages were shown
    assert (out + stages).count("可以拔出U盘") == 1
    assert out.strip().splitlines()[-1] == "现在可以拔出U盘了。"


def test_a_failed_restore_leaves_no_lock_file(tmp_path, capsys):
    bad = tmp_path / "坏的.desk.sqlite3"
    bad.write_bytes(b"not a backup at all" * 50)
    target = tmp_path / "新电脑" / "desk.db"
    assert cmd_restore(Namespace(file=bad, db=target, yes=True)) == 1
    assert "错误：" in capsys.readouterr().err
    assert not (tmp_path / "新电脑").exists()  # neither the lock nor the folder it made


def test_a_failed_restore_over_a_database_leaves_its_files_as_they_were(village, tmp_path, capsys):
    bad = tmp_path / "坏的.desk.sqlite3"
    bad.write_bytes(b"not a backup at all" * 50)
    before = sorted(p.name for p in village.parent.iterdir())
    assert cmd_restore(Namespace(file=bad, db=village, yes=True)) == 1
    assert sorted(p.name for p in village.parent.iterdir()) == before
    assert not village.with_name(village.name + ".lock").exists() or village.name + ".lock" in before


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["report", "--help"], ["backup", "--help"]])
def test_help_has_no_english_argparse_words(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "显示本帮助" in out
    assert not ENGLISH_ARGPARSE.search(out), out


def test_usage_error_is_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["report"])
    err = capsys.readouterr().err
    assert "缺少必填的参数：月份" in err and not ENGLISH_ARGPARSE.search(err)
