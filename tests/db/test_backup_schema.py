"""Restore checks the whole schema of the backup's revision: a backup missing a table, an index
or a trigger (or carrying one too many) is refused in Chinese, naming it; nothing changes."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from db.backup import BackupError, make_backup, restore_backup, verify_backup
from db.check_schema import compare_schema, read_shape
from db.engine import dispose_engine, get_engine
from db.probe import known_revisions
from db.schema import upgrade
from tests.db.backup_helpers import add_cases, db_files, file_bytes

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def village(engine, db_path):
    add_cases(db_path, 6)
    dispose_engine(db_path)
    return db_path


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def tamper(backup: Path, *sql: str) -> None:
    """Change the backup's schema and make its manifest agree (hash, size, counts), so only
    the schema check can tell."""
    con = sqlite3.connect(backup)
    try:
        for statement in sql:
            con.execute(statement)
        con.commit()
        con.execute("VACUUM")
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
    mpath = backup.with_name(backup.name + ".manifest.json")
    manifest = json.loads(mpath.read_text(encoding="utf-8"))
    data = backup.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    manifest.update(sha256=digest, file_sha256=digest, size=len(data), file_size=len(data),
                    counts=counts)
    mpath.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


CASES = [
    (("DROP TABLE draft",), "缺少数据表“草稿”（draft）"),
    (("DROP TRIGGER audit_entry_no_delete",), "（触发器 audit_entry_no_delete）被删除了"),
    (("DROP INDEX ix_dispute_list",), "缺少索引 ix_dispute_list"),
    (("CREATE TRIGGER sneaky AFTER INSERT ON dispute BEGIN DELETE FROM party; END",),
     "本程序没有的触发器 sneaky"),
    (("DROP TRIGGER audit_entry_no_update",
      "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT 1; END"),
     "（触发器 audit_entry_no_update）被改动过"),
    (("ALTER TABLE party ADD COLUMN secret TEXT",), "多出了“secret”一栏"),
    (("CREATE TABLE extra_stuff (a)",), "多出了数据表“extra_stuff”"),
    (("CREATE VIEW peek AS SELECT * FROM party",), "多出了视图“peek”"),
]


@pytest.mark.parametrize("sql,reason", CASES, ids=[c[1] for c in CASES])
def test_a_tampered_backup_is_refused_naming_what_is_wrong(village, stick, sql, reason):
    backup = make_backup(village, stick).path
    tamper(backup, *sql)
    before = file_bytes(*db_files(village))
    with pytest.raises(BackupError) as caught:
        restore_backup(backup, village)
    assert caught.value.kind == "damaged"
    assert reason in caught.value.message, caught.value.message
    assert "当前数据库未作改动" in caught.value.message and "请换一个备份文件" in caught.value.message
    assert file_bytes(*db_files(village)) == before  # not a byte changed
    assert not list(village.parent.glob("*.before-restore-*"))
    with pytest.raises(BackupError):
        verify_backup(backup)


def test_an_untouched_backup_passes_the_schema_check(village, stick):
    backup = make_backup(village, stick).path
    assert verify_backup(backup).schema_revision == known_revisions()[-1]


def test_an_older_backup_missing_a_table_of_its_own_revision_is_refused(village, tmp_path, stick):
    """A 0001 backup is compared with 0001's schema (not the newest), before any upgrade."""
    old = tmp_path / "old.db"
    engine = get_engine(old)
    upgrade(engine, known_revisions()[0])
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO village (id, name, committee, township, county, case_prefix, clerk,"
            " backup_encrypt, created_at, updated_at) VALUES (1, '青石村', '', '', '', '青调', '',"
            " 0, '2025-01-01 00:00:00', '2025-01-01 00:00:00')")
    dispose_engine(old)
    backup = make_backup(old, stick).path
    assert verify_backup(backup).schema_revision == known_revisions()[0]  # whole and fine
    tamper(backup, "DROP TABLE cadre_hamlet")
    with pytest.raises(BackupError) as caught:
        restore_backup(backup, village)
    assert "缺少数据表“干部分管屯组”（cadre_hamlet）" in caught.value.message


def test_every_revision_built_fresh_describes_itself(tmp_path):
    for revision in known_revisions():
        path = tmp_path / f"{revision}.db"
        engine = get_engine(path)
        upgrade(engine, revision)
        dispose_engine(path)
        con = sqlite3.connect(path)
        try:
            assert compare_schema(con, revision) == []
            assert read_shape(con).triggers or revision == known_revisions()[0]
        finally:
            con.close()


def test_the_released_0002_file_has_exactly_the_0002_schema(tmp_path):
    work = tmp_path / "schema-0002.sqlite3"
    shutil.copyfile(FIXTURES / "schema-0002.sqlite3", work)
    con = sqlite3.connect(work)
    try:
        assert compare_schema(con, "0002") == []
        assert compare_schema(con, known_revisions()[-1]) != []  # not head
    finally:
        con.close()
