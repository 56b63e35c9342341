"""What the home screen lists as needing attention today, gathered from every part."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.models import CadreHamlet, Hamlet
from db.session import reading


@dataclass
class Attention:
    """One line on the home screen: mark (！ urgent, · normal), text, section to go to."""

    mark: str
    text: str
    section: str


def attention(engine: Engine, today: date, db_path: Path | None = None) -> list[Attention]:
    items: list[Attention] = []
    items += _settings_items(engine)
    return items


def _settings_items(engine: Engine) -> list[Attention]:
    with reading(engine) as s:
        active = list(s.exec(select(Hamlet).where(Hamlet.active)))
        covered = set(s.exec(select(CadreHamlet.hamlet_id)))
    missing = [h.name for h in active if h.id not in covered]
    if not missing:
        return []
    names = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
    return [Attention("·", f"{len(missing)} 个屯组还没有负责干部（片长）：{names}", "settings")]
