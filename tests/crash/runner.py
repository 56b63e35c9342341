"""The parent of the crash harness: start a child, SIGKILL it at a random moment, check, repeat.

After every kill it settles the save that was in flight (committed or rolled back, never half)
and checks that run's reported saves and every table's row count against the log; every
`check_every` kills and after the last one it checks everything (tests/crash/oracle.py):
integrity_check, foreign_key_check, the whole log against the whole file, no half-written
case, one audit entry for every row and every logged change.

Children are forked from a forkserver that has the data layer imported already
(tests/crash/warm.py), so a kill costs the child's real start-up (lock, open, replaying the
-wal) and not a second of imports. One file at a time: two side by side were slower per
save (their fsyncs queue on the same disk) and gained little.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.crash.harness import child_main, make_village
from tests.crash.journal import Journal, Model, read_new_lines
from tests.crash.oracle import check_all, check_lines, resolve

# Where kills are aimed: the child's start-up (lock, open, replay of the last kill's -wal),
# its first save (statements compiled on the way), or later saves (each mostly fsyncs).
STARTUP_SHARE = 0.15
FIRST_SAVE_SHARE = 0.15
STARTUP_WINDOW = 0.1  # seconds: about how long a child takes to open the file
FIRST_SAVE_WINDOW = 0.15  # seconds: about how long its first save takes
READY_TIMEOUT = 30.0  # a child that cannot open the file or save in this long is a failure
MAX_DELAY = 0.1  # seconds: later kills come 0..this after the first save was reported


@dataclass
class Summary:
    """What a run of the harness did and found."""

    kills: int = 0
    seconds: float = 0.0
    saves_reported: int = 0
    kills_before_first_save: int = 0  # the child was still starting (lock, open, -wal replay)
    kills_mid_save: int = 0  # a save was begun and not reported done ...
    committed_unreported: int = 0  # ... and the file had it committed
    rolled_back: int = 0  # ... and the file had nothing of it
    full_checks: int = 0
    cases: int = 0
    parties: int = 0
    db_mb: float = 0.0
    cycle_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary as plain text lines."""
        med = statistics.median(self.cycle_ms) if self.cycle_ms else 0.0
        return [
            f"kills: {self.kills} in {self.seconds:.1f} s (median {med:.0f} ms per kill)",
            f"saves reported done: {self.saves_reported}; in the file: {self.cases} cases, "
            f"{self.parties} parties ({self.db_mb:.1f} MB)",
            f"kills during start-up: {self.kills_before_first_save}; inside a save: {self.kills_mid_save} "
            f"(committed but not reported: {self.committed_unreported}, rolled back: {self.rolled_back})",
            f"full checks: {self.full_checks}",
            f"failures: {len(self.failures)}",
            *(f"  - {f}" for f in self.failures[:20]),
        ]


def _context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.crash.warm"])
    return ctx


def run_kills(kills: int, work: Path, *, seed: int | None = None, max_delay: float = MAX_DELAY,
              check_every: int = 10, progress: bool = False) -> Summary:
    """Kill `kills` children saving into work/crash.db (log: work/saves.log); stops at the
    first failing kill and keeps the files. A folder used before is carried on."""
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    db_path, log_path = work / "crash.db", work / "saves.log"
    seed = random.randrange(1 << 30) if seed is None else seed
    if not db_path.exists():
        make_village(db_path)
    rng, ctx, model, out = random.Random(seed), _context(), Model(), Summary()
    first = 1
    if log_path.exists():  # run numbers make the tokens: carry on after the last one
        for line in read_new_lines(log_path, 0)[0]:
            model.apply(line)
            if line.startswith("run "):
                first = int(line.split()[1]) + 1
    journal = Journal(log_path)
    started = time.perf_counter()
    try:
        for run in range(first, first + kills):
            t0 = time.perf_counter()
            journal.write(f"run {run}", sync=False)
            model.apply(f"run {run}")
            offset = log_path.stat().st_size
            _kill_one(ctx, rng, db_path, log_path, run, seed, max_delay, out)
            if not out.failures:
                full = (run - first + 1) % check_every == 0 or run == first + kills - 1
                try:
                    out.failures += _after_kill(db_path, log_path, offset, journal, model, out, full=full)
                except Exception as exc:  # a broken log, a file SQLite cannot read: report it
                    out.failures.append(f"checking failed: {exc!r}")
            out.kills += 1
            out.cycle_ms.append((time.perf_counter() - t0) * 1000)
            if progress and out.kills % 100 == 0:
                print(f"  {out.kills} kills, {time.perf_counter() - started:.0f} s", file=sys.stderr)
            if out.failures:
                out.failures.insert(0, f"after kill {run} (seed {seed}, files kept in {work})")
                break
    finally:
        journal.close()
    out.seconds = time.perf_counter() - started
    out.cases, out.parties = len(model.cases), model.party_count()
    out.db_mb = db_path.stat().st_size / 2**20
    return out


def _kill_one(ctx, rng, db_path, log_path, run, seed, max_delay, out: Summary) -> None:
    """Start child `run` and SIGKILL it at a random moment of its start-up, of its first
    save, or (most kills) of the saves after that."""
    ready, warmed = ctx.Event(), ctx.Event()
    child = ctx.Process(target=child_main, args=(str(db_path), str(log_path), run, seed, ready, warmed),
                        daemon=True)
    child.start()
    stuck = False
    aim = rng.random()
    if aim < STARTUP_SHARE:
        time.sleep(rng.uniform(0, STARTUP_WINDOW))
    elif aim < STARTUP_SHARE + FIRST_SAVE_SHARE and ready.wait(timeout=READY_TIMEOUT):
        time.sleep(rng.uniform(0, FIRST_SAVE_WINDOW))
    elif aim >= STARTUP_SHARE + FIRST_SAVE_SHARE and warmed.wait(timeout=READY_TIMEOUT):
        time.sleep(rng.uniform(0, max_delay))
    else:
        stuck = child.is_alive()
    child.kill()
    child.join()
    if child.exitcode != -9:
        err = Path(f"{log_path}.err")
        detail = err.read_text(encoding="utf-8") if err.exists() else ""
        out.failures.append(f"child {run} ended by itself (exit code {child.exitcode}) before the kill: {detail}")
    elif stuck:
        out.failures.append(f"child {run} had not opened the file and saved after {READY_TIMEOUT:.0f} s")


def _after_kill(db_path: Path, log_path: Path, offset: int, journal: Journal, model: Model,
                out: Summary, *, full: bool) -> list[str]:
    """Read the run's log lines, settle the save in flight, check the run (all when `full`)."""
    lines, _ = read_new_lines(log_path, offset)
    before = model.reported
    for line in lines:
        model.apply(line)
    out.saves_reported += model.reported - before
    if not any(line.startswith("begin ") for line in lines):
        out.kills_before_first_save += 1
    fails: list[str] = []
    con = sqlite3.connect(db_path)  # opening replays the -wal the kill left, as the app would
    try:
        if model.pending is not None:
            out.kills_mid_save += 1
            line, fails = resolve(con, model)
            journal.write(line, sync=False)
            model.apply(line)
            lines = [*lines, line]
            if line.startswith("adopted"):
                out.committed_unreported += 1
            else:
                out.rolled_back += 1
        fails += check_lines(con, model, lines)
        if full:
            out.full_checks += 1
            fails += check_all(con, model)
    finally:
        con.close()
    return fails


def main(argv: list[str] | None = None) -> int:
    """Run N kills and print a summary; exit code 1 when anything failed."""
    ap = argparse.ArgumentParser(description="crash harness: SIGKILL the data layer at random moments")
    ap.add_argument("--kills", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--max-delay", type=float, default=MAX_DELAY,
                    help="seconds; most kills come 0..this after the child's first save")
    ap.add_argument("--check-every", type=int, default=10, help="full check every N kills")
    ap.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temporary one)")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="desk-crash-"))
    seed = random.randrange(1 << 30) if args.seed is None else args.seed
    print(f"crash harness: {args.kills} kills, seed {seed}, in {work}", file=sys.stderr)
    out = run_kills(args.kills, work, seed=seed, max_delay=args.max_delay,
                    check_every=args.check_every, progress=True)
    print("\n".join(out.lines()))
    if not out.failures and args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if out.failures else 0
