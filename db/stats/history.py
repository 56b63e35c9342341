"""A case's status and an agreement's performance on any past day, from dated facts and the
audit log (used by db/stats/figures.py so that every figure is computed as of its period's end).

The rules (the same words are in db/stats/figures.py's docstring):

- A case's life is a row of episodes. The first starts on accepted_on; each reopening (a change
  from a result back to 受理/调解中, dated by its audit entry) starts another. An episode is open
  until its result takes effect, then shows its result until the next reopening.
- The result of an episode (its last status before the next reopening, or today's status) takes
  effect on the earliest of: the day it was recorded (the audit entry that first gave the
  episode a result), the episode's closing date (closed_on), and, for 调解成功, the signing date
  of a live agreement signed in the episode. A case entered already finished (its first state is
  a result) has no day of recording: its result takes effect on its closing date or agreement
  date, else on accepted_on. The date is kept between the episode's start and the next reopening.
- Closings (结案): each episode's last closed_on (a reopening clears closed_on; the audit log
  keeps the date it had).
- An agreement voided while its case stood reopened was real (a new result needed it out of
  the way): it keeps counting; any other voided agreement was entered by mistake and never did.
- An agreement's performance on day X: the last recorded state (in the order recorded) whose date
  is on or before X, else 未履行. A state's date: its performed_on when set; else the day it was
  recorded; the state an agreement was entered with dates from signed_on.

The history is read back from today's row: each audit entry's old values undo its change, so a
row changed outside the audit log still ends in its true present state.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.models.register import OPEN_STATUSES, PERFORMANCE, STATUSES
from db.session import as_date

_KNOWN = set(STATUSES) | set(PERFORMANCE)
CASE_FIELDS = ("status", "closed_on")
PERFORMANCE_FIELDS = ("performance", "performed_on")




@dataclass
class Change:
    """One audit entry's change of the fields we follow: day recorded and field -> [old, new]."""

    on: date
    fields: dict
    at: str = ""  # the entry's time as stored (ISO text: compares in time order)


def load_changes(conn: Connection, table: str, names: tuple[str, ...],
                 row_ids: Iterable[int] | None = None) -> dict[int, list[Change]]:
    """Audit entries (not inserts) of `table` that change one of `names`, by row, in order."""
    like = " OR ".join(f"changes LIKE '%\"{n}\"%'" for n in names)
    # `action <> 'insert'` as written is what lets SQLite use ix_audit_entry_change.
    sql = (f"SELECT row_id, at, id, changes FROM audit_entry WHERE table_name = :t "
           f"AND action <> 'insert' AND ({like})")
    params: dict = {"t": table}
    if row_ids is not None:
        sql += " AND row_id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(sorted(set(row_ids)))
    # Sorted here: ORDER BY row_id would walk the row_id index over the whole log.
    out: dict[int, list[Change]] = {}
    for row_id, at, _id, raw in sorted(conn.execute(text(sql), params).all(), key=lambda r: (r[0], str(r[1]), r[2])):
        try:
            data = json.loads(raw or "{}")
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        picked = {k: v for k, v in data.items()
                  if k in names and isinstance(v, list) and len(v) == 2}
        if picked:
            out.setdefault(row_id, []).append(Change(as_date(at), picked, str(at)))
    return out


# The audit log's changes (not inserts) have their own index (ix_audit_entry_change).
VOIDS_SQL = """
SELECT a.id, a.dispute_id, e.at FROM audit_entry e CROSS JOIN agreement a ON a.id = e.row_id
WHERE e.table_name = 'agreement' AND e.action <> 'insert' AND e.action = 'void' AND a.voided = 1
"""


def superseded_agreements(conn: Connection, case_rows: dict[int, tuple], changes: dict[int, list[Change]]) -> set[int]:
    """Voided agreements that were real: voided while their case stood reopened (受理/调解中),
    as a new result needs (an agreement is only made for 调解成功, and a case leaves 调解成功
    only by reopening). `case_rows`: case id -> (status, closed_on) today, for cases with
    status changes in `changes`; other cases never left the status they were entered with."""
    last_void: dict[int, tuple[int, str]] = {}
    for aid, did, at in conn.execute(text(VOIDS_SQL)).all():
        if aid not in last_void or str(at) > last_void[aid][1]:
            last_void[aid] = (did, str(at))
    out = set()
    for aid, (did, at) in last_void.items():
        if did not in changes or did not in case_rows:
            continue
        status, closed_on = case_rows[did]
        states = _states({"status": status, "closed_on": closed_on}, changes[did])
        when = [""] + [c.at for c in changes[did]]
        then = [st for st, t in zip(states, when, strict=True) if t <= at][-1]
        if then["status"] in OPEN_STATUSES:
            out.add(aid)
    return out


def _states(now: dict, changes: list[Change]) -> list[dict]:
    """The recorded states, oldest first: state 0 as entered, state i after change i."""
    states = [dict(now)]
    for ch in reversed(changes):
        before = dict(states[0])
        for k, (old, _new) in ch.fields.items():
            if k in ("status", "performance") and old not in _KNOWN:
                continue  # an old value the log did not keep: the state stays as it was
            before[k] = old
        states.insert(0, before)
    return states


@dataclass
class Timeline:
    """A case's statuses over time: spans (from, until or None, status); closings."""

    accepted_on: date
    spans: list[tuple[date, date | None, str]] = field(default_factory=list)
    closings: list[date] = field(default_factory=list)

    def status_at(self, day: date) -> str | None:
        """The status at the end of `day`; None before the case was accepted."""
        found = None
        for start, until, status in self.spans:
            if start <= day and (until is None or day < until):
                found = status
        return found

    def open_at(self, day: date) -> bool:
        return self.status_at(day) in OPEN_STATUSES

    def closed_in(self, first: date, last: date) -> bool:
        return any(first <= c <= last for c in self.closings)


def case_timeline(accepted_on, status: str, closed_on, signed: Iterable, changes: list[Change]) -> Timeline:
    """The Timeline of one case from today's row, its live agreements' signing dates and its
    status/closed_on changes from the audit log (see the module docstring for the rules)."""
    accepted = as_date(accepted_on)
    signed_days = sorted(as_date(s) for s in signed if s is not None)
    if not changes:  # one state, as entered: the common case, kept quick
        tl = Timeline(accepted)
        if status in OPEN_STATUSES:
            tl.spans.append((accepted, None, status))
            return tl
        closed = as_date(closed_on)
        facts = [closed] if closed is not None else []
        if status == "succeeded" and signed_days:
            facts.append(signed_days[0])
        effective = max(min(facts), accepted) if facts else accepted
        if effective > accepted:
            tl.spans.append((accepted, effective, "mediating"))
        tl.spans.append((effective, None, status))
        if closed is not None:
            tl.closings.append(closed)
        return tl
    states = _states({"status": status, "closed_on": closed_on}, changes)
    days: list[date | None] = [None] + [c.on for c in changes]  # day each state was recorded
    # Episodes: index ranges of states, split where a result goes back to an open status.
    bounds = [0]
    for i in range(1, len(states)):
        if states[i - 1]["status"] not in OPEN_STATUSES and states[i]["status"] in OPEN_STATUSES:
            bounds.append(i)
    tl = Timeline(accepted)
    starts = [accepted] + [max(accepted, days[i]) for i in bounds[1:]]
    for k, lo in enumerate(bounds):
        hi = bounds[k + 1] if k + 1 < len(bounds) else len(states)
        start, until = starts[k], (starts[k + 1] if k + 1 < len(starts) else None)
        episode = list(range(lo, hi))
        last = states[episode[-1]]
        closed = as_date(last["closed_on"])
        if closed is not None:
            tl.closings.append(closed)
        results = [i for i in episode if states[i]["status"] not in OPEN_STATUSES]
        opens = [i for i in episode if states[i]["status"] in OPEN_STATUSES]
        if not results:  # still open: its open statuses as recorded
            _open_spans(tl, states, days, opens, start, until)
            continue
        first_result = results[0]
        facts = [closed] if closed is not None else []
        if last["status"] == "succeeded":
            facts += [d for d in signed_days if d >= start and (until is None or d < until)]
        recorded = days[first_result]
        candidates = facts + ([recorded] if recorded is not None else [])
        effective = min(candidates) if candidates else accepted
        effective = max(effective, start)
        if until is not None:
            effective = min(effective, until)
        _open_spans(tl, states, days, [i for i in opens if i < first_result], start, effective)
        tl.spans.append((effective, until, last["status"]))
    return tl


def _open_spans(tl: Timeline, states, days, opens: list[int], start: date, until: date | None) -> None:
    """Spans of the open statuses (受理 / 调解中) from `start` to `until`."""
    if until is not None and until <= start:
        return
    if not opens:  # entered already finished: open only until its result took effect
        tl.spans.append((start, until, "mediating"))
        return
    marks = [(start, states[opens[0]]["status"])]
    for i in opens[1:]:
        day = max(start, days[i]) if days[i] is not None else start
        if until is not None:
            day = min(day, until)
        marks.append((day, states[i]["status"]))
    for j, (day, status) in enumerate(marks):
        end = marks[j + 1][0] if j + 1 < len(marks) else until
        if end is None or day < end:
            tl.spans.append((day, end, status))


def performance_at(signed_on, performance: str, performed_on, changes: list[Change], day: date) -> str:
    """An agreement's performance ('none' / 'partial' / 'done') at the end of `day`."""
    signed = as_date(signed_on)
    states = _states({"performance": performance, "performed_on": performed_on}, changes)
    days: list[date | None] = [None] + [c.on for c in changes]
    found = "none"
    for i, st in enumerate(states):
        done_on = as_date(st["performed_on"])
        if st["performance"] in ("partial", "done") and done_on is not None:
            on = done_on
        elif days[i] is None:
            on = signed
        else:
            on = days[i]
        if signed is not None and on < signed:
            on = signed
        if on <= day:
            found = st["performance"]
    return found
