"""Writing a file safely: a temporary file in the target folder, then os.replace.

A reader never sees half a file under the final name: either the old file (or none) or the
whole new one. The file is private to its owner (0600 on POSIX), as every file holding personal
data is. Every failure becomes OutputError with one Chinese sentence saying what to do.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class OutputError(Exception):
    """The file could not be written; `.message` is one Chinese sentence, `.english` its gist."""

    def __init__(self, message: str, english: str = ""):
        super().__init__(message)
        self.message = message
        self.english = english


def _refuse(path: Path, why: str, english: str) -> OutputError:
    return OutputError(f"不能保存到“{path}”：{why}", f"cannot write {path}: {english}")


def check_target(path: str | os.PathLike) -> Path:
    """`path` as a file to write, or OutputError when it is a folder or its folder is missing:
    what can be told before anything is made (a command checks it before it works for seconds)."""
    path = Path(path).expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise _refuse(path, "这是一个文件夹，请在后面加上文件名，如 月报.pdf。", "it is a folder")
    if not folder.is_dir():
        raise _refuse(path, f"文件夹“{folder}”不存在，请先建好文件夹或换一个位置（如桌面或U盘）。",
                      "the folder does not exist")
    return path


def write_atomic(path: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)` to fill a temporary file beside `path`, then rename it onto `path`."""
    path = check_target(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}.", suffix=".tmp")
    except OSError:
        raise _refuse(path, "这个文件夹不允许写入，请换一个位置（如桌面或U盘）。", "the folder is not writable") from None
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file private (0600), and it stays so: a printout or an export holds
    # names, phones and ID numbers (DESIGN: personal-data files are private to their owner).
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except PermissionError:
        raise _refuse(path, "文件可能正被 WPS、Excel 或 PDF 阅读器打开，请先关闭它再试。",
                      "the file is in use or read-only") from None
    except OSError as exc:
        raise _refuse(path, f"写入时出错（{exc.strerror or exc}），请检查磁盘或U盘是否已满。",
                      str(exc)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path
