"""What the home screen lists as needing attention today, gathered from every part.

Plain sqlite3 on a read-only connection, no ORM: the home screen is the first thing the clerk
sees, and importing SQLModel alone costs about 0.4 s on the office PC (bench/startup.py).
The definitions (overdue, due soon, ...) match db.register.query.reminders; a test keeps
the two in step.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from db.probe import connect_readonly

DUE_SOON_DAYS = 7
JC_WINDOW_DAYS = 30  # judicial confirmation: within 30 days of the agreement taking effect


@dataclass
class Attention:
    """One line on the home screen: mark (！ urgent, · normal), text, section to go to, and the
    ids of exactly the cases (section "register") or follow-up items ("checklist") it counts,
    so Enter opens those and no others; () when the line is not about a list of records."""

    mark: str
    text: str
    section: str
    ids: tuple[int, ...] = ()


@dataclass
class HomeData:
    village: dict
    items: list[Attention]


def home_data(db_path: Path, today: date) -> HomeData | None:
    """The village and its attention list, or None when the file has no village yet."""
    con = connect_readonly(db_path, immutable_ok=False)  # the app writes to it meanwhile
    try:
        con.row_factory = sqlite3.Row
        row = con.execute("SELECT * FROM village WHERE id = 1").fetchone()
        if row is None:
            return None
        items = (_register_items(con, today) + _checklist_items(con, today) + _meeting_items(con, today)
                 + _reception_items(con, today) + _plan_items(con, today) + _settings_items(con))
    finally:
        con.close()
    return HomeData(dict(row), items + _backup_items(db_path, today))


def _one(con, sql: str, *args) -> int:
    return con.execute(sql, args).fetchone()[0]


def _ids(con, sql: str, *args) -> tuple[int, ...]:
    return tuple(sorted({r[0] for r in con.execute(sql, args)}))


def _register_items(con, today: date) -> list[Attention]:
    t = today.isoformat()
    soon = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
    # `+voided`: the (voided, accepted_on) index would walk every case; the status and
    # deadline indexes find the open ones (SQLite has no statistics to tell them apart).
    live = "+voided = 0 AND closed_on IS NULL AND status IN ('accepted', 'mediating')"
    items = []
    overdue = _ids(con, f"SELECT id FROM dispute WHERE {live} AND deadline < ?", t)
    if overdue:
        items.append(Attention("！", f"{len(overdue)} 件案件已超过办理期限", "register", overdue))
    due = _ids(con, f"SELECT id FROM dispute WHERE {live} AND deadline BETWEEN ? AND ?", t, soon)
    if due:
        items.append(Attention("·", f"{len(due)} 件案件 7 天内到期", "register", due))
    # Each line counts cases, so that Enter on it opens exactly as many rows as it says.
    visits = _ids(con, "SELECT f.dispute_id" + _VISITS_DUE, soon)
    if visits:
        items.append(Attention("·", f"{len(visits)} 件案件的回访已到期或 7 天内到期", "register", visits))
    jc_from = (today - timedelta(days=JC_WINDOW_DAYS)).isoformat()
    jc_to = (today - timedelta(days=JC_WINDOW_DAYS - DUE_SOON_DAYS)).isoformat()
    closing = _ids(con, "SELECT a.dispute_id" + _JC_CLOSING, jc_from, jc_to)
    if closing:
        items.append(Attention("·", f"{len(closing)} 件案件的调解协议司法确认申请期限（30天）7 天内截止",
                               "register", closing))
    return items


# Both start from their own table's date index (CROSS JOIN keeps that order), not from every case.
_VISITS_DUE = (
    " FROM follow_up f CROSS JOIN dispute d ON d.id = f.dispute_id "
    "WHERE f.voided = 0 AND +d.voided = 0 AND f.next_due IS NOT NULL AND f.next_due <= ? "
    "AND NOT EXISTS (SELECT 1 FROM follow_up g WHERE g.dispute_id = f.dispute_id AND g.voided = 0 "
    "AND g.visited_on > f.visited_on)"
)
_JC_CLOSING = (
    " FROM agreement a CROSS JOIN dispute d ON d.id = a.dispute_id "
    "WHERE a.voided = 0 AND +d.voided = 0 AND a.form = 'written' AND a.jc_applied_on IS NULL "
    "AND a.signed_on > ? AND a.signed_on <= ?"
)


def _checklist_items(con, today: date) -> list[Attention]:
    t = today.isoformat()
    items = []
    late = _ids(con, "SELECT id FROM followup_item WHERE voided = 0 AND done_on IS NULL AND due_on < ?", t)
    if late:
        items.append(Attention("！", f"{len(late)} 项村事百晓待办已过期未办结", "checklist", late))
    soon = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
    due = _ids(con, "SELECT id FROM followup_item WHERE voided = 0 AND done_on IS NULL AND due_on BETWEEN ? AND ?",
               t, soon)
    if due:
        items.append(Attention("·", f"{len(due)} 项村事百晓待办 7 天内到期", "checklist", due))
    rounds = con.execute(
        "SELECT r.name, r.ends_on, "
        "(SELECT count(*) FROM assignment a WHERE a.round_id = r.id AND NOT EXISTS "
        " (SELECT 1 FROM answer x WHERE x.assignment_id = a.id AND x.voided = 0)) AS open "
        "FROM check_round r WHERE r.voided = 0 AND r.closed = 0 AND r.ends_on <= ? AND r.ends_on >= ?",
        (soon, t),
    ).fetchall()
    for r in rounds:
        if r["open"]:
            items.append(Attention("·", f"排查轮次“{r['name']}”{r['ends_on']} 结束，还有 {r['open']} 项未答", "checklist"))
    return items


def _has_table(con, name: str) -> bool:
    """An older file opened read-only before its upgrade may lack the newer tables."""
    return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _meeting_items(con, today: date) -> list[Attention]:
    """Decisions of the monthly meeting past their deadline and not done (db.meeting: 逾期)."""
    if not _has_table(con, "meeting_decision"):
        return []
    late = _one(con, "SELECT count(*) FROM meeting_decision d JOIN meeting m ON m.id = d.meeting_id "
                "WHERE d.voided = 0 AND m.voided = 0 AND d.done_on IS NULL AND d.deadline < ?", today.isoformat())
    return [Attention("！", f"{late} 项分析会议定事项已过完成期限未办结", "meeting")] if late else []


def _reception_items(con, today: date) -> list[Attention]:
    """Requests with no reply past their reply date (db.reception.query.OVERDUE)."""
    if not _has_table(con, "reception"):
        return []
    late = _one(con, "SELECT count(*) FROM reception r WHERE r.voided = 0 AND r.replied_on IS NULL "
                "AND r.closed_on IS NULL AND r.reply_due < ?", today.isoformat())
    return [Attention("！", f"{late} 件来访来电已过答复期限未答复", "reception")] if late else []
PLAN_SOON_DAYS = 30  # a seasonal drill is called out a month before its day


def _plan_due_by(drill_before: str, year: int) -> date:
    """Same rule as db.plans.due_by (a test keeps them in step): 'MM-DD', or the year's end."""
    if not drill_before:
        return date(year, 12, 31)
    month, day = (int(x) for x in drill_before.split("-"))
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
        day = 28
    return date(year, month, day)


def _plan_items(con, today: date) -> list[Attention]:
    """Emergency plans with no drill yet this year: a seasonal one (防汛 before 5月1日 ...) is
    urgent from a month before its day; the others are listed together."""
    try:
        rows = con.execute(
            "SELECT p.name, p.drill_before FROM emergency_plan p WHERE p.voided = 0 AND NOT EXISTS "
            "(SELECT 1 FROM plan_drill d WHERE d.plan_id = p.id AND d.voided = 0 AND d.kind = 'drill' "
            " AND d.held_on >= ? AND d.held_on <= ?) ORDER BY p.id",
            (date(today.year, 1, 1).isoformat(), today.isoformat()),
        ).fetchall()
    except sqlite3.OperationalError:  # a file from before the plans (it is upgraded on open)
        return []
    items, waiting = [], []
    for name, before in rows:
        due = _plan_due_by(before, today.year)
        when = f"{due.month}月{due.day}日前"
        if before and due < today:
            items.append(Attention("！", f"{name} {when}应演练，已过期未演练", "plans"))
        elif before and today >= due - timedelta(days=PLAN_SOON_DAYS):
            items.append(Attention("！", f"{name} {when}应演练，今年还没有演练", "plans"))
        else:
            waiting.append(name)
    if waiting:
        names = "、".join(waiting[:3]) + ("等" if len(waiting) > 3 else "")
        # spaces where the line may wrap: a narrow list folds long Chinese runs anywhere
        items.append(Attention("·", f"{len(waiting)} 个应急预案今年还没有演练： {names}", "plans"))
    return items


def _backup_items(db_path: Path, today: date) -> list[Attention]:
    """The stick reminder: no backup on a USB stick yet, or the last one over 7 days old."""
    # db.backup.history needs only the standard library (json, hashlib: about 60 ms, and the
    # app's open worker has loaded it already for the damage check); never SQLModel.
    from db.backup.history import (
        stick_backup_warning,  # late: the home screen starts on sqlite3 alone
    )

    text = stick_backup_warning(db_path, today)
    return [Attention("！", text, "backup")] if text else []


def _settings_items(con) -> list[Attention]:
    missing = [
        r[0]
        for r in con.execute(
            "SELECT name FROM hamlet h WHERE active = 1 AND NOT EXISTS "
            "(SELECT 1 FROM cadre_hamlet ch JOIN cadre c ON c.id = ch.cadre_id "
            " WHERE ch.hamlet_id = h.id AND c.active = 1) ORDER BY position"
        )
    ]
    if not missing:
        return []
    names = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
    return [Attention("·", f"{len(missing)} 个屯组还没有负责干部（片长）：{names}", "settings")]
