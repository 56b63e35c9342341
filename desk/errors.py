"""An unexpected error: a short Chinese message for the clerk, a log beside the database for
whoever mends the program, and never a personal detail in either.

The log keeps what locates the fault and nothing a clerk typed: the exception's type and, for
every frame, the file, line number, function and that line of our code. It leaves out the
exception's message and every local variable (they may hold a name or an ID number). It is
written through db.private, so it is private to its owner (0600).
"""

from __future__ import annotations

import linecache
import os
import traceback
from datetime import datetime
from pathlib import Path

LOG_NAME = "desk-error.log"
MAX_LOG_BYTES = 1_000_000  # a log that grew past this starts again (the old one is kept as .1)


def log_path(db_path: Path | str) -> Path:
    return Path(db_path).expanduser().resolve().parent / LOG_NAME


def describe(error: BaseException) -> str:
    """The report of one error: types and code locations only (causes included), no message,
    no locals."""
    out: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    chain: list[BaseException] = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    for i, exc in enumerate(reversed(chain)):
        if i:
            out.append("  由上面的错误引起：")
        out.append(f"  {type(exc).__module__}.{type(exc).__qualname__}")
        for frame in traceback.extract_tb(exc.__traceback__):
            line = (linecache.getline(frame.filename, frame.lineno or 0) or "").strip()
            out.append(f"    {_short(frame.filename)}:{frame.lineno} in {frame.name}")
            if line and _ours(frame.filename):
                out.append(f"      {line[:160]}")
    return "\n".join(out)


def _ours(filename: str) -> bool:
    parts = Path(filename).parts
    return any(p in ("desk", "db", "forms") for p in parts) and "site-packages" not in parts


def _short(filename: str) -> str:
    """A path from the package folder on (desk/app.py, textual/app.py): no user's home folder."""
    parts = Path(filename).parts
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1:])
    for anchor in ("desk", "db", "forms", "tests", "textual", "rich", "sqlalchemy", "sqlmodel"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[i:])
    return Path(filename).name


def write_log(db_path: Path | str, error: BaseException, where: str) -> Path | None:
    """Append the report to desk-error.log beside the database (the app's and the command
    line's one log); None when it cannot be written."""
    from db.private import append_text, make_dir

    path = log_path(db_path)
    try:
        make_dir(path.parent)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        append_text(path, f"{datetime.now():%Y-%m-%d %H:%M:%S}  {where}\n{describe(error)}\n\n")
    except (OSError, ValueError):
        return None
    return path


def message(error: BaseException, log: Path | None, *, fatal: bool = False) -> str:
    """The sentence the clerk reads (Chinese; no detail of the error itself)."""
    kind = _KINDS.get(type(error).__name__, "程序内部错误")
    logged = f"已记入日志 {log.name}（在数据库所在的文件夹）" if log else "日志无法写入"
    if fatal:
        return f"出错了：{kind}，{logged}。程序需要关闭，数据已保存，请重新打开。"
    return f"出错了：{kind}，{logged}，程序可以继续使用。"


_KINDS = {
    "OSError": "读写文件失败", "PermissionError": "没有权限读写文件", "FileNotFoundError": "找不到文件",
    "MemoryError": "内存不足", "OperationalError": "数据库操作失败", "DatabaseError": "数据库操作失败",
    "IntegrityError": "数据不一致", "MarkupError": "显示文字失败",
}
