"""Shared by the backup tests: fill a village with cases, hash tables, look at folders."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from db.backup.io import parse_backup_name, read_only_uri

PASSPHRASE = "青石村-备份-2026"


def _thirty_cases(_engine, path: Path) -> None:
    add_cases(path, 30)


# tests/db/conftest.py `built` arguments: the conftest village plus 30 cases
BACKUP_VILLAGE = ("backup-village", "village", _thirty_cases)


def add_cases(db_path: Path, n: int, start: int = 1) -> None:
    """n disputes with two parties each and an audit entry, written straight with sqlite3."""
    con = sqlite3.connect(db_path)
    stamp = datetime(2026, 1, 1, 9, 0)
    try:
        with con:
            for i in range(start, start + n):
                day = date(2025, 1, 1) + timedelta(days=i % 600)
                con.execute(
                    "INSERT INTO dispute (created_at, updated_at, voided, void_reason, id, year,"
                    " seq, number, accepted_on, registered_by, source, source_detail, type_id,"
                    " hamlet_id, summary, request, arose_at, people_involved, is_mass, severity,"
                    " other_mediators, deadline, status, result_note, closed_by, prevent_suicide,"
                    " prevent_crime, prevent_petition, prevent_fight, search_text, search_initials)"
                    " VALUES (?, ?, 0, '', ?, ?, ?, ?, ?, '李文书', 'applied', '', 1, 1, ?, '',"
                    " '', 2, 0, '一般', '', ?, 'accepted', '', '', 0, 0, 0, 0, '', '')",
                    (stamp, stamp, i, day.year, i, f"(2025)青调字第{i:05d}号", day,
                     f"第{i}号纠纷：邻里因宅基地边界发生争执。", day + timedelta(days=30)),
                )
                for role, name in (("applicant", f"张{i}"), ("respondent", f"王{i}")):
                    con.execute(
                        "INSERT INTO party (created_at, updated_at, voided, void_reason,"
                        " dispute_id, role, kind, name, representative, sex, ethnicity, id_number,"
                        " occupation, address, phone, initials) VALUES (?, ?, 0, '', ?, ?,"
                        " 'person', ?, '', '男', '汉族', '', '农民', '一组', '13900000000', '')",
                        (stamp, stamp, i, role, name),
                    )
                con.execute(
                    "INSERT INTO audit_entry (at, who, table_name, row_id, action, changes, note)"
                    " VALUES (?, 'test', 'dispute', ?, 'insert', '{}', '')",
                    (stamp, i),
                )
    finally:
        con.close()


# Raised on purpose by a restore (numbers the current file issued stay issued):
# tests/db/test_numbering.py holds that rule.
NOT_RESTORED_AS_IS = {"issued_number"}


def table_hashes(db_path: Path) -> dict[str, str]:
    """SHA-256 of every table's rows in primary-key order (the case-number counters aside)."""
    con = sqlite3.connect(read_only_uri(db_path), uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {
            t: hashlib.sha256(repr(con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall())
                              .encode()).hexdigest()
            for t in tables if t not in NOT_RESTORED_AS_IS
        }
    finally:
        con.close()


def file_bytes(*paths: Path) -> dict[str, bytes | None]:
    """The exact contents of files (None when absent): 'untouched' means byte-identical."""
    return {str(p): (p.read_bytes() if p.exists() else None) for p in paths}


def db_files(db_path: Path) -> list[Path]:
    return [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]


def final_names(folder: Path) -> list[str]:
    """Files in `folder` that carry a backup's (or its manifest's) final name."""
    out = []
    for p in folder.iterdir():
        name = p.name.removesuffix(".manifest.json")
        if parse_backup_name(name) is not None:
            out.append(p.name)
    return sorted(out)


def partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


def flip_bit(path: Path, bit: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(bit // 8)
        byte = fh.read(1)[0]
        fh.seek(bit // 8)
        fh.write(bytes([byte ^ (1 << (bit % 8))]))
