"""Reading the mediation register: the paged list, reminders, people for autofill.

Everything returns plain dataclasses (model objects inside are detached copies). Lists are
filtered, sorted and paged in SQL so that 100,000 cases stay quick on an old PC. What a filter
means in SQL (DisputeFilter, and every matching id for an export) is db.register.filters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, literal_column, or_, select
from sqlalchemy.engine import Connection, Engine

from db.models import (
    Agreement,
    Cadre,
    Dispute,
    DisputeType,
    FollowUp,
    Hamlet,
    Party,
)
from db.models.register import OPEN_STATUSES, STATUSES
from db.pinyin import is_initials_query
from db.register.filters import LIVE_NO_INDEX, DisputeFilter, conditions
from db.register.search import keys_start, mixed_condition, search_terms

D = Dispute.__table__
P = Party.__table__
T = DisputeType.__table__
H = Hamlet.__table__
C = Cadre.__table__
JC_WINDOW_DAYS = 30  # 人民调解法 art. 33: apply for judicial confirmation within 30 days
SOON_DAYS = 7


# ---- the list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisputeRow:
    """One line of the register list."""

    id: int
    number: str
    accepted_on: date
    type_name: str
    hamlet_name: str
    applicant: str  # first applicant's name ('' when none); more_parties counts the others
    respondent: str
    more_parties: int
    status: str
    status_label: str
    presiding_name: str
    deadline: date
    overdue: bool
    closed_on: date | None
    is_mass: bool
    voided: bool


@dataclass(frozen=True)
class Page:
    """One page of the list and how many cases match in all."""

    rows: list[DisputeRow]
    total: int
    offset: int
    limit: int


_ORDER = (D.c.accepted_on.desc(), D.c.id.desc())
NO_FILTER = DisputeFilter()  # every live case


def _page_ids(conn: Connection, f: DisputeFilter, today: date, offset: int, limit: int) -> tuple[list[int], int]:
    """(ids of the page, total matching), choosing the cheapest plan by hand (no ANALYZE here)."""
    if search_terms(f.q):
        # A search reads every row anyway: one scan gives both the page and the count.
        cond, _ = conditions(f, today, voided_index=False)
        q = select(D.c.id, func.count().over()).where(*cond).order_by(*_ORDER).limit(limit).offset(offset)
        rows = conn.execute(q).all()
        if rows or offset == 0:
            return [r[0] for r in rows], rows[0][1] if rows else 0
        return [], conn.execute(select(func.count()).select_from(D).where(*cond)).scalar_one()
    cond, selective = conditions(f, today, voided_index=False)
    if not selective:  # only voided = 0 (or nothing): the (voided, accepted_on) index does it all
        cond, _ = conditions(f, today, voided_index=True)
    total = conn.execute(select(func.count()).select_from(D).where(*cond)).scalar_one()
    if selective:
        # Walking the date index in order visits about (offset+limit) * all / total rows;
        # fetching the matches by their own index and sorting them costs about `total`.
        everything = conn.execute(select(func.count()).select_from(D).where(D.c.voided == False)).scalar_one()  # noqa: E712
        if total * total > (offset + limit) * max(everything, 1):
            cond, _ = conditions(f, today, voided_index=True)
    q = select(D.c.id).where(*cond).order_by(*_ORDER).limit(limit).offset(offset)
    return list(conn.execute(q).scalars()), total


def _first_names(conn: Connection, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """dispute id -> role -> live party names in entry order."""
    out: dict[int, dict[str, list[str]]] = {}
    if not ids:
        return out
    q = (select(P.c.dispute_id, P.c.role, P.c.name)
         .where(P.c.dispute_id.in_(ids), P.c.voided == False)  # noqa: E712
         .order_by(P.c.dispute_id, P.c.id))
    for dispute_id, role, name in conn.execute(q):
        out.setdefault(dispute_id, {}).setdefault(role, []).append(name)
    return out


def is_overdue(status: str, deadline: date, today: date) -> bool:
    return status in OPEN_STATUSES and deadline < today


def list_disputes(engine: Engine, filters: DisputeFilter = NO_FILTER, offset: int = 0, limit: int = 200) -> Page:
    """One page of cases matching `filters`, newest accepted first, and the total count."""
    today = filters.today or date.today()
    offset, limit = max(0, int(offset)), max(1, min(int(limit), 1000))
    presiding = C.alias("presiding")
    with engine.connect() as conn:
        ids, total = _page_ids(conn, filters, today, offset, limit)
        q = (
            select(D.c.id, D.c.number, D.c.accepted_on, T.c.name, H.c.name, D.c.status, presiding.c.name,
                   D.c.deadline, D.c.closed_on, D.c.is_mass, D.c.voided)
            .select_from(D.join(T, T.c.id == D.c.type_id)
                         .outerjoin(H, H.c.id == D.c.hamlet_id)
                         .outerjoin(presiding, presiding.c.id == D.c.presiding_id))
            .where(D.c.id.in_(ids))
            .order_by(*_ORDER)
        )
        raw = conn.execute(q).all() if ids else []
        names = _first_names(conn, ids)
    rows = []
    for (id_, number, accepted, type_name, hamlet_name, status, presiding_name, deadline,
         closed_on, is_mass, voided) in raw:
        people = names.get(id_, {})
        applicants, respondents = people.get("applicant", []), people.get("respondent", [])
        more = sum(len(v) for v in people.values()) - min(1, len(applicants)) - min(1, len(respondents))
        rows.append(DisputeRow(
            id=id_, number=number, accepted_on=accepted, type_name=type_name, hamlet_name=hamlet_name or "",
            applicant=applicants[0] if applicants else "", respondent=respondents[0] if respondents else "",
            more_parties=more, status=status, status_label=STATUSES[status],
            presiding_name=presiding_name or "", deadline=deadline,
            overdue=is_overdue(status, deadline, today) and not voided, closed_on=closed_on,
            is_mass=bool(is_mass), voided=bool(voided),
        ))
    return Page(rows=rows, total=total, offset=offset, limit=limit)


# ---- reminders for the home screen ------------------------------------------------------------


@dataclass(frozen=True)
class ReminderItem:
    """One thing to act on: which case, what, and by when."""

    dispute_id: int
    number: str
    parties: str  # '张三 与 李四'
    due: date
    days_left: int  # negative: that many days late
    what: str  # one short Chinese phrase
    record_id: int | None = None  # the follow-up or agreement concerned


@dataclass
class Reminders:
    """The home screen's lists, each soonest first and cut at `limit`; totals are uncut counts."""

    overdue: list[ReminderItem] = field(default_factory=list)
    due_soon: list[ReminderItem] = field(default_factory=list)
    follow_ups_due: list[ReminderItem] = field(default_factory=list)
    confirmation_closing: list[ReminderItem] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def _parties_text(people: dict[str, list[str]]) -> str:
    a, r = people.get("applicant", []), people.get("respondent", [])
    if a and r:
        return f"{a[0]} 与 {r[0]}"
    return (a or r or people.get("third", []) or [""])[0]


def reminders(engine: Engine, today: date, *, limit: int = 100) -> Reminders:
    """Overdue cases, cases due within 7 days, follow-up visits due within 7 days (latest visit
    of open or succeeded cases), and written agreements whose 30-day window for judicial
    confirmation closes within 7 days with no application recorded."""
    soon = today + timedelta(days=SOON_DAYS)
    F = FollowUp.__table__
    A = Agreement.__table__
    live = LIVE_NO_INDEX
    open_ = D.c.status.in_(OPEN_STATUSES)
    # For records, start from the record's own table (its due dates), not from the status index.
    status_no_index = literal_column("+dispute.status")
    later = F.alias("later")
    newer_visit = (select(later.c.id).where(
        later.c.dispute_id == F.c.dispute_id, later.c.voided == False,  # noqa: E712
        or_(later.c.visited_on > F.c.visited_on,
            and_(later.c.visited_on == F.c.visited_on, later.c.id > F.c.id)),
    )).exists()
    jc_last = func.date(A.c.signed_on, f"+{JC_WINDOW_DAYS} days")
    queries = {
        "overdue": (select(D.c.id, D.c.number, D.c.deadline, None).where(live, open_, D.c.deadline < today),
                    "已超过办结期限"),
        "due_soon": (select(D.c.id, D.c.number, D.c.deadline, None)
                     .where(live, open_, D.c.deadline >= today, D.c.deadline <= soon), "快到办结期限"),
        "follow_ups_due": (
            select(D.c.id, D.c.number, F.c.next_due, F.c.id).select_from(F.join(D, D.c.id == F.c.dispute_id))
            .where(F.c.voided == False, F.c.next_due.is_not(None), F.c.next_due <= soon,  # noqa: E712
                   live, status_no_index.in_((*OPEN_STATUSES, "succeeded")), ~newer_visit),
            "该回访了"),
        "confirmation_closing": (
            select(D.c.id, D.c.number, jc_last, A.c.id).select_from(A.join(D, D.c.id == A.c.dispute_id))
            .where(A.c.voided == False, A.c.form == "written", A.c.jc_applied_on.is_(None),  # noqa: E712
                   A.c.signed_on >= today - timedelta(days=JC_WINDOW_DAYS),
                   A.c.signed_on <= soon - timedelta(days=JC_WINDOW_DAYS),
                   live, status_no_index == "succeeded"),
            "司法确认申请期快到"),
    }
    out = Reminders()
    with engine.connect() as conn:
        for key, (q, what) in queries.items():
            due_col = q.selected_columns[2]
            rows = conn.execute(q.order_by(due_col, D.c.id).limit(limit)).all()
            out.totals[key] = conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()
            names = _first_names(conn, [r[0] for r in rows])
            items = []
            for id_, number, due, record_id in rows:
                due = due if isinstance(due, date) else date.fromisoformat(due)
                items.append(ReminderItem(id_, number, _parties_text(names.get(id_, {})), due,
                                          (due - today).days, what, record_id))
            setattr(out, key, items)
    return out


# ---- people already in the register (autofill) ------------------------------------------------


@dataclass(frozen=True)
class KnownPerson:
    """The latest details typed for a person or organisation, to fill a new party form."""

    name: str
    kind: str
    representative: str
    sex: str
    ethnicity: str
    birth_date: date | None
    age: int | None
    id_number: str
    occupation: str
    address: str
    hamlet_id: int | None
    hamlet_name: str
    phone: str
    party_id: int  # the party row these details come from
    id_type: str = "resident"  # the document the number belongs to (db.models.register.ID_TYPES)

    def party_data(self) -> dict:
        """The details as add_party data (role left to the caller)."""
        keys = ("name", "kind", "representative", "sex", "ethnicity", "birth_date", "age",
                "id_type", "id_number", "occupation", "address", "hamlet_id", "phone")
        return {k: getattr(self, k) for k in keys}


def known_people(engine: Engine, prefix: str, limit: int = 10) -> list[KnownPerson]:
    """People already in the register whose name starts with `prefix` (characters) or whose
    pinyin keys start with it (letters: zs, zhangsan; mixed: 张s), newest details first, one entry per person
    (same name and ID number, or same name and phone when no ID number)."""
    typed = unicodedata.normalize("NFKC", prefix or "").strip()
    if not typed:
        return []
    mixed = mixed_condition(P.c.initials, P.c.name, typed) if not is_initials_query(typed) else None
    if is_initials_query(typed):
        match = keys_start(P.c.initials, typed.lower())
    elif mixed is not None:
        lead = re.match(r"[^A-Za-z]+", typed)  # 曾jx: names from 曾 on the name index
        match = and_(P.c.name >= lead.group(), P.c.name < lead.group() + "\U0010ffff", mixed) if lead else mixed
    else:
        # A range on the name index (LIKE 'x%' would not use it: the column is not NOCASE).
        match = and_(P.c.name >= typed, P.c.name < typed + "\U0010ffff")
    # Two steps, each on one table: the newest matching party rows (the name index, or a
    # backwards scan that stops early for initials), then their details on live cases only.
    newest = select(P.c.id).where(match).order_by(P.c.id.desc()).limit(max(50, limit * 20))
    cols = (P.c.id, P.c.name, P.c.kind, P.c.representative, P.c.sex, P.c.ethnicity, P.c.birth_date,
            P.c.age, P.c.id_number, P.c.occupation, P.c.address, P.c.hamlet_id, H.c.name, P.c.phone, P.c.id_type)
    out: list[KnownPerson] = []
    seen: set[tuple] = set()
    with engine.connect() as conn:
        ids = list(conn.execute(newest).scalars())
        q = (select(*cols).select_from(P.join(D, D.c.id == P.c.dispute_id).outerjoin(H, H.c.id == P.c.hamlet_id))
             .where(P.c.id.in_(ids), P.c.voided == False, LIVE_NO_INDEX)  # noqa: E712
             .order_by(P.c.id.desc()))
        for row in conn.execute(q) if ids else ():
            (pid, name, kind, rep, sex, eth, born, age, idn, occ, addr, hid, hname, phone, id_type) = row
            key = (name, idn or phone or addr)
            if key in seen:
                continue
            seen.add(key)
            out.append(KnownPerson(name, kind, rep, sex, eth, born, age, idn, occ, addr, hid,
                                   hname or "", phone, pid, id_type))
            if len(out) >= limit:
                break
    return out


def case_keys(engine: Engine, start: date, end: date) -> set[tuple[date, str]]:
    """(accepted_on, applicant name) of live cases accepted from `start` to `end` inclusive:
    what an import compares against to spot rows that are already in the register."""
    q = (select(D.c.accepted_on, P.c.name).select_from(P.join(D, D.c.id == P.c.dispute_id))
         .where(D.c.voided == False, D.c.accepted_on >= start, D.c.accepted_on <= end,  # noqa: E712
                P.c.role == "applicant", P.c.voided == False))  # noqa: E712
    with engine.connect() as conn:
        return {(a if isinstance(a, date) else date.fromisoformat(a), n) for a, n in conn.execute(q)}
