"""Making one backup (make_backup).

snapshot the live file (SQLite backup API) into a scratch file beside it, check it
(PRAGMA quick_check, or integrity_check with full_check=True; our schema), hash it, optionally
encrypt it (age, passphrase), write it to the destination under a dot-name ending in .partial,
fsync, read it back and compare the hash, write the manifest the same way, then give both their
final names (manifest first, so a file with a backup's name always has its manifest) and fsync
the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from db.backup import history as backup_history
from db.backup.common import (
    MANIFEST_FORMAT,
    SEALED_FORMAT,
    BackupResult,
    Clock,
    Progress,
    _check_room,
    _Facts,
    _snapshot,
    _sqlite_error,
    _Steps,
    app_version,
    check_copy,
    data_dir,
    local_now,
)
from db.backup.io import (
    SUFFIX,
    BackupError,
    age_encrypt,
    backup_name,
    bytes_chunks,
    file_chunks,
    fsync_dir,
    io_error,
    is_within,
    manifest_path_for,
    partial_path,
    passphrase_problem,
    remove_quietly,
    remove_sqlite_scratch,
    remove_stale_partials,
    rename_no_clobber,
    safe_stem,
    sha256_file,
    write_new_file,
)
from db.private import private_umask


def _manifest(facts: _Facts, *, created: datetime, plain_sha: str,
              plain_size: int, file_sha: str, file_size: int, log_n: int | None) -> dict:
    if log_n is not None:  # encrypted: nothing about the content in plain text
        return {
            "format": SEALED_FORMAT,
            "app": "desk",
            "app_version": app_version(),
            "created_at": created.isoformat(timespec="seconds"),
            "encrypted": True,
            "kdf": {"name": "scrypt", "log_n": log_n},
            "file_sha256": file_sha,
            "file_size": file_size,
        }
    return {
        "format": MANIFEST_FORMAT,
        "app": "desk",
        "app_version": app_version(),
        "schema_revision": facts.revision,
        "village": facts.village,
        "created_at": created.isoformat(timespec="seconds"),
        "encrypted": log_n is not None,
        "kdf": {"name": "scrypt", "log_n": log_n} if log_n is not None else None,
        "sha256": plain_sha,
        "size": plain_size,
        "file_sha256": file_sha,
        "file_size": file_size,
        "counts": facts.counts,
        "last_audit_id": facts.last_audit_id,
    }


def _claim_names(dest: Path, stem: str, stamp: str, encrypted: bool,
                 part: Path, mpart: Path, finals: list[Path]) -> tuple[Path, Path]:
    """Give the manifest, then the backup, final names that no file has yet.

    Each name taken is added to `finals` at once, so a failure can take it back.
    """
    n = 1
    while True:
        path = dest / backup_name(stem, stamp, n, encrypted)
        mpath = manifest_path_for(path)
        n += 1
        if os.path.lexists(path) or os.path.lexists(mpath):
            continue
        if not rename_no_clobber(mpart, mpath):
            continue
        finals.append(mpath)
        if not rename_no_clobber(part, path):
            # Someone took the backup's name meanwhile: free the manifest name and go on.
            os.rename(mpath, mpart)
            finals.remove(mpath)
            continue
        finals.append(path)
        return path, mpath


def make_backup(
    db_path: Path | str,
    dest_dir: Path | str,
    *,
    passphrase: str | None = None,
    progress: Progress | None = None,
    clock: Clock | None = None,
    full_check: bool = False,
) -> BackupResult:
    """Write a verified backup of `db_path` into `dest_dir`; BackupError when that fails.

    The file is `<village>-<YYYYmmdd-HHMMSS>.desk.sqlite3` (`.age` added when a passphrase is
    given) with `<name>.manifest.json` beside it; an existing backup is never overwritten
    (a -2, -3 ... suffix is added). On failure no file with a backup's name is left, the
    scratch files are removed and the live database is untouched. `progress(text, fraction)`
    is called from this thread; an exception raised by it cancels the backup (and propagates).
    """
    db_path, dest = Path(db_path), Path(dest_dir)
    steps = _Steps(progress)
    clock = clock or local_now
    if not db_path.is_file():
        raise BackupError(f"找不到数据库 {db_path}，请检查 --db 指定的路径。",
                          f"no database at {db_path}", "not_found")
    if not dest.is_dir():
        raise BackupError(f"找不到文件夹 {dest}，请确认U盘已插好，或输入正确的文件夹路径。",
                          f"no folder {dest}", "no_folder")
    if passphrase is not None and (problem := passphrase_problem(passphrase)):
        raise BackupError(problem, "passphrase too short", "weak_passphrase")
    # Automatic backups stay on this PC; any other folder counts as a stick (history, messages).
    where = "local" if is_within(dest, data_dir(db_path) / "backups") else "stick"
    # Scratch files of ours left by a kill or power cut an hour ago or more.
    remove_stale_partials(data_dir(db_path), ".snapshot.")
    remove_stale_partials(data_dir(db_path), ".restore.")
    remove_stale_partials(dest, SUFFIX)
    snapshot = partial_path(data_dir(db_path), "snapshot")
    scratch: list[Path] = []  # partial files on the destination
    finals: list[Path] = []
    phase = "local"
    try:
        with private_umask():  # SQLite's own journal files: private too
            _snapshot(db_path, snapshot, steps.span("正在复制数据库…", 0.0, 0.3))
        steps("正在检查副本…", 0.3)
        facts = check_copy(snapshot, "source", full=full_check)
        created = clock()
        payload, log_n = None, None
        if passphrase is not None:  # in memory anyway for pyrage: hash it there
            steps("正在加密（约需几秒）…", 0.45)
            plain = snapshot.read_bytes()
            plain_sha, plain_size = hashlib.sha256(plain).hexdigest(), len(plain)
            payload, log_n = age_encrypt(plain, passphrase)
            del plain
        else:
            plain_sha, plain_size = sha256_file(snapshot, steps.span("正在计算校验值…", 0.45, 0.6))
        file_sha = hashlib.sha256(payload).hexdigest() if payload is not None else plain_sha
        file_size = len(payload) if payload is not None else plain_size
        stem, stamp = safe_stem(facts.village), created.strftime("%Y%m%d-%H%M%S")
        name = backup_name(stem, stamp, 1, payload is not None)

        phase = where
        _check_room(dest, file_size, where)
        part = partial_path(dest, name)
        scratch.append(part)
        chunks = bytes_chunks(payload) if payload is not None else file_chunks(snapshot)
        writing = "正在写入U盘…" if where == "stick" else "正在写入备份文件…"
        write_new_file(part, chunks, file_size, steps.span(writing, 0.65, 0.88))
        del payload
        written_sha, written_size = sha256_file(part, steps.span("正在核对写入的内容…", 0.88, 0.96))
        if written_sha != file_sha or written_size != file_size:
            raise BackupError("写入U盘的内容核对不一致，U盘可能有问题，请换一个U盘后重试。",
                              "read-back hash differs", "io")
        mpart = partial_path(dest, name + ".manifest.json")
        scratch.append(mpart)
        manifest = _manifest(facts, created=created, plain_sha=plain_sha,
                             plain_size=plain_size, file_sha=file_sha, file_size=file_size,
                             log_n=log_n)
        write_new_file(mpart, [json.dumps(manifest, ensure_ascii=False, indent=2).encode()])
        steps("正在完成…", 0.97)
        path, mpath = _claim_names(dest, stem, stamp, log_n is not None, part, mpart, finals)
        fsync_dir(dest)
    except BaseException as exc:
        # Ours, made just now: no half-made backup keeps a name (the backup goes first).
        remove_quietly(*reversed(finals), *scratch)
        if isinstance(exc, OSError):
            raise io_error(exc, phase) from exc
        if isinstance(exc, sqlite3.Error):
            raise _sqlite_error(exc) from exc
        raise
    finally:
        remove_sqlite_scratch(snapshot)
    result = BackupResult(path, mpath, plain_sha, file_size, facts.counts, log_n is not None,
                          file_sha, created, facts.village, facts.revision, log_n)
    if where == "stick":
        backup_history.record(db_path, result)
    steps("备份完成。" + ("现在可以拔出U盘了。" if where == "stick" else ""), 1.0)
    return result
