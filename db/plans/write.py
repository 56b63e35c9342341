"""Changes to emergency plans: plans, teams, members (the phone tree), evacuation sites, drills
and the records after real events. Every public function is one audited transaction; bad
input raises DataError(message, field) in Chinese and changes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.models import (
    EmergencyPlan,
    EvacuationSite,
    Hamlet,
    NetworkMember,
    PlanDrill,
    PlanMember,
    PlanTeam,
    Question,
)
from db.models.plans import DRILL_BEFORE, PLAN_KINDS, RECORD_KINDS
from db.session import DataError, unit

PLAN_FIELDS = ("kind", "name", "leader", "leader_phone", "deputy", "deputy_phone", "materials", "drill_before",
               "adopted_on", "note")
TEAM_FIELDS = ("name", "duty")
MEMBER_FIELDS = ("name", "phone", "duty", "caller_id", "network_member_id")
SITE_FIELDS = ("name", "place", "capacity", "hamlet_id", "question_id", "note")
DRILL_FIELDS = ("kind", "held_on", "what", "participants", "found", "changed")
# field -> (max length, label)
TEXTS = {
    "name": (80, "名称"), "leader": (50, "总指挥"), "leader_phone": (20, "总指挥电话"), "deputy": (50, "副总指挥"),
    "deputy_phone": (20, "副总指挥电话"), "materials": (2000, "物资储备"), "note": (500, "备注"),
    "duty": (300, "职责"), "phone": (20, "联系电话"), "place": (200, "地点"), "what": (500, "事件经过"),
    "participants": (500, "参加人员"), "found": (1000, "发现的问题"), "changed": (1000, "改进措施"),
}
NAME_LIMITS = {"team": 50, "member": 50, "site": 80, "plan": 80}
MEMBER_DUTY = 100
SITE_NOTE = 200


def _only(values: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


def _text(values: dict, key: str, limit: int | None = None, label: str | None = None) -> str:
    value = values.get(key)
    value = "" if value is None else value
    if not isinstance(value, str):
        raise DataError(f"{label or TEXTS[key][1]}应是文字。", key)
    value = value.strip()
    limit = limit or TEXTS[key][0]
    if len(value) > limit:
        raise DataError(f"{label or TEXTS[key][1]}最多{limit}个字，现在有{len(value)}个字，请改短一些。", key)
    return value


def _name(values: dict, what: str, limit: int) -> str:
    name = _text(values, "name", limit, f"{what}名称" if what != "成员" else "姓名")
    if not name:
        raise DataError(f"请填写{what}名称。" if what != "成员" else "请填写姓名。", "name")
    return name


def _need(s, model, row_id, what: str):
    row = s.get(model, row_id) if row_id is not None else None
    if row is None:
        raise DataError(f"找不到这个{what}（编号 {row_id}），请刷新后重试。")
    if getattr(row, "voided", False):
        raise DataError(f"这个{what}已作废，不能再修改。")
    return row


def _drill_before(value) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        month, day = (int(x) for x in value.split("-"))
        date(2024, month, day)  # a leap year: 02-29 is a real day
    except (ValueError, TypeError):
        raise DataError("演练截止日应写成“月-日”，如 05-01；不按季节的留空。", "drill_before") from None
    return f"{month:02d}-{day:02d}"


# ---- plans ------------------------------------------------------------------------------------


def _plan_values(values: dict) -> dict:
    kind = values.get("kind")
    if kind not in PLAN_KINDS:
        raise DataError(f"请选择预案类型：{'、'.join(PLAN_KINDS.values())}。", "kind")
    out = {k: _text(values, k) for k in ("leader", "leader_phone", "deputy", "deputy_phone", "materials", "note")}
    out["name"] = _name(values, "预案", NAME_LIMITS["plan"])
    if not out["leader"]:
        raise DataError("请填写预案的总指挥（负责人）。", "leader")
    adopted = values.get("adopted_on")
    if adopted is not None and not isinstance(adopted, date):
        raise DataError("制定日期应是日期，如 2026-03-01。", "adopted_on")
    out.update(kind=kind, adopted_on=adopted, drill_before=_drill_before(values.get("drill_before")))
    return out


def save_plan(engine: Engine, plan_id: int | None, values: dict) -> EmergencyPlan:
    """Add (plan_id None) or change a plan. A new plan without `drill_before` takes its kind's
    season (防汛 05-01 ...)."""
    _only(values, PLAN_FIELDS)
    with unit(engine) as s:
        if plan_id is None:
            values = {"drill_before": DRILL_BEFORE.get(values.get("kind"), ""), **values}
            plan = EmergencyPlan(**_plan_values(values))
            s.add(plan)
        else:
            plan = _need(s, EmergencyPlan, plan_id, "预案")
            clean = _plan_values({**{k: getattr(plan, k) for k in PLAN_FIELDS}, **values})
            for key, value in clean.items():
                if getattr(plan, key) != value:
                    setattr(plan, key, value)
        s.flush()
        return plan


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DataError("请写明作废原因。", "void_reason")
    if len(reason) > 200:
        raise DataError("作废原因最多200个字，请改短一些。", "void_reason")
    return reason


def _void(engine: Engine, model, row_id: int, what: str, reason: str):
    reason = _reason(reason)
    with unit(engine) as s:
        row = _need(s, model, row_id, what)
        row.voided = True
        row.void_reason = reason
        return row


def void_plan(engine: Engine, plan_id: int, reason: str) -> EmergencyPlan:
    return _void(engine, EmergencyPlan, plan_id, "预案", reason)


# ---- teams and members (the phone tree) -------------------------------------------------------


def save_team(engine: Engine, plan_id: int | None, team_id: int | None, values: dict) -> PlanTeam:
    """Add a team to a plan (team_id None) or change one."""
    _only(values, TEAM_FIELDS)
    with unit(engine) as s:
        if team_id is None:
            _need(s, EmergencyPlan, plan_id, "预案")
            last = s.exec(select(PlanTeam.position).where(PlanTeam.plan_id == plan_id)
                          .order_by(PlanTeam.position.desc())).first() or 0
            team = PlanTeam(plan_id=plan_id, name=_name(values, "工作组", NAME_LIMITS["team"]),
                            duty=_text(values, "duty"), position=last + 1)
            s.add(team)
        else:
            team = _need(s, PlanTeam, team_id, "工作组")
            merged = {"name": team.name, "duty": team.duty, **values}
            team.name = _name(merged, "工作组", NAME_LIMITS["team"])
            team.duty = _text(merged, "duty")
        s.flush()
        return team


def void_team(engine: Engine, team_id: int, reason: str) -> PlanTeam:
    return _void(engine, PlanTeam, team_id, "工作组", reason)


def _check_caller(s, plan_id: int, member_id: int | None, caller_id: int | None) -> None:
    """The caller is a live member of the same plan, and following callers up never comes back
    to this member (the phone tree stays a tree)."""
    if caller_id is None:
        return
    caller = s.get(PlanMember, caller_id)
    team = s.get(PlanTeam, caller.team_id) if caller is not None else None
    if caller is None or caller.voided or team.voided or team.plan_id != plan_id:
        raise DataError("通知人要从本预案的成员中选择，请重新选择。", "caller_id")
    seen, step = set(), caller
    while step is not None:
        if step.id == member_id or step.id in seen:
            raise DataError("通知顺序绕成了圈（互相通知），请重新选择由谁通知。", "caller_id")
        seen.add(step.id)
        step = s.get(PlanMember, step.caller_id) if step.caller_id is not None else None


def save_plan_member(engine: Engine, team_id: int | None, member_id: int | None, values: dict) -> PlanMember:
    """Add a member to a team (member_id None) or change one; `caller_id` is the member who
    phones them when the plan starts (None: the 总指挥 phones them)."""
    _only(values, MEMBER_FIELDS)
    with unit(engine) as s:
        if member_id is None:
            team = _need(s, PlanTeam, team_id, "工作组")
            member = PlanMember(team_id=team.id, name="-")
            merged = dict(values)
        else:
            member = _need(s, PlanMember, member_id, "成员")
            team = s.get(PlanTeam, member.team_id)
            merged = {**{k: getattr(member, k) for k in MEMBER_FIELDS}, **values}
        name = _name(merged, "成员", NAME_LIMITS["member"])
        nm = merged.get("network_member_id")
        if nm is not None and s.get(NetworkMember, nm) is None:
            raise DataError("找不到这位调解网络成员，请刷新后重新选择。", "network_member_id")
        _check_caller(s, team.plan_id, member_id, merged.get("caller_id"))
        clean = dict(name=name, phone=_text(merged, "phone"), duty=_text(merged, "duty", MEMBER_DUTY),
                     caller_id=merged.get("caller_id"), network_member_id=nm)
        if member_id is None:
            last = s.exec(select(PlanMember.position).where(PlanMember.team_id == team.id)
                          .order_by(PlanMember.position.desc())).first() or 0
            for key, value in clean.items():
                setattr(member, key, value)
            member.position = last + 1
            s.add(member)
        else:
            for key, value in clean.items():
                if getattr(member, key) != value:
                    setattr(member, key, value)
        s.flush()
        return member


def void_plan_member(engine: Engine, member_id: int, reason: str) -> PlanMember:
    """Void a member (one transaction); whoever they were to phone is then phoned by their
    own caller, so nobody drops out of the phone tree."""
    reason = _reason(reason)
    with unit(engine) as s:
        member = _need(s, PlanMember, member_id, "成员")
        children = s.exec(select(PlanMember).where(PlanMember.caller_id == member_id,
                                                   PlanMember.voided == False)).all()  # noqa: E712
        for child in children:
            child.caller_id = member.caller_id
        member.voided = True
        member.void_reason = reason
        return member


# ---- evacuation sites ---------------------------------------------------------------------------


def save_site(engine: Engine, plan_id: int | None, site_id: int | None, values: dict) -> EvacuationSite:
    """Add or change an evacuation site; `question_id` links the checklist question about it."""
    _only(values, SITE_FIELDS)
    with unit(engine) as s:
        if site_id is None:
            _need(s, EmergencyPlan, plan_id, "预案")
            site = EvacuationSite(plan_id=plan_id, name="-")
            merged = dict(values)
        else:
            site = _need(s, EvacuationSite, site_id, "避险安置点")
            merged = {**{k: getattr(site, k) for k in SITE_FIELDS}, **values}
        capacity = merged.get("capacity")
        if capacity is not None and (not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0):
            raise DataError("可容纳人数应是不小于 0 的整数，不清楚的留空。", "capacity")
        if merged.get("hamlet_id") is not None and s.get(Hamlet, merged["hamlet_id"]) is None:
            raise DataError("找不到这个屯组，请重新选择。", "hamlet_id")
        if merged.get("question_id") is not None and s.get(Question, merged["question_id"]) is None:
            raise DataError("找不到这个村事百晓问题，请重新选择。", "question_id")
        clean = dict(name=_name(merged, "安置点", NAME_LIMITS["site"]), place=_text(merged, "place"),
                     capacity=capacity, hamlet_id=merged.get("hamlet_id"), question_id=merged.get("question_id"),
                     note=_text(merged, "note", SITE_NOTE, "备注"))
        for key, value in clean.items():
            if getattr(site, key) != value:
                setattr(site, key, value)
        s.add(site)
        s.flush()
        return site


def void_site(engine: Engine, site_id: int, reason: str) -> EvacuationSite:
    return _void(engine, EvacuationSite, site_id, "避险安置点", reason)


# ---- drills and real events --------------------------------------------------------------------


def record_drill(engine: Engine, plan_id: int | None, drill_id: int | None, values: dict,
                 today: date | None = None) -> PlanDrill:
    """Add (drill_id None) or change a drill (kind 'drill') or the record after a real event
    (kind 'event'). The date may not be in the future."""
    _only(values, DRILL_FIELDS)
    today = today or date.today()
    with unit(engine) as s:
        if drill_id is None:
            _need(s, EmergencyPlan, plan_id, "预案")
            drill = PlanDrill(plan_id=plan_id, held_on=today)
            merged = {"kind": "drill", **values}
        else:
            drill = _need(s, PlanDrill, drill_id, "演练记录")
            merged = {**{k: getattr(drill, k) for k in DRILL_FIELDS}, **values}
        if merged.get("kind") not in RECORD_KINDS:
            raise DataError("请选择记录类别：演练或实际处置。", "kind")
        held = merged.get("held_on")
        if not isinstance(held, date):
            raise DataError("请填写日期，如 2026-04-20。", "held_on")
        if held > today:
            raise DataError("日期不能晚于今天，请检查。", "held_on")
        clean = {k: _text(merged, k) for k in ("what", "participants", "found", "changed")}
        if merged["kind"] == "event" and not clean["what"]:
            raise DataError("请写明事件经过。", "what")
        if merged["kind"] == "drill" and not clean["participants"]:
            raise DataError("请填写参加演练的人员。", "participants")
        clean.update(kind=merged["kind"], held_on=held)
        for key, value in clean.items():
            if getattr(drill, key) != value:
                setattr(drill, key, value)
        s.add(drill)
        s.flush()
        return drill


def void_drill(engine: Engine, drill_id: int, reason: str) -> PlanDrill:
    return _void(engine, PlanDrill, drill_id, "演练记录", reason)
