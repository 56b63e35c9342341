"""The statistics table (人民调解工作统计表): one fixed row of numbers per village and month,
the same columns in every village, so a township (and a county) can add the rows up.

Built from `MonthlyFigures` (db/stats/figures.py): the village's own monthly report and the
township's table print the same numbers because they come from the same code.

- Every dispute type of the standard list (db.models.register.DEFAULT_TYPES) is a column,
  zeros included. A village's own type outside that list is counted under 其他 and named in
  `folded` (the page says so), so the columns stay the same everywhere.
- Counting basis (统计口径): the cases accepted in the month (受理月份), their results as of the
  month's end; agreements by signing date in the month; 本月办结 by closing date. The basis
  "closed" (optional) counts by closing in the period instead: the cases with a closing dated
  in the month, by type and by result as it stands today.
- 调解成功率 is never added up: it is worked out from the added counts with RATE_FORMULA.
- 预防纠纷: matters found by the checklist (村事百晓 待办事项) settled in the month without
  becoming a case (PREVENTED_NOTE).
- Township columns (`WORK`): cases open and overdue at the month's end, and the progress of the
  checklist round running at the month's end (cells answered of all cells).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.models.register import DEFAULT_TYPES, PREVENTION, STATUSES
from db.stats.model import MonthlyFigures, rate_value

OTHER = "其他"
RATE_FORMULA = "调解成功率 = 调解成功件数 ÷（调解成功件数 + 调解不成件数）× 100%"
PREVENTED_NOTE = "预防纠纷：村事百晓排查发现、当月处理完毕未形成纠纷的待办事项件数。"
BASES = {
    "accepted": "按受理月份统计：本月受理的案件，调解结果为月末状态；协议按签订日期，本月办结按结案日期。",
    "closed": "按结案统计：本月内有结案日期的案件，按类型和当前结果计数。",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str
    money: bool = False  # 元, two decimals


def columns() -> list[Column]:
    """Every column of the table, in order (all addable: rates are worked out, not stored)."""
    cols = [Column("accepted", "受理合计", "受理（件）")]
    cols += [Column(f"type.{t}", t, "受理（件）") for t in DEFAULT_TYPES]
    cols += [Column(k, STATUSES[k], "调解结果（件）") for k in ("succeeded", "failed", "referred", "withdrawn")]
    cols += [Column("still_open", "仍在调解", "调解结果（件）"), Column("concluded", "本月办结", "调解结果（件）")]
    cols += [Column("agreements_written", "书面协议", "协议与履行（件）"),
             Column("agreements_oral", "口头协议", "协议与履行（件）"),
             Column("performed", "已履行", "协议与履行（件）"),
             Column("jc_confirmed", "司法确认", "协议与履行（件）")]
    cols += [Column("people", "涉及人数", "规模"), Column("amount_yuan", "涉及金额（元）", "规模", money=True),
             Column("mass", "群体性纠纷", "规模"), Column("parties_3plus", "当事人3方以上", "规模"),
             Column("people_5plus", "涉及5人以上", "规模")]
    cols += [Column("rounds_run", "排查次数", "预防（件）"), Column("disputes_found", "排查发现纠纷", "预防（件）"),
             Column("prevented", "预防纠纷", "预防（件）")]
    for k, label in PREVENTION.items():
        cols.append(Column(f"{k}.cases", f"{label}（件）", "预防效果"))
        cols.append(Column(f"{k}.people", f"{label}（人）", "预防效果"))
    return cols


WORK = [Column("open_at_end", "月末在办", "工作进度"), Column("overdue", "其中逾期", "工作进度"),
        Column("round_total", "排查应答", "工作进度"), Column("round_answered", "排查已答", "工作进度")]


@dataclass
class StatRow:
    """One village's row: `values` by column key (ints; amount_yuan a float to the fen)."""

    values: dict
    folded: list[str]  # the village's own types counted under 其他
    basis: str = "accepted"

    @property
    def success_rate(self) -> float | None:
        return rate_value(int(self.values.get("succeeded", 0)), int(self.values.get("failed", 0)))

    @property
    def round_share(self) -> float | None:
        total = self.values.get("round_total", 0)
        return None if not total else self.values.get("round_answered", 0) / total


def statistics_row(fig: MonthlyFigures, conn: Connection | None = None, *, basis: str = "accepted") -> StatRow:
    """The month's row. `conn` (the village file) adds the township's WORK columns and, for
    basis 'closed', the counts by closing; without it those columns are 0."""
    c = fig.counts
    v: dict = {col.key: 0 for col in columns() + WORK}
    folded: list[str] = []
    by_type = list(fig.by_type)
    if basis == "closed" and conn is not None:
        by_type, results = _by_closing(conn, fig)
        v.update(results)
    else:
        v.update(accepted=c.accepted, succeeded=c.succeeded, failed=c.failed, referred=c.referred,
                 withdrawn=c.withdrawn, still_open=c.still_open)
    for name, count in by_type:
        key = f"type.{name}" if name in DEFAULT_TYPES else f"type.{OTHER}"
        if name not in DEFAULT_TYPES:
            folded.append(name)
        v[key] += count
    v.update(concluded=c.concluded, agreements_written=fig.agreements_written,
             agreements_oral=fig.agreements_oral, performed=fig.performed, jc_confirmed=fig.jc_confirmed,
             people=c.people, amount_yuan=round(c.amount_fen / 100, 2), mass=fig.mass,
             parties_3plus=fig.parties_3plus, people_5plus=fig.people_5plus,
             rounds_run=fig.checklist.get("rounds_run", 0),
             disputes_found=fig.checklist.get("disputes_found", 0),
             prevented=fig.checklist.get("items_closed", 0))
    for row in fig.prevention:
        v[f"{row.code}.cases"] = row.cases
        v[f"{row.code}.people"] = row.people
    v["open_at_end"] = fig.open_at_end
    v["overdue"] = sum(1 for o in fig.open_cases if o.days_overdue)
    if conn is not None:
        v["round_total"], v["round_answered"] = _round_progress(conn, fig)
    return StatRow(v, folded, basis)


def add_rows(rows: list[StatRow]) -> StatRow:
    """The total row: every column added (money to the fen); the rate follows from the sums."""
    total: dict = {col.key: 0 for col in columns() + WORK}
    folded: list[str] = []
    for row in rows:
        for key in total:
            total[key] += row.values.get(key, 0)
        folded += [f for f in row.folded if f not in folded]
    total["amount_yuan"] = round(total["amount_yuan"], 2)
    return StatRow(total, folded, rows[0].basis if rows else "accepted")


_CLOSED_SQL = """
SELECT t.name, d.status, count(*) FROM dispute d JOIN dispute_type t ON t.id = d.type_id
WHERE d.voided = 0 AND d.closed_on BETWEEN :a AND :b GROUP BY t.name, d.status
"""

# The checklist round running at the month's end (else the last one begun by then): its
# assignments, and those with a live answer.
_ROUND_SQL = """
SELECT count(*), count(ans.id) FROM assignment a
LEFT JOIN answer ans ON ans.id = (
  SELECT max(x.id) FROM answer x WHERE x.assignment_id = a.id AND x.voided = 0 AND x.answered_on <= :b)
WHERE a.round_id = (SELECT id FROM check_round WHERE voided = 0 AND starts_on <= :b
                    ORDER BY (ends_on >= :b) DESC, starts_on DESC, id DESC LIMIT 1)
"""


def _by_closing(conn: Connection, fig: MonthlyFigures) -> tuple[list[tuple[str, int]], dict]:
    p = {"a": fig.first.isoformat(), "b": fig.last.isoformat()}
    by_type: dict[str, int] = {}
    results = dict.fromkeys(("accepted", "succeeded", "failed", "referred", "withdrawn", "still_open"), 0)
    for name, status, n in conn.execute(text(_CLOSED_SQL), p).all():
        by_type[name] = by_type.get(name, 0) + n
        results["accepted"] += n
        results[status if status in results and status != "accepted" else "still_open"] += n
    return list(by_type.items()), results


def _round_progress(conn: Connection, fig: MonthlyFigures) -> tuple[int, int]:
    row = conn.execute(text(_ROUND_SQL), {"b": fig.last.isoformat()}).first()
    return (int(row[0]), int(row[1])) if row else (0, 0)
