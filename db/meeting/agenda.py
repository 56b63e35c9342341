"""The agenda of a month's meeting, built from what the file holds on the meeting's day.

Plain SQL over the tables of the register, the checklist, the reception log and earlier
meetings: this module reads them and imports none of those rooms (import-linter contract
"db rooms: meeting and reception"). The definitions follow the home screen (db/attention.py):
overdue cases are open cases past their deadline; a visit is due when its next_due has come
and no later visit was made; open items and unanswered requests are those not done by then.
Emergency plans with drills due come from db.plans.query (the named link in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.models.meeting import DECISION_STATES
from db.plans.query import drills_due_in


@dataclass(frozen=True)
class AgendaLine:
    section: str
    text: str


SECTIONS = ("前次议定事项落实情况", "逾期未结案件", "到期回访", "未办结的跟进事项", "未答复的来访来电",
            "应急预案演练")


def decision_state(done_on: date | None, deadline: date, on: date) -> str:
    """已办 when done by `on`; 逾期 when past its deadline; else 在办 (code: done/overdue/doing)."""
    if done_on is not None and done_on <= on:
        return "done"
    if deadline < on:
        return "overdue"
    return "doing"


EARLIER_SQL = """
SELECT d.id, d.seq, d.text, d.owner, d.deadline, d.done_on, d.progress, m.month
FROM meeting_decision d JOIN meeting m ON m.id = d.meeting_id
WHERE d.voided = 0 AND m.voided = 0 AND m.month < :month
  AND (d.done_on IS NULL OR d.done_on >= coalesce(
        (SELECT max(p.held_on) FROM meeting p WHERE p.voided = 0 AND p.month < :month), '0000'))
ORDER BY m.month, d.seq, d.id
"""


def earlier_decisions(conn: Connection, month: str, on: date) -> list[dict]:
    """Every decision of earlier meetings still open at the last meeting (and all of the last
    meeting's), with its state on `on`: what the meeting of `month` opens with."""
    out = []
    for r in conn.execute(text(EARLIER_SQL), {"month": month}).mappings():
        done = _d(r["done_on"])
        out.append(dict(r, deadline=_d(r["deadline"]), done_on=done,
                        state=decision_state(done if done and done <= on else None, _d(r["deadline"]), on)))
    return out


def _d(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _overdue_cases(conn: Connection, on: date) -> list[AgendaLine]:
    rows = conn.execute(text(
        "SELECT d.number, d.deadline, d.summary, h.name AS hamlet FROM dispute d "
        "LEFT JOIN hamlet h ON h.id = d.hamlet_id "
        "WHERE d.voided = 0 AND d.closed_on IS NULL AND d.status IN ('accepted', 'mediating') "
        "AND d.deadline < :on ORDER BY d.deadline, d.id"), {"on": on.isoformat()}).mappings()
    return [AgendaLine("逾期未结案件", f"{r['number']}（{r['hamlet'] or '未填屯组'}）期限 {r['deadline']}，"
                       f"逾期 {(on - _d(r['deadline'])).days} 天：{_short(r['summary'])}") for r in rows]


def _visits_due(conn: Connection, on: date) -> list[AgendaLine]:
    rows = conn.execute(text(
        "SELECT d.number, f.next_due, f.party_name FROM follow_up f JOIN dispute d ON d.id = f.dispute_id "
        "WHERE f.voided = 0 AND d.voided = 0 AND f.next_due IS NOT NULL AND f.next_due <= :on "
        "AND NOT EXISTS (SELECT 1 FROM follow_up g WHERE g.dispute_id = f.dispute_id AND g.voided = 0 "
        "AND g.visited_on > f.visited_on) ORDER BY f.next_due, d.id"), {"on": on.isoformat()}).mappings()
    return [AgendaLine("到期回访", f"{r['number']} 应于 {r['next_due']} 回访 {r['party_name'] or ''}".rstrip())
            for r in rows]


def _open_items(conn: Connection, on: date) -> list[AgendaLine]:
    rows = conn.execute(text(
        "SELECT i.title, i.due_on, c.name AS cadre FROM followup_item i LEFT JOIN cadre c ON c.id = i.cadre_id "
        "WHERE i.voided = 0 AND i.opened_on <= :on AND (i.done_on IS NULL OR i.done_on > :on) "
        "ORDER BY i.due_on, i.id"), {"on": on.isoformat()}).mappings()
    return [AgendaLine("未办结的跟进事项", f"{_short(r['title'])}（{r['cadre'] or ''}，期限 {r['due_on']}"
                       f"{'，已逾期' if _d(r['due_on']) < on else ''}）") for r in rows]


def _unanswered(conn: Connection, on: date) -> list[AgendaLine]:
    rows = conn.execute(text(
        "SELECT received_on, matter, reply_due FROM reception WHERE voided = 0 AND received_on <= :on "
        "AND (replied_on IS NULL OR replied_on > :on) AND (closed_on IS NULL OR closed_on > :on) "
        "ORDER BY reply_due, id"), {"on": on.isoformat()}).mappings()
    return [AgendaLine("未答复的来访来电", f"{r['received_on']} 登记：{_short(r['matter'])}（应于 {r['reply_due']} 前答复"
                       f"{'，已逾期' if _d(r['reply_due']) < on else ''}）") for r in rows]


def _short(value, most: int = 40) -> str:
    value = " ".join(str(value or "").split())
    return value if len(value) <= most else value[: most - 1] + "…"


def _drills_due(conn: Connection, on: date) -> list[AgendaLine]:
    """Emergency plans with no drill yet this year (db.plans, the same rule as the home screen)."""
    return [AgendaLine("应急预案演练", f"{d.name}：{d.due_by.month}月{d.due_by.day}日前应演练"
                       f"{'，已过期' if d.overdue else ''}") for d in drills_due_in(conn, on)]


# Sections other rooms may add. Each takes the connection and the day and returns AgendaLines.
EXTRA_SECTIONS: list[Callable[[Connection, date], list[AgendaLine]]] = [_drills_due]


def build_agenda(conn: Connection, month: str, on: date) -> list[AgendaLine]:
    """The agenda of the meeting of `month` held on `on`, section by section."""
    lines = [AgendaLine("前次议定事项落实情况",
                        f"{d['month']} 第{d['seq']}项 {_short(d['text'])}（{d['owner']}，期限 {d['deadline']}）："
                        f"{DECISION_STATES[d['state']]}")
             for d in earlier_decisions(conn, month, on)]
    for part in (_overdue_cases, _visits_due, _open_items, _unanswered, *EXTRA_SECTIONS):
        lines.extend(part(conn, on))
    return lines


PER_SECTION = 15  # lines per section in the stored agenda (it holds at most 4000 characters)


def agenda_text(lines: list[AgendaLine]) -> str:
    """The agenda as text: one numbered heading per section with its lines; '无' when empty."""
    out = []
    sections = list(dict.fromkeys([*SECTIONS, *(line.section for line in lines)]))
    for i, section in enumerate(sections, 1):
        mine = [line.text for line in lines if line.section == section]
        out.append(f"{i}. {section}：{'' if mine else '无'}")
        out.extend(f"   （{j}）{t}" for j, t in enumerate(mine[:PER_SECTION], 1))
        if len(mine) > PER_SECTION:
            out.append(f"   ……另有 {len(mine) - PER_SECTION} 项，见各模块清单")
    return "\n".join(out)
