"""The real `desk` command in a child process: help, check, refusals, the lock, the demo."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from db.engine import dispose_engine
from db.lock import DatabaseLock
from db.schema import open_database

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
SCRIPT = Path(sys.executable).with_name("desk")
# The installed console script is the real entry point; `-m desk.cli` runs the same main().
DESK = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "desk"]


@pytest.fixture
def run(tmp_path, isolated_user_dirs):
    """Run `desk ARGS` with its own HOME/XDG folders; DESK_DB unset unless given."""
    home = isolated_user_dirs

    def _run(*args, desk_db=None, profile_imports=False, timeout=60, dash_m=False):
        """dash_m: as `python -m desk ARGS` instead of the installed `desk` script."""
        env = dict(os.environ)
        env.update(
            HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
            PYTHONIOENCODING="utf-8", TERM="dumb",
        )
        env.pop("DESK_DB", None)
        if desk_db is not None:
            env["DESK_DB"] = str(desk_db)
        if profile_imports:
            env["PYTHONPROFILEIMPORTTIME"] = "1"  # every import is listed on stderr
        if dash_m:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        return subprocess.run(
            [*([sys.executable, "-m", "desk"] if dash_m else DESK), *map(str, args)], env=env, cwd=tmp_path, capture_output=True, text=True,
            encoding="utf-8", timeout=timeout, stdin=subprocess.DEVNULL,
        )

    return _run


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def split_imports(stderr: str) -> tuple[list[str], set[str]]:
    """(the program's own lines, names of the modules it imported)."""
    lines, modules = [], set()
    for line in stderr.splitlines():
        if line.startswith("import time:"):
            modules.add(line.rsplit("|", 1)[-1].strip())
        elif line.strip():
            lines.append(line)
    return lines, modules


@pytest.fixture
def good_db(engine, db_path) -> Path:
    """The small fictional village on a real file, closed so a child can open it."""
    dispose_engine(db_path)
    return db_path


@pytest.fixture
def foreign(tmp_path) -> Path:
    path = tmp_path / "foreign.bin"
    path.write_bytes(b"PK\x03\x04 this is a zip, or a photo, or a letter " * 100)
    return path


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("错误：") and "(error: " in line and "Traceback" not in line
    return line


def test_help_in_chinese_and_english_with_every_command(run):
    result = run("--help")
    assert result.returncode == 0
    out = result.stdout
    assert "村委工作台" in out and "Village committee desk" in out
    for command in ("demo", "check", "import", "report", "backup", "restore"):
        assert re.search(rf"^\s+{command}\s", out, re.M), command
    assert "--db" in out and "DESK_DB" in out
    assert "数据库文件" in out and "database file" in out


def test_help_of_a_command(run):
    result = run("check", "--help")
    assert result.returncode == 0 and "--db" in result.stdout and CJK.search(result.stdout)


def test_check_on_a_good_database(run, good_db):
    result = run("check", desk_db=good_db)
    assert result.returncode == 0, result.stderr
    assert f"检查完毕，没有发现问题：{good_db}" in result.stdout
    assert "屯组 4，干部 4" in result.stdout and "审计记录" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("args, dash_m", [(("--db", "{db}", "check"), False), (("check", "--db", "{db}"), True)])
def test_db_option_before_or_after_the_command_wins_over_desk_db(run, good_db, tmp_path, args, dash_m):
    """`desk --db X check` once checked DESK_DB's file instead (argparse defaults). The second
    run is `python -m desk`: the same command line as the installed `desk` script."""
    elsewhere = tmp_path / "not-this-one.db"
    result = run(*(a.format(db=good_db) for a in args), desk_db=elsewhere, dash_m=dash_m)
    assert result.returncode == 0, result.stderr
    assert str(good_db) in result.stdout and "检查完毕，没有发现问题" in result.stdout
    assert not elsewhere.exists()


def test_check_on_a_foreign_file_fails_in_one_line_and_leaves_it(run, foreign):
    digest = sha(foreign)
    result = run("--db", foreign, "check")
    assert result.returncode != 0
    line = one_error_line(result.stderr)
    assert "不是村委工作台的数据库" in line
    assert sha(foreign) == digest
    assert sorted(p.name for p in foreign.parent.iterdir()) == ["foreign.bin"]


def test_check_on_a_damaged_file_says_so_without_a_traceback(run, good_db):
    data = bytearray(good_db.read_bytes())
    data[4096 * 2:4096 * 6] = os.urandom(4096 * 4)
    good_db.write_bytes(bytes(data))
    result = run("check", desk_db=good_db)
    assert result.returncode != 0
    assert "损坏" in one_error_line(result.stderr)


@pytest.mark.parametrize("make", ["missing", "empty", "folder"])
def test_check_on_nothing_useful(run, tmp_path, make):
    path = tmp_path / "x.db"
    if make == "empty":
        path.write_bytes(b"")
    elif make == "folder":
        path.mkdir()
    result = run("check", "--db", path)
    assert result.returncode != 0
    one_error_line(result.stderr)
    assert (make == "missing") == (not path.exists())


def test_opening_a_foreign_file_exits_2_before_any_ui(run, foreign):
    digest = sha(foreign)
    result = run("--db", foreign, profile_imports=True)
    lines, modules = split_imports(result.stderr)
    assert result.returncode == 2
    assert len(lines) == 1 and "不是村委工作台的数据库" in one_error_line("\n".join(lines))
    assert result.stdout == ""  # no screen was drawn
    assert "textual" not in modules and "desk.app" not in modules
    assert sha(foreign) == digest
    assert sorted(p.name for p in foreign.parent.iterdir()) == ["foreign.bin"]


def test_the_default_file_is_refused_without_loading_the_database_layer(run, isolated_user_dirs):
    """No --db, no DESK_DB: the path comes from platformdirs, and a refusal needs no SQLAlchemy."""
    default = isolated_user_dirs / "data" / "desk" / "desk.db"
    default.parent.mkdir(parents=True)
    default.write_bytes(b"not a database at all")
    result = run(profile_imports=True)
    lines, modules = split_imports(result.stderr)
    assert result.returncode == 2 and str(default) in one_error_line("\n".join(lines))
    assert not modules & {"sqlalchemy", "sqlmodel", "alembic", "textual"}
    assert default.read_bytes() == b"not a database at all"


@pytest.mark.parametrize("option", ["--pdf", "--xlsx"])
def test_a_report_to_a_missing_folder_is_refused_before_the_month_is_worked_out(run, good_db, tmp_path, option):
    """The folder is looked at first: on a big village the month takes seconds to work out
    and print, and the clerk should not wait for a refusal."""
    before = sha(good_db)
    target = tmp_path / "没有这个文件夹" / "月报.pdf"
    result = run("report", "2026-10", option, target, "--db", good_db, profile_imports=True)
    lines, modules = split_imports(result.stderr)
    assert result.returncode == 2
    assert "不存在" in one_error_line("\n".join(lines)) and "没有这个文件夹" in lines[0]
    assert not modules & {"db.stats.figures", "forms.monthly_report", "alembic"}
    assert sha(good_db) == before and not target.parent.exists()


def test_opening_a_newer_file_exits_2_and_leaves_it(run, db_path):
    engine = open_database(db_path)
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    dispose_engine(db_path)
    digest = sha(db_path)
    result = run(desk_db=db_path, profile_imports=True)
    lines, modules = split_imports(result.stderr)
    assert result.returncode == 2 and "更新版本" in one_error_line("\n".join(lines))
    assert "textual" not in modules
    assert sha(db_path) == digest
    assert not Path(f"{db_path}-wal").exists() and not Path(f"{db_path}-shm").exists()


def test_a_locked_database_exits_1_with_the_busy_message(run, good_db):
    with DatabaseLock(good_db):
        result = run("--db", good_db, profile_imports=True)
    lines, modules = split_imports(result.stderr)
    assert result.returncode == 1
    line = one_error_line("\n".join(lines))
    assert "正由另一个窗口的村委工作台使用" in line and str(good_db) in line
    assert "textual" not in modules and result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [("frobnicate",), ("report",), ("backup",), ("restore",), ("--no-such-option",), ("check", "extra")],
)
def test_usage_errors_exit_2_with_a_chinese_line(run, args):
    result = run(*args)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert "命令写得不对" in line and "desk --help" in line
    assert result.stdout == ""


def test_demo_creates_the_demonstration_village_once(run, isolated_user_dirs, tmp_path):
    """`desk demo` builds 青石村 in the user data folder; `desk demo --village 白沙村 --db F`
    builds another under that name. Each build takes seconds: the two commands run side by side."""
    real = tmp_path / "real.db"  # DESK_DB is the office's real file: the demo never touches it
    named = tmp_path / "demo-白沙村.db"
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, other = pool.map(lambda kw: run(*kw.pop("args"), timeout=120, **kw),
                                [dict(args=("demo", "--no-open"), desk_db=real),
                                 dict(args=("demo", "--village", "白沙村", "--no-open", "--db", named))])
    assert first.returncode == 0, first.stderr
    demo = isolated_user_dirs / "data" / "desk" / "demo.db"
    assert first.stdout.strip() == f"已创建演示村：{demo}"
    assert not real.exists()

    con = sqlite3.connect(demo)
    try:
        village = con.execute("SELECT name FROM village").fetchone()[0]
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("hamlet", "cadre")]
    finally:
        con.close()
    assert village == "青石村" and counts[0] >= 4 and counts[1] >= 4
    digest = sha(demo)

    again = run("demo", "--no-open", timeout=120)
    assert again.returncode == 0 and again.stdout.strip() == f"演示村已存在：{demo}"
    assert sha(demo) == digest

    check = run("check", "--db", demo)
    assert check.returncode == 0 and "检查完毕，没有发现问题" in check.stdout

    # under another name (was tests/test_cli_township.py::test_demo_under_another_name)
    assert other.returncode == 0, other.stderr
    con = sqlite3.connect(named)
    name, committee = con.execute("SELECT name, committee FROM village").fetchone()
    numbers = [n for (n,) in con.execute("SELECT number FROM dispute LIMIT 3")]
    con.close()
    assert (name, committee) == ("白沙村", "白沙村民委员会")
    assert numbers and all("白调" in n for n in numbers)


def test_demo_on_a_foreign_file_is_refused(run, foreign):
    digest = sha(foreign)
    result = run("demo", "--no-open", "--db", foreign)
    assert result.returncode == 2 and "不是村委工作台的数据库" in one_error_line(result.stderr)
    assert sha(foreign) == digest


def tamper(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=OFF")
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


def test_check_lists_every_finding_and_exits_1(run, good_db):
    """A file spoiled four ways outside the program: each finding on its own line, named."""
    tamper(
        good_db,
        "DROP TABLE draft",
        "DROP TRIGGER audit_entry_no_delete",
        "DELETE FROM audit_entry WHERE id = 3",
        "INSERT INTO cadre_hamlet (cadre_id, hamlet_id) VALUES (1, 999)",
    )
    digest = sha(good_db)
    result = run("check", "--db", good_db)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"错误：数据库 {good_db} 检查发现 4 个问题：") and "(error: " in lines[0]
    body = "\n".join(lines[1:])
    assert len(lines) == 5 and "Traceback" not in result.stderr
    assert "缺少数据表“草稿”（draft）" in body
    assert "触发器 audit_entry_no_delete" in body and "被删除" in body
    assert "审计记录有缺号：第 3 条" in body
    assert "“干部分管屯组”（cadre_hamlet）中有 1 条记录" in body and "hamlet_id" in body
    assert all("desk restore" in line or "技术人员" in line for line in lines[1:])
    assert sha(good_db) == digest
