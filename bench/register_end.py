"""End and Home on the F3 register of the big village (issue 12: "Home/End go to the first/last
record of the whole list"), driven headless by Pilot.

    python bench/register_end.py [DB] [--runs 5]

DB defaults to the big village of bench/run_all.py (100,000 cases; generated when missing); the
bench works on a copy beside it (desk-bench-register-end.db) so the app's own writes (its
settings, its log) never touch the shared file. On the register, End is pressed and the clock
stops when the cursor is on the list's last row, that row is the oldest case of the database
(checked against SQL) and every worker has finished; then Home, until the cursor is on the
newest case. Prints median and spread (max - min) of the wall clock and the median CPU time of
this process (all its threads): on a busy, shared machine the wall clock also counts the time
other programs had the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import print_table, working_copy  # noqa: E402

DEFAULT_DB = Path(tempfile.gettempdir()) / "desk-bench-big.db"
GOAL_MS = 200.0


def prepare(big: Path) -> Path:
    """A copy of `big` to work on (made once)."""
    return working_copy(big, "desk-bench-register-end.db")


def _ends(path: Path) -> tuple[int, int, int]:
    """(newest case id, oldest case id, live cases) in the list's own order."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        order = "FROM dispute WHERE voided = 0 ORDER BY accepted_on {0}, id {0} LIMIT 1"
        newest = con.execute("SELECT id " + order.format("DESC")).fetchone()[0]
        oldest = con.execute("SELECT id " + order.format("ASC")).fetchone()[0]
        total = con.execute("SELECT count(*) FROM dispute WHERE voided = 0").fetchone()[0]
    finally:
        con.close()
    return newest, oldest, total


async def _drive(path: Path, runs: int) -> list[dict]:
    from textual.widgets import DataTable

    from desk.app import make_app
    from desk.screens.register.screen import RegisterScreen

    newest, oldest, total = _ends(path)
    app = make_app(path)

    async def idle() -> None:
        while True:
            await app.workers.wait_for_complete()
            await asyncio.sleep(0)
            if not any(w.is_running for w in app.workers):
                break
        await pilot.pause()

    async with app.run_test(size=(80, 24)) as pilot:
        deadline = time.perf_counter() + 120
        while app.engine is None or app.village is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("the app did not open the database")
            await asyncio.sleep(0.01)
        await idle()
        async def open_register():
            await pilot.press("f2")
            await idle()
            await pilot.press("f3")
            await idle()
            screen = app.screen
            assert isinstance(screen, RegisterScreen) and screen.total == total, (screen, screen.total, total)
            return screen

        async def press(key: str, want: int) -> tuple[float, float]:
            """(wall ms, CPU ms) from the key until the case `want` is under the cursor, on the
            last row of the table for End, on its first for Home."""
            screen = app.screen
            table = screen.query_one(DataTable)
            started, cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            limit = started + 1200
            while True:
                row = screen._current()
                end = table.row_count - 1 if key == "end" else 0
                if row is not None and row.id == want and table.cursor_row == end:
                    break
                if time.perf_counter() > limit:
                    raise TimeoutError(f"{key}: the cursor never reached case {want}")
                await asyncio.sleep(0.001)
            await idle()
            return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000

        rows = []
        ends, homes = [], []
        for _ in range(runs):  # each End on a freshly opened register (its first page only)
            await open_register()
            ends.append(await press("end", oldest))
            homes.append(await press("home", newest))
        count = app.screen.query_one(DataTable).row_count
        for what, got in (("End -> cursor on the oldest case", ends), ("then Home -> the newest case", homes)):
            times = [wall for wall, _ in got]
            median = statistics.median(times)
            rows.append({"name": f"{what} of {total} (cpu {statistics.median(c for _, c in got):.0f} ms; "
                                 f"{count} rows in the table after)",
                         "median_ms": round(median, 1), "spread_ms": round(max(times) - min(times), 1),
                         "peak_mb": None, "goal": f"< {GOAL_MS:.0f} ms", "ok": median < GOAL_MS})
        return rows


def run(path: Path | str = DEFAULT_DB, runs: int = 5) -> list[dict]:
    from db.engine import dispose_engine

    db = prepare(Path(path))
    try:
        return asyncio.run(_drive(db, runs))
    finally:
        dispose_engine(db)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="调解台账 End/Home 速度基准测试")
    ap.add_argument("db", nargs="?", type=Path, default=DEFAULT_DB)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    print_table(run(args.db, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
