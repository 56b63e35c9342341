"""Crash harness as one command: N kills (SIGKILL) at random moments of saves.

    python bench/crash.py [--kills 1000] [--seed N] [--keep DIR]

Starts a child that saves through the real data layer, kills it, checks that every save it
reported is in the file and no half-written case exists, N times (tests/crash/runner.py).
Prints the harness summary and the benchmark row: time per kill (median / spread), the
parent's peak Python heap, and the goal (no failures). `run(...)` returns the rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.crash.runner import Summary, run_kills  # noqa: E402


def _rows(out: Summary) -> list[dict]:
    cycles = out.cycle_ms or [0.0]
    return [
        {"name": f"crash harness: {out.kills} kills", "median_ms": round(statistics.median(cycles), 1),
         "spread_ms": round(max(cycles) - min(cycles), 1), "peak_mb": None,
         "goal": "0 failures", "ok": not out.failures},
        {"name": f"(saves reported {out.saves_reported}, kills inside a save {out.kills_mid_save}, "
                 f"total {out.seconds:.0f} s)", "median_ms": None, "spread_ms": None,
         "peak_mb": None, "goal": "", "ok": None},
    ]


def run(kills: int = 1000, *, seed: int | None = None, work: Path | None = None,
        summary: list | None = None) -> list[dict]:
    """Run `kills` kills in `work` (default: a temporary folder) and return the table rows;
    the Summary is appended to `summary` when given."""
    work = Path(work or tempfile.mkdtemp(prefix="desk-crash-"))
    tracemalloc.start()
    try:
        out = run_kills(kills, work, seed=seed, progress=True)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    if summary is not None:
        summary.append(out)
    rows = _rows(out)
    rows[0]["peak_mb"] = round(peak, 1)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="崩溃测试 / crash harness: N kills at random moments")
    ap.add_argument("--kills", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", type=Path, default=None, help="work folder (kept afterwards)")
    args = ap.parse_args(argv)
    from bench.common import print_table

    summary: list[Summary] = []
    rows = run(args.kills, seed=args.seed, work=args.keep, summary=summary)
    print("\n".join(summary[0].lines()))
    print_table(rows)
    return 1 if summary[0].failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
