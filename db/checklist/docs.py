"""What the checklist's paper documents read: a round's sheets and summary, a hamlet's cadres.
Plain dataclasses, our own SQL; voided rows never appear."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from db.session import DataError, as_date
from db.settings.printed import VillageInfo, village_info


@dataclass
class SheetQuestion:
    code: str
    category: str
    text: str
    hint: str
    cadre: str
    answer: str = ""
    answered_on: date | None = None
    answered_by: str = ""
    needs_action: bool = False


@dataclass
class RoundSheet:
    """The questions of one round for one hamlet (hamlet '' = the village-wide questions)."""

    round_name: str
    starts_on: date
    ends_on: date
    hamlet: str
    village: VillageInfo
    questions: list[SheetQuestion] = field(default_factory=list)


@dataclass
class RoundSummary:
    round_name: str
    starts_on: date
    ends_on: date
    village: VillageInfo
    hamlets: list[RoundSheet] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(h.questions) for h in self.hamlets)

    @property
    def answered(self) -> int:
        return sum(1 for h in self.hamlets for q in h.questions if q.answered_on)


_ROUND_SQL = """
SELECT q.code, q.category, q.text, q.hint, c.name AS cadre, a.hamlet_id, h.name AS hamlet,
       ans.text AS answer, ans.answered_on, ac.name AS answered_by, ans.needs_action
FROM assignment a
JOIN question q ON q.id = a.question_id
LEFT JOIN hamlet h ON h.id = a.hamlet_id
LEFT JOIN cadre c ON c.id = a.cadre_id
LEFT JOIN answer ans ON ans.id = (
    SELECT x.id FROM answer x WHERE x.assignment_id = a.id AND x.voided = 0
    ORDER BY x.answered_on DESC, x.id DESC LIMIT 1)
LEFT JOIN cadre ac ON ac.id = ans.cadre_id
WHERE a.round_id = :r {where}
ORDER BY h.position IS NULL, h.position, a.hamlet_id, q.position, q.code
"""


def _round_row(conn: Connection, round_id: int):
    r = conn.execute(text("SELECT name, starts_on, ends_on, voided FROM check_round WHERE id = :r"),
                     {"r": round_id}).first()
    if r is None or r[3]:
        raise DataError("找不到这一轮排查（可能已作废），请重新选择排查轮次。", "round_id")
    return r[0], as_date(r[1]), as_date(r[2])


def _sheets(conn: Connection, round_id: int, where: str, p: dict) -> dict[object, RoundSheet]:
    name, starts, ends = _round_row(conn, round_id)
    village = village_info(conn)
    sheets: dict[object, RoundSheet] = {}
    for x in conn.execute(text(_ROUND_SQL.format(where=where)), {"r": round_id, **p}).mappings():
        key = x["hamlet_id"]
        sheet = sheets.get(key)
        if sheet is None:
            sheet = sheets[key] = RoundSheet(name, starts, ends, x["hamlet"] or "全村", village)
        sheet.questions.append(SheetQuestion(
            x["code"], x["category"], x["text"], x["hint"], x["cadre"] or "", x["answer"] or "",
            as_date(x["answered_on"]), x["answered_by"] or "", bool(x["needs_action"]),
        ))
    return sheets


def round_sheet(engine: Engine, round_id: int, hamlet_id: int | None) -> RoundSheet:
    """The questions a cadre carries to `hamlet_id` in this round (None: the village-wide ones).
    A round not yet assigned gives the active questions of that scope."""
    with engine.connect() as conn:
        where = "AND a.hamlet_id IS NULL" if hamlet_id is None else "AND a.hamlet_id = :h"
        sheets = _sheets(conn, round_id, where, {"h": hamlet_id})
        if sheets:
            return next(iter(sheets.values()))
        name, starts, ends = _round_row(conn, round_id)
        hamlet = "全村"
        if hamlet_id is not None:
            row = conn.execute(text("SELECT name FROM hamlet WHERE id = :h"), {"h": hamlet_id}).first()
            if row is None:
                raise DataError("找不到这个屯组，请重新选择。", "hamlet_id")
            hamlet = row[0]
        scope = "village" if hamlet_id is None else "hamlet"
        qs = conn.execute(text(
            "SELECT code, category, text, hint FROM question WHERE active = 1 AND scope = :s "
            "ORDER BY position, code"), {"s": scope}).all()
        return RoundSheet(name, starts, ends, hamlet, village_info(conn),
                          [SheetQuestion(c, cat, t, h, "") for c, cat, t, h in qs])


def round_summary(engine: Engine, round_id: int) -> RoundSummary:
    """Every assignment of the round with its latest live answer, by hamlet."""
    with engine.connect() as conn:
        sheets = _sheets(conn, round_id, "", {})
        name, starts, ends = _round_row(conn, round_id)
        return RoundSummary(name, starts, ends, village_info(conn), list(sheets.values()))


@dataclass
class ContactCadre:
    name: str
    roles: str
    phone: str


@dataclass
class HamletContacts:
    hamlet: str
    cadres: list[ContactCadre]
    mediators: list[ContactCadre]
    village: VillageInfo


def hamlet_contacts(engine: Engine, hamlet_id: int | None = None) -> list[HamletContacts]:
    """Each active hamlet (or only `hamlet_id`) with its responsible cadres (片长) and phones,
    and the village's mediators, for the notice posted in the hamlet."""
    with engine.connect() as conn:
        village = village_info(conn)
        hamlets = conn.execute(text(
            "SELECT id, name FROM hamlet WHERE (:h IS NULL AND active = 1) OR id = :h ORDER BY position, id"),
            {"h": hamlet_id}).all()
        if hamlet_id is not None and not hamlets:
            raise DataError("找不到这个屯组，请重新选择。", "hamlet_id")
        links: dict[int, list[ContactCadre]] = {}
        for hid, name, roles, phone in conn.execute(text(
                "SELECT ch.hamlet_id, c.name, c.roles, c.phone FROM cadre_hamlet ch "
                "JOIN cadre c ON c.id = ch.cadre_id WHERE c.active = 1 ORDER BY c.position, c.id")):
            links.setdefault(hid, []).append(ContactCadre(name, roles.replace(",", "、"), phone))
        mediators = [ContactCadre(n, r.replace(",", "、"), ph) for n, r, ph in conn.execute(text(
            "SELECT name, roles, phone FROM cadre WHERE active = 1 AND (roles LIKE '%调解员%' "
            "OR roles LIKE '%书记%' OR roles LIKE '%主任%') ORDER BY position, id"))]
    return [HamletContacts(name, links.get(hid, []), mediators, village) for hid, name in hamlets]
