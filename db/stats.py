"""The monthly report's figures (月报数据): plain numbers, no rendering.

Definitions (each one is checked in tests/db/test_stats.py against an independent SQL count).
"M" is the month asked for, from its first day to its last day. Voided cases (作废) are left out
of everything, and so are voided parties, agreements, follow-up visits and checklist rows.

- 受理 accepted: cases whose accepted_on falls in M.
- 调解成功 succeeded, 调解不成 failed, 移交上级 referred, 撤回 withdrawn, 仍在调解 still_open:
  the cases accepted in M, by their status today (so accepted = the five added up). A finalised
  month therefore shows later outcomes of its cases as differences (see db/stats_final.py).
- 成功率 success rate: succeeded / (succeeded + failed) in per cent, one decimal; '—' when both
  are 0.
- 本月办结 concluded: cases whose closed_on (结案日期) falls in M, whatever month accepted.
- 月末在办 open_at_end: cases accepted on or before M's last day that were not closed by then:
  status still 受理/调解中 today, or closed_on after M's last day.
- Agreements (协议): the agreements signed (signed_on) in M: written / oral; of those, performed
  (已履行), partly performed (部分履行), judicial confirmation applied / confirmed (dates set).
- 涉及人数 people and 涉及金额 amount: sums of people_involved and amount_fen over the cases
  accepted in M (amount shown in 元, fen / 100).
- 群体性纠纷 mass: cases accepted in M marked is_mass. 3方以上 parties_3plus: cases accepted in M
  with 3 or more live parties. 5人以上 people_5plus: cases accepted in M with people_involved >= 5.
- 来源 sources: cases accepted in M by source; share = count / accepted, per cent, one decimal.
- 预防效果 prevention: for each prevent_* column, cases accepted in M with a value > 0 ("cases")
  and the sum of the column ("people").
- 交叉表 cross table: cases accepted in M by hamlet (屯组; none -> 未填屯组) and type;
  resolved (已化解) = status 调解成功, unresolved (未化解) = every other status.
- 按类型 by_type: cases accepted in M by type.
- Comparisons: the same main counts for last month (环比), the same month last year (同比) and
  the year to date (1 January to M's last day; cohort counts add up month by month).
- 村事百晓 checklist: db.checklist.month_figures when it exists (else db.checklist_progress's,
  else our own query with the same keys): rounds_run (rounds whose dates overlap M),
  questions_answered (live answers dated in M), findings (those needing action), disputes_found
  (cases accepted in M with source 排查发现), items_opened / items_closed (follow-up items opened
  / done in M).
- For the meeting (会议材料): every case accepted by M's last day whose status is still
  受理/调解中 today, with days overdue counted to `today` (overdue first, then by deadline); and
  follow-up visits due: the latest live visit of each case whose next_due is on or before M's
  last day (no later visit recorded).
- Trend (趋势): accepted and succeeded (as above) for each of the 12 months ending with M.
"""

from __future__ import annotations

import importlib
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from db.models.register import OPEN_STATUSES, PREVENTION, SOURCES, STATUSES
from db.stats_final import (  # noqa: F401  (finalise_month, compare_with_final: re-exported)
    Difference,
    compare_with_final,
    final_state,
    finalise_month,
)
from db.stats_model import (  # noqa: F401  (re-exported: the public API lives here)
    CHECKLIST,
    COMPARE_LABELS,
    DASH,
    MAIN,
    NO_HAMLET,
    SCALARS,
    Comparison,
    Counts,
    CrossTable,
    DueVisit,
    FinalState,
    MonthlyFigures,
    OpenCase,
    PreventionRow,
    SourceRow,
    TrendPoint,
    add_months,
    month_end,
    month_key,
    parse_month,
    rate,
    rate_value,
    share,
)
from db.stats_sql import (
    AGREEMENTS_SQL,
    BY_MONTH_SQL,
    COHORT_SQL,
    CONCLUDED_SQL,
    OPEN_AT_END_SQL,
    OPEN_CASES_SQL,
    OPEN_PARTIES_SQL,
    OWN_CHECKLIST_SQL,
    PARTIES_3_SQL,
    VISITS_SQL,
)


def _d(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _cohort(fig: MonthlyFigures, conn: Connection, p: dict) -> None:
    types = conn.execute(text("SELECT id, name FROM dispute_type ORDER BY position, id")).all()
    type_names = dict(types)
    hamlets = conn.execute(
        text("SELECT id, name FROM hamlet ORDER BY active DESC, position, id")).all()
    hamlet_names = dict(hamlets)
    c = fig.counts
    src = dict.fromkeys(SOURCES, 0)
    prev = {k: [0, 0] for k in PREVENTION}
    by_type: dict[str, int] = {}
    cells: dict[tuple[str, str], list[int]] = {}
    for row in conn.execute(text(COHORT_SQL), p).mappings():
        n = row["n"]
        c.accepted += n
        status = row["status"]
        if status in OPEN_STATUSES:
            c.still_open += n
        else:
            setattr(c, status, getattr(c, status) + n)
        c.people += row["people"]
        c.amount_fen += row["fen"]
        fig.mass += row["mass"] or 0
        fig.people_5plus += row["p5"] or 0
        src[row["source"]] = src.get(row["source"], 0) + n
        for k in PREVENTION:
            prev[k][0] += row[f"{k}_n"] or 0
            prev[k][1] += row[f"{k}_p"] or 0
        tname = type_names.get(row["type_id"], str(row["type_id"]))
        hname = hamlet_names.get(row["hamlet_id"], NO_HAMLET)
        by_type[tname] = by_type.get(tname, 0) + n
        cell = cells.setdefault((hname, tname), [0, 0])
        cell[0 if status == "succeeded" else 1] += n
    fig.sources = [SourceRow(k, SOURCES.get(k, k), v, share(v, c.accepted)) for k, v in src.items()]
    fig.prevention = [PreventionRow(k, PREVENTION[k], v[0], v[1]) for k, v in prev.items()]
    order = [name for _, name in types]
    fig.by_type = [(t, by_type[t]) for t in order if t in by_type]
    used_h = {h for h, _ in cells}
    fig.cross = CrossTable(
        hamlets=[name for _, name in hamlets if name in used_h]
        + ([NO_HAMLET] if NO_HAMLET in used_h else []),
        types=[t for t, _ in fig.by_type],
        cells={k: (v[0], v[1]) for k, v in cells.items()},
    )


def _periods(fig: MonthlyFigures, conn: Connection) -> None:
    """Last month, same month last year, year to date, and the 12-month trend: one query each
    for accepted-month counts and closed-month counts over the 13 months ending with M."""
    start = add_months(fig.first, -12)
    p = {"a": start.isoformat(), "b": fig.last.isoformat()}
    months: dict[str, Counts] = {}
    for m, open_now, status, n, people, fen in conn.execute(text(BY_MONTH_SQL), p).all():
        c = months.setdefault(m, Counts())
        c.accepted += n
        c.people += people
        c.amount_fen += fen
        if open_now:
            c.still_open += n
        else:
            setattr(c, status, getattr(c, status) + n)
    for m, n in conn.execute(text(CONCLUDED_SQL), p).all():
        months.setdefault(m, Counts()).concluded += n
    fig.counts.concluded = months.get(fig.month, Counts()).concluded
    fig.last_month = months.get(month_key(add_months(fig.first, -1)), Counts())
    fig.last_year = months.get(month_key(start), Counts())
    ytd = Counts()
    for k in range(1, fig.first.month + 1):
        ytd.add(months.get(f"{fig.first.year:04d}-{k:02d}", Counts()))
    fig.ytd = ytd
    fig.trend = []
    for i in range(-11, 1):
        m = month_key(add_months(fig.first, i))
        c = months.get(m, Counts())
        fig.trend.append(TrendPoint(m, c.accepted, c.succeeded))


def _agreements(fig: MonthlyFigures, conn: Connection, p: dict) -> None:
    for form, performance, n, applied, confirmed in conn.execute(text(AGREEMENTS_SQL), p).all():
        if form == "written":
            fig.agreements_written += n
        else:
            fig.agreements_oral += n
        if performance == "done":
            fig.performed += n
        elif performance == "partial":
            fig.performed_partly += n
        fig.jc_applied += applied or 0
        fig.jc_confirmed += confirmed or 0


def _meeting(fig: MonthlyFigures, conn: Connection, p: dict) -> None:
    parties: dict[int, list[str]] = {}
    for did, name in conn.execute(text(OPEN_PARTIES_SQL), p).all():
        parties.setdefault(did, []).append(name)
    fig.open_cases = []
    for r in conn.execute(text(OPEN_CASES_SQL), p).all():
        deadline = _d(r[8])
        mediator = "、".join(x for x in (r[4] or "", r[5] or "") if x)
        fig.open_cases.append(OpenCase(
            id=r[0], number=r[1], hamlet=r[2] or NO_HAMLET, type=r[3], parties="、".join(parties.get(r[0], [])),
            mediator=mediator, leader=r[6] or "", accepted_on=_d(r[7]), deadline=deadline,
            days_overdue=max(0, (fig.today - deadline).days), status=STATUSES.get(r[9], r[9]),
        ))
    fig.visits_due = []
    for did, number, hamlet, visited, next_due, visitor, party in conn.execute(text(VISITS_SQL), p).all():
        due = _d(next_due)
        fig.visits_due.append(DueVisit(
            dispute_id=did, number=number, hamlet=hamlet or NO_HAMLET, parties=party or "",
            last_visit=_d(visited), next_due=due, visitor=visitor or "",
            days_overdue=max(0, (fig.today - due).days),
        ))


def own_checklist_figures(conn: Connection, first: date, last: date) -> dict:
    """The checklist's work in a month, by our own queries (same keys as month_figures)."""
    p = {"a": first.isoformat(), "b": last.isoformat()}
    return {k: conn.execute(text(sql), p).scalar_one() or 0 for k, sql in OWN_CHECKLIST_SQL.items()}


def _checklist_provider():
    """db.checklist.month_figures, else db.checklist_progress.month_figures, else None."""
    for name in ("db.checklist", "db.checklist_progress"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        fn = getattr(module, "month_figures", None)
        if callable(fn):
            return fn
    return None


def _checklist(fig: MonthlyFigures, engine: Engine, conn: Connection) -> None:
    fn = _checklist_provider()
    theirs = fn(engine, fig.month) if fn else {}
    mine = None
    out = {}
    for key in CHECKLIST:
        if isinstance(theirs.get(key), int):
            out[key] = theirs[key]
        else:  # a key their function lacks: count it ourselves
            mine = mine or own_checklist_figures(conn, fig.first, fig.last)
            out[key] = mine[key]
    out["round_names"] = list(theirs.get("round_names", []))
    fig.checklist = out


def monthly_figures(engine: Engine, month: str, today: date | None = None) -> MonthlyFigures:
    """All the figures of the month 'YYYY-MM' (definitions in this module's docstring).

    Raises DataError (one Chinese sentence, field 'month') for a malformed or future month.
    """
    today = today or date.today()
    first, last = parse_month(month, today)
    fig = MonthlyFigures(month=month_key(first), first=first, last=last, today=today)
    p = {"a": first.isoformat(), "b": last.isoformat(), "today": today.isoformat()}
    with engine.connect() as conn:
        v = conn.execute(text("SELECT name, committee, township FROM village WHERE id = 1")).first()
        if v is not None:
            fig.village, fig.committee, fig.township = v[0] or "", v[1] or "", v[2] or ""
        _cohort(fig, conn, p)
        _periods(fig, conn)
        fig.open_at_end = conn.execute(text(OPEN_AT_END_SQL), p).scalar_one()
        fig.parties_3plus = conn.execute(text(PARTIES_3_SQL), p).scalar_one()
        _agreements(fig, conn, p)
        _meeting(fig, conn, p)
        _checklist(fig, engine, conn)
        fig.final = final_state(conn, fig)
    return fig
