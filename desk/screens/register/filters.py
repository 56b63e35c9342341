"""The F3 list's filter: its form, the check of what was typed, and the line saying it."""

from __future__ import annotations

import re

from db.models.register import STATUSES
from db.register.query import DisputeFilter
from forms.fields import FieldDef
from forms.validate import ValidationError

FILTER_FORM = (
    FieldDef("status", "状态", "choice"),
    FieldDef("type_id", "纠纷类型", "choice"),
    FieldDef("hamlet_id", "屯组", "choice"),
    FieldDef("year", "年份", "int", minimum=1990, maximum=2100, placeholder="如 2026"),
    FieldDef("month", "月份", "text", max_len=7, placeholder="如 2026-10"),
    FieldDef("presiding_id", "调解员", "choice"),
    FieldDef("overdue_only", "只看超期", "bool"),
    FieldDef("open_only", "只看未办结", "bool"),
    FieldDef("voided_only", "只看已作废", "bool"),
)


def describe_filters(f: DisputeFilter, reminder: str) -> str:
    """The line above the list: what it is filtered by, in words (reminder: the home-screen
    line the list came from)."""
    parts = []
    if f.ids is not None:
        parts.append(f"首页提醒“{reminder}”" if reminder else "首页提醒的案件")
    if f.q:
        parts.append(f"查找“{f.q}”")
    if f.statuses:
        parts.append("状态：" + "、".join(STATUSES[s] for s in f.statuses))
    if f.year:
        parts.append(f"{f.year}年")
    if f.month:
        parts.append(f"{f.month}月")
    for flag, label in ((f.overdue_only, "只看超期"), (f.open_only, "只看未办结"), (f.voided_only, "只看已作废")):
        if flag:
            parts.append(label)
    if f.type_id or f.hamlet_id or f.presiding_id:
        parts.append("另有类型/屯组/调解员筛选")
    return ("筛选：" + "；".join(parts) + "    按 c 显示全部") if parts else "全部案件（/ 查找，f 筛选）"


def check_filter(values: dict) -> dict:
    """The filter form's values, the month written 2026-10; ValidationError on the month field."""
    month = values.get("month") or ""
    if month:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            err = ValidationError("月份请写成 2026-10 这样的年-月。")
            err.field = "month"
            raise err
        values["month"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    return values
