"""Benchmark of re-keying a big village (100,000 cases) whose pinyin keys an older version made:
what the first opening after an upgrade does (db.pinyin_refresh.refresh_keys).

    python bench/pinyin_refresh.py [DB] [--runs N]

DB defaults to desk-bench-pinyin.db in the temporary folder (bench/generate.py makes it when
missing). Each run copies it, blanks its keys and its user_version (as an older version left
it), then times refresh_keys on the copy: wall and CPU seconds (this process: SQLite runs in
it; on a machine that other work keeps busy the CPU figure is the one to compare), and when
the progress reports came. The same script measures an older checkout of the code too
(PYTHONPATH=that checkout; it then has no progress reports): the "before" figures.
"""

from __future__ import annotations

import argparse
import inspect
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: an older checkout wins

from db import pinyin  # noqa: E402
from db.engine import dispose_engine, get_engine  # noqa: E402
from db.pinyin_refresh import keys_version, refresh_keys  # noqa: E402

DEFAULT_DB = Path(tempfile.gettempdir()) / "desk-bench-pinyin.db"


def older_copy(path: Path, folder: Path) -> Path:
    """A copy of `path` as an older version left it: every key blank, user_version 0."""
    copy = folder / "older.db"
    src, dst = sqlite3.connect(path), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.execute("UPDATE party SET initials = ''")
    dst.execute("UPDATE dispute SET search_initials = ''")
    dst.execute("UPDATE question SET initials = ''")
    dst.execute("PRAGMA user_version = 0")
    dst.commit()
    dst.close()
    return copy


def one_run(path: Path) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="desk-bench-rekey-"))
    try:
        copy = older_copy(path, folder)
        pinyin.name_keys.cache_clear()
        pinyin.readings.cache_clear()
        pinyin.readings("张")  # the tables' import is start-up, not re-keying
        engine = get_engine(copy)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        reports: list[tuple[int, int, float]] = []
        kwargs = {}
        t, c = time.perf_counter(), time.process_time()
        if "progress" in inspect.signature(refresh_keys).parameters:
            kwargs["progress"] = lambda done, total: reports.append((done, total, time.perf_counter() - t))
        changed = refresh_keys(engine, **kwargs)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        assert keys_version(engine) == pinyin.KEYS_VERSION
        con = sqlite3.connect(copy)
        blank = con.execute("SELECT (SELECT count(*) FROM party WHERE initials = ''),"
                            " (SELECT count(*) FROM dispute WHERE search_initials = '')").fetchone()
        con.close()
        gaps = [b[2] - a[2] for a, b in zip(reports, reports[1:], strict=False)]
        return dict(wall=wall, cpu=cpu, changed=changed, blank=blank, reports=len(reports),
                    longest_gap=max(gaps, default=None))
    finally:
        dispose_engine(folder / "older.db")
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", nargs="?", type=Path, default=DEFAULT_DB)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if not args.db.exists():
        from bench.generate import make_big_village

        make_big_village(args.db)
    runs = [one_run(args.db) for _ in range(args.runs)]
    for r in runs:
        gap = f", longest gap between progress reports {r['longest_gap']:.2f} s" if r["longest_gap"] else ""
        print(f"re-keyed {r['changed']} in {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU; "
              f"{r['reports']} progress reports{gap}; blank keys left (parties, cases): {r['blank']}")
    print(f"median: {statistics.median(r['wall'] for r in runs):.1f} s wall, "
          f"{statistics.median(r['cpu'] for r in runs):.1f} s CPU ({len(runs)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
