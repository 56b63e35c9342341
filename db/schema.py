"""Opening a database file safely: refuse foreign or damaged files, migrate older ones.

A file is looked at read-only first, so a file we refuse is left exactly as it was. An older
schema is copied aside (SQLite backup API) before Alembic upgrades it in place.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from db.engine import dispose_engine, get_engine
from db.models.base import now
from db.pinyin_refresh import refresh_keys
from db.private import make_dir, tighten, touch
from db.probe import FileState, connect_readonly, inspect_file, refusal

__all__ = [
    "DatabaseRefused", "FileState", "copy_aside", "downgrade", "head_revision", "inspect_file",
    "open_database", "upgrade",
]

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseRefused(Exception):
    """The file cannot be opened; `.message` says why in Chinese, and the file is untouched."""

    def __init__(self, message: str, english: str = ""):
        super().__init__(message)
        self.message = message
        self.english = english


def _config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision this program knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def copy_aside(path: Path, label: str) -> Path:
    """A consistent copy of the live file beside it, e.g. desk.db.before-upgrade-20261128-1200."""
    path = Path(path)
    base = f"{path.name}.{label}-{now():%Y%m%d-%H%M%S}"
    target = path.with_name(base)
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{base}-{n}")
    # Not immutable: the copy must include commits still waiting in a -wal file.
    src = connect_readonly(path, immutable_ok=False)
    touch(target)  # a copy of personal data is as private as the file itself
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


_MIGRATION_LOCK = threading.Lock()


def _migrate(engine: Engine, run) -> None:
    """Run `run(config)` as ONE transaction: a failed migration leaves the file as it was.

    The sqlite3 driver does not BEGIN before DDL, so left to itself every CREATE/DROP commits
    on its own and a failure half-way leaves a half-migrated file. Here the driver is put in
    autocommit and the transaction is ours. Foreign keys are off while tables are rebuilt
    (batch mode drops and recreates them; with the check on, dropping a table that other rows
    point at fails on a populated file only), and checked before the commit instead, as the
    SQLite manual prescribes for schema changes.
    """
    # Alembic keeps its migration context process-wide: two threads migrating two files at
    # once would run on each other's connections. One migration at a time.
    with _MIGRATION_LOCK, engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                run(_config(connection))
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} rows pointing nowhere: {broken[:5]}")
            except BaseException:
                connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the file up to `revision`, all or nothing."""
    _migrate(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the file down to `revision` (for tests and emergencies), all or nothing."""
    _migrate(engine, lambda cfg: command.downgrade(cfg, revision))


def current_revision(engine: Engine) -> str | None:
    """The revision recorded in the file (None before the first migration)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def open_database(path: Path | str, *, create: bool = True, thorough: bool = True,
                  progress: Callable[[int, int], None] | None = None) -> Engine:
    """The engine for `path`, created or migrated to the newest schema, or DatabaseRefused.

    thorough=False skips PRAGMA quick_check, for a caller that has just run it. `progress`
    (done, total) is told how re-keying an older file's pinyin keys goes (db.pinyin_refresh)."""
    path = Path(path)
    state = inspect_file(path, thorough=thorough)
    reason = refusal(path, state)
    if reason is not None:
        raise DatabaseRefused(*reason)
    if state.kind == "new":
        if not create:
            raise DatabaseRefused(f"数据库 {path} 不存在。", f"{path} does not exist.")
        make_dir(path.parent)
        touch(path)  # private before SQLite creates it: its -wal/-shm inherit 0600
    else:
        for companion in (path, f"{path}-wal", f"{path}-shm"):  # left loose by an older version
            if Path(companion).exists():
                tighten(companion)
    copy = copy_aside(path, f"before-upgrade-{state.revision}") if state.kind == "older" else None
    engine = get_engine(path)
    if state.kind in ("new", "older"):
        try:
            upgrade(engine)
        except Exception as exc:  # the migration rolled back: the file is as it was
            dispose_engine(path)
            kept = f"升级前的副本在 {copy}。" if copy else ""
            raise DatabaseRefused(
                f"数据库 {path} 升级失败，文件保持原样。{kept}请把这个文件交给技术人员处理。",
                f"upgrading {path} failed and was rolled back: {exc}",
            ) from exc
    try:
        refresh_keys(engine, progress=progress)  # pinyin keys of an older version: once, then one PRAGMA read
    except Exception:  # a read-only file, a busy one: the old keys still work; tried again
        # at the next opening. Quietly: nothing here may reach the clerk's screen as a traceback.
        logging.getLogger(__name__).info("refreshing the pinyin keys of %s failed", path, exc_info=True)
    return engine


def remove_quietly(path: Path) -> None:
    """Remove a scratch file or folder of ours (never a user's data file)."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
