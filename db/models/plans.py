"""Emergency plans (应急预案): teams, a phone tree, evacuation sites, drills and real events."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint
from sqlmodel import Field

from db.models.base import Voidable

# kind -> label. The codes never change; labels may.
PLAN_KINDS = {
    "flood": "防汛",
    "geohazard": "地质灾害",
    "forest_fire": "森林防火",
    "fire": "火灾",
    "mass_dispute": "突发群体性纠纷",
}
# The day a kind's drill is wanted by, before its season ('MM-DD'); '' = once a year, any time.
# 防汛 and 地质灾害 before the flood season (汛期, from May); 森林防火 before the dry season.
DRILL_BEFORE = {"flood": "05-01", "geohazard": "05-01", "forest_fire": "10-01", "fire": "", "mass_dispute": ""}
SEASONS = {"flood": "汛期", "geohazard": "汛期", "forest_fire": "防火期"}
RECORD_KINDS = {"drill": "演练", "event": "实际处置"}


class EmergencyPlan(Voidable, table=True):
    """One plan: its kind, the person in charge, what is kept, when its drill is due."""

    __tablename__ = "emergency_plan"
    __table_args__ = (
        CheckConstraint("kind IN ('flood', 'geohazard', 'forest_fire', 'fire', 'mass_dispute')", name="kind"),
        CheckConstraint("drill_before = '' OR drill_before GLOB '[01][0-9]-[0-3][0-9]'", name="drill_before"),
        CheckConstraint("length(trim(name)) > 0", name="name_given"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=15, index=True)
    name: str = Field(max_length=80)
    leader: str = Field(default="", max_length=50)  # 总指挥 / 负责人
    leader_phone: str = Field(default="", max_length=20)
    deputy: str = Field(default="", max_length=50)
    deputy_phone: str = Field(default="", max_length=20)
    materials: str = Field(default="", max_length=2000)  # 物资储备: one item a line
    drill_before: str = Field(default="", max_length=5)
    adopted_on: date | None = None
    note: str = Field(default="", max_length=500)


class PlanTeam(Voidable, table=True):
    """A working team of a plan (抢险组, 转移组, 后勤组 ...)."""

    __tablename__ = "plan_team"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="emergency_plan.id", index=True)
    name: str = Field(max_length=50)
    duty: str = Field(default="", max_length=300)
    position: int = Field(default=0)


class PlanMember(Voidable, table=True):
    """A member of a team, and who phones them when the plan starts (the phone tree):
    `caller_id` another member, or NULL for the person in charge."""

    __tablename__ = "plan_member"
    __table_args__ = (CheckConstraint("caller_id IS NULL OR caller_id <> id", name="not_own_caller"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="plan_team.id", index=True)
    name: str = Field(max_length=50)
    phone: str = Field(default="", max_length=20)
    duty: str = Field(default="", max_length=100)
    caller_id: int | None = Field(default=None, foreign_key="plan_member.id")
    network_member_id: int | None = Field(default=None, foreign_key="network_member.id")
    position: int = Field(default=0)


class EvacuationSite(Voidable, table=True):
    """An evacuation / shelter site; `question_id` (with `hamlet_id`) links the checklist
    question that asks about it, whose answers show on the plan."""

    __tablename__ = "evacuation_site"
    __table_args__ = (CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="emergency_plan.id", index=True)
    name: str = Field(max_length=80)
    place: str = Field(default="", max_length=200)
    capacity: int | None = None
    hamlet_id: int | None = Field(default=None, foreign_key="hamlet.id")
    question_id: int | None = Field(default=None, foreign_key="question.id")
    note: str = Field(default="", max_length=200)


class PlanDrill(Voidable, table=True):
    """A drill (演练) or the record after a real event (实际处置)."""

    __tablename__ = "plan_drill"
    __table_args__ = (CheckConstraint("kind IN ('drill', 'event')", name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="emergency_plan.id", index=True)
    kind: str = Field(default="drill", max_length=6)
    held_on: date = Field(index=True)
    what: str = Field(default="", max_length=500)  # an event: what happened
    participants: str = Field(default="", max_length=500)
    found: str = Field(default="", max_length=1000)
    changed: str = Field(default="", max_length=1000)
