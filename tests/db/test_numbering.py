"""A case number, once issued, is never issued again, whatever is restored."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.backup import make_backup, restore_backup
from db.engine import dispose_engine
from db.register.numbering import read_issued_numbers
from db.register.write import create_dispute, next_case_number, void_dispute
from db.schema import open_database

DAY = date(2026, 5, 6)


def new_case(engine, day: date = DAY):
    return create_dispute(engine, dict(accepted_on=day, type_id=1, summary="宅基地边界"),
                          [dict(name="曾三")])


def seqs(db_path: Path, year: int = DAY.year) -> list[int]:
    con = sqlite3.connect(db_path)
    try:
        return [r[0] for r in con.execute("SELECT seq FROM dispute WHERE year = ? ORDER BY seq",
                                          (year,))]
    finally:
        con.close()


def test_after_restoring_an_older_backup_the_next_number_continues_above_all(engine, db_path,
                                                                             tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    assert [new_case(engine).seq for _ in range(5)] == [1, 2, 3, 4, 5]
    backup = make_backup(db_path, stick)
    assert [new_case(engine).seq for _ in range(3)] == [6, 7, 8]
    restore_backup(backup.path, db_path)
    engine = open_database(db_path)
    assert seqs(db_path) == [1, 2, 3, 4, 5]  # the backup's cases, as they were
    assert next_case_number(engine, DAY.year) == "(2026)青调字第009号"
    d = new_case(engine)
    assert (d.seq, d.number) == (9, "(2026)青调字第009号")
    # another year is not affected
    assert new_case(engine, date(2027, 1, 3)).seq == 1


def test_a_voided_last_case_keeps_its_number_across_a_restore(engine, db_path, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    new_case(engine)
    backup = make_backup(db_path, stick)
    d = new_case(engine)
    void_dispute(engine, d.id, "重复登记")
    restore_backup(backup.path, db_path)
    assert new_case(open_database(db_path)).seq == 3


def test_restoring_a_newer_backup_keeps_its_own_higher_numbers(engine, db_path, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    for _ in range(4):
        new_case(engine)
    backup = make_backup(db_path, stick)
    dispose_engine(db_path)
    other = tmp_path / "other.db"  # a fresh PC with one case of its own
    shutil.copy(db_path, other)
    con = sqlite3.connect(other)
    with con:
        con.execute("DELETE FROM party")
        con.execute("DELETE FROM dispute WHERE seq > 1")
        con.execute("UPDATE issued_number SET last_seq = 1")
    con.close()
    restore_backup(backup.path, other)
    assert read_issued_numbers(other) == {DAY.year: 4}
    assert new_case(open_database(other)).seq == 5
    dispose_engine(other)


def test_the_counter_is_written_with_the_case_and_not_audited(engine, db_path):
    new_case(engine)
    new_case(engine)
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT year, last_seq FROM issued_number").fetchall() == [(2026, 2)]
        assert con.execute("SELECT count(*) FROM audit_entry WHERE table_name = 'issued_number'"
                           ).fetchone()[0] == 0
    finally:
        con.close()


def test_a_failed_case_issues_no_number(engine, db_path):
    from db.session import DataError

    new_case(engine)
    with pytest.raises(DataError):
        create_dispute(engine, dict(accepted_on=DAY, type_id=1), [dict(name="  ")])
    assert read_issued_numbers(db_path) == {2026: 1}
    assert new_case(engine).seq == 2


ACTIONS = st.lists(st.sampled_from(["case", "case", "case", "backup", "restore", "void"]),
                   min_size=1, max_size=14)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS, picks=st.lists(st.integers(0, 99), min_size=14, max_size=14))
def test_no_number_is_ever_issued_twice(engine, db_path, tmp_path_factory, actions, picks):
    """Random create / backup / restore / void: every number handed out is new."""
    work = tmp_path_factory.mktemp("numbers")
    live = work / "desk.db"
    dispose_engine(db_path)
    shutil.copy(db_path, live)  # the conftest village, no cases yet
    stick = work / "stick"
    stick.mkdir()
    eng = open_database(live)
    issued: list[int] = []
    backups: list[Path] = []
    try:
        for action, pick in zip(actions, picks, strict=False):
            if action == "case":
                issued.append(new_case(eng).seq)
            elif action == "void":  # the newest live case is voided: its number stays used
                con = sqlite3.connect(live)
                row = con.execute("SELECT id FROM dispute WHERE voided = 0 ORDER BY seq DESC"
                                  ).fetchone()
                con.close()
                if row:
                    void_dispute(eng, row[0], "重复登记")
            elif action == "backup":
                backups.append(make_backup(live, stick).path)
            elif action == "restore" and backups:
                restore_backup(backups[pick % len(backups)], live)
                eng = open_database(live)
        issued.append(new_case(eng).seq)
        assert len(issued) == len(set(issued)), issued
        assert issued == sorted(issued)  # and always upwards
    finally:
        dispose_engine(live)
