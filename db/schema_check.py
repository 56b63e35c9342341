"""Is a file's whole schema the one its Alembic revision should have?

    expected_schema(revision) -> dict      the schema an empty file migrated to `revision` has
                                           (built once per process in a private temp folder)
    describe_schema(conn) -> dict          the same description of any open sqlite3 connection
    compare_schema(conn, expected) -> list[SchemaProblem]
                                           every table, column, index and trigger missing,
                                           extra or different; [] when the schema matches

Used by restore and verify (db.backup_core.check_copy) to refuse a backup missing a table or a
trigger, and meant for `desk check` (db.check) on the live file. The description compares what
SQLite reports (PRAGMA table_info, index_list/index_info, foreign_key_list, trigger SQL with
whitespace and case folded), not the CREATE text, so a file migrated step by step and a file
created fresh at the same revision compare equal. Stdlib only at import time.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

WHAT = {"table": "数据表", "column": "列", "index": "索引", "trigger": "触发器",
        "foreign_key": "外键"}
_cache: dict[str, dict] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class SchemaProblem:
    """One difference: `kind` is missing / extra / different; `what` a key of WHAT."""

    kind: str
    what: str
    name: str  # "dispute", "dispute.seq", "ix_dispute_list", "audit_entry_no_delete"

    @property
    def chinese(self) -> str:
        label = WHAT.get(self.what, self.what)
        if self.kind == "missing":
            return f"缺少{label} {self.name}"
        if self.kind == "extra":
            return f"多出了{label} {self.name}"
        return f"{label} {self.name} 与应有的不一致"

    def __str__(self) -> str:
        return f"{self.kind} {self.what} {self.name}"


def _fold(sql: str | None) -> str:
    return re.sub(r"\s+", " ", (sql or "").strip().rstrip(";")).lower()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def describe_schema(conn: sqlite3.Connection) -> dict:
    """{"tables": {name: {"columns": {...}, "foreign_keys": [...]}}, "indexes": {...},
    "triggers": {...}} of every object not SQLite's own (sqlite_%)."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
    tables: dict[str, dict] = {}
    indexes: dict[str, dict] = {}
    triggers: dict[str, dict] = {}
    views: dict[str, str] = {}
    for kind, name, table, sql in rows:
        if kind == "table":
            columns = {
                c[1]: {"type": (c[2] or "").upper(), "notnull": bool(c[3]), "pk": int(c[5])}
                for c in conn.execute(f"PRAGMA table_info({_quote(name)})")
            }
            fks = sorted(
                (f[2], f[3], f[4] or "") for f in conn.execute(
                    f"PRAGMA foreign_key_list({_quote(name)})"))
            tables[name] = {"columns": columns, "foreign_keys": [list(f) for f in fks]}
        elif kind == "index":
            info = conn.execute(f"PRAGMA index_info({_quote(name)})").fetchall()
            unique = next((bool(r[2]) for r in conn.execute(
                f"PRAGMA index_list({_quote(table)})") if r[1] == name), False)
            indexes[name] = {"table": table, "unique": unique,
                             "columns": [r[2] for r in sorted(info)]}
        elif kind == "trigger":
            triggers[name] = {"table": table, "sql": _fold(sql)}
        elif kind == "view":
            views[name] = _fold(sql)
    return {"tables": tables, "indexes": indexes, "triggers": triggers, "views": views}


def compare_schema(conn: sqlite3.Connection, expected: dict) -> list[SchemaProblem]:
    """Every difference between the schema of `conn` and `expected` (missing first)."""
    actual = describe_schema(conn)
    problems: list[SchemaProblem] = []
    want_t, have_t = expected["tables"], actual["tables"]
    for name in sorted(want_t):
        if name not in have_t:
            problems.append(SchemaProblem("missing", "table", name))
            continue
        want_c, have_c = want_t[name]["columns"], have_t[name]["columns"]
        for col in want_c:
            if col not in have_c:
                problems.append(SchemaProblem("missing", "column", f"{name}.{col}"))
            elif have_c[col] != want_c[col]:
                problems.append(SchemaProblem("different", "column", f"{name}.{col}"))
        for col in have_c:
            if col not in want_c:
                problems.append(SchemaProblem("extra", "column", f"{name}.{col}"))
        if want_t[name]["foreign_keys"] != have_t[name]["foreign_keys"]:
            problems.append(SchemaProblem("different", "foreign_key", name))
    for what, key in (("index", "indexes"), ("trigger", "triggers")):
        want, have = expected[key], actual[key]
        for name in sorted(want):
            if name not in have:
                problems.append(SchemaProblem("missing", what, name))
            elif have[name] != want[name]:
                problems.append(SchemaProblem("different", what, name))
    for name in sorted(set(have_t) - set(want_t)):
        problems.append(SchemaProblem("extra", "table", name))
    for what, key in (("index", "indexes"), ("trigger", "triggers"), ("table", "views")):
        for name in sorted(set(actual[key]) - set(expected.get(key, {}))):
            problems.append(SchemaProblem("extra", what, name))
    order = {"missing": 0, "different": 1, "extra": 2}
    return sorted(problems, key=lambda p: order[p.kind])


def expected_schema(revision: str) -> dict:
    """The description of an empty file migrated to `revision` (cached per process)."""
    with _cache_lock:
        if revision in _cache:
            return _cache[revision]
    from db.engine import dispose_engine, get_engine
    from db.private import private_umask
    from db.schema import upgrade

    folder = Path(tempfile.mkdtemp(prefix="desk-schema-"))
    path = folder / "expected.sqlite3"
    try:
        with private_umask():
            try:
                upgrade(get_engine(path), revision)
            finally:
                dispose_engine(path)
        con = sqlite3.connect(path)
        try:
            described = describe_schema(con)
        finally:
            con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with _cache_lock:
        _cache[revision] = described
    return described


def summary(problems: list[SchemaProblem], limit: int = 3) -> str:
    """Chinese: the first few problems, e.g. "缺少数据表 dispute；缺少触发器 x 等 5 处"."""
    text = "；".join(p.chinese for p in problems[:limit])
    return text + (f" 等 {len(problems)} 处" if len(problems) > limit else "")


__all__ = ["SchemaProblem", "compare_schema", "describe_schema", "expected_schema", "summary"]
