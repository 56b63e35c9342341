"""The audit history of a case, in words the clerk reads: '状态：受理 → 调解中'."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from db.models.register import (
    AGREEMENT_FORMS,
    PARTY_KINDS,
    PARTY_ROLES,
    PERFORMANCE,
    PROCEEDING_KINDS,
    SOURCES,
    STATUSES,
)
from db.register.check import TABLE_LABELS, label

ACTIONS = {"insert": "新增", "update": "修改", "void": "作废", "unvoid": "恢复", "delete": "删除"}
_CODES = {
    "status": STATUSES, "source": SOURCES, "role": PARTY_ROLES, "form": AGREEMENT_FORMS,
    "performance": PERFORMANCE,
}
_LOOKUPS = {"type_id": "type", "hamlet_id": "hamlet", "presiding_id": "cadre", "leader_id": "cadre"}
_HIDDEN = {"id", "dispute_id", "voided", "year", "seq"}
SHORT = 30


@dataclass(frozen=True)
class HistoryEntry:
    """One audit entry of a case or one of its records."""

    at: datetime
    who: str
    table_name: str
    what: str  # 案件 / 当事人 / 调解/调查记录 / 调解协议 / 回访记录
    row_id: int
    action: str
    action_label: str
    note: str
    changes: dict = field(default_factory=dict)  # field -> [old, new], as stored
    lines: tuple[str, ...] = ()  # one readable line per changed field


def show_value(key: str, value, names: dict[str, dict[int, str]], table: str = "") -> str:
    """A stored value as the clerk reads it."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in _LOOKUPS:
        return names.get(_LOOKUPS[key], {}).get(value, f"#{value}")
    if key == "kind":
        codes = PROCEEDING_KINDS if table == "proceeding" else PARTY_KINDS
        return codes.get(value, str(value))
    if key in _CODES:
        return _CODES[key].get(value, str(value))
    if key == "amount_fen":
        return f"{value / 100:.2f} 元"
    text = str(value).replace("\n", " ")
    return text if len(text) <= SHORT else text[:SHORT] + "…"


def _lines(table: str, action: str, changes: dict, names) -> tuple[str, ...]:
    if action == "insert":
        new = {k: v[1] for k, v in changes.items() if isinstance(v, list) and len(v) == 2}
        headline = {
            "dispute": lambda: f"登记案件 {new.get('number', '')}",
            "party": lambda: f"{show_value('role', new.get('role', 'applicant'), names)} {new.get('name', '')}",
            "proceeding": lambda: f"{show_value('kind', new.get('kind', 'mediation'), names, 'proceeding')}记录 {new.get('held_on', '')}",
            "agreement": lambda: f"{show_value('form', new.get('form', 'written'), names)}协议 {new.get('signed_on', '')}",
            "follow_up": lambda: f"回访 {new.get('visited_on', '')}",
        }.get(table)
        return (headline(),) if headline else ()
    out = []
    for key, pair in changes.items():
        if key in _HIDDEN or key.startswith("_") or not isinstance(pair, list) or len(pair) != 2:
            continue
        old, new = pair
        out.append(f"{label(key)}：{show_value(key, old, names, table)} → {show_value(key, new, names, table)}")
    return tuple(out)


def history_entries(audit, names: dict[str, dict[int, str]], loads: Callable[[str], dict]) -> list[HistoryEntry]:
    """HistoryEntry for each AuditEntry, in the order given."""
    out = []
    for a in audit:
        try:
            changes = loads(a.changes or "{}")
        except ValueError:
            changes = {}
        out.append(HistoryEntry(
            at=a.at, who=a.who, table_name=a.table_name, what=TABLE_LABELS.get(a.table_name, a.table_name),
            row_id=a.row_id, action=a.action, action_label=ACTIONS.get(a.action, a.action), note=a.note,
            changes=changes, lines=_lines(a.table_name, a.action, changes, names),
        ))
    return out
