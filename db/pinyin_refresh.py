"""Re-key a database whose pinyin keys were made by another readings table or key format.

The keys (Party.initials, Dispute.search_initials, Question.initials) are stored when a record
is saved; a file saved by an older version of the program has older keys (曾𠮷祥 without the
letters of 𠮷, no full pinyin). `refresh_keys` recomputes them once, when the file is opened
(db.schema.open_database), and records db.pinyin.KEYS_VERSION in the file's header
(PRAGMA user_version), so the next opening costs one PRAGMA read. Only rows whose keys change
are written, in one transaction; the audit log is not touched (denormalised columns).

Plain SQL over the three tables (a floor module: no room is imported); the keys are composed
by db.pinyin exactly as the register and the checklist compose them when saving.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from sqlalchemy.engine import Connection, Engine

from db.pinyin import KEYS_VERSION, case_keys, name_keys, text_initials

BATCH = 5000


def keys_version(engine: Engine) -> int:
    """The KEYS_VERSION the file's keys were made with (0: unknown, older than the marker)."""
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


# What refresh_keys rewrites: worked out from names and texts, never typed by the clerk.
REKEYED = (("party", "initials"), ("dispute", "search_initials"), ("question", "initials"))


def refresh_keys(engine: Engine, *, force: bool = False) -> dict[str, int] | None:
    """Recompute every stored pinyin key when the file's keys are not KEYS_VERSION (or `force`).

    Returns None when nothing had to be done, else the number of rows rewritten per table.
    """
    if not force and keys_version(engine) == KEYS_VERSION:
        return None
    with engine.begin() as conn:
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        changed = {"party": 0, "dispute": 0, "question": 0}
        if {"party", "dispute"} <= tables:
            memo: dict[str, str] = {}  # a village has far more people than distinct names

            def keys_of(name: str) -> str:
                keys = memo.get(name)
                if keys is None:
                    keys = memo[name] = name_keys(name)
                return keys

            changed["party"] = _parties(conn, keys_of)
            changed["dispute"] = _disputes(conn, keys_of)
        if "question" in tables:
            rows = conn.exec_driver_sql("SELECT id, text, initials FROM question").all()
            changed["question"] = _update(conn, "question", "initials",
                                          ((id_, old, text_initials(value or "")) for id_, value, old in rows))
        conn.exec_driver_sql(f"PRAGMA user_version = {int(KEYS_VERSION)}")
    return changed


def _parties(conn: Connection, keys_of: Callable[[str], str]) -> int:
    rows = conn.exec_driver_sql("SELECT id, name, initials FROM party").all()
    return _update(conn, "party", "initials", ((id_, old, keys_of(name or "")) for id_, name, old in rows))


def _disputes(conn: Connection, keys_of: Callable[[str], str]) -> int:
    # The live parties of every case in entry order, as db.register.write.search_fields reads them.
    names = conn.exec_driver_sql(
        "SELECT dispute_id, name, representative FROM party WHERE voided = 0 ORDER BY dispute_id, id").all()
    keys = {dispute_id: case_keys((n for _, name, rep in group for n in (name, rep)), keys_of)
            for dispute_id, group in groupby(names, key=lambda r: r[0])}
    rows = conn.exec_driver_sql("SELECT id, search_initials FROM dispute").all()
    return _update(conn, "dispute", "search_initials", ((id_, old, keys.get(id_, "")) for id_, old in rows))


def _update(conn: Connection, table: str, column: str, rows) -> int:
    """Write (id, old, new) rows whose new value differs; returns how many."""
    stmt = f"UPDATE {table} SET {column} = ? WHERE id = ?"
    batch: list[tuple[str, int]] = []
    count = 0
    for id_, old, new in rows:
        if new != (old or ""):
            batch.append((new, id_))
            count += 1
            if len(batch) >= BATCH:
                conn.exec_driver_sql(stmt, batch)
                batch = []
    if batch:
        conn.exec_driver_sql(stmt, batch)
    return count
