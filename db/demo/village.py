"""The demonstration village: fictional place, fictional people, about two years of work.

Every name here is made up. `desk demo` creates it once; later runs just open it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from db.demo.checklist import add_demo_checklist
from db.demo.network import add_demo_network, add_demo_plans
from db.demo.office import add_demo_office
from db.demo.register import add_demo_cases
from db.engine import dispose_engine
from db.schema import open_database
from db.settings.village import get_village, save_cadre, setup_village

VILLAGE = dict(
    name="青石村", committee="青石村民委员会", township="云岭镇", county="安平县",
    case_prefix="青调", clerk="韦文书",
)
HAMLETS = ["大塘屯", "枫木屯", "石门屯", "新寨屯", "坡脚屯", "龙井屯", "下坝屯", "沙子屯"]
# (name, roles, phone, hamlets by index); phone numbers use a made-up 139-0771-xxxx range.
CADRES = [
    ("蓝振华", ["书记"], "13907710101", []),
    ("覃美玲", ["主任", "调解员"], "13907710102", [0, 1]),
    ("黄德明", ["副主任", "调解员", "片长"], "13907710103", [2, 3]),
    ("莫秀英", ["委员", "调解员", "片长"], "13907710104", [4, 5]),
    ("韦建国", ["文书", "信息员"], "13907710105", []),
    ("陆长青", ["委员", "片长"], "13907710106", [6, 7]),
    ("梁小燕", ["信息员", "片长"], "13907710107", [0, 1]),
]


def village_named(name: str | None) -> dict:
    """The demo village's details under another name (`desk demo --village 白沙村`)."""
    name = (name or "").strip()
    if not name or name == VILLAGE["name"]:
        return dict(VILLAGE)
    committee = f"{name}民委员会" if name.endswith("村") else f"{name}村民委员会"
    return {**VILLAGE, "name": name, "committee": committee, "case_prefix": f"{name[0]}调"}


def _seed(name: str) -> int:
    """One seed per village name (the same name gives the same cases), 2026 for 青石村."""
    return 2026 if name == VILLAGE["name"] else 2026 + int.from_bytes(name.encode("utf-8")[:6], "big") % 100_000


def add_demo_village(engine: Engine, village: dict | None = None) -> None:
    """The village, its hamlets and cadres."""
    setup_village(engine, village or VILLAGE, HAMLETS)
    for name, roles, phone, hamlets in CADRES:
        save_cadre(engine, None, name=name, roles=roles, phone=phone, hamlet_ids=[i + 1 for i in hamlets])


def populate(engine: Engine, today: date, village: str | None = None) -> None:
    """Everything the demonstration shows: village, cases, checklist rounds, the monthly meeting
    and the reception log, the mediation network and the emergency plans."""
    details = village_named(village)
    seed = _seed(details["name"])
    add_demo_village(engine, details)
    add_demo_cases(engine, today, rng_seed=seed)
    add_demo_checklist(engine, today, seed=seed)
    add_demo_office(engine, today)
    add_demo_network(engine, today)
    add_demo_plans(engine, today)


def ensure_demo(path: Path, *, today: date | None = None, village: str | None = None) -> bool:
    """Create the demonstration village at `path` unless it is there; True when created.

    It is built in a scratch file and renamed into place, so an interrupted build never
    leaves a half-made demo that a later run would take for a finished one.
    """
    path = Path(path)
    if path.exists() and get_village(open_database(path)) is not None:
        return False
    dispose_engine(path)
    scratch = path.with_name(path.name + ".building")
    for leftover in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
        leftover.unlink(missing_ok=True)
    populate(open_database(scratch), today or date.today(), village)
    dispose_engine(scratch)  # the last connection closing checkpoints and removes the -wal
    for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(scratch, path)
    return True
