"""The audit log and saved drafts of open forms."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, text
from sqlmodel import Field, SQLModel

from db.models.base import now


class AuditEntry(SQLModel, table=True):
    """One change: when, who, which row, and each field's old -> new value (JSON)."""

    __tablename__ = "audit_entry"
    # The changes (not the inserts, most of the log) by table and row: the monthly figures read
    # every status change of the cases and every void of an agreement (db.stats.history).
    __table_args__ = (
        Index("ix_audit_entry_change", "table_name", "row_id", sqlite_where=text("action <> 'insert'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=now, index=True, sa_type=DateTime)
    who: str = Field(default="", max_length=50)
    table_name: str = Field(max_length=40)
    row_id: int = Field(index=True)
    action: str = Field(max_length=10)  # insert / update / void / unvoid
    changes: str = Field(default="{}")  # JSON {field: [old, new]}
    note: str = Field(default="", max_length=200)


class Draft(SQLModel, table=True):
    """What was typed into a form that was not saved yet (offered back after a crash)."""

    id: int | None = Field(default=None, primary_key=True)
    form: str = Field(max_length=40, index=True)  # e.g. "dispute", "dispute:12"
    title: str = Field(default="", max_length=100)
    data: str = Field(default="{}")  # JSON of field name -> typed text
    saved_at: datetime = Field(default_factory=now, sa_type=DateTime)
