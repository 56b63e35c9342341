"""The mediation network (三级调解网络): the 人民调解委员会, each 屯's 调解小组, and contacts.

Service side only: 信息员 are contacts who pass on residents' needs to the committee; nothing
here records anything about the residents themselves (no informant records, no watch lists).
A member need not be a cadre (老党员, 老干部, 乡贤); when they are, `cadre_id` links the cadre.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint
from sqlmodel import Field

from db.models.base import Voidable

# kind -> (label, the roles it allows). The codes never change; labels may.
KINDS = {
    "committee": "人民调解委员会",
    "group": "调解小组",
    "contact": "联络员",
}
ROLES = {
    "committee": ("主任", "副主任", "委员"),
    "group": ("组长", "成员"),
    "contact": ("信息员", "十户长", "义务调解员"),
}
BACKGROUNDS = ("村干部", "老党员", "老干部", "乡贤", "群众", "其他")


def _role_check() -> str:
    parts = []
    for kind, roles in ROLES.items():
        allowed = ", ".join(f"'{r}'" for r in roles)
        parts.append(f"(kind = '{kind}' AND role IN ({allowed}))")
    return " OR ".join(parts)


class NetworkMember(Voidable, table=True):
    """One place in the network: a committee member, a 调解小组 member, or a contact.

    A 调解小组 member and a contact belong to a 屯 (hamlet_id); committee members may."""

    __tablename__ = "network_member"
    __table_args__ = (
        CheckConstraint(_role_check(), name="role_fits_kind"),
        CheckConstraint("kind = 'committee' OR hamlet_id IS NOT NULL", name="hamlet_needed"),
        CheckConstraint("term_ends_on IS NULL OR appointed_on IS NULL OR term_ends_on >= appointed_on",
                        name="term_after_appointment"),
        CheckConstraint("length(trim(name)) > 0", name="name_given"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10, index=True)
    role: str = Field(max_length=10)
    name: str = Field(max_length=50, index=True)
    phone: str = Field(default="", max_length=20)
    hamlet_id: int | None = Field(default=None, foreign_key="hamlet.id", index=True)
    cadre_id: int | None = Field(default=None, foreign_key="cadre.id", index=True)
    background: str = Field(default="", max_length=10)
    appointed_on: date | None = None
    term_ends_on: date | None = None
    note: str = Field(default="", max_length=200)
    position: int = Field(default=0)
