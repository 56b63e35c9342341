"""Files that hold personal data are private to their owner: one path for creating them.

On Linux and macOS every file this program creates beside the database (the database itself,
its -wal/-shm, logs, backups, manifests, safety copies, scratch files) is 0600 and every folder
it creates is 0700. SQLite gives the -wal and -shm files the mode of the database file, so a
database created here private stays private. On Windows the modes mean nothing and the user's
profile folder already keeps other users out; these helpers then only create.

Everything goes through these helpers (or runs under `private_umask()`), so no caller has to
remember a mode.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def make_dir(path: Path | str) -> Path:
    """Create `path` and its missing parents as 0700 folders; an existing folder is left as it
    is (it may be the user's own, or a stick's root)."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if POSIX:
        for m in missing:  # mkdir's mode is masked by the umask; say it again
            try:
                os.chmod(m, DIR_MODE)
            except OSError:
                pass
    return path


def open_fd(path: Path | str, flags: int) -> int:
    """os.open for a file this program writes: created 0600, and tightened to 0600 when it
    already existed with a looser mode (a file left by an older version)."""
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), FILE_MODE)
    if POSIX:
        try:
            os.fchmod(fd, FILE_MODE)
        except OSError:
            pass
    return fd


def touch(path: Path | str) -> Path:
    """Create an empty private file if it is missing (before SQLite opens it, so that the
    database and its -wal/-shm are born private); tighten it if it exists."""
    path = Path(path)
    fd = open_fd(path, os.O_WRONLY | os.O_CREAT)
    os.close(fd)
    return path


def tighten(path: Path | str) -> None:
    """Make an existing file private (after a library wrote it with its own mode)."""
    if POSIX:
        try:
            os.chmod(path, FILE_MODE)
        except OSError:
            pass


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write `data` to a private file (created or truncated)."""
    path = Path(path)
    fd = open_fd(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def write_text(path: Path | str, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def append_text(path: Path | str, text: str) -> Path:
    path = Path(path)
    fd = open_fd(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    with os.fdopen(fd, "ab") as fh:
        fh.write(text.encode("utf-8"))
    return path


def tighten_dir(path: Path | str) -> None:
    """Make an existing folder of ours private (one an older version made 0755)."""
    if POSIX:
        try:
            os.chmod(path, DIR_MODE)
        except OSError:
            pass


@contextmanager
def private_umask() -> Iterator[None]:
    """Run a block under umask 077: for libraries that create files themselves (SQLite's
    VACUUM INTO, openpyxl, fpdf2)."""
    if not POSIX:
        yield
        return
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


__all__ = ["DIR_MODE", "FILE_MODE", "append_text", "make_dir", "open_fd", "private_umask",
           "tighten", "tighten_dir", "touch", "write_bytes", "write_text"]
