"""Changes to the meeting records: the meeting, its attendees, its decisions.

Every public function is one transaction (`db.session.unit`): the whole change or nothing, and
the audit hook writes one audit entry per row changed. Bad input raises DataError(message,
field) with one Chinese sentence and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.meeting.agenda import agenda_text, build_agenda
from db.models import Cadre, Dispute, FollowUpItem, Meeting, MeetingAttendee, MeetingDecision
from db.session import DataError, unit
from db.values import need_date, need_month, need_text

MEETING_FIELDS = ("held_on", "place", "chair", "recorder", "agenda", "notes")
DECISION_FIELDS = ("text", "owner", "deadline", "dispute_id", "item_id", "progress")
ATTENDEE_FIELDS = ("name", "duty", "cadre_id", "present", "absence_reason")
_TEXTS = {  # field -> (words, most characters, required)
    "place": ("会议地点", 50, False), "chair": ("主持人", 50, True), "recorder": ("记录人", 50, False),
    "agenda": ("会议议程", 4000, False), "notes": ("讨论情况", 4000, False),
    "text": ("议定事项", 500, True), "owner": ("责任人", 50, True), "progress": ("落实情况", 500, False),
    "name": ("参会人员姓名", 50, True), "duty": ("职务", 30, False), "absence_reason": ("缺席原因", 100, False),
}


def _live(s: Session, model, row_id, what: str, field: str):
    row = s.get(model, row_id) if row_id is not None else None
    if row is None:
        raise DataError(f"找不到这个{what}，请重新选择。", field)
    if getattr(row, "voided", False):
        raise DataError(f"这个{what}已作废，不能修改。", field)
    return row


def _set_texts(row, values: dict) -> None:
    for key, value in values.items():
        if key in _TEXTS:
            words, most, required = _TEXTS[key]
            setattr(row, key, need_text(value, key, words, most, required=required))


def _meeting_month_free(s: Session, month: str, exclude: int | None = None) -> None:
    q = select(Meeting).where(Meeting.month == month, Meeting.voided == False)  # noqa: E712
    other = s.exec(q).first()
    if other is not None and other.id != exclude:
        raise DataError(f"{month[:4]}年{int(month[5:])}月的分析会已有记录（{other.held_on:%Y-%m-%d}），请打开那一份修改。", "month")


def _held_on(value, month: str) -> date:
    held = need_date(value, "held_on", "会议日期")
    first = date(int(month[:4]), int(month[5:]), 1)
    if held < first:
        raise DataError(f"会议日期不能早于{month[:4]}年{int(month[5:])}月1日，请改正。", "held_on")
    return held


def _attendee(s: Session, meeting: Meeting, data: dict, position: int) -> MeetingAttendee:
    unknown = set(data) - set(ATTENDEE_FIELDS)
    if unknown:
        raise DataError(f"参会人员没有“{sorted(unknown)[0]}”这一项。", sorted(unknown)[0])
    row = MeetingAttendee(meeting_id=meeting.id, name="", position=position)
    _apply_attendee(s, row, data)
    s.add(row)
    return row


def _apply_attendee(s: Session, row: MeetingAttendee, data: dict) -> None:
    _set_texts(row, {k: v for k, v in data.items() if k in _TEXTS})
    if "cadre_id" in data:
        if data["cadre_id"] is not None:
            if s.get(Cadre, data["cadre_id"]) is None:
                raise DataError("找不到这位村干部，请重新选择。", "cadre_id")
        row.cadre_id = data["cadre_id"]
    if "present" in data:
        if not isinstance(data["present"], bool):
            raise DataError("“是否到会”只能是“是”或“否”。", "present")
        row.present = data["present"]
    if row.present:
        row.absence_reason = ""


def create_meeting(engine: Engine, month: str, data: dict, attendees: Iterable[dict] = (),
                   decisions: Iterable[dict] = ()) -> Meeting:
    """Record the meeting of `month` ('YYYY-MM'): held_on and chair required; the agenda is
    built from the month as of held_on unless `data['agenda']` is given; attendees and
    decisions (dicts of ATTENDEE_FIELDS / DECISION_FIELDS) are added in the same transaction."""
    with unit(engine) as s:
        return create_meeting_in(s, month, data, attendees, decisions)


def create_meeting_in(s: Session, month: str, data: dict, attendees: Iterable[dict] = (),
                      decisions: Iterable[dict] = ()) -> Meeting:
    """create_meeting inside the caller's transaction (demo data)."""
    month = need_month(month)
    unknown = set(data) - set(MEETING_FIELDS)
    if unknown:
        raise DataError(f"会议记录没有“{sorted(unknown)[0]}”这一项。", sorted(unknown)[0])
    _meeting_month_free(s, month)
    held = _held_on(data.get("held_on"), month)
    m = Meeting(month=month, held_on=held, chair="")
    _set_texts(m, {k: data.get(k, "") for k in ("place", "chair", "recorder", "notes")})
    if data.get("agenda") is None:
        m.agenda = agenda_text(build_agenda(s.connection(), month, held))[:4000]
    else:
        _set_texts(m, {"agenda": data["agenda"]})
    s.add(m)
    s.flush()
    for i, a in enumerate(attendees):
        try:
            _attendee(s, m, dict(a), i)
        except DataError as exc:
            raise DataError(f"第 {i + 1} 位参会人员：{exc.message}", exc.field) from exc
    for i, d in enumerate(decisions):
        try:
            _decision(s, m, dict(d))
        except DataError as exc:
            raise DataError(f"第 {i + 1} 项议定事项：{exc.message}", exc.field) from exc
    s.flush()
    return m


def update_meeting(engine: Engine, meeting_id: int, changes: dict) -> Meeting:
    """Change fields of a meeting (MEETING_FIELDS); its month stays."""
    with unit(engine) as s:
        m = _live(s, Meeting, meeting_id, "会议记录", "meeting_id")
        unknown = set(changes) - set(MEETING_FIELDS)
        if unknown:
            raise DataError(f"不能在这里修改“{sorted(unknown)[0]}”。", sorted(unknown)[0])
        if "held_on" in changes:
            m.held_on = _held_on(changes["held_on"], m.month)
            for d in _decisions_of(s, m.id):
                if d.deadline < m.held_on or (d.done_on and d.done_on < m.held_on):
                    raise DataError("会议日期晚于某项议定事项的完成期限或办结日期，请先改正议定事项。", "held_on")
                d.decided_on = m.held_on
        _set_texts(m, changes)
        return m


def rebuild_agenda(engine: Engine, meeting_id: int) -> Meeting:
    """Build the agenda again from the month as of the meeting's date (replaces the text)."""
    with unit(engine) as s:
        m = _live(s, Meeting, meeting_id, "会议记录", "meeting_id")
        m.agenda = agenda_text(build_agenda(s.connection(), m.month, m.held_on))[:4000]
        return m


def void_meeting(engine: Engine, meeting_id: int, reason: str) -> Meeting:
    """Void a meeting recorded by mistake, with its decisions."""
    with unit(engine) as s:
        m = _live(s, Meeting, meeting_id, "会议记录", "meeting_id")
        m.void_reason = need_text(reason, "void_reason", "作废原因", 200)
        m.voided = True
        for d in _decisions_of(s, m.id):
            d.voided, d.void_reason = True, "会议记录作废"
        return m


# ---- attendees -----------------------------------------------------------------------------


def add_attendee(engine: Engine, meeting_id: int, data: dict) -> MeetingAttendee:
    """Add one person to a meeting's list (present unless data['present'] is False)."""
    with unit(engine) as s:
        m = _live(s, Meeting, meeting_id, "会议记录", "meeting_id")
        n = len(s.exec(select(MeetingAttendee.id).where(MeetingAttendee.meeting_id == m.id)).all())
        row = _attendee(s, m, dict(data), n)
        s.flush()
        return row


def update_attendee(engine: Engine, attendee_id: int, changes: dict) -> MeetingAttendee:
    """Change a person on the list: name, duty, present or absent and why."""
    with unit(engine) as s:
        row = _live(s, MeetingAttendee, attendee_id, "参会人员", "attendee_id")
        unknown = set(changes) - set(ATTENDEE_FIELDS)
        if unknown:
            raise DataError(f"参会人员没有“{sorted(unknown)[0]}”这一项。", sorted(unknown)[0])
        _apply_attendee(s, row, changes)
        return row


def void_attendee(engine: Engine, attendee_id: int, reason: str) -> MeetingAttendee:
    """Take a person listed by mistake off the list (kept in the file, voided)."""
    with unit(engine) as s:
        row = _live(s, MeetingAttendee, attendee_id, "参会人员", "attendee_id")
        row.void_reason = need_text(reason, "void_reason", "作废原因", 200)
        row.voided = True
        return row


# ---- decisions -----------------------------------------------------------------------------


def _decisions_of(s: Session, meeting_id: int) -> list[MeetingDecision]:
    q = select(MeetingDecision).where(MeetingDecision.meeting_id == meeting_id,
                                      MeetingDecision.voided == False)  # noqa: E712
    return list(s.exec(q).all())


def _links(s: Session, d: MeetingDecision, data: dict) -> None:
    if "dispute_id" in data:
        if data["dispute_id"] is not None:
            _live(s, Dispute, data["dispute_id"], "案件", "dispute_id")
        d.dispute_id = data["dispute_id"]
    if "item_id" in data:
        if data["item_id"] is not None:
            _live(s, FollowUpItem, data["item_id"], "跟进事项", "item_id")
        d.item_id = data["item_id"]


def _deadline(d: MeetingDecision, value) -> None:
    deadline = need_date(value, "deadline", "完成期限")
    if deadline < d.decided_on:
        raise DataError(f"完成期限不能早于会议日期（{d.decided_on:%Y-%m-%d}），请改正。", "deadline")
    d.deadline = deadline


def _decision(s: Session, m: Meeting, data: dict) -> MeetingDecision:
    unknown = set(data) - set(DECISION_FIELDS)
    if unknown:
        raise DataError(f"议定事项没有“{sorted(unknown)[0]}”这一项。", sorted(unknown)[0])
    seq = len(s.exec(select(MeetingDecision.id).where(MeetingDecision.meeting_id == m.id)).all()) + 1
    d = MeetingDecision(meeting_id=m.id, seq=seq, text="", owner="", decided_on=m.held_on, deadline=m.held_on)
    _set_texts(d, {k: data.get(k, "") for k in ("text", "owner", "progress")})
    _deadline(d, data.get("deadline"))
    _links(s, d, data)
    s.add(d)
    s.flush()
    return d


def add_decision(engine: Engine, meeting_id: int, data: dict) -> MeetingDecision:
    """A decision (议定事项): text, owner and deadline required; dispute_id / item_id optional."""
    with unit(engine) as s:
        return _decision(s, _live(s, Meeting, meeting_id, "会议记录", "meeting_id"), dict(data))


def update_decision(engine: Engine, decision_id: int, changes: dict) -> MeetingDecision:
    """Change a decision's words, owner, deadline, link or progress note."""
    with unit(engine) as s:
        d = _live(s, MeetingDecision, decision_id, "议定事项", "decision_id")
        unknown = set(changes) - set(DECISION_FIELDS)
        if unknown:
            raise DataError(f"不能在这里修改“{sorted(unknown)[0]}”。", sorted(unknown)[0])
        _set_texts(d, {k: v for k, v in changes.items() if k in ("text", "owner", "progress")})
        if "deadline" in changes:
            _deadline(d, changes["deadline"])
        _links(s, d, changes)
        return d


def mark_done(engine: Engine, decision_id: int, done_on, progress: str = "") -> MeetingDecision:
    """The decision was carried out on `done_on` (已办), with what was done."""
    with unit(engine) as s:
        d = _live(s, MeetingDecision, decision_id, "议定事项", "decision_id")
        if d.done_on is not None:
            raise DataError(f"这项议定事项已于 {d.done_on:%Y-%m-%d} 办结。", "done_on")
        done = need_date(done_on, "done_on", "办结日期")
        if done < d.decided_on:
            raise DataError(f"办结日期不能早于会议日期（{d.decided_on:%Y-%m-%d}），请改正。", "done_on")
        if progress:
            d.progress = need_text(progress, "progress", "落实情况", 500)
        d.done_on = done
        return d


def reopen_decision(engine: Engine, decision_id: int) -> MeetingDecision:
    """Undo a 已办 marked by mistake."""
    with unit(engine) as s:
        d = _live(s, MeetingDecision, decision_id, "议定事项", "decision_id")
        if d.done_on is None:
            raise DataError("这项议定事项还没有办结。", "done_on")
        d.done_on = None
        return d


def void_decision(engine: Engine, decision_id: int, reason: str) -> MeetingDecision:
    """Void a decision entered by mistake."""
    with unit(engine) as s:
        d = _live(s, MeetingDecision, decision_id, "议定事项", "decision_id")
        d.void_reason = need_text(reason, "void_reason", "作废原因", 200)
        d.voided = True
        return d
