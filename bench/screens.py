"""Every F-key screen on the big village, driven headless by Pilot (issue 12: each drawn within
200 ms of its key).

    python bench/screens.py [DB] [--runs 7] [--keys f5 ...] [--gc-defaults]

DB defaults to the big village of bench/run_all.py (100,000 cases; generated when missing);
the bench works on a copy beside it (desk-bench-screens.db) to which it adds the default
question bank and a round of 村事百晓 about 60% answered (100 questions x 20 hamlets), so F4
has its full matrix (the big village has no meetings or reception records: F8 and F9 show empty lists).
For F3..F9 the key is pressed on the home screen; for F2, on the register.
A screen counts as drawn at the last frame handed to the terminal (bench.common.FrameClock,
which renders each frame to the terminal's text as a real terminal would) before the app goes
idle with the screen on top and every worker it started finished (its data shown). Beside it:
the first frame (the screen on top, its data perhaps still loading) and the moment Pilot's own
idle polling (20 ms sleeps) noticed the app idle, what this bench measured before. Prints median
and spread (max - min) of the wall clock, and the median CPU time of this process (all its
threads) from key to drawn: on a busy, shared machine the wall clock also counts the time other
programs had the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import FrameClock, print_table, working_copy  # noqa: E402

DEFAULT_DB = Path(tempfile.gettempdir()) / "desk-bench-big.db"
GOAL_MS = 200.0
KEYS = {"f2": "home", "f3": "register", "f4": "checklist", "f5": "report", "f6": "backup", "f7": "settings",
        "f8": "meeting", "f9": "reception"}


def prepare(big: Path) -> Path:
    """A copy of `big` with the question bank and one round about 60% answered (made once)."""
    return working_copy(big, "desk-bench-screens.db", _answer_a_round)


def _answer_a_round(path: Path) -> None:
    from db.checklist import questions as c
    from db.engine import dispose_engine
    from db.schema import open_database
    from db.session import unit

    engine = open_database(path)
    rng = random.Random(7)
    c.load_default_bank(engine)
    today = date.today()
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    rnd = c.open_round(engine, f"{start.year}年第{(start.month - 1) // 3 + 1}季度", start, start + timedelta(days=89))
    with unit(engine) as s:
        for cell in c.list_cells(engine, rnd.id):
            if rng.random() < 0.6:
                when = start + timedelta(days=rng.randint(0, max(0, (today - start).days)))
                c.answer_in(s, cell.assignment_id, "已核实，情况见记录。", when, cell.cadre_id or 1, False)
    dispose_engine(path)


async def _drive(path: Path, runs: int, keys: dict[str, str] = KEYS) -> list[dict]:
    from desk.app import make_app
    from desk.sections import BY_NAME

    app = make_app(path)

    async def idle() -> None:
        while True:
            await app.workers.wait_for_complete()
            await asyncio.sleep(0)
            if not any(w.is_running for w in app.workers):
                break
        await pilot.pause()

    def on(name: str) -> bool:
        return type(app.screen) is BY_NAME[name].screen()

    async with app.run_test(size=(80, 24)) as pilot:
        clock = FrameClock(app)
        deadline = time.perf_counter() + 120
        while app.engine is None or app.village is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("the app did not open the database")
            await asyncio.sleep(0.01)
        await idle()
        import desk.heap

        while not desk.heap._settled:  # the app settles its heap a second after it opens
            if time.perf_counter() > deadline:
                raise TimeoutError("the app did not settle its heap")
            await asyncio.sleep(0.05)

        async def press(key: str, before: str) -> tuple[float, float, float, float]:
            """(ms to the first frame of the screen, ms to the last frame before the app went
            idle with the screen's data shown, CPU ms until that frame, ms until the harness saw
            the app idle)."""
            await pilot.press(before)
            await idle()
            started, cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            while not on(KEYS[key]):
                await asyncio.sleep(0.001)
            await pilot.pause()
            frames = clock.since(started)
            first = frames[0][0] if frames else time.perf_counter()
            await idle()
            frames = clock.since(started)
            assert frames, f"{key}: no frame was drawn"
            last_wall, last_cpu = frames[-1]
            return ((first - started) * 1000, (last_wall - started) * 1000,
                    (last_cpu - cpu) * 1000, (time.perf_counter() - started) * 1000)

        rows = []
        for key, name in keys.items():
            before = "f3" if key == "f2" else "f2"
            await press(key, before)  # warm: the screen's module is imported once
            got = [await press(key, before) for _ in range(runs)]
            times = [full for _, full, _, _ in got]
            median = statistics.median(times)
            cpu = statistics.median(c for _, _, c, _ in got)
            first = statistics.median(f for f, _, _, _ in got)
            seen = statistics.median(s for _, _, _, s in got)
            rows.append({"name": f"{key.upper()} -> {BY_NAME[name].title} drawn with its data "
                                 f"(first frame {first:.0f} ms; cpu {cpu:.0f} ms; idle seen {seen:.0f} ms)",
                         "median_ms": round(median, 1),
                         "spread_ms": round(max(times) - min(times), 1), "peak_mb": None,
                         "goal": f"< {GOAL_MS:.0f} ms", "ok": median < GOAL_MS})
        return rows


def run(path: Path | str = DEFAULT_DB, runs: int = 7, keys: list[str] | None = None,
        gc_defaults: bool = False) -> list[dict]:
    from db.engine import dispose_engine

    if gc_defaults:  # as before desk.heap: Python's collector settings, nothing frozen
        import desk.heap

        desk.heap._settled = True

    db = prepare(Path(path))
    cpu = time.process_time()
    try:
        rows = asyncio.run(_drive(db, runs, {k: KEYS[k] for k in keys} if keys else KEYS))
    finally:
        dispose_engine(db)
    rows.append({"name": f"(CPU time of the whole screen run: {time.process_time() - cpu:.1f} s)", "ok": None})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="各功能键界面打开速度基准测试")
    ap.add_argument("db", nargs="?", type=Path, default=DEFAULT_DB)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keys", nargs="+", choices=sorted(KEYS), help="只测这些键（默认全部）")
    ap.add_argument("--gc-defaults", action="store_true", help="不调整垃圾回收（对比 desk.heap 的效果）")
    args = ap.parse_args(argv)
    print_table(run(args.db, args.runs, args.keys, args.gc_defaults))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
