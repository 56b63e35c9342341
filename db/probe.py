"""Look at a database file without changing it and without heavy imports (stdlib only).

Used by the command line before the app starts, so a foreign, damaged or busy file is refused
at once, and by db.schema before it migrates.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
VERSIONS = Path(__file__).parent / "migrations" / "versions"


@dataclass(frozen=True)
class FileState:
    kind: str  # new / current / older / newer / foreign / damaged / unreadable
    revision: str | None = None
    detail: str = ""  # for unreadable: the system's reason


def known_revisions() -> list[str]:
    """Revision ids in order, read from the migration file names (NNNN_title.py)."""
    return sorted(m.group(1) for p in VERSIONS.glob("*.py") if (m := re.match(r"(\d{4})_", p.name)))


def connect_readonly(path: Path | str, *, immutable_ok: bool = True) -> sqlite3.Connection:
    """A read-only connection that leaves the file and its folder exactly as they were.

    The name goes through a proper file: URI, so ?, # or % in it cannot open another file.
    Without a -wal file beside it nothing is pending, so the file is opened immutable: SQLite
    then creates no -wal/-shm next to a file we may be about to refuse. With a -wal (the app
    is running, or crashed) a plain read-only open reads the pending commits too.
    """
    path = Path(path).resolve()
    uri = path.as_uri() + "?mode=ro"
    if immutable_ok and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)


def inspect_file(path: Path | str, *, thorough: bool = True) -> FileState:
    """What `path` holds, read-only. thorough: run PRAGMA quick_check as well."""
    path = Path(path)
    try:
        if not path.exists() or path.stat().st_size == 0:
            return FileState("new")
        with open(path, "rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return FileState("foreign")
    except OSError as exc:  # a folder, no permission, a broken drive
        return FileState("unreadable", detail=exc.strerror or str(exc))
    try:
        con = connect_readonly(path)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if thorough and con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return FileState("damaged")
            rows = (
                con.execute("SELECT version_num FROM alembic_version").fetchall()
                if "alembic_version" in tables
                else []
            )
        finally:
            con.close()
    except sqlite3.OperationalError as exc:  # cannot open or lock it (read-only stick, -wal pending): not damage
        return FileState("unreadable", detail=f"文件或所在文件夹不允许写入，或正被别的程序锁住：{exc}")
    except sqlite3.DatabaseError:
        return FileState("damaged")
    # No tables, or only an empty alembic_version (a file migrated down to base): nothing to lose.
    if not tables - {"alembic_version"} and not rows:
        return FileState("new")
    if "alembic_version" not in tables or "village" not in tables:
        return FileState("foreign")
    if len(rows) != 1:  # our file always records exactly one revision
        return FileState("damaged")
    revision = rows[0][0]
    revisions = known_revisions()
    if revision == revisions[-1]:
        return FileState("current", revision)
    if revision in revisions:
        return FileState("older", revision)
    return FileState("newer", revision)


def refusal(path: Path, state: FileState) -> tuple[str, str] | None:
    """(Chinese, English) reason why `path` cannot be opened, or None when it can."""
    if state.kind == "unreadable":
        return (
            f"无法读取文件 {path}（{state.detail}），文件未作任何改动。请检查 --db 指定的是一个数据库文件而不是文件夹。",
            f"cannot read {path}: {state.detail}",
        )
    if state.kind == "foreign":
        return (
            f"文件 {path} 不是村委工作台的数据库，已拒绝打开，文件未作任何改动。请检查 --db 指定的路径。",
            f"{path} is not a desk database; refused and left untouched.",
        )
    if state.kind == "damaged":
        return (
            f"数据库 {path} 已损坏，已拒绝打开，文件未作任何改动。请用“desk restore 备份文件”从备份恢复。",
            f"{path} is damaged; refused and left untouched. Restore it from a backup.",
        )
    if state.kind == "newer":
        return (
            f"数据库 {path} 由更新版本的村委工作台写入（版本 {state.revision}），请先升级本程序再打开；文件未作改动。",
            f"{path} was written by a newer version ({state.revision}); upgrade the program first.",
        )
    return None
