"""Records of a case: investigation / mediation records, the agreement, follow-up visits,
reports up (上报).

When a succeeded case closes (the rule, applied here): a case whose agreement is recorded as
fully performed (已履行, with its date) is closed on the date performance was completed, the day
the file can be bound. Recording 已履行 on an agreement of a 调解成功 case that is not yet closed
sets the case's 结案日期 to the agreement's 履行日期, in the same transaction (the case's own
audit entry says why). A partly performed or unperformed agreement leaves the case open; a
closing date already recorded by hand is never moved. Failed, referred and withdrawn cases are
closed by hand (close_case), when their result is recorded.

Same contract as db/register/write.py (which re-exports these): one transaction per call, one audit
entry for the row changed, DataError(message, field) with one Chinese sentence on bad input.
The `*_in` variants add to the caller's session; the new row gets its id at the next flush.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.models import Agreement, Dispute, Escalation, FollowUp, Proceeding
from db.models.escalation import ESCALATION_CHANNELS
from db.models.register import AGREEMENT_FORMS, PERFORMANCE, PROCEEDING_KINDS, STATUSES
from db.register.check import choice, coerce, label, live, live_dispute, not_before, set_void
from db.session import DataError, unit

PROCEEDING_FIELDS = (
    "kind", "held_on", "place", "attendees", "helpers", "mediators", "recorder",
    "rights_notified", "statements", "facts", "result",
)
AGREEMENT_FIELDS = (
    "form", "number", "signed_on", "facts", "responsibilities", "terms", "perform_how",
    "perform_where", "perform_by", "performance", "performed_on", "jc_applied_on", "jc_confirmed_on",
)
ESCALATION_FIELDS = ("reported_on", "to_whom", "channel", "reported_by", "matter", "replied_on", "reply")
FOLLOW_UP_FIELDS = (
    "visited_on", "party_name", "reason", "performed", "satisfied", "lawsuit", "flare_up",
    "measures", "visitor", "next_due",
)


def _apply(row, vals: dict) -> None:
    # Only real changes: an unchanged value must not show up in the audit entry.
    for key, value in vals.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def _required_date(data: dict, field: str, what: str) -> None:
    if data.get(field) is None:
        raise DataError(f"请填写{what}。", field)


def _attested(data: dict, *fields: str) -> None:
    """Facts the clerk attests have no default: a new record must say yes or no."""
    for field in fields:
        if data.get(field) is None:
            raise DataError(f"请选择“{label(field)}”：是 或 否。", field)


# ---- proceedings ------------------------------------------------------------------------------


def _check_proceeding(p: Proceeding) -> None:
    choice(p.kind, PROCEEDING_KINDS, "kind")


def status_after_record(status: str, kind: str) -> str | None:
    """The status a case moves to when a record of `kind` is added to it, None if it stays:
    the first mediation record of an accepted case starts the mediation (受理 -> 调解中)."""
    return "mediating" if kind == "mediation" and status == "accepted" else None


def add_proceeding_in(s: Session, dispute_id: int, data: dict) -> Proceeding:
    """add_proceeding inside the caller's transaction."""
    d = live_dispute(s, dispute_id)
    _required_date(data, "held_on", "记录日期")
    _attested(data, "rights_notified")
    p = Proceeding(dispute_id=d.id, **coerce(Proceeding, data, PROCEEDING_FIELDS))
    _check_proceeding(p)
    s.add(p)
    moved = status_after_record(d.status, p.kind)
    if moved is not None:
        s.flush()  # the record first, then the case's move: two audit entries in that order
        d.status = moved
    return p


def add_proceeding(engine: Engine, dispute_id: int, data: dict, *, who: str | None = None) -> Proceeding:
    """Add an investigation or mediation record (dict of PROCEEDING_FIELDS; held_on required).
    A mediation record on an accepted case moves it to 调解中 (status_after_record)."""
    with unit(engine, who=who) as s:
        return add_proceeding_in(s, dispute_id, data)


def update_proceeding(engine: Engine, proceeding_id: int, changes: dict, *, who: str | None = None) -> Proceeding:
    """Change an investigation or mediation record."""
    with unit(engine, who=who) as s:
        p = live(s, Proceeding, proceeding_id, "记录")
        live_dispute(s, p.dispute_id)
        if "held_on" in changes:
            _required_date(changes, "held_on", "记录日期")
        _apply(p, coerce(Proceeding, changes, PROCEEDING_FIELDS))
        _check_proceeding(p)
        return p


def void_proceeding(engine: Engine, proceeding_id: int, reason: str, *, who: str | None = None) -> Proceeding:
    """Void a record entered by mistake."""
    with unit(engine, who=who) as s:
        p = live(s, Proceeding, proceeding_id, "记录")
        live_dispute(s, p.dispute_id)
        set_void(p, reason)
        return p


# ---- agreement --------------------------------------------------------------------------------


def agreement_refusal(status: str) -> str | None:
    """Why a case in `status` cannot have an agreement (one Chinese sentence), None if it can."""
    if status == "succeeded":
        return None
    now = STATUSES.get(status, status)
    if status in ("accepted", "mediating"):
        return (f"只有“调解成功”的案件才能登记调解协议，本案现在是“{now}”；"
                f"调解达成协议后，请先把状态改为“调解成功”。")
    return (f"只有“调解成功”的案件才能登记调解协议，本案现在是“{now}”；"
            f"如确已达成协议，请先重新打开案件，再把状态改为“调解成功”。")


def check_agreement_slot(s: Session, d: Dispute, *, except_id: int | None = None) -> None:
    """Refuse an agreement unless the case succeeded and has no other live agreement."""
    refusal = agreement_refusal(d.status)
    if refusal is not None:
        raise DataError(refusal, "status")
    q = select(Agreement.id).where(Agreement.dispute_id == d.id, Agreement.voided == False)  # noqa: E712
    if except_id is not None:
        q = q.where(Agreement.id != except_id)
    if s.exec(q).first() is not None:
        raise DataError("本案已有调解协议；如需重新签订，请先作废原协议。", "agreement")


def check_agreement(a: Agreement, d: Dispute) -> None:
    """The dates and states of an agreement that make sense together."""
    choice(a.form, AGREEMENT_FORMS, "form")
    choice(a.performance, PERFORMANCE, "performance")
    not_before(a.signed_on, d.accepted_on, "signed_on", "accepted_on")
    not_before(a.perform_by, a.signed_on, "perform_by", "signed_on")
    not_before(a.performed_on, a.signed_on, "performed_on", "signed_on")
    if a.performance == "none" and a.performed_on is not None:
        raise DataError("“未履行”时不填履行日期；已履行请选“已履行”或“部分履行”。", "performed_on")
    if a.performance == "done" and a.performed_on is None:
        raise DataError("已履行的协议请填写履行日期。", "performed_on")
    if a.form == "oral" and (a.jc_applied_on or a.jc_confirmed_on):
        raise DataError("口头协议不能申请司法确认；司法确认只适用于书面调解协议。", "jc_applied_on")
    if a.jc_confirmed_on is not None and a.jc_applied_on is None:
        raise DataError("请先填写申请司法确认的日期，再填写确认日期。", "jc_applied_on")
    not_before(a.jc_applied_on, a.signed_on, "jc_applied_on", "signed_on")
    not_before(a.jc_confirmed_on, a.jc_applied_on, "jc_confirmed_on", "jc_applied_on")


def close_when_performed(s: Session, a: Agreement, d: Dispute) -> None:
    """The closing rule (module docstring): a succeeded, not yet closed case closes on the
    date its agreement was fully performed."""
    if (a.performance == "done" and a.performed_on is not None and not a.voided
            and d.status == "succeeded" and d.closed_on is None):
        d.closed_on = a.performed_on
        s.info["audit_note"] = f"协议已全部履行（{a.performed_on.isoformat()}），按规则于履行完毕之日结案"


def add_agreement_in(s: Session, dispute_id: int, data: dict) -> Agreement:
    """add_agreement inside the caller's transaction."""
    d = live_dispute(s, dispute_id)
    check_agreement_slot(s, d)
    _required_date(data, "signed_on", "协议签订日期")
    vals = coerce(Agreement, data, AGREEMENT_FIELDS)
    a = Agreement(dispute_id=d.id, **vals)
    if not a.number.strip() and a.form == "written":
        a.number = d.number  # the register's usual practice: the agreement carries the case number
    check_agreement(a, d)
    s.add(a)
    close_when_performed(s, a, d)
    return a


def add_agreement(engine: Engine, dispute_id: int, data: dict, *, who: str | None = None) -> Agreement:
    """Record the agreement of a succeeded case (dict of AGREEMENT_FIELDS; signed_on required).

    Refused unless the case is 调解成功 and has no other live agreement. A written agreement
    without a number gets the case number.
    """
    with unit(engine, who=who) as s:
        return add_agreement_in(s, dispute_id, data)


def _agreement_for_change(s: Session, agreement_id: int) -> tuple[Agreement, Dispute]:
    a = live(s, Agreement, agreement_id, "调解协议")
    return a, live_dispute(s, a.dispute_id)


def update_agreement(engine: Engine, agreement_id: int, changes: dict, *, who: str | None = None) -> Agreement:
    """Change an agreement's text, dates or form (AGREEMENT_FIELDS)."""
    with unit(engine, who=who) as s:
        a, d = _agreement_for_change(s, agreement_id)
        if "signed_on" in changes:
            _required_date(changes, "signed_on", "协议签订日期")
        _apply(a, coerce(Agreement, changes, AGREEMENT_FIELDS))
        check_agreement(a, d)
        close_when_performed(s, a, d)
        return a


def record_performance(
    engine: Engine, agreement_id: int, performance: str, performed_on: date | None = None,
    *, who: str | None = None,
) -> Agreement:
    """Record how the agreement was performed: 'none' / 'partial' / 'done' (done needs a date)."""
    with unit(engine, who=who) as s:
        a, d = _agreement_for_change(s, agreement_id)
        choice(performance, PERFORMANCE, "performance")
        _apply(a, coerce(Agreement, {"performance": performance, "performed_on": performed_on},
                         ("performance", "performed_on")))
        check_agreement(a, d)
        close_when_performed(s, a, d)
        return a


def record_judicial_confirmation(
    engine: Engine, agreement_id: int, applied_on: date | None, confirmed_on: date | None = None,
    *, who: str | None = None,
) -> Agreement:
    """Record the application for judicial confirmation (司法确认) and, later, the court's date."""
    with unit(engine, who=who) as s:
        a, d = _agreement_for_change(s, agreement_id)
        _apply(a, coerce(Agreement, {"jc_applied_on": applied_on, "jc_confirmed_on": confirmed_on},
                         ("jc_applied_on", "jc_confirmed_on")))
        check_agreement(a, d)
        return a


def void_agreement(engine: Engine, agreement_id: int, reason: str, *, who: str | None = None) -> Agreement:
    """Void an agreement (e.g. before a new one is signed after reopening the case)."""
    with unit(engine, who=who) as s:
        a, _d = _agreement_for_change(s, agreement_id)
        set_void(a, reason)
        return a


# ---- follow-up visits -------------------------------------------------------------------------


def _check_follow_up(f: FollowUp, d: Dispute) -> None:
    not_before(f.visited_on, d.accepted_on, "visited_on", "accepted_on")
    not_before(f.next_due, f.visited_on, "next_due", "visited_on")


def add_follow_up_in(s: Session, dispute_id: int, data: dict) -> FollowUp:
    """add_follow_up inside the caller's transaction."""
    d = live_dispute(s, dispute_id)
    _required_date(data, "visited_on", "回访日期")
    _attested(data, "performed", "satisfied")
    f = FollowUp(dispute_id=d.id, **coerce(FollowUp, data, FOLLOW_UP_FIELDS))
    _check_follow_up(f, d)
    s.add(f)
    return f


def add_follow_up(engine: Engine, dispute_id: int, data: dict, *, who: str | None = None) -> FollowUp:
    """Record a follow-up visit (dict of FOLLOW_UP_FIELDS; visited_on required)."""
    with unit(engine, who=who) as s:
        return add_follow_up_in(s, dispute_id, data)


def update_follow_up(engine: Engine, follow_up_id: int, changes: dict, *, who: str | None = None) -> FollowUp:
    """Change a follow-up visit record."""
    with unit(engine, who=who) as s:
        f = live(s, FollowUp, follow_up_id, "回访记录")
        d = live_dispute(s, f.dispute_id)
        if "visited_on" in changes:
            _required_date(changes, "visited_on", "回访日期")
        _apply(f, coerce(FollowUp, changes, FOLLOW_UP_FIELDS))
        _check_follow_up(f, d)
        return f


def void_follow_up(engine: Engine, follow_up_id: int, reason: str, *, who: str | None = None) -> FollowUp:
    """Void a follow-up visit entered by mistake."""
    with unit(engine, who=who) as s:
        f = live(s, FollowUp, follow_up_id, "回访记录")
        live_dispute(s, f.dispute_id)
        set_void(f, reason)
        return f


# ---- reports up (上报) --------------------------------------------------------------------------


def _check_escalation(e: Escalation, d: Dispute) -> None:
    e.to_whom = e.to_whom.strip()
    if not e.to_whom:
        raise DataError("请填写上报对象，如：镇司法所、镇综治中心、派出所。", "to_whom")
    choice(e.channel, ESCALATION_CHANNELS, "channel")
    not_before(e.reported_on, d.accepted_on, "reported_on", "accepted_on")
    not_before(e.replied_on, e.reported_on, "replied_on", "reported_on")
    if e.replied_on is None and e.reply.strip():
        raise DataError("填写了答复情况，请同时填写答复日期。", "replied_on")


def add_escalation_in(s: Session, dispute_id: int, data: dict) -> Escalation:
    """add_escalation inside the caller's transaction."""
    d = live_dispute(s, dispute_id)
    _required_date(data, "reported_on", "上报日期")
    e = Escalation(dispute_id=d.id, **coerce(Escalation, data, ESCALATION_FIELDS))
    _check_escalation(e, d)
    s.add(e)
    return e


def add_escalation(engine: Engine, dispute_id: int, data: dict, *, who: str | None = None) -> Escalation:
    """Record a report of the case to a higher office (dict of ESCALATION_FIELDS; reported_on
    and to_whom required; the reply and its date may come later with update_escalation)."""
    with unit(engine, who=who) as s:
        return add_escalation_in(s, dispute_id, data)


def update_escalation(engine: Engine, escalation_id: int, changes: dict, *, who: str | None = None) -> Escalation:
    """Change a report up, e.g. add the reply when it comes."""
    with unit(engine, who=who) as s:
        e = live(s, Escalation, escalation_id, "上报记录")
        d = live_dispute(s, e.dispute_id)
        if "reported_on" in changes:
            _required_date(changes, "reported_on", "上报日期")
        with s.no_autoflush:
            _apply(e, coerce(Escalation, changes, ESCALATION_FIELDS))
            _check_escalation(e, d)
        return e


def void_escalation(engine: Engine, escalation_id: int, reason: str, *, who: str | None = None) -> Escalation:
    """Void a report up entered by mistake."""
    with unit(engine, who=who) as s:
        e = live(s, Escalation, escalation_id, "上报记录")
        live_dispute(s, e.dispute_id)
        set_void(e, reason)
        return e
