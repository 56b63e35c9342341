"""One writer per file: a second copy of the program is told, in Chinese, to use the first."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap

import pytest

from db.lock import DatabaseBusy, DatabaseLock

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_second_lock_on_the_same_file_is_refused_in_chinese(db_path):
    with DatabaseLock(db_path):
        with pytest.raises(DatabaseBusy) as caught:
            DatabaseLock(db_path).acquire()
    message = caught.value.message
    assert CJK.search(message) and "正由另一个窗口" in message and "Ctrl+Q" in message
    assert str(db_path) in message  # names the file, not the .lock beside it
    assert ".lock" not in message
    assert str(caught.value) == message
    assert "another copy" in caught.value.english


def test_release_lets_the_next_one_in(db_path):
    first = DatabaseLock(db_path)
    first.acquire()
    second = DatabaseLock(db_path)
    with pytest.raises(DatabaseBusy):
        second.acquire()
    first.release()
    second.acquire()  # now free
    with pytest.raises(DatabaseBusy):
        first.acquire()
    second.release()
    first.release()  # releasing twice is harmless


def test_acquiring_twice_through_the_same_lock_is_harmless(db_path):
    lock = DatabaseLock(db_path)
    lock.acquire()
    lock.acquire()  # not a collision with ourselves
    with pytest.raises(DatabaseBusy):
        DatabaseLock(db_path).acquire()
    lock.release()
    with DatabaseLock(db_path):
        pass


def test_other_files_are_not_locked(tmp_path):
    with DatabaseLock(tmp_path / "a.db"), DatabaseLock(tmp_path / "b.db") as b:
        assert b.path == tmp_path / "b.db.lock"


def test_the_lock_file_is_created_beside_the_database_in_a_new_folder(tmp_path):
    path = tmp_path / "new" / "folder" / "desk.db"
    with DatabaseLock(path) as lock:
        assert lock.path.exists() and lock.path.parent == path.parent
    assert not path.exists()  # the lock alone never creates the database


def _hold_in_child(db_path) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import sys, time
        from db.lock import DatabaseLock
        lock = DatabaseLock({str(db_path)!r})
        lock.acquire()
        print("locked", flush=True)
        time.sleep(120)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


def test_a_lock_held_by_another_process_blocks_us(db_path):
    child = _hold_in_child(db_path)
    try:
        with pytest.raises(DatabaseBusy):
            DatabaseLock(db_path).acquire()
    finally:
        child.kill()
        child.wait(timeout=10)


def test_a_killed_holder_leaves_no_stale_lock(db_path):
    child = _hold_in_child(db_path)
    with pytest.raises(DatabaseBusy):
        DatabaseLock(db_path).acquire()
    os.kill(child.pid, signal.SIGKILL)  # a power cut, as far as the lock can tell
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert (db_path.parent / f"{db_path.name}.lock").exists()  # the file stays, the lock does not
    with DatabaseLock(db_path):
        pass


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_symlinked_path_to_the_same_file_cannot_open_a_second_writer(db_path, tmp_path):
    db_path.write_bytes(b"")
    other = tmp_path / "elsewhere"
    other.mkdir()
    link = other / "alias.db"
    link.symlink_to(db_path)
    with DatabaseLock(db_path):
        with pytest.raises(DatabaseBusy) as caught:
            DatabaseLock(link).acquire()
    assert str(link) in caught.value.message  # the path the clerk typed
    # and the other way round, through a relative path with ".."
    rel = other / ".." / db_path.name
    with DatabaseLock(link):
        with pytest.raises(DatabaseBusy):
            DatabaseLock(rel).acquire()
    assert not (other / "alias.db.lock").exists()  # one lock file, beside the real file


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_the_lock_file_is_private(db_path):
    with DatabaseLock(db_path) as lock:
        assert (os.stat(lock.path).st_mode & 0o777) == 0o600
