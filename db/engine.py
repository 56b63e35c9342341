"""One engine per database file, with the pragmas that keep data through a power cut.

WAL with synchronous=FULL: a commit that returned is on disk (NORMAL may lose the last
commit on power loss). foreign_keys=ON so no path can store an orphan row.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from db.private import touch

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# SQLAlchemy is imported inside make_engine: the command line asks this module for the default
# path before it knows whether it will open anything, and must stay quick to refuse a bad file.

APP_NAME = "desk"
BUSY_TIMEOUT_MS = 5000

_engines: dict[Path, Engine] = {}
_engines_lock = threading.Lock()


def user_data_home() -> Path:
    """The per-user folder for our files (e.g. ~/.local/share/desk, %LOCALAPPDATA%\\desk)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The database file: DESK_DB if set, else desk.db in the user data directory."""
    env = os.environ.get("DESK_DB")
    if env:
        return Path(env).expanduser()
    return user_data_home() / "desk.db"


def data_dir_for(db_path: Path) -> Path:
    """Folder that holds the database's companions (automatic backups, safety copies)."""
    return Path(db_path).resolve().parent


def _set_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(path: Path | str) -> Engine:
    """A new engine on `path` with our pragmas (prefer `get_engine`, which caches)."""
    from sqlalchemy import event
    from sqlalchemy.engine import URL
    from sqlmodel import create_engine

    path = Path(path)
    if str(path) != ":memory:" and not path.exists() and path.parent.is_dir():
        touch(path)  # private before SQLite creates it: its -wal/-shm inherit 0600
    # URL.create, not an f-string: a file name with ?, # or % (or a Windows path) must not be
    # parsed as a URL, or the engine would open a different file.
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


def get_engine(path: Path | str) -> Engine:
    """The one engine for this file (created on first use)."""
    key = Path(path).resolve()
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(key)
        return engine


def dispose_engine(path: Path | str) -> None:
    """Close every connection to `path` (before a restore swaps the file)."""
    key = Path(path).resolve()
    with _engines_lock:
        engine = _engines.pop(key, None)
    if engine is not None:
        engine.dispose()
