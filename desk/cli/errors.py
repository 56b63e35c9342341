"""One failure type for the command line, and one translation of the system's IO failures.

Every command raises `CliFailure` (or lets an OSError / SQLite OperationalError through), and
`desk.cli.main` turns it into ONE line on stderr:

    错误：<what is wrong, naming the file or folder, and what to do>  (error: <English gist>)

`explain(exc, db=...)` translates a read-only folder or file, a full disk, a locked file, a
missing folder, a broken drive, and SQLite's own words for those ("database is locked",
"attempt to write a readonly database", "disk I/O error", "database or disk is full", "unable
to open database file") into such a line. Anything else is unexpected: `unexpected(exc, db)`
writes the exception's type and file:line frames (no message text, no values: they may hold
personal data) into a private log beside the database and returns the short line to print.

Stdlib only: the command line imports this before it knows what it will open.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import sys
from pathlib import Path

EXIT_REFUSED = 1  # the system refused (read-only, full, locked): nothing changed
EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 2
NEARLY_FULL = 1024 * 1024  # bytes free below which a disk I/O error is called a full disk


class CliFailure(Exception):
    """A command cannot go on: one Chinese line (what is wrong, what to do) and its English gist."""

    def __init__(self, chinese: str, english: str = "", code: int = EXIT_BAD_INPUT):
        super().__init__(chinese)
        self.chinese, self.english, self.code = chinese, english, code
        # the names desk.db uses for its own refusals (DatabaseBusy, DatabaseRefused)
        self.message = chinese

    @property
    def line(self) -> str:
        """ONE line, whatever a file name holds: control characters (a newline, an escape
        sequence that would recolour the terminal) are shown as escapes, e.g. \\n."""
        text = f"错误：{self.chinese}"
        if self.english:
            text += f"  (error: {self.english})"
        return one_line(text)


def one_line(text: str) -> str:
    """`text` with every character a terminal would act on (newline, escape, bidi override,
    zero-width) written as an escape such as \\n or \\u202e; the rest as it is."""
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


def _escape(c: str) -> str:
    return repr(c)[1:-1] if c.isascii() else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"


def say(line: str, stream=None) -> None:
    """`line` on stderr (or `stream`), whatever the console can show (a character it cannot
    show, e.g. on a GBK console, is replaced)."""
    stream = sys.stderr if stream is None else stream
    if stream is None:  # pythonw: no console at all
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except UnicodeEncodeError:
        enc = getattr(stream, "encoding", None) or "utf-8"
        try:
            stream.buffer.write((line + "\n").encode(enc, "replace"))
            stream.flush()
        except (AttributeError, OSError):
            pass
    except OSError:  # stderr itself is gone (a closed pipe): nothing more can be said
        pass


# --- what the system said -------------------------------------------------------------------

READ_ONLY = {errno.EACCES, errno.EPERM}
FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG}
BUSY = {errno.EBUSY, getattr(errno, "ETXTBSY", -1), errno.EAGAIN, getattr(errno, "EWOULDBLOCK", -1)}
BROKEN = {errno.EIO, getattr(errno, "ENXIO", -1), getattr(errno, "ENODEV", -1), getattr(errno, "ESTALE", -1)}
# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, ERROR_WRITE_PROTECT, ERROR_DISK_FULL,
# ERROR_HANDLE_DISK_FULL, ERROR_NOT_READY (a stick pulled out)
WIN_BUSY, WIN_READ_ONLY, WIN_FULL, WIN_BROKEN = {32, 33}, {19}, {112, 39}, {21, 1117, 31}


def _causes(exc: BaseException):
    """`exc`, what it wraps (SQLAlchemy's .orig) and what caused it, outermost first."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        # Not __context__: an error met while handling another is not caused by it.
        orig = getattr(e, "orig", None)
        todo += [orig if isinstance(orig, BaseException) else None, e.__cause__]


def _where(path, db: Path | None) -> tuple[str, str, str]:
    """(Chinese subject, note, English) for the place: the file, or the folder a new file
    was to be made in (a file not there yet cannot itself be read-only or full)."""
    target = Path(os.fsdecode(path)) if path else db
    if target is None:
        return "这个文件", "", "the file"
    try:
        missing = not target.exists() and target.parent.is_dir()
    except (OSError, ValueError):  # ValueError: a NUL in the name
        missing = False
    if missing:
        return f"文件夹“{target.parent}”", f"（要在里面建立 {target.name}）", str(target)
    return f"“{target}”", "", str(target)


def _for_oserror(e: OSError, db: Path | None, writing: bool) -> CliFailure | None:
    where, note, en = _where(e.filename, db)
    win = getattr(e, "winerror", None)
    code = e.errno
    if code == errno.EROFS or win in WIN_READ_ONLY:
        return CliFailure(
            f"{where}在只读的磁盘上，不能写入{note}。请关掉U盘的写保护开关，或换一个能写入的位置后再试。",
            f"read-only file system: {en}", EXIT_REFUSED)
    if code in READ_ONLY:
        return CliFailure(
            f"没有权限{'写入' if writing else '使用'}{where}{note}：它是只读的，或属于别的用户。"
            "请换一个能写入的文件夹，或请管理员放开写入权限后再试。",
            f"permission denied: {en}", EXIT_REFUSED)
    if code in FULL or win in WIN_FULL:
        return CliFailure(
            f"{where}所在的磁盘已经满了，写不进去{note}。请删掉一些不用的文件、腾出空间后再试；已有的数据没有改动。",
            f"disk full: {en}", EXIT_REFUSED)
    if code in BUSY or win in WIN_BUSY:
        return CliFailure(
            f"{where}正被别的程序占用。请关掉正在使用它的程序（如另一个村委工作台窗口、WPS、杀毒软件）后再试。",
            f"file busy: {en}", EXIT_REFUSED)
    if code == errno.ENOENT:
        return CliFailure(f"找不到{where}。请检查路径是否写对、U盘是否插好。", f"not found: {en}", EXIT_BAD_INPUT)
    if code == errno.ENOTDIR:
        return CliFailure(f"{where}的路径中有一段不是文件夹。请检查路径。", f"not a directory: {en}", EXIT_BAD_INPUT)
    if code == errno.EISDIR:
        return CliFailure(f"{where}是一个文件夹，这里需要的是文件。请检查路径。", f"is a directory: {en}",
                          EXIT_BAD_INPUT)
    if code == errno.ENAMETOOLONG:
        return CliFailure(f"{where}的路径太长了。请换一个短一些的文件夹或文件名。", f"name too long: {en}",
                          EXIT_BAD_INPUT)
    if code in BROKEN or win in WIN_BROKEN:
        return CliFailure(
            f"读写{where}时磁盘出错：U盘可能被拔出，或磁盘有故障。请插好U盘或检查磁盘后再试；必要时从备份恢复。",
            f"I/O error: {en}", EXIT_REFUSED)
    return None


SQLITE_WORDS = (
    # (words in SQLite's message, Chinese with {db}, English)
    (("database is locked", "database table is locked", "database schema is locked"),
     "数据库{db}正被另一个程序写入，等了 5 秒仍未放开。请关掉其他正在使用它的程序"
     "（另一个村委工作台窗口、数据库工具）后再试；这次什么也没有改动。", "database is locked"),
    (("readonly database", "read-only database"),
     "数据库{db}是只读的，不能写入：文件或所在文件夹不允许写入（U盘写保护、文件属性“只读”、属于别的用户）。"
     "请放开写入权限，或把数据库复制到能写入的文件夹后用 --db 指定。", "read-only database"),
    (("database or disk is full",),
     "数据库{db}所在的磁盘已经满了，写不进去。请删掉一些不用的文件、腾出空间后再试；已有的数据没有改动。",
     "disk full"),
    (("disk i/o error",),
     "读写数据库{db}时磁盘出错：磁盘可能已满、U盘可能被拔出或文件夹不允许写入。请检查后再试；必要时从备份恢复。",
     "disk I/O error"),
    (("unable to open database file",),
     "打不开数据库{db}：文件所在的文件夹不存在或不允许写入。请检查 --db 指定的路径和文件夹的权限。",
     "unable to open database file"),
    (("file is not a database", "database disk image is malformed"),
     "数据库{db}已损坏。请用“desk restore 备份文件”从备份恢复。", "database is damaged"),
)


def _no_room(db: Path | None) -> bool:
    """Whether the disk under `db` is (nearly) full: SQLite often says only "disk I/O error"."""
    if db is None:
        return False
    try:
        return shutil.disk_usage(Path(db).absolute().parent).free < NEARLY_FULL
    except OSError:
        return False


def _for_sqlite(e: BaseException, db: Path | None) -> CliFailure | None:
    text = str(e).lower()
    if "disk i/o error" in text and _no_room(db):
        text = "database or disk is full"
    where = f"“{db}”" if db else ""
    for words, chinese, english in SQLITE_WORDS:
        if any(w in text for w in words):
            return CliFailure(chinese.format(db=where), f"{english}: {db}" if db else english, EXIT_REFUSED)
    return None


# The refusals of db and forms (each with a Chinese .message), known by name: this module
# imports nothing heavy to recognise them.
KNOWN = {"DatabaseBusy": EXIT_REFUSED, "DatabaseRefused": EXIT_BAD_INPUT, "DataError": EXIT_BAD_INPUT,
         "BackupError": EXIT_REFUSED, "OutputError": EXIT_BAD_INPUT, "FontMissing": EXIT_BAD_INPUT,
         "GlyphMissing": EXIT_BAD_INPUT}


def existing_database(db: str | Path) -> Path:
    """The database a command reads: it must be there (a command never creates one by a typo)."""
    path = Path(db)
    if not path.is_file():
        raise CliFailure(f"找不到数据库文件 {path}，请用 --db 指定正确的文件，或先运行 desk demo 试用。",
                         f"database {path} not found")
    return path


def explain(exc: BaseException, *, db: Path | None = None, writing: bool = True) -> CliFailure | None:
    """The Chinese reason for a failure the system reported, or None when it is not one.

    `db` names the database for SQLite's messages (they do not name the file themselves)."""
    for e in _causes(exc):
        if isinstance(e, CliFailure):
            return e
        message = getattr(e, "message", None)
        code = KNOWN.get(type(e).__name__)
        if code is not None and isinstance(message, str) and message:
            return CliFailure(message, getattr(e, "english", "") or type(e).__name__, code)
        if isinstance(e, OSError) and (found := _for_oserror(e, db, writing)) is not None:
            return found
        if isinstance(e, sqlite3.Error) and (found := _for_sqlite(e, db)) is not None:
            return found
    return None


# --- anything else --------------------------------------------------------------------------

def unexpected(exc: BaseException, db: Path | None, command: str = "") -> CliFailure:
    """Log `exc` beside the database (else in the user data folder) and say so in one line."""
    from desk import __version__
    from desk.errors import LOG_NAME, write_log

    places = [Path(db).expanduser().absolute()] if db is not None else []
    try:
        from db.engine import user_data_home

        places.append(user_data_home() / LOG_NAME)  # beside where the database would be
    except Exception:  # noqa: BLE001  (no platformdirs: only the first place)
        pass
    where = (f"desk {__version__} python {sys.version.split()[0]} {sys.platform} "
             f"command={command or 'open'}")
    written = None
    for place in places:
        if (written := write_log(place, exc, where)) is not None:
            break
    name = type(exc).__name__
    kept = f"经过已记在“{written}”，请把这个文件交给技术人员。" if written else "错误经过没能写下来（磁盘不能写入）。"
    return CliFailure(
        f"程序出了意外的问题（{name}），这次操作没有完成。{kept}",
        f"unexpected {name}" + (f"; see {written}" if written else ""), EXIT_UNEXPECTED)
