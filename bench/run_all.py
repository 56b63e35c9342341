"""Every benchmark named in the issues, one table: median, spread, peak memory, goal.

    python bench/run_all.py [--quick] [--skip crash]

The large village (100,000 cases, 250,000 parties, 20 hamlets, ten years) is generated once
into the temp folder by bench/generate.py and reused by the register, report and backup
benchmarks. --quick uses fewer runs (for a smoke check, not for the figures).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

BIG = Path(tempfile.gettempdir()) / "desk-bench-big.db"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--skip", nargs="*", default=[], help="startup register checklist screen report backup crash export_import screens register_end")
    args = parser.parse_args()
    from common import print_table

    if not BIG.exists():
        from generate import make_big_village

        t = time.perf_counter()
        print(f"generating {BIG} ...", flush=True)
        make_big_village(BIG, cases=100_000)
        print(f"  {time.perf_counter() - t:.0f} s", flush=True)
    q = args.quick
    suites = [
        ("startup", lambda: __import__("startup").run(runs=5 if q else 15)),
        ("register", lambda: __import__("register").run(BIG, runs=7 if q else 21)),
        ("checklist", lambda: __import__("checklist").run(runs=7 if q else 25)),
        ("screen", lambda: __import__("checklist_screen").run(runs=5 if q else 15)),
        ("report", lambda: __import__("report").run(BIG, runs=3 if q else 11)),
        ("backup", lambda: __import__("backup").run(BIG, runs=1 if q else 5)),
        ("crash", lambda: __import__("crash").run(100 if q else 1000)),
        ("export_import", lambda: __import__("export_import").run(BIG)),
        ("screens", lambda: __import__("screens").run(BIG, runs=3 if q else 7)),
        ("register_end", lambda: __import__("register_end").run(BIG, runs=3 if q else 5)),
    ]
    rows = []
    for name, fn in suites:
        if name in args.skip:
            continue
        print(f"running {name} ...", flush=True)
        try:
            rows += fn()
        except Exception as exc:  # report and go on: one broken bench must not hide the others
            rows.append({"name": f"{name}: FAILED ({type(exc).__name__}: {exc})", "ok": False})
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
