"""村事百晓, screen side: the F4 matrix for 100 questions x 20 hamlets, driven headless by Pilot.

Times (median, spread = max - min) from pressing F4 on the home screen until the matrix is
drawn (with the first cell's detail); switching to another round with [ / ] until its matrix
is drawn (the matrix render without the screen switch; the detail pane follows, as timed by
the Down row); single scroll steps: PageDown, Ctrl+End / Ctrl+Home (last / first
question), End / Home (last / first hamlet column), and one step down until the cell's detail
is shown. Goal: median under 200 ms each. Two reference rows measure the same harness on other
screens (F3 opening the register, one key on the home menu), so a slow or busy machine shows
as such. The database is built with the checklist API (bench/checklist.py `build`: the default
bank, 20 hamlets, one round about 60% answered) plus an earlier, empty round.

    python bench/checklist_screen.py [--db FILE] [--runs 15]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from checklist import TODAY, build  # noqa: E402  (bench/checklist.py)
from common import print_table  # noqa: E402

GOAL_MS = 200.0


async def _until(pilot, ready, timeout: float = 30.0) -> None:
    """Let the app run until ready() holds, then until it is idle (the frame is drawn)."""
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the checklist screen did not get ready in time")
        await asyncio.sleep(0.001)
    await pilot.pause()


def _row(name: str, times: list[float], peak: float | None = None) -> dict:
    median = statistics.median(times)
    return {"name": name, "median_ms": median, "spread_ms": max(times) - min(times), "peak_mb": peak,
            "goal": f"< {GOAL_MS:.0f} ms", "ok": median < GOAL_MS}


async def _drive(path: Path, runs: int) -> list[dict]:
    from desk.app import make_app
    from desk.screens.checklist.screen import ChecklistScreen

    app = make_app(path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(pilot, lambda: app.engine is not None and app.village is not None)

        def shown() -> bool:
            s = app.screen
            return isinstance(s, ChecklistScreen) and s.matrix is not None and s.cell is not None

        async def open_f4() -> float:
            await pilot.press("f2")
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("f4")
            await _until(pilot, shown)
            return (time.perf_counter() - started) * 1000

        async def step(*keys: str) -> float:
            started = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            return (time.perf_counter() - started) * 1000

        await step("down")
        floor = [await step("down" if i % 2 else "up") for i in range(runs)]

        async def open_f3() -> float:
            from desk.screens.register.screen import RegisterScreen

            await pilot.press("f2")
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("f3")
            await _until(pilot, lambda: isinstance(app.screen, RegisterScreen)
                         and "共" in str(app.screen.query_one("#register-status").render()))
            return (time.perf_counter() - started) * 1000

        await open_f3()
        register = [await open_f3() for _ in range(runs)]
        await open_f4()  # warm: imports and the first query
        opened = [await open_f4() for _ in range(runs)]
        tracemalloc.start()
        await open_f4()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        rows = [_row("checklist F4 -> matrix shown (100q x 20h)", opened, peak)]

        async def switch(key: str) -> float:
            target = app.screen.rounds[1 if key == "left_square_bracket" else 0].id
            started = time.perf_counter()
            await pilot.press(key)
            await _until(pilot, lambda: app.screen.matrix.round.id == target)  # the detail follows
            return (time.perf_counter() - started) * 1000

        switched = [await switch("left_square_bracket" if i % 2 == 0 else "right_square_bracket")
                    for i in range(runs * 2)]
        rows.append(_row("checklist [ / ] -> other round's matrix drawn", switched))

        table = app.screen.query_one("#checklist-matrix")

        def detail_follows() -> bool:
            s = app.screen
            aid = s._cursor_assignment()  # None on a village question's hamlet cell: nothing to read
            return aid is None or (s.cell is not None and s.cell.assignment_id == aid)

        async def down_with_detail() -> float:
            started = time.perf_counter()
            await pilot.press("down")
            await _until(pilot, detail_follows)
            return (time.perf_counter() - started) * 1000

        pages, ends, homes, rights, downs = [], [], [], [], []
        for _ in range(runs):
            await step("ctrl+home")
            while table.cursor_row < table.row_count - 1:
                pages.append(await step("pagedown"))
            ends.append(await step("ctrl+home"))
            ends.append(await step("ctrl+end"))
            rights.append(await step("end"))
            homes.append(await step("home"))
        await step("ctrl+home", "right", "right")
        for _ in range(runs):
            downs.append(await down_with_detail())
        rows += [
            _row("checklist PageDown step", pages),
            _row("checklist Ctrl+Home / Ctrl+End (first / last question)", ends),
            _row("checklist End (to the last hamlet column)", rights),
            _row("checklist Home (back to the first column)", homes),
            _row("checklist Down + cell detail shown", downs),
            {**_row("reference: F3 -> register list shown (same harness)", register), "goal": "", "ok": None},
            {**_row("reference: one key on the home menu (harness floor)", floor), "goal": "", "ok": None},
        ]
        return rows


def run(path: str | None = None, runs: int = 15) -> list[dict]:
    """Build the 100 x 20 round in `path` (a temporary file when None) and time the screen."""
    from db.engine import dispose_engine

    tmp = None
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = str(Path(tmp.name) / "checklist-screen-bench.db")
    try:
        if not Path(path).exists():
            from datetime import date

            from db.checklist.questions import open_round

            engine, _round_id, _seconds = build(Path(path))
            open_round(engine, "2026年第三季度", date(2026, 7, 1), date(2026, 9, 30))
        return asyncio.run(_drive(Path(path), runs))
    finally:
        dispose_engine(path)
        if tmp is not None:
            tmp.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database file (built when missing)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print_table(run(args.db, args.runs))


if __name__ == "__main__":
    main()
