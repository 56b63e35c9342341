"""Crash harness: saves killed with SIGKILL at random moments lose nothing reported and leave
no half-written case (tests/crash/). DESK_CRASH_KILLS=1000 runs the full thousand kills."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3

import pytest

from db.engine import dispose_engine
from db.schema import open_database
from tests.crash.harness import _load_cases, _save_one
from tests.crash.journal import Journal, Model, read_new_lines
from tests.crash.oracle import check_all, resolve
from tests.crash.runner import run_kills

KILLS = int(os.environ.get("DESK_CRASH_KILLS", "100"))


@pytest.mark.slow
def test_every_reported_save_survives_random_kills(tmp_path):
    out = run_kills(KILLS, tmp_path / "crash", seed=20261128 + KILLS)
    print("\n".join(out.lines()))
    assert out.failures == []
    assert out.kills == KILLS
    assert out.full_checks >= KILLS // 10
    assert out.saves_reported > KILLS // 2
    # Kills landed inside saves, and caught both sides of the commit.
    assert out.committed_unreported > 0
    assert out.rolled_back > 0


# ---- the checks themselves must catch a broken file ----------------------------------------


@pytest.fixture(scope="module")
def saved(tmp_path_factory, _template_files):
    """A file and its log after 120 saves of every kind, without kills (all reported)."""
    work = tmp_path_factory.mktemp("saved")
    db_path, log_path = work / "crash.db", work / "saves.log"
    shutil.copyfile(_template_files["village"], db_path)  # make_village's village, made once
    engine = open_database(db_path)
    cases, log, rng = _load_cases(engine), Journal(log_path), random.Random(7)
    log.write("run 1")
    for step in range(1, 121):
        _save_one(engine, rng, cases, f"r1s{step}", log)
    log.close()
    dispose_engine(db_path)
    return work


def _copy(saved, tmp_path):
    shutil.copy(saved / "crash.db", tmp_path / "crash.db")
    shutil.copy(saved / "saves.log", tmp_path / "saves.log")
    model = Model()
    for line in read_new_lines(tmp_path / "saves.log", 0)[0]:
        model.apply(line)
    return sqlite3.connect(tmp_path / "crash.db"), model


def test_an_untouched_file_passes_every_check(saved, tmp_path):
    con, model = _copy(saved, tmp_path)
    assert model.reported == 120 and len(model.cases) > 20
    assert {len(v) > 0 for v in model.records.values()} == {True}
    assert check_all(con, model) == []


BREAKAGES = {
    "a case loses its insert audit entry": (
        "DELETE FROM audit_entry WHERE id = (SELECT min(id) FROM audit_entry"
        " WHERE table_name = 'dispute' AND action = 'insert')", "insert audit entry"),
    "a party without its case": (
        "INSERT INTO party (dispute_id, role, kind, name, representative, sex, ethnicity,"
        " id_number, occupation, address, phone, initials, voided, void_reason, created_at,"
        " updated_at) VALUES (99999, 'third', 'person', '孤儿', '', '', '', '', '', 'x', '', '',"
        " 0, '', '2026-01-01', '2026-01-01')", "without their case"),
    "a reported party is gone": (
        "DELETE FROM party WHERE id = (SELECT max(id) FROM party)", "logged but missing"),
    "a case has the wrong status": (
        "UPDATE dispute SET status = 'withdrawn' WHERE id = (SELECT min(id) FROM dispute)", "case"),
    "a status move without its audit entry": (
        "DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry"
        " WHERE table_name = 'dispute' AND action = 'update')", "update audit entries"),
    "an unreported agreement": (
        "INSERT INTO agreement (dispute_id, form, number, signed_on, facts, responsibilities,"
        " terms, perform_how, perform_where, performance, voided, void_reason, created_at,"
        " updated_at) SELECT dispute_id, form, number, signed_on, facts, responsibilities,"
        " 'other', perform_how, perform_where, performance, 0, '', created_at, updated_at"
        " FROM agreement LIMIT 1", "agreement"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_the_checks_catch_a_broken_file(saved, tmp_path, breakage):
    con, model = _copy(saved, tmp_path)
    sql, words = BREAKAGES[breakage]
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("DROP TRIGGER audit_entry_no_delete")  # the file refuses this: break it anyway
    con.execute(sql)
    con.commit()
    fails = check_all(con, model)
    assert fails and any(words in f for f in fails), fails


def test_a_half_written_case_in_flight_is_caught(saved, tmp_path):
    con, model = _copy(saved, tmp_path)
    cid, case = next((c, v) for c, v in model.cases.items()
                     if v.created_parties >= 2 and len(v.parties) == v.created_parties)
    model.cases.pop(cid)  # as if its save was in flight: begun, not reported
    model.apply(f"begin case - {case.token} {case.created_parties}")
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("DELETE FROM party WHERE id = (SELECT max(id) FROM party WHERE dispute_id = ?)", (cid,))
    line, fails = resolve(con, model)
    assert line.startswith(f"adopted case {cid} ")
    assert fails and "half-written case" in fails[0]


def test_a_save_in_flight_that_left_nothing_is_settled_as_lost(saved, tmp_path):
    con, model = _copy(saved, tmp_path)
    cid = next(iter(model.cases))
    model.apply(f"begin request {cid} r9s1 -")
    assert resolve(con, model) == ("lost r9s1", [])
    model.apply("lost r9s1")
    assert model.pending is None and check_all(con, model) == []


def test_a_torn_last_line_is_cut_off(tmp_path):
    log = tmp_path / "saves.log"
    log.write_bytes("run 1\nbegin case - r1s1 2\ncase 1 (2025)青".encode())
    lines, end = read_new_lines(log, 0)
    assert lines == ["run 1", "begin case - r1s1 2"]
    assert log.read_bytes() == b"run 1\nbegin case - r1s1 2\n" and end == len(log.read_bytes())
