"""Where files the clerk asked for are written, and how they are opened or printed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def output_dir(db_path: Path) -> Path:
    """`输出文件` beside the database (created when needed, private: 0700 on POSIX)."""
    from db.private import make_dir

    return make_dir(Path(db_path).resolve().parent / "输出文件")


def export_path(db_path: Path, stem: str, suffix: str) -> Path:
    """A new file name in the output folder that does not overwrite an earlier one."""
    folder = output_dir(db_path)
    path = folder / f"{stem}.{suffix}"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.{suffix}"
    return path


def open_or_print(path: Path) -> str:
    """Open the file with the system viewer (or print it where a printer is the default);
    returns one Chinese sentence saying what happened."""
    if os.environ.get("DESK_NO_VIEWER"):
        return f"已生成：{path}"
    try:
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # noqa: S606  (Windows opens it with the PDF viewer)
            return f"已生成并打开：{path}"
        if shutil.which("lp") and _has_default_printer():
            subprocess.run(["lp", str(path)], check=True, capture_output=True, timeout=30)
            return f"已送往默认打印机：{path}"
        opener = shutil.which("xdg-open") if os.environ.get("DISPLAY") else None
        if opener:
            subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return f"已生成并打开：{path}"
    except (OSError, subprocess.SubprocessError):
        pass
    return f"已生成，请到这里打开打印：{path}"


def _has_default_printer() -> bool:
    try:
        out = subprocess.run(["lpstat", "-d"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and "no system default" not in out.stdout
