"""Migrations on real files: new, older, foreign, damaged and newer files."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import db.models  # noqa: F401  (every table on the metadata)
from db.engine import dispose_engine, get_engine
from db.models.register import DEFAULT_TYPES
from db.probe import inspect_file, known_revisions
from db.schema import (
    DatabaseRefused,
    _config,
    current_revision,
    downgrade,
    head_revision,
    open_database,
    upgrade,
)
from db.settings.village import list_cadres, list_hamlets
from tests.db.built_files import copy_built

STAMP = "2025-01-02 03:04:05"


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder) -> list[str]:
    return sorted(os.listdir(folder))


def tables(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def make_0001_file(path):
    """A file as the first release wrote it, with a village, hamlets, cadres and a link."""
    engine = get_engine(path)
    upgrade(engine, "0001")
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO village (id, name, committee, township, county, case_prefix, clerk,"
            " backup_encrypt, created_at, updated_at) VALUES"
            " (1, '青石村', '青石村民委员会', '云岭镇', '安平县', '青调', '李文书', 0, ?, ?)",
            (STAMP, STAMP),
        )
        for i, name in enumerate(["一组", "二组", "阿卜杜·热合曼屯"], 1):
            c.exec_driver_sql(
                "INSERT INTO hamlet (id, name, position, active, created_at, updated_at)"
                " VALUES (?, ?, ?, 1, ?, ?)", (i, name, i, STAMP, STAMP),
            )
        c.exec_driver_sql(
            "INSERT INTO cadre (id, name, roles, phone, position, active, created_at, updated_at)"
            " VALUES (1, '赵书记', '书记', '13907710001', 1, 1, ?, ?),"
            "        (2, '钱调解', '调解员,片长', '13907710002', 2, 0, ?, ?)",
            (STAMP, STAMP, STAMP, STAMP),
        )
        c.exec_driver_sql("INSERT INTO cadre_hamlet (cadre_id, hamlet_id) VALUES (2, 1), (2, 3)")
    assert current_revision(engine) == "0001"
    dispose_engine(path)


def test_a_new_file_goes_to_head(db_path):
    engine = open_database(db_path)
    assert current_revision(engine) == head_revision() == known_revisions()[-1]
    assert inspect_file(db_path).kind == "current"
    with engine.connect() as c:
        names = [r[0] for r in c.exec_driver_sql("SELECT name FROM dispute_type ORDER BY position")]
    assert names == list(DEFAULT_TYPES)


def test_an_older_file_is_copied_aside_and_migrated_with_every_row(db_path):
    make_0001_file(db_path)
    assert inspect_file(db_path).kind == "older"
    engine = open_database(db_path)
    assert current_revision(engine) == head_revision()

    copies = list(db_path.parent.glob(f"{db_path.name}.before-upgrade-0001-*"))
    assert len(copies) == 1
    copy = copies[0]
    con = sqlite3.connect(copy)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert con.execute("SELECT count(*) FROM hamlet").fetchone()[0] == 3
        assert "dispute" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    finally:
        con.close()

    assert [h.name for h in list_hamlets(engine)] == ["一组", "二组", "阿卜杜·热合曼屯"]
    cadres = {v.cadre.name: v for v in list_cadres(engine)}
    assert cadres["钱调解"].cadre.role_list == ["调解员", "片长"]
    assert cadres["钱调解"].cadre.active is False
    assert cadres["钱调解"].hamlet_ids == [1, 3]
    assert cadres["赵书记"].cadre.phone == "13907710001"
    with engine.connect() as c:
        row = c.exec_driver_sql("SELECT name, case_prefix, clerk, created_at FROM village").one()
    assert tuple(row) == ("青石村", "青调", "李文书", STAMP)


def test_a_failed_migration_leaves_the_file_as_it_was(db_path):
    """All or nothing: the driver's autocommit DDL once left a half-migrated file behind."""
    make_0001_file(db_path)
    con = sqlite3.connect(db_path)
    # something in the way of the last step of 0002 (its audit triggers)
    con.execute("CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT 1; END")
    con.commit()
    con.close()
    before = tables(db_path)

    with pytest.raises(DatabaseRefused) as caught:
        open_database(db_path)
    assert "升级失败" in caught.value.message and "副本" in caught.value.message
    assert tables(db_path) == before  # no table of 0002 left behind
    assert inspect_file(db_path).kind == "older"
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    assert con.execute("SELECT count(*) FROM hamlet").fetchone()[0] == 3
    con.close()


def test_a_failure_in_a_later_step_undoes_the_earlier_steps_too(db_path):
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE x (a)")
    con.execute("CREATE VIEW dispute AS SELECT a FROM x")  # 0001 passes, 0002 cannot create it
    con.commit()
    con.close()
    engine = get_engine(db_path)
    with pytest.raises(Exception, match="dispute"):
        upgrade(engine)
    dispose_engine(db_path)
    assert tables(db_path) == {"x"}  # neither 0001's tables nor alembic_version stayed


def test_autogenerate_finds_no_difference_from_the_models(empty_engine):
    with empty_engine.connect() as c:
        ctx = MigrationContext.configure(c, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_known_revisions_match_alembic_in_order():
    script = ScriptDirectory.from_config(_config())
    ordered = [r.revision for r in script.walk_revisions()][::-1]  # walk goes head -> base
    assert known_revisions() == ordered
    assert ordered[0] == "0001" and script.get_current_head() == ordered[-1]


def test_downgrade_to_base_then_upgrade_to_head(engine, db_path):
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert tables(db_path) <= {"alembic_version"}
    assert inspect_file(db_path).kind == "new"  # nothing left in it to lose
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM dispute_type").scalar() == 16
        triggers = {r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on after migrating
    assert triggers == {"audit_entry_no_update", "audit_entry_no_delete"}
    assert inspect_file(db_path).kind == "current"


def test_0003_numbers_issued_come_from_the_cases_and_go_on_downgrade(engine, db_path):
    from datetime import date

    from db.register.write import create_dispute, void_dispute

    for day in (date(2025, 3, 1), date(2026, 1, 2), date(2026, 1, 3)):
        d = create_dispute(engine, dict(accepted_on=day, type_id=1), [dict(name="曾三")])
    void_dispute(engine, d.id, "重复登记")
    downgrade(engine, "0002")
    assert "issued_number" not in tables(db_path)
    assert "dispute" in tables(db_path)
    upgrade(engine)
    with engine.connect() as c:
        rows = c.exec_driver_sql("SELECT year, last_seq FROM issued_number ORDER BY year").fetchall()
    assert [tuple(r) for r in rows] == [(2025, 1), (2026, 2)]  # the voided 2026 case counts


def test_downgrade_of_one_step_keeps_the_first_revision_data(engine, db_path):
    downgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "dispute" not in tables(db_path)
    assert [h.name for h in list_hamlets(engine)] == ["一组", "二组", "三组", "四组"]


def test_an_empty_sqlite_file_counts_as_new(db_path):
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA user_version = 7")  # writes the header page: a real, table-less database
    con.commit()
    con.close()
    assert db_path.stat().st_size > 0 and db_path.read_bytes()[:6] == b"SQLite"
    assert inspect_file(db_path).kind == "new"
    engine = open_database(db_path)
    assert current_revision(engine) == head_revision()


# ---- refused files: never changed, not even a -wal/-shm beside them ---------------------

def _random_bytes(path, _templates=None):
    path.write_bytes(os.urandom(8192))


def _other_sqlite(path, _templates=None):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER)")
    con.execute("INSERT INTO invoices (amount) VALUES (100), (200)")
    con.commit()
    con.close()


def _other_sqlite_in_wal(path, _templates=None):
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    con.execute("INSERT INTO alembic_version VALUES ('abc123')")  # someone else's Alembic
    con.commit()
    con.close()


def _ours(path):
    open_database(path)
    dispose_engine(path)


def _ours_copied(path, templates):
    """Our file at the newest schema: a copy of conftest's empty file, opened as the app does."""
    return copy_built(templates["empty"], path)


def _damaged(path, templates):
    from db.settings.village import add_hamlet, setup_village

    engine = _ours_copied(path, templates)
    setup_village(engine, {"name": "青石村"}, [f"{i}组" for i in range(1, 40)])
    for i in range(40, 200):
        add_hamlet(engine, f"{i}组")
    dispose_engine(path)
    data = bytearray(path.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page:(middle + 3) * page] = os.urandom(3 * page)
    path.write_bytes(bytes(data))
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        assert con.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        pass  # broken beyond quick_check: refused just the same
    finally:
        con.close()


def _newer(path, templates):
    engine = _ours_copied(path, templates)
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    dispose_engine(path)


@pytest.mark.parametrize(
    "make, kind",
    [
        (_random_bytes, "foreign"),
        (_other_sqlite, "foreign"),
        (_other_sqlite_in_wal, "foreign"),
        (_damaged, "damaged"),
        (_newer, "newer"),
    ],
    ids=["random-bytes", "other-sqlite", "other-alembic-wal", "damaged", "newer-9999"],
)
def test_refused_files_are_left_byte_for_byte(tmp_path, make, kind, _template_files):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "village.db"
    make(path, _template_files)
    files, digest = listing(folder), sha(path)
    assert inspect_file(path).kind == kind
    try:
        with pytest.raises(DatabaseRefused) as caught:
            open_database(path)
    finally:
        dispose_engine(path)
    message = caught.value.message
    assert "拒绝" in message or "升级本程序" in message
    assert "未作" in message  # it tells the clerk the file was not touched
    assert sha(path) == digest
    assert listing(folder) == files  # no -wal, -shm, copy or lock appeared


def test_a_folder_given_as_the_file_is_refused(tmp_path):
    with pytest.raises(DatabaseRefused, match="无法读取"):
        open_database(tmp_path)


def test_a_hash_in_a_foreign_file_name_opens_nothing_else(tmp_path):
    """file:a#b.db once opened (and created) 'a' and called the foreign file new."""
    path = tmp_path / "a#b.db"
    _other_sqlite(path)
    digest = sha(path)
    with pytest.raises(DatabaseRefused):
        open_database(path)
    assert sha(path) == digest
    assert listing(tmp_path) == ["a#b.db"]


def test_probe_reads_commits_still_in_the_wal(db_path, engine):
    """With the app running (a -wal beside the file) the probe must see its latest commit."""
    with engine.connect() as keep_open:  # keeps the WAL from being folded back at close
        with engine.begin() as c:
            c.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
        assert os.path.exists(f"{db_path}-wal")
        assert inspect_file(db_path).kind == "newer"
        keep_open.exec_driver_sql("SELECT 1")
