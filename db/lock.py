"""One writer per database file: the app holds an OS lock on `<db>.lock` while it runs.

The OS drops the lock when the process dies (power cut, kill), so a stale lock file never
blocks the next start. The lock is named after the real file (symlinks and `..` resolved), so
two paths to one database share one lock. The lock file is private (0600).
"""

from __future__ import annotations

import os
from pathlib import Path

from db.private import make_dir, open_fd


class DatabaseBusy(Exception):
    """Another copy of the program has the file open."""

    def __init__(self, path: Path):
        self.message = (
            f"数据库 {path} 正由另一个窗口的村委工作台使用。请切换到那个窗口继续工作，"
            "或先在那里按 Ctrl+Q 退出再打开。"
        )
        self.english = f"{path} is open in another copy of desk; close that one first."
        super().__init__(self.message)


class DatabaseLock:
    """Exclusive, non-blocking lock beside the database file."""

    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)  # as the clerk named it, for the message
        self.path = Path(os.path.realpath(db_path) + ".lock")
        self._fh = None

    def acquire(self) -> None:
        """Take the lock, or DatabaseBusy at once (never waits)."""
        if self._fh is not None:  # already ours: a second open would collide with ourselves
            return
        make_dir(self.path.parent)
        fh = os.fdopen(open_fd(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND), "a+b")
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise DatabaseBusy(self.db_path) from None
        self._fh = fh

    def release(self) -> None:
        """Let the next copy of the program in (harmless when not held)."""
        if self._fh is not None:
            self._fh.close()  # closing drops the lock on both systems
            self._fh = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
