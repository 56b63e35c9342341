"""Checks of a killed database against the log, with plain sqlite3 (not the data layer).

Each function returns a list of failures (English sentences for the developer; empty = fine).
"""

from __future__ import annotations

import json
import sqlite3

from tests.crash.journal import RECORD_KINDS, Model

# Where each kind of record carries its save's token.
TOKEN_COLUMN = {"party": "address", "proceeding": "facts", "agreement": "terms",
                "follow_up": "measures"}
AUDITED = ("dispute",) + RECORD_KINDS


def resolve(con: sqlite3.Connection, model: Model) -> tuple[str, list[str]]:
    """The line settling the save in flight ('adopted <done line>' or 'lost <token>'), and
    failures when the file holds it half-written or in a state it never had."""
    p = model.pending
    assert p is not None
    if p.kind == "case":
        row = con.execute("SELECT id, number FROM dispute WHERE summary LIKE ?",
                          (p.token + " %",)).fetchall()
        if not row:
            return f"lost {p.token}", []
        (cid, number), = row
        pids = [r[0] for r in con.execute("SELECT id FROM party WHERE dispute_id = ? ORDER BY id", (cid,))]
        fails = [] if len(pids) == int(p.arg) else [
            f"half-written case {cid} ({p.token}): {len(pids)} parties in the file, {p.arg} were saved"]
        return f"adopted case {cid} {number} {len(pids)} {p.token} {','.join(map(str, pids))}", fails
    if p.kind in RECORD_KINDS:
        rows = con.execute(f"SELECT id, dispute_id FROM {p.kind} WHERE {TOKEN_COLUMN[p.kind]} = ?",
                           (p.token,)).fetchall()
        if not rows:
            return f"lost {p.token}", []
        (rid, case), = rows
        fails = [] if case == p.case_id else [f"{p.kind} {rid} ({p.token}) is on case {case}, not {p.case_id}"]
        return f"adopted {p.kind} {rid} {p.case_id} {p.token}", fails
    column = {"request": "request", "status": "status"}[p.kind]
    (now,), = con.execute(f"SELECT {column} FROM dispute WHERE id = ?", (p.case_id,)).fetchall()
    case = model.cases[p.case_id]
    before = case.request if p.kind == "request" else case.status
    after = p.token if p.kind == "request" else p.arg
    if now == before:
        return f"lost {p.token}", []
    line = f"adopted request {p.case_id} {p.token}" if p.kind == "request" else \
        f"adopted status {p.case_id} {p.token} {p.arg}"
    fails = [] if now == after else [f"case {p.case_id} {column} is {now!r}: neither {before!r} nor {after!r}"]
    return line, fails


def check_lines(con: sqlite3.Connection, model: Model, lines: list[str]) -> list[str]:
    """Each done line of one run is in the file with the logged content, and no table holds
    a row the log does not account for."""
    fails: list[str] = []
    for line in lines:
        w = line.split(" ")
        if w[0] == "adopted":
            w = w[1:]
        if w[0] == "case":
            fails += _check_case(con, model, int(w[1]))
        elif w[0] in RECORD_KINDS:
            row = con.execute(f"SELECT dispute_id, {TOKEN_COLUMN[w[0]]} FROM {w[0]} WHERE id = ?",
                              (int(w[1]),)).fetchone()
            if row != (int(w[2]), w[3]):
                fails.append(f"reported {line!r}, file has {row}")
        elif w[0] in ("request", "status"):
            fails += _check_case(con, model, int(w[1]))
    fails += _check_counts(con, model)
    return fails


def _check_case(con, model: Model, cid: int) -> list[str]:
    case = model.cases[cid]
    row = con.execute("SELECT number, status, request, substr(summary, 1, ?) FROM dispute WHERE id = ?",
                      (len(case.token), cid)).fetchone()
    want = (case.number, case.status, case.request, case.token)
    if row != want:
        return [f"case {cid}: file has {row}, log says {want}"]
    pids = {r[0] for r in con.execute("SELECT id FROM party WHERE dispute_id = ?", (cid,))}
    if pids != case.parties:
        return [f"case {cid}: parties {sorted(pids)} in the file, log says {sorted(case.parties)}"]
    return []


def _check_counts(con, model: Model) -> list[str]:
    want = {"dispute": len(model.cases), "party": model.party_count()}
    want.update({k: len(v) for k, v in model.records.items() if k != "party"})
    have = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in want}
    return [] if have == want else [f"row counts {have}, log accounts for {want}"]


def check_all(con: sqlite3.Connection, model: Model) -> list[str]:
    """Everything: integrity, foreign keys, the whole log against the whole file, no
    half-written case, and one audit entry for every row and every logged change."""
    fails: list[str] = []
    integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        fails.append(f"integrity_check: {integrity[:5]}")
    broken = con.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        fails.append(f"foreign_key_check: {broken[:5]}")
    fails += _check_disputes(con, model)
    fails += _check_parties(con, model)
    fails += _check_records(con, model)
    fails += _check_orphans(con)
    fails += _check_audit(con, model)
    return fails


def _check_disputes(con, model: Model) -> list[str]:
    have = {r[0]: r[1:] for r in con.execute("SELECT id, number, status, request, summary FROM dispute")}
    fails = []
    if set(have) != set(model.cases):
        fails.append(f"cases not in the log: {sorted(set(have) - set(model.cases))[:10]}, "
                     f"logged but missing: {sorted(set(model.cases) - set(have))[:10]}")
    for cid, case in model.cases.items():
        row = have.get(cid)
        if row is not None and (row[:3] != (case.number, case.status, case.request)
                                or not row[3].startswith(case.token + " ")):
            fails.append(f"case {cid}: file has {row}, log says {case}")
    return fails


def _check_parties(con, model: Model) -> list[str]:
    have = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, dispute_id, address FROM party")}
    added = model.records["party"]
    fails = []
    want_ids = set().union(*(c.parties for c in model.cases.values())) if model.cases else set()
    if set(have) != want_ids:
        fails.append(f"parties not in the log: {sorted(set(have) - want_ids)[:10]}, "
                     f"logged but missing: {sorted(want_ids - set(have))[:10]}")
    created: dict[int, int] = {}
    for cid, case in model.cases.items():
        for pid in case.parties:
            row = have.get(pid)
            if row is None:
                continue
            if row[0] != cid:
                fails.append(f"party {pid} is on case {row[0]}, log says {cid}")
            elif pid in added:
                if row[1] != added[pid][1]:
                    fails.append(f"party {pid}: address {row[1]!r}, log says {added[pid][1]!r}")
            elif row[1].startswith(case.token + "."):
                created[cid] = created.get(cid, 0) + 1
            else:
                fails.append(f"party {pid} of case {cid}: address {row[1]!r} is not of its case")
    for cid, case in model.cases.items():
        if created.get(cid, 0) != case.created_parties:
            fails.append(f"case {cid} was saved with {case.created_parties} parties, "
                         f"file has {created.get(cid, 0)} of them")
    return fails


def _check_records(con, model: Model) -> list[str]:
    fails = []
    for kind in RECORD_KINDS[1:]:
        have = {r[0]: (r[1], r[2]) for r in
                con.execute(f"SELECT id, dispute_id, {TOKEN_COLUMN[kind]} FROM {kind}")}
        if have != model.records[kind]:
            diff = set(have.items()) ^ set(model.records[kind].items())
            fails.append(f"{kind}: file and log differ on {sorted(diff)[:10]}")
    return fails


def _check_orphans(con) -> list[str]:
    fails = []
    for kind in RECORD_KINDS:
        rows = con.execute(f"SELECT r.id FROM {kind} r LEFT JOIN dispute d ON d.id = r.dispute_id"
                           " WHERE d.id IS NULL").fetchall()
        if rows:
            fails.append(f"{kind} rows without their case: {rows[:10]}")
    return fails


def _check_audit(con, model: Model) -> list[str]:
    fails = []
    for table in AUDITED:
        rows = con.execute(
            f"SELECT t.id, count(a.id) FROM {table} t LEFT JOIN audit_entry a"
            f" ON a.table_name = '{table}' AND a.row_id = t.id AND a.action = 'insert'"
            " GROUP BY t.id HAVING count(a.id) != 1").fetchall()
        if rows:
            fails.append(f"{table} rows without exactly one insert audit entry (id, count): {rows[:10]}")
        stray = con.execute(
            f"SELECT a.id, a.row_id FROM audit_entry a WHERE a.table_name = '{table}'"
            f" AND a.row_id NOT IN (SELECT id FROM {table})").fetchall()
        if stray:
            fails.append(f"audit entries for {table} rows that do not exist: {stray[:10]}")
    numbers = dict(con.execute("SELECT row_id, changes FROM audit_entry"
                               " WHERE table_name = 'dispute' AND action = 'insert'"))
    updates = dict(con.execute("SELECT row_id, count(*) FROM audit_entry"
                               " WHERE table_name = 'dispute' AND action = 'update' GROUP BY row_id"))
    for cid, case in model.cases.items():
        if cid in numbers and json.loads(numbers[cid]).get("number", [None, None])[1] != case.number:
            fails.append(f"case {cid}: insert audit entry does not carry its number {case.number}")
        if updates.get(cid, 0) != case.updates:
            fails.append(f"case {cid}: {updates.get(cid, 0)} update audit entries, "
                         f"log has {case.updates} changes")
    return fails
