"""The monthly report's figures as plain data: periods, rows, the whole month (see db/stats/figures.py
for the definitions), the labels every renderer prints, and the small month helpers."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.session import DataError

NO_HAMLET = "未填屯组"
DASH = "—"
# The main counts compared with last month, last year and the year to date.
MAIN = {
    "accepted": "受理",
    "succeeded": "调解成功",
    "failed": "调解不成",
    "referred": "移交上级",
    "withdrawn": "撤回",
    "still_open": "仍在调解",
    "concluded": "本月办结",
    "people": "涉及人数",
    "amount_yuan": "涉及金额（元）",
}
SCALARS = {
    **{k: v for k, v in MAIN.items()},
    "success_rate": "调解成功率（%）",
    "open_at_end": "月末在办",
    "agreements_written": "书面协议",
    "agreements_oral": "口头协议",
    "performed": "已履行",
    "performed_partly": "部分履行",
    "jc_applied": "申请司法确认",
    "jc_confirmed": "司法确认",
    "mass": "群体性纠纷",
    "parties_3plus": "当事人3方以上",
    "people_5plus": "涉及5人以上",
    "escalated": "上报（件）",
}
CHECKLIST = {
    "rounds_run": "排查轮次",
    "questions_answered": "答复问题",
    "findings": "需跟进的发现",
    "disputes_found": "排查发现纠纷",
    "items_opened": "新增待办事项",
    "items_closed": "办结待办事项",
}
COMPARE_LABELS = {"last_month": "上月", "last_year": "去年同月", "ytd": "本年累计"}


# ---------------------------------------------------------------------------------------------
# Months


def parse_month(month: str, today: date | None = None) -> tuple[date, date]:
    """'2026-10' -> (first day, last day); DataError for a malformed or future month."""
    today = today or date.today()
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", month or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
        raise DataError(f"月份“{month}”格式不对，请按 2026-10 这样输入年和月。", "month")
    year, mon = int(m.group(1)), int(m.group(2))
    first = date(year, mon, 1)
    if first > today:
        raise DataError(
            f"{year}年{mon}月还没有到，不能出月报；请输入本月或以前的月份，如 {today:%Y-%m}。", "month"
        )
    return first, date(year, mon, monthrange(year, mon)[1])


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def month_end(first: date) -> date:
    return date(first.year, first.month, monthrange(first.year, first.month)[1])


def rate(succeeded: int, failed: int) -> str:
    """The success rate as printed: '85.7%' or '—'."""
    value = rate_value(succeeded, failed)
    return DASH if value is None else f"{value:.1f}%"


def rate_value(succeeded: int, failed: int) -> float | None:
    total = succeeded + failed
    return None if total == 0 else round(succeeded * 100.0 / total, 1)


def share(part: int, whole: int) -> str:
    return DASH if whole == 0 else f"{part * 100.0 / whole:.1f}%"


# ---------------------------------------------------------------------------------------------
# The figures, as plain data


@dataclass
class Counts:
    """The main counts of one period (a month, or the year to date)."""

    accepted: int = 0
    succeeded: int = 0
    failed: int = 0
    referred: int = 0
    withdrawn: int = 0
    still_open: int = 0
    concluded: int = 0
    people: int = 0
    amount_fen: int = 0

    @property
    def amount_yuan(self) -> float:
        return self.amount_fen / 100

    @property
    def success_rate(self) -> str:
        return rate(self.succeeded, self.failed)

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class SourceRow:
    code: str
    label: str
    count: int
    share: str


@dataclass
class PreventionRow:
    code: str
    label: str
    cases: int
    people: int


@dataclass
class CrossTable:
    """Hamlet x type, each cell (resolved, unresolved); only types with cases are columns."""

    hamlets: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    def cell(self, hamlet: str, type_name: str) -> tuple[int, int]:
        return self.cells.get((hamlet, type_name), (0, 0))

    def hamlet_total(self, hamlet: str) -> tuple[int, int]:
        pairs = [self.cell(hamlet, t) for t in self.types]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)

    def type_total(self, type_name: str) -> tuple[int, int]:
        pairs = [self.cell(h, type_name) for h in self.hamlets]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


@dataclass
class Comparison:
    key: str
    label: str
    now: float
    last_month: float
    last_year: float
    ytd: float


@dataclass
class OpenCase:
    """An open case for the monthly meeting."""

    id: int
    number: str
    hamlet: str
    type: str
    parties: str
    mediator: str
    leader: str
    accepted_on: date
    deadline: date
    days_overdue: int  # 0 when not overdue
    status: str


@dataclass
class DueVisit:
    """A follow-up visit due: the latest visit of a case and when the next one is due."""

    dispute_id: int
    number: str
    hamlet: str
    parties: str
    last_visit: date
    next_due: date
    visitor: str
    days_overdue: int


@dataclass
class TrendPoint:
    month: str
    accepted: int
    succeeded: int


@dataclass
class FinalState:
    """Whether the month was finalised (定稿), and what has changed since."""

    finalised_at: object
    finalised_by: str
    differences: list = field(default_factory=list)


@dataclass
class MonthlyFigures:
    """Every figure of one month's report; `as_dict()` flattens the numbers for snapshots."""

    month: str
    first: date
    last: date
    today: date
    village: str = ""
    committee: str = ""
    township: str = ""
    counts: Counts = field(default_factory=Counts)
    open_at_end: int = 0
    agreements_written: int = 0
    agreements_oral: int = 0
    performed: int = 0
    performed_partly: int = 0
    jc_applied: int = 0
    jc_confirmed: int = 0
    mass: int = 0
    parties_3plus: int = 0
    people_5plus: int = 0
    escalated: int = 0  # cases reported up (上报) in the month
    sources: list[SourceRow] = field(default_factory=list)
    prevention: list[PreventionRow] = field(default_factory=list)
    cross: CrossTable = field(default_factory=CrossTable)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    last_month: Counts = field(default_factory=Counts)
    last_year: Counts = field(default_factory=Counts)
    ytd: Counts = field(default_factory=Counts)
    checklist: dict = field(default_factory=dict)
    open_cases: list[OpenCase] = field(default_factory=list)
    visits_due: list[DueVisit] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    final: FinalState | None = None
    # The last meeting (db.meeting: month, held_on, chair) and its decisions with their state
    # on the report's day; the month's requests (db.reception.MonthCounts). Printed, not
    # finalised: they are the office's working record, not figures sent upward.
    meeting: dict | None = None
    decisions: list = field(default_factory=list)
    reception: Any = None

    # Shortcuts for the renderers and tests.
    def __getattr__(self, name):
        counts = self.__dict__.get("counts")
        if counts is not None and (name in Counts.__dataclass_fields__ or name in ("amount_yuan",)):
            return getattr(counts, name)
        raise AttributeError(name)

    @property
    def success_rate(self) -> str:
        return self.counts.success_rate

    @property
    def as_of(self) -> date:
        """The day the report speaks of: the month's last day, or today within the month."""
        return min(self.today, self.last)

    @property
    def comparisons(self) -> list[Comparison]:
        rows = []
        for key, label in MAIN.items():
            rows.append(Comparison(key, label, getattr(self.counts, key), getattr(self.last_month, key),
                                   getattr(self.last_year, key), getattr(self.ytd, key)))
        return rows

    def as_dict(self) -> dict[str, float | int | None]:
        """Every printed number under a stable key (see `labels()` for the words)."""
        out: dict[str, float | int | None] = {}
        for key in SCALARS:
            if key == "success_rate":
                out[key] = rate_value(self.counts.succeeded, self.counts.failed)
            elif key in MAIN:
                out[key] = getattr(self.counts, key)
            else:
                out[key] = getattr(self, key)
        for row in self.sources:
            out[f"source.{row.code}"] = row.count
        for row in self.prevention:
            out[f"prevention.{row.code}.cases"] = row.cases
            out[f"prevention.{row.code}.people"] = row.people
        for name, count in self.by_type:
            out[f"type.{name}"] = count
        for (hamlet, type_name), (done, undone) in self.cross.cells.items():
            out[f"cross.{hamlet}.{type_name}.resolved"] = done
            out[f"cross.{hamlet}.{type_name}.unresolved"] = undone
        for period in COMPARE_LABELS:
            counts = getattr(self, period)
            for key in MAIN:
                out[f"{period}.{key}"] = getattr(counts, key)
        for key in CHECKLIST:
            out[f"checklist.{key}"] = self.checklist.get(key, 0)
        return out

    def labels(self) -> dict[str, str]:
        """key of `as_dict()` -> the Chinese words a reader sees."""
        out = dict(SCALARS)
        for row in self.sources:
            out[f"source.{row.code}"] = f"来源：{row.label}"
        for row in self.prevention:
            out[f"prevention.{row.code}.cases"] = f"{row.label}（件）"
            out[f"prevention.{row.code}.people"] = f"{row.label}（人）"
        for name, _ in self.by_type:
            out[f"type.{name}"] = f"类型：{name}"
        for hamlet, type_name in self.cross.cells:
            out[f"cross.{hamlet}.{type_name}.resolved"] = f"{hamlet}·{type_name}·已化解"
            out[f"cross.{hamlet}.{type_name}.unresolved"] = f"{hamlet}·{type_name}·未化解"
        for period, plabel in COMPARE_LABELS.items():
            for key, label in MAIN.items():
                out[f"{period}.{key}"] = f"{plabel}{label}"
        for key, label in CHECKLIST.items():
            out[f"checklist.{key}"] = f"村事百晓：{label}"
        return out


