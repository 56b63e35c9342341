"""Reading the meetings: the list, one meeting with its people and decisions, the decisions
still open (home screen) and the last meeting's decisions for the monthly report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from db.meeting.agenda import decision_state, earlier_decisions
from db.models.meeting import DECISION_STATES
from db.session import DataError, as_date
from db.values import need_month


@dataclass
class DecisionView:
    id: int
    seq: int
    text: str
    owner: str
    deadline: date
    done_on: date | None
    progress: str
    state: str  # done / doing / overdue on the day asked
    month: str = ""
    dispute_id: int | None = None
    dispute_number: str = ""
    item_id: int | None = None
    item_title: str = ""

    @property
    def state_label(self) -> str:
        return DECISION_STATES[self.state]


@dataclass
class AttendeeView:
    id: int
    name: str
    duty: str
    present: bool
    absence_reason: str


@dataclass
class MeetingView:
    id: int
    month: str
    held_on: date
    place: str
    chair: str
    recorder: str
    agenda: str
    notes: str
    attendees: list[AttendeeView] = field(default_factory=list)
    decisions: list[DecisionView] = field(default_factory=list)
    earlier: list[DecisionView] = field(default_factory=list)  # what the meeting opened with

    @property
    def present(self) -> list[AttendeeView]:
        return [a for a in self.attendees if a.present]

    @property
    def absent(self) -> list[AttendeeView]:
        return [a for a in self.attendees if not a.present]


@dataclass
class MeetingRow:
    id: int
    month: str
    held_on: date
    chair: str
    decisions: int
    open_decisions: int


DECISIONS_SQL = """
SELECT d.id, d.seq, d.text, d.owner, d.deadline, d.done_on, d.progress, d.dispute_id, d.item_id,
       m.month, coalesce(x.number, '') AS dispute_number, coalesce(i.title, '') AS item_title
FROM meeting_decision d JOIN meeting m ON m.id = d.meeting_id
LEFT JOIN dispute x ON x.id = d.dispute_id AND x.voided = 0
LEFT JOIN followup_item i ON i.id = d.item_id AND i.voided = 0
WHERE d.voided = 0 AND m.voided = 0 AND {where}
ORDER BY m.month, d.seq, d.id
"""


def _decisions(conn: Connection, where: str, params: dict, on: date) -> list[DecisionView]:
    out = []
    for r in conn.execute(text(DECISIONS_SQL.format(where=where)), params).mappings():
        deadline, done = as_date(r["deadline"]), as_date(r["done_on"])
        out.append(DecisionView(
            id=r["id"], seq=r["seq"], text=r["text"], owner=r["owner"], deadline=deadline,
            done_on=done if done and done <= on else None, progress=r["progress"],
            state=decision_state(done, deadline, on), month=r["month"], dispute_id=r["dispute_id"],
            dispute_number=r["dispute_number"], item_id=r["item_id"], item_title=r["item_title"]))
    return out


def list_meetings(engine: Engine, today: date | None = None) -> list[MeetingRow]:
    """Every live meeting, newest month first, with how many of its decisions are still open."""
    today = today or date.today()
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT m.id, m.month, m.held_on, m.chair, "
            "(SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id AND d.voided = 0) AS n, "
            "(SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id AND d.voided = 0 "
            " AND (d.done_on IS NULL OR d.done_on > :t)) AS o "
            "FROM meeting m WHERE m.voided = 0 ORDER BY m.month DESC"), {"t": today.isoformat()}).all()
    return [MeetingRow(r[0], r[1], as_date(r[2]), r[3], r[4], r[5]) for r in rows]


def meeting_id_of(engine: Engine, month: str) -> int | None:
    """The live meeting of `month`, or None."""
    month = need_month(month)
    with engine.connect() as conn:
        return conn.execute(text("SELECT id FROM meeting WHERE month = :m AND voided = 0"), {"m": month}).scalar()


def get_meeting(engine: Engine, meeting_id: int, today: date | None = None) -> MeetingView:
    """One meeting: its people, its decisions with their state today, and the earlier
    decisions it opened with, with their state on the meeting's day."""
    today = today or date.today()
    with engine.connect() as conn:
        r = conn.execute(text("SELECT * FROM meeting WHERE id = :i AND voided = 0"), {"i": meeting_id}).mappings().first()
        if r is None:
            raise DataError("找不到这次会议的记录，可能已被作废。", "meeting_id")
        held = as_date(r["held_on"])
        view = MeetingView(r["id"], r["month"], held, r["place"], r["chair"], r["recorder"], r["agenda"], r["notes"])
        view.attendees = [AttendeeView(a[0], a[1], a[2], bool(a[3]), a[4]) for a in conn.execute(text(
            "SELECT id, name, duty, present, absence_reason FROM meeting_attendee "
            "WHERE meeting_id = :i AND voided = 0 ORDER BY position, id"), {"i": meeting_id})]
        view.decisions = _decisions(conn, "d.meeting_id = :i", {"i": meeting_id}, today)
        ids = [d["id"] for d in earlier_decisions(conn, view.month, held)]
        if ids:
            marks = ", ".join(str(int(i)) for i in ids)
            view.earlier = _decisions(conn, f"d.id IN ({marks})", {}, held)
    return view


def open_decisions(engine: Engine, today: date) -> list[DecisionView]:
    """Every live decision not yet done, oldest deadline first (overdue ones have state 'overdue')."""
    with engine.connect() as conn:
        rows = _decisions(conn, "d.done_on IS NULL", {}, today)
    return sorted(rows, key=lambda d: (d.deadline, d.id))


def last_meeting_decisions(conn: Connection, month: str, on: date) -> tuple[dict | None, list[DecisionView]]:
    """The last live meeting of `month` or before (its month, date, chair) and its decisions
    with their state on `on` (the report's day): for the monthly report."""
    m = conn.execute(text(
        "SELECT id, month, held_on, chair FROM meeting WHERE voided = 0 AND month <= :m AND held_on <= :on "
        "ORDER BY month DESC LIMIT 1"), {"m": month, "on": on.isoformat()}).mappings().first()
    if m is None:
        return None, []
    return dict(m, held_on=as_date(m["held_on"])), _decisions(conn, "d.meeting_id = :i", {"i": m["id"]}, on)
