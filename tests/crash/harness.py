"""The child program of the crash harness: saves through the real data layer until killed.

The child (`child_main`) takes the app's lock, opens the file with db.schema.open_database as
the app does after a crash, and saves without pause: new cases with parties, parties, changes
of a case's request, status moves, proceedings, agreements, follow-ups. Before each save it
logs `begin`, after the save returned the done line (tests/crash/journal.py), each with fsync.
The parent that starts and kills it is tests/crash/runner.py:

    python -m tests.crash --kills 1000 [--seed N] [--keep DIR]
    python bench/crash.py --kills 1000          (the same, with the benchmark table)
"""

from __future__ import annotations

import os
import random
import traceback
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import select

from db.demo.register import fake_name, fake_phone
from db.engine import dispose_engine
from db.lock import DatabaseLock
from db.models import Agreement, Dispute, Party
from db.models.register import MOVES
from db.register.write import (
    add_agreement,
    add_follow_up,
    add_party,
    add_proceeding,
    create_dispute,
    move_status,
    update_dispute,
)
from db.schema import open_database
from db.session import reading
from db.settings.village import save_cadre, setup_village
from tests.crash.journal import Journal

STATE_CASES = 300  # the child picks among the newest cases only: start-up stays quick
FIRST_DAY = date(2025, 1, 1)


# ---- the child ------------------------------------------------------------------------------


def child_main(db_path: str, log_path: str, run: int, seed: int, ready=None, warmed=None) -> None:
    """Save until killed. Events for the parent's aim: `ready` is set once the file is open,
    `warmed` once the first save (which compiles the statements) is reported done.
    Any exception is written to <log>.err and ends the child with code 3."""
    try:
        DatabaseLock(db_path).acquire()  # as the app: a dead child's lock must not block us
        engine = open_database(db_path)
        rng = random.Random(seed * 1_000_003 + run)
        cases = _load_cases(engine)
        log = Journal(log_path)
        if ready is not None:
            ready.set()
        step = 0
        while True:
            step += 1
            _save_one(engine, rng, cases, f"r{run}s{step}", log)
            if step == 1 and warmed is not None:
                warmed.set()
    except BaseException:
        Path(log_path + ".err").write_text(f"run {run}\n{traceback.format_exc()}", encoding="utf-8")
        os._exit(3)


def _load_cases(engine) -> dict[int, list]:
    """id -> [status, accepted_on, has agreement] of the newest cases, read through the data layer."""
    with reading(engine) as s:
        rows = s.exec(select(Dispute.id, Dispute.status, Dispute.accepted_on)
                      .order_by(Dispute.id.desc()).limit(STATE_CASES)).all()
        ids = [r[0] for r in rows]
        signed = set(s.exec(select(Agreement.dispute_id).where(Agreement.dispute_id.in_(ids))).all())
    return {cid: [status, accepted, cid in signed] for cid, status, accepted in rows}


def _save_one(engine, rng: random.Random, cases: dict[int, list], tok: str, log: Journal) -> None:
    open_ = [c for c, v in cases.items() if v[0] in ("accepted", "mediating")]
    unsigned = [c for c, v in cases.items() if v[0] == "succeeded" and not v[2]]
    signed = [c for c, v in cases.items() if v[2]]
    choices = ["case"] * 35 + ["party"] * 15 + ["request"] * 10 + ["proceeding"] * 10
    choices += ["status"] * 15 * bool(open_) + ["agreement"] * 10 * bool(unsigned)
    choices += ["follow_up"] * 5 * bool(signed)
    kind = rng.choice(choices) if cases else "case"
    if kind == "case":
        _new_case(engine, rng, cases, tok, log)
        return
    cid = rng.choice({"status": open_, "agreement": unsigned, "follow_up": signed}.get(kind, list(cases)))
    status, accepted, _ = cases[cid]
    if kind == "status":
        new = rng.choice(MOVES[status])
        log.write(f"begin status {cid} {tok} {new}")
        move_status(engine, cid, new, note=tok)
        cases[cid][0] = new
        log.write(f"status {cid} {tok} {new}")
        return
    log.write(f"begin {kind} {cid} {tok} -")
    if kind == "request":
        update_dispute(engine, cid, {"request": tok})
        log.write(f"request {cid} {tok}")
        return
    if kind == "party":
        name, sex = fake_name(rng)
        row = add_party(engine, cid, dict(role="third", name=name, sex=sex, address=tok))
    elif kind == "proceeding":
        # An investigation: a mediation record would also move 受理 -> 调解中 (a lifecycle rule
        # with tests of its own), and the journal's model of each case's status stays simple.
        row = add_proceeding(engine, cid, dict(held_on=accepted + timedelta(days=1), kind="investigation",
                                               facts=tok, rights_notified=True))
    elif kind == "agreement":
        row = add_agreement(engine, cid, dict(signed_on=accepted + timedelta(days=3), terms=tok))
        cases[cid][2] = True
    else:
        visited = accepted + timedelta(days=10)
        row = add_follow_up(engine, cid, dict(visited_on=visited, measures=tok, performed=True, satisfied=True,
                                              next_due=visited + timedelta(days=30)))
    log.write(f"{kind} {row.id} {cid} {tok}")


def _new_case(engine, rng: random.Random, cases: dict[int, list], tok: str, log: Journal) -> None:
    n = rng.randint(1, 4)
    parties = []
    for i in range(n):
        name, sex = fake_name(rng)
        parties.append(dict(role="applicant" if i == 0 else "respondent", name=name, sex=sex,
                            phone=fake_phone(rng), hamlet_id=rng.randint(1, 4), address=f"{tok}.{i}"))
    accepted = FIRST_DAY + timedelta(days=rng.randrange(0, 540))
    # 涉及人数 well above the parties the run will add: adding a party then never raises it (that
    # rule writes an update of its own, tested elsewhere), so the journal's count of updates holds.
    data = dict(accepted_on=accepted, type_id=rng.randint(1, 16), hamlet_id=rng.randint(1, 4),
                presiding_id=rng.choice((2, 3)), people_involved=rng.randint(1, 8) + 100,
                summary=f"{tok} {parties[0]['name']}与{parties[-1]['name']}因排水沟堵塞积水发生争执")
    log.write(f"begin case - {tok} {n}")
    d = create_dispute(engine, data, parties)
    pids = ",".join(str(p) for p in _party_ids(engine, d.id))
    cases[d.id] = ["accepted", accepted, False]
    log.write(f"case {d.id} {d.number} {n} {tok} {pids}")


def _party_ids(engine, case_id: int) -> list[int]:
    with reading(engine) as s:
        return list(s.exec(select(Party.id).where(Party.dispute_id == case_id).order_by(Party.id)))


def make_village(db_path: Path) -> None:
    """The small village of tests/conftest.py: 4 hamlets, 4 cadres."""
    engine = open_database(db_path)
    setup_village(engine, dict(name="青石村", committee="青石村民委员会", township="云岭镇",
                               county="安平县", case_prefix="青调", clerk="李文书"),
                  ["一组", "二组", "三组", "四组"])
    save_cadre(engine, None, name="赵书记", roles=["书记"], phone="13907710001")
    save_cadre(engine, None, name="钱调解", roles=["调解员", "片长"], phone="13907710002", hamlet_ids=[1, 2])
    save_cadre(engine, None, name="孙主任", roles=["主任", "调解员"], phone="13907710003", hamlet_ids=[3])
    save_cadre(engine, None, name="李信息", roles=["信息员", "片长"], phone="13907710004", hamlet_ids=[4])
    dispose_engine(db_path)
