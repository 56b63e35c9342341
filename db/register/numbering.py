"""A case number once issued is never issued again, whatever is restored (stdlib only).

The register issues `max(dispute.seq, issued_number.last_seq) + 1` per year and records every
number it issues in issued_number (db.register.write). A restore puts an older file in place, whose
cases and counters stop below numbers the current file has already given out; before the swap,
`carry_issued_numbers` writes into the restored copy, per year, the highest number either file
has issued (its counters and its cases, voided ones included).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def issued_numbers(con: sqlite3.Connection) -> dict[int, int]:
    """year -> highest sequence number this file has issued (counters and cases)."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    out: dict[int, int] = {}
    queries = []
    if "dispute" in tables:
        queries.append("SELECT year, max(seq) FROM dispute GROUP BY year")
    if "issued_number" in tables:
        queries.append("SELECT year, last_seq FROM issued_number")
    for query in queries:
        for year, seq in con.execute(query):
            if year is not None and seq is not None:
                out[int(year)] = max(out.get(int(year), 0), int(seq))
    return out


def read_issued_numbers(db_path: Path | str) -> dict[int, int]:
    """issued_numbers of a file, read-only (its pending -wal commits included); {} when the
    file is missing or unreadable (a damaged file: nothing can be read from it)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        return {}
    try:
        con = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
        try:
            return issued_numbers(con)
        finally:
            con.close()
    except sqlite3.Error:
        return {}


def carry_issued_numbers(current: dict[int, int], restored_path: Path | str) -> dict[int, int]:
    """Raise the restored copy's counters to at least `current` (and its own cases); return
    the counters it now holds. The copy must be at the newest schema (issued_number exists)."""
    con = sqlite3.connect(restored_path, timeout=5)
    try:
        with con:
            merged = issued_numbers(con)
            for year, seq in current.items():
                merged[year] = max(merged.get(year, 0), seq)
            con.executemany(
                "INSERT INTO issued_number (year, last_seq) VALUES (?, ?) ON CONFLICT(year) "
                "DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
                sorted(merged.items()))
    finally:
        con.close()
    return merged
