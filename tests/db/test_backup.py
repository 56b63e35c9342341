"""Backup and restore on real files: round trips, manifest, names, migration, automatic backups,
rotation, the stick reminder, the check on open and the drive list."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from db.backup import (
    BackupError,
    auto_backup,
    auto_folder,
    drives,
    known_backups,
    last_stick_backup,
    legacy_auto_folder,
    list_backups,
    make_backup,
    newest_verified_backup,
    quick_check_on_open,
    restore_backup,
    rotate,
    stick_backup_warning,
    verify_backup,
)
from db.engine import dispose_engine, make_engine
from db.probe import known_revisions
from db.schema import open_database, upgrade
from tests.db.backup_helpers import (
    BACKUP_VILLAGE,
    PASSPHRASE,
    add_cases,
    final_names,
    flip_bit,
    partials,
    table_hashes,
)
from tests.db.built_files import copy_built

HEAD = known_revisions()[-1]


def fixed(when: datetime):
    return lambda: when


@pytest.fixture
def village(built, db_path):
    """The small village of conftest plus 30 cases (built once, a copy for each test); the
    engine is closed so files are settled. `sealed` (tests/db/conftest.py) is a backup of it."""
    copy_built(built(*BACKUP_VILLAGE)[0], db_path)
    dispose_engine(db_path)
    return db_path


def copy_sealed(sealed, folder: Path) -> Path:
    """The shared encrypted backup and its manifest copied into `folder`."""
    result, _ = sealed
    for p in (result.path, result.manifest_path):
        shutil.copyfile(p, folder / p.name)
    return folder / result.path.name


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def test_backup_then_restore_gives_identical_tables(village, stick):
    before = table_hashes(village)
    result = make_backup(village, stick)
    add_cases(village, 5, start=1000)  # work done after the backup ...
    changed = table_hashes(village)
    assert changed != before

    restored = restore_backup(result.path, village)

    assert table_hashes(village) == before  # ... is rolled back to the backup
    assert table_hashes(restored.safety_copy) == changed  # ... and kept in the safety copy
    assert restored.safety_copy.name.startswith("village.db.before-restore-")
    assert restored.migrated_from is None
    assert not Path(f"{village}-wal").exists() or Path(f"{village}-wal").stat().st_size == 0
    engine = open_database(village)  # the app opens the restored file as current
    with engine.connect() as con:
        assert con.exec_driver_sql("SELECT count(*) FROM dispute").scalar() == 30


def test_restore_while_the_app_engine_holds_unwritten_wal_keeps_it_in_the_safety_copy(
    village, stick
):
    result = make_backup(village, stick)
    engine = open_database(village)  # as the app has it: WAL, pooled connection kept open
    with engine.begin() as con:
        con.exec_driver_sql("UPDATE village SET clerk = '新文书' WHERE id = 1")
    wal = Path(f"{village}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the change lives in the WAL so far

    restored = restore_backup(result.path, village)

    assert not wal.exists() or wal.stat().st_size == 0  # no old WAL next to the new file
    con = sqlite3.connect(restored.safety_copy)
    assert con.execute("SELECT clerk FROM village").fetchone() == ("新文书",)
    con.close()
    con = sqlite3.connect(village)
    assert con.execute("SELECT clerk FROM village").fetchone() == ("李文书",)
    con.close()
    with open_database(village).connect() as con:  # the app's next engine sees the backup
        assert con.exec_driver_sql("SELECT clerk FROM village").scalar() == "李文书"


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
def test_encrypted_backup_is_standard_age_and_restores(village, stick):
    from pyrage import passphrase as age

    before = table_hashes(village)
    result = make_backup(village, stick, passphrase=PASSPHRASE)

    assert result.encrypted and result.path.name.endswith(".desk.sqlite3.age")
    data = result.path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert result.kdf_log_n >= 17  # OWASP minimum for scrypt: N = 2^17
    manifest = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    assert manifest["kdf"] == {"name": "scrypt", "log_n": result.kdf_log_n}
    plain = age.decrypt(data, PASSPHRASE)  # any age tool opens it with the passphrase
    assert plain.startswith(b"SQLite format 3\x00")
    assert hashlib.sha256(plain).hexdigest() == result.sha256 != result.file_sha256
    assert PASSPHRASE.encode() not in result.manifest_path.read_bytes()

    add_cases(village, 3, start=500)
    restore_backup(result.path, village, passphrase=PASSPHRASE)
    assert table_hashes(village) == before


def test_an_encrypted_backups_manifest_tells_nothing_of_its_content(sealed):
    result, verified = sealed
    text = result.manifest_path.read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert set(manifest) == {"format", "app", "app_version", "created_at", "encrypted", "kdf",
                             "file_sha256", "file_size"}
    assert manifest["format"] == "desk-backup/2" and manifest["encrypted"] is True
    assert manifest["file_sha256"] == hashlib.sha256(result.path.read_bytes()).hexdigest()
    assert manifest["file_size"] == result.path.stat().st_size
    assert manifest["created_at"] == "2026-11-20T08:30:05"
    for secret in ("青石村", result.sha256, "dispute", "party", "counts", "audit", "李文书"):
        assert secret not in text, secret
    # what is inside is checked after decrypting (verify_backup, in the fixture)
    assert verified.hash_checked and verified.village == "青石村"
    assert verified.counts["dispute"] == 30 and verified.schema_revision == HEAD


def test_a_changed_ciphertext_is_refused_before_decrypting(sealed, stick):
    path = copy_sealed(sealed, stick)
    flip_bit(path, 8 * (path.stat().st_size - 40))
    with pytest.raises(BackupError) as caught:
        verify_backup(path, passphrase=PASSPHRASE)
    assert caught.value.kind == "damaged"
    with pytest.raises(BackupError) as caught:  # and without its manifest, age itself refuses
        path.with_name(path.name + ".manifest.json").unlink()
        verify_backup(path, passphrase=PASSPHRASE)
    assert caught.value.kind == "wrong_passphrase" and "已损坏" in caught.value.message


def test_an_encrypted_backup_with_an_old_format_manifest_still_restores(village, stick, sealed):
    before = table_hashes(village)  # the same village the shared backup was made of
    path = copy_sealed(sealed, stick)
    manifest_path = path.with_name(path.name + ".manifest.json")
    old = json.loads(manifest_path.read_text(encoding="utf-8"))
    facts = sealed[1]  # verify_backup of this very file, in the fixture
    old.update(format="desk-backup/1", schema_revision=facts.schema_revision,
               village=facts.village, sha256=facts.sha256, size=facts.size,
               counts=facts.counts, last_audit_id=0)
    manifest_path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    add_cases(village, 2, start=600)
    restore_backup(path, village, passphrase=PASSPHRASE)
    assert table_hashes(village) == before
    # the old format's inner facts are still checked: a wrong count is refused
    old["counts"] = dict(facts.counts, dispute=99)
    manifest_path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BackupError) as caught:
        verify_backup(path, passphrase=PASSPHRASE)
    assert caught.value.kind == "damaged"


def test_a_sealed_manifest_beside_a_plain_file_is_refused(village, stick, sealed):
    plain = make_backup(village, stick)
    manifest = json.loads(sealed[0].manifest_path.read_text(encoding="utf-8"))
    manifest.update(file_sha256=hashlib.sha256(plain.path.read_bytes()).hexdigest(),
                    file_size=plain.path.stat().st_size)
    plain.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BackupError) as caught:
        verify_backup(plain.path)
    assert caught.value.kind == "damaged"


def test_manifest_says_what_was_backed_up(village, stick):
    when = datetime(2026, 11, 20, 8, 30, 5)
    result = make_backup(village, stick, clock=fixed(when))

    assert result.path.name == "青石村-20261120-083005.desk.sqlite3"
    assert result.manifest_path.name == result.path.name + ".manifest.json"
    manifest = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    import hashlib

    digest = hashlib.sha256(result.path.read_bytes()).hexdigest()
    assert manifest["sha256"] == manifest["file_sha256"] == digest == result.sha256
    assert manifest["file_size"] == result.path.stat().st_size == result.size
    assert manifest["created_at"] == "2026-11-20T08:30:05"
    assert manifest["village"] == "青石村"
    assert manifest["schema_revision"] == HEAD
    assert manifest["encrypted"] is False and manifest["kdf"] is None
    assert manifest["counts"]["dispute"] == 30 and manifest["counts"]["party"] == 60
    assert manifest["counts"]["hamlet"] == 4 and manifest["counts"]["cadre"] == 4
    assert manifest["last_audit_id"] > 30
    assert manifest["app_version"]
    assert partials(stick) == []
    assert [p.name for p in village.parent.iterdir() if p.name.endswith(".partial")] == []


def test_never_overwrites_an_earlier_backup(village, stick):
    when = fixed(datetime(2026, 11, 20, 8, 30, 5))
    first = make_backup(village, stick, clock=when)
    first_bytes = first.path.read_bytes()
    add_cases(village, 2, start=900)
    second = make_backup(village, stick, clock=when)
    third = make_backup(village, stick, clock=when)

    assert second.path.name == "青石村-20261120-083005-2.desk.sqlite3"
    assert third.path.name == "青石村-20261120-083005-3.desk.sqlite3"
    assert first.path.read_bytes() == first_bytes
    assert len(final_names(stick)) == 6
    for result in (first, second, third):
        assert verify_backup(result.path).sha256 == result.sha256


def test_progress_is_reported_in_order_and_ends_at_one(village, stick):
    seen: list[tuple[str, float]] = []
    make_backup(village, stick, progress=lambda text, f: seen.append((text, f)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert seen[-1][0].endswith("现在可以拔出U盘了。")
    assert any("写入U盘" in text for text, _ in seen)

    steps: list[float] = []
    backup = sorted(stick.glob("*.sqlite3"))[0]
    restore_backup(backup, village, progress=lambda _t, f: steps.append(f))
    assert steps == sorted(steps) and steps[-1] == 1.0


def test_a_progress_callback_can_cancel_and_nothing_is_left(village, stick):
    class Cancelled(Exception):
        pass

    def cancel(text, _f):
        if "写入U盘" in text:
            raise Cancelled

    with pytest.raises(Cancelled):
        make_backup(village, stick, progress=cancel)
    assert list(stick.iterdir()) == []


def test_folders_with_spaces_hash_signs_and_chinese_work(village, tmp_path):
    odd = tmp_path / "村委 数据#1%20?"
    odd.mkdir()
    db_path = odd / "台账 2026.db"
    db_path.write_bytes(village.read_bytes())
    stick = odd / "U盘 #2"
    stick.mkdir()
    result = make_backup(db_path, stick)
    assert verify_backup(result.path).counts["dispute"] == 30
    assert restore_backup(result.path, db_path).safety_copy.exists()
    assert quick_check_on_open(db_path) is None
    assert table_hashes(db_path) == table_hashes(village)


def test_restore_onto_a_fresh_install(village, stick, tmp_path):
    result = make_backup(village, stick)
    new_pc = tmp_path / "new-pc" / "data" / "desk.db"

    restored = restore_backup(result.path, new_pc)

    assert restored.safety_copy is None
    assert table_hashes(new_pc) == table_hashes(village)
    dispose_engine(new_pc)


def test_older_schema_backup_is_restored_and_migrated(tmp_path, village, stick):
    old = tmp_path / "old" / "village.db"
    old.parent.mkdir()
    engine = make_engine(old)
    upgrade(engine, "0001")
    engine.dispose()
    con = sqlite3.connect(old)
    with con:
        con.execute("INSERT INTO village (created_at, updated_at, id, name, committee, township,"
                    " county, case_prefix, clerk, backup_encrypt) VALUES ('2025-01-01 00:00:00',"
                    " '2025-01-01 00:00:00', 1, '老村', '', '', '', '老调', '', 0)")
        con.execute("INSERT INTO hamlet (created_at, updated_at, name, position, active)"
                    " VALUES ('2025-01-01 00:00:00', '2025-01-01 00:00:00', '老一组', 1, 1)")
    con.close()
    backup = make_backup(old, stick)
    assert json.loads(backup.manifest_path.read_text(encoding="utf-8"))["schema_revision"] == "0001"
    assert verify_backup(backup.path).needs_upgrade

    restored = restore_backup(backup.path, village)

    assert restored.migrated_from == "0001"
    con = sqlite3.connect(village)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert con.execute("SELECT name FROM village").fetchall() == [("老村",)]
        assert con.execute("SELECT name FROM hamlet").fetchall() == [("老一组",)]
        assert con.execute("SELECT count(*) FROM dispute").fetchone()[0] == 0  # table now exists
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert not any(p.name.endswith(".partial") for p in village.parent.iterdir())


# --- automatic backups and rotation ---------------------------------------------------------


def test_auto_backup_only_when_something_changed(village):
    t0 = datetime(2026, 3, 2, 9, 0)
    first = auto_backup(village, clock=fixed(t0))
    assert first is not None and first.parent == auto_folder(village)
    assert auto_backup(village, clock=fixed(t0 + timedelta(hours=1))) is None  # nothing new

    add_cases(village, 1, start=700)
    assert auto_backup(village, clock=fixed(t0 + timedelta(minutes=10)),
                       min_interval=timedelta(minutes=30)) is None  # too soon
    second = auto_backup(village, clock=fixed(t0 + timedelta(minutes=40)),
                         min_interval=timedelta(minutes=30))
    assert second is not None and second != first
    assert verify_backup(second).counts["dispute"] == 31
    assert last_stick_backup(village) is None  # automatic backups are not stick backups


def _expected_keep(days: list[date], at: str) -> set[str]:
    """The 17:00 backup of: the last 12 days, the last day of the last 10 weeks and 9 months."""
    keep = set(days[-12:])
    rules = ((lambda d: tuple(d.isocalendar())[:2], 10), (lambda d: (d.year, d.month), 9))
    for key, count in rules:
        newest: dict = {}
        for d in days:
            newest[key(d)] = d  # days ascend: the last one seen is the newest of its bucket
        keep |= {newest[k] for k in sorted(newest)[-count:]}
    return {f"青石村-{d:%Y%m%d}-{at}.desk.sqlite3" for d in keep}


def test_rotation_over_400_days_keeps_12_daily_10_weekly_9_monthly(village, tmp_path):
    folder = tmp_path / "auto"
    folder.mkdir()
    seed = make_backup(village, folder, clock=fixed(datetime(2020, 1, 1)))
    data, manifest = seed.path.read_bytes(), seed.manifest_path.read_bytes()
    seed.path.unlink()
    seed.manifest_path.unlink()

    start = date(2025, 10, 1)
    days = [start + timedelta(days=i) for i in range(400)]
    for day in days:
        for at in ("090000", "170000"):  # two backups a day; 17:00 is the newest of the day
            name = f"青石村-{day:%Y%m%d}-{at}.desk.sqlite3"
            (folder / name).write_bytes(data)
            (folder / (name + ".manifest.json")).write_bytes(manifest)
        rotate(folder, fixed(datetime.combine(day, datetime.min.time()) + timedelta(hours=18)))
        names = {b.path.name for b in list_backups(folder)}
        assert f"青石村-{day:%Y%m%d}-170000.desk.sqlite3" in names  # the newest is always kept
        assert len(names) <= 12 + 10 + 9

    kept = {b.path.name for b in list_backups(folder)}
    assert kept == _expected_keep(days, "170000")
    assert 25 <= len(kept) <= 31
    manifests = {p.name.removesuffix(".manifest.json") for p in folder.glob("*.manifest.json")}
    assert manifests == kept  # removed backups took their manifests with them


def test_rotation_never_removes_the_newest_verified_backup(village, tmp_path):
    folder = tmp_path / "auto"
    folder.mkdir()
    made = [make_backup(village, folder, clock=fixed(datetime(2026, 5, d, 12))) for d in (1, 2, 3)]
    flip_bit(made[-1].path, 8 * 5000)  # the newest one went bad on disk

    removed = rotate(folder, fixed(datetime(2026, 5, 3, 13)), daily=1, weekly=0, monthly=0)

    assert removed == [made[0].path]
    kept = [b.path for b in list_backups(folder)]
    assert kept == [made[2].path, made[1].path]  # newest (bad) by the daily rule, newest good
    assert not made[0].manifest_path.exists()


def test_rotation_removes_stale_scratch_files_only(tmp_path):
    folder = tmp_path / "auto"
    folder.mkdir()
    old = folder / ".青石村-20260101-000000.desk.sqlite3.ab12.partial"
    fresh = folder / ".青石村-20260102-000000.desk.sqlite3.cd34.partial"
    other = folder / "notes.txt"
    orphan = folder / "青石村-20260101-000000.desk.sqlite3.manifest.json"  # killed before rename
    for p in (old, fresh, other, orphan):
        p.write_bytes(b"x")
    os.utime(old, (0, 0))
    os.utime(orphan, (0, 0))
    rotate(folder, fixed(datetime(2026, 1, 2)))
    assert not old.exists() and not orphan.exists()
    assert fresh.exists() and other.exists()


def test_a_backup_cleans_scratch_left_by_an_earlier_kill(village, stick):
    stale_snapshot = village.parent / ".snapshot.0badf00d.partial"
    stale_on_stick = stick / ".青石村-20260101-000000.desk.sqlite3.0badf00d.partial"
    someone_elses = village.parent / ".report.pdf.1234.partial"
    for p in (stale_snapshot, stale_on_stick, someone_elses):
        p.write_bytes(b"half")
        os.utime(p, (0, 0))
    make_backup(village, stick)
    assert not stale_snapshot.exists() and not stale_on_stick.exists()
    assert someone_elses.exists()


# --- the stick reminder and the check on open ----------------------------------------------


def test_stick_reminder_after_seven_days(village, stick):
    assert "还没有把数据备份到U盘" in stick_backup_warning(village, date(2026, 11, 1))
    make_backup(village, stick, clock=fixed(datetime(2026, 11, 1, 10, 0)))
    assert last_stick_backup(village) == datetime(2026, 11, 1, 10, 0)
    assert stick_backup_warning(village, date(2026, 11, 8)) is None
    warning = stick_backup_warning(village, date(2026, 11, 9))
    assert warning == "上次备份到U盘是 2026年11月1日（8 天前），请插上U盘按 F6 备份。"


def _damage(db_path: Path) -> None:
    """Overwrite pages 2.. of the file (schema pages of the tables) with garbage."""
    with open(db_path, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xa5" * 4096 * 12)


def test_quick_check_on_open_moves_a_damaged_file_aside_and_offers_a_backup(village):
    assert quick_check_on_open(village) is None  # a sound file: nothing to say
    made = auto_backup(village, clock=fixed(datetime(2026, 11, 27, 18, 30)))
    _damage(village)

    message = quick_check_on_open(village, clock=fixed(datetime(2026, 11, 28, 8, 0)))

    aside = village.with_name("village.db.damaged-20261128-080000")
    assert aside.exists() and not village.exists()  # moved, never deleted
    assert "已损坏" in message and aside.name in message
    assert "2026年11月27日 18:30" in message and str(made) in message
    assert newest_verified_backup(village).path == made
    restore_backup(made, village)
    assert quick_check_on_open(village) is None


def test_quick_check_without_any_backup_says_where_to_look(village):
    _damage(village)
    message = quick_check_on_open(village)
    assert "没有找到完好的备份" in message and "U盘" in message


def test_a_stick_backup_is_offered_when_it_is_the_newest(village, stick):
    auto_backup(village, clock=fixed(datetime(2026, 11, 1, 9, 0)))
    add_cases(village, 1, start=800)
    on_stick = make_backup(village, stick, clock=fixed(datetime(2026, 11, 2, 9, 0)))
    assert newest_verified_backup(village).path == on_stick.path
    on_stick.path.unlink()  # the stick went back to the township
    assert newest_verified_backup(village).kind == "auto"


# --- the drive list --------------------------------------------------------------------------


def test_removable_drives_lists_mount_points_only(tmp_path, monkeypatch):
    media = tmp_path / "media"
    stick_dir, empty_dir = media / "clerk" / "KINGSTON", media / "clerk" / "old"
    stick_dir.mkdir(parents=True)
    empty_dir.mkdir()
    monkeypatch.setattr(drives, "LINUX_PATTERNS", (f"{media}/*/*", f"{media}/*"))
    monkeypatch.setattr(drives.os.path, "ismount", lambda p: str(p) == str(stick_dir))

    found = drives._linux_drives(drives.LINUX_PATTERNS)

    assert [(d.path, d.label) for d in found] == [(stick_dir, "KINGSTON")]
    assert found[0].free_bytes and found[0].free_bytes > 0


def test_windows_lists_removable_letters_with_their_labels(monkeypatch):
    import ctypes

    class Kernel32:
        def GetLogicalDrives(self):  # noqa: N802  (the Win32 names)
            return 0b10100  # C: and E:

        def GetDriveTypeW(self, root):  # noqa: N802
            return {"C:\\": 3, "E:\\": drives.DRIVE_REMOVABLE}[root.value]

        def GetVolumeInformationW(self, root, name, *_rest):  # noqa: N802
            name.value = "KINGSTON"
            return 1

    monkeypatch.setattr(ctypes, "windll", type("W", (), {"kernel32": Kernel32()})(), raising=False)
    found = drives._windows_drives()
    assert [(str(d.path), d.label) for d in found] == [("E:\\", "KINGSTON (E:)")]


def test_removable_drives_never_fails(monkeypatch):
    def broken(*_a, **_k):
        raise OSError("no /media")

    monkeypatch.setattr(drives, "glob", broken)
    assert drives.removable_drives() == []
    monkeypatch.setattr(drives.os, "name", "nt")  # no windll here: still an empty list
    assert drives.removable_drives() == []


def test_errors_are_chinese_sentences_that_say_what_to_do(village, tmp_path):
    with pytest.raises(BackupError) as err:
        make_backup(village, tmp_path / "no-such-stick")
    assert err.value.kind == "no_folder" and "请确认U盘已插好" in err.value.message
    with pytest.raises(BackupError) as err:
        make_backup(village, tmp_path, passphrase="short")
    assert err.value.kind == "weak_passphrase" and "至少" in err.value.message


# --- two databases in one folder --------------------------------------------------------------


def _second_village(village: Path, name: str = "demo.db") -> Path:
    """A second database beside the first (a copy: same village, its own file)."""
    other = village.with_name(name)
    con = sqlite3.connect(village)
    try:
        con.execute("VACUUM INTO ?", (str(other),))
    finally:
        con.close()
    return other


def test_two_databases_in_one_folder_keep_their_own_automatic_backups(village):
    demo = _second_village(village)
    t0 = datetime(2026, 3, 2, 9, 0)
    mine = auto_backup(village, clock=fixed(t0))
    theirs = auto_backup(demo, clock=fixed(t0))
    assert mine.parent == auto_folder(village) != auto_folder(demo) == theirs.parent
    assert mine.parent.name == village.name and theirs.parent.name == "demo.db"

    # The change check reads its own newest manifest: demo changes, village does not.
    add_cases(demo, 1, start=900)
    assert auto_backup(village, clock=fixed(t0 + timedelta(hours=1))) is None
    assert auto_backup(demo, clock=fixed(t0 + timedelta(hours=1))) is not None
    # village changes after demo's newer backup: village still backs up (it would not if it
    # read demo's manifest, which already counts 31 cases).
    add_cases(village, 1, start=901)
    mine = auto_backup(village, clock=fixed(t0 + timedelta(hours=2)))
    assert mine is not None
    kept = {b.path for b in list_backups(auto_folder(village))}  # its own rotation ran

    # Pruning one never deletes the other's: 40 days of demo backups, village's stay.
    for day in range(1, 41):
        add_cases(demo, 1, start=1000 + day)
        auto_backup(demo, clock=fixed(t0 + timedelta(days=day)))
    assert mine.exists() and mine.with_name(mine.name + ".manifest.json").exists()
    assert {b.path for b in list_backups(auto_folder(village))} == kept
    assert len(list_backups(auto_folder(demo))) < 41  # demo's own were rotated
    assert {b.path.parent for b in known_backups(village) if b.kind == "auto"} == {mine.parent}
    dispose_engine(demo)


def test_backups_of_the_old_shared_folder_are_still_offered_but_never_pruned(village):
    legacy = legacy_auto_folder(village)
    legacy.mkdir(parents=True)
    old = make_backup(village, legacy, clock=fixed(datetime(2025, 1, 1, 8, 0)))
    for day in range(1, 30):
        add_cases(village, 1, start=2000 + day)
        auto_backup(village, clock=fixed(datetime(2026, 3, 1, 9) + timedelta(days=day)))
    assert old.path.exists()  # rotation only looks at this database's own folder
    offered = [b.path for b in known_backups(village)]
    assert old.path in offered and offered[-1] == old.path  # the oldest, last


def test_stick_reminders_are_kept_per_database(village, stick):
    demo = _second_village(village)
    make_backup(demo, stick, clock=fixed(datetime(2026, 11, 20, 9, 0)))
    assert last_stick_backup(demo) == datetime(2026, 11, 20, 9, 0)
    assert last_stick_backup(village) is None  # demo's backup does not silence the real one
    make_backup(village, stick, clock=fixed(datetime(2026, 11, 21, 9, 0)))
    assert last_stick_backup(village) == datetime(2026, 11, 21, 9, 0)
    assert last_stick_backup(demo) == datetime(2026, 11, 20, 9, 0)
    dispose_engine(demo)
