"""村事百晓: the question bank, its rounds, assignments, answers and follow-up items."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from db.models.base import Stamped, Voidable

SCOPES = {"hamlet": "每个屯组", "village": "全村一次"}


class Question(Stamped, table=True):
    """One checklist question. Retired questions keep their past answers."""

    __table_args__ = (CheckConstraint("scope IN ('hamlet', 'village')", name="scope"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=10, unique=True)  # e.g. A01
    category: str = Field(max_length=30, index=True)
    text: str = Field(max_length=300)
    hint: str = Field(default="", max_length=300)
    scope: str = Field(default="hamlet", max_length=8)
    position: int = Field(default=0)
    active: bool = Field(default=True)
    initials: str = Field(default="", max_length=600)


class Round(Voidable, table=True):
    """A round of the checklist (排查轮次), e.g. 2026年第四季度."""

    __tablename__ = "check_round"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_starts"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, unique=True)
    starts_on: date
    ends_on: date
    closed: bool = Field(default=False)


class Assignment(Stamped, table=True):
    """Who answers one question for one hamlet (hamlet_id NULL: once for the village)."""

    __table_args__ = (UniqueConstraint("round_id", "question_id", "hamlet_id", name="uq_assignment_cell"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="check_round.id", index=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    hamlet_id: int | None = Field(default=None, foreign_key="hamlet.id", index=True)
    cadre_id: int | None = Field(default=None, foreign_key="cadre.id", index=True)


class Answer(Voidable, table=True):
    """The answer to an assignment: text, date, who answered, and whether action is needed."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    text: str = Field(max_length=2000)
    answered_on: date
    cadre_id: int = Field(foreign_key="cadre.id")
    needs_action: bool = Field(default=False)
    dispute_id: int | None = Field(default=None, foreign_key="dispute.id")


class FollowUpItem(Voidable, table=True):
    """Something found that needs doing (residents' requests ...), ticked off when done."""

    __tablename__ = "followup_item"

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int | None = Field(default=None, foreign_key="answer.id", index=True)
    hamlet_id: int | None = Field(default=None, foreign_key="hamlet.id")
    title: str = Field(max_length=200)
    cadre_id: int = Field(foreign_key="cadre.id")
    opened_on: date
    due_on: date = Field(index=True)
    done_on: date | None = None
    outcome: str = Field(default="", max_length=500)
