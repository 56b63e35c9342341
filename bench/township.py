"""The township table over many villages: time and peak memory (issue 14).

    python bench/township.py [--villages 30 300] [--cases 3000] [--folder /tmp/desk-township-bench]

Each village is a fictional village with `--cases` cases over ten years (bench/generate.py),
renamed 村001, 村002 ... and backed up with make_backup (plain, with its manifest) into
FOLDER/N/; the files are made once and kept there (not in git). Each measurement runs in a
fresh Python process: wall time of township_table (verify, copy, quick_check, schema check,
the month's figures by db.stats), then of the PDF and the xlsx, and the process's peak RSS.
Goals: 30 villages under 10 s, 300 under 60 s, peak memory under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import make_big_village  # noqa: E402
from db.backup import make_backup  # noqa: E402

GOALS = {30: 10.0, 300: 60.0}
PEAK_GOAL_MB = 300
MONTH_BACK = 1  # the month measured: the one before the generation day


def _month(today: date) -> str:
    y, m = (today.year, today.month - MONTH_BACK) if today.month > MONTH_BACK else (today.year - 1, 12)
    return f"{y:04d}-{m:02d}"


def prepare(folder: Path, villages: int, cases: int) -> Path:
    """FOLDER/<villages>/ with one verified backup per village (made once, then reused)."""
    stick = folder / f"{villages}x{cases}"
    done = stick / ".complete"
    if done.exists():
        return stick
    shutil.rmtree(stick, ignore_errors=True)
    stick.mkdir(parents=True)
    base = folder / f"base-{cases}.db"
    if not base.exists():
        t = time.perf_counter()
        make_big_village(base, cases=cases, parties=int(cases * 2.5), years=10)
        print(f"base village: {cases} cases in {time.perf_counter() - t:.1f} s, {base.stat().st_size / 2**20:.1f} MB")
    work = folder / "work"
    work.mkdir(exist_ok=True)
    t = time.perf_counter()
    for i in range(1, villages + 1):
        db = work / f"v{i:03d}.db"
        shutil.copy(base, db)
        con = sqlite3.connect(db)
        with con:
            con.execute("UPDATE village SET name = ?, committee = ? WHERE id = 1", (f"村{i:03d}", f"村{i:03d}民委员会"))
        con.close()
        make_backup(db, stick, clock=lambda: datetime.now().replace(microsecond=0))
        for f in work.glob(f"v{i:03d}.db*"):
            f.unlink()
    done.touch()
    print(f"{villages} backups in {time.perf_counter() - t:.1f} s")
    return stick


def prepare_submissions(folder: Path, villages: int, cases: int, month: str) -> Path:
    """FOLDER/<villages>-submit/: one 上报 file per village (the base village's month, renamed)."""
    from db.engine import dispose_engine
    from db.schema import open_database
    from db.township.submit import SUFFIX, build_payload, checksum

    out = folder / f"{villages}x{cases}-submit-{month}"
    if (out / ".complete").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    base = folder / f"base-{cases}.db"
    payload = build_payload(open_database(base), month)
    dispose_engine(base)
    for i in range(1, villages + 1):
        p = {**payload, "village": f"村{i:03d}", "committee": f"村{i:03d}民委员会"}
        p["sha256"] = checksum(p)
        (out / f"村{i:03d}-{month}{SUFFIX}").write_text(json.dumps(p, ensure_ascii=False), encoding="utf-8")
    (out / ".complete").touch()
    return out


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from db.township.collect import township_table
from forms.township import render_township
t1 = time.perf_counter()
table = township_table([{stick!r}], {month!r})
t2 = time.perf_counter()
pdf = render_township(table, "pdf")
t3 = time.perf_counter()
xlsx = render_township(table, "xlsx")
t4 = time.perf_counter()
print(json.dumps(dict(imports=t1 - t0, table=t2 - t1, pdf=t3 - t2, xlsx=t4 - t3, rows=len(table.rows),
                      skipped=len(table.skipped), accepted=table.total.values["accepted"],
                      pdf_kb=len(pdf) / 1024, xlsx_kb=len(xlsx) / 1024,
                      peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
"""


def run(stick: Path, month: str) -> dict:
    code = CHILD.format(root=str(ROOT), stick=str(stick), month=month)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="乡镇汇总基准测试")
    ap.add_argument("--villages", type=int, nargs="+", default=[30, 300])
    ap.add_argument("--cases", type=int, default=3000, help="每村十年的案件数")
    ap.add_argument("--folder", type=Path, default=Path("/tmp/desk-township-bench"))
    args = ap.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    month = _month(date.today())
    ok = True
    for n in args.villages:
        stick = prepare(args.folder, n, args.cases)
        files = [p for p in stick.iterdir() if p.name.endswith(".desk.sqlite3")]
        size = sum(p.stat().st_size for p in files) / len(files) / 2**20
        r = run(stick, month)
        goal = GOALS.get(n)
        good = (goal is None or r["table"] < goal) and r["peak_mb"] < PEAK_GOAL_MB and r["rows"] == n
        ok &= good
        print(f"{n} villages x {args.cases} cases ({size:.1f} MB a file), month {month}: "
              f"table {r['table']:.1f} s ({r['table'] / n * 1000:.0f} ms a village), "
              f"pdf {r['pdf']:.1f} s ({r['pdf_kb']:.0f} KB), xlsx {r['xlsx']:.1f} s ({r['xlsx_kb']:.0f} KB), "
              f"imports {r['imports']:.1f} s, peak RSS {r['peak_mb']:.0f} MB, rows {r['rows']}, "
              f"skipped {r['skipped']}, accepted {r['accepted']}; goal < {goal} s, < {PEAK_GOAL_MB} MB: "
              f"{'ok' if good else 'MISSED'}")
        subs = prepare_submissions(args.folder, n, args.cases, month)
        kb = sum(p.stat().st_size for p in subs.iterdir()) / n / 1024
        r = run(subs, month)
        print(f"{n} 上报 files ({kb:.1f} KB each): table {r['table']:.2f} s, pdf {r['pdf']:.1f} s, "
              f"peak RSS {r['peak_mb']:.0f} MB, rows {r['rows']}, accepted {r['accepted']}")
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    raise SystemExit(main())
