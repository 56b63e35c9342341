"""Automatic local backups, their rotation, and what to offer when the database is damaged.

Automatic backups go to `<data dir>/backups/auto/<database file name>/` (the folder of the
database; one folder per database, so desk.db and demo.db side by side never prune each
other's backups), only when something changed since the last one: the newest manifest (of this
database's folder) gives max(audit_entry.id) and row counts to compare with the live file.
Backups made by older versions straight into `backups/auto/` are still offered for restore
but never rotated away (they may belong to another database of the folder). Rotation keeps
12 daily, 10 weekly and 9 monthly backups (grandfather-father-son on the backup's own
timestamp, newest of each day/week/month) and never removes the newest backup that still
matches its manifest.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from db.backup import history as backup_history
from db.backup.common import (
    Clock,
    change_marker,
    local_now,
)
from db.backup.io import (
    MANIFEST_SUFFIX,
    SQLITE_MAGIC,
    BackupError,
    io_error,
    manifest_path_for,
    parse_backup_name,
    read_only_uri,
    remove_quietly,
    remove_stale_partials,
    sha256_file,
)
from db.backup.make import (
    make_backup,
)
from db.backup.restore import (
    move_aside,
)
from db.backup.verify import (
    read_manifest,
)
from db.engine import dispose_engine
from db.private import make_dir, tighten, tighten_dir

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9


@dataclass(frozen=True)
class KnownBackup:
    """A backup file found on disk; `created_at` is the time in its name."""

    path: Path
    created_at: datetime
    encrypted: bool
    kind: str  # "auto" (data folder) or "stick" (recorded in the history) or "folder"


def auto_folder(db_path: Path | str) -> Path:
    """This database's own automatic backups: `<data dir>/backups/auto/<file name>/`."""
    real = Path(db_path).resolve()
    return real.parent / "backups" / "auto" / real.name


def legacy_auto_folder(db_path: Path | str) -> Path:
    """Where versions before the per-database folders put every automatic backup."""
    return Path(db_path).resolve().parent / "backups" / "auto"


def list_backups(folder: Path | str, kind: str = "folder") -> list[KnownBackup]:
    """The backups in a folder (by their final names), newest first; [] if unreadable."""
    found = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        parsed = parse_backup_name(name)
        if parsed is None:
            continue
        try:
            when = datetime.strptime(parsed[1], "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        found.append(KnownBackup(Path(folder) / name, when, parsed[2], kind))
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def matches_manifest(path: Path) -> bool:
    """The quick check: the file still hashes to what its manifest says (made when verified)."""
    try:
        manifest = read_manifest(path)
        if manifest is None:
            return False
        sha, size = sha256_file(path)
    except (BackupError, OSError):
        return False
    return sha == manifest["file_sha256"] and size == manifest["file_size"]


def known_backups(db_path: Path | str) -> list[KnownBackup]:
    """Automatic backups (this database's, and any left by older versions in the shared
    folder) and the recorded stick backups still present, newest first."""
    found = {b.path: b for b in list_backups(legacy_auto_folder(db_path), "auto")}
    found.update({b.path: b for b in list_backups(auto_folder(db_path), "auto")})
    for entry in backup_history.load(db_path):
        path = Path(entry["path"])
        parsed = parse_backup_name(path.name)
        if path in found or parsed is None or not path.is_file():
            continue
        try:
            when = datetime.strptime(parsed[1], "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        found[path] = KnownBackup(path, when, parsed[2], "stick")
    return sorted(found.values(), key=lambda b: (b.created_at, b.path.name), reverse=True)


def newest_verified_backup(db_path: Path | str) -> KnownBackup | None:
    """The newest known backup that still matches its manifest, or None."""
    return next((b for b in known_backups(db_path) if matches_manifest(b.path)), None)


def auto_backup(
    db_path: Path | str, *, clock: Clock | None = None, min_interval: timedelta | None = None
) -> Path | None:
    """An automatic backup into auto_folder(db_path) if anything changed; then rotate it.

    Returns the new file, or None when nothing changed, the last one is younger than
    `min_interval`, or there is no database. Raises BackupError when the backup fails.
    Call it on exit, and every 30 minutes with min_interval=timedelta(minutes=30).
    """
    db_path = Path(db_path)
    clock = clock or local_now
    if not db_path.is_file():
        return None
    folder = auto_folder(db_path)
    try:
        make_dir(folder)
    except OSError as exc:
        raise io_error(exc, "local") from exc
    _tighten_old(db_path)
    existing = list_backups(folder, "auto")
    if existing:
        newest = existing[0]
        if min_interval is not None and clock() - newest.created_at < min_interval:
            return None
        try:
            manifest = read_manifest(newest.path)
            last, counts = change_marker(db_path)
        except (BackupError, sqlite3.Error):
            manifest = None
        if manifest and manifest.get("last_audit_id") == last and manifest.get("counts") == counts:
            return None
    result = make_backup(db_path, folder, clock=clock)
    rotate(folder, clock)
    return result.path


def _tighten_old(db_path: Path) -> None:
    """Folders and files an older version left readable by others (0755 / 0644): ours, so
    made private here (our backups, manifests and the stick log; nothing else is touched)."""
    legacy = legacy_auto_folder(db_path)
    for folder in (legacy.parent, legacy, auto_folder(db_path)):
        tighten_dir(folder)
    for folder in (legacy, auto_folder(db_path)):
        for b in list_backups(folder):
            tighten(b.path)
            if os.path.lexists(manifest_path_for(b.path)):
                tighten(manifest_path_for(b.path))
    if (history := legacy.parent / "history.json").exists():
        tighten(history)


def rotate(
    folder: Path | str,
    clock: Clock | None = None,
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> list[Path]:
    """Remove automatic backups beyond 12 daily / 10 weekly / 9 monthly; return those removed.

    Buckets are counted over days (weeks, months) that have backups, newest first, so an
    office PC that is off for weeks keeps its last 12 days of work. Backups dated after
    `clock()` (a clock set back) and the newest one that matches its manifest are always kept.
    Stale scratch files (dot-names ending .partial, over an hour old) are removed too.
    """
    folder = Path(folder)
    now = (clock or local_now)()
    backups = list_backups(folder, "auto")
    keep = {b.path for b in backups if b.created_at > now}
    rules = (
        (daily, lambda t: t.date()),
        (weekly, lambda t: tuple(t.isocalendar())[:2]),
        (monthly, lambda t: (t.year, t.month)),
    )
    for count, bucket in rules:
        seen = []
        for b in backups:
            key = bucket(b.created_at)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(b.path)
    newest_ok = next((b for b in backups if matches_manifest(b.path)), None)
    if newest_ok is not None:
        keep.add(newest_ok.path)
    removed = []
    for b in backups:
        if b.path in keep:
            continue
        try:
            os.unlink(b.path)  # the backup first: a manifest alone is never taken for one
        except OSError:
            continue
        remove_quietly(manifest_path_for(b.path))
        removed.append(b.path)
    remove_stale_partials(folder)
    _remove_orphan_manifests(folder)
    return removed


def _remove_orphan_manifests(folder: Path) -> None:
    """A manifest whose backup never got its name (killed in between), over an hour old."""
    limit = time.time() - 3600
    for mpath in folder.glob("*" + MANIFEST_SUFFIX):
        backup = mpath.with_name(mpath.name[: -len(MANIFEST_SUFFIX)])
        try:
            if not os.path.lexists(backup) and mpath.stat().st_mtime < limit:
                mpath.unlink()
        except OSError:
            pass


def quick_check_on_open(db_path: Path | str, *, clock: Clock | None = None) -> str | None:
    """PRAGMA quick_check before opening. None when fine (or no file, or not SQLite at all).

    A damaged file is moved aside (with its -wal/-shm, never deleted) as
    `<name>.damaged-<time>`, and the returned sentence names it and offers the newest
    verified backup with its date (newest_verified_backup() gives the same backup as data).
    """
    db_path = Path(db_path)
    try:
        with open(db_path, "rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return None  # a foreign file is refused by open_database, not moved
    except OSError:
        return None
    try:
        con = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=5)
        try:
            ok = con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            return None  # in use by another window: not damage
        ok = False
    except sqlite3.DatabaseError:
        ok = False
    if ok:
        return None

    dispose_engine(db_path)
    moved = move_aside(db_path, "damaged", clock)
    offer = newest_verified_backup(db_path)
    text = f"数据库文件已损坏，已改名为 {moved.name} 留在原文件夹（没有删除）。"
    if offer is None:
        return text + "没有找到完好的备份，请插上存有备份的U盘，按 F6 选择备份文件恢复。"
    when = offer.created_at
    return (text + f"最新的完好备份是 {when.year}年{when.month}月{when.day}日 "
            f"{when:%H:%M} 的 {offer.path}，请按 F6 从它恢复。")
