"""The village, its hamlets and cadres: queries and changes (each one audited)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.models import Cadre, CadreHamlet, DisputeType, Hamlet, Village
from db.session import DataError, reading, unit


@dataclass
class CadreView:
    """A cadre with the hamlets they look after, as plain data for screens."""

    cadre: Cadre
    hamlet_ids: list[int] = field(default_factory=list)


MAX_NAME = 50  # the column width of every name; SQLite itself would not stop a longer one


def _need(s, model, row_id: int | None, what: str):
    """The row, or one Chinese sentence when it is not there (a stale screen, a typo in a script)."""
    row = s.get(model, row_id) if row_id is not None else None
    if row is None:
        raise DataError(f"找不到这个{what}（编号 {row_id}），请刷新列表后重试。")
    return row


def _name(value: str, field: str, what: str) -> str:
    name = (value or "").strip()
    if not name:
        raise DataError(f"请填写{what}。", field)
    if len(name) > MAX_NAME:
        raise DataError(f"{what}最多{MAX_NAME}个字，请改短一些。", field)
    return name


def get_village(engine: Engine) -> Village | None:
    with reading(engine) as s:
        return s.get(Village, 1)


def save_village(engine: Engine, **values) -> Village:
    """Create or update the one village row (fields not given keep their value)."""
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    if "name" in values:
        values["name"] = _name(values["name"], "name", "村名")
    with unit(engine) as s:
        village = s.get(Village, 1)
        if village is None and "name" not in values:
            raise DataError("请填写村名。", "name")
        if village is None:
            village = Village(id=1, **values)
            s.add(village)
        else:
            for key, value in values.items():
                setattr(village, key, value)
        return village


def setup_village(engine: Engine, village: dict, hamlet_names: list[str]) -> Village:
    """First run: the village and its hamlets in one transaction."""
    village = {k: v.strip() if isinstance(v, str) else v for k, v in village.items()}
    village["name"] = _name(village.get("name", ""), "name", "村名")
    names = [n.strip() for n in hamlet_names if n.strip()]
    if not names:
        raise DataError("请至少填写一个屯组。", "hamlets")
    if len(set(names)) != len(names):
        raise DataError("屯组名称有重复，请检查。", "hamlets")
    for n in names:
        _name(n, "hamlets", "屯组名称")
    with unit(engine) as s:
        if s.get(Village, 1) is not None:
            raise DataError("本数据库已设置过村庄信息。")
        row = Village(id=1, **village)
        s.add(row)
        for i, name in enumerate(names, 1):
            s.add(Hamlet(name=name, position=i))
        return row


def list_hamlets(engine: Engine, *, include_retired: bool = True) -> list[Hamlet]:
    with reading(engine) as s:
        q = select(Hamlet).order_by(Hamlet.active.desc(), Hamlet.position, Hamlet.id)
        if not include_retired:
            q = q.where(Hamlet.active)
        return list(s.exec(q))


def _check_hamlet_name(s, name: str, exclude_id: int | None = None) -> str:
    name = _name(name, "name", "屯组名称")
    q = select(Hamlet).where(Hamlet.name == name, Hamlet.active)
    if exclude_id is not None:
        q = q.where(Hamlet.id != exclude_id)
    if s.exec(q).first() is not None:
        raise DataError(f"已有名为“{name}”的屯组，请换一个名称。", "name")
    return name


def add_hamlet(engine: Engine, name: str) -> Hamlet:
    with unit(engine) as s:
        name = _check_hamlet_name(s, name)
        last = s.exec(select(Hamlet.position).order_by(Hamlet.position.desc())).first() or 0
        hamlet = Hamlet(name=name, position=last + 1)
        s.add(hamlet)
        return hamlet


def rename_hamlet(engine: Engine, hamlet_id: int, name: str) -> Hamlet:
    with unit(engine) as s:
        hamlet = _need(s, Hamlet, hamlet_id, "屯组")
        hamlet.name = _check_hamlet_name(s, name, exclude_id=hamlet_id)
        return hamlet


def set_hamlet_active(engine: Engine, hamlet_id: int, active: bool) -> Hamlet:
    """Retire (active=False) or bring back a hamlet; its past records stay."""
    with unit(engine) as s:
        hamlet = _need(s, Hamlet, hamlet_id, "屯组")
        if active:
            _check_hamlet_name(s, hamlet.name, exclude_id=hamlet_id)
        hamlet.active = active
        return hamlet


def move_hamlet(engine: Engine, hamlet_id: int, delta: int) -> None:
    """Move a hamlet up (-1) or down (+1) among the active ones."""
    with unit(engine) as s:
        rows = list(s.exec(select(Hamlet).where(Hamlet.active).order_by(Hamlet.position, Hamlet.id)))
        ids = [h.id for h in rows]
        if hamlet_id not in ids:
            return
        i = ids.index(hamlet_id)
        j = max(0, min(len(rows) - 1, i + delta))
        rows.insert(j, rows.pop(i))
        for pos, h in enumerate(rows, 1):
            if h.position != pos:
                h.position = pos


def list_cadres(engine: Engine, *, include_inactive: bool = True) -> list[CadreView]:
    with reading(engine) as s:
        q = select(Cadre).order_by(Cadre.active.desc(), Cadre.position, Cadre.id)
        if not include_inactive:
            q = q.where(Cadre.active)
        cadres = list(s.exec(q))
        links: dict[int, list[int]] = {}
        for link in s.exec(select(CadreHamlet)):
            links.setdefault(link.cadre_id, []).append(link.hamlet_id)
        return [CadreView(c, sorted(links.get(c.id, []))) for c in cadres]


def save_cadre(
    engine: Engine,
    cadre_id: int | None,
    *,
    name: str,
    roles: list[str],
    phone: str = "",
    hamlet_ids: list[int] = (),
    active: bool = True,
) -> Cadre:
    """Add (cadre_id None) or update a cadre and the hamlets they look after."""
    name = _name(name, "name", "姓名")
    # roles are stored comma-joined: a comma inside one would split it in two
    roles = list(dict.fromkeys(r.strip() for r in roles if r.strip()))
    if any("," in r or "，" in r for r in roles):
        raise DataError("职务名称里不能有逗号，请分开选择。", "roles")
    with unit(engine) as s:
        missing = [h for h in set(hamlet_ids) if s.get(Hamlet, h) is None]
        if missing:
            raise DataError(f"找不到编号为 {min(missing)} 的屯组，请刷新列表后重新选择。", "hamlet_ids")
        if cadre_id is None:
            last = s.exec(select(Cadre.position).order_by(Cadre.position.desc())).first() or 0
            cadre = Cadre(name=name, position=last + 1)
            s.add(cadre)
        else:
            cadre = _need(s, Cadre, cadre_id, "干部")
            cadre.name = name
        cadre.roles = ",".join(roles)
        cadre.phone = phone
        cadre.active = active
        s.flush()
        wanted = set(hamlet_ids)
        have = {link.hamlet_id: link for link in s.exec(select(CadreHamlet).where(CadreHamlet.cadre_id == cadre.id))}
        for hid in wanted - have.keys():
            s.add(CadreHamlet(cadre_id=cadre.id, hamlet_id=hid))
        for hid in have.keys() - wanted:
            s.delete(have[hid])
        return cadre


def hamlet_leaders(engine: Engine) -> dict[int, list[Cadre]]:
    """hamlet id -> active cadres responsible for it (the 片长 shown on notices)."""
    with reading(engine) as s:
        rows = s.exec(
            select(CadreHamlet.hamlet_id, Cadre).join(Cadre, Cadre.id == CadreHamlet.cadre_id).where(Cadre.active)
        )
        out: dict[int, list[Cadre]] = {}
        for hid, cadre in rows:
            out.setdefault(hid, []).append(cadre)
        return out


def list_types(engine: Engine, *, active_only: bool) -> list[DisputeType]:
    """Dispute types in the order of the statistics form. active_only=True: the types a new case may
    take (choice lists); False: every type, retired ones last (filters, settings, imports of old cases)."""
    with reading(engine) as s:
        q = select(DisputeType).order_by(DisputeType.active.desc(), DisputeType.position, DisputeType.id)
        if active_only:
            q = q.where(DisputeType.active)
        return list(s.exec(q))


def save_type(engine: Engine, type_id: int | None, name: str) -> DisputeType:
    """Add (type_id None) or rename a dispute type; names are unique."""
    name = _name(name, "name", "纠纷类型名称")
    with unit(engine) as s:
        clash = s.exec(select(DisputeType).where(DisputeType.name == name)).first()
        if clash is not None and clash.id != type_id:
            raise DataError(f"已有“{name}”这个纠纷类型，请换一个名称。", "name")
        if type_id is None:
            last = s.exec(select(DisputeType.position).order_by(DisputeType.position.desc())).first() or 0
            row = DisputeType(name=name, position=last + 1)
            s.add(row)
        else:
            row = _need(s, DisputeType, type_id, "纠纷类型")
            row.name = name
        return row


def set_type_active(engine: Engine, type_id: int, active: bool) -> DisputeType:
    """Retire or bring back a dispute type; past cases keep it."""
    with unit(engine) as s:
        row = _need(s, DisputeType, type_id, "纠纷类型")
        row.active = active
        return row
