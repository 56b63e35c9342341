"""The monthly report's figures (月报数据): plain numbers, no rendering.

Every figure is computed as of the month's end from the history, not from today's state: the
report of October printed in December equals the one printed on 1 November, except where a
mistake was corrected since (those show as differences from the finalised report, see
db/stats/final.py). Each definition is checked against an independent count in
tests/db/test_stats.py, and against a recount from random case histories in
tests/db/test_figures_history.py.

"M" is the month asked for, from its first day to its last day ("M's end").

What counts as history, and what as a correction:
- Dated facts are taken as they stand today: accepted_on, closed_on, an agreement's signed_on,
  performed_on and judicial confirmation dates, follow-up visits' visited_on / next_due. A date
  entered late (a case typed in after the month, a closing back-dated) is a fact of the month
  it names.
- What a case is (type, 屯组, source, people involved, amount, mass, prevention columns, its
  parties) is taken as it stands today: a later edit of it is a correction of the register.
- Voided (作废) means entered by mistake: a voided case, party, agreement or visit never
  counted, in any month, whenever it was voided. One exception: an agreement voided while its
  case stood reopened (the way to a new result) was real and keeps counting.
- A case's status on a day (db/stats/history.py): a case's life is a row of episodes, the first
  from accepted_on, each reopening (dated the day it was recorded in the audit log) starting
  another. An episode is open (受理/调解中) until its result takes effect, on the earliest of:
  the day the result was recorded (audit log), the episode's closing date (closed_on), and for
  调解成功 the signing date of a live agreement signed in the episode. A case entered already
  finished with neither date counts as finished from its acceptance. A case closed or finished
  after M's end was open at M's end; a case reopened after M's end was closed at M's end.
- An agreement's performance on a day: its last recorded state dated by then (performed_on
  when given, else the day it was recorded; the state it was entered with dates from
  signed_on), else 未履行.

The figures (statuses at M's end):
- 受理 accepted: cases whose accepted_on falls in M.
- 调解成功 succeeded, 调解不成 failed, 移交上级 referred, 撤回 withdrawn, 仍在调解 still_open:
  the cases accepted in M by their status at M's end (so accepted = the five added up).
- 成功率 success rate: succeeded / (succeeded + failed) in per cent, one decimal; '—' when both
  are 0.
- 本月办结 concluded: cases with a closing (结案) dated in M, whatever month accepted; a closing
  later undone by a reopening still counts in its month (the audit log keeps its date).
- 月末在办 open_at_end: cases accepted by M's end whose status at M's end was 受理/调解中.
- Agreements (协议): the live agreements signed (signed_on) in M: written / oral; of those,
  performed (已履行) and partly performed (部分履行) at M's end, judicial confirmation applied /
  confirmed on or before M's end.
- 涉及人数 people and 涉及金额 amount: sums of people_involved and amount_fen over the cases
  accepted in M (amount shown in 元, fen / 100).
- 群体性纠纷 mass: cases accepted in M marked is_mass. 3方以上 parties_3plus: cases accepted in M
  with 3 or more live parties. 5人以上 people_5plus: cases accepted in M with people_involved >= 5.
- 上报 escalated: cases (not voided) with a report up (上报, not voided) dated reported_on in M,
  whatever month accepted; a case reported twice in M counts once.
- 来源 sources: cases accepted in M by source; share = count / accepted, per cent, one decimal.
- 预防效果 prevention: for each prevent_* column, cases accepted in M with a value > 0 ("cases")
  and the sum of the column ("people").
- 交叉表 cross table: cases accepted in M by hamlet (屯组; none -> 未填屯组) and type;
  resolved (已化解) = status 调解成功 at M's end, unresolved (未化解) = any other status then.
- 按类型 by_type: cases accepted in M by type.
- Comparisons: last month (环比) and the same month last year (同比) as their own reports gave
  them (statuses at their own month's end); the year to date: the cases accepted from 1 January
  to M's end, statuses at M's end, and the cases with a closing dated in that time.
- 村事百晓 checklist: db.checklist.questions.month_figures when it exists (else db.checklist.progress's,
  else our own query with the same keys): rounds_run (rounds whose dates overlap M),
  questions_answered (live answers dated in M), findings (those needing action), disputes_found
  (cases accepted in M with source 排查发现), items_opened / items_closed (follow-up items opened
  / done in M). All dated; reopening an item undoes a tick-off made by mistake.
- For the meeting (会议材料), as of `as_of` (M's end, or today within M): every case open at M's
  end, with days overdue counted to as_of (overdue first, then by deadline) and its status then;
  follow-up visits due: of the live visits made by M's end, each case's latest, when its
  next_due is on or before M's end.
- Trend (趋势): accepted and succeeded for each of the 12 months ending with M, each month as its
  own report gave it.
"""

from __future__ import annotations

import importlib
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from db.models.register import PREVENTION, SOURCES, STATUSES
from db.session import as_date
from db.stats.cases import Cases, dicts, ids_json
from db.stats.final import final_state
from db.stats.history import (
    PERFORMANCE_FIELDS,
    load_changes,
    performance_at,
)
from db.stats.model import (  # noqa: F401  (re-exported: the public API lives here)
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
    month_end,
    month_key,
    parse_month,
    rate,
    rate_value,
    share,
)
from db.stats.office import office_records
from db.stats.sql import (
    AGREEMENTS_SQL,
    ESCALATED_SQL,
    MONTH_ROWS_SQL,
    OPEN_CASES_SQL,
    OPEN_PARTIES_SQL,
    OWN_CHECKLIST_SQL,
    PARTIES_3_SQL,
    VISITS_SQL,
)


def _cohort(fig: MonthlyFigures, conn: Connection, cases: Cases) -> None:
    types = conn.execute(text("SELECT id, name FROM dispute_type ORDER BY position, id")).all()
    type_names = dict(types)
    hamlets = conn.execute(
        text("SELECT id, name FROM hamlet ORDER BY active DESC, position, id")).all()
    hamlet_names = dict(hamlets)
    fig.counts = cases.counts(fig.first, fig.last, fig.last)
    src = dict.fromkeys(SOURCES, 0)
    prev = {k: [0, 0] for k in PREVENTION}
    by_type: dict[str, int] = {}
    cells: dict[tuple[str, str], list[int]] = {}
    at_iso = fig.last.isoformat()
    p = {"a": fig.first.isoformat(), "b": fig.last.isoformat()}
    for row in dicts(conn.execute(text(MONTH_ROWS_SQL), p)):
        status = cases.status_of(row, fig.last, at_iso)
        fig.mass += 1 if row["is_mass"] else 0
        fig.people_5plus += 1 if (row["people"] or 0) >= 5 else 0
        src[row["source"]] = src.get(row["source"], 0) + 1
        for k in PREVENTION:
            value = row[k] or 0
            prev[k][0] += 1 if value > 0 else 0
            prev[k][1] += value
        tname = type_names.get(row["type_id"], str(row["type_id"]))
        hname = hamlet_names.get(row["hamlet_id"], NO_HAMLET)
        by_type[tname] = by_type.get(tname, 0) + 1
        cell = cells.setdefault((hname, tname), [0, 0])
        cell[0 if status == "succeeded" else 1] += 1
    fig.sources = [SourceRow(k, SOURCES.get(k, k), v, share(v, fig.counts.accepted)) for k, v in src.items()]
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


def _periods(fig: MonthlyFigures, cases: Cases) -> None:
    """Last month and the same month last year as their own reports gave them (statuses at
    their own month ends); the year to date as of M's end; the trend: each month's own figures."""
    def month(first: date) -> Counts:
        end = month_end(first)
        return cases.counts(first, end, end)

    fig.last_month = month(fig.first - relativedelta(months=1))
    fig.last_year = month(fig.first - relativedelta(years=1))
    fig.ytd = cases.counts(date(fig.first.year, 1, 1), fig.last, fig.last)
    fig.trend = []
    for i in range(-11, 1):
        first = fig.first + relativedelta(months=i)
        c = fig.counts if i == 0 else month(first)
        fig.trend.append(TrendPoint(month_key(first), c.accepted, c.succeeded))


def _agreements(fig: MonthlyFigures, conn: Connection, cases: Cases, p: dict) -> None:
    rows = conn.execute(text(AGREEMENTS_SQL), {**p, "sup": ids_json(cases.superseded)}).all()
    changes = load_changes(conn, "agreement", PERFORMANCE_FIELDS, [r[0] for r in rows]) if rows else {}
    for aid, form, signed_on, performance, performed_on, applied, confirmed in rows:
        if form == "written":
            fig.agreements_written += 1
        else:
            fig.agreements_oral += 1
        state = performance_at(signed_on, performance, performed_on, changes.get(aid, []), fig.last)
        if state == "done":
            fig.performed += 1
        elif state == "partial":
            fig.performed_partly += 1
        if applied is not None and as_date(applied) <= fig.last:
            fig.jc_applied += 1
        if confirmed is not None and as_date(confirmed) <= fig.last:
            fig.jc_confirmed += 1


def _meeting(fig: MonthlyFigures, conn: Connection, cases: Cases, p: dict) -> None:
    open_rows = cases.open_at(fig.last)
    fig.open_at_end = len(open_rows)
    ids = [r["id"] for r in open_rows]
    parties: dict[int, list[str]] = {}
    details: dict[int, tuple] = {}
    if ids:
        for did, name in conn.execute(text(OPEN_PARTIES_SQL), {"ids": ids_json(ids)}).all():
            parties.setdefault(did, []).append(name)
        for r in conn.execute(text(OPEN_CASES_SQL), {"ids": ids_json(ids)}).all():
            details[r[0]] = r
    as_of = fig.as_of
    rows = []
    for r in open_rows:
        d = details[r["id"]]
        deadline = as_date(d[8])
        status = cases.status_at(r, fig.last, fig.last.isoformat())
        mediator = "、".join(x for x in (d[4] or "", d[5] or "") if x)
        rows.append(OpenCase(
            id=d[0], number=d[1], hamlet=d[2] or NO_HAMLET, type=d[3], parties="、".join(parties.get(d[0], [])),
            mediator=mediator, leader=d[6] or "", accepted_on=as_date(d[7]), deadline=deadline,
            days_overdue=max(0, (as_of - deadline).days), status=STATUSES.get(status, status),
        ))
    rows.sort(key=lambda o: (o.deadline >= as_of, o.deadline, o.id))
    fig.open_cases = rows
    fig.visits_due = []
    for did, number, hamlet, visited, next_due, visitor, party in conn.execute(text(VISITS_SQL), p).all():
        due = as_date(next_due)
        fig.visits_due.append(DueVisit(
            dispute_id=did, number=number, hamlet=hamlet or NO_HAMLET, parties=party or "",
            last_visit=as_date(visited), next_due=due, visitor=visitor or "",
            days_overdue=max(0, (as_of - due).days),
        ))


def own_checklist_figures(conn: Connection, first: date, last: date) -> dict:
    """The checklist's work in a month, by our own queries (same keys as month_figures)."""
    p = {"a": first.isoformat(), "b": last.isoformat()}
    return {k: conn.execute(text(sql), p).scalar_one() or 0 for k, sql in OWN_CHECKLIST_SQL.items()}


def _checklist_provider():
    """db.checklist.questions.month_figures, else db.checklist.progress.month_figures, else None."""
    for name in ("db.checklist.questions", "db.checklist.progress"):
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
        cases = Cases(conn, first - relativedelta(years=1), last)
        _cohort(fig, conn, cases)
        _periods(fig, cases)
        fig.parties_3plus = conn.execute(text(PARTIES_3_SQL), p).scalar_one()
        fig.escalated = conn.execute(text(ESCALATED_SQL), p).scalar_one()
        _agreements(fig, conn, cases, p)
        _meeting(fig, conn, cases, p)
        _checklist(fig, engine, conn)
        office_records(fig, conn)
        fig.final = final_state(conn, fig)
    return fig
