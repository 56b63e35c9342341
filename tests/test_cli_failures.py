"""A read-only folder or disk, a full disk, a locked database: the real command line in a child
process says so in one Chinese line, exits non-zero, shows no traceback and leaves the database
as it was.

The failures are real, not injected: tests run as root, and root ignores file permissions, so
- a read-only disk is a read-only bind mount in a private mount namespace (`unshare -m`);
- a read-only folder is the child running as the unprivileged user nobody (`setpriv`);
- a full disk is a small tmpfs in a private mount namespace, filled up; and, without any
  privilege, a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) that stops the database's
  journal from growing;
- a locked database is this process holding SQLite's write lock (BEGIN EXCLUSIVE), or the
  program's own one-writer lock (db.lock).
Tests that need a privilege the machine does not give are skipped, saying which.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.engine import dispose_engine
from db.lock import DatabaseLock
from desk.errors import LOG_NAME
from tests.hostile import hostile_text

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
NOBODY = 65534


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "-m", "--", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /tmp && true"],
        capture_output=True,
    )
    return probe.returncode == 0


@cache
def can_be_nobody() -> bool:
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return False
    probe = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-c",
         "import sqlalchemy, desk.cli.errors"],
        capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"},
        cwd="/",
    )
    return probe.returncode == 0


needs_unshare = pytest.mark.skipif("not can_unshare()", reason="no private mount namespace (unshare -m) here")
needs_nobody = pytest.mark.skipif("not can_be_nobody()", reason="cannot run a child as user nobody here")


@pytest.fixture
def desk(tmp_path, isolated_user_dirs):
    """Run `python -m desk ARGS` (optionally behind a wrapper such as unshare or setpriv)."""
    home = isolated_user_dirs

    def _run(*args, wrapper=(), home_dir=None, preexec=None, timeout=90):
        h = Path(home_dir or home)
        env = dict(os.environ)
        env.update(
            PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1", TERM="dumb",
            HOME=str(h), XDG_DATA_HOME=str(h / "data"), XDG_CONFIG_HOME=str(h / "config"),
            XDG_CACHE_HOME=str(h / "cache"), XDG_STATE_HOME=str(h / "state"),
        )
        env.pop("DESK_DB", None)
        env.pop("DESK_PASSPHRASE", None)
        return subprocess.run(
            [*wrapper, sys.executable, "-m", "desk", *map(str, args)], env=env, cwd=str(h),
            capture_output=True, text=True, encoding="utf-8", timeout=timeout,
            stdin=subprocess.DEVNULL, preexec_fn=preexec,
        )

    return _run


def one_chinese_line(result) -> str:
    """Non-zero exit, exactly one line on stderr in Chinese, no traceback anywhere."""
    assert result.returncode != 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("错误：") and CJK.search(line[3:]) and "(error: " in line, line
    return line


@pytest.fixture
def village(engine, db_path) -> Path:
    """The small fictional village on a real file (WAL), closed."""
    dispose_engine(db_path)
    return db_path


@pytest.fixture
def register_csv(tmp_path) -> Path:
    """400 good cases for the fixture village: enough to need several pages of journal."""
    rows = ["受理日期,纠纷类型,屯组,申请人,纠纷简要情况"]
    rows += [f"2025-03-05,邻里,一组,曾小明{i},因排水沟积水第{i}次发生争执" + "，邻居之间反复协商未果" * 20
             for i in range(400)]
    path = tmp_path / "台账.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def count_cases(db: Path) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM dispute").fetchone()[0]
    finally:
        con.close()


# --- a read-only disk (bind mount) ------------------------------------------------------------

def read_only(folder: Path) -> list[str]:
    """A wrapper that runs the child with `folder` mounted read-only (root cannot write it)."""
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"'
    return ["unshare", "-m", "--", "sh", "-c", script, str(folder)]


@needs_unshare
@pytest.mark.parametrize("command", ["open", "import", "report", "backup-into", "template"])
def test_a_read_only_disk_is_said_in_one_chinese_line(desk, village, register_csv, tmp_path, command):
    folder = village.parent
    stick = tmp_path / "stick"
    stick.mkdir()
    before, listing = sha(village), sorted(p.name for p in folder.iterdir())
    args = {
        "open": ["--db", village],
        "import": ["import", register_csv, "--apply", "--db", village],
        "report": ["report", "2026-10", "--pdf", folder / "月报.pdf", "--db", village],
        "backup-into": ["backup", stick, "--db", village],
        "template": ["import", "--template", folder / "模板.xlsx", "--db", village],
    }[command]
    guarded = stick if command == "backup-into" else folder
    result = desk(*args, wrapper=read_only(guarded))
    line = one_chinese_line(result)
    assert "只读" in line or "不能写入" in line or "不允许写入" in line, line
    after = sorted(p.name for p in folder.iterdir())
    if command == "backup-into":  # the database's own folder is not the read-only one
        after = [n for n in after if not n.endswith(("-wal", "-shm"))]
    assert sha(village) == before and after == listing
    assert list(stick.iterdir()) == []


# --- a read-only folder (no permission) -------------------------------------------------------

@pytest.fixture
def shared_place():
    """A folder user nobody can reach (pytest's own tmp folders are root's, 0700)."""
    place = Path(tempfile.mkdtemp(prefix="desk-nobody-"))
    place.chmod(0o755)
    yield place
    shutil.rmtree(place, ignore_errors=True)


@needs_nobody
@pytest.mark.parametrize("what", ["folder", "file"])
@pytest.mark.parametrize("command", ["open", "import", "report"])
def test_no_write_permission_is_said_in_one_chinese_line(
        desk, village, register_csv, shared_place, command, what):
    """folder: root's folder, nobody may read but not write; file: nobody's folder, root's
    database file (0644), so the lock file can be made but the database not written."""
    folder = shared_place / "村委"
    folder.mkdir(mode=0o755)
    if what == "file":
        os.chown(folder, NOBODY, NOBODY)
    db = folder / "village.db"
    shutil.copyfile(village, db)
    db.chmod(0o644)
    csv = shared_place / register_csv.name
    shutil.copyfile(register_csv, csv)
    csv.chmod(0o644)
    home = shared_place / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    before = sha(db)
    args = {
        "open": ["--db", db],
        "import": ["import", csv, "--apply", "--db", db],
        "report": ["report", "2026-10", "--text", "--db", db],
    }[command]
    nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    result = desk(*args, wrapper=nobody, home_dir=home, timeout=30)
    if command == "report" and what == "file":  # reading needs no write permission on the file
        assert result.returncode == 0 and "月报" in result.stdout, result.stderr
        assert sha(db) == before
        return
    line = one_chinese_line(result)
    assert str(folder) in line and ("没有权限" in line or "不允许写入" in line or "只读" in line), line
    assert sha(db) == before
    left = {p.name for p in folder.iterdir()} - {"village.db", "village.db.lock"}
    assert not {n for n in left if not n.endswith(("-wal", "-shm"))}, left
    assert count_cases(db) == 0


# --- a full disk ------------------------------------------------------------------------------

def full_disk(mount: Path, source: Path, out: Path, free_kb: int = 100) -> list[str]:
    """A wrapper: a tmpfs at `mount` holding a copy of `source` and filled up to `free_kb` left;
    the copy's hash before and after the child, and the folder's listing, go to `out`."""
    script = (
        'M="$0"; SRC="$1"; OUT="$2"; FREE="$3"; shift 4; '
        'mount -t tmpfs -o size=$(( $(stat -c %s "$SRC") / 1024 + 2048 ))k tmpfs "$M" || exit 97; '
        'cp "$SRC" "$M/village.db"; '
        'dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null; [ "$FREE" -gt 0 ] && truncate -s -"$FREE"k "$M/fill"; '
        'sha256sum "$M/village.db" > "$OUT/before"; '
        '"$@"; rc=$?; '
        'sha256sum "$M/village.db" > "$OUT/after"; ls -a "$M" > "$OUT/listing"; exit $rc'
    )
    return ["unshare", "-m", "--", "sh", "-c", script, str(mount), str(source), str(out), str(free_kb), "--"]


@needs_unshare
@pytest.mark.parametrize("command, free_kb", [("import", 100), ("open", 0)])
def test_a_full_disk_under_the_database_is_said_and_nothing_is_imported(
        desk, village, register_csv, tmp_path, command, free_kb):
    mount, out = tmp_path / "full", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    db = mount / "village.db"
    args = ["import", register_csv, "--apply", "--db", db] if command == "import" else ["--db", db]
    result = desk(*args, wrapper=full_disk(mount, village, out, free_kb), timeout=30)
    line = one_chinese_line(result)
    assert "磁盘已经满了" in line and str(db) in line, line
    assert (out / "before").read_text().split()[0] == (out / "after").read_text().split()[0]
    assert count_cases(village) == 0  # the original, untouched; the copy was rolled back


@needs_unshare
def test_a_full_stick_is_said_and_no_backup_is_left(desk, village, tmp_path):
    mount, out = tmp_path / "stick", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    # the stick holds a copy of the database too, so it has room for a little less than one backup
    result = desk("backup", mount, "--db", village, wrapper=full_disk(mount, village, out, free_kb=40))
    line = one_chinese_line(result)
    assert "满" in line or "空间" in line, line
    left = set((out / "listing").read_text().split()) - {".", "..", "village.db", "fill"}
    assert not {n for n in left if n.endswith(".sqlite3") or n.endswith(".age")}, left


def file_size_limit(limit: int):
    """preexec: no file may grow past `limit` bytes (writes fail with EFBIG, SIGXFSZ ignored)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_journal_that_cannot_grow_is_said_and_nothing_is_imported(desk, village, register_csv):
    """No privilege needed: the -wal file may not pass 64 KiB, as on a disk with no room left."""
    before, cases = sha(village), count_cases(village)
    result = desk("import", register_csv, "--apply", "--db", village, preexec=file_size_limit(64 * 1024))
    line = one_chinese_line(result)
    assert str(village) in line and ("磁盘" in line), line
    assert count_cases(village) == cases == 0
    assert sha(village) == before


# --- a locked database ------------------------------------------------------------------------

def test_a_database_another_program_is_writing_is_said(desk, village, register_csv, tmp_path):
    """Another program (a database tool) holds SQLite's write lock: each command waits out the
    busy timeout (db.engine.BUSY_TIMEOUT_MS, 5 s) and says so. The two commands run side by
    side, each on its own locked copy of the village, so the test waits once, not twice."""
    other = tmp_path / "另一个" / village.name
    other.parent.mkdir()
    shutil.copyfile(village, other)
    runs = {"open": ["--db", village], "import": ["import", register_csv, "--apply", "--db", other]}
    holders = []
    for db in (village, other):
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        holders.append(con)
    try:
        before = {db: sha(db) for db in (village, other)}
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = dict(zip(runs, pool.map(lambda args: desk(*args), runs.values()), strict=True))
    finally:
        for con in holders:
            con.rollback()
            con.close()
    for command, result in results.items():
        db = runs[command][-1]
        line = one_chinese_line(result)
        assert "正被另一个程序写入" in line and str(db) in line, (command, line)
        assert result.stdout.count("\n") <= 1  # (import prints its dry-run line first) no screen drawn
        assert sha(db) == before[db], command


@pytest.mark.parametrize("command", ["open", "import", "template-ok"])
def test_the_programs_own_lock_is_said(desk, village, register_csv, tmp_path, command):
    before = sha(village)
    with DatabaseLock(village):
        if command == "template-ok":  # writing a template touches no database: it goes ahead
            result = desk("import", "--template", tmp_path / "模板.xlsx", "--db", village)
            assert result.returncode == 0 and (tmp_path / "模板.xlsx").is_file()
            return
        args = ["--db", village] if command == "open" else ["import", register_csv, "--apply", "--db", village]
        result = desk(*args)
    line = one_chinese_line(result)
    assert "正由另一个窗口的村委工作台使用" in line
    assert sha(village) == before


# --- anything unexpected ----------------------------------------------------------------------

def test_an_unexpected_failure_is_one_line_and_a_log_without_personal_data(village, monkeypatch, capsys):
    """A bug (here: a command that raises) is never a traceback; the log beside the database
    keeps the exception's type and file:line frames, not its text and not its values."""
    import desk.cli.main as cli

    def boom(args):
        secret_local = "曾小明 450102198501011234"  # noqa: F841  (a value the log must not keep)
        raise RuntimeError("当事人 曾小明 的身份证号 450102198501011234")

    monkeypatch.setattr(cli, "cmd_check", boom)
    code = cli.main(["check", "--db", str(village)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：程序出了意外的问题（RuntimeError）")
    assert "Traceback" not in captured.err and "曾小明" not in captured.err
    log = village.parent / LOG_NAME
    assert str(log) in lines[0]
    text = log.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in text and "command=boom" in text
    assert re.search(r"tests/test_cli_failures\.py:\d+ in boom", text)
    assert "曾小明" not in text and "4501021985" not in text and str(village.parent) not in text
    if os.name == "posix":
        assert log.stat().st_mode & 0o777 == 0o600


def test_an_unexpected_failure_with_an_unwritable_log_place_still_says_one_line(tmp_path, monkeypatch, capsys):
    import desk.cli.main as cli

    def boom(args):
        raise KeyError("x")

    monkeypatch.setattr(cli, "cmd_check", boom)
    monkeypatch.setenv("XDG_DATA_HOME", "/proc/no-such-place")
    code = cli.main(["check", "--db", "/proc/version/x.db"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "KeyError" in err and "没能写下来" in err


def test_a_broken_pipe_is_quiet(desk, village):
    """`desk report --text | head -1`: the reader leaves early; no traceback, no message."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "desk", "report", "2026-10", "--text", "--db", str(village)],
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err


# --- the translation itself -------------------------------------------------------------------

@pytest.mark.parametrize("code, words", [
    (errno.EROFS, "只读的磁盘"), (errno.EACCES, "没有权限"), (errno.EPERM, "没有权限"),
    (errno.ENOSPC, "磁盘已经满了"), (errno.EDQUOT, "磁盘已经满了"), (errno.EFBIG, "磁盘已经满了"),
    (errno.EBUSY, "正被别的程序占用"), (errno.EIO, "磁盘出错"), (errno.ENOENT, "找不到"),
])
def test_each_system_refusal_is_said_in_chinese_naming_the_file(tmp_path, code, words):
    from desk.cli.errors import explain

    target = tmp_path / "村委" / "台账.db"
    target.parent.mkdir()
    target.write_bytes(b"")
    failure = explain(OSError(code, os.strerror(code), str(target)))
    assert failure is not None and words in failure.chinese and str(target) in failure.chinese
    assert failure.code != 0 and failure.line.startswith("错误：") and "\n" not in failure.line


def test_a_file_not_made_yet_names_its_folder(tmp_path):
    from desk.cli.errors import explain

    failure = explain(PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "new.db.lock")))
    assert f"文件夹“{tmp_path}”" in failure.chinese and "new.db.lock" in failure.chinese


@pytest.mark.parametrize("message, words", [
    ("database is locked", "正被另一个程序写入"),
    ("attempt to write a readonly database", "是只读的"),
    ("disk I/O error", "磁盘出错"),
    ("database or disk is full", "磁盘已经满了"),
    ("unable to open database file", "打不开数据库"),
])
def test_sqlite_words_are_said_in_chinese_also_through_sqlalchemy(tmp_path, message, words):
    from sqlalchemy.exc import OperationalError

    from desk.cli.errors import explain

    db = tmp_path / "village.db"
    raw = sqlite3.OperationalError(message)
    wrapped = OperationalError("INSERT INTO dispute ...", {}, raw)
    for exc in (raw, wrapped):
        failure = explain(exc, db=db)
        assert failure is not None and words in failure.chinese and str(db) in failure.chinese
        assert "INSERT" not in failure.line  # no SQL (it can hold personal data) in the line


def test_something_else_is_not_explained_away():
    from desk.cli.errors import explain

    assert explain(ValueError("x")) is None
    assert explain(sqlite3.OperationalError("no such column: x")) is None
    assert explain(OSError(errno.EINVAL, "Invalid argument")) is None
    try:  # an error met while handling another is not caused by it
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError:
            raise KeyError("bug")  # noqa: B904
    except KeyError as exc:
        assert explain(exc) is None


@settings(max_examples=40, deadline=None)
@given(name=hostile_text(control=True), code=st.sampled_from(
    [errno.EROFS, errno.EACCES, errno.ENOSPC, errno.EBUSY, errno.EIO, errno.ENOENT]))
def test_any_file_name_gives_one_printable_line(name, code):
    """A name with a newline, an escape sequence or a bidi override is shown escaped: the
    reason stays one line and cannot recolour or reorder the terminal."""
    from desk.cli.errors import explain

    failure = explain(OSError(code, os.strerror(code), f"/tmp/{name}.db"))
    line = failure.line
    assert line.startswith("错误：") and "\n" not in line and "\r" not in line
    assert all(c.isprintable() or c == " " for c in line)


def test_a_file_name_with_a_newline_is_one_line_from_the_real_command(desk, tmp_path):
    db = tmp_path / "村委\n第二行\x1b[31m.db"
    for args in (["report", "2026-10", "--db", db], ["check", "--db", db]):
        result = desk(*args)
        line = one_chinese_line(result)
        assert "\\n第二行\\x1b[31m.db" in line and "\x1b" not in result.stderr


@needs_unshare
@pytest.mark.parametrize("command", ["open", "report", "check"])
def test_a_good_file_with_pending_commits_on_a_read_only_stick_is_not_called_damaged(
        desk, village, tmp_path, command):
    """The app was cut off (a -wal file with commits beside the database, no -shm) and the stick
    is now write-protected: SQLite cannot open it, but nothing is damaged: never "restore"."""
    con = sqlite3.connect(village, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE village SET clerk = '王文书'")
    os.link(f"{village}-wal", tmp_path / "kept-wal")  # closing would checkpoint and remove it
    con.close()
    os.replace(tmp_path / "kept-wal", f"{village}-wal")
    Path(f"{village}-shm").unlink(missing_ok=True)
    before = {p.name: sha(p) for p in village.parent.iterdir() if p.is_file()}
    args = {"open": ["--db", village], "report": ["report", "2026-10", "--db", village],
            "check": ["check", "--db", village]}[command]
    result = desk(*args, wrapper=read_only(village.parent), timeout=30)
    line = one_chinese_line(result)
    assert "损坏" not in line and "desk restore" not in line, line
    assert "不允许写入" in line or "只读" in line, line
    assert {p.name: sha(p) for p in village.parent.iterdir() if p.is_file()} == before
