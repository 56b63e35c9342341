"""A case's lifecycle: moving its status, closing, reopening, voiding and bringing back.

Every function is one audited transaction (`db.session.unit`), like db.register.write, which
re-exports them (the whole write API in one place). The moves a status allows are
db.models.register.MOVES; `note` / `reason` go into the audit entry.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.models import Agreement, Dispute, Escalation, FollowUp, Party, Proceeding
from db.models.register import MOVES, OPEN_STATUSES, STATUSES
from db.register.check import choice, coerce, live_dispute, need_text, not_before, set_void
from db.register.parties import follow_parties, refresh_search
from db.register.records import check_agreement_slot
from db.session import DataError, unit


def _allowed_moves(status: str) -> str:
    return "、".join(f"“{STATUSES[m]}”" for m in MOVES[status])


def move_status(
    engine: Engine, dispute_id: int, new_status: str, note: str = "", *,
    result_note: str | None = None, who: str | None = None,
) -> Dispute:
    """Move a case along its lifecycle (only the moves in MOVES); `note` goes into the audit entry.

    `result_note` (for failed: the channels the parties were told of; referred: to whom) is
    stored in the same change.
    """
    with unit(engine, who=who, note=note[:200]) as s:
        d = live_dispute(s, dispute_id)
        choice(new_status, STATUSES, "status")
        old = d.status
        if new_status == old:
            raise DataError(f"案件已经是“{STATUSES[old]}”，不用再改。", "status")
        if new_status not in MOVES[old]:
            hint = (f"只能改为{_allowed_moves(old)}。" if MOVES[old]
                    else "已有结果的案件如需重新调解，请用“重新打开”并写明原因。")
            raise DataError(f"案件状态不能从“{STATUSES[old]}”改为“{STATUSES[new_status]}”，{hint}", "status")
        if new_status != "succeeded" and _has_live_agreement(s, d.id):
            raise DataError("本案有调解协议，不能改为调解不成等结果；请先作废协议。", "status")
        d.status = new_status
        if result_note is not None:
            d.result_note = coerce(Dispute, {"result_note": result_note}, ("result_note",))["result_note"]
        return d


def _has_live_agreement(s: Session, dispute_id: int) -> bool:
    q = select(Agreement.id).where(Agreement.dispute_id == dispute_id, Agreement.voided == False)  # noqa: E712
    return s.exec(q).first() is not None


def close_case(engine: Engine, dispute_id: int, closed_on: date, by: str = "", *, who: str | None = None) -> Dispute:
    """Record the closing (结案) of a case that has its result; again to correct the date."""
    with unit(engine, who=who) as s:
        d = live_dispute(s, dispute_id)
        if d.status in OPEN_STATUSES:
            raise DataError(
                f"案件还在“{STATUSES[d.status]}”，请先登记调解结果（成功、不成、移交或撤回）再结案。", "status"
            )
        vals = coerce(Dispute, {"closed_on": closed_on, "closed_by": by.strip()}, ("closed_on", "closed_by"))
        if vals["closed_on"] is None:
            raise DataError("请填写结案日期。", "closed_on")
        not_before(vals["closed_on"], d.accepted_on, "closed_on", "accepted_on")
        for key, value in vals.items():
            if getattr(d, key) != value:
                setattr(d, key, value)
        return d


def reopen_case(engine: Engine, dispute_id: int, reason: str, *, who: str | None = None) -> Dispute:
    """Reopen a case that has a result: back to 调解中, closing cleared; `reason` is required
    and kept as the note of the audit entry."""
    reason = need_text(reason, "reason", "重新打开的原因")
    if len(reason) > 200:
        raise DataError("“重新打开的原因”最多 200 个字，请删减。", "reason")
    with unit(engine, who=who, note=reason) as s:
        d = live_dispute(s, dispute_id)
        if d.status in OPEN_STATUSES:
            raise DataError(f"案件还在“{STATUSES[d.status]}”，不用重新打开。", "status")
        d.status = "mediating"
        d.closed_on = None
        if d.closed_by:
            d.closed_by = ""
        return d


def void_dispute(engine: Engine, dispute_id: int, reason: str, *, who: str | None = None) -> Dispute:
    """Void a case (entered twice, by mistake): hidden from lists and reports, number not reused."""
    with unit(engine, who=who) as s:
        d = live_dispute(s, dispute_id)
        set_void(d, reason)
        return d


def unvoid_dispute(engine: Engine, dispute_id: int, *, who: str | None = None) -> Dispute:
    """Bring a voided case back, with its old number."""
    with unit(engine, who=who) as s:
        d = s.get(Dispute, dispute_id)
        if d is None:
            raise DataError(f"找不到此案件（编号 {dispute_id}），请检查编号。")
        if not d.voided:
            raise DataError("此案件没有作废，不用恢复。", "voided")
        d.voided = False
        d.void_reason = ""
        return d


RECORD_TABLES = {"party": (Party, "当事人"), "proceeding": (Proceeding, "记录"),
                 "agreement": (Agreement, "调解协议"), "follow_up": (FollowUp, "回访记录"),
                 "escalation": (Escalation, "上报记录")}


def unvoid_record(engine: Engine, table: str, row_id: int, *, who: str | None = None):
    """Bring back a voided party / proceeding / agreement / follow_up (`table` is the table name).

    An agreement comes back only while the case is 调解成功 and has no other live agreement.
    """
    if table not in RECORD_TABLES:
        raise DataError(f"不能恢复这类记录：{table}。", "table")
    model, what = RECORD_TABLES[table]
    with unit(engine, who=who) as s:
        row = s.get(model, row_id)
        if row is None:
            raise DataError(f"找不到此{what}（编号 {row_id}），请检查编号。")
        if not row.voided:
            raise DataError(f"此{what}没有作废，不用恢复。", "voided")
        d = live_dispute(s, row.dispute_id)
        if table == "agreement":
            check_agreement_slot(s, d, except_id=row.id)
        row.voided = False
        row.void_reason = ""
        if table == "party":
            s.flush()
            follow_parties(s, d)
            refresh_search(s, d)
        return row
