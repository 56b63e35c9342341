"""Restoring one backup (restore_backup).

verify into a scratch file beside the live database (hash or decryption,
quick_check, and the whole schema of the backup's revision: db.check_schema), migrate it if it
is older, raise its case-number counters to every number the live file has issued
(db.register.numbering), copy the live file aside, then os.replace. Until that last step the live file
is not touched, so every refusal or failure leaves it exactly as it was.

Every file made here is private (0600, folders 0700: db.private).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from db.backup.common import (
    Clock,
    Progress,
    RestoreResult,
    _read_error,
    _Steps,
    check_copy,
    local_now,
)
from db.backup.io import (
    BackupError,
    fsync_dir,
    fsync_file,
    io_error,
    partial_path,
    remove_quietly,
    remove_sqlite_scratch,
)
from db.backup.verify import (
    _load_into,
)
from db.engine import dispose_engine, get_engine
from db.private import make_dir, private_umask
from db.probe import known_revisions
from db.register.numbering import carry_issued_numbers, read_issued_numbers


def _upgrade_copy(path: Path) -> None:
    """Migrate a verified copy to the newest schema with Alembic (db.schema.upgrade)."""
    from db.schema import upgrade  # late: Alembic only when a backup needs migrating

    dispose_engine(path)
    try:
        with private_umask():
            upgrade(get_engine(path))
    except Exception as exc:
        raise BackupError(
            "备份的数据格式升级失败，当前数据库未作改动，请联系技术人员。",
            f"migration failed: {exc}", "upgrade_failed",
        ) from exc
    finally:
        dispose_engine(path)


def _rollback_mode(path: Path) -> None:
    """Leave `path` as one self-contained file (no -wal to lose in a rename)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    remove_quietly(Path(f"{path}-wal"), Path(f"{path}-shm"))


def move_aside(path: Path, label: str, clock: Clock | None = None) -> Path:
    """Rename `path` (and its -wal/-shm) to `<name>.<label>-<time>`; never deletes anything."""
    stamp = (clock or local_now)().strftime("%Y%m%d-%H%M%S")
    base = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while any(os.path.lexists(f"{base}{s}") for s in ("", "-wal", "-shm")):
        n += 1
        base = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    for s in ("-wal", "-shm", ""):  # the main file last: its companions go with it
        if os.path.lexists(f"{path}{s}"):
            os.rename(f"{path}{s}", f"{base}{s}")
    fsync_dir(path.parent)
    return base


def _set_current_aside(db_path: Path, clock: Clock) -> Path | None:
    """A safety copy of the live file (db.schema.copy_aside); a damaged one is moved aside."""
    if not db_path.exists():
        return None

    dispose_engine(db_path)
    try:
        con = sqlite3.connect(db_path, timeout=5)
        try:
            busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            con.close()
        if busy or str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
        from db.schema import copy_aside  # late: db.schema loads Alembic

        with private_umask():
            safety = copy_aside(db_path, "before-restore")
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise BackupError("数据库正被另一个窗口使用，请先关闭其他村委工作台窗口再恢复；当前数据库未作改动。",
                              str(exc), "busy") from None
        return move_aside(db_path, "before-restore", clock)  # damaged: keep it as it is
    fsync_file(safety)
    return safety


def _clear_companions(db_path: Path, clock: Clock) -> None:
    """No old -wal may meet the new file; a non-empty one is kept aside, never deleted."""
    shm, wal = Path(f"{db_path}-shm"), Path(f"{db_path}-wal")
    remove_quietly(shm)
    if wal.exists():
        if wal.stat().st_size == 0:
            remove_quietly(wal)
        else:
            os.rename(wal, wal.with_name(f"{wal.name}.stale-{clock():%Y%m%d-%H%M%S}"))


def restore_backup(
    backup_path: Path | str,
    db_path: Path | str,
    *,
    passphrase: str | None = None,
    progress: Progress | None = None,
    require_manifest: bool = True,
    clock: Clock | None = None,
    full_check: bool = False,
) -> RestoreResult:
    """Replace the database at `db_path` by the backup, keeping a safety copy of the old one.

    The caller must hold the database lock and have stopped using the database (the engine
    is disposed here before and after). Any refusal or failure raises BackupError and leaves
    the current database as it was.
    """
    db_path = Path(db_path).absolute()
    steps = _Steps(progress)
    clock = clock or local_now
    folder = db_path.parent
    tmp = partial_path(folder, f"{db_path.name}.restore")
    try:
        make_dir(folder)
        try:
            verified = _load_into(Path(backup_path), tmp, passphrase, require_manifest, steps,
                                  full_check=full_check)
        except OSError as exc:
            raise _read_error(exc) from exc
        migrated_from = None
        if verified.needs_upgrade:
            steps("正在升级备份的数据格式…", 0.6)
            _upgrade_copy(tmp)
            _rollback_mode(tmp)
            facts = check_copy(tmp, "backup", Path(backup_path).name, full=full_check)
            if facts.revision != known_revisions()[-1]:
                raise BackupError("备份的数据格式升级失败，当前数据库未作改动，请联系技术人员。",
                                  f"still at {facts.revision}", "upgrade_failed")
            migrated_from = verified.schema_revision
        # Numbers the current file has issued stay issued in the restored one.
        try:
            carry_issued_numbers(read_issued_numbers(db_path), tmp)
        except sqlite3.Error as exc:
            raise BackupError("恢复时无法写入已用过的案件编号，当前数据库未作改动；请再试一次，"
                              "如果还不行，请联系技术人员。", f"issued numbers: {exc}",
                              "io") from exc
        fsync_file(tmp)
        steps("正在另存当前数据库…", 0.75)
        safety = _set_current_aside(db_path, clock)
        steps("正在换上备份…", 0.95)
        _clear_companions(db_path, clock)
        os.replace(tmp, db_path)
    except BaseException as exc:
        remove_sqlite_scratch(tmp)
        if isinstance(exc, OSError):
            raise io_error(exc, "local") from exc
        raise

    dispose_engine(db_path)  # no pooled connection may still point at the old file
    try:  # the swap is done; a folder that cannot be synced must not report a failure
        fsync_dir(folder)
    except OSError:
        pass
    steps("恢复完成。", 1.0)
    return RestoreResult(db_path, safety, verified, migrated_from)
