"""The cases a month's figures look at (db.stats.figures): the 13 monthly cohorts, the cases
that may have been open at the month's end, their closings and agreements, each case's status
at any day from its Timeline (db.stats.history)."""

from __future__ import annotations

import json
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.models.register import OPEN_STATUSES, STATUSES
from db.session import as_date
from db.stats.history import (
    CASE_FIELDS,
    Timeline,
    case_timeline,
    load_changes,
    superseded_agreements,
)
from db.stats.model import Counts, month_end, month_key
from db.stats.sql import (
    CASE_ROWS_SQL,
    CLOSED_BY_MONTH_SQL,
    COHORT_GROUPS_SQL,
    COHORT_ROWS_SQL,
    OPEN_CANDIDATES_SQL,
    SIGNED_SQL,
)


def ids_json(ids) -> str:
    return json.dumps(sorted(set(ids)))


def dicts(result) -> list[dict]:
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.all()]


def effective(status: str, eff: str, at: str) -> str:
    """A case without status changes in the audit log, at the end of `at` (a day, or a month
    with `eff` a month too): open statuses as they are; a result from the day (month) it took
    effect (`eff`), 调解中 before."""
    if status in OPEN_STATUSES or eff <= at:
        return status
    return "mediating"


class Cases:
    """The cases the month's figures look at, each with its Timeline (db/stats/history.py)."""

    def __init__(self, conn: Connection, window_first: date, last: date):
        p = {"a": window_first.isoformat(), "b": last.isoformat()}
        self.changes = load_changes(conn, "dispute", CASE_FIELDS)
        hist = ids_json(self.changes)
        # The cohorts of the 13 months ending with M (the year to date lies inside them), by
        # month accepted: the cases without status changes as counts by (status, the day it
        # took effect), the others one row each.
        self.groups: dict[str, list[tuple]] = {}
        for m, *group in conn.execute(text(COHORT_GROUPS_SQL), {**p, "ids": hist}).all():
            self.groups.setdefault(m, []).append(tuple(group))
        self.by_month: dict[str, list[dict]] = {}
        for r in dicts(conn.execute(text(COHORT_ROWS_SQL), {**p, "ids": hist})):
            self.by_month.setdefault(str(r["accepted_on"])[:7], []).append(r)
        # Every case that may have been open at M's end: no closing date (open, or a result
        # not closed), closed after M, or with status changes in the audit log.
        self.candidates = dicts(conn.execute(text(OPEN_CANDIDATES_SQL), {**p, "ids": hist}))
        # Closings in the window: counts by month for cases without history (one closing
        # each); the cases with history by month, to count each case once over many months.
        self.closed_counts = dict(conn.execute(text(CLOSED_BY_MONTH_SQL), {**p, "ids": hist}).all())
        self.closed_by_month: dict[str, set[int]] = {}
        self.hist_rows = dicts(conn.execute(text(CASE_ROWS_SQL), {"ids": hist, "b": p["b"]}))
        # Agreement dates matter for the result date of 调解成功 cases only.
        ids = {r["id"] for r in self.candidates if r["status"] == "succeeded"} | set(self.changes)
        self.superseded = superseded_agreements(
            conn, {r["id"]: (r["status"], r["closed_on"]) for r in self.hist_rows}, self.changes)
        self.signed: dict[int, list] = {}
        params = {"ids": ids_json(ids), "sup": ids_json(self.superseded)}
        for did, signed_on in conn.execute(text(SIGNED_SQL), params).all():
            self.signed.setdefault(did, []).append(signed_on)
        self._timelines: dict[int, Timeline] = {}
        for r in self.hist_rows:  # their closings, by month
            for closed in self.timeline(r).closings:
                self.closed_by_month.setdefault(month_key(closed), set()).add(r["id"])

    def status_at(self, row: dict, at: date, at_iso: str) -> str:
        """The case's status at the end of `at` (`at_iso` its ISO text). A case without status
        changes in the audit log is worked out here without a Timeline (the common case, over
        thousands of rows): the same rule as case_timeline's quick path."""
        if row["id"] in self.changes:
            return self.timeline(row).status_at(at) or "accepted"
        status = row["status"]
        if status in OPEN_STATUSES:
            return status
        eff = row.get("_eff")
        if eff is None:
            accepted = str(row["accepted_on"])[:10]
            facts = [str(row["closed_on"])[:10]] if row["closed_on"] is not None else []
            if status == "succeeded" and row["id"] in self.signed:
                facts.append(min(str(x)[:10] for x in self.signed[row["id"]]))
            eff = row["_eff"] = max(min(facts), accepted) if facts else accepted
        return effective(status, eff, at_iso)

    def timeline(self, row: dict) -> Timeline:
        tl = self._timelines.get(row["id"])
        if tl is None:
            tl = case_timeline(row["accepted_on"], row["status"], row["closed_on"],
                               self.signed.get(row["id"], ()), self.changes.get(row["id"], []))
            self._timelines[row["id"]] = tl
        return tl

    @staticmethod
    def _months(first: date, last: date) -> list[str]:
        out, m = [], first
        while m <= last:
            out.append(month_key(m))
            m += relativedelta(months=1)
        return out

    def status_of(self, row: dict, at: date, at_iso: str) -> str:
        """The status at the end of `at` of a row of MONTH_ROWS_SQL (its `eff` worked out by SQL)."""
        if row["id"] in self.changes:
            return self.timeline(row).status_at(at) or "accepted"
        return effective(row["status"], row["eff"], at_iso)

    def counts(self, first: date, last: date, at: date) -> Counts:
        """Main counts of the cases accepted first..last (whole months), statuses at the end
        of `at`; concluded: cases with a closing dated first..last."""
        if at != month_end(at):
            raise ValueError(f"counts are taken at a month's end, not on {at}")  # the groups are by month
        c = Counts()
        at_iso, at_month = at.isoformat(), month_key(at)
        tally = dict.fromkeys(STATUSES, 0)
        for m in self._months(first, last):
            for status, em, n, people, fen in self.groups.get(m, ()):
                c.accepted += n
                c.people += people
                c.amount_fen += fen
                status = effective(status, em, at_month)
                tally[status] = tally.get(status, 0) + n
            for r in self.by_month.get(m, ()):
                c.accepted += 1
                c.people += r["people"] or 0
                c.amount_fen += r["fen"] or 0
                status = self.status_at(r, at, at_iso)
                tally[status] = tally.get(status, 0) + 1
        for status, n in tally.items():
            if status in OPEN_STATUSES or status not in STATUSES:
                c.still_open += n
            else:
                setattr(c, status, getattr(c, status) + n)
        done: set[int] = set()
        for m in self._months(first, last):
            done |= self.closed_by_month.get(m, set())
            c.concluded += self.closed_counts.get(m, 0)
        c.concluded += len(done)
        return c

    def open_at(self, at: date) -> list[dict]:
        """Cases accepted by `at` and open at its end."""
        seen, out = set(), []
        for r in self.candidates:
            if r["id"] in seen:
                continue
            seen.add(r["id"])
            if as_date(r["accepted_on"]) <= at and self.status_at(r, at, at.isoformat()) in OPEN_STATUSES:
                out.append(r)
        return out
