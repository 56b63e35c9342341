"""Every figure of the monthly report equals an independent SQL count written here.

The counts below are written from the definitions in db/stats/figures.py's docstring, one plain
query per figure, without the report code's grouping; they run for every month of the data.
The dataset enters every case as it stands (no later status changes), so a case's result
takes effect on its closing date or its agreement's signing date, the earlier, else on its
acceptance (the histories with later changes are in tests/db/test_figures_history.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from db.audit import audit_clock
from db.models import Dispute, MonthlySnapshot
from db.models.register import PREVENTION, SOURCES
from db.session import DataError, unit
from db.stats.figures import (
    monthly_figures,
    own_checklist_figures,
    parse_month,
)
from db.stats.finalise import compare_with_final, finalise_month
from tests.db.built_files import copy_built
from tests.db.stats_dataset import TODAY, build

MONTHS = [f"{y}-{m:02d}" for y, m in [(2025, 9), (2025, 10), (2025, 11), (2025, 12)]
          + [(2026, m) for m in range(1, 12)]]


@pytest.fixture
def data(built, db_path):
    """The small village filled by stats_dataset.build (built once, a copy for each test)."""
    path, _ = built("stats-dataset", "village", lambda engine, _path: build(engine))
    return copy_built(path, db_path)


def bounds(month: str) -> dict:
    first, last = parse_month(month, TODAY)
    return {"a": first.isoformat(), "b": last.isoformat(), "today": TODAY.isoformat()}


def q(conn, sql: str, p: dict, **extra):
    return conn.execute(text(sql), {**p, **extra}).scalar() or 0


LIVE_IN_MONTH = "FROM dispute WHERE voided = 0 AND accepted_on >= :a AND accepted_on <= :b"
# The day a case's result took effect (entered as it stands: no later changes).
_SIGNED = ("(SELECT min(g.signed_on) FROM agreement g WHERE g.dispute_id = dispute.id AND g.voided = 0 "
           "AND dispute.status = 'succeeded')")
RESULT_ON = f"coalesce(min(coalesce(closed_on, {_SIGNED}), coalesce({_SIGNED}, closed_on)), accepted_on)"
# The status at the end of :at ('open' for 受理 / 调解中).
STATUS_AT = f"""(CASE WHEN status IN ('accepted', 'mediating') OR {RESULT_ON} > :at THEN 'open'
                 ELSE status END)"""


def expected_counts(conn, p: dict, at: str | None = None) -> dict:
    """The main counts of one month (or the year to date), statuses at the end of `at`
    (default: the period's last day), one query each."""
    p = {**p, "at": at or p["b"]}
    out = {"accepted": q(conn, f"SELECT count(*) {LIVE_IN_MONTH}", p)}
    for status in ("succeeded", "failed", "referred", "withdrawn"):
        out[status] = q(conn, f"SELECT count(*) {LIVE_IN_MONTH} AND {STATUS_AT} = :s", p, s=status)
    out["still_open"] = q(conn, f"SELECT count(*) {LIVE_IN_MONTH} AND {STATUS_AT} = 'open'", p)
    out["concluded"] = q(conn, "SELECT count(*) FROM dispute WHERE voided = 0 AND closed_on >= :a AND closed_on <= :b", p)
    out["people"] = q(conn, f"SELECT total(people_involved) {LIVE_IN_MONTH}", p)
    out["amount_yuan"] = q(conn, f"SELECT total(amount_fen) {LIVE_IN_MONTH}", p) / 100
    return out


def shift(month: str, n: int) -> str:
    y, m = int(month[:4]), int(month[5:])
    k = y * 12 + m - 1 + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def test_every_figure_matches_independent_sql(data):
    checked = 0
    with data.connect() as conn:
        for month in MONTHS:
            p = bounds(month)
            fig = monthly_figures(data, month, today=TODAY)
            c = fig.counts
            exp = expected_counts(conn, p)
            for key, value in exp.items():
                assert getattr(c, key) == pytest.approx(value), (month, key)
            assert c.accepted == c.succeeded + c.failed + c.referred + c.withdrawn + c.still_open
            total = exp["succeeded"] + exp["failed"]
            assert fig.success_rate == ("—" if total == 0 else f"{exp['succeeded'] * 100 / total:.1f}%")

            assert fig.open_at_end == q(conn, f"""SELECT count(*) FROM dispute WHERE voided = 0 AND accepted_on <= :b
                AND {STATUS_AT} = 'open'""", p, at=p["b"])

            agr = "FROM agreement a JOIN dispute d ON d.id = a.dispute_id WHERE a.voided = 0 AND d.voided = 0 AND a.signed_on BETWEEN :a AND :b"
            assert fig.agreements_written == q(conn, f"SELECT count(*) {agr} AND a.form = 'written'", p)
            assert fig.agreements_oral == q(conn, f"SELECT count(*) {agr} AND a.form = 'oral'", p)
            # As of the month's end: performed and confirmed by then.
            assert fig.performed == q(conn, f"SELECT count(*) {agr} AND a.performance = 'done' AND a.performed_on <= :b", p)
            assert fig.performed_partly == q(conn, f"""SELECT count(*) {agr} AND a.performance = 'partial'
                AND coalesce(a.performed_on, a.signed_on) <= :b""", p)
            assert fig.jc_applied == q(conn, f"SELECT count(*) {agr} AND a.jc_applied_on <= :b", p)
            assert fig.jc_confirmed == q(conn, f"SELECT count(*) {agr} AND a.jc_confirmed_on <= :b", p)

            assert fig.mass == q(conn, f"SELECT count(*) {LIVE_IN_MONTH} AND is_mass = 1", p)
            assert fig.people_5plus == q(conn, f"SELECT count(*) {LIVE_IN_MONTH} AND people_involved >= 5", p)
            assert fig.parties_3plus == q(conn, """SELECT count(*) FROM dispute d WHERE d.voided = 0
                AND d.accepted_on BETWEEN :a AND :b
                AND (SELECT count(*) FROM party p WHERE p.dispute_id = d.id AND p.voided = 0) >= 3""", p)

            sources = {r.code: r for r in fig.sources}
            assert set(sources) == set(SOURCES)
            for code in SOURCES:
                n = q(conn, f"SELECT count(*) {LIVE_IN_MONTH} AND source = :s", p, s=code)
                assert sources[code].count == n, (month, code)
                assert sources[code].share == ("—" if exp["accepted"] == 0 else f"{n * 100 / exp['accepted']:.1f}%")

            prevention = {r.code: r for r in fig.prevention}
            for col in PREVENTION:
                assert prevention[col].cases == q(conn, f"SELECT count(*) {LIVE_IN_MONTH} AND {col} > 0", p)
                assert prevention[col].people == q(conn, f"SELECT total({col}) {LIVE_IN_MONTH}", p)

            by_type = dict(fig.by_type)
            for name, n in conn.execute(text("""SELECT t.name, count(*) FROM dispute d JOIN dispute_type t
                    ON t.id = d.type_id WHERE d.voided = 0 AND d.accepted_on BETWEEN :a AND :b GROUP BY t.name"""), p):
                assert by_type.pop(name) == n, (month, name)
            assert by_type == {}

            cells = dict(fig.cross.cells)
            for hamlet, tname, done, undone in conn.execute(text(f"""
                    SELECT coalesce(h.name, '未填屯组'), t.name, sum(s = 'succeeded'), sum(s <> 'succeeded')
                    FROM (SELECT *, {STATUS_AT} AS s FROM dispute) d JOIN dispute_type t ON t.id = d.type_id
                    LEFT JOIN hamlet h ON h.id = d.hamlet_id
                    WHERE d.voided = 0 AND d.accepted_on BETWEEN :a AND :b GROUP BY 1, 2"""), {**p, "at": p["b"]}):
                assert cells.pop((hamlet, tname)) == (done, undone), (month, hamlet, tname)
            assert cells == {}

            # Last month and last year as their own reports gave them; the year to date at M's end.
            for period, other in (("last_month", shift(month, -1)), ("last_year", shift(month, -12))):
                exp_other = expected_counts(conn, {**p, **_raw_bounds(other)})
                for key, value in exp_other.items():
                    assert getattr(getattr(fig, period), key) == pytest.approx(value), (month, period, key)
            ytd = expected_counts(conn, {**p, "a": f"{month[:4]}-01-01"})
            for key, value in ytd.items():
                assert getattr(fig.ytd, key) == pytest.approx(value), (month, "ytd", key)

            assert [t.month for t in fig.trend] == [shift(month, k) for k in range(-11, 1)]
            for point in fig.trend:  # each month as its own report gave it
                tp = _raw_bounds(point.month)
                assert point.accepted == q(conn, f"SELECT count(*) {LIVE_IN_MONTH}", tp)
                assert point.succeeded == q(conn, f"SELECT count(*) {LIVE_IN_MONTH} AND {STATUS_AT} = 'succeeded'",
                                            tp, at=tp["b"])

            _check_checklist(conn, fig, p)
            _check_meeting(conn, fig, p)
            checked += 1
    assert checked == len(MONTHS)


def _raw_bounds(month: str) -> dict:
    first = date(int(month[:4]), int(month[5:]), 1)
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return {"a": first.isoformat(), "b": (nxt - timedelta(days=1)).isoformat()}


def _check_checklist(conn, fig, p):
    ck = fig.checklist
    assert ck["rounds_run"] == q(conn, "SELECT count(*) FROM check_round WHERE voided = 0 AND NOT (ends_on < :a OR starts_on > :b)", p)
    live_answers = """FROM answer x JOIN assignment s ON s.id = x.assignment_id JOIN check_round r ON r.id = s.round_id
        WHERE x.voided = 0 AND r.voided = 0 AND x.answered_on BETWEEN :a AND :b"""
    assert ck["questions_answered"] == q(conn, f"SELECT count(*) {live_answers}", p)
    assert ck["findings"] == q(conn, f"SELECT count(*) {live_answers} AND x.needs_action = 1", p)
    assert ck["disputes_found"] == q(conn, f"SELECT count(*) {LIVE_IN_MONTH} AND source = 'checklist'", p)
    assert ck["items_opened"] == q(conn, "SELECT count(*) FROM followup_item WHERE voided = 0 AND opened_on BETWEEN :a AND :b", p)
    assert ck["items_closed"] == q(conn, "SELECT count(*) FROM followup_item WHERE voided = 0 AND done_on BETWEEN :a AND :b", p)


def _check_meeting(conn, fig, p):
    """Open at the month's end, overdue counted to the month's end (or today, within it);
    visits made by then whose next visit fell due by then."""
    rows = conn.execute(text(f"""SELECT id, deadline FROM dispute WHERE voided = 0
        AND {STATUS_AT} = 'open' AND accepted_on <= :b"""), {**p, "at": p["b"]}).all()
    assert {o.id for o in fig.open_cases} == {r[0] for r in rows}
    overdue = [o for o in fig.open_cases if o.days_overdue > 0]
    assert fig.open_cases[:len(overdue)] == overdue  # overdue first
    deadlines = {r[0]: date.fromisoformat(r[1]) for r in rows}
    as_of = min(TODAY, date.fromisoformat(p["b"]))
    for o in fig.open_cases:
        assert o.days_overdue == max(0, (as_of - deadlines[o.id]).days)
    due = conn.execute(text("""SELECT f.dispute_id FROM follow_up f JOIN dispute d ON d.id = f.dispute_id
        WHERE f.voided = 0 AND d.voided = 0 AND f.next_due <= :b AND f.visited_on <= :b
          AND f.id = (SELECT g.id FROM follow_up g WHERE g.dispute_id = f.dispute_id AND g.voided = 0
                      AND g.visited_on <= :b ORDER BY g.visited_on DESC, g.id DESC LIMIT 1)"""), p).all()
    assert sorted(v.dispute_id for v in fig.visits_due) == sorted(r[0] for r in due)


def test_dataset_is_varied(data):
    """The data really exercises what the figures leave out or split."""
    with data.connect() as conn:
        assert q(conn, "SELECT count(*) FROM dispute WHERE voided = 1", {}) > 0
        assert q(conn, "SELECT count(DISTINCT status) FROM dispute", {}) == 6
        assert q(conn, "SELECT count(*) FROM party WHERE voided = 1", {}) > 0
        assert q(conn, "SELECT count(*) FROM agreement WHERE voided = 1", {}) > 0
        assert q(conn, "SELECT count(*) FROM dispute WHERE hamlet_id IS NULL", {}) > 0
    fig = monthly_figures(data, "2026-10", today=TODAY)
    assert fig.counts.accepted > 0 and fig.open_cases and fig.visits_due


def test_own_checklist_counts_match_the_checklist_module(data):
    """Our fallback counts agree with db.checklist.questions*'s month_figures on the same data."""
    fig = monthly_figures(data, "2026-10", today=TODAY)
    first, last = parse_month("2026-10", TODAY)
    with data.connect() as conn:
        mine = own_checklist_figures(conn, first, last)
    for key, value in mine.items():
        assert fig.checklist[key] == value, key


def test_checklist_provider_is_used_when_present(data, monkeypatch):
    import db.stats.figures as stats

    calls = []

    def fake(engine, month):
        calls.append(month)
        return {"rounds_run": 42, "round_names": ["甲"]}

    monkeypatch.setattr(stats, "_checklist_provider", lambda: fake)
    fig = monthly_figures(data, "2026-10", today=TODAY)
    assert calls == ["2026-10"]
    assert fig.checklist["rounds_run"] == 42 and fig.checklist["round_names"] == ["甲"]
    first, last = parse_month("2026-10", TODAY)
    with data.connect() as conn:
        assert fig.checklist["items_opened"] == own_checklist_figures(conn, first, last)["items_opened"]


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "2026/10", "10-2026", "abc", "", "2026-1x", "0999-05"])
def test_malformed_month_is_refused(engine, bad):
    with pytest.raises(DataError) as err:
        monthly_figures(engine, bad, today=TODAY)
    assert err.value.field == "month"
    assert "2026-10" in err.value.message and "\n" not in err.value.message


def test_future_month_is_refused_current_is_not(engine):
    with pytest.raises(DataError) as err:
        monthly_figures(engine, "2026-12", today=TODAY)
    assert "还没有到" in err.value.message
    assert monthly_figures(engine, "2026-11", today=TODAY).month == "2026-11"
    assert monthly_figures(engine, "2026-1", today=TODAY).month == "2026-01"


def test_empty_month_gives_zeros(engine):
    fig = monthly_figures(engine, "2020-02", today=TODAY)
    values = fig.as_dict()
    assert values.pop("success_rate") is None
    assert all(v == 0 for v in values.values())
    assert fig.success_rate == "—" and fig.open_cases == [] and fig.cross.types == []
    assert len(fig.trend) == 12


def _case(s, accepted: date, seq: int, **kw) -> Dispute:
    d = Dispute(year=accepted.year, seq=seq, number=f"({accepted.year})青调字第{seq:03d}号", accepted_on=accepted,
                type_id=1, deadline=accepted + timedelta(days=30), **kw)
    s.add(d)
    return d


def test_voided_cases_count_nowhere(engine):
    with unit(engine) as s:
        _case(s, date(2026, 3, 5), 1, voided=True, is_mass=True, people_involved=9, amount_fen=500)
        _case(s, date(2026, 3, 6), 2, status="succeeded", closed_on=date(2026, 3, 9))
    fig = monthly_figures(engine, "2026-03", today=TODAY)
    assert (fig.counts.accepted, fig.counts.succeeded, fig.mass, fig.counts.people) == (1, 1, 0, 0)
    assert fig.success_rate == "100.0%" and fig.counts.concluded == 1


def test_finalise_refuses_twice_without_reason_and_shows_later_edits(data):
    month = "2026-10"
    assert compare_with_final(data, month, today=TODAY) == []
    snap = finalise_month(data, month, "李文书", today=TODAY)
    assert snap.values["accepted"] == monthly_figures(data, month, today=TODAY).counts.accepted
    with pytest.raises(DataError) as err:
        finalise_month(data, month, "李文书", today=TODAY)
    assert "重新定稿" in err.value.message
    assert compare_with_final(data, month, today=TODAY) == []
    fig = monthly_figures(data, month, today=TODAY)
    assert fig.final is not None and fig.final.finalised_by == "李文书" and fig.final.differences == []

    # Later, in November: an open case accepted in October is settled (an event after the
    # month: October's figures stay), another is voided (a mistake: it never counted).
    with audit_clock(lambda: datetime(2026, 11, 5, 10, 0)), unit(data) as s:
        rows = s.exec(text("SELECT id FROM dispute WHERE voided = 0 AND accepted_on BETWEEN '2026-10-01' "
                           "AND '2026-10-31' AND status IN ('accepted', 'mediating') ORDER BY id")).all()
        first = s.get(Dispute, rows[0][0])
        first.status = "succeeded"
        other = s.get(Dispute, rows[1][0])
        other.voided = True
    diffs = {d.key: d for d in compare_with_final(data, month, today=TODAY)}
    before = snap.values
    assert "succeeded" not in diffs
    assert diffs["accepted"].now == before["accepted"] - 1
    assert diffs["still_open"].now == before["still_open"] - 1
    assert diffs["open_at_end"].now == before["open_at_end"] - 1
    # A closing dated in October, recorded late, is a fact of October: it shows as a difference.
    with audit_clock(lambda: datetime(2026, 11, 6, 9, 0)), unit(data) as s:
        first = s.get(Dispute, rows[0][0])
        first.closed_on = date(2026, 10, 30)
    diffs = {d.key: d for d in compare_with_final(data, month, today=TODAY)}
    assert diffs["succeeded"].final == before["succeeded"] and diffs["succeeded"].now == before["succeeded"] + 1
    assert diffs["still_open"].now == before["still_open"] - 2
    assert diffs["succeeded"].label == "调解成功"

    # Re-finalising needs a reason; the old figures stay in the audit log with it.
    finalise_month(data, month, "李文书", note="补录撤销案件", today=TODAY)
    assert compare_with_final(data, month, today=TODAY) == []
    with data.connect() as conn:
        notes = conn.execute(text("SELECT note FROM audit_entry WHERE table_name = 'monthly_snapshot' "
                                  "AND action = 'update'")).scalars().all()
        assert notes == ["补录撤销案件"]
        assert q(conn, "SELECT count(*) FROM monthly_snapshot", {}) == 1
    assert MonthlySnapshot.__tablename__ == "monthly_snapshot"


def test_as_dict_and_labels_have_the_same_keys(data):
    fig = monthly_figures(data, "2026-10", today=TODAY)
    values, labels = fig.as_dict(), fig.labels()
    assert set(values) <= set(labels)
    assert all(isinstance(v, (int, float)) or v is None for v in values.values())
