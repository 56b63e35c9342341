"""The monthly situation meeting (矛盾纠纷形势分析会): the record, who attended, what was decided."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field

from db.models.base import Voidable

# The state of a decision (落实情况) on a day: done by then, past its deadline, or still running.
DECISION_STATES = {"done": "已办", "doing": "在办", "overdue": "逾期"}


class Meeting(Voidable, table=True):
    """One month's meeting. One live record per month (a voided one keeps its month)."""

    __table_args__ = (
        CheckConstraint("length(month) = 7 AND substr(month, 5, 1) = '-'", name="month_shape"),
        Index("uq_meeting_month_live", "month", unique=True, sqlite_where=text("voided = 0")),
    )

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7)  # 'YYYY-MM': the month the meeting looks back on
    held_on: date
    place: str = Field(default="", max_length=50)
    chair: str = Field(max_length=50)
    recorder: str = Field(default="", max_length=50)
    agenda: str = Field(default="", max_length=4000)  # built from the month when recorded, editable
    notes: str = Field(default="", max_length=4000)  # discussion (讨论情况)


class MeetingAttendee(Voidable, table=True):
    """One person expected at a meeting: present, or absent with the reason (voided if listed by mistake)."""

    __tablename__ = "meeting_attendee"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    name: str = Field(max_length=50)
    duty: str = Field(default="", max_length=30)  # 职务 (村干部, 调解员, 信息员 ...)
    cadre_id: int | None = Field(default=None, foreign_key="cadre.id")
    present: bool = Field(default=True)
    absence_reason: str = Field(default="", max_length=100)
    position: int = Field(default=0)


class MeetingDecision(Voidable, table=True):
    """A decision (议定事项) with its owner (责任人), deadline and optional case or item."""

    __tablename__ = "meeting_decision"
    __table_args__ = (CheckConstraint("done_on IS NULL OR done_on >= decided_on", name="done_after_decided"),
                      CheckConstraint("deadline >= decided_on", name="deadline_after_decided"))

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    seq: int = Field(default=0)
    text: str = Field(max_length=500)
    owner: str = Field(max_length=50)
    decided_on: date  # the meeting's date, kept on the decision for the state queries
    deadline: date = Field(index=True)
    dispute_id: int | None = Field(default=None, foreign_key="dispute.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="followup_item.id", index=True)
    done_on: date | None = None
    progress: str = Field(default="", max_length=500)  # 落实情况 in words
