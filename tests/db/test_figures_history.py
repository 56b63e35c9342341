"""Every figure of the monthly report is computed as of the month's end, from the history.

Random case histories (acceptance, proceedings, results, closings, reopenings, agreements,
performance, judicial confirmation, follow-up visits, voids) are written through the real
register API into a real SQLite file, each step at its own time on an injected audit clock.
Every figure of monthly_figures() for a few months is then compared with a recount written
here from the list of events itself (plain Python, no db.stats.figures code), following the rules
in db/stats/figures.py's docstring:

- a case's result takes effect on the earliest of the day it was recorded, its closing date
  and (调解成功) its live agreement's signing date; a case entered finished, with neither
  date, counts as finished from its acceptance; a reopening (dated the day it was recorded)
  makes it open again; a voided case never counted;
- an agreement voided while its case stood reopened (before a new result) was real and still
  counts; any other voided agreement never counted;
- an agreement's performance on a day is its last recorded state dated by then (performed_on
  when given, else the day recorded, or signed_on for the state it was entered with);
- judicial confirmation, visits: their dates; last month / last year / the trend: each month
  as of its own end; the year to date as of the month's end.

A second property: when every later event is recorded on the day it happens (no back-dated
facts, no corrections), a month's report printed long after equals the one printed on the
first day of the next month.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from db.audit import audit_clock
from db.engine import dispose_engine
from db.register.write import (
    add_agreement,
    add_follow_up,
    add_proceeding,
    close_case,
    create_dispute,
    move_status,
    record_judicial_confirmation,
    record_performance,
    reopen_case,
    void_agreement,
    void_dispute,
)
from db.schema import open_database
from db.settings.village import save_cadre, setup_village
from db.stats.figures import monthly_figures

START = date(2026, 8, 1)
TODAY = date(2026, 12, 20)
MONTHS = ["2026-08", "2026-09", "2026-10", "2026-11"]
RESULTS = ("succeeded", "failed", "referred", "withdrawn")
OPEN = ("accepted", "mediating")
SOURCES = ("applied", "initiative", "checklist", "reported", "referred")
PREVENT = ("prevent_suicide", "prevent_crime", "prevent_petition", "prevent_fight")
MAIN = ("accepted", "succeeded", "failed", "referred", "withdrawn", "still_open", "concluded", "people",
        "amount_yuan")


# ---- the village file, copied for each example -------------------------------------------------


def _village(engine, _path):
    setup_village(engine, dict(name="青石村", committee="青石村民委员会", township="云岭镇", county="安平县",
                               case_prefix="青调", clerk="李文书"), ["一组", "二组", "三组", "四组"])
    save_cadre(engine, None, name="钱调解", roles=["调解员"], phone="13907710002")


@pytest.fixture(scope="module")
def template(built) -> Path:
    """The village with one mediator, built once from conftest's empty file (no Alembic run)."""
    return built("figures-village", "empty", _village)[0]


class Village:
    """A fresh copy of the template, opened; closed and removed on exit."""

    def __init__(self, template: Path):
        self.dir = Path(tempfile.mkdtemp(prefix="figs-"))
        self.path = self.dir / "village.db"
        shutil.copy(template, self.path)

    def __enter__(self):
        self.engine = open_database(self.path, thorough=False)
        return self.engine

    def __exit__(self, *exc):
        dispose_engine(self.path)
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- the model: what happened to each case, as the test wrote it -----------------------------


@dataclass
class AgreementModel:
    form: str
    signed_on: date
    states: list = field(default_factory=list)  # (day recorded or None, performance, performed_on)
    jc_applied: date | None = None
    jc_confirmed: date | None = None
    voided: bool = False
    superseded: bool = False  # voided while its case stood reopened: it was real

    @property
    def counted(self) -> bool:
        return not self.voided or self.superseded


@dataclass
class Episode:
    start: date
    opens: list = field(default_factory=list)  # (day recorded, open status)
    result: str | None = None
    result_recorded: date | None = None  # None: entered already finished
    closed_on: date | None = None


@dataclass
class CaseModel:
    accepted: date
    attrs: dict
    parties: int
    episodes: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    visits: list = field(default_factory=list)  # (visited_on, next_due, order)
    voided: bool = False
    actions: list = field(default_factory=list)  # (datetime, step, callable(ctx))

    @property
    def status(self) -> str:
        ep = self.episodes[-1]
        return ep.result or ep.opens[-1][1]

    def live_agreement(self) -> AgreementModel | None:
        live = [a for a in self.agreements if not a.voided]
        return live[-1] if live else None


def _episode_bounds(c: CaseModel):
    """(episode, start, until, result date) for each episode, by the documented rule."""
    out = []
    for k, ep in enumerate(c.episodes):
        until = c.episodes[k + 1].start if k + 1 < len(c.episodes) else None
        eff = None
        if ep.result is not None:
            facts = [ep.closed_on] if ep.closed_on else []
            if ep.result == "succeeded":
                facts += [a.signed_on for a in c.agreements if a.counted
                          and a.signed_on >= ep.start and (until is None or a.signed_on < until)]
            if ep.result_recorded is not None:
                facts.append(ep.result_recorded)
            eff = min(facts) if facts else c.accepted
            eff = max(eff, ep.start)
            if until is not None:
                eff = min(eff, until)
        out.append((ep, ep.start, until, eff))
    return out


def status_at(c: CaseModel, day: date) -> str | None:
    found = None
    for ep, start, until, eff in _episode_bounds(c):
        if day < start or (until is not None and day >= until and until > start):
            continue
        if until is not None and until <= start:
            continue
        if eff is not None and eff <= day:
            found = ep.result
            continue
        label = ep.opens[0][1] if ep.opens else "mediating"
        for recorded, status in ep.opens[1:]:
            if max(start, recorded) <= day:
                label = status
        found = label
    return found


def closings(c: CaseModel) -> list[date]:
    return [ep.closed_on for ep in c.episodes if ep.closed_on is not None]


def performance_at(a: AgreementModel, day: date) -> str:
    found = "none"
    for recorded, perf, performed_on in a.states:
        if perf in ("partial", "done") and performed_on is not None:
            on = performed_on
        else:
            on = a.signed_on if recorded is None else recorded
        if max(on, a.signed_on) <= day:
            found = perf
    return found


# ---- plans: hypothesis draws them, the model turns them into API calls -------------------------

step_st = st.tuples(
    st.sampled_from(["mediate", "result", "result", "result", "close", "reopen", "reopen", "perform", "jc",
                     "visit", "proceed", "void", "void_agreement"]),
    st.integers(0, 25),   # days after the previous step
    st.integers(-12, 3),  # a dated fact's offset from the day recorded (back-dated or ahead)
    st.integers(0, 3),    # a choice
)
case_st = st.fixed_dictionaries({
    "accepted": st.integers(0, 121),
    "delay": st.integers(0, 4),  # days from acceptance to entering the case
    "type_id": st.integers(1, 3),
    "hamlet_id": st.sampled_from([None, 1, 2, 3, 4]),
    "source": st.sampled_from(SOURCES),
    "people": st.sampled_from([0, 1, 2, 5, 7]),
    "amount": st.sampled_from([None, 0, 12345, 500000]),
    "prevent": st.tuples(st.sampled_from(PREVENT), st.integers(0, 3)),
    "parties": st.integers(1, 4),
    "finished": st.sampled_from([None] * 6 + list(RESULTS)),  # entered already finished
    "finished_closed": st.integers(-1, 20),
    "steps": st.lists(step_st, max_size=7),
})


def _clamp(day: date, low: date, high: date = TODAY) -> date:
    return min(max(day, low), high)


def build_case(i: int, plan: dict, honest: bool) -> CaseModel:
    """The model of one case and its API calls, simulating which steps the API accepts."""
    accepted = START + timedelta(days=plan["accepted"])
    when = accepted + timedelta(days=0 if honest else plan["delay"])
    col, n = plan["prevent"]
    attrs = dict(type_id=plan["type_id"], hamlet_id=plan["hamlet_id"], source=plan["source"],
                 people_involved=max(plan["people"], plan["parties"]),  # never fewer than the parties
                 amount_fen=plan["amount"], **{col: n})
    c = CaseModel(accepted, attrs, plan["parties"])
    data = dict(accepted_on=accepted, summary=f"第{i}号", **attrs)
    finished = None if honest else plan["finished"]
    first = Episode(accepted)
    if finished:
        data["status"] = finished
        first.result = finished
        if plan["finished_closed"] >= 0:
            first.closed_on = data["closed_on"] = _clamp(accepted + timedelta(days=plan["finished_closed"]),
                                                         accepted, when)
    else:
        first.opens.append((accepted, "accepted"))
    c.episodes.append(first)
    parties = [dict(name=f"甲{i}方{k}", role="applicant" if k == 0 else "respondent" if k == 1 else "third")
               for k in range(plan["parties"])]
    step = 0

    def act(at: date, fn):
        nonlocal step
        c.actions.append((datetime.combine(at, time(9, 0)) + timedelta(minutes=step), i, step, fn))
        step += 1

    act(when, lambda ctx: ctx.case_ids.__setitem__(i, create_dispute(ctx.engine, data, parties).id))
    for kind, gap, offset, pick in plan["steps"]:
        if c.voided:
            break
        when = when + timedelta(days=gap)
        if when > TODAY:
            break
        fact = when if honest else _clamp(when + timedelta(days=offset), c.accepted)
        ep = c.episodes[-1]
        if kind == "mediate" and c.status == "accepted":
            ep.opens.append((when, "mediating"))
            act(when, lambda ctx: move_status(ctx.engine, ctx.case_ids[i], "mediating"))
        elif kind == "proceed":
            held = fact
            if c.status == "accepted":  # a mediation record starts the mediation (受理 -> 调解中)
                ep.opens.append((when, "mediating"))
            act(when, lambda ctx, h=held: add_proceeding(ctx.engine, ctx.case_ids[i], dict(held_on=h, rights_notified=True)))
        elif kind == "result" and c.status in OPEN:
            live = c.live_agreement()
            result = RESULTS[pick]
            if live is not None and result != "succeeded":  # the case stands reopened
                live.voided = live.superseded = True
                act(when, lambda ctx, k=c.agreements.index(live): void_agreement(  # noqa: B008 (captured now)
                    ctx.engine, ctx.agreement_ids[(i, k)], "重新调解后作废"))
            ep.result, ep.result_recorded = result, when
            act(when, lambda ctx, r=result: move_status(ctx.engine, ctx.case_ids[i], r))
            if result == "succeeded" and c.live_agreement() is None:
                signed = _clamp(fact, c.accepted)
                perf = ("none", "none", "partial", "done")[pick]
                done_on = signed + timedelta(days=2) if perf == "done" or (perf == "partial" and offset % 2) else None
                a = AgreementModel("written" if offset % 3 else "oral", signed)
                a.states.append((None, perf, done_on))
                c.agreements.append(a)
                if perf == "done" and ep.closed_on is None:  # the closing rule (db.register.records)
                    ep.closed_on = done_on
                k = len(c.agreements) - 1
                act(when, lambda ctx, a=a, k=k, perf=perf, done_on=done_on: ctx.agreement_ids.__setitem__(
                    (i, k), add_agreement(ctx.engine, ctx.case_ids[i], dict(
                        form=a.form, signed_on=a.signed_on, performance=perf, performed_on=done_on)).id))
        elif kind == "close" and c.status in RESULTS and not (honest and ep.closed_on):
            # (closing again corrects the date: a correction, so not in the honest histories)
            closed = _clamp(fact, c.accepted)
            ep.closed_on = closed
            act(when, lambda ctx, d=closed: close_case(ctx.engine, ctx.case_ids[i], d, "钱调解"))
        elif kind == "reopen" and c.status in RESULTS:
            c.episodes.append(Episode(max(when, c.accepted), opens=[(when, "mediating")]))
            act(when, lambda ctx: reopen_case(ctx.engine, ctx.case_ids[i], "当事人反悔"))
        elif kind == "perform" and c.live_agreement() is not None and c.status == "succeeded":
            a = c.live_agreement()
            k = c.agreements.index(a)
            perf = ("none", "partial", "partial", "done")[pick]
            done_on = None
            if perf == "done" or (perf == "partial" and pick == 2):
                done_on = _clamp(fact, a.signed_on)
            a.states.append((when, perf, done_on))
            if perf == "done" and ep.closed_on is None:  # the closing rule (db.register.records)
                ep.closed_on = done_on
            act(when, lambda ctx, k=k, perf=perf, d=done_on: record_performance(
                ctx.engine, ctx.agreement_ids[(i, k)], perf, d))
        elif kind == "jc" and c.live_agreement() is not None and c.live_agreement().form == "written" \
                and c.status == "succeeded":
            a = c.live_agreement()
            k = c.agreements.index(a)
            if honest and a.jc_applied is not None:
                # An agreement has one application: recording it again corrects its date (a
                # correction, so not in the honest histories); the court's confirmation may
                # follow, recorded on its day.
                if a.jc_confirmed is not None or pick < 2:
                    continue
                a.jc_confirmed = max(when, a.jc_applied)
            else:
                a.jc_applied = _clamp(fact, a.signed_on)
                a.jc_confirmed = a.jc_applied + timedelta(days=gap) if pick >= 2 else None
            act(when, lambda ctx, k=k, a=a, ap=a.jc_applied, cf=a.jc_confirmed: record_judicial_confirmation(
                ctx.engine, ctx.agreement_ids[(i, k)], ap, cf))
        elif kind == "visit":
            visited = _clamp(fact, c.accepted)
            due = visited + timedelta(days=(0, 10, 30, 60)[pick]) if pick else None
            c.visits.append((visited, due, len(c.actions)))
            act(when, lambda ctx, v=visited, d=due: add_follow_up(
                ctx.engine, ctx.case_ids[i], dict(visited_on=v, next_due=d, party_name=f"甲{i}方0",
                                                    performed=False, satisfied=True)))
        elif kind == "void" and not honest and pick == 0:
            c.voided = True
            act(when, lambda ctx: void_dispute(ctx.engine, ctx.case_ids[i], "重复登记"))
        elif kind == "void_agreement" and not honest and c.live_agreement() is not None and pick == 0:
            a = c.live_agreement()
            a.voided = True
            # Voided while its case stands reopened, it was real by the rule: the log cannot tell
            # a mistake then from making way for a new result.
            a.superseded = c.status in OPEN
            act(when, lambda ctx, k=c.agreements.index(a): void_agreement(  # noqa: B008 (captured now)
                ctx.engine, ctx.agreement_ids[(i, k)], "录入错误"))
    return c


@dataclass
class Ctx:
    engine: object
    case_ids: dict = field(default_factory=dict)
    agreement_ids: dict = field(default_factory=dict)


# ---- the recount -----------------------------------------------------------------------------


def month_bounds(month: str) -> tuple[date, date]:
    first = date(int(month[:4]), int(month[5:]), 1)
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def shift(month: str, n: int) -> str:
    k = int(month[:4]) * 12 + int(month[5:]) - 1 + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def main_counts(cases, first: date, last: date, at: date) -> dict:
    cohort = [c for c in cases if first <= c.accepted <= last]
    out = dict.fromkeys(MAIN, 0)
    out["accepted"] = len(cohort)
    for c in cohort:
        s = status_at(c, at)
        out["still_open" if s in OPEN else s] += 1
        out["people"] += c.attrs["people_involved"]
        out["amount_yuan"] += (c.attrs["amount_fen"] or 0)
    out["amount_yuan"] /= 100
    out["concluded"] = sum(1 for c in cases if any(first <= d <= last for d in closings(c)))
    return out


def recount(cases: list[CaseModel], month: str, today: date, names: dict) -> dict:
    """Every number of MonthlyFigures.as_dict() for `month`, from the model."""
    live = [c for c in cases if not c.voided]
    first, last = month_bounds(month)
    exp: dict = {}
    counts = main_counts(live, first, last, last)
    exp.update(counts)
    total = counts["succeeded"] + counts["failed"]
    exp["success_rate"] = None if total == 0 else round(counts["succeeded"] * 100.0 / total, 1)
    exp["open_at_end"] = sum(1 for c in live if c.accepted <= last and status_at(c, last) in OPEN)
    agreements = [a for c in live for a in c.agreements if a.counted and first <= a.signed_on <= last]
    exp["agreements_written"] = sum(a.form == "written" for a in agreements)
    exp["agreements_oral"] = sum(a.form == "oral" for a in agreements)
    exp["performed"] = sum(performance_at(a, last) == "done" for a in agreements)
    exp["performed_partly"] = sum(performance_at(a, last) == "partial" for a in agreements)
    exp["jc_applied"] = sum(a.jc_applied is not None and a.jc_applied <= last for a in agreements)
    exp["jc_confirmed"] = sum(a.jc_confirmed is not None and a.jc_confirmed <= last for a in agreements)
    cohort = [c for c in live if first <= c.accepted <= last]
    exp["mass"] = sum(c.attrs["people_involved"] >= 5 for c in cohort)
    exp["parties_3plus"] = sum(c.parties >= 3 for c in cohort)
    exp["people_5plus"] = sum(c.attrs["people_involved"] >= 5 for c in cohort)
    for s in SOURCES:
        exp[f"source.{s}"] = sum(c.attrs["source"] == s for c in cohort)
    for col in PREVENT:
        exp[f"prevention.{col}.cases"] = sum(c.attrs.get(col, 0) > 0 for c in cohort)
        exp[f"prevention.{col}.people"] = sum(c.attrs.get(col, 0) for c in cohort)
    for c in cohort:
        tname = names["type"][c.attrs["type_id"]]
        hname = names["hamlet"].get(c.attrs["hamlet_id"], "未填屯组")
        exp[f"type.{tname}"] = exp.get(f"type.{tname}", 0) + 1
        key = "resolved" if status_at(c, last) == "succeeded" else "unresolved"
        for k in ("resolved", "unresolved"):
            exp.setdefault(f"cross.{hname}.{tname}.{k}", 0)
        exp[f"cross.{hname}.{tname}.{key}"] += 1
    periods = {"last_month": main_counts(live, *month_bounds(shift(month, -1)), month_bounds(shift(month, -1))[1]),
               "last_year": main_counts(live, *month_bounds(shift(month, -12)), month_bounds(shift(month, -12))[1]),
               "ytd": main_counts(live, date(first.year, 1, 1), last, last)}
    for period, values in periods.items():
        for key, v in values.items():
            exp[f"{period}.{key}"] = v
    for key in ("rounds_run", "questions_answered", "findings", "items_opened", "items_closed"):
        exp[f"checklist.{key}"] = 0
    exp["checklist.disputes_found"] = exp["source.checklist"]
    return exp


def meeting(cases: list[CaseModel], ids: dict, month: str, today: date) -> tuple[dict, set]:
    """{case id: (status, days overdue)} of the open cases; case ids with a visit due."""
    first, last = month_bounds(month)
    as_of = min(today, last)
    labels = {"accepted": "受理", "mediating": "调解中"}
    open_cases = {}
    due = set()
    for idx, c in enumerate(cases):
        if c.voided or idx not in ids:
            continue
        s = status_at(c, last)
        if c.accepted <= last and s in OPEN:
            deadline = c.accepted + timedelta(days=30)
            open_cases[ids[idx]] = (labels[s], max(0, (as_of - deadline).days))
        made = [v for v in c.visits if v[0] <= last]
        if made:
            latest = max(made, key=lambda v: (v[0], v[2]))
            if latest[1] is not None and latest[1] <= last:
                due.add(ids[idx])
    return open_cases, due


def trend(cases: list[CaseModel], month: str) -> list[tuple[str, int, int]]:
    live = [c for c in cases if not c.voided]
    out = []
    for k in range(-11, 1):
        m = shift(month, k)
        counts = main_counts(live, *month_bounds(m), month_bounds(m)[1])
        out.append((m, counts["accepted"], counts["succeeded"]))
    return out


def names_of(engine) -> dict:
    with engine.connect() as conn:
        return {"type": dict(conn.execute(text("SELECT id, name FROM dispute_type")).all()),
                "hamlet": dict(conn.execute(text("SELECT id, name FROM hamlet")).all())}


def printed(engine, month: str, today: date):
    fig = monthly_figures(engine, month, today=today)
    return (fig.as_dict(), {o.id: (o.status, o.days_overdue) for o in fig.open_cases},
            {v.dispute_id for v in fig.visits_due}, [(p.month, p.accepted, p.succeeded) for p in fig.trend])


def run_histories(engine, cases: list[CaseModel], on_day=None) -> Ctx:
    """Every case's API calls in the order of their times, on the audit clock; `on_day(day)`
    is called before the first call of each new day."""
    ctx = Ctx(engine)
    now = [datetime.combine(START, time(8, 0))]
    actions = sorted((a for c in cases for a in c.actions), key=lambda a: a[:3])
    with audit_clock(lambda: now[0]):
        for at, _i, _step, fn in actions:
            if on_day is not None and at.date() > now[0].date():
                on_day(at.date())
            now[0] = at
            fn(ctx)
    return ctx


def check_all_months(engine, cases, ctx):
    names = names_of(engine)
    for month in MONTHS:
        values, open_cases, due, trend_now = printed(engine, month, TODAY)
        expected = recount(cases, month, TODAY, names)
        got = {k: v for k, v in values.items() if v or k in expected}
        want = {k: v for k, v in expected.items() if v or k in values}
        assert got == pytest.approx(want), month
        exp_open, exp_due = meeting(cases, ctx.case_ids, month, TODAY)
        assert open_cases == exp_open, month
        assert due == exp_due, month
        assert trend_now == trend(cases, month), month


PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])


@PROPERTY
@given(plans=st.lists(case_st, min_size=1, max_size=9))
def test_every_figure_equals_a_recount_from_the_history(template, plans):
    cases = [build_case(i, plan, honest=False) for i, plan in enumerate(plans)]
    with Village(template) as engine:
        ctx = run_histories(engine, cases)
        check_all_months(engine, cases, ctx)


@PROPERTY
@given(plans=st.lists(case_st, min_size=1, max_size=8))
def test_a_month_printed_later_equals_the_month_printed_the_next_day(template, plans):
    """Events recorded on the day they happen, no corrections: later events leave a past
    month's report as it was printed on the first day of the next month."""
    cases = [build_case(i, plan, honest=True) for i, plan in enumerate(plans)]
    with Village(template) as engine:
        first_prints = {}
        pending = list(MONTHS)

        def on_day(day: date):
            while pending and month_bounds(pending[0])[1] < day:
                month = pending.pop(0)
                first_prints[month] = printed(engine, month, month_bounds(month)[1] + timedelta(days=1))

        ctx = run_histories(engine, cases, on_day)
        on_day(TODAY)
        for month, early in first_prints.items():
            values, open_cases, due, trend_now = printed(engine, month, TODAY)
            assert (values, due, trend_now) == (early[0], early[2], early[3]), month
            # Days overdue count to the month's end whenever it is printed.
            assert open_cases == early[1], month
        check_all_months(engine, cases, ctx)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plans=st.lists(case_st, min_size=1, max_size=14))
def test_every_figure_equals_a_recount_from_the_history_many(template, plans):
    cases = [build_case(i, plan, honest=False) for i, plan in enumerate(plans)]
    with Village(template) as engine:
        ctx = run_histories(engine, cases)
        check_all_months(engine, cases, ctx)


# ---- the October example ---------------------------------------------------------------------


def test_case_open_on_31_october_closed_in_november_counts_in_octobers_open_at_end(template):
    """Case A: accepted 10 October, mediated, settled and closed on 12 November. Case B:
    accepted 20 October, entered already finished with its agreement signed 3 November and no
    closing date (like the demo's cases 102 and 120). Case C: closed on 28 October, reopened
    on 9 November. All three were open on 31 October, and only C was closed in October."""
    with Village(template) as engine:
        now = [datetime(2026, 10, 10, 9)]
        with audit_clock(lambda: now[0]):
            a = create_dispute(engine, dict(accepted_on=date(2026, 10, 10), type_id=1), [dict(name="张三")]).id
            now[0] = datetime(2026, 10, 12, 9)
            move_status(engine, a, "mediating")
            b = create_dispute(engine, dict(accepted_on=date(2026, 10, 20), type_id=1, status="succeeded"),
                               [dict(name="李四")]).id
            add_agreement(engine, b, dict(form="oral", signed_on=date(2026, 11, 3)))
            c = create_dispute(engine, dict(accepted_on=date(2026, 10, 21), type_id=2), [dict(name="王五")]).id
            now[0] = datetime(2026, 10, 28, 15)
            move_status(engine, c, "failed", result_note="已告知可以起诉")
            close_case(engine, c, date(2026, 10, 28))
        october_on_1_november = monthly_figures(engine, "2026-10", today=date(2026, 11, 1)).as_dict()
        with audit_clock(lambda: now[0]):
            now[0] = datetime(2026, 11, 9, 10)
            reopen_case(engine, c, "当事人要求重新调解")
            now[0] = datetime(2026, 11, 12, 16)
            move_status(engine, a, "succeeded")
            add_agreement(engine, a, dict(form="written", signed_on=date(2026, 11, 12)))
            close_case(engine, a, date(2026, 11, 12))
        october = monthly_figures(engine, "2026-10", today=date(2026, 12, 15))
        assert october.open_at_end == 2  # A and B; C was closed (failed) on 28 October
        assert {o.id for o in october.open_cases} == {a, b}
        assert (october.counts.still_open, october.counts.failed, october.counts.succeeded) == (2, 1, 0)
        assert october.counts.concluded == 1
        assert october.as_dict() == october_on_1_november
        november = monthly_figures(engine, "2026-11", today=date(2026, 12, 15))
        assert november.open_at_end == 1  # C, reopened
        assert november.counts.concluded == 1  # A
        assert (november.last_month.still_open, november.last_month.failed) == (2, 1)
        assert november.agreements_written == 1 and november.agreements_oral == 1


def test_an_agreement_voided_after_reopening_still_counts_one_voided_by_mistake_never(template):
    """Case A succeeded with a written agreement on 5 October, was reopened on 3 November, its
    agreement voided the same day and the case failed on 10 November: October keeps its
    success and its agreement. Case B's agreement of 6 October was voided on 4 November while
    the case stood 调解成功 (entered by mistake): it never counted, October loses it."""
    with Village(template) as engine:
        now = [datetime(2026, 10, 5, 9)]
        with audit_clock(lambda: now[0]):
            a = create_dispute(engine, dict(accepted_on=date(2026, 10, 1), type_id=1), [dict(name="张三")]).id
            move_status(engine, a, "succeeded")
            agreement_a = add_agreement(engine, a, dict(form="written", signed_on=date(2026, 10, 5))).id
            now[0] = datetime(2026, 10, 6, 9)
            b = create_dispute(engine, dict(accepted_on=date(2026, 10, 2), type_id=1), [dict(name="李四")]).id
            move_status(engine, b, "succeeded")
            agreement_b = add_agreement(engine, b, dict(form="oral", signed_on=date(2026, 10, 6))).id
        before = monthly_figures(engine, "2026-10", today=date(2026, 11, 1))
        assert (before.agreements_written, before.agreements_oral, before.counts.succeeded) == (1, 1, 2)
        with audit_clock(lambda: now[0]):
            now[0] = datetime(2026, 11, 3, 10)
            reopen_case(engine, a, "一方反悔")
            void_agreement(engine, agreement_a, "重新调解")
            now[0] = datetime(2026, 11, 4, 10)
            void_agreement(engine, agreement_b, "录入错误")
            now[0] = datetime(2026, 11, 10, 10)
            move_status(engine, a, "failed", result_note="已告知可以起诉")
        october = monthly_figures(engine, "2026-10", today=date(2026, 12, 1))
        assert (october.agreements_written, october.agreements_oral) == (1, 0)
        assert (october.counts.succeeded, october.open_at_end) == (2, 0)
        november = monthly_figures(engine, "2026-11", today=date(2026, 12, 1))
        assert (november.agreements_written, november.agreements_oral) == (0, 0)
        assert november.ytd.failed == 1 and november.ytd.succeeded == 1


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plans=st.lists(case_st, min_size=1, max_size=12))
def test_a_month_printed_later_equals_the_month_printed_the_next_day_many(template, plans):
    test_a_month_printed_later_equals_the_month_printed_the_next_day.hypothesis.inner_test(template, plans)
