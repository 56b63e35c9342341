"""Start-up: time to the first frame and to the home screen's data, and peak memory,
beside a bare Textual app with one Static, measured in the same run.

Each sample is a fresh interpreter (imports count), started the way `desk` starts: the
command line's checks and lock, then the app. Goals: first frame within 1.3x the bare app,
data within 2x, peak memory under 90 MB.

    python bench/startup.py [--runs 15] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, resource, sys, time
t0 = float(sys.argv[1]); mode = sys.argv[2]; db = sys.argv[3] if len(sys.argv) > 3 else ""
marks = {}
def mark(name):
    marks.setdefault(name, (time.time() - t0) * 1000)
if mode == "bare":
    from textual.app import App
    from textual.widgets import Static
    class Bare(App):
        def compose(self):
            yield Static("hello")
        def on_mount(self):
            self.call_after_refresh(self._first)
        def _first(self):
            mark("first_frame"); self.exit()
    Bare().run(headless=True, size=(80, 24))
else:
    from pathlib import Path
    from desk.cli.main import lock_for_app
    path = Path(db)
    lock = lock_for_app(path)  # exactly what `desk` does before the app starts
    from desk.app import make_app
    from desk.screens import home
    original = home.HomeScreen.show
    def show(self, data):
        original(self, data)
        mark("data"); self.app.exit()
    home.HomeScreen.show = show
    app = make_app(path)
    def first():
        mark("first_frame")
    orig_mount = type(app).on_mount
    def on_mount(self):
        self.call_after_refresh(first)  # the frame is drawn before the app's own callbacks run
        orig_mount(self)
    type(app).on_mount = on_mount
    app.run(headless=True, size=(80, 24))
    lock.release()
marks["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("MARKS" + json.dumps(marks))
"""


def sample(mode: str, db: str = "") -> dict:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, repr(t0), mode, db],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    for line in out.stdout.splitlines() + out.stderr.splitlines():
        if "MARKS" in line:
            return json.loads(line.split("MARKS", 1)[1])
    raise RuntimeError(f"no marks from {mode}: {out.stderr[-2000:]}")


def _stats(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[-1] - values[0]


def run(db: str | None = None, runs: int = 15) -> list[dict]:
    tmp = None
    if db is None:
        tmp = tempfile.mkdtemp()
        db = str(Path(tmp) / "demo.db")
        from db.demo.village import ensure_demo

        ensure_demo(Path(db))
    samples = {"bare": [], "desk": []}
    for _ in range(runs):  # interleave so both see the same machine state
        samples["bare"].append(sample("bare"))
        samples["desk"].append(sample("desk", db))
    bare_ff, bare_ff_spread = _stats([s["first_frame"] for s in samples["bare"]])
    ff, ff_spread = _stats([s["first_frame"] for s in samples["desk"]])
    data, data_spread = _stats([s["data"] for s in samples["desk"]])
    peak = max(s["peak_mb"] for s in samples["desk"])
    bare_peak = max(s["peak_mb"] for s in samples["bare"])
    return [
        {"name": "startup: bare Textual app, first frame", "median_ms": bare_ff, "spread_ms": bare_ff_spread,
         "peak_mb": bare_peak, "goal": "(reference)"},
        {"name": "startup: desk first frame", "median_ms": ff, "spread_ms": ff_spread, "peak_mb": peak,
         "goal": f"<= 1.3x bare = {1.3 * bare_ff:.0f} ms ({ff / bare_ff:.2f}x)", "ok": ff <= 1.3 * bare_ff},
        {"name": "startup: desk home data shown", "median_ms": data, "spread_ms": data_spread, "peak_mb": peak,
         "goal": f"<= 2x bare = {2 * bare_ff:.0f} ms ({data / bare_ff:.2f}x)", "ok": data <= 2 * bare_ff},
        {"name": "startup: desk peak memory", "median_ms": None, "spread_ms": None, "peak_mb": peak,
         "goal": "< 90 MB", "ok": peak < 90},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", help="database to open (default: a fresh demo village)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from common import print_table

    print_table(run(args.db, args.runs))


if __name__ == "__main__":
    main()
