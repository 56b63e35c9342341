"""村事百晓's rounds (排查轮次): opening one (an assignment per question and hamlet, each with
its default cadre), closing, reopening and voiding it, the list of rounds, the one F4 opens on,
and giving assignments to another cadre. Re-exported by db.checklist.questions, the face the
F4 screens use.

Every change is one audited transaction (`unit`); bad input raises DataError with one Chinese
sentence and the field, and changes nothing. `_in` functions take an open Session.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.checklist.check import check_date, check_text, live_row, need_cadre
from db.checklist.progress import RoundView, _round_view, cell_sql, round_counts
from db.models import Answer, Assignment, Cadre, CadreHamlet, Hamlet, Question, Round
from db.session import DataError, reading, unit


def default_cadres_in(s: Session) -> dict[int | None, int | None]:
    """hamlet id -> default cadre (first active 片长 linked to it, else any linked active
    cadre, else None); key None -> the village-scope cadre (first 书记, else 主任, else None)."""
    cadres = list(s.exec(select(Cadre).where(Cadre.active).order_by(Cadre.position, Cadre.id)))
    linked: dict[int, set[int]] = {}
    for link in s.exec(select(CadreHamlet)):
        linked.setdefault(link.hamlet_id, set()).add(link.cadre_id)
    out: dict[int | None, int | None] = {}
    for hid in s.exec(select(Hamlet.id).where(Hamlet.active)):
        mine = [c for c in cadres if c.id in linked.get(hid, ())]
        leaders = [c for c in mine if "片长" in c.role_list]
        pick = leaders or mine
        out[hid] = pick[0].id if pick else None
    out[None] = next((c.id for role in ("书记", "主任") for c in cadres if role in c.role_list), None)
    return out


def default_cadres(engine: Engine) -> dict[int | None, int | None]:
    """What open_round would assign: hamlet id -> cadre id, None -> the village-scope cadre."""
    with reading(engine) as s:
        return default_cadres_in(s)


def open_round_in(s: Session, name, starts_on, ends_on) -> Round:
    """Open a round inside an open session (see open_round)."""
    name = check_text(name, "name", "轮次名称", 50)
    starts_on = check_date(starts_on, "starts_on", "开始日期")
    ends_on = check_date(ends_on, "ends_on", "结束日期")
    if ends_on < starts_on:
        raise DataError("结束日期不能早于开始日期，请重新填写。", "ends_on")
    if s.exec(select(Round.id).where(Round.name == name)).first() is not None:
        raise DataError(f"已经有名为“{name}”的排查轮次（含已作废的），请换一个名称。", "name")
    questions = list(s.exec(select(Question).where(Question.active).order_by(Question.position, Question.id)))
    if not questions:
        raise DataError("问题库里还没有在用的问题，请先添加问题。", "questions")
    hamlets = list(s.exec(select(Hamlet.id).where(Hamlet.active).order_by(Hamlet.position, Hamlet.id)))
    if not hamlets and any(q.scope == "hamlet" for q in questions):
        raise DataError("还没有屯组，请先在设置里添加屯组。", "hamlets")
    cadres = default_cadres_in(s)
    rnd = Round(name=name, starts_on=starts_on, ends_on=ends_on)
    s.add(rnd)
    s.flush()
    for q in questions:
        for hid in hamlets if q.scope == "hamlet" else [None]:
            s.add(Assignment(round_id=rnd.id, question_id=q.id, hamlet_id=hid, cadre_id=cadres.get(hid)))
    s.flush()
    return rnd


def open_round(engine: Engine, name: str, starts_on: date, ends_on: date) -> Round:
    """Open a round: one assignment per active question x active hamlet (scope 'hamlet') or
    one per question (scope 'village', hamlet_id None), each with its default cadre."""
    with unit(engine) as s:
        return open_round_in(s, name, starts_on, ends_on)


def _round(s: Session, round_id: int) -> Round:
    return live_row(s, Round, round_id, "找不到这一轮排查，请刷新后再试。", "round_id")


def close_round(engine: Engine, round_id: int) -> Round:
    """Finish a round: no more answers or reassignments until it is reopened."""
    with unit(engine) as s:
        rnd = _round(s, round_id)
        if not rnd.closed:
            rnd.closed = True
        return rnd


def reopen_round(engine: Engine, round_id: int) -> Round:
    """Open a finished round again (to add a late answer)."""
    with unit(engine) as s:
        rnd = _round(s, round_id)
        if rnd.closed:
            rnd.closed = False
        return rnd


def void_round(engine: Engine, round_id: int, reason: str) -> Round:
    """Void a round opened by mistake; refused once it has answers."""
    reason = check_text(reason, "reason", "作废原因", 200)
    with unit(engine, note=reason) as s:
        rnd = _round(s, round_id)
        answered = s.exec(
            select(func.count()).select_from(Answer).join(Assignment, Assignment.id == Answer.assignment_id)
            .where(Assignment.round_id == round_id, Answer.voided == False)  # noqa: E712
        ).one()
        if answered:
            raise DataError(f"“{rnd.name}”已有{answered}条答复，不能作废。", "round_id")
        rnd.voided, rnd.void_reason = True, reason
        return rnd


def list_rounds(engine: Engine, include_voided: bool = False) -> list[RoundView]:
    """Rounds, newest first, with their counts (two queries)."""
    with reading(engine) as s:
        counts = round_counts(s)
        rows = s.execute(text(
            "SELECT id, name, starts_on, ends_on, closed, voided FROM check_round "
            + ("" if include_voided else "WHERE voided = 0 ") + "ORDER BY starts_on DESC, id DESC"))
        return [_round_view(r, counts.get(r.id, {})) for r in rows]


def current_round(engine: Engine, today: date | None = None) -> RoundView | None:
    """The round F4 opens on: the newest open round containing today, else the newest round."""
    return pick_current(list_rounds(engine), today or date.today())


def pick_current(rounds: list[RoundView], today: date) -> RoundView | None:
    """current_round() from rounds already read (newest first)."""
    for r in rounds:
        if not r.closed and r.starts_on <= today <= r.ends_on:
            return r
    return next((r for r in rounds if not r.closed), rounds[0] if rounds else None)


def _open_round_of(s: Session, round_id: int) -> Round:
    rnd = _round(s, round_id)
    if rnd.closed:
        raise DataError(f"“{rnd.name}”已结束；如需修改，请先重新打开这一轮。", "round_id")
    return rnd


def reassign(engine: Engine, assignment_id: int, cadre_id: int | None) -> Assignment:
    """Give one assignment to another cadre (None: nobody yet)."""
    with unit(engine) as s:
        a = live_row(s, Assignment, assignment_id, "找不到这项排查任务，请刷新后再试。", "assignment_id")
        _open_round_of(s, a.round_id)
        if cadre_id is not None:
            need_cadre(s, cadre_id)
        if a.cadre_id != cadre_id:
            a.cadre_id = cadre_id
        return a


def reassign_hamlet(engine: Engine, round_id: int, hamlet_id: int | None, cadre_id: int | None,
                    *, only_open: bool = True) -> int:
    """Give all assignments of one hamlet (None: the village-scope ones) in a round to a cadre;
    only the unanswered ones unless only_open=False. Returns how many changed."""
    with unit(engine) as s:
        _open_round_of(s, round_id)
        if cadre_id is not None:
            need_cadre(s, cadre_id)
        where = "a.round_id = :r AND " + ("a.hamlet_id IS NULL" if hamlet_id is None else "a.hamlet_id = :h")
        ids = [r.assignment_id for r in s.execute(text(cell_sql(where)), {"r": round_id, "h": hamlet_id})
               if not only_open or r.state == "open"]
        changed = 0
        for a in s.exec(select(Assignment).where(Assignment.id.in_(ids))) if ids else ():
            if a.cadre_id != cadre_id:
                a.cadre_id = cadre_id
                changed += 1
        return changed
