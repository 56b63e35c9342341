"""Bad backups and faults: flipped bits, truncations, foreign files, wrong passphrases, a full
or read-only stick, I/O errors at each write, and kills in the middle of 100 backups.

DESK_THOROUGH=1 flips every bit of both backups (minutes) instead of a sample (seconds).
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import db.backup.common
import db.backup.io
import db.backup.make
import db.backup.restore
import db.backup.verify
from db.backup import BackupError, make_backup, restore_backup, verify_backup
from db.engine import dispose_engine
from db.settings.village import setup_village
from tests.db.backup_helpers import (
    PASSPHRASE,
    add_cases,
    db_files,
    file_bytes,
    final_names,
    partials,
    table_hashes,
)
from tests.db.built_files import copy_built

THOROUGH = os.environ.get("DESK_THOROUGH") == "1"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def made(tmp_path_factory, _template_files, sealed):
    """A plain backup of one small village, and the session's encrypted backup (`sealed`, of
    another small village: made once per process, scrypt is slow)."""
    root = tmp_path_factory.mktemp("made")
    db_path = root / "data" / "village.db"
    engine = copy_built(_template_files["empty"], db_path)  # the newest schema, no Alembic run
    setup_village(engine, dict(name="青石村", case_prefix="青调"), ["一组", "二组"])
    dispose_engine(db_path)
    add_cases(db_path, 20)
    out = root / "stick"
    out.mkdir()
    return make_backup(db_path, out), sealed[0]


def copy_backup(result, folder: Path, *, manifest: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / result.path.name
    shutil.copyfile(result.path, target)
    if manifest:
        shutil.copyfile(result.manifest_path, folder / result.manifest_path.name)
    return target


@pytest.fixture
def village(engine, db_path):
    add_cases(db_path, 10)
    dispose_engine(db_path)
    return db_path


# --- flipped bits ------------------------------------------------------------------------


def bits_to_flip(size: int, head_bytes: int, random_bits: int) -> list[int]:
    if THOROUGH:
        return list(range(size * 8))
    rng = random.Random(20261128)
    head = range(min(head_bytes, size) * 8)
    return sorted(set(head) | {rng.randrange(size * 8) for _ in range(random_bits)})


def flip_each(path: Path, bits: list[int], passphrase: str | None) -> list[int]:
    """Flip each bit in turn (and back); return the bits whose flipped file was accepted."""
    accepted = []
    with open(path, "r+b") as fh:
        for bit in bits:
            fh.seek(bit // 8)
            byte = fh.read(1)[0]
            for value in (byte ^ (1 << (bit % 8)), byte):
                fh.seek(bit // 8)
                fh.write(bytes([value]))
                fh.flush()
                if value != byte:
                    try:
                        verify_backup(path, passphrase=passphrase)
                        accepted.append(bit)
                    except BackupError as exc:
                        assert exc.kind == "damaged", (bit, exc.kind)
    return accepted


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
def test_every_flipped_bit_of_a_plain_backup_is_refused(made, tmp_path):
    path = copy_backup(made[0], tmp_path)
    bits = bits_to_flip(path.stat().st_size, 4096, 10_000)
    assert len(bits) >= 40_000 or THOROUGH
    assert flip_each(path, bits, None) == []
    assert verify_backup(path).hash_checked  # and the file, flipped back, is fine again


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
def test_every_flipped_bit_of_an_encrypted_backup_is_refused(made, tmp_path):
    path = copy_backup(made[1], tmp_path)
    bits = bits_to_flip(path.stat().st_size, 1024, 10_000)  # the age header is ~200 bytes
    assert flip_each(path, bits, PASSPHRASE) == []
    assert verify_backup(path, passphrase=PASSPHRASE).encrypted


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
def test_age_itself_refuses_a_tampered_file_without_its_manifest(made, tmp_path):
    """No manifest to compare: the authenticated encryption alone must catch each change."""
    path = copy_backup(made[1], tmp_path, manifest=False)
    data = path.read_bytes()
    header_end = data.index(b"\n", data.index(b"\n--- ") + 1) + 1
    salt = data.index(b"scrypt ") + 9
    samples = [salt, header_end - 5, header_end + 3, len(data) - 1]  # one scrypt each: ~1.7 s
    if THOROUGH:
        samples += random.Random(3).sample(range(len(data)), 40)
    for pos in samples:
        tampered = bytearray(data)
        tampered[pos] ^= 0x04
        path.write_bytes(tampered)
        with pytest.raises(BackupError) as err:
            verify_backup(path, passphrase=PASSPHRASE)
        assert err.value.kind in ("wrong_passphrase", "foreign", "damaged"), pos
    path.write_bytes(data)
    assert verify_backup(path, passphrase=PASSPHRASE).hash_checked is False


# --- truncated, foreign, wrong passphrase ----------------------------------------------------


@pytest.mark.parametrize("which", [0, 1])
def test_truncated_or_padded_backups_are_refused(made, tmp_path, which):
    path = copy_backup(made[which], tmp_path)
    data = path.read_bytes()
    size = len(data)
    for length in (0, 1, 15, 16, 21, 22, 100, 4095, 4096, size // 2, size - 4096, size - 1):
        path.write_bytes(data[:length])
        with pytest.raises(BackupError) as err:
            verify_backup(path, passphrase=PASSPHRASE)
        assert err.value.kind == "damaged", length
    path.write_bytes(data + b"\x00")
    with pytest.raises(BackupError):
        verify_backup(path, passphrase=PASSPHRASE)


def test_truncations_are_refused_without_a_manifest_too(made, tmp_path):
    plain = copy_backup(made[0], tmp_path / "p", manifest=False)
    data = plain.read_bytes()
    for length in (0, 100, 4096, len(data) // 2, len(data) - 4096, len(data) - 1):
        plain.write_bytes(data[:length])
        with pytest.raises(BackupError):
            verify_backup(plain, require_manifest=False)
    encrypted = copy_backup(made[1], tmp_path / "e", manifest=False)
    data = encrypted.read_bytes()
    for length in (len(data) // 2, len(data) - 1):  # each costs one scrypt: two samples
        encrypted.write_bytes(data[:length])
        with pytest.raises(BackupError):
            verify_backup(encrypted, passphrase=PASSPHRASE)


def _foreign_sqlite(path: Path, revision: str | None = None) -> Path:
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        con.execute("INSERT INTO notes (text) VALUES ('别的程序的数据')")
        if revision:
            con.execute("CREATE TABLE village (id INTEGER PRIMARY KEY, name TEXT)")
            con.execute("CREATE TABLE alembic_version (version_num TEXT)")
            con.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    con.close()
    return path


def test_foreign_files_are_refused(tmp_path):
    from pyrage import passphrase as age

    cases = {
        "random.desk.sqlite3": os.urandom(8192),
        "text.desk.sqlite3": "这不是数据库".encode() * 100,
        "empty.desk.sqlite3": b"",
        "other.desk.sqlite3.age": age.encrypt(b"not a database at all" * 50, PASSPHRASE),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    _foreign_sqlite(tmp_path / "otherapp.desk.sqlite3")
    for name in [*cases, "otherapp.desk.sqlite3"]:
        with pytest.raises(BackupError) as err:
            verify_backup(tmp_path / name, passphrase=PASSPHRASE, require_manifest=False)
        assert err.value.kind in ("foreign", "damaged"), name
        assert "备份" in err.value.message
    newer = _foreign_sqlite(tmp_path / "newer.desk.sqlite3", revision="9999")
    with pytest.raises(BackupError) as err:
        verify_backup(newer, require_manifest=False)
    assert err.value.kind == "newer" and "请先升级本程序" in err.value.message


def test_passphrase_is_needed_and_a_wrong_one_is_refused(made, tmp_path):
    path = copy_backup(made[1], tmp_path)
    with pytest.raises(BackupError) as err:
        verify_backup(path)
    assert err.value.kind == "need_passphrase"
    with pytest.raises(BackupError) as err:
        verify_backup(path, passphrase="青石村-备份-2025")
    assert err.value.kind == "wrong_passphrase"
    assert err.value.message.startswith("备份密码不对")


def test_a_plain_backup_needs_its_manifest_unless_told_otherwise(made, tmp_path):
    path = copy_backup(made[0], tmp_path, manifest=False)
    with pytest.raises(BackupError) as err:
        verify_backup(path)
    assert err.value.kind == "no_manifest" and ".manifest.json" in err.value.message
    assert verify_backup(path, require_manifest=False).hash_checked is False
    manifest = copy_backup(made[0], tmp_path).with_name(path.name + ".manifest.json")
    manifest.write_text(manifest.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    with pytest.raises(BackupError) as err:
        verify_backup(path)
    assert err.value.kind == "damaged" and "说明文件" in err.value.message


# --- restore refuses and leaves the current database as it was ------------------------------


def _bad_backups(made, folder: Path) -> list[tuple[Path, str | None]]:
    flipped = copy_backup(made[0], folder / "flipped")
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 1
    flipped.write_bytes(data)
    truncated = copy_backup(made[0], folder / "truncated")
    truncated.write_bytes(truncated.read_bytes()[:-100])
    no_manifest = copy_backup(made[0], folder / "no-manifest", manifest=False)
    wrong = copy_backup(made[1], folder / "wrong")
    newer = _foreign_sqlite(folder / "newer.desk.sqlite3", revision="9999")
    foreign = folder / "foreign.desk.sqlite3"
    foreign.write_bytes(os.urandom(5000))
    return [(flipped, None), (truncated, None), (no_manifest, None), (wrong, "错误的密码-12345"),
            (newer, None), (foreign, None), (folder / "missing.desk.sqlite3", None)]


def test_restore_leaves_the_current_database_untouched_on_each_refusal(made, village, tmp_path):
    hashes = table_hashes(village)  # (a reader leaves empty -wal/-shm: take bytes after it)
    before = file_bytes(*db_files(village))
    for bad, passphrase in _bad_backups(made, tmp_path / "bad"):
        with pytest.raises(BackupError):
            restore_backup(bad, village, passphrase=passphrase)
        assert file_bytes(*db_files(village)) == before, bad
        assert partials(village.parent) == []
        assert not list(village.parent.glob("*.before-restore-*"))
    assert table_hashes(village) == hashes


# --- injected faults -------------------------------------------------------------------------


class Faults:
    """Counts the file-system calls backup makes and fails the n-th with OSError(code)."""

    OS_CALLS = ("open", "write", "fsync", "close", "rename", "replace", "link", "unlink")

    def __init__(self, monkeypatch, fail_at: int | None = None, code: int = errno.ENOSPC):
        self.calls, self.fail_at, self.code, self.failed = 0, fail_at, code, None
        for name in self.OS_CALLS:
            monkeypatch.setattr(os, name, self._wrap(getattr(os, name), f"os.{name}"))
        for module in (db.backup.io, db.backup.common, db.backup.make, db.backup.verify, db.backup.restore):  # reads through the builtin open()
            monkeypatch.setattr(module, "open", self._wrap(open, "open"), raising=False)

    def _wrap(self, fn, name):
        def call(*args, **kwargs):
            self.calls += 1
            if self.calls == self.fail_at:
                self.failed = name
                raise OSError(self.code, os.strerror(self.code))
            return fn(*args, **kwargs)

        return call


def _count_calls(monkeypatch, action) -> int:
    with monkeypatch.context() as mp:
        faults = Faults(mp)
        action()
    return faults.calls


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_a_fault_at_each_write_leaves_no_backup_name_and_the_source_untouched(
    village, tmp_path, monkeypatch, code
):
    stick = tmp_path / "stick"
    stick.mkdir()
    earlier = make_backup(village, stick)
    earlier_files = file_bytes(earlier.path, earlier.manifest_path)
    source, hashes = village.read_bytes(), table_hashes(village)
    total = _count_calls(monkeypatch, lambda: make_backup(village, stick))
    for p in set(stick.iterdir()) - {earlier.path, earlier.manifest_path}:
        p.unlink()
    assert total >= 15

    refused = 0
    for n in range(1, total + 1):
        with monkeypatch.context() as mp:
            faults = Faults(mp, fail_at=n, code=code)
            try:
                result = make_backup(village, stick)
            except BackupError as exc:
                refused += 1
                assert exc.kind == ("no_space" if code == errno.ENOSPC else "io"), faults.failed
                assert "U盘" in exc.message or "硬盘" in exc.message
            else:  # the fault hit a best-effort step (clean-up, history) after the backup
                assert verify_backup(result.path).sha256 == result.sha256
                result.path.unlink()
                result.manifest_path.unlink()
        assert sorted(final_names(stick)) == sorted([earlier.path.name, earlier.manifest_path.name])
        assert partials(stick) == [], (n, faults.failed)
        assert file_bytes(earlier.path, earlier.manifest_path) == earlier_files
        assert village.read_bytes() == source
        for p in village.parent.glob(".*.partial"):
            p.unlink()  # a scratch file whose removal was the failed call: cleaned later
    assert table_hashes(village) == hashes
    assert refused >= total // 2


def test_a_full_stick_and_a_read_only_stick_say_what_to_do(village, tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    real_open = os.open

    def read_only(path, flags, *args):
        if Path(path).parent == stick and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(BackupError) as err:
        make_backup(village, stick)
    assert err.value.kind == "read_only" and "写保护" in err.value.message
    monkeypatch.undo()

    def full(path, flags, *args):
        if Path(path).parent == stick and flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(BackupError) as err:
        make_backup(village, stick)
    assert err.value.message == "U盘空间不足，请换一个U盘或删掉U盘上不需要的文件后重试。"
    assert list(stick.iterdir()) == []


def test_a_stick_too_small_is_refused_before_writing(village, tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(db.backup.common.shutil, "disk_usage",
                        lambda _p: shutil._ntuple_diskusage(8 << 30, 8 << 30, 100_000))
    with pytest.raises(BackupError) as err:
        make_backup(village, stick)
    assert err.value.kind == "no_space" and "U盘空间不足" in err.value.message
    assert list(stick.iterdir()) == []


def test_a_full_local_disk_during_the_snapshot(village, tmp_path, monkeypatch):
    def full(*_args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db.backup.make, "_snapshot", full)
    with pytest.raises(BackupError) as err:
        make_backup(village, tmp_path)
    assert err.value.kind == "no_space" and "电脑硬盘空间不足" in err.value.message


def test_a_fault_at_each_step_of_restore_leaves_the_current_database(made, village, monkeypatch):
    original, hashes = village.read_bytes(), table_hashes(village)
    backup = copy_backup(made[0], village.parent / "in")

    def reset():
        for p in db_files(village):
            p.unlink(missing_ok=True)
        village.write_bytes(original)

    total = _count_calls(monkeypatch, lambda: restore_backup(backup, village))
    restored = table_hashes(village)
    assert restored != hashes and total >= 8
    outcomes = set()
    for n in range(1, total + 1):
        reset()
        with monkeypatch.context() as mp:
            faults = Faults(mp, fail_at=n)
            try:
                restore_backup(backup, village)
                outcome = "done"
            except BackupError:
                outcome = "refused"
        outcomes.add(outcome)
        after = table_hashes(village)
        assert after == (hashes if outcome == "refused" else restored), (n, faults.failed)
        assert partials(village.parent) == [], (n, faults.failed)
    assert "refused" in outcomes


# --- kills -------------------------------------------------------------------------------------

CHILD = """
import itertools, sys
from pathlib import Path
from db.backup import make_backup
db, dest = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
for i in itertools.count():
    make_backup(db, dest)
"""


@pytest.mark.slow
def test_killed_in_the_middle_of_100_backups(village, tmp_path):
    """Backups run back to back in a child that is killed at a random moment, again and again,
    until 100 backups were started (each kill interrupts one)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    hashes = table_hashes(village)
    rng = random.Random(42)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    kills, deadline = 0, time.monotonic() + 300  # a safety net on a loaded machine, not a goal

    def started() -> int:
        return len(list(stick.glob("*.desk.sqlite3"))) + kills

    while (started() < 100 or kills < 10) and time.monotonic() < deadline:
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(village), str(stick)],
                                 stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.5))
        child.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        child.wait()
        child.stdout.close()
        kills += 1

    backups = sorted(stick.glob("*.desk.sqlite3"))
    assert started() >= 100 and kills >= 10
    left = partials(stick) + partials(village.parent)
    assert left, "no kill landed in the middle of a backup"
    for path in backups:  # every file with a backup's name is a whole, verified backup
        assert verify_backup(path).sha256
    for path in stick.iterdir():
        assert path.name in final_names(stick) or (
            path.name.startswith(".") and path.name.endswith(".partial")), path.name
    assert table_hashes(village) == hashes
    assert make_backup(village, stick).path.exists()  # leftovers never block the next one
