"""One village backup read for the township: verified, opened as a temporary copy, migrated in
the copy when older, and its month computed by the village's own report code (db.stats).

The backup on the stick is only read. The copy lives in a private scratch folder and is removed
whatever happens. Every refusal is a ReadRefused with one Chinese sentence naming the file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from db.backup.common import check_copy
from db.backup.io import BackupError, manifest_path_for, parse_backup_name, read_only_uri
from db.backup.verify import read_manifest, verified_copy
from db.engine import make_engine
from db.private import private_umask
from db.probe import known_revisions
from db.stats.figures import monthly_figures
from db.stats.table import StatRow, statistics_row


class ReadRefused(Exception):
    """A file skipped: `.message` (Chinese, names the file and what to do), `.kind`."""

    def __init__(self, message: str, english: str = "", kind: str = "damaged"):
        super().__init__(message)
        self.message, self.english, self.kind = message, english, kind


@dataclass(frozen=True)
class VillageMonth:
    """A village's figures for the month from one backup."""

    path: Path
    village: str
    committee: str
    township: str
    made_at: datetime | None
    row: StatRow
    migrated_from: str | None


def _said(exc: BackupError, name: str) -> ReadRefused:
    """The backup's refusal in the township's words (the backup's own speak of restoring)."""
    words = {
        "damaged": f"备份 {name} 已损坏或被改动过（校验不符），已跳过；请让该村重新做一份备份。",
        "foreign": f"文件 {name} 不是村委工作台的备份，已跳过。",
        "newer": f"备份 {name} 由更新版本的村委工作台制作，请先升级本程序再汇总。",
        "need_passphrase": f"备份 {name} 是加密的，没有输入密码，已跳过。",
        "wrong_passphrase": f"备份 {name} 的密码不对（或文件已损坏），已跳过；请向该村问清密码后重试。",
        "no_manifest": f"备份 {name} 旁边缺少说明文件 {name}.manifest.json，无法确认完好，已跳过；请把两个文件一起复制过来。",
        "upgrade_failed": f"备份 {name} 的数据格式升级失败，已跳过；请联系技术人员。",
    }
    text = words.get(exc.kind) or f"读取备份 {name} 时出错，已跳过：{exc.message}"
    return ReadRefused(text, exc.english, exc.kind)


def half_copied(path: Path) -> str | None:
    """Why `path` looks half-copied (shorter than its manifest says), else None."""
    try:
        manifest = read_manifest(path)
    except BackupError:
        return None
    size = os.path.getsize(path)
    whole = int(manifest.get("file_size", 0)) if manifest else _sqlite_length(path)
    if size < whole:
        return (f"备份 {path.name} 不完整（只复制了 {size} / {whole} 字节），"
                "已跳过；请从村里的U盘重新复制。")
    return None


def _sqlite_length(path: Path) -> int:
    """The length a plain SQLite file's header promises (0 when it is not one)."""
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return 0
    page_size = int.from_bytes(header[16:18], "big")
    return (65536 if page_size == 1 else page_size) * int.from_bytes(header[28:32], "big")


def made_at(path: Path) -> datetime | None:
    """When a backup was made: its manifest, else the time in its name."""
    try:
        manifest = read_manifest(path)
        if manifest and manifest.get("created_at"):
            return datetime.fromisoformat(manifest["created_at"])
    except (BackupError, ValueError):
        pass
    parsed = parse_backup_name(path.name)
    if parsed:
        try:
            return datetime.strptime(parsed[1], "%Y%m%d-%H%M%S")
        except ValueError:
            return None
    return None


def _upgrade(copy: Path, name: str) -> None:
    from db.schema import upgrade  # late: Alembic only when an older backup comes in

    engine = make_engine(copy)
    try:
        with private_umask():
            upgrade(engine)
    except Exception as exc:
        raise ReadRefused(f"备份 {name} 的数据格式升级失败，已跳过；请联系技术人员。",
                          f"migration failed: {exc}", "upgrade_failed") from exc
    finally:
        engine.dispose()
    con = sqlite3.connect(copy)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    if check_copy(copy, "backup", name).revision != known_revisions()[-1]:
        raise ReadRefused(f"备份 {name} 的数据格式升级失败，已跳过；请联系技术人员。", "still old", "upgrade_failed")


def read_only_engine(path: Path):
    """An engine that can only read `path` (SQLite opens it read-only and immutable)."""
    uri = read_only_uri(path, immutable=True)
    return create_engine("sqlite://", poolclass=NullPool,
                         creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))


def read_backup(path: Path | str, month: str, *, passphrase: str | None = None,
                today: date | None = None, work_dir: Path | str | None = None,
                basis: str = "accepted") -> VillageMonth:
    """The month's statistics row of the village in backup `path`; ReadRefused when skipped."""
    path = Path(path)
    name = path.name
    if why := half_copied(path):
        raise ReadRefused(why, "shorter than its manifest", "partial")
    scratch = Path(tempfile.mkdtemp(prefix="desk-township-", dir=work_dir))
    copy = scratch / "village.sqlite3"
    try:
        try:
            verified = verified_copy(path, copy, passphrase=passphrase)
        except BackupError as exc:
            raise _said(exc, name) from None
        migrated = None
        if verified.needs_upgrade:
            _upgrade(copy, name)
            migrated = verified.schema_revision
        engine = read_only_engine(copy)  # the copy is read, never written (mode=ro, immutable)
        try:
            fig = monthly_figures(engine, month, today=today)
            with engine.connect() as conn:
                row = statistics_row(fig, conn, basis=basis)
        finally:
            engine.dispose()
        return VillageMonth(path, fig.village or verified.village, fig.committee, fig.township,
                            verified.created_at or made_at(path), row, migrated)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


__all__ = ["ReadRefused", "VillageMonth", "half_copied", "made_at", "manifest_path_for", "read_backup"]
