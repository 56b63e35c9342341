"""村事百晓 progress: the matrix of a round, progress per cadre / hamlet, what is still open,
and the monthly figures. Re-exported by db.checklist.questions; read-only, a few queries each.

Every cell (assignment) has one state, computed in SQL in one place (`CELL_SQL`):
  open      no live answer
  answered  answered, nothing to do
  action    the answer needs action and has not yet become a case or a follow-up item
  acted     the answer is linked to a live case or a live follow-up item
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.session import DataError, as_date, reading

STATES = ("open", "answered", "action", "acted")
STATE_LABELS = {"open": "未答", "answered": "已答", "action": "待处理", "acted": "已处理"}
VILLAGE_LABEL = "全村"
UNASSIGNED_LABEL = "未分配"

# One row per assignment with its state. {where} filters the assignments (a.*).
# The live answer is the newest non-voided one (answer() keeps at most one).
CELL_SQL = """
SELECT a.id AS assignment_id, a.round_id, a.question_id, a.hamlet_id, a.cadre_id,
       ans.id AS answer_id,
       CASE
         WHEN ans.id IS NULL THEN 'open'
         WHEN (d.id IS NOT NULL AND d.voided = 0)
           OR EXISTS (SELECT 1 FROM followup_item f WHERE f.answer_id = ans.id AND f.voided = 0)
           THEN 'acted'
         WHEN ans.needs_action THEN 'action'
         ELSE 'answered'
       END AS state
FROM assignment a
LEFT JOIN answer ans ON ans.id = (
    SELECT max(x.id) FROM answer x WHERE x.assignment_id = a.id AND x.voided = 0)
LEFT JOIN dispute d ON d.id = ans.dispute_id
WHERE {where}
"""


def cell_sql(where: str = "1 = 1") -> str:
    """The per-assignment state query, filtered by `where` (SQL on alias a)."""
    return CELL_SQL.format(where=where)


@dataclass
class RoundView:
    """A round with its counts, for lists and headers."""

    id: int
    name: str
    starts_on: date
    ends_on: date
    closed: bool
    voided: bool = False
    total: int = 0
    answered: int = 0  # any live answer (answered + action + acted)
    action: int = 0  # needs action, not yet turned into a case or item
    acted: int = 0

    @property
    def share(self) -> float:
        """Answered / total, 0.0 for an empty round."""
        return self.answered / self.total if self.total else 0.0


@dataclass
class QuestionInfo:
    """A question as a matrix row."""

    id: int
    code: str
    category: str
    text: str
    scope: str
    active: bool


@dataclass
class HamletInfo:
    """A hamlet as a matrix column."""

    id: int
    name: str
    active: bool


@dataclass
class Matrix:
    """Questions x hamlets of one round. Keys are (question_id, hamlet_id); a village-scope
    question has its one cell at (question_id, None). A missing key: no assignment there."""

    round: RoundView
    questions: list[QuestionInfo]
    hamlets: list[HamletInfo]
    cells: dict[tuple[int, int | None], str] = field(default_factory=dict)
    assignment_ids: dict[tuple[int, int | None], int] = field(default_factory=dict)

    def state(self, question_id: int, hamlet_id: int | None) -> str | None:
        """The state of one cell, or None where the round has no assignment."""
        return self.cells.get((question_id, hamlet_id))

    def counts(self) -> dict[str, int]:
        """state -> number of cells."""
        out = dict.fromkeys(STATES, 0)
        for s in self.cells.values():
            out[s] += 1
        return out


@dataclass
class Progress:
    """Progress of one cadre or one hamlet in a round (id None: unassigned / whole village)."""

    id: int | None
    name: str
    total: int = 0
    answered: int = 0
    action: int = 0
    acted: int = 0

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 0.0


@dataclass
class OpenCell:
    """An assignment not answered yet."""

    assignment_id: int
    question_id: int
    code: str
    text: str
    hamlet_id: int | None
    hamlet_name: str
    cadre_id: int | None
    cadre_name: str


@dataclass
class StillOpen:
    """What is still open in a round and how many days are left (negative: past the end)."""

    round_id: int
    round_name: str
    ends_on: date
    days_left: int
    cells: list[OpenCell]

    @property
    def count(self) -> int:
        return len(self.cells)


def _round_row(s, round_id: int):
    row = s.execute(
        text("SELECT id, name, starts_on, ends_on, closed, voided FROM check_round WHERE id = :r"),
        {"r": round_id},
    ).first()
    if row is None:
        raise DataError("找不到这一轮排查，请刷新后再试。", "round_id")
    return row




def _round_view(row, counts: dict[str, int]) -> RoundView:
    total = sum(counts.values())
    return RoundView(
        id=row.id, name=row.name, starts_on=as_date(row.starts_on), ends_on=as_date(row.ends_on),
        closed=bool(row.closed), voided=bool(row.voided), total=total,
        answered=total - counts.get("open", 0), action=counts.get("action", 0),
        acted=counts.get("acted", 0),
    )


def round_counts(s, round_id: int | None = None) -> dict[int, dict[str, int]]:
    """round id -> {state: cells}; one grouped query (all rounds when round_id is None)."""
    where = "a.round_id = :r" if round_id is not None else "1 = 1"
    rows = s.execute(
        text(f"SELECT round_id, state, count(*) AS n FROM ({cell_sql(where)}) GROUP BY round_id, state"),
        {"r": round_id},
    )
    out: dict[int, dict[str, int]] = {}
    for rid, state, n in rows:
        out.setdefault(rid, {})[state] = n
    return out


def round_view(s, round_id: int) -> RoundView:
    """One round with its counts, inside an open session."""
    return _round_view(_round_row(s, round_id), round_counts(s, round_id).get(round_id, {}))


def matrix(engine: Engine, round_id: int) -> Matrix:
    """The questions x hamlets matrix of a round, in four queries."""
    with reading(engine) as s:
        row = _round_row(s, round_id)
        cells, ids, counts = {}, {}, dict.fromkeys(STATES, 0)
        for r in s.execute(text(cell_sql("a.round_id = :r")), {"r": round_id}):
            key = (r.question_id, r.hamlet_id)
            cells[key] = r.state
            ids[key] = r.assignment_id
            counts[r.state] += 1
        questions = [
            QuestionInfo(q.id, q.code, q.category, q.text, q.scope, bool(q.active))
            for q in s.execute(text(
                "SELECT id, code, category, text, scope, active FROM question WHERE id IN "
                "(SELECT question_id FROM assignment WHERE round_id = :r) ORDER BY position, id"),
                {"r": round_id})
        ]
        hamlets = [
            HamletInfo(h.id, h.name, bool(h.active))
            for h in s.execute(text(
                "SELECT id, name, active FROM hamlet WHERE id IN "
                "(SELECT hamlet_id FROM assignment WHERE round_id = :r) ORDER BY position, id"),
                {"r": round_id})
        ]
        return Matrix(_round_view(row, {k: v for k, v in counts.items() if v}), questions,
                      hamlets, cells, ids)


def _progress(engine: Engine, round_id: int, key: str, names_sql: str, none_label: str) -> list[Progress]:
    with reading(engine) as s:
        _round_row(s, round_id)
        names = {r.id: (r.position, r.name) for r in s.execute(text(names_sql))}
        out: dict[int | None, Progress] = {}
        rows = s.execute(
            text(f"SELECT {key} AS k, state, count(*) AS n FROM ({cell_sql('a.round_id = :r')}) "
                 f"GROUP BY {key}, state"),
            {"r": round_id},
        )
        for k, state, n in rows:
            p = out.get(k)
            if p is None:
                p = out[k] = Progress(k, names[k][1] if k in names else none_label)
            p.total += n
            if state != "open":
                p.answered += n
            if state == "action":
                p.action += n
            elif state == "acted":
                p.acted += n
        # Known names in their screen order; the unassigned / whole-village row last.
        return sorted(out.values(), key=lambda p: (p.id is None, names.get(p.id, (0, ""))[0], p.id or 0))


def progress_by_cadre(engine: Engine, round_id: int) -> list[Progress]:
    """Answered / total per cadre in a round; cadre None ("未分配") last."""
    return _progress(engine, round_id, "cadre_id", "SELECT id, position, name FROM cadre", UNASSIGNED_LABEL)


def progress_by_hamlet(engine: Engine, round_id: int) -> list[Progress]:
    """Answered / total per hamlet in a round; the village-scope questions ("全村") last."""
    return _progress(engine, round_id, "hamlet_id", "SELECT id, position, name FROM hamlet", VILLAGE_LABEL)


def still_open(engine: Engine, round_id: int, today: date | None = None) -> StillOpen:
    """The unanswered assignments of a round, by hamlet then question, and days to its end."""
    today = today or date.today()
    with reading(engine) as s:
        row = _round_row(s, round_id)
        rows = s.execute(text(
            f"SELECT c.assignment_id, c.question_id, q.code, q.text, c.hamlet_id, h.name AS hname, "
            f"c.cadre_id, k.name AS kname "
            f"FROM ({cell_sql('a.round_id = :r')}) c "
            f"JOIN question q ON q.id = c.question_id "
            f"LEFT JOIN hamlet h ON h.id = c.hamlet_id "
            f"LEFT JOIN cadre k ON k.id = c.cadre_id "
            f"WHERE c.state = 'open' "
            f"ORDER BY c.hamlet_id IS NULL, h.position, h.id, q.position, q.id"),
            {"r": round_id})
        cells = [
            OpenCell(r.assignment_id, r.question_id, r.code, r.text, r.hamlet_id,
                     r.hname or VILLAGE_LABEL, r.cadre_id, r.kname or UNASSIGNED_LABEL)
            for r in rows
        ]
        ends_on = as_date(row.ends_on)
        return StillOpen(row.id, row.name, ends_on, (ends_on - today).days, cells)


def month_bounds(month: str) -> tuple[date, date]:
    """'2026-11' -> (2026-11-01, 2026-11-30), or DataError."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", month or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise DataError("月份请按 2026-11 这样的格式填写。", "month")
    year, mon = int(m.group(1)), int(m.group(2))
    return date(year, mon, 1), date(year, mon, monthrange(year, mon)[1])


def month_figures(engine: Engine, month: str) -> dict:
    """The checklist's figures for the monthly report ('YYYY-MM'):
    rounds_run (rounds active during the month) and round_names, questions_answered (live
    answers dated in the month), findings (those needing action), disputes_found (live cases
    with source 'checklist' accepted in the month), items_opened, items_closed."""
    first, last = month_bounds(month)
    p = {"a": first.isoformat(), "b": last.isoformat()}  # dates are stored as ISO text
    with reading(engine) as s:
        names = [r[0] for r in s.execute(text(
            "SELECT name FROM check_round WHERE voided = 0 AND starts_on <= :b AND ends_on >= :a "
            "ORDER BY starts_on, id"), p)]
        answered, findings = s.execute(text(
            "SELECT count(*), coalesce(sum(ans.needs_action), 0) FROM answer ans "
            "JOIN assignment a ON a.id = ans.assignment_id "
            "JOIN check_round r ON r.id = a.round_id "
            "WHERE ans.voided = 0 AND r.voided = 0 AND ans.answered_on BETWEEN :a AND :b"), p).one()
        disputes = s.execute(text(
            "SELECT count(*) FROM dispute WHERE voided = 0 AND source = 'checklist' "
            "AND accepted_on BETWEEN :a AND :b"), p).scalar_one()
        opened = s.execute(text(
            "SELECT count(*) FROM followup_item WHERE voided = 0 AND opened_on BETWEEN :a AND :b"),
            p).scalar_one()
        closed = s.execute(text(
            "SELECT count(*) FROM followup_item WHERE voided = 0 AND done_on BETWEEN :a AND :b"),
            p).scalar_one()
    return {
        "month": f"{first:%Y-%m}",
        "rounds_run": len(names),
        "round_names": names,
        "questions_answered": answered,
        "findings": findings,
        "disputes_found": disputes,
        "items_opened": opened,
        "items_closed": closed,
    }
