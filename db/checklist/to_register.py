"""The one named link from 村事百晓 to the register: an answer becomes a case (linked both ways).

The only module of db.checklist that imports db.register (import-linter contract "db rooms:
register and checklist apart"). Re-exported by db.checklist.questions.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.checklist.answers import DEFAULT_CASE_TYPE
from db.checklist.check import check_date, live_row
from db.models import Answer, Assignment, Dispute, DisputeType, Question, Round
from db.register.write import create_dispute_in
from db.session import DataError, unit

_CASE_FIXED = {"source", "year", "seq", "number"}


def to_case_in(s: Session, answer_id: int, extra: dict | None = None, today: date | None = None) -> Dispute:
    """Turn an answer into a case inside an open session (see to_case)."""
    extra = dict(extra or {})
    ans = live_row(s, Answer, answer_id, "找不到这条答复，可能已被作废。", "answer_id")
    if ans.dispute_id is not None:
        case = s.get(Dispute, ans.dispute_id)
        if case is not None and not case.voided:
            raise DataError(f"这条答复已转为调解案件 {case.number}，不能重复转入。", "answer_id")
    fixed = sorted(set(extra) & _CASE_FIXED)
    if fixed:
        raise DataError("从村事百晓转入的案件，来源固定为“排查发现”，案号由系统编排。", fixed[0])
    a = s.get(Assignment, ans.assignment_id)
    question, rnd = s.get(Question, a.question_id), s.get(Round, a.round_id)
    accepted = check_date(extra.pop("accepted_on", None) or today or date.today(), "accepted_on", "受理日期")
    type_name = extra.pop("type", None)
    if extra.get("type_id") is None:
        extra.pop("type_id", None)
        name = type_name or DEFAULT_CASE_TYPE
        dtype = s.exec(select(DisputeType).where(DisputeType.name == name)).first()
        if dtype is None:
            raise DataError(f"纠纷类型里没有“{name}”，请重新选择。", "type")
        extra["type_id"] = dtype.id
    summary = f"【村事百晓 {question.code}】{question.text}\n{ans.text}"
    data = dict(
        accepted_on=accepted, source="checklist", hamlet_id=a.hamlet_id, summary=summary[:2000],
        source_detail=f"{rnd.name} {question.code}"[:50],
    )
    data.update(extra)  # deadline defaults to accepted + 30 days in the register
    case = create_dispute_in(s, data)
    ans.dispute_id = case.id
    s.flush()
    return case


def to_case(engine: Engine, answer_id: int, extra: dict | None = None) -> int:
    """Create a register case from an answer and link both ways (Answer.dispute_id); returns
    the case id. Pre-filled: source 'checklist' (排查发现), the hamlet, summary = question +
    answer, accepted_on today, type '其他', deadline accepted + 30 days, registered_by the
    clerk (db.register.write.create_dispute_in numbers and checks it). `extra` sets any field
    create_dispute accepts (accepted_on, type_id, presiding_id, deadline ...) plus 'type' (a
    type name); source and number are refused. (status / closed_on / closed_by pass through
    to create_dispute_in, as for an old case entered already finished: the demo uses it.)"""
    with unit(engine) as s:
        return to_case_in(s, answer_id, extra).id
