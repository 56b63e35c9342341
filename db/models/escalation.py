"""Reporting a case up (上报): to whom, when, how, and the reply. Several per case.

A case whose risk grows beyond the village (风险等级 较大 / 重大, a mass dispute, a threat of
violence) is reported to the township's 司法所, 综治中心, police station or government. Each
report is one row; the reply is added when it comes. Audited and voided like every record.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint
from sqlmodel import Field

from db.models.base import Voidable

# How a report went up: stored code -> the words on screen and paper.
ESCALATION_CHANNELS = {
    "phone": "电话",
    "written": "书面报告",
    "in_person": "当面汇报",
    "platform": "网络平台",
    "other": "其他",
}
# 风险等级 of a case (the dispute's `severity` column), lowest first.
RISK_LEVELS = ("一般", "较大", "重大")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Escalation(Voidable, table=True):
    """One report of a case to a higher office (上报记录)."""

    __tablename__ = "escalation"
    __table_args__ = (
        CheckConstraint(_in("channel", ESCALATION_CHANNELS), name="channel"),
        CheckConstraint("length(trim(to_whom)) > 0", name="to_whom_required"),
        CheckConstraint("replied_on IS NULL OR replied_on >= reported_on", name="reply_after_report"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dispute_id: int = Field(foreign_key="dispute.id", index=True)
    reported_on: date = Field(index=True)
    to_whom: str = Field(max_length=100)  # 镇司法所 / 镇综治中心 / 派出所 ...
    channel: str = Field(default="phone", max_length=12)
    reported_by: str = Field(default="", max_length=50)
    matter: str = Field(default="", max_length=500)  # what was reported
    replied_on: date | None = None
    reply: str = Field(default="", max_length=500)  # the answer or instruction received
