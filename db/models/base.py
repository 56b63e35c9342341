"""What every table shares: timestamps and the naming convention for constraints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

# Named constraints from the first migration on: batch mode on SQLite needs names to alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now() -> datetime:
    """Local wall-clock time, to the second: what the clerk sees on the office clock."""
    return datetime.now().replace(microsecond=0)


class Stamped(SQLModel):
    """Created / updated times; `updated_at` is refreshed by the audit hook on every change."""

    created_at: datetime = Field(default_factory=now, nullable=False, sa_type=DateTime)
    updated_at: datetime = Field(default_factory=now, nullable=False, sa_type=DateTime)


class Voidable(Stamped):
    """Records are voided (作废), never deleted: hidden from lists and reports, kept in the file."""

    voided: bool = Field(default=False, nullable=False)
    void_reason: str = Field(default="", max_length=200, nullable=False)
