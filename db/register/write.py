"""Changes to the mediation register (矛盾纠纷调解台账): cases, parties and their lifecycle.

Every public function is one transaction (`db.session.unit`): it either stores the whole change
or nothing, and the audit hook writes exactly one audit entry for the row the clerk changed.
Bad input raises DataError(message, field) with one Chinese sentence. Parties
(db/register/parties.py), records of a case (proceedings, agreements, follow-ups:
db/register/records.py) and the case's lifecycle (status moves, closing, reopening, voiding:
db/register/status.py) are re-exported here.

The `*_in(session, ...)` variants do the same work inside a caller's transaction (import and
demo data use them to add many cases all-or-nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.models import Cadre, Dispute, DisputeType, Hamlet, IssuedNumber, Village
from db.models.escalation import RISK_LEVELS
from db.models.register import MASS_THRESHOLD, OPEN_STATUSES, SOURCES, STATUSES
from db.register.check import (
    choice,
    coerce,
    exists,
    label,
    live_dispute,
    not_before,
    people_floor,
)
from db.register.parties import (  # noqa: F401  (re-exported: the whole write API in one place)
    PARTY_FIELDS,
    _check_party,  # (and the party rules, for db.register.bulk)
    _party_values,
    add_party,
    add_party_in,
    follow_parties,
    live_parties,
    new_party,
    refresh_search,
    search_fields,
    update_party,
    void_party,
)
from db.register.records import (  # noqa: F401  (re-exported: the whole write API in one place)
    AGREEMENT_FIELDS,
    FOLLOW_UP_FIELDS,
    PROCEEDING_FIELDS,
    add_agreement,
    add_agreement_in,
    add_follow_up,
    add_follow_up_in,
    add_proceeding,
    add_proceeding_in,
    agreement_refusal,
    check_agreement_slot,
    record_judicial_confirmation,
    record_performance,
    status_after_record,
    update_agreement,
    update_follow_up,
    update_proceeding,
    void_agreement,
    void_follow_up,
    void_proceeding,
)
from db.register.status import (  # noqa: F401  (re-exported: the whole write API in one place)
    close_case,
    move_status,
    reopen_case,
    unvoid_dispute,
    unvoid_record,
    void_dispute,
)
from db.session import DataError, unit

DEADLINE_DAYS = 30
# What create_dispute / update_dispute accept. Status, closing and voiding have their own
# functions (db.register.status: move_status, close_case, reopen_case, void_dispute) so each is
# one clear step.
DISPUTE_FIELDS = (
    "accepted_on", "registered_by", "source", "source_detail", "type_id", "hamlet_id", "summary",
    "request", "arose_on", "arose_at", "people_involved", "amount_fen", "is_mass", "severity",
    "presiding_id", "other_mediators", "leader_id", "deadline", "result_note",
    "risk_assessment", "risk_measures", "file_note",
    "prevent_suicide", "prevent_crime", "prevent_petition", "prevent_fight",
)
# Only when a case is first entered (an old case typed in or imported already finished).
CREATE_ONLY_FIELDS = ("status", "closed_on", "closed_by")


# ---- case numbers -----------------------------------------------------------------------------


def case_number(prefix: str, year: int, seq: int) -> str:
    """'(2026)青调字第012号': at least three digits, more when the year passes 999 cases."""
    return f"({year}){prefix}字第{seq:03d}号"


def _prefix(s: Session) -> str:
    village = s.get(Village, 1)
    if village is None:
        raise DataError("请先在设置里填写村庄信息（村名和案号简称），再登记案件。", "case_prefix")
    return village.case_prefix.strip() or f"{village.name.strip()[:1]}调"


def _next_seq(s: Session, year: int) -> int:
    """One above every number this file has issued for `year`, whatever was restored since.

    Voided cases keep their numbers (max over every row, voided included), and
    issued_number remembers numbers whose cases a restore took away (db.register.numbering)."""
    last = s.exec(select(func.max(Dispute.seq)).where(Dispute.year == year)).one()
    issued = s.exec(select(IssuedNumber.last_seq).where(IssuedNumber.year == year)).first()
    return max(last or 0, issued or 0) + 1


def _mark_issued(s: Session, year: int, seq: int) -> None:
    """Record `seq` as issued in the same transaction as its case (a counter, not audited)."""
    s.connection().exec_driver_sql(
        "INSERT INTO issued_number (year, last_seq) VALUES (?, ?) ON CONFLICT(year) "
        "DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)", (year, seq))


def _follow_year(s: Session, d: Dispute) -> None:
    """A case's number follows the year of its 受理日期. When a correction moves the date into
    another year, the case gets the next number of the new year; its old number is retired
    (the audit entry keeps it, and it is never issued again)."""
    year = d.accepted_on.year
    if year == d.year:
        return
    old_number = d.number
    with s.no_autoflush:
        seq = _next_seq(s, year)
        prefix = _prefix(s)
    d.year, d.seq, d.number = year, seq, case_number(prefix, year, seq)
    _mark_issued(s, year, seq)  # the old number stays counted in issued_number for its year
    s.info["audit_note"] = f"受理日期改到{year}年，案号由{old_number}改为{d.number}，原案号不再使用"[:200]


def next_case_number(engine: Engine, year: int) -> str:
    """The number the next case accepted in `year` will get (for showing on a new form)."""
    with Session(engine) as s:
        return case_number(_prefix(s), year, _next_seq(s, year))


# ---- checks -----------------------------------------------------------------------------------


def _check_dispute(s: Session, d: Dispute) -> None:
    """Rules on the whole case after a change (the database CHECKs are the last guard)."""
    # No autoflush while checking: the changed row must not reach the database before it passes.
    with s.no_autoflush:
        _check_dispute_rules(s, d)


def _check_dispute_rules(s: Session, d: Dispute) -> None:
    if d.type_id is None:
        raise DataError("请选择纠纷类型。", "type_id")
    exists(s, DisputeType, d.type_id, "type_id", "纠纷类型")
    exists(s, Hamlet, d.hamlet_id, "hamlet_id", "屯组")
    exists(s, Cadre, d.presiding_id, "presiding_id", "主持调解员")
    exists(s, Cadre, d.leader_id, "leader_id", "包案领导")
    choice(d.source, SOURCES, "source")
    choice(d.status, STATUSES, "status")
    if d.severity not in RISK_LEVELS:
        raise DataError(f"“风险等级”只能是：{'、'.join(RISK_LEVELS)}。", "severity")
    not_before(d.deadline, d.accepted_on, "deadline", "accepted_on")
    not_before(d.closed_on, d.accepted_on, "closed_on", "accepted_on")
    not_before(d.accepted_on, d.arose_on, "accepted_on", "arose_on")
    if d.status in OPEN_STATUSES and d.closed_on is not None:
        raise DataError(
            f"案件还在“{STATUSES[d.status]}”，不能填写结案日期；请先登记调解结果。", "closed_on"
        )


def _mass(is_mass: bool, people: int) -> bool:
    return bool(is_mass) or people >= MASS_THRESHOLD


# ---- cases ------------------------------------------------------------------------------------


def new_case_values(data: dict, party_count: int) -> dict:
    """A new case's field values from `data` (as a form or an import row gives them): 受理日期
    and 纠纷类型 required, the deadline DEADLINE_DAYS after acceptance unless given, 涉及人数
    never fewer than the parties named, 群体性 from it. One rule for create_dispute and the
    bulk import (db.register.bulk)."""
    data = dict(data)
    if data.get("deadline") is None:
        data.pop("deadline", None)
    if data.get("accepted_on") is None:
        raise DataError("请填写受理日期。", "accepted_on")
    if data.get("type_id") is None:
        raise DataError("请选择纠纷类型。", "type_id")
    vals = coerce(Dispute, data, DISPUTE_FIELDS + CREATE_ONLY_FIELDS)
    vals.setdefault("deadline", vals["accepted_on"] + timedelta(days=DEADLINE_DAYS))
    # 涉及人数 follows the parties named (never fewer), set before the case is first written.
    vals["people_involved"] = max(vals.get("people_involved") or 0, party_count)
    vals["is_mass"] = _mass(vals.get("is_mass", False), vals["people_involved"])
    return vals


def create_dispute_in(s: Session, data: dict, parties: Iterable[dict] = ()) -> Dispute:
    """create_dispute inside the caller's transaction."""
    parties = list(parties)
    vals = new_case_values(data, len(parties))
    accepted: date = vals["accepted_on"]
    if "registered_by" not in vals:
        village = s.get(Village, 1)
        vals["registered_by"] = village.clerk if village else ""
    year = accepted.year
    seq = _next_seq(s, year)
    d = Dispute(year=year, seq=seq, number=case_number(_prefix(s), year, seq), **vals)
    _check_dispute(s, d)
    s.add(d)
    s.flush()
    _mark_issued(s, year, seq)
    added = []
    for i, pdata in enumerate(parties):
        try:
            added.append(new_party(s, d, pdata))
        except DataError as exc:
            raise DataError(f"第 {i + 1} 位当事人：{exc.message}", exc.field) from exc
    d.search_text, d.search_initials = search_fields(added, d.summary)
    return d


def create_dispute(engine: Engine, data: dict, parties: Iterable[dict] = (), *, who: str | None = None) -> Dispute:
    """Register a new case with its parties; the case number is assigned here.

    `data` holds Dispute fields (DISPUTE_FIELDS, and status/closed_on/closed_by for an old case
    entered already finished); accepted_on and type_id are required; deadline defaults to
    accepted_on + 30 days; is_mass is set when people_involved >= 5. `parties` are dicts of
    PARTY_FIELDS (name required). Writes one audit entry per row added.
    """
    with unit(engine, who=who) as s:
        return create_dispute_in(s, data, parties)


def update_dispute(engine: Engine, dispute_id: int, changes: dict, *, who: str | None = None) -> Dispute:
    """Change fields of a case (DISPUTE_FIELDS only); one audit entry when anything changed.

    deadline=None puts it back to accepted_on + 30 days; when accepted_on moves and the deadline
    was the default, the deadline moves with it. is_mass follows people_involved unless the case
    was marked as mass with fewer people. When accepted_on moves into another year, the case
    gets the next number of that year and the old number is retired, never issued again.
    """
    with unit(engine, who=who) as s:
        d = live_dispute(s, dispute_id)
        changes = dict(changes)
        reset_deadline = "deadline" in changes and changes["deadline"] is None
        if reset_deadline:
            del changes["deadline"]
        vals = coerce(Dispute, changes, DISPUTE_FIELDS)
        old_default = d.deadline == d.accepted_on + timedelta(days=DEADLINE_DAYS)
        old_marked = d.is_mass and d.people_involved < MASS_THRESHOLD
        for key, value in vals.items():
            if getattr(d, key) != value:
                setattr(d, key, value)
        if reset_deadline or ("deadline" not in vals and old_default):
            new_deadline = d.accepted_on + timedelta(days=DEADLINE_DAYS)
            if d.deadline != new_deadline:
                d.deadline = new_deadline
        if "is_mass" in vals:
            d.is_mass = _mass(vals["is_mass"], d.people_involved)
        elif "people_involved" in vals:
            d.is_mass = _mass(old_marked, d.people_involved)
        if "people_involved" in vals:
            with s.no_autoflush:
                people_floor(live_parties(s, d.id), d.people_involved)
        _check_dispute(s, d)
        _follow_year(s, d)
        if "summary" in vals:
            refresh_search(s, d)
        return d


__all__ = [
    "AGREEMENT_FIELDS", "CREATE_ONLY_FIELDS", "DEADLINE_DAYS", "DISPUTE_FIELDS", "FOLLOW_UP_FIELDS",
    "PARTY_FIELDS", "PROCEEDING_FIELDS", "DataError", "add_agreement", "add_agreement_in",
    "add_follow_up", "add_follow_up_in", "add_party", "add_party_in", "add_proceeding",
    "add_proceeding_in", "case_number", "close_case", "create_dispute", "create_dispute_in",
    "label", "move_status", "next_case_number", "record_judicial_confirmation",
    "record_performance", "reopen_case", "search_fields", "unvoid_dispute", "unvoid_record",
    "update_agreement", "update_dispute", "update_follow_up", "update_party",
    "update_proceeding", "void_agreement", "void_dispute", "void_follow_up", "void_party",
    "void_proceeding",
]
