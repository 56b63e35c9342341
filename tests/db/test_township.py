"""The township reads village files: figures equal the village's own, rows add up, bad files are
named and skipped while the others count, the same village twice uses the newest, missing and
late villages are listed, an older schema is migrated in the copy, the stick is only read."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date, datetime
from functools import cache

import pytest

from db.engine import dispose_engine
from db.schema import downgrade, open_database
from db.stats.figures import monthly_figures
from db.stats.table import columns, statistics_row
from db.township.collect import township_table
from db.township.read import read_backup
from db.township.submit import read_submission, write_submission
from tests.db.township_helpers import (
    MONTH,
    backup,
    copy_backup,
    newer_version_backup,
    village_copies,
)

TODAY = date(2026, 11, 20)
PASS = "白沙村-备份-2026"


@cache  # the module's village files keep their October figures: each is worked out once
def own_row(db):
    engine = open_database(db)
    try:
        fig = monthly_figures(engine, MONTH, today=TODAY)
        with engine.connect() as conn:
            return statistics_row(fig, conn)
    finally:
        dispose_engine(db)


def folder_state(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def villages(tmp_path_factory):
    return village_copies(tmp_path_factory)


@pytest.fixture(scope="module")
def baisha_encrypted(villages, tmp_path_factory):
    """白沙村's encrypted backup, made once (scrypt at the machine's own work factor) and copied
    into each test's stick; the tests only read it."""
    return backup(villages["白沙村"], tmp_path_factory.mktemp("encrypted"), passphrase=PASS)


@pytest.fixture(scope="module")
def qingshi_plain(villages, tmp_path_factory):
    """青石村's plain backup after October, made once and copied into each test's stick."""
    return backup(villages["青石村"], tmp_path_factory.mktemp("plain"))


def test_backup_figures_equal_the_villages_own(villages, qingshi_plain, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    path = copy_backup(qingshi_plain, stick)
    work = tmp_path / "work"
    work.mkdir()
    vm = read_backup(path, MONTH, today=TODAY, work_dir=work)
    assert list(work.iterdir()) == []  # the temporary copy (personal data) is gone
    assert vm.village == "青石村"
    assert vm.row.values == own_row(villages["青石村"]).values
    assert vm.row.values["accepted"] > 0


def test_table_adds_up_and_reads_every_kind(villages, qingshi_plain, baisha_encrypted, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    copy_backup(qingshi_plain, stick)
    copy_backup(baisha_encrypted, stick)
    write_submission(open_database(villages["红岩村"]), MONTH, stick, today=TODAY,
                     now=datetime(2026, 11, 3, 8, 0))
    dispose_engine(villages["红岩村"])
    before = folder_state(stick)
    asked = []

    def passphrase(label):
        asked.append(label)
        return PASS

    table = township_table([stick], MONTH, passphrases=passphrase, today=TODAY)
    assert [r.village for r in table.rows] == sorted(["青石村", "白沙村", "红岩村"])
    assert asked == ["白沙村"]
    assert not table.skipped and not table.missing and not table.late
    for r in table.rows:
        assert r.row.values == own_row(villages[r.village]).values, r.village
    for col in columns():
        assert table.total.values[col.key] == pytest.approx(sum(r.row.values[col.key] for r in table.rows))
    assert folder_state(stick) == before  # the stick is only read


def test_bad_files_are_named_and_the_rest_still_counted(villages, qingshi_plain, baisha_encrypted, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    good = copy_backup(qingshi_plain, stick)
    enc = copy_backup(baisha_encrypted, stick)
    # tampered: one byte changed in the middle of a copy of a good backup (with its manifest)
    tampered = stick / "红岩村-20261105-093000.desk.sqlite3"
    data = bytearray(backup(villages["红岩村"], tmp_path).read_bytes())
    data[len(data) // 2] ^= 0xFF
    tampered.write_bytes(bytes(data))
    (stick / (tampered.name + ".manifest.json")).write_bytes(
        (tmp_path / (tampered.name + ".manifest.json")).read_bytes())
    # half-copied: the first 20 kB of a backup, its manifest whole
    half = stick / "半截-20261105-093000.desk.sqlite3"
    half.write_bytes(good.read_bytes()[:20000])
    (stick / (half.name + ".manifest.json")).write_bytes((stick / (good.name + ".manifest.json")).read_bytes())
    # foreign, a newer version's backup, a tampered 上报 file
    (stick / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0 not ours")
    newer = newer_version_backup(good, stick, "新版-20261105-093000.desk.sqlite3")
    sub = write_submission(open_database(villages["红岩村"]), MONTH, tmp_path, today=TODAY)
    dispose_engine(villages["红岩村"])
    payload = json.loads(sub.read_text(encoding="utf-8"))
    payload["values"]["accepted"] += 5
    (stick / sub.name).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    table = township_table([stick], MONTH, passphrases=lambda label: "wrong-passphrase", today=TODAY)
    reasons = {s.path.name: s for s in table.skipped}
    assert reasons[tampered.name].kind == "damaged" and "已损坏或被改动过" in reasons[tampered.name].reason
    assert reasons[half.name].kind == "partial" and "不完整" in reasons[half.name].reason
    assert reasons["照片.jpg"].kind == "foreign" and "不是村委工作台" in reasons["照片.jpg"].reason
    assert reasons[newer.name].kind == "newer" and "更新版本" in reasons[newer.name].reason
    assert reasons[sub.name].kind == "tampered" and "校验值不符" in reasons[sub.name].reason
    assert reasons[enc.name].kind == "wrong_passphrase" and "密码不对" in reasons[enc.name].reason
    for s in table.skipped:
        assert s.path.name in s.reason  # each names its file
    assert len(table.skipped) == 6
    assert [r.village for r in table.rows] == ["青石村"]
    assert table.rows[0].row.values == own_row(villages["青石村"]).values


def test_same_village_twice_uses_the_newest_and_says_so(villages, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    old = backup(villages["青石村"], stick, datetime(2026, 11, 2, 8, 0))
    new = backup(villages["青石村"], stick, datetime(2026, 11, 9, 8, 0))
    table = township_table([stick], MONTH, today=TODAY)
    assert len(table.rows) == 1 and table.rows[0].path.name == new.name
    assert any(old.name in n and new.name in n and "最新" in n for n in table.notes)


def test_missing_and_late_villages(villages, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    backup(villages["青石村"], stick, datetime(2026, 10, 20, 8, 0))  # within the month: late
    backup(villages["白沙村"], stick, datetime(2026, 9, 25, 8, 0))  # before the month: missing
    write_submission(open_database(villages["红岩村"]), "2026-09", stick, today=TODAY)
    dispose_engine(villages["红岩村"])
    table = township_table([stick], MONTH, expected=["青石村", "绿水村"], today=TODAY)
    assert [r.village for r in table.rows] == ["青石村"]
    assert [r.village for r in table.late] == ["青石村"] and "2026-10-20" in table.late[0].late
    missing = dict(table.missing)
    assert set(missing) == {"白沙村", "红岩村", "绿水村"}
    assert "2026-09-25" in missing["白沙村"] and "2026-09" in missing["红岩村"]
    assert "没有找到" in missing["绿水村"]


def test_older_schema_is_migrated_in_the_copy(villages, tmp_path):
    db = tmp_path / "old.db"
    db.write_bytes(villages["青石村"].read_bytes())
    downgrade(open_database(db), "0002")
    dispose_engine(db)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = backup(db, stick)
    before = path.read_bytes()
    vm = read_backup(path, MONTH, today=TODAY)
    assert vm.migrated_from == "0002"
    assert vm.row.values == own_row(villages["青石村"]).values
    assert path.read_bytes() == before


def test_submission_holds_figures_and_no_people(villages, tmp_path):
    db = villages["白沙村"]
    path = write_submission(open_database(db), MONTH, tmp_path, today=TODAY)
    dispose_engine(db)
    raw = path.read_text(encoding="utf-8")
    con = sqlite3.connect(db)
    people = [r[0] for r in con.execute("SELECT name FROM party WHERE length(name) >= 2")]
    ids = [r[0] for r in con.execute("SELECT id_number FROM party WHERE id_number != ''")]
    phones = [r[0] for r in con.execute("SELECT phone FROM party WHERE phone != '' UNION SELECT phone FROM cadre")]
    texts = [r[0][:8] for r in con.execute("SELECT summary FROM dispute WHERE length(summary) >= 8")]
    con.close()
    assert people and ids and phones and texts
    for secret in people + ids + phones + texts:
        assert secret not in raw
    sub = read_submission(path)
    assert sub.village == "白沙村" and sub.month == MONTH
    assert sub.row.values == own_row(db).values
    assert all(isinstance(v, (int, float)) for v in json.loads(raw)["values"].values())
