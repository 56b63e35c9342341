"""Opening a database file safely: refuse foreign or damaged files, migrate older ones.

A file is looked at read-only first, so a file we refuse is left exactly as it was. An older
schema is copied aside (SQLite backup API) before Alembic upgrades it in place.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from db.engine import get_engine
from db.models.base import now
from db.probe import FileState, inspect_file, refusal

__all__ = ["DatabaseRefused", "FileState", "copy_aside", "head_revision", "inspect_file", "open_database", "upgrade"]

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
    return ScriptDirectory.from_config(_config()).get_current_head()


def copy_aside(path: Path, label: str) -> Path:
    """A consistent copy of the live file beside it, e.g. desk.db.before-upgrade-20261128-1200."""
    path = Path(path)
    target = path.with_name(f"{path.name}.{label}-{now():%Y%m%d-%H%M%S}")
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{target.name}-{n}")
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def open_database(path: Path | str, *, create: bool = True) -> Engine:
    """The engine for `path`, created or migrated to the newest schema, or DatabaseRefused."""
    path = Path(path)
    state = inspect_file(path)
    reason = refusal(path, state)
    if reason is not None:
        raise DatabaseRefused(*reason)
    if state.kind == "new":
        if not create:
            raise DatabaseRefused(f"数据库 {path} 不存在。", f"{path} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True)
    if state.kind == "older":
        copy_aside(path, f"before-upgrade-{state.revision}")
    engine = get_engine(path)
    if state.kind in ("new", "older"):
        upgrade(engine)
    return engine


def remove_quietly(path: Path) -> None:
    """Remove a scratch file or folder of ours (never a user's data file)."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
