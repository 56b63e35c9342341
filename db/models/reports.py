"""Finalised monthly reports (定稿): the figures as they were printed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field

from db.models.base import Stamped, now


class MonthlySnapshot(Stamped, table=True):
    """The figures of a finalised month (JSON), to show later edits as differences."""

    __tablename__ = "monthly_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7, unique=True)  # 2026-10
    figures: str = Field(default="{}")
    finalised_at: datetime = Field(default_factory=now, sa_type=DateTime)
    finalised_by: str = Field(default="", max_length=50)
