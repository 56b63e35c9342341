"""The reception log (来访来电登记): requests brought to the office and how each was served.

A log of requests served, not of people: a name and contact are optional and nothing lists a
person across requests beyond a plain name search.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint
from sqlmodel import Field

from db.models.base import Voidable

CHANNELS = {"visit": "来访", "phone": "来电", "online": "网上", "referred": "上级转来"}
HANDLINGS = {"answered": "当场答复", "case": "转调解案件", "item": "转跟进事项", "township": "报乡镇"}
CATEGORIES = ("矛盾纠纷", "政策咨询", "土地山林", "社会保障", "民生求助", "基础设施", "村务公开", "其他")
REPLY_DAYS = 15  # a reply is due within 15 days unless the clerk sets another date


def _in(column: str, values, *, empty: bool = False) -> str:
    codes = list(values) + ([""] if empty else [])
    return f"{column} IN ({', '.join(repr(v) for v in codes)})"


class Request(Voidable, table=True):
    """One request (来访/来电/网上/上级转来) and its handling."""

    __tablename__ = "reception"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("handling", HANDLINGS, empty=True), name="handling"),
        CheckConstraint("reply_due >= received_on", name="reply_due_after_received"),
        CheckConstraint("replied_on IS NULL OR replied_on >= received_on", name="replied_after_received"),
        CheckConstraint("closed_on IS NULL OR closed_on >= received_on", name="closed_after_received"),
    )

    id: int | None = Field(default=None, primary_key=True)
    received_on: date = Field(index=True)
    channel: str = Field(max_length=10)
    name: str = Field(default="", max_length=50, index=True)
    contact: str = Field(default="", max_length=50)
    matter: str = Field(max_length=1000)
    category: str = Field(default="其他", max_length=20)
    handling: str = Field(default="", max_length=10)  # '' until decided
    reply: str = Field(default="", max_length=1000)
    reply_due: date = Field(index=True)
    replied_on: date | None = None
    closed_on: date | None = None
    satisfied: bool | None = None  # None: not asked; never ticked by default
    dispute_id: int | None = Field(default=None, foreign_key="dispute.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="followup_item.id", index=True)
