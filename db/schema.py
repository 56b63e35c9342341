"""Opening a database file safely: refuse foreign or damaged files, migrate older ones.

A file is looked at read-only first, so a file we refuse is left exactly as it was. An older
schema is copied aside (SQLite backup API) before Alembic upgrades it in place.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from db.engine import get_engine
from db.models.base import now

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseRefused(Exception):
    """The file cannot be opened; `.message` says why in Chinese, and the file is untouched."""

    def __init__(self, message: str, english: str = ""):
        super().__init__(message)
        self.message = message
        self.english = english


@dataclass(frozen=True)
class FileState:
    kind: str  # new / current / older / newer / foreign / damaged
    revision: str | None = None


def _config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def inspect_file(path: Path) -> FileState:
    """What `path` holds, read without changing a byte."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return FileState("new")
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            return FileState("foreign")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            ok = con.execute("PRAGMA quick_check").fetchone()[0]
            if ok != "ok":
                return FileState("damaged")
            if not tables:
                return FileState("new")
            if "alembic_version" not in tables or "village" not in tables:
                return FileState("foreign")
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return FileState("damaged")
    revision = row[0] if row else None
    if revision == head_revision():
        return FileState("current", revision)
    if revision in known_revisions():
        return FileState("older", revision)
    return FileState("newer", revision)


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
    if state.kind == "foreign":
        raise DatabaseRefused(
            f"文件 {path} 不是本程序的数据库，已拒绝打开，文件未作任何改动。请检查 --db 指定的路径。",
            f"{path} is not a desk database; refused and left untouched.",
        )
    if state.kind == "damaged":
        raise DatabaseRefused(
            f"数据库 {path} 已损坏，已拒绝打开，文件未作任何改动。请用“desk restore 备份文件”从备份恢复。",
            f"{path} is damaged; refused and left untouched. Restore it from a backup.",
        )
    if state.kind == "newer":
        raise DatabaseRefused(
            f"数据库 {path} 由更新版本的程序创建（版本 {state.revision}），请先升级本程序再打开，文件未作改动。",
            f"{path} was written by a newer version ({state.revision}); upgrade the program.",
        )
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
