"""The village as printed at the head of every document (read with our own SQL)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection


@dataclass
class VillageInfo:
    name: str = ""
    committee: str = ""
    township: str = ""
    county: str = ""
    clerk: str = ""

    @property
    def mediation_committee(self) -> str:
        """The people's mediation committee (人民调解委员会) of the village."""
        return f"{self.name}人民调解委员会" if self.name else "人民调解委员会"


def village_info(conn: Connection) -> VillageInfo:
    row = conn.execute(text("SELECT name, committee, township, county, clerk FROM village WHERE id = 1")).first()
    return VillageInfo(*[x or "" for x in row]) if row else VillageInfo()
