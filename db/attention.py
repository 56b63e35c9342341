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
        items = _register_items(con, today) + _checklist_items(con, today) + _settings_items(con)
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
    live = "voided = 0 AND closed_on IS NULL AND status IN ('accepted', 'mediating')"
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


_VISITS_DUE = (
    " FROM follow_up f JOIN dispute d ON d.id = f.dispute_id "
    "WHERE f.voided = 0 AND d.voided = 0 AND f.next_due IS NOT NULL AND f.next_due <= ? "
    "AND NOT EXISTS (SELECT 1 FROM follow_up g WHERE g.dispute_id = f.dispute_id AND g.voided = 0 "
    "AND g.visited_on > f.visited_on)"
)
_JC_CLOSING = (
    " FROM agreement a JOIN dispute d ON d.id = a.dispute_id "
    "WHERE a.voided = 0 AND d.voided = 0 AND a.form = 'written' AND a.jc_applied_on IS NULL "
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
