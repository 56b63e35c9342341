"""Reading the mediation network: the list for the screen, the 名册 for print, each 屯's
contacts for its 联系公示, and the mediators the case forms offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.models.network import KINDS, ROLES
from db.session import as_date
from db.settings.printed import VillageInfo, village_info

_ROLE_ORDER = {role: i for i, role in enumerate(r for roles in ROLES.values() for r in roles)}


@dataclass
class MemberRow:
    """One member as plain data (screens and paper)."""

    id: int
    kind: str
    role: str
    name: str
    phone: str
    hamlet_id: int | None
    hamlet: str
    cadre_id: int | None
    cadre: str
    background: str
    appointed_on: date | None
    term_ends_on: date | None
    note: str
    voided: bool = False

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def term(self) -> str:
        a = f"{self.appointed_on:%Y-%m-%d}" if self.appointed_on else ""
        b = f"{self.term_ends_on:%Y-%m-%d}" if self.term_ends_on else ""
        return f"{a}至{b}" if a or b else ""


@dataclass
class HamletNetwork:
    """One 屯's part of the network: its 调解小组 and its contacts."""

    hamlet_id: int
    hamlet: str
    group: list[MemberRow] = field(default_factory=list)
    contacts: list[MemberRow] = field(default_factory=list)


@dataclass
class Roster:
    """The 名册: the committee, then each 屯 in order."""

    village: VillageInfo
    committee: list[MemberRow]
    hamlets: list[HamletNetwork]

    @property
    def count(self) -> int:
        return len(self.committee) + sum(len(h.group) + len(h.contacts) for h in self.hamlets)


_SELECT = (
    "SELECT m.id, m.kind, m.role, m.name, coalesce(nullif(m.phone, ''), c.phone, ''), m.hamlet_id, coalesce(h.name, ''), m.cadre_id, "
    "coalesce(c.name, ''), m.background, m.appointed_on, m.term_ends_on, m.note, m.voided "
    "FROM network_member m LEFT JOIN hamlet h ON h.id = m.hamlet_id LEFT JOIN cadre c ON c.id = m.cadre_id "
)


def _row(r) -> MemberRow:
    return MemberRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], as_date(r[10]),
                     as_date(r[11]), r[12], bool(r[13]))


def _sorted(rows: list[MemberRow]) -> list[MemberRow]:
    return sorted(rows, key=lambda m: (list(KINDS).index(m.kind), _ROLE_ORDER.get(m.role, 99)))


def list_members(engine: Engine, *, kind: str | None = None, hamlet_id: int | None = None,
                 search: str = "", include_voided: bool = False) -> list[MemberRow]:
    """Members in the order of the 名册 (committee, groups, contacts; by role), filtered."""
    where, p = ["1 = 1"], {}
    if not include_voided:
        where.append("m.voided = 0")
    if kind:
        where.append("m.kind = :kind")
        p["kind"] = kind
    if hamlet_id is not None:
        where.append("m.hamlet_id = :hamlet")
        p["hamlet"] = hamlet_id
    if search.strip():
        where.append("(m.name LIKE :q ESCAPE '\\' OR m.phone LIKE :q ESCAPE '\\')")
        p["q"] = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with engine.connect() as conn:
        rows = conn.execute(text(_SELECT + "WHERE " + " AND ".join(where) + " ORDER BY m.position, m.id"), p)
        return _sorted([_row(r) for r in rows])


def hamlet_network(engine: Engine, hamlet_id: int | None = None) -> list[HamletNetwork]:
    """Each active 屯 (or only `hamlet_id`) with its 调解小组 and contacts."""
    with engine.connect() as conn:
        hamlets = conn.execute(text(
            "SELECT id, name FROM hamlet WHERE (:h IS NULL AND active = 1) OR id = :h ORDER BY position, id"),
            {"h": hamlet_id}).all()
        rows = [_row(r) for r in conn.execute(text(
            _SELECT + "WHERE m.voided = 0 AND m.hamlet_id IS NOT NULL ORDER BY m.position, m.id"))]
    out = {hid: HamletNetwork(hid, name) for hid, name in hamlets}
    for m in _sorted(rows):
        if m.hamlet_id in out and m.kind == "group":
            out[m.hamlet_id].group.append(m)
        elif m.hamlet_id in out and m.kind == "contact":
            out[m.hamlet_id].contacts.append(m)
    return list(out.values())


def roster(engine: Engine) -> Roster:
    """The whole network as printed in the 名册."""
    with engine.connect() as conn:
        village = village_info(conn)
    committee = list_members(engine, kind="committee")
    return Roster(village, committee, hamlet_network(engine))


def committee(engine: Engine) -> list[MemberRow]:
    """The 人民调解委员会's members, 主任 first (for notices)."""
    return list_members(engine, kind="committee")


def mediator_choices(engine: Engine) -> list[tuple[str, int]]:
    """(label, cadre id) for the 主持调解员 picker: the committee and 调解小组 members who are
    cadres (labelled with their place in the network), then the other active cadres with the
    调解员 role. presiding_id is a cadre, so members who are not cadres are offered as names
    (`mediator_names`) for 其他调解员."""
    with engine.connect() as conn:
        cadres = [tuple(r) for r in conn.execute(text(
            "SELECT id, name, roles FROM cadre WHERE active = 1 ORDER BY position, id"))]
    active = {cid for cid, _name, _roles in cadres}
    out: dict[int, str] = {}
    for m in list_members(engine):
        if m.cadre_id in active and m.kind in ("committee", "group") and m.cadre_id not in out:
            where = "调委会" if m.kind == "committee" else f"{m.hamlet}调解小组"
            out[m.cadre_id] = f"{m.cadre}（{where}{m.role}）"
    for cid, name, roles in cadres:
        if cid not in out and "调解员" in roles.split(","):
            out[cid] = name
    return [(label, cid) for cid, label in out.items()]


def mediator_names(engine: Engine) -> list[str]:
    """Names of everyone in the network who mediates and is not a cadre: committee and
    调解小组 members and 义务调解员 (offered for 其他调解员 on the case form)."""
    names = []
    for m in list_members(engine):
        if m.cadre_id is None and (m.kind in ("committee", "group") or m.role == "义务调解员"):
            if m.name not in names:
                names.append(m.name)
    return names
