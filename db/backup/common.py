"""What making, verifying and restoring a backup share: the result types, the manifest formats,
progress steps, the check of a copy (quick_check or integrity_check, our schema) and the
Chinese refusals. The public names are in db.backup."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db.backup.io import (
    SQLITE_MAGIC,
    BackupError,
    io_error,
    read_only_uri,
)
from db.private import touch
from db.probe import known_revisions

Progress = Callable[[str, float], None]
Clock = Callable[[], datetime]
MANIFEST_FORMAT = "desk-backup/1"  # a plain backup: what is in it, to check it and to compare
# An encrypted backup's manifest lies beside it in plain text on a stick: it holds only what
# verifies the ciphertext (its hash and size, the scrypt factor, when it was made). What is
# inside (village, counts, schema) is checked after decrypting: age's authenticated encryption
# vouches for every byte, then quick_check and our schema. Format 1 manifests of encrypted
# backups made by older versions (with the plain hash and counts) are still read and checked.
SEALED_FORMAT = "desk-backup/2"
MANIFEST_FORMATS = {MANIFEST_FORMAT: ("sha256", "file_sha256", "file_size", "encrypted",
                                      "schema_revision"),
                    SEALED_FORMAT: ("file_sha256", "file_size", "encrypted")}
SNAPSHOT_PAGES = 2048  # pages per backup step: one progress report per 8 MB


def local_now() -> datetime:
    """Local wall-clock time to the second (as db.models.base.now, without importing models)."""
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class BackupResult:
    """A backup that was written, read back and found identical; `size` is the file's size."""

    path: Path
    manifest_path: Path
    sha256: str  # of the plain database
    size: int
    counts: dict[str, int]
    encrypted: bool
    file_sha256: str  # of the file as written (= sha256 when not encrypted)
    created_at: datetime
    village: str
    schema_revision: str
    kdf_log_n: int | None = None  # scrypt work factor log2(N) when encrypted


@dataclass(frozen=True)
class VerifiedBackup:
    """A backup found whole: hash (or decryption) checked, quick/integrity check ok, our schema."""

    path: Path
    manifest_path: Path | None
    encrypted: bool
    sha256: str  # of the plain database
    size: int  # of the plain database
    village: str
    schema_revision: str
    needs_upgrade: bool  # made by an older version: restore migrates it
    counts: dict[str, int]
    created_at: datetime | None  # from the manifest (None without one)
    hash_checked: bool  # the manifest's SHA-256 matched (False: the SQLite check only)
    app_version: str | None = None


@dataclass(frozen=True)
class RestoreResult:
    """What restore did: the live file now holds the backup; the old one is `safety_copy`."""

    db_path: Path
    safety_copy: Path | None  # None when there was no database before
    backup: VerifiedBackup
    migrated_from: str | None  # the backup's schema revision when it was upgraded


@dataclass(frozen=True)
class _Facts:
    revision: str
    village: str
    counts: dict[str, int]
    last_audit_id: int


class _Steps:
    """Maps each stage onto its share of 0..1 for the caller's progress(text, fraction)."""

    def __init__(self, progress: Progress | None):
        self.progress = progress

    def __call__(self, text: str, fraction: float) -> None:
        if self.progress:
            self.progress(text, max(0.0, min(1.0, fraction)))

    def span(self, text: str, start: float, end: float) -> Callable[[float], None]:
        self(text, start)
        return lambda x: self(text, start + (end - start) * x)


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("desk")
    except Exception:  # running from a source tree without metadata
        return "unknown"


def data_dir(db_path: Path) -> Path:
    """The folder of the database: automatic backups, history and safety copies live there."""
    return Path(db_path).resolve().parent


# --- the SQLite side -----------------------------------------------------------------------


def _snapshot(db_path: Path, target: Path, step: Callable[[float], None]) -> None:
    """A consistent copy of the live file (backup API), as a plain rollback-journal file."""
    src = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=5)
    try:
        touch(target)  # born private; SQLite gives its journal the same mode
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=SNAPSHOT_PAGES,
                       progress=lambda _s, left, total: step(1 - left / total if total else 1))
            # The copy keeps the WAL flag of the live file; a backup must stand alone.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _refuse(context: str, kind: str, name: str, detail: str = "") -> BackupError:
    if context == "source":
        messages = {
            "damaged": "当前数据库检查未通过，无法做出完好的备份，请运行 desk check 检查并联系技术人员。",
            "foreign": "当前数据库不是村委工作台的数据库，无法备份，请检查 --db 指定的路径。",
            "newer": "当前数据库由更新版本的程序写入，无法备份，请先升级本程序。",
        }
        kind = "source_damaged" if kind == "damaged" else kind
        return BackupError(messages.get(kind, messages["damaged"]),
                           f"live database: {kind} {detail}".strip(), kind)
    messages = {
        "damaged": f"备份文件 {name} 已损坏，不能用来恢复，请换一个备份文件；当前数据库未作改动。",
        "foreign": f"文件 {name} 不是村委工作台的备份，请选择以 .desk.sqlite3 或 .desk.sqlite3.age "
                   "结尾的备份文件；当前数据库未作改动。",
        "newer": f"备份 {name} 由更新版本的村委工作台制作（结构版本 {detail}），请先升级本程序再恢复；"
                 "当前数据库未作改动。",
    }
    return BackupError(messages[kind], f"backup {name}: {kind} {detail}".strip(), kind)


def _check_schema(con: sqlite3.Connection, revision: str, name: str) -> None:
    """Every table, column, index and trigger of `revision`, and nothing more."""
    from db.check_schema import compare_schema, summary  # late: only when a copy is checked

    problems = compare_schema(con, revision)
    if problems:
        raise BackupError(
            f"备份文件 {name} 的数据结构与它的版本不符（{summary(problems)}），可能已损坏或被改动过，"
            "不能用来恢复，请换一个备份文件；当前数据库未作改动。",
            f"backup {name}: schema differs from {revision}: "
            + "; ".join(p.english for p in problems[:5]), "damaged")


def check_copy(path: Path, context: str, name: str = "", *, full: bool = False,
               pages: bool = True) -> _Facts:
    """Whole length, quick_check (integrity_check if `full`), our schema, a known revision.
    pages=False skips quick_check, for a copy whose hash has just matched its manifest (it is
    byte for byte the copy that passed quick_check when the backup was made).

    quick_check verifies every page and b-tree in O(N); integrity_check also matches every
    index entry to its row, which takes ~3.5 s on a 100,000-case file (quick_check ~0.6 s).
    """
    with open(path, "rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise _refuse(context, "foreign" if context == "source" else "damaged", name)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if page_size * pages != os.path.getsize(path):  # truncated or padded
        raise _refuse(context, "damaged", name, "length does not match the header")
    try:
        con = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
        try:
            pragma = "integrity_check" if full else "quick_check"
            problems = [r[0] for r in con.execute(f"PRAGMA {pragma}")] if pages or full else ["ok"]
            if problems != ["ok"]:
                raise _refuse(context, "damaged", name, "; ".join(problems[:3]))
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name")]
            if "alembic_version" not in tables or "village" not in tables:
                raise _refuse(context, "foreign", name)
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else ""
            if revision not in known_revisions():
                raise _refuse(context, "newer" if revision else "foreign", name, revision)
            if context == "backup":  # the whole schema of its revision, not only its name
                _check_schema(con, revision, name)
            row = con.execute("SELECT name FROM village WHERE id = 1").fetchone()
            counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
            last = 0
            if "audit_entry" in tables:
                last = con.execute("SELECT coalesce(max(id), 0) FROM audit_entry").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise _refuse(context, "damaged", name, str(exc)) from None
    return _Facts(revision, (row[0] if row else "") or "", counts, last)


def change_marker(db_path: Path) -> tuple[int, dict[str, int]]:
    """(max audit id, row counts) of the live file: unchanged marker means nothing to back up."""
    con = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=5)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        last = 0
        if "audit_entry" in tables:
            last = con.execute("SELECT coalesce(max(id), 0) FROM audit_entry").fetchone()[0]
    finally:
        con.close()
    return last, counts


def encrypt_by_default(db_path: Path | str) -> bool:
    """The village setting 备份默认加密 (village.backup_encrypt); False when unreadable."""
    try:
        con = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=5)
        try:
            row = con.execute("SELECT backup_encrypt FROM village WHERE id = 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row and row[0])


# --- make ----------------------------------------------------------------------------------




def _check_room(dest: Path, size: int, where: str) -> None:
    """Say "stick full" before writing when the free space is plainly too small."""
    try:
        free = shutil.disk_usage(dest).free
    except OSError:
        return  # unknown: writing will tell
    if free < size + (1 << 20):
        raise io_error(OSError(errno.ENOSPC, "not enough free space"), where)


def _sqlite_error(exc: sqlite3.Error) -> BackupError:
    text = str(exc).lower()
    if "full" in text:
        return io_error(OSError(28, "database or disk is full"), "local")
    if "locked" in text or "busy" in text:
        return BackupError("数据库正忙，请稍等片刻再备份。", str(exc), "busy")
    if "malformed" in text or "not a database" in text:
        return _refuse("source", "damaged", "", str(exc))
    return io_error(OSError(5, str(exc)), "local")




def _read_error(exc: OSError) -> BackupError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EROFS):
        return io_error(exc, "local")
    return BackupError("读取备份文件时出错（U盘可能被拔出或已损坏），请插好U盘后再试一次；当前数据库未作改动。",
                       f"{exc.strerror or exc}", "io")
