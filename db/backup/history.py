"""Where and when backups went to a stick: `<data dir>/backups/history.json`.

Only the time, path, hash, encrypted flag and the database's file name are kept (no
passphrase, nothing about people). Each entry names its database, so desk.db and demo.db in one
folder keep separate reminders (entries written before that count for every database).
Written as a new file and renamed over the old one, so a power cut leaves either version.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

from db.backup.io import fsync_dir, partial_path, remove_quietly, write_new_file
from db.private import make_dir

KEEP_ENTRIES = 200
WARN_AFTER_DAYS = 7


def history_path(db_path: Path | str) -> Path:
    return Path(db_path).resolve().parent / "backups" / "history.json"


def _load_all(db_path: Path | str) -> list[dict]:
    try:
        data = json.loads(history_path(db_path).read_text(encoding="utf-8"))
        entries = data.get("stick_backups", [])
        return [e for e in entries if isinstance(e, dict) and "at" in e and "path" in e]
    except (OSError, ValueError, AttributeError):
        return []


def load(db_path: Path | str) -> list[dict]:
    """This database's recorded stick backups, oldest first ([] when none or unreadable)."""
    name = Path(db_path).resolve().name
    return [e for e in _load_all(db_path) if e.get("db", name) == name]


def record(db_path: Path | str, result) -> None:
    """Add one finished stick backup (a BackupResult). A failure here never fails the backup."""
    path = history_path(db_path)
    entries = _load_all(db_path)
    entries.append({
        "db": Path(db_path).resolve().name,
        "at": result.created_at.isoformat(timespec="seconds"),
        "path": str(result.path),
        "file_sha256": result.file_sha256,
        "encrypted": result.encrypted,
    })
    text = json.dumps({"stick_backups": entries[-KEEP_ENTRIES:]}, ensure_ascii=False, indent=1)
    tmp = None
    try:
        make_dir(path.parent)
        tmp = partial_path(path.parent, path.name)
        write_new_file(tmp, [text.encode()])
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError:
        pass  # the backup itself is safe on the stick; only the reminder may be off
    finally:
        if tmp is not None:
            remove_quietly(tmp)


def last_stick_backup(db_path: Path | str) -> datetime | None:
    """When the last backup onto a stick (any folder outside the data folder) was made."""
    times = []
    for entry in load(db_path):
        try:
            times.append(datetime.fromisoformat(entry["at"]))
        except (TypeError, ValueError):
            continue
    return max(times, default=None)


def stick_backup_warning(db_path: Path | str, today: date) -> str | None:
    """A sentence for the home screen when the last stick backup is over 7 days old."""
    last = last_stick_backup(db_path)
    if last is None:
        return "还没有把数据备份到U盘，请插上U盘按 F6 备份。"
    days = (today - last.date()).days
    if days <= WARN_AFTER_DAYS:
        return None
    return (f"上次备份到U盘是 {last.year}年{last.month}月{last.day}日（{days} 天前），"
            "请插上U盘按 F6 备份。")
