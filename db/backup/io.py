"""Low-level pieces of backup and restore: errors, safe file writing, names, hashing, age.

Stdlib only at import time (pyrage is imported when a file is encrypted or decrypted), so
`desk backup` starts fast. Every OSError becomes a BackupError with one Chinese sentence that
says what to do; `.english` carries the reason for the command line and logs.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from db.private import open_fd

CHUNK = 1 << 20
SUFFIX = ".desk.sqlite3"
AGE_SUFFIX = ".age"
MANIFEST_SUFFIX = ".manifest.json"
PARTIAL_SUFFIX = ".partial"
SQLITE_MAGIC = b"SQLite format 3\x00"
AGE_MAGIC = b"age-encryption.org/v1\n"
# OWASP's minimum for scrypt is N=2^17 (r=8, p=1). rage picks N to take about one second on
# the machine that encrypts, so the factor is read back from the header and checked.
MIN_LOG_N = 17
# A file asking for more than 2^22 (4 GiB of memory) is not one of ours: refuse, do not try.
MAX_LOG_N = 22
MIN_PASSPHRASE = 8
SAFE_TO_REMOVE = "现在可以拔出U盘了。"

_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6})(?:-(?P<n>\d+))?\.desk\.sqlite3(?P<age>\.age)?$"
)
_BAD_NAME_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


class BackupError(Exception):
    """Backup or restore refused or failed; nothing was changed.

    `.message` is one Chinese sentence for the clerk, `.english` a short reason, `.kind` a code
    for screens: not_found, no_folder, no_space, read_only, io, damaged, foreign, newer,
    need_passphrase, wrong_passphrase, weak_passphrase, no_manifest, busy, source_damaged,
    weak_kdf, upgrade_failed.
    """

    def __init__(self, message: str, english: str = "", kind: str = "error"):
        super().__init__(message)
        self.message = message
        self.english = english
        self.kind = kind


def io_error(exc: OSError, where: str) -> BackupError:
    """The clerk's sentence for an OSError while writing `where` ("stick" or "local")."""
    code = exc.errno
    english = f"{exc.strerror or exc} ({where})"
    stick = where == "stick"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        if stick:
            return BackupError(
                "U盘空间不足，请换一个U盘或删掉U盘上不需要的文件后重试。", english, "no_space"
            )
        return BackupError("电脑硬盘空间不足，请删掉电脑上不需要的文件后重试。", english, "no_space")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        if stick:
            return BackupError(
                "U盘不能写入（可能开了写保护或是只读的），请拨开U盘侧面的写保护开关或换一个U盘后重试。",
                english, "read_only",
            )
        return BackupError(
            "电脑上的数据文件夹不能写入，请用有权限的账户登录后重试。", english, "read_only"
        )
    if stick:
        return BackupError(
            "读写U盘时出错（U盘可能被拔出或已损坏），请插好U盘后再试一次。", english, "io"
        )
    return BackupError(
        "读写电脑硬盘时出错，请再试一次；如果还不行，请联系技术人员。", english, "io"
    )


def passphrase_problem(passphrase: str | None) -> str | None:
    """Why this passphrase cannot be used (one Chinese sentence), or None when it is fine."""
    if not passphrase:
        return "请输入备份密码。"
    if not passphrase.strip():
        return "备份密码不能只有空格，请输入字母、数字或汉字组成的密码。"
    if len(passphrase) < MIN_PASSPHRASE:
        return f"备份密码太短，请至少输入 {MIN_PASSPHRASE} 个字符（字母、数字或汉字都可以）。"
    return None


# --- names -------------------------------------------------------------------------------


def safe_stem(village: str | None) -> str:
    """The village name as a file name part that works on FAT/exFAT sticks and Windows."""
    stem = _BAD_NAME_CHARS.sub("_", (village or "").strip()).strip(" .")
    return stem[:40] or "desk"


def backup_name(stem: str, timestamp: str, n: int, encrypted: bool) -> str:
    suffix = f"-{n}" if n > 1 else ""
    return f"{stem}-{timestamp}{suffix}{SUFFIX}{AGE_SUFFIX if encrypted else ''}"


def parse_backup_name(name: str) -> tuple[str, str, bool] | None:
    """(stem, YYYYmmdd-HHMMSS, encrypted) of a backup's final name, or None."""
    m = _BACKUP_NAME.match(name)
    if not m or name.startswith("."):
        return None
    return m.group("stem"), m.group("ts"), bool(m.group("age"))


def manifest_path_for(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def partial_path(folder: Path, final_name: str) -> Path:
    """A temporary name that can never be taken for a backup: dot first, .partial last."""
    return folder / f".{final_name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}"


def read_only_uri(path: Path | str, *, immutable: bool = False) -> str:
    """A read-only SQLite URI for `path`; percent-encoded, so '#', '?', '%' or spaces are safe."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def is_within(child: Path, parent: Path) -> bool:
    try:
        Path(child).resolve().relative_to(Path(parent).resolve())
        return True
    except ValueError:
        return False


# --- writing safely ------------------------------------------------------------------------


def write_new_file(
    path: Path, chunks: Iterable[bytes], total: int = 0,
    progress: Callable[[float], None] | None = None, *, sync: bool = True,
) -> None:
    """Create `path` (must not exist, made private: 0600), write every chunk, fsync (unless
    scratch), close."""
    fd = open_fd(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        done = 0
        for chunk in chunks:
            view = memoryview(chunk)
            while view:  # os.write may write less than asked
                n = os.write(fd, view)
                view = view[n:]
                done += n
            if progress and total:
                progress(done / total)
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def file_chunks(path: Path, size: int = CHUNK) -> Iterable[bytes]:
    with open(path, "rb") as fh:
        while chunk := fh.read(size):
            yield chunk


def bytes_chunks(data: bytes, size: int = CHUNK) -> Iterable[bytes]:
    view = memoryview(data)
    for start in range(0, len(data), size):
        yield view[start : start + size]


def fsync_dir(folder: Path) -> None:
    """Make renames in `folder` durable (POSIX); Windows has no directory handles for this."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems cannot sync a directory: nothing more to do
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rename_no_clobber(src: Path, dst: Path) -> bool:
    """Give `src` the name `dst` unless `dst` exists (then False, nothing changed).

    POSIX rename would silently replace an existing file, so a hard link claims the name
    first; FAT/exFAT sticks have no hard links, there an existence check has to do.
    """
    if os.name == "nt":
        try:
            os.rename(src, dst)  # refuses an existing target on Windows
        except FileExistsError:
            return False
        return True
    try:
        os.link(src, dst)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(dst):
            return False
        os.rename(src, dst)
        return True
    try:
        os.unlink(src)
    except OSError:
        os.unlink(dst)  # back to one name: the caller cleans up its scratch file
        raise
    return True


def remove_quietly(*paths: Path) -> None:
    """Best-effort removal of our own scratch files (never a user's data file)."""
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass


def remove_stale_partials(folder: Path, contains: str = "", age_seconds: float = 3600) -> None:
    """Remove our abandoned scratch files (dot-name, .partial, untouched for an hour)."""
    limit = time.time() - age_seconds
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") and name.endswith(PARTIAL_SUFFIX) and contains in name:
            try:
                if entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass


def remove_sqlite_scratch(path: Path) -> None:
    """A scratch database of ours with its journal files."""
    remove_quietly(path, *(Path(f"{path}{s}") for s in ("-journal", "-wal", "-shm")))


# --- hashing -----------------------------------------------------------------------------


def sha256_file(path: Path, progress: Callable[[float], None] | None = None) -> tuple[str, int]:
    """(hex digest, size) of a file, read in chunks."""
    digest = hashlib.sha256()
    total = os.path.getsize(path) or 1
    size = 0
    for chunk in file_chunks(path):
        digest.update(chunk)
        size += len(chunk)
        if progress:
            progress(size / total)
    return digest.hexdigest(), size


def copy_hashing(
    src: Path, dst: Path, progress: Callable[[float], None] | None = None, *, sync: bool = True
) -> tuple[str, int]:
    """Copy `src` to a new file `dst`, hashing on the way: (hex digest, size)."""
    digest = hashlib.sha256()
    sizes = [0]

    def chunks():
        for chunk in file_chunks(src):
            digest.update(chunk)
            sizes[0] += len(chunk)
            yield chunk

    write_new_file(dst, chunks(), os.path.getsize(src), progress, sync=sync)
    return digest.hexdigest(), sizes[0]


# --- age ---------------------------------------------------------------------------------


def age_log_n(head: bytes) -> int | None:
    """The scrypt work factor (log2 N) named in an age header, or None if there is none."""
    m = re.match(rb"age-encryption\.org/v1\n-> scrypt [A-Za-z0-9+/]+ (\d{1,2})\n", head)
    return int(m.group(1)) if m else None


def age_encrypt(data: bytes, passphrase: str) -> tuple[bytes, int]:
    """age passphrase (scrypt) encryption: (ciphertext, log2 N), refused below MIN_LOG_N."""
    from pyrage import passphrase as age_passphrase

    # age picks the factor by timing one small scrypt on this machine: on a busy machine one
    # timing can come out slow and the factor low, so a few tries (each ~1 s) before refusing.
    for _attempt in range(5):
        out = age_passphrase.encrypt(data, passphrase)
        log_n = age_log_n(out[:200])
        if log_n is not None and log_n >= MIN_LOG_N:
            return out, log_n
    raise BackupError(
        "这台电脑太慢，无法按规定强度加密备份，请改做不加密的备份并把U盘锁好保管。",
        f"scrypt work factor 2^{log_n} is below 2^{MIN_LOG_N}",
        "weak_kdf",
    )


def age_decrypt(data: bytes, passphrase: str, *, hash_checked: bool) -> bytes:
    """Decrypt an age passphrase file; a wrong passphrase or a damaged file is refused."""
    from pyrage import DecryptError
    from pyrage import passphrase as age_passphrase

    log_n = age_log_n(data[:200])
    if log_n is None or log_n > MAX_LOG_N:
        raise BackupError(
            "这个文件不是本程序用密码加密的备份，已拒绝恢复，当前数据库未作改动。请换一个备份文件。",
            "not an age passphrase file we can open",
            "foreign",
        )
    try:
        return age_passphrase.decrypt(data, passphrase)
    except DecryptError as exc:
        if hash_checked:  # the file is exactly as written: only the passphrase can be wrong
            raise BackupError(
                "备份密码不对，已拒绝恢复，当前数据库未作改动。请输入做备份时设的密码。",
                f"wrong passphrase ({exc})",
                "wrong_passphrase",
            ) from None
        raise BackupError(
            "备份密码不对，或者备份文件已损坏，已拒绝恢复，当前数据库未作改动。"
            "请重新输入密码；如果还不行，请换一个备份文件。",
            f"wrong passphrase or damaged file ({exc})",
            "wrong_passphrase",
        ) from None
