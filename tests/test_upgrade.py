"""Every released schema upgrades to the newest with every row intact.

tests/fixtures/schema-<revision>.sqlite3 is a file written by the program of that release
(made with tests/fixtures/make_fixture.py at the release, one per released schema, never
changed afterwards). Each is copied, opened with db.schema.open_database, and compared row by
row: every table that existed is there, every row (by primary key) keeps the value of every
column that existed; new columns and new tables may appear.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from db.engine import dispose_engine, get_engine
from db.pinyin import name_keys
from db.probe import known_revisions
from db.schema import current_revision, head_revision, open_database, upgrade
from db.settings.village import get_village, save_cadre, setup_village

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema-*.sqlite3"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(path: Path) -> dict[str, tuple[list[str], dict[tuple, tuple]]]:
    """table -> (column names, {primary key: row}), read without changing the file."""
    con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for table in tables:
            info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            cols = [c[1] for c in info]
            pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5] > 0]
            key = ", ".join(f'"{c}"' for c in pk) if pk else "rowid"
            rows = con.execute(f'SELECT {key}, * FROM "{table}" ORDER BY {key}').fetchall()
            width = len(pk) or 1
            out[table] = (cols, {r[:width]: r[width:] for r in rows})
        return out
    finally:
        con.close()


# Search keys are worked out from the names (db.pinyin), not typed: a newer program re-keys them
# on opening (db.pinyin_refresh), and check_upgrade asserts they equal the names' keys instead.
DERIVED = {("party", "initials"), ("dispute", "search_initials"), ("question", "initials")}


def lost_rows(before: dict, after: dict) -> list[str]:
    """Every table, row and value of `before` that `after` no longer has (as sentences); the
    derived search keys (DERIVED) are left to their own check."""
    lost = []
    for table, (cols, rows) in before.items():
        if table == "alembic_version":
            continue
        if table not in after:
            lost.append(f"table {table} is gone ({len(rows)} rows)")
            continue
        new_cols, new_rows = after[table]
        gone = [c for c in cols if c not in new_cols]
        if gone:
            lost.append(f"{table}: columns {gone} are gone")
        for key, row in rows.items():
            if key not in new_rows:
                lost.append(f"{table} {key}: row is gone")
                continue
            new = dict(zip(new_cols, new_rows[key], strict=True))
            changed = {c: (v, new.get(c)) for c, v in zip(cols, row, strict=True)
                       if new.get(c) != v and (table, c) not in DERIVED}
            if changed:
                lost.append(f"{table} {key}: changed {changed}")
    return lost


def check_upgrade(source: Path, tmp_path: Path) -> tuple[dict, dict]:
    """Copy `source`, open it with the newest program, assert nothing was lost; returns the
    rows before and after."""
    digest = sha256(source)
    work = tmp_path / source.name
    shutil.copyfile(source, work)
    before = rows_of(work)
    (old_revision,), = before["alembic_version"][1]
    try:
        engine = open_database(work)
        assert current_revision(engine) == head_revision()
        assert get_village(engine).name == before["village"][1][(1,)][before["village"][0].index("name")]
    finally:
        dispose_engine(work)
    after = rows_of(work)
    assert lost_rows(before, after) == []
    cols, parties = after["party"]
    for row in parties.values():  # the re-keyed names: each party's keys are its name's
        party = dict(zip(cols, row, strict=True))
        assert party["initials"] == name_keys(party["name"]), party["name"]
    con = sqlite3.connect(work)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    if old_revision != head_revision():  # migrated: the file as it was is kept beside it
        (aside,) = tmp_path.glob(f"{source.name}.before-upgrade-{old_revision}-*")
        assert lost_rows(before, rows_of(aside)) == [] and lost_rows(rows_of(aside), before) == []
    assert sha256(source) == digest, f"{source} was changed by the test"
    return before, after


def test_there_is_a_fixture_of_the_first_released_schema():
    names = [f.name for f in FIXTURES]
    assert "schema-0002.sqlite3" in names
    for fixture in FIXTURES:  # named after the revision it holds, and a known one
        (revision,), = rows_of(fixture)["alembic_version"][1]
        assert fixture.name == f"schema-{revision}.sqlite3"
        assert revision in known_revisions()
        assert not Path(f"{fixture}-wal").exists()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_a_released_file_upgrades_with_every_row(fixture, tmp_path):
    before, after = check_upgrade(fixture, tmp_path)
    # The fixture holds what the clerk keeps: cases and their records, checklist, a final month.
    for table in ("village", "hamlet", "cadre", "dispute", "party", "proceeding", "agreement",
                  "follow_up", "audit_entry"):
        if table in before:
            assert before[table][1], f"{fixture.name}: {table} is empty"
            assert len(after[table][1]) >= len(before[table][1])


def test_the_check_sees_a_lost_row_and_a_changed_value(tmp_path):
    fixture = FIXTURES[-1]
    before = rows_of(fixture)
    work = tmp_path / "broken.sqlite3"
    shutil.copyfile(fixture, work)
    con = sqlite3.connect(work)
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("DELETE FROM hamlet WHERE id = 4")
    con.execute("UPDATE cadre SET phone = '13900000000' WHERE id = 1")
    con.commit()
    con.close()
    lost = lost_rows(before, rows_of(work))
    assert any("hamlet (4,): row is gone" in x for x in lost)
    assert any(x.startswith("cadre (1,): changed {'phone'") for x in lost)


def test_an_older_file_is_migrated_through_the_same_check(tmp_path):
    """A file at the first revision (made here: no release shipped it), so the check also
    runs over a real migration and its copy aside."""
    older = tmp_path / "made" / "schema-0001.sqlite3"
    older.parent.mkdir()
    engine = get_engine(older)
    upgrade(engine, known_revisions()[0])
    setup_village(engine, dict(name="青石村", committee="青石村民委员会", township="云岭镇",
                               county="安平县", case_prefix="青调", clerk="李文书"), ["一组", "二组"])
    save_cadre(engine, None, name="钱调解", roles=["调解员", "片长"], phone="13907710002", hamlet_ids=[1, 2])
    dispose_engine(older)
    before, after = check_upgrade(older, tmp_path)
    assert list(before["alembic_version"][1]) == [("0001",)]
    assert "dispute" not in before and "dispute" in after
    assert len(before["cadre_hamlet"][1]) == 2 and len(before["audit_entry"][1]) >= 5


def test_the_0002_file_gets_its_issued_numbers_and_continues_above_them(tmp_path):
    """0003 fills issued_number from the cases the file already has (voided ones included)."""
    from datetime import date

    from db.register.write import create_dispute

    fixture = next(f for f in FIXTURES if f.name == "schema-0002.sqlite3")
    work = tmp_path / "desk.db"
    shutil.copyfile(fixture, work)
    con = sqlite3.connect(work)
    try:
        highest = dict(con.execute("SELECT year, max(seq) FROM dispute GROUP BY year").fetchall())
    finally:
        con.close()
    assert highest
    try:
        engine = open_database(work)
        con = sqlite3.connect(work)
        try:
            assert dict(con.execute("SELECT year, last_seq FROM issued_number")) == highest
        finally:
            con.close()
        year = max(highest)
        d = create_dispute(engine, dict(accepted_on=date(year, 12, 30), type_id=1, summary="升级后"),
                           [dict(name="韦五")])
        assert d.seq == highest[year] + 1
    finally:
        dispose_engine(work)
