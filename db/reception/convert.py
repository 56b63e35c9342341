"""The named link from the reception log to the register and the checklist: a request becomes
a case (调解案件) or a follow-up item (跟进事项), linked both ways.

The request keeps the case's or item's id (reception.dispute_id / item_id); the case or item
finds its request back through db.reception.query.request_for_case / request_for_item. The only
module of db.reception that imports other rooms (import-linter contract "db rooms: meeting and
reception"): db.register.write to number and check the case, db.checklist.answers to check the
item.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.checklist.answers import add_follow_up_item_in
from db.models import Dispute, DisputeType, FollowUpItem
from db.reception.write import live_request
from db.register.write import create_dispute_in
from db.session import DataError, unit
from db.values import need_text

DEFAULT_CASE_TYPE = "其他"
_CASE_FIXED = {"year", "seq", "number"}


def _not_converted(s: Session, r) -> None:
    if r.dispute_id is not None:
        case = s.get(Dispute, r.dispute_id)
        if case is not None and not case.voided:
            raise DataError(f"这条登记已转为调解案件 {case.number}，不能重复转。", "request_id")
    if r.item_id is not None:
        item = s.get(FollowUpItem, r.item_id)
        if item is not None and not item.voided:
            raise DataError("这条登记已转为跟进事项，不能重复转。", "request_id")


def to_case_in(s: Session, request_id: int, extra: dict | None = None, today: date | None = None) -> Dispute:
    """to_case inside the caller's transaction."""
    extra = dict(extra or {})
    r = live_request(s, request_id)
    _not_converted(s, r)
    fixed = sorted(set(extra) & _CASE_FIXED)
    if fixed:
        raise DataError("案号由系统编排，不能指定。", fixed[0])
    accepted = extra.pop("accepted_on", None) or today or date.today()
    if accepted < r.received_on:
        raise DataError(f"受理日期不能早于登记日期（{r.received_on:%Y-%m-%d}），请改正。", "accepted_on")
    type_name = extra.pop("type", None)
    if extra.get("type_id") is None:
        extra.pop("type_id", None)
        name = type_name or DEFAULT_CASE_TYPE
        dtype = s.exec(select(DisputeType).where(DisputeType.name == name)).first()
        if dtype is None:
            raise DataError(f"纠纷类型里没有“{name}”，请重新选择。", "type")
        extra["type_id"] = dtype.id
    data = dict(accepted_on=accepted, source="referred" if r.channel == "referred" else "reported",
                summary=r.matter[:2000], source_detail=f"来访来电登记 {r.received_on:%Y-%m-%d}")
    data.update(extra)
    parties = [dict(name=r.name, role="applicant")] if r.name else []
    case = create_dispute_in(s, data, parties)
    r.dispute_id, r.handling = case.id, "case"
    s.flush()
    return case


def to_case(engine: Engine, request_id: int, extra: dict | None = None) -> int:
    """Register a case from a request and link both ways; returns the case id. Pre-filled:
    accepted today, source 群众反映 (上级交办 for a request 上级转来), summary = the matter, the
    person (when named) as applicant, type 其他; `extra` sets any field create_dispute accepts
    (type_id, hamlet_id, presiding_id, deadline ...) plus 'type' (a type name)."""
    with unit(engine) as s:
        return to_case_in(s, request_id, extra).id


def to_item_in(s: Session, request_id: int, title: str, cadre_id: int, due_on,
               hamlet_id: int | None = None, opened_on=None) -> FollowUpItem:
    """to_item inside the caller's transaction."""
    r = live_request(s, request_id)
    _not_converted(s, r)
    title = need_text(title or r.matter[:200], "title", "事项", 200)
    item = add_follow_up_item_in(s, title, cadre_id, due_on, hamlet_id, opened_on or r.received_on)
    r.item_id, r.handling = item.id, "item"
    s.flush()
    return item


def to_item(engine: Engine, request_id: int, title: str, cadre_id: int, due_on,
            hamlet_id: int | None = None, opened_on=None) -> int:
    """A follow-up item (村事百晓 待办) from a request, with the responsible cadre and a due
    date; linked both ways; returns the item id. The title defaults to the matter."""
    with unit(engine) as s:
        return to_item_in(s, request_id, title, cadre_id, due_on, hamlet_id, opened_on).id
