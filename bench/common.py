"""Shared by the benchmarks: timing, peak memory and the results table."""

from __future__ import annotations

import shutil
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path


def measure(fn: Callable[[], object], runs: int = 20, warmup: int = 2) -> tuple[float, float]:
    """(median ms, spread ms = max - min) of `fn` over `runs` calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times) - min(times)


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak Python heap (MB) while `fn` runs (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _fmt(value, spec: str) -> str:
    return "" if value is None else format(value, spec)


def print_table(rows: list[dict]) -> None:
    from tabulate import tabulate

    table = [
        [r["name"], _fmt(r.get("median_ms"), ".1f"), _fmt(r.get("spread_ms"), ".1f"),
         _fmt(r.get("peak_mb"), ".1f"), r.get("goal", ""),
         {True: "ok", False: "MISSED", None: ""}[r.get("ok")]]
        for r in rows
    ]
    print(tabulate(table, headers=["benchmark", "median ms", "spread ms", "peak MB", "goal", ""]))


def working_copy(big: Path, name: str, fill: Callable[[Path], object] | None = None) -> Path:
    """A copy of the big village `big` beside it, named `name`, made once (the big village is
    generated first when missing); `fill(path)` adds to the copy before it is put in place, so
    a run stopped halfway leaves no half-made copy."""
    path = big.with_name(name)
    if path.exists():
        return path
    if not big.exists():
        from bench.generate import make_big_village

        make_big_village(big, cases=100_000)
    tmp = path.with_suffix(".tmp")
    shutil.copyfile(big, tmp)
    if fill is not None:
        fill(tmp)
    tmp.rename(path)
    return path


class FrameClock:
    """When the app last sent a frame to the terminal, for the Pilot benches.

    Pilot's own waits for the app to go idle sleep in 20 ms steps, so the time until the harness
    sees the app idle overstates the time until the screen was drawn by one or more of those steps.
    This clock notes each frame as it is handed to the terminal: headless, Textual composes each
    frame but writes nothing, so the clock also turns it into the terminal's text (what a real
    terminal's frame costs is counted) and then notes the wall and CPU time."""

    def __init__(self, app) -> None:
        self.frames: list[tuple[float, float]] = []  # (perf_counter, process_time) of each frame
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            from textual._compositor import CompositorUpdate

            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            self.frames.append((time.perf_counter(), time.process_time()))

        app._display = display

    def since(self, started: float) -> list[tuple[float, float]]:
        """The frames sent at or after `started` (a perf_counter reading)."""
        return [f for f in self.frames if f[0] >= started]
