"""Changes to the mediation network: every public function is one audited transaction
(`db.session.unit`); bad input raises DataError(message, field) with one Chinese sentence and
changes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.models import Cadre, Hamlet, NetworkMember
from db.models.network import BACKGROUNDS, KINDS, ROLES
from db.session import DataError, unit

MEMBER_FIELDS = ("kind", "role", "name", "phone", "hamlet_id", "cadre_id", "background", "appointed_on",
                 "term_ends_on", "note")
LIMITS = {"name": (50, "姓名"), "phone": (20, "联系电话"), "note": (200, "备注")}


def _text(values: dict, key: str) -> str:
    value = values.get(key) or ""
    if not isinstance(value, str):
        raise DataError(f"{LIMITS[key][1]}应是文字。", key)
    value = value.strip()
    limit, label = LIMITS[key]
    if len(value) > limit:
        raise DataError(f"{label}最多{limit}个字，现在有{len(value)}个字，请改短一些。", key)
    return value


def _date(values: dict, key: str, label: str) -> date | None:
    value = values.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        raise DataError(f"{label}应是日期，如 2026-05-01。", key)
    return value


def check_member(s, values: dict) -> dict:
    """The cleaned values of a member, or DataError naming the field that is wrong."""
    kind = values.get("kind")
    if kind not in KINDS:
        raise DataError("请选择类别：人民调解委员会、调解小组或联络员。", "kind")
    role = (values.get("role") or "").strip()
    if role not in ROLES[kind]:
        raise DataError(f"{KINDS[kind]}的职务只能是{'、'.join(ROLES[kind])}，请重新选择。", "role")
    name = _text(values, "name")
    if not name:
        raise DataError("请填写姓名。", "name")
    hamlet_id = values.get("hamlet_id")
    if hamlet_id is not None and s.get(Hamlet, hamlet_id) is None:
        raise DataError(f"找不到编号为 {hamlet_id} 的屯组，请刷新后重新选择。", "hamlet_id")
    if kind != "committee" and hamlet_id is None:
        raise DataError(f"{role}要写明所在的屯组，请选择屯组。", "hamlet_id")
    cadre_id = values.get("cadre_id")
    if cadre_id is not None and s.get(Cadre, cadre_id) is None:
        raise DataError(f"找不到编号为 {cadre_id} 的村干部，请刷新后重新选择。", "cadre_id")
    background = (values.get("background") or "").strip()
    if background and background not in BACKGROUNDS:
        raise DataError(f"身份只能是{'、'.join(BACKGROUNDS)}之一，请重新选择。", "background")
    appointed = _date(values, "appointed_on", "任职日期")
    ends = _date(values, "term_ends_on", "任期届满日期")
    if appointed and ends and ends < appointed:
        raise DataError("任期届满日期早于任职日期，请检查。", "term_ends_on")
    return dict(kind=kind, role=role, name=name, phone=_text(values, "phone"), hamlet_id=hamlet_id,
                cadre_id=cadre_id, background=background, appointed_on=appointed, term_ends_on=ends,
                note=_text(values, "note"))


def save_member(engine: Engine, member_id: int | None, values: dict) -> NetworkMember:
    """Add (member_id None) or change one member of the network; fields not in MEMBER_FIELDS
    are refused so a typo cannot pass silently."""
    unknown = set(values) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"unknown network member fields: {sorted(unknown)}")
    with unit(engine) as s:
        if member_id is None:
            clean = check_member(s, values)
            last = s.exec(select(NetworkMember.position).order_by(NetworkMember.position.desc())).first() or 0
            member = NetworkMember(**clean, position=last + 1)
            s.add(member)
        else:
            member = _live(s, member_id)
            current = {k: getattr(member, k) for k in MEMBER_FIELDS}
            clean = check_member(s, {**current, **values})
            for key, value in clean.items():
                if getattr(member, key) != value:
                    setattr(member, key, value)
        s.flush()
        return member


def _live(s, member_id: int) -> NetworkMember:
    member = s.get(NetworkMember, member_id)
    if member is None:
        raise DataError(f"找不到这位调解网络成员（编号 {member_id}），请刷新列表后重试。")
    if member.voided:
        raise DataError(f"{member.name}已作废，不能再修改。")
    return member


def void_member(engine: Engine, member_id: int, reason: str) -> NetworkMember:
    """Take a member off the network (作废, with a reason); the row and its history stay."""
    reason = (reason or "").strip()
    if not reason:
        raise DataError("请写明作废原因，如“任期届满”“已搬离本村”。", "void_reason")
    if len(reason) > 200:
        raise DataError("作废原因最多200个字，请改短一些。", "void_reason")
    with unit(engine) as s:
        member = _live(s, member_id)
        member.voided = True
        member.void_reason = reason
        return member
