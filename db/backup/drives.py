"""Removable drives (USB sticks) to offer as backup targets; any folder can still be typed.

Linux: mount points under /media/<user>/*, /media/* and /run/media/<user>/*.
Windows: drive letters whose type is DRIVE_REMOVABLE. Never raises: [] when none are found.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from glob import glob
from pathlib import Path

LINUX_PATTERNS = ("/media/*/*", "/media/*", "/run/media/*/*")
DRIVE_REMOVABLE = 2


@dataclass(frozen=True)
class Drive:
    """A mounted removable drive: where to write, a label to show, free bytes if known."""

    path: Path
    label: str
    free_bytes: int | None = None


def removable_drives() -> list[Drive]:
    """The removable drives mounted now, in a stable order; [] when none (or on error)."""
    try:
        drives = _windows_drives() if os.name == "nt" else _linux_drives()
    except Exception:  # a drive list is a convenience: never stop the screen for it
        return []
    return drives


def _free(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def _linux_drives(patterns: tuple[str, ...] = LINUX_PATTERNS) -> list[Drive]:
    found: dict[str, Drive] = {}
    for pattern in patterns:
        for entry in sorted(glob(pattern)):
            try:
                if not os.path.ismount(entry):
                    continue  # /media/<user> itself, or an empty mount folder
            except OSError:
                continue
            real = os.path.realpath(entry)
            if real not in found:
                path = Path(entry)
                found[real] = Drive(path, path.name, _free(path))
    return list(found.values())


def _windows_drives() -> list[Drive]:
    import ctypes
    import string

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    drives = []
    for i, letter in enumerate(string.ascii_uppercase):
        if not mask & (1 << i):
            continue
        root = f"{letter}:\\"
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != DRIVE_REMOVABLE:
            continue
        name = ctypes.create_unicode_buffer(261)
        ok = kernel32.GetVolumeInformationW(
            ctypes.c_wchar_p(root), name, 261, None, None, None, None, 0
        )
        if not ok:
            continue  # a card reader slot with no card in it
        label = f"{name.value} ({letter}:)" if name.value else f"可移动磁盘 ({letter}:)"
        drives.append(Drive(Path(root), label, _free(Path(root))))
    return drives
