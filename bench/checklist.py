"""村事百晓, data side: 100 questions x 20 hamlets, one round with about 60% answered.

Times matrix() (goal: median under 200 ms; the F4 screen's render and scroll are measured
by the UI bench on top of this), the progress queries, one cell list, and the answer the
clerk saves with Ctrl+S. Setup (opening the round, 1,100 answers) is timed once.

    python bench/checklist.py [--db FILE] [--runs 25]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from common import measure, peak_mb, print_table  # noqa: E402

HAMLETS = 20
CADRES = 10
ANSWERED = 0.6
TODAY = date(2026, 11, 28)
GOAL_MS = 200.0


def build(path: Path, seed: int = 7) -> tuple[object, int, float]:
    """A village of 20 hamlets with the bank and one round ~60% answered: (engine, round id,
    seconds to open the round)."""
    from db.checklist import questions as c
    from db.schema import open_database
    from db.session import unit
    from db.settings.village import save_cadre, setup_village

    rng = random.Random(seed)
    engine = open_database(path)
    setup_village(engine, dict(name="测试村", case_prefix="测调", clerk="文书"),
                  [f"第{i + 1}组" for i in range(HAMLETS)])
    save_cadre(engine, None, name="书记甲", roles=["书记"])
    for k in range(CADRES - 1):
        save_cadre(engine, None, name=f"片长{k + 1}", roles=["片长"],
                   hamlet_ids=[h for h in range(1, HAMLETS + 1) if h % (CADRES - 1) == k])
    c.load_default_bank(engine)
    t = time.perf_counter()
    rnd = c.open_round(engine, "2026年第四季度", date(2026, 10, 1), date(2026, 12, 31))
    open_s = time.perf_counter() - t
    cells = c.list_cells(engine, rnd.id)
    with unit(engine) as s:
        for cell in cells:
            if rng.random() > ANSWERED:
                continue
            when = date(2026, 10, 1) + timedelta(days=rng.randint(0, 58))
            action = rng.random() < 0.08
            ans = c.answer_in(s, cell.assignment_id, "已核实，情况见记录。", when, cell.cadre_id or 1, action)
            if action and rng.random() < 0.3:
                c.to_case_in(s, ans.id, {"accepted_on": when})
            elif action and rng.random() < 0.5:
                c.to_follow_up_in(s, ans.id, "跟进处理", cell.cadre_id or 1, when + timedelta(days=15), when)
    return engine, rnd.id, open_s


def run(path: str | None = None, runs: int = 25) -> list[dict]:
    """Build the data in `path` (a temporary file when None) and time the queries."""
    from db.checklist import questions as c
    from db.engine import dispose_engine

    tmp = None
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = str(Path(tmp.name) / "checklist-bench.db")
    try:
        engine, round_id, open_s = build(Path(path))
        m = c.matrix(engine, round_id)
        assert len(m.questions) == 100 and len(m.hamlets) == HAMLETS
        rows = []

        def row(name, fn, goal="", limit=None):
            median, spread = measure(fn, runs=runs)
            rows.append({"name": name, "median_ms": median, "spread_ms": spread,
                         "peak_mb": peak_mb(fn), "goal": goal,
                         "ok": None if limit is None else median < limit})

        share = m.round.answered / m.round.total
        row(f"checklist matrix 100q x {HAMLETS}h ({share:.0%} answered)", lambda: c.matrix(engine, round_id),
            f"< {GOAL_MS:.0f} ms", GOAL_MS)
        row("checklist progress_by_hamlet", lambda: c.progress_by_hamlet(engine, round_id))
        row("checklist progress_by_cadre", lambda: c.progress_by_cadre(engine, round_id))
        row("checklist still_open", lambda: c.still_open(engine, round_id, TODAY))
        row("checklist list_cells (one hamlet)", lambda: c.list_cells(engine, round_id, hamlet_id=1))
        row("checklist list_rounds", lambda: c.list_rounds(engine))
        row("checklist open_items", lambda: c.open_items(engine, TODAY))
        row("checklist list_questions q='dj'", lambda: c.list_questions(engine, q="dj"))
        open_cells = iter(c.list_cells(engine, round_id, states=("open",)))

        def save_one():
            cell = next(open_cells)
            c.answer(engine, cell.assignment_id, "已走访。", date(2026, 11, 20), cell.cadre_id or 1)

        median, spread = measure(save_one, runs=runs)
        rows.append({"name": "checklist answer() one save", "median_ms": median, "spread_ms": spread,
                     "peak_mb": None, "goal": "", "ok": None})
        rows.append({"name": f"checklist open_round ({m.round.total} assignments, once)",
                     "median_ms": open_s * 1000, "spread_ms": None, "peak_mb": None, "goal": "", "ok": None})
        return rows
    finally:
        dispose_engine(path)
        if tmp is not None:
            tmp.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database file to build (default: a temporary file)")
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    if args.db and Path(args.db).exists():
        parser.error(f"{args.db} already exists; give a new file name")
    print_table(run(args.db, args.runs))


if __name__ == "__main__":
    main()
