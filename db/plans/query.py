"""Reading emergency plans: the list, one plan in full (teams, phone tree, sites with the
checklist's answers about them, drills), and which plans still need this year's drill."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.models.plans import PLAN_KINDS, RECORD_KINDS
from db.session import DataError, as_date
from db.settings.printed import VillageInfo, village_info

# Words in a checklist question that asks about evacuation / shelter sites (村事百晓 H08 in the
# default bank: 往哪里撤离 ... 应急避难场所). Bare 安置 also means land resettlement, so not alone.
SHELTER_WORDS = ("避难", "撤离", "避险", "安置点", "安置场所")


def due_by(drill_before: str, year: int) -> date:
    """The day this year's drill is wanted by: the plan's 'MM-DD' (before its season), or the
    year's last day for plans drilled once a year at any time. db.attention keeps the same rule."""
    if not drill_before:
        return date(year, 12, 31)
    month, day = (int(x) for x in drill_before.split("-"))
    if (month, day) == (2, 29):
        day = 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28
    return date(year, month, day)


@dataclass
class PlanRow:
    id: int
    kind: str
    name: str
    leader: str
    leader_phone: str
    drill_before: str
    last_drill: date | None
    voided: bool = False

    @property
    def kind_label(self) -> str:
        return PLAN_KINDS.get(self.kind, self.kind)


@dataclass
class MemberInfo:
    id: int
    name: str
    phone: str
    duty: str
    caller_id: int | None
    team: str
    network_member_id: int | None = None


@dataclass
class TeamInfo:
    id: int
    name: str
    duty: str
    members: list[MemberInfo] = field(default_factory=list)


@dataclass
class SiteAnswer:
    hamlet: str
    round_name: str
    answered_on: date | None
    text: str


@dataclass
class SiteInfo:
    id: int
    name: str
    place: str
    capacity: int | None
    hamlet: str
    question_id: int | None
    question: str  # 'H08 本组群众知道……' or ''
    note: str
    answers: list[SiteAnswer] = field(default_factory=list)


@dataclass
class DrillInfo:
    id: int
    plan_id: int
    plan: str
    kind: str
    held_on: date
    what: str
    participants: str
    found: str
    changed: str

    @property
    def kind_label(self) -> str:
        return RECORD_KINDS.get(self.kind, self.kind)


@dataclass
class TreeLine:
    """One line of the phone tree: depth 0 is the 总指挥, then who phones whom."""

    depth: int
    name: str
    phone: str
    team: str


@dataclass
class PlanInfo:
    village: VillageInfo
    id: int
    kind: str
    name: str
    leader: str
    leader_phone: str
    deputy: str
    deputy_phone: str
    materials: str
    drill_before: str
    adopted_on: date | None
    note: str
    teams: list[TeamInfo]
    sites: list[SiteInfo]
    drills: list[DrillInfo]

    @property
    def kind_label(self) -> str:
        return PLAN_KINDS.get(self.kind, self.kind)

    @property
    def members(self) -> list[MemberInfo]:
        return [m for t in self.teams for m in t.members]

    def phone_tree(self) -> list[TreeLine]:
        """总指挥 first, then each member under whoever phones them (a member whose caller is
        gone is phoned by the 总指挥), in team order."""
        members = self.members
        ids = {m.id for m in members}
        children: dict[int | None, list[MemberInfo]] = {}
        for m in members:
            children.setdefault(m.caller_id if m.caller_id in ids else None, []).append(m)
        lines = [TreeLine(0, self.leader, self.leader_phone, "总指挥")]

        def walk(parent: int | None, depth: int) -> None:
            for m in children.get(parent, []):
                lines.append(TreeLine(depth, m.name, m.phone, m.team))
                walk(m.id, depth + 1)

        walk(None, 1)
        return lines


def list_plans(engine: Engine, *, include_voided: bool = False) -> list[PlanRow]:
    """Plans in the order of PLAN_KINDS, each with its last drill."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT p.id, p.kind, p.name, p.leader, p.leader_phone, p.drill_before, "
            "(SELECT max(d.held_on) FROM plan_drill d WHERE d.plan_id = p.id AND d.voided = 0 AND d.kind = 'drill'), "
            "p.voided FROM emergency_plan p WHERE :all OR p.voided = 0 ORDER BY p.id"), {"all": include_voided})
        plans = [PlanRow(r[0], r[1], r[2], r[3], r[4], r[5], as_date(r[6]), bool(r[7])) for r in rows]
    order = list(PLAN_KINDS)
    return sorted(plans, key=lambda p: (p.voided, order.index(p.kind) if p.kind in order else 99, p.id))


def shelter_questions(engine: Engine) -> list[tuple[int, str, str]]:
    """(id, code, text) of the checklist questions about evacuation / shelter sites."""
    like = " OR ".join(f"text LIKE '%{w}%'" for w in SHELTER_WORDS)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            f"SELECT id, code, text FROM question WHERE active = 1 AND ({like}) ORDER BY position, id"))]


def _answers(conn, question_id: int, hamlet_id: int | None) -> list[SiteAnswer]:
    """The latest live answer to the question for each hamlet (only `hamlet_id` when given)."""
    rows = conn.execute(text(
        "SELECT coalesce(h.name, '全村'), r.name, x.answered_on, x.text, a.hamlet_id FROM answer x "
        "JOIN assignment a ON a.id = x.assignment_id JOIN check_round r ON r.id = a.round_id "
        "LEFT JOIN hamlet h ON h.id = a.hamlet_id "
        "WHERE x.voided = 0 AND r.voided = 0 AND a.question_id = :q AND (:h IS NULL OR a.hamlet_id = :h) "
        "ORDER BY x.answered_on DESC, x.id DESC"), {"q": question_id, "h": hamlet_id})
    seen, out = set(), []
    for hamlet, round_name, on, body, hid in rows:
        if hid not in seen:
            seen.add(hid)
            out.append(SiteAnswer(hamlet, round_name, as_date(on), body))
    return out


def plan_info(engine: Engine, plan_id: int) -> PlanInfo:
    """One plan in full, for its screen and its pages."""
    with engine.connect() as conn:
        p = conn.execute(text(
            "SELECT id, kind, name, leader, leader_phone, deputy, deputy_phone, materials, drill_before, "
            "adopted_on, note FROM emergency_plan WHERE id = :p AND voided = 0"), {"p": plan_id}).first()
        if p is None:
            raise DataError(f"找不到这个应急预案（编号 {plan_id}），请刷新列表后重试。", "plan_id")
        teams = [TeamInfo(*r) for r in conn.execute(text(
            "SELECT id, name, duty FROM plan_team WHERE plan_id = :p AND voided = 0 ORDER BY position, id"),
            {"p": plan_id})]
        by_id = {t.id: t for t in teams}
        for r in conn.execute(text(
                "SELECT m.id, m.name, m.phone, m.duty, m.caller_id, m.team_id, m.network_member_id FROM plan_member m "
                "WHERE m.voided = 0 AND m.team_id IN (SELECT id FROM plan_team WHERE plan_id = :p AND voided = 0) "
                "ORDER BY m.position, m.id"), {"p": plan_id}):
            team = by_id[r[5]]
            team.members.append(MemberInfo(r[0], r[1], r[2], r[3], r[4], team.name, r[6]))
        sites = []
        for r in conn.execute(text(
                "SELECT s.id, s.name, s.place, s.capacity, coalesce(h.name, ''), s.question_id, "
                "coalesce(q.code || ' ' || q.text, ''), s.note, s.hamlet_id FROM evacuation_site s "
                "LEFT JOIN hamlet h ON h.id = s.hamlet_id LEFT JOIN question q ON q.id = s.question_id "
                "WHERE s.plan_id = :p AND s.voided = 0 ORDER BY s.id"), {"p": plan_id}):
            site = SiteInfo(*r[:8])
            if site.question_id is not None:
                site.answers = _answers(conn, site.question_id, r[8])
            sites.append(site)
        drills = _drills(conn, plan_id)
        village = village_info(conn)
    return PlanInfo(village, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], as_date(p[9]), p[10],
                    teams, sites, drills)


def _drills(conn, plan_id: int | None) -> list[DrillInfo]:
    rows = conn.execute(text(
        "SELECT d.id, d.plan_id, p.name, d.kind, d.held_on, d.what, d.participants, d.found, d.changed "
        "FROM plan_drill d JOIN emergency_plan p ON p.id = d.plan_id "
        "WHERE d.voided = 0 AND p.voided = 0 AND (:p IS NULL OR d.plan_id = :p) ORDER BY d.held_on, d.id"),
        {"p": plan_id})
    return [DrillInfo(r[0], r[1], r[2], r[3], as_date(r[4]), *r[5:]) for r in rows]


def drill_log(engine: Engine, plan_id: int | None = None) -> list[DrillInfo]:
    """Every live drill and event record (of one plan, or of all), oldest first."""
    with engine.connect() as conn:
        return _drills(conn, plan_id)


def all_plans(engine: Engine) -> list[PlanInfo]:
    """Every live plan in full, in list order (for `desk print plans`)."""
    return [plan_info(engine, p.id) for p in list_plans(engine)]


@dataclass
class DrillDue:
    """A plan with no drill yet in the year, as of a day: what the agenda and home screen list."""

    plan_id: int
    name: str
    kind_label: str
    due_by: date
    last_drill: date | None  # the last drill ever, before this year
    seasonal: bool
    overdue: bool

    @property
    def text(self) -> str:
        when = f"{self.due_by.month}月{self.due_by.day}日前"
        if not self.seasonal:
            return f"{self.name} 今年还没有演练（年内要演练一次）"
        if self.overdue:
            return f"{self.name} {when}应演练，已过期未演练"
        return f"{self.name} {when}应演练，今年还没有演练"


def drills_due_on(engine: Engine, day: date) -> list[DrillDue]:
    """Live plans with no drill in `day`'s year up to `day`, the earliest due first."""
    with engine.connect() as conn:
        return drills_due_in(conn, day)


def drills_due_in(conn, day: date) -> list[DrillDue]:
    """drills_due_on on an open connection (the monthly meeting's agenda reads in one)."""
    start = date(day.year, 1, 1)
    rows = conn.execute(text(
        "SELECT p.id, p.name, p.kind, p.drill_before, "
        "(SELECT max(d.held_on) FROM plan_drill d WHERE d.plan_id = p.id AND d.voided = 0 "
        " AND d.kind = 'drill' AND d.held_on <= :day) FROM emergency_plan p WHERE p.voided = 0"),
        {"day": day.isoformat()}).all()
    out = []
    for pid, name, kind, before, last in rows:
        last = as_date(last)
        if last is not None and last >= start:
            continue
        due = due_by(before, day.year)
        out.append(DrillDue(pid, name, PLAN_KINDS.get(kind, kind), due, last, bool(before), due < day))
    return sorted(out, key=lambda d: (d.due_by, d.plan_id))


def _month_end(month) -> date:
    if isinstance(month, date):
        first = month.replace(day=1)
    else:
        try:
            year, mon = (int(x) for x in str(month).split("-"))
            first = date(year, mon, 1)
        except ValueError:
            raise DataError(f"月份“{month}”写法不对，应写成 2026-05 这样的年-月。", "month") from None
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def drills_due(engine: Engine, month) -> list[DrillDue]:
    """For the monthly meeting's agenda: the plans with no drill yet in the month's year as of
    the month's end (`month` a date or 'YYYY-MM'), the earliest due first; `overdue` when the
    day it was wanted by is already past at the month's end."""
    return drills_due_on(engine, _month_end(month))
