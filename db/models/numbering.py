"""Case numbers once issued: the highest sequence number ever given out, per year.

`max(dispute.seq)` alone forgets a number when an older backup is restored over newer cases;
this row remembers it, and restore carries it over into the restored file (db.register.numbering).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class IssuedNumber(SQLModel, table=True):
    """year -> the last case sequence number issued in that year (never goes down)."""

    __tablename__ = "issued_number"
    __table_args__ = (CheckConstraint("last_seq >= 0", name="last_seq_nonnegative"),)

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_seq: int = Field(default=0)
