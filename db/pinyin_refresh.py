"""Re-key a database whose pinyin keys were made by another readings table or key format.

The keys (Party.initials, Dispute.search_initials, Question.initials) are stored when a record
is saved; a file saved by an older version of the program has older keys (曾𠮷祥 without the
letters of 𠮷, no full pinyin). `refresh_keys` recomputes them once, when the file is opened
(db.schema.open_database), and records db.pinyin.KEYS_VERSION in the file's header
(PRAGMA user_version), so the next opening costs one PRAGMA read. The audit log is not touched
(denormalised columns).

All or nothing: the new keys and the new user_version are written in one transaction, so a
power cut leaves the file with its old keys and its old user_version (re-keyed at the next
opening) or fully re-keyed (tests/db/test_pinyin.py::test_a_rekey_killed_halfway_leaves_the_old_file).

Where the time goes on 100,000 cases and 250,000 parties (bench/pinyin_refresh.py): the keys
of each distinct name are computed once (a village has far fewer names than parties); rows
are read and written with the driver's own cursor (no ORM rows), in case order, in batches of
executemany; the index on Party.initials is dropped inside the transaction and built again from
its own SQL at the end (one sorted build instead of 250,000 scattered inserts that spill the
page cache), and the page cache is made larger for the transaction.
`progress(done, total)` is told the cases (and questions) done, for the app's start-up line and
the command line ("正在更新拼音索引：35,000 / 100,000").

Plain SQL over the three tables (a floor module: no room is imported); the keys are composed
by db.pinyin exactly as the register and the checklist compose them when saving.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy.engine import Engine

from db.pinyin import KEYS_VERSION, merge_keys, name_keys, text_initials

BATCH = 2000  # cases between writes
REPORT_EVERY = 250  # cases between progress reports (the caller throttles what it shows)
CACHE_KIB = 64 * 1024  # the page cache while re-keying (SQLite's default is 2 MiB)

Progress = Callable[[int, int], None]

# What refresh_keys rewrites: worked out from names and texts, never typed by the clerk.
REKEYED = (("party", "initials"), ("dispute", "search_initials"), ("question", "initials"))


def keys_version(engine: Engine) -> int:
    """The KEYS_VERSION the file's keys were made with (0: unknown, older than the marker)."""
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def refresh_keys(engine: Engine, *, force: bool = False, progress: Progress | None = None) -> dict[str, int] | None:
    """Recompute every stored pinyin key when the file's keys are not KEYS_VERSION (or `force`).

    Returns None when nothing had to be done, else the number of rows rewritten per table.
    `progress(done, total)` is called now and then (cases and questions), last with done == total.
    """
    if not force and keys_version(engine) == KEYS_VERSION:
        return None
    report = progress or (lambda done, total: None)
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        cur = raw.cursor()
        try:
            if not raw.in_transaction:  # the driver begins one only before INSERT/UPDATE: the
                cur.execute("BEGIN IMMEDIATE")  # index dropped below must be in it too
            old_cache = cur.execute("PRAGMA cache_size").fetchone()[0]
            cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            try:
                changed = _rekey(cur, report)
            finally:
                cur.execute(f"PRAGMA cache_size = {int(old_cache)}")
            cur.execute(f"PRAGMA user_version = {int(KEYS_VERSION)}")
        finally:
            cur.close()
    return changed


def _rekey(cur, report: Progress) -> dict[str, int]:
    tables = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    changed = {"party": 0, "dispute": 0, "question": 0}
    has_cases = {"party", "dispute"} <= tables
    cases = cur.execute("SELECT count(*) FROM dispute").fetchone()[0] if has_cases else 0
    questions = cur.execute("SELECT count(*) FROM question").fetchone()[0] if "question" in tables else 0
    total = cases + questions
    report(0, total)
    if has_cases:
        with _indexes_dropped(cur, "party", "initials"):
            changed["party"], changed["dispute"] = _cases(cur, lambda done: report(done, total))
    if questions:
        rows = [(id_, old, text_initials(value or ""))
                for id_, value, old in cur.execute("SELECT id, text, initials FROM question").fetchall()]
        changed["question"] = _write(cur, "question", "initials",
                                     [(new, id_) for id_, old, new in rows if new != (old or "")])
    report(total, total)
    return changed


def _cases(cur, report: Callable[[int], None]) -> tuple[int, int]:
    """Re-key the parties and the cases, case by case; (parties, cases) rewritten."""
    memo: dict[str, tuple[str, list[str]]] = {}  # name -> its keys, and split

    def keys_of(name: str) -> tuple[str, list[str]]:
        keys = memo.get(name)
        if keys is None:
            joined = name_keys(name)
            keys = memo[name] = (joined, joined.split())
        return keys

    # Every party, grouped by its case, in entry order (as db.register.write.search_fields reads them).
    by_case: dict[int, list[tuple]] = {}
    for row in cur.execute("SELECT id, dispute_id, name, representative, voided, initials FROM party ORDER BY id"):
        by_case.setdefault(row[1], []).append(row)
    parties: list[tuple[str, int]] = []
    disputes: list[tuple[str, int]] = []
    counts = [0, 0]
    done = 0
    case_rows = cur.execute("SELECT id, search_initials FROM dispute ORDER BY id").fetchall()
    for id_, old in case_rows:
        own = by_case.pop(id_, ())
        for party_id, _, name, _, _, old_initials in own:
            new = keys_of(name or "")[0]
            if new != (old_initials or ""):
                parties.append((new, party_id))
        # The live parties' names and representatives, as db.pinyin.case_keys takes them.
        new = merge_keys([keys_of(n)[1] for _, _, name, rep, voided, _ in own if not voided
                          for n in (name, rep) if n])
        if new != (old or ""):
            disputes.append((new, id_))
        done += 1
        if done % BATCH == 0:
            counts[0] += _write(cur, "party", "initials", parties)
            counts[1] += _write(cur, "dispute", "search_initials", disputes)
            parties, disputes = [], []
        if done % REPORT_EVERY == 0:
            report(done)
    for rows in by_case.values():  # parties of no case (none where foreign keys held)
        parties.extend((keys_of(name or "")[0], party_id) for party_id, _, name, _, _, old in rows
                       if keys_of(name or "")[0] != (old or ""))
    counts[0] += _write(cur, "party", "initials", parties)
    counts[1] += _write(cur, "dispute", "search_initials", disputes)
    report(done)
    return counts[0], counts[1]


def _write(cur, table: str, column: str, rows: Iterable[tuple[str, int]]) -> int:
    """UPDATE table SET column = new for (new, id) rows; returns how many."""
    rows = list(rows)
    if rows:
        cur.executemany(f"UPDATE {table} SET {column} = ? WHERE id = ?", rows)
    return len(rows)


class _indexes_dropped:
    """The indexes of `table` that hold `column`, dropped for the block and built again from
    their own SQL at its end (inside the same transaction: a failure rolls both back)."""

    def __init__(self, cur, table: str, column: str) -> None:
        self.cur = cur
        self.sql: list[tuple[str, str]] = []
        for name, sql in cur.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=?",
                                     (table,)).fetchall():
            held = [r[2] for r in cur.execute(f'PRAGMA index_info("{name}")').fetchall()]
            if sql and column in held:
                self.sql.append((name, sql))

    def __enter__(self):
        for name, _ in self.sql:
            self.cur.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, kind, error, tb) -> None:
        if kind is None:
            for _, sql in self.sql:
                self.cur.execute(sql)
