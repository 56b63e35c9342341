"""No file is public: everything created beside the database and in a backup folder is 0600,
every folder 0700 (POSIX), even under a loose umask."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from db.backup import auto_backup, auto_folder, make_backup, restore_backup
from db.engine import dispose_engine, get_engine
from db.lock import DatabaseLock
from db.schema import open_database, upgrade
from db.settings.village import setup_village
from tests.db.backup_helpers import PASSPHRASE, add_cases
from tests.db.built_files import copy_built

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

VILLAGE = dict(name="青石村", committee="青石村民委员会", township="云岭镇", county="安平县",
               case_prefix="青调", clerk="李文书")


@pytest.fixture
def loose_umask():
    """The usual desktop umask (022): files would be world-readable if we left it to it."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, int]:
    """Every file and folder under `root` (root excluded) -> permission bits."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            out[str(p.relative_to(root))] = stat.S_IMODE(os.lstat(p).st_mode)
    return out


def assert_private(root: Path) -> dict[str, int]:
    found = modes(root)
    loose = {}
    for name, mode in found.items():
        want = 0o700 if (root / name).is_dir() else 0o600
        if mode != want:
            loose[name] = oct(mode)
    assert not loose, f"not private: {loose}"
    return found


def clock(h: int, m: int = 0):
    return lambda: datetime(2026, 3, 2, h, m)


def test_every_file_and_folder_we_create_is_private(tmp_path, loose_umask):
    data = tmp_path / "data"  # created by us: 0700
    db_path = data / "desk.db"
    stick = tmp_path / "stick"
    stick.mkdir()  # the stick's own folder is the user's: only what we put in it counts

    engine = open_database(db_path)
    setup_village(engine, VILLAGE, ["一组", "二组"])
    with DatabaseLock(db_path):
        add_cases(db_path, 5)
        dispose_engine(db_path)
        plain = make_backup(db_path, stick, clock=clock(9))
        sealed = make_backup(db_path, stick, passphrase=PASSPHRASE, clock=clock(9, 1))
        auto = auto_backup(db_path, clock=clock(10))
        assert auto is not None and auto.parent.is_relative_to(auto_folder(db_path).parent)
        add_cases(db_path, 2, start=6)
        restored = restore_backup(plain.path, db_path, clock=clock(11))
        assert restored.safety_copy is not None
        restored2 = restore_backup(sealed.path, db_path, passphrase=PASSPHRASE, clock=clock(12))
        assert restored2.safety_copy is not None
        engine = open_database(db_path)  # WAL again: -wal/-shm come back
        add_cases(db_path, 1, start=20)
        with engine.connect() as c:
            c.exec_driver_sql("SELECT count(*) FROM dispute").fetchone()
        beside = assert_private(data)
        # the lock is still held here, its file is among them
        assert "desk.db.lock" in beside
    on_stick = assert_private(stick)
    dispose_engine(db_path)

    names = set(beside)
    assert "desk.db" in names and "backups" in names
    assert any(n.startswith("desk.db.before-restore-") for n in names)  # safety copies
    assert "backups/history.json" in names  # the stick log
    assert any(n.endswith(".desk.sqlite3") and n.startswith("backups/auto/") for n in names)
    assert any(n.endswith(".manifest.json") and n.startswith("backups/auto/") for n in names)
    assert {plain.path.name, plain.manifest_path.name, sealed.path.name,
            sealed.manifest_path.name} <= set(on_stick)
    assert (os.stat(data).st_mode & 0o777) == 0o700


def test_the_wal_and_shm_of_a_new_database_are_private(tmp_path, loose_umask):
    db_path = tmp_path / "new.db"
    engine = open_database(db_path)
    setup_village(engine, VILLAGE, ["一组"])
    assert Path(f"{db_path}-wal").exists()
    for p in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
    dispose_engine(db_path)


def test_an_engine_on_a_new_file_makes_it_private(tmp_path, loose_umask):
    db_path = tmp_path / "plain.db"
    upgrade(get_engine(db_path))
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    dispose_engine(db_path)


def test_a_database_left_world_readable_by_an_older_version_is_tightened(tmp_path, loose_umask,
                                                                        _template_files):
    db_path = tmp_path / "old.db"
    db_path.write_bytes(_template_files["empty"].read_bytes())  # a whole file at the newest schema
    os.chmod(db_path, 0o644)
    open_database(db_path)
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    dispose_engine(db_path)


def test_an_upgrade_copy_of_an_older_file_is_private(tmp_path, loose_umask):
    db_path = tmp_path / "older.db"
    engine = get_engine(db_path)
    upgrade(engine, "0001")
    dispose_engine(db_path)
    os.chmod(db_path, 0o644)
    open_database(db_path)
    copies = [p for p in tmp_path.iterdir() if ".before-upgrade-" in p.name]
    assert copies
    for p in copies:
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
    dispose_engine(db_path)


def test_backups_left_readable_by_an_older_version_are_made_private(tmp_path, loose_umask,
                                                                   _template_files):
    db_path = tmp_path / "desk.db"
    copy_built(_template_files["village"], db_path)  # the conftest village, opened as the app does
    dispose_engine(db_path)
    legacy = tmp_path / "backups" / "auto"  # the old shared folder, made 0755 by os.mkdir
    legacy.mkdir(parents=True, mode=0o755)
    os.chmod(legacy.parent, 0o755)
    old = make_backup(db_path, legacy, clock=clock(8))
    for p in (old.path, old.manifest_path):
        os.chmod(p, 0o644)
    history = legacy.parent / "history.json"
    history.write_text("{}", encoding="utf-8")
    os.chmod(history, 0o644)
    other = tmp_path / "notes.txt"  # not ours: left alone
    other.write_text("x")
    os.chmod(other, 0o644)
    auto_backup(db_path, clock=clock(9))
    assert_private(tmp_path / "backups")
    assert stat.S_IMODE(os.stat(other).st_mode) == 0o644
    dispose_engine(db_path)


def test_printouts_and_exports_are_private_too(tmp_path):
    """A PDF or an xlsx holds names and ID numbers: written 0600 into a 0700 output folder."""
    from desk.output import export_path
    from forms.render.output import write_atomic

    old = os.umask(0o022)
    try:
        target = export_path(tmp_path / "village.db", "卷宗", "pdf")
        write_atomic(target, lambda p: p.write_bytes(b"%PDF-1.4 test"))
    finally:
        os.umask(old)
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(target.parent).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert target.read_bytes() == b"%PDF-1.4 test"
