"""The village, its hamlets (屯组) and its cadres."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from db.models.base import Stamped

CADRE_ROLES = ("书记", "主任", "副主任", "委员", "调解员", "信息员", "片长", "文书")


class Village(Stamped, table=True):
    """The one village this file belongs to (always id 1)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50)
    committee: str = Field(default="", max_length=80)
    township: str = Field(default="", max_length=50)
    county: str = Field(default="", max_length=50)
    case_prefix: str = Field(default="", max_length=10)
    clerk: str = Field(default="", max_length=50)
    backup_encrypt: bool = Field(default=False)


class Hamlet(Stamped, table=True):
    """A villager group (屯组). Retired hamlets keep their past records."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, index=True)
    position: int = Field(default=0)
    active: bool = Field(default=True)


class Cadre(Stamped, table=True):
    """A village cadre; `roles` is a comma-separated list of CADRE_ROLES values."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, index=True)
    roles: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=20)
    position: int = Field(default=0)
    active: bool = Field(default=True)

    @property
    def role_list(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]


class CadreHamlet(SQLModel, table=True):
    """Which hamlets a cadre is responsible for (片长 of those hamlets)."""

    __tablename__ = "cadre_hamlet"

    cadre_id: int = Field(foreign_key="cadre.id", primary_key=True)
    hamlet_id: int = Field(foreign_key="hamlet.id", primary_key=True)
