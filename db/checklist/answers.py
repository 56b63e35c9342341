"""村事百晓 answers and what they turn into: a case in the register (linked both ways) or a
follow-up item with a responsible cadre and a due date. Re-exported by db.checklist.questions; the
turn into a case is db.checklist.to_register."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.checklist.check import check_date, check_text, live_row, need_cadre
from db.checklist.progress import STATES, UNASSIGNED_LABEL, VILLAGE_LABEL, cell_sql
from db.models import (
    Answer,
    Assignment,
    Dispute,
    FollowUpItem,
    Hamlet,
    Round,
)
from db.session import DataError, as_date, reading, unit

DEFAULT_CASE_TYPE = "其他"


@dataclass
class AnswerView:
    """One answer (live or voided) with names, for screens and printouts."""

    id: int
    text: str
    answered_on: date
    cadre_id: int
    cadre_name: str
    needs_action: bool
    dispute_id: int | None = None
    dispute_number: str = ""  # "" when the linked case was voided
    voided: bool = False
    void_reason: str = ""


@dataclass
class ItemView:
    """A follow-up item with names; overdue when open past its due date."""

    id: int
    title: str
    hamlet_id: int | None
    hamlet_name: str
    cadre_id: int
    cadre_name: str
    opened_on: date
    due_on: date
    done_on: date | None
    outcome: str
    answer_id: int | None
    question_code: str
    round_name: str
    days_left: int  # due_on - today (negative: overdue by that many days)
    overdue: bool


@dataclass
class CellView:
    """One assignment (question x hamlet of a round) with its current answer."""

    assignment_id: int
    round_id: int
    round_name: str
    question_id: int
    code: str
    category: str
    text: str
    hint: str
    scope: str
    hamlet_id: int | None
    hamlet_name: str  # "全村" for village-scope questions
    cadre_id: int | None
    cadre_name: str  # "未分配" when nobody
    state: str
    answer: AnswerView | None = None
    history: list[AnswerView] = field(default_factory=list)  # get_cell only: voided answers
    items: list[ItemView] = field(default_factory=list)  # get_cell only




_CELLS = """
SELECT c.assignment_id, c.round_id, r.name AS round_name, c.question_id, q.code, q.category,
       q.text, q.hint, q.scope, c.hamlet_id, h.name AS hamlet_name, c.cadre_id, k.name AS cadre_name,
       c.state, ans.id AS answer_id, ans.text AS answer_text, ans.answered_on,
       ans.cadre_id AS answer_cadre_id, ak.name AS answer_cadre_name, ans.needs_action,
       ans.dispute_id, d.number AS dispute_number, d.voided AS dispute_voided
FROM ({cells}) c
JOIN check_round r ON r.id = c.round_id
JOIN question q ON q.id = c.question_id
LEFT JOIN hamlet h ON h.id = c.hamlet_id
LEFT JOIN cadre k ON k.id = c.cadre_id
LEFT JOIN answer ans ON ans.id = c.answer_id
LEFT JOIN cadre ak ON ak.id = ans.cadre_id
LEFT JOIN dispute d ON d.id = ans.dispute_id
WHERE {outer}
ORDER BY c.hamlet_id IS NULL, h.position, h.id, q.position, q.id
"""


def _cell_views(s: Session, where: str, params: dict, outer: str = "1 = 1") -> list[CellView]:
    out = []
    for r in s.execute(text(_CELLS.format(cells=cell_sql(where), outer=outer)), params):
        answer = None
        if r.answer_id is not None:
            answer = AnswerView(
                r.answer_id, r.answer_text, as_date(r.answered_on), r.answer_cadre_id,
                r.answer_cadre_name or "", bool(r.needs_action), r.dispute_id,
                "" if r.dispute_voided else (r.dispute_number or ""))
        out.append(CellView(
            r.assignment_id, r.round_id, r.round_name, r.question_id, r.code, r.category, r.text,
            r.hint, r.scope, r.hamlet_id, r.hamlet_name or VILLAGE_LABEL, r.cadre_id,
            r.cadre_name or UNASSIGNED_LABEL, r.state, answer))
    return out


def list_cells(engine: Engine, round_id: int, *, hamlet_id: int | None = None,
               village_only: bool = False, cadre_id: int | None = None,
               states: tuple[str, ...] | None = None) -> list[CellView]:
    """The assignments of a round with their current answers, by hamlet then question.
    Filters: one hamlet, or village_only (the village-scope questions), one cadre, some states.
    history and items are left empty (see get_cell)."""
    where, params = ["a.round_id = :r"], {"r": round_id}
    if village_only:
        where.append("a.hamlet_id IS NULL")
    elif hamlet_id is not None:
        where.append("a.hamlet_id = :h")
        params["h"] = hamlet_id
    if cadre_id is not None:
        where.append("a.cadre_id = :k")
        params["k"] = cadre_id
    outer = "1 = 1"
    if states:
        bad = set(states) - set(STATES)
        if bad:
            raise DataError("状态只能是 open / answered / action / acted。", "states")
        outer = "c.state IN (" + ", ".join(f"'{s}'" for s in states) + ")"
    with reading(engine) as s:
        return _cell_views(s, " AND ".join(where), params, outer)


def get_cell(engine: Engine, assignment_id: int, today: date | None = None) -> CellView:
    """One assignment with its current answer, earlier (voided) answers and follow-up items."""
    with reading(engine) as s:
        cells = _cell_views(s, "a.id = :id", {"id": assignment_id})
        if not cells:
            raise DataError("找不到这项排查任务，请刷新后再试。", "assignment_id")
        cell = cells[0]
        rows = s.execute(text(
            "SELECT ans.*, k.name AS kname, d.number AS dnumber, d.voided AS dvoided FROM answer ans "
            "LEFT JOIN cadre k ON k.id = ans.cadre_id LEFT JOIN dispute d ON d.id = ans.dispute_id "
            "WHERE ans.assignment_id = :a AND ans.voided = 1 ORDER BY ans.id DESC"), {"a": assignment_id})
        cell.history = [
            AnswerView(r.id, r.text, as_date(r.answered_on), r.cadre_id, r.kname or "", bool(r.needs_action),
                       r.dispute_id, "" if r.dvoided else (r.dnumber or ""), True, r.void_reason)
            for r in rows
        ]
        cell.items = _item_views(s, today or date.today(), include_done=True,
                                 where="ans.assignment_id = :a", params={"a": assignment_id})
        return cell


def answer_for_case(engine: Engine, dispute_id: int) -> CellView | None:
    """The checklist cell whose live answer became this case (None if not from the checklist)."""
    with reading(engine) as s:
        aid = s.exec(select(Answer.assignment_id).where(Answer.dispute_id == dispute_id,
                                                        Answer.voided == False)  # noqa: E712
                     .order_by(Answer.id.desc())).first()
    return get_cell(engine, aid) if aid is not None else None


def answer_in(s: Session, assignment_id: int, text_: str, answered_on, cadre_id: int,
              needs_action: bool = False) -> Answer:
    """Record an answer inside an open session (see answer)."""
    a = live_row(s, Assignment, assignment_id, "找不到这项排查任务，请刷新后再试。", "assignment_id")
    rnd = live_row(s, Round, a.round_id, "这一轮排查已作废，不能填写答复。", "assignment_id")
    if rnd.closed:
        raise DataError(f"“{rnd.name}”已结束，不能再填写答复；如需补填，请先重新打开这一轮。", "assignment_id")
    body = check_text(text_, "text", "答复内容", 2000)
    when = check_date(answered_on, "answered_on", "答复日期")
    if not rnd.starts_on <= when <= rnd.ends_on:
        raise DataError(f"答复日期须在本轮排查期间（{rnd.starts_on:%Y-%m-%d} 至 {rnd.ends_on:%Y-%m-%d}），"
                        "请重新填写。", "answered_on")
    need_cadre(s, cadre_id, "cadre_id", "答复人")
    needs_action = bool(needs_action)
    old = list(s.exec(select(Answer).where(Answer.assignment_id == a.id, Answer.voided == False)  # noqa: E712
                      .order_by(Answer.id.desc())))
    if old and (old[0].text, old[0].answered_on, old[0].cadre_id, old[0].needs_action) == (
            body, when, cadre_id, needs_action):
        return old[0]  # saved again without a change: nothing to record
    new = Answer(assignment_id=a.id, text=body, answered_on=when, cadre_id=cadre_id,
                 needs_action=needs_action,
                 dispute_id=next((o.dispute_id for o in old if o.dispute_id is not None), None))
    for o in old:
        o.voided, o.void_reason = True, "重新答复"
    s.add(new)
    s.flush()
    if old:  # the follow-up items travel with the current answer
        for item in s.exec(select(FollowUpItem).where(FollowUpItem.answer_id.in_([o.id for o in old]))):
            item.answer_id = new.id
        s.flush()
    return new


def answer(engine: Engine, assignment_id: int, text: str, answered_on: date, cadre_id: int,
           needs_action: bool = False) -> Answer:
    """Record the answer of an assignment. Refused: empty text, no date, a date outside the
    round, no cadre, a finished round. Re-answering voids the old answer (kept as history);
    its case link and follow-up items move to the new answer."""
    with unit(engine) as s:
        return answer_in(s, assignment_id, text, answered_on, cadre_id, needs_action)


def void_answer(engine: Engine, answer_id: int, reason: str) -> Answer:
    """Void an answer entered by mistake (the cell is open again). Refused while a live case
    or a live follow-up item hangs on it."""
    reason = check_text(reason, "reason", "作废原因", 200)
    with unit(engine, note=reason) as s:
        ans = live_row(s, Answer, answer_id, "找不到这条答复，可能已被作废。", "answer_id")
        case = s.get(Dispute, ans.dispute_id) if ans.dispute_id else None
        if case is not None and not case.voided:
            raise DataError(f"这条答复已转为调解案件 {case.number}，不能作废。", "answer_id")
        if s.exec(select(FollowUpItem.id).where(FollowUpItem.answer_id == ans.id,
                                               FollowUpItem.voided == False)).first():  # noqa: E712
            raise DataError("这条答复有跟进事项，请先作废跟进事项再作废答复。", "answer_id")
        ans.voided, ans.void_reason = True, reason
        return ans


# ----------------------------------------------------------------------------- follow-up items

def _new_item(s: Session, title, cadre_id, due_on, hamlet_id, opened_on, answer_id) -> FollowUpItem:
    title = check_text(title, "title", "事项", 200)
    need_cadre(s, cadre_id)
    opened = check_date(opened_on or date.today(), "opened_on", "登记日期")
    due = check_date(due_on, "due_on", "完成期限")
    if due < opened:
        raise DataError(f"完成期限不能早于登记日期（{opened:%Y-%m-%d}），请重新填写。", "due_on")
    if hamlet_id is not None:
        live_row(s, Hamlet, hamlet_id, "找不到这个屯组，请重新选择。", "hamlet_id")
    item = FollowUpItem(answer_id=answer_id, hamlet_id=hamlet_id, title=title, cadre_id=cadre_id,
                        opened_on=opened, due_on=due)
    s.add(item)
    s.flush()
    return item


def to_follow_up_in(s: Session, answer_id: int, title: str, cadre_id: int, due_on,
                    opened_on=None) -> FollowUpItem:
    """Turn an answer into a follow-up item inside an open session (see to_follow_up)."""
    ans = live_row(s, Answer, answer_id, "找不到这条答复，可能已被作废。", "answer_id")
    a = s.get(Assignment, ans.assignment_id)
    return _new_item(s, title, cadre_id, due_on, a.hamlet_id, opened_on, ans.id)


def to_follow_up(engine: Engine, answer_id: int, title: str, cadre_id: int, due_on: date,
                 opened_on: date | None = None) -> FollowUpItem:
    """A follow-up item from an answer (its hamlet), with a responsible cadre and a due date;
    it shows on the home screen until ticked off. opened_on defaults to today."""
    with unit(engine) as s:
        return to_follow_up_in(s, answer_id, title, cadre_id, due_on, opened_on)


def add_follow_up_item(engine: Engine, title: str, cadre_id: int, due_on: date,
                       hamlet_id: int | None = None, opened_on: date | None = None) -> FollowUpItem:
    """A follow-up item not tied to an answer (a request brought to the office)."""
    with unit(engine) as s:
        return _new_item(s, title, cadre_id, due_on, hamlet_id, opened_on, None)


def add_follow_up_item_in(s: Session, title: str, cadre_id: int, due_on, hamlet_id: int | None = None,
                          opened_on=None) -> FollowUpItem:
    """add_follow_up_item inside the caller's transaction (the reception log's named link)."""
    return _new_item(s, title, cadre_id, due_on, hamlet_id, opened_on, None)


def tick_off_in(s: Session, item_id: int, done_on, outcome: str = "") -> FollowUpItem:
    """Tick off an item inside an open session (see tick_off)."""
    item = live_row(s, FollowUpItem, item_id, "找不到这个跟进事项，可能已被作废。", "item_id")
    if item.done_on is not None:
        raise DataError(f"这个事项已于 {item.done_on:%Y-%m-%d} 办结。", "item_id")
    done = check_date(done_on, "done_on", "办结日期")
    if done < item.opened_on:
        raise DataError(f"办结日期不能早于登记日期（{item.opened_on:%Y-%m-%d}），请重新填写。", "done_on")
    item.outcome = check_text(outcome, "outcome", "办理结果", 500, required=False)
    item.done_on = done
    return item


def tick_off(engine: Engine, item_id: int, done_on: date, outcome: str = "") -> FollowUpItem:
    """Mark an item done on `done_on` with what was done (optional)."""
    with unit(engine) as s:
        return tick_off_in(s, item_id, done_on, outcome)


def reopen_item(engine: Engine, item_id: int) -> FollowUpItem:
    """Undo a tick-off made by mistake."""
    with unit(engine) as s:
        item = live_row(s, FollowUpItem, item_id, "找不到这个跟进事项，可能已被作废。", "item_id")
        if item.done_on is not None:
            item.done_on, item.outcome = None, ""
        return item


def void_item(engine: Engine, item_id: int, reason: str) -> FollowUpItem:
    """Void an item entered by mistake."""
    reason = check_text(reason, "reason", "作废原因", 200)
    with unit(engine, note=reason) as s:
        item = live_row(s, FollowUpItem, item_id, "找不到这个跟进事项，可能已被作废。", "item_id")
        item.voided, item.void_reason = True, reason
        return item


_ITEMS = """
SELECT f.id, f.title, f.hamlet_id, h.name AS hname, f.cadre_id, k.name AS kname, f.opened_on,
       f.due_on, f.done_on, f.outcome, f.answer_id, q.code, r.name AS rname
FROM followup_item f
LEFT JOIN hamlet h ON h.id = f.hamlet_id
LEFT JOIN cadre k ON k.id = f.cadre_id
LEFT JOIN answer ans ON ans.id = f.answer_id
LEFT JOIN assignment a ON a.id = ans.assignment_id
LEFT JOIN question q ON q.id = a.question_id
LEFT JOIN check_round r ON r.id = a.round_id
WHERE f.voided = 0 AND {where}
ORDER BY f.done_on IS NOT NULL, f.due_on, f.id
"""


def _item_views(s: Session, today: date, *, include_done: bool, where: str = "1 = 1",
                params: dict | None = None) -> list[ItemView]:
    if not include_done:
        where += " AND f.done_on IS NULL"
    out = []
    for r in s.execute(text(_ITEMS.format(where=where)), params or {}):
        due, done = as_date(r.due_on), as_date(r.done_on)
        out.append(ItemView(
            r.id, r.title, r.hamlet_id, r.hname or VILLAGE_LABEL, r.cadre_id, r.kname or "",
            as_date(r.opened_on), due, done, r.outcome, r.answer_id, r.code or "", r.rname or "",
            (due - today).days, done is None and due < today))
    return out


def open_items(engine: Engine, today: date) -> list[ItemView]:
    """Open follow-up items for the home screen, soonest due first; overdue ones flagged."""
    with reading(engine) as s:
        return _item_views(s, today, include_done=False)


def list_items(engine: Engine, today: date, *, include_done: bool = True,
               cadre_id: int | None = None, hamlet_id: int | None = None) -> list[ItemView]:
    """Follow-up items (open first, by due date), optionally one cadre's or one hamlet's."""
    where, params = "1 = 1", {}
    if cadre_id is not None:
        where += " AND f.cadre_id = :k"
        params["k"] = cadre_id
    if hamlet_id is not None:
        where += " AND f.hamlet_id = :h"
        params["h"] = hamlet_id
    with reading(engine) as s:
        return _item_views(s, today, include_done=include_done, where=where, params=params)
