"""Making, verifying and restoring one backup (the public names are in db.backup).

make_backup: snapshot the live file (SQLite backup API) into a scratch file beside it, check it
(PRAGMA quick_check, or integrity_check with full_check=True; our schema), hash it, optionally
encrypt it (age, passphrase), write it to the destination under a dot-name ending in .partial,
fsync, read it back and compare the hash, write the manifest the same way, then give both their
final names (manifest first, so a file with a backup's name always has its manifest) and fsync
the folder.

restore_backup: verify into a scratch file beside the live database (hash or decryption,
quick_check, and the whole schema of the backup's revision: db.check_schema), migrate it if it
is older, raise its case-number counters to every number the live file has issued
(db.register.numbering), copy the live file aside, then os.replace. Until that last step the live file
is not touched, so every refusal or failure leaves it exactly as it was.

Every file made here is private (0600, folders 0700: db.private). An encrypted backup's
manifest holds only what verifies the ciphertext (SEALED_FORMAT); what is inside is checked
after decrypting.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db.backup import history as backup_history
from db.backup.io import (
    AGE_MAGIC,
    SQLITE_MAGIC,
    SUFFIX,
    BackupError,
    age_decrypt,
    age_encrypt,
    backup_name,
    bytes_chunks,
    copy_hashing,
    file_chunks,
    fsync_dir,
    fsync_file,
    io_error,
    is_within,
    manifest_path_for,
    partial_path,
    passphrase_problem,
    read_only_uri,
    remove_quietly,
    remove_sqlite_scratch,
    remove_stale_partials,
    rename_no_clobber,
    safe_stem,
    sha256_file,
    write_new_file,
)
from db.private import make_dir, private_umask, touch
from db.probe import known_revisions
from db.register.numbering import carry_issued_numbers, read_issued_numbers

Progress = Callable[[str, float], None]
Clock = Callable[[], datetime]
MANIFEST_FORMAT = "desk-backup/1"  # a plain backup: what is in it, to check it and to compare
# An encrypted backup's manifest lies beside it in plain text on a stick: it holds only what
# verifies the ciphertext (its hash and size, the scrypt factor, when it was made). What is
# inside (village, counts, schema) is checked after decrypting: age's authenticated encryption
# vouches for every byte, then quick_check and our schema. Format 1 manifests of encrypted
# backups made by older versions (with the plain hash and counts) are still read and checked.
SEALED_FORMAT = "desk-backup/2"
MANIFEST_FORMATS = {MANIFEST_FORMAT: ("sha256", "file_sha256", "file_size", "encrypted",
                                      "schema_revision"),
                    SEALED_FORMAT: ("file_sha256", "file_size", "encrypted")}
SNAPSHOT_PAGES = 2048  # pages per backup step: one progress report per 8 MB


def local_now() -> datetime:
    """Local wall-clock time to the second (as db.models.base.now, without importing models)."""
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class BackupResult:
    """A backup that was written, read back and found identical; `size` is the file's size."""

    path: Path
    manifest_path: Path
    sha256: str  # of the plain database
    size: int
    counts: dict[str, int]
    encrypted: bool
    file_sha256: str  # of the file as written (= sha256 when not encrypted)
    created_at: datetime
    village: str
    schema_revision: str
    kdf_log_n: int | None = None  # scrypt work factor log2(N) when encrypted


@dataclass(frozen=True)
class VerifiedBackup:
    """A backup found whole: hash (or decryption) checked, quick/integrity check ok, our schema."""

    path: Path
    manifest_path: Path | None
    encrypted: bool
    sha256: str  # of the plain database
    size: int  # of the plain database
    village: str
    schema_revision: str
    needs_upgrade: bool  # made by an older version: restore migrates it
    counts: dict[str, int]
    created_at: datetime | None  # from the manifest (None without one)
    hash_checked: bool  # the manifest's SHA-256 matched (False: the SQLite check only)
    app_version: str | None = None


@dataclass(frozen=True)
class RestoreResult:
    """What restore did: the live file now holds the backup; the old one is `safety_copy`."""

    db_path: Path
    safety_copy: Path | None  # None when there was no database before
    backup: VerifiedBackup
    migrated_from: str | None  # the backup's schema revision when it was upgraded


@dataclass(frozen=True)
class _Facts:
    revision: str
    village: str
    counts: dict[str, int]
    last_audit_id: int


class _Steps:
    """Maps each stage onto its share of 0..1 for the caller's progress(text, fraction)."""

    def __init__(self, progress: Progress | None):
        self.progress = progress

    def __call__(self, text: str, fraction: float) -> None:
        if self.progress:
            self.progress(text, max(0.0, min(1.0, fraction)))

    def span(self, text: str, start: float, end: float) -> Callable[[float], None]:
        self(text, start)
        return lambda x: self(text, start + (end - start) * x)


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("desk")
    except Exception:  # running from a source tree without metadata
        return "unknown"


def data_dir(db_path: Path) -> Path:
    """The folder of the database: automatic backups, history and safety copies live there."""
    return Path(db_path).resolve().parent


# --- the SQLite side -----------------------------------------------------------------------


def _snapshot(db_path: Path, target: Path, step: Callable[[float], None]) -> None:
    """A consistent copy of the live file (backup API), as a plain rollback-journal file."""
    src = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=5)
    try:
        touch(target)  # born private; SQLite gives its journal the same mode
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=SNAPSHOT_PAGES,
                       progress=lambda _s, left, total: step(1 - left / total if total else 1))
            # The copy keeps the WAL flag of the live file; a backup must stand alone.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _refuse(context: str, kind: str, name: str, detail: str = "") -> BackupError:
    if context == "source":
        messages = {
            "damaged": "当前数据库检查未通过，无法做出完好的备份，请运行 desk check 检查并联系技术人员。",
            "foreign": "当前数据库不是村委工作台的数据库，无法备份，请检查 --db 指定的路径。",
            "newer": "当前数据库由更新版本的程序写入，无法备份，请先升级本程序。",
        }
        kind = "source_damaged" if kind == "damaged" else kind
        return BackupError(messages.get(kind, messages["damaged"]),
                           f"live database: {kind} {detail}".strip(), kind)
    messages = {
        "damaged": f"备份文件 {name} 已损坏，不能用来恢复，请换一个备份文件；当前数据库未作改动。",
        "foreign": f"文件 {name} 不是村委工作台的备份，请选择以 .desk.sqlite3 或 .desk.sqlite3.age "
                   "结尾的备份文件；当前数据库未作改动。",
        "newer": f"备份 {name} 由更新版本的村委工作台制作（结构版本 {detail}），请先升级本程序再恢复；"
                 "当前数据库未作改动。",
    }
    return BackupError(messages[kind], f"backup {name}: {kind} {detail}".strip(), kind)


def _check_schema(con: sqlite3.Connection, revision: str, name: str) -> None:
    """Every table, column, index and trigger of `revision`, and nothing more."""
    from db.check_schema import compare_schema, summary

    problems = compare_schema(con, revision)
    if problems:
        raise BackupError(
            f"备份文件 {name} 的数据结构与它的版本不符（{summary(problems)}），可能已损坏或被改动过，"
            "不能用来恢复，请换一个备份文件；当前数据库未作改动。",
            f"backup {name}: schema differs from {revision}: "
            + "; ".join(p.english for p in problems[:5]), "damaged")


def check_copy(path: Path, context: str, name: str = "", *, full: bool = False) -> _Facts:
    """Whole length, quick_check (integrity_check if `full`), our schema, a known revision.

    quick_check verifies every page and b-tree in O(N); integrity_check also matches every
    index entry to its row, which takes ~3.5 s on a 100,000-case file (quick_check ~0.6 s).
    """
    with open(path, "rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise _refuse(context, "foreign" if context == "source" else "damaged", name)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if page_size * pages != os.path.getsize(path):  # truncated or padded
        raise _refuse(context, "damaged", name, "length does not match the header")
    try:
        con = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
        try:
            pragma = "integrity_check" if full else "quick_check"
            problems = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
            if problems != ["ok"]:
                raise _refuse(context, "damaged", name, "; ".join(problems[:3]))
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name")]
            if "alembic_version" not in tables or "village" not in tables:
                raise _refuse(context, "foreign", name)
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else ""
            if revision not in known_revisions():
                raise _refuse(context, "newer" if revision else "foreign", name, revision)
            if context == "backup":  # the whole schema of its revision, not only its name
                _check_schema(con, revision, name)
            row = con.execute("SELECT name FROM village WHERE id = 1").fetchone()
            counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
            last = 0
            if "audit_entry" in tables:
                last = con.execute("SELECT coalesce(max(id), 0) FROM audit_entry").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise _refuse(context, "damaged", name, str(exc)) from None
    return _Facts(revision, (row[0] if row else "") or "", counts, last)


def change_marker(db_path: Path) -> tuple[int, dict[str, int]]:
    """(max audit id, row counts) of the live file: unchanged marker means nothing to back up."""
    con = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=5)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        last = 0
        if "audit_entry" in tables:
            last = con.execute("SELECT coalesce(max(id), 0) FROM audit_entry").fetchone()[0]
    finally:
        con.close()
    return last, counts


def encrypt_by_default(db_path: Path | str) -> bool:
    """The village setting 备份默认加密 (village.backup_encrypt); False when unreadable."""
    try:
        con = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=5)
        try:
            row = con.execute("SELECT backup_encrypt FROM village WHERE id = 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row and row[0])


# --- make ----------------------------------------------------------------------------------


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


def _check_room(dest: Path, size: int, where: str) -> None:
    """Say "stick full" before writing when the free space is plainly too small."""
    try:
        free = shutil.disk_usage(dest).free
    except OSError:
        return  # unknown: writing will tell
    if free < size + (1 << 20):
        raise io_error(OSError(errno.ENOSPC, "not enough free space"), where)


def _sqlite_error(exc: sqlite3.Error) -> BackupError:
    text = str(exc).lower()
    if "full" in text:
        return io_error(OSError(28, "database or disk is full"), "local")
    if "locked" in text or "busy" in text:
        return BackupError("数据库正忙，请稍等片刻再备份。", str(exc), "busy")
    if "malformed" in text or "not a database" in text:
        return _refuse("source", "damaged", "", str(exc))
    return io_error(OSError(5, str(exc)), "local")


# --- verify ------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict | None:
    """The manifest beside backup `path`, or None when there is none; BackupError if broken."""
    mpath = manifest_path_for(path)
    if not mpath.exists():
        return None
    try:
        data = json.loads(mpath.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") not in MANIFEST_FORMATS:
            raise ValueError("not a manifest")
        for key in MANIFEST_FORMATS[data["format"]]:
            data[key]  # noqa: B018  (a missing key is a broken manifest)
        if data["format"] == SEALED_FORMAT and data["encrypted"] is not True:
            raise ValueError("a sealed manifest of a plain file")
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        raise BackupError(
            f"备份的说明文件 {mpath.name} 已损坏，无法确认备份完好，请换一个备份文件；当前数据库未作改动。",
            f"broken manifest ({exc})", "damaged",
        ) from None
    return data


def _load_into(
    path: Path, target: Path | None, passphrase: str | None, require_manifest: bool,
    steps: _Steps, work_dir: Path | str | None = None, full_check: bool = False,
) -> VerifiedBackup:
    """Check backup `path`; with a `target`, leave its plain database in that new file.

    Without a target (verify only) a plain backup is checked where it lies (read-only,
    immutable: nothing is created beside it) and an encrypted one is decrypted into a scratch
    folder under `work_dir` that is removed again.
    """
    name = path.name
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}，请检查路径后重试。", f"no file {path}", "not_found")
    manifest = read_manifest(path)
    damaged = _refuse("backup", "damaged", name)
    with open(path, "rb") as fh:
        head = fh.read(len(AGE_MAGIC))
    encrypted = head.startswith(AGE_MAGIC)
    if not encrypted and not head.startswith(SQLITE_MAGIC):
        raise damaged if manifest else _refuse("backup", "foreign", name)
    if manifest and (bool(manifest["encrypted"]) != encrypted
                     or os.path.getsize(path) != manifest["file_size"]):
        raise damaged  # truncated or padded: no need to read it
    if not encrypted and manifest is None and require_manifest:
        raise BackupError(
            f"备份 {name} 旁边缺少说明文件 {name}.manifest.json，无法确认备份完好；"
            "请把这两个文件一起复制过来再恢复。",
            "manifest missing", "no_manifest",
        )
    scratch = None
    try:
        if encrypted:
            steps("正在读取备份…", 0.05)
            data = path.read_bytes()
            if manifest and hashlib.sha256(data).hexdigest() != manifest["file_sha256"]:
                raise damaged
            if not passphrase:
                raise BackupError(f"备份 {name} 是加密的，请输入做备份时设的密码。",
                                  "passphrase needed", "need_passphrase")
            steps("正在解密（约需几秒）…", 0.15)
            plain = age_decrypt(data, passphrase, hash_checked=manifest is not None)
            del data
            sha, size = hashlib.sha256(plain).hexdigest(), len(plain)
            if manifest and sha != manifest.get("sha256", sha):  # format 1 only
                raise damaged
            if target is None:
                scratch = Path(tempfile.mkdtemp(prefix="desk-verify-", dir=work_dir))
            checked = target or scratch / "backup.sqlite3"
            write_new_file(checked, bytes_chunks(plain), size, steps.span("正在解密…", 0.3, 0.4),
                           sync=False)  # restore fsyncs its copy before the swap
            del plain
        elif target is None:
            sha, size = sha256_file(path, steps.span("正在核对备份…", 0.0, 0.4))
            checked = path
        else:
            sha, size = copy_hashing(path, target, steps.span("正在读取并核对备份…", 0.0, 0.4),
                                     sync=False)
            checked = target
        if manifest and (sha != manifest.get("sha256", sha) or size != manifest.get("size", size)):
            raise damaged
        steps("正在检查备份的数据库…", 0.4)
        facts = check_copy(checked, "backup", name, full=full_check)
    finally:
        if scratch is not None:
            remove_sqlite_scratch(scratch / "backup.sqlite3")
            try:
                scratch.rmdir()
            except OSError:
                pass
    if manifest and (facts.revision != manifest.get("schema_revision", facts.revision)
                     or facts.counts != manifest.get("counts", facts.counts)
                     or facts.village != manifest.get("village", facts.village)):
        raise damaged
    created = None
    if manifest and manifest.get("created_at"):
        try:
            created = datetime.fromisoformat(manifest["created_at"])
        except (TypeError, ValueError):
            raise damaged from None
    return VerifiedBackup(
        path=path, manifest_path=manifest_path_for(path) if manifest else None,
        encrypted=encrypted, sha256=sha, size=size, village=facts.village,
        schema_revision=facts.revision, needs_upgrade=facts.revision != known_revisions()[-1],
        counts=facts.counts, created_at=created, hash_checked=manifest is not None,
        app_version=manifest.get("app_version") if manifest else None,
    )


def _read_error(exc: OSError) -> BackupError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EROFS):
        return io_error(exc, "local")
    return BackupError("读取备份文件时出错（U盘可能被拔出或已损坏），请插好U盘后再试一次；当前数据库未作改动。",
                       f"{exc.strerror or exc}", "io")


def verify_backup(
    path: Path | str,
    *,
    passphrase: str | None = None,
    require_manifest: bool = True,
    progress: Progress | None = None,
    work_dir: Path | str | None = None,
    full_check: bool = False,
) -> VerifiedBackup:
    """Check a backup without restoring it: manifest hash or decryption, integrity, schema.

    A tampered, truncated, foreign or wrongly decrypted file raises BackupError. A plain file
    without its manifest is refused unless require_manifest=False (then only the SQLite check
    vouches for it: `hash_checked` is False). Nothing is written beside the backup; an
    encrypted one is decrypted into a scratch folder in `work_dir` (default: system temp).
    """
    steps = _Steps(progress)
    try:
        result = _load_into(Path(path), None, passphrase, require_manifest, steps, work_dir,
                            full_check)
    except OSError as exc:
        raise _read_error(exc) from exc
    steps("备份完好。", 1.0)
    return result


# --- restore -------------------------------------------------------------------------------


def _upgrade_copy(path: Path) -> None:
    """Migrate a verified copy to the newest schema with Alembic (db.schema.upgrade)."""
    from db.engine import dispose_engine, get_engine
    from db.schema import upgrade

    dispose_engine(path)
    try:
        with private_umask():
            upgrade(get_engine(path))
    except Exception as exc:
        raise BackupError(
            "备份的数据格式升级失败，当前数据库未作改动，请联系技术人员。",
            f"migration failed: {exc}", "upgrade_failed",
        ) from exc
    finally:
        dispose_engine(path)


def _rollback_mode(path: Path) -> None:
    """Leave `path` as one self-contained file (no -wal to lose in a rename)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    remove_quietly(Path(f"{path}-wal"), Path(f"{path}-shm"))


def move_aside(path: Path, label: str, clock: Clock | None = None) -> Path:
    """Rename `path` (and its -wal/-shm) to `<name>.<label>-<time>`; never deletes anything."""
    stamp = (clock or local_now)().strftime("%Y%m%d-%H%M%S")
    base = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while any(os.path.lexists(f"{base}{s}") for s in ("", "-wal", "-shm")):
        n += 1
        base = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    for s in ("-wal", "-shm", ""):  # the main file last: its companions go with it
        if os.path.lexists(f"{path}{s}"):
            os.rename(f"{path}{s}", f"{base}{s}")
    fsync_dir(path.parent)
    return base


def _set_current_aside(db_path: Path, clock: Clock) -> Path | None:
    """A safety copy of the live file (db.schema.copy_aside); a damaged one is moved aside."""
    if not db_path.exists():
        return None
    from db.engine import dispose_engine

    dispose_engine(db_path)
    try:
        con = sqlite3.connect(db_path, timeout=5)
        try:
            busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            con.close()
        if busy or str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
        from db.schema import copy_aside

        with private_umask():
            safety = copy_aside(db_path, "before-restore")
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise BackupError("数据库正被另一个窗口使用，请先关闭其他村委工作台窗口再恢复；当前数据库未作改动。",
                              str(exc), "busy") from None
        return move_aside(db_path, "before-restore", clock)  # damaged: keep it as it is
    fsync_file(safety)
    return safety


def _clear_companions(db_path: Path, clock: Clock) -> None:
    """No old -wal may meet the new file; a non-empty one is kept aside, never deleted."""
    shm, wal = Path(f"{db_path}-shm"), Path(f"{db_path}-wal")
    remove_quietly(shm)
    if wal.exists():
        if wal.stat().st_size == 0:
            remove_quietly(wal)
        else:
            os.rename(wal, wal.with_name(f"{wal.name}.stale-{clock():%Y%m%d-%H%M%S}"))


def restore_backup(
    backup_path: Path | str,
    db_path: Path | str,
    *,
    passphrase: str | None = None,
    progress: Progress | None = None,
    require_manifest: bool = True,
    clock: Clock | None = None,
    full_check: bool = False,
) -> RestoreResult:
    """Replace the database at `db_path` by the backup, keeping a safety copy of the old one.

    The caller must hold the database lock and have stopped using the database (the engine
    is disposed here before and after). Any refusal or failure raises BackupError and leaves
    the current database as it was.
    """
    db_path = Path(db_path).absolute()
    steps = _Steps(progress)
    clock = clock or local_now
    folder = db_path.parent
    tmp = partial_path(folder, f"{db_path.name}.restore")
    try:
        make_dir(folder)
        try:
            verified = _load_into(Path(backup_path), tmp, passphrase, require_manifest, steps,
                                  full_check=full_check)
        except OSError as exc:
            raise _read_error(exc) from exc
        migrated_from = None
        if verified.needs_upgrade:
            steps("正在升级备份的数据格式…", 0.6)
            _upgrade_copy(tmp)
            _rollback_mode(tmp)
            facts = check_copy(tmp, "backup", Path(backup_path).name, full=full_check)
            if facts.revision != known_revisions()[-1]:
                raise BackupError("备份的数据格式升级失败，当前数据库未作改动，请联系技术人员。",
                                  f"still at {facts.revision}", "upgrade_failed")
            migrated_from = verified.schema_revision
        # Numbers the current file has issued stay issued in the restored one.
        try:
            carry_issued_numbers(read_issued_numbers(db_path), tmp)
        except sqlite3.Error as exc:
            raise BackupError("恢复时无法写入已用过的案件编号，当前数据库未作改动；请再试一次，"
                              "如果还不行，请联系技术人员。", f"issued numbers: {exc}",
                              "io") from exc
        fsync_file(tmp)
        steps("正在另存当前数据库…", 0.75)
        safety = _set_current_aside(db_path, clock)
        steps("正在换上备份…", 0.95)
        _clear_companions(db_path, clock)
        os.replace(tmp, db_path)
    except BaseException as exc:
        remove_sqlite_scratch(tmp)
        if isinstance(exc, OSError):
            raise io_error(exc, "local") from exc
        raise
    from db.engine import dispose_engine

    dispose_engine(db_path)  # no pooled connection may still point at the old file
    try:  # the swap is done; a folder that cannot be synced must not report a failure
        fsync_dir(folder)
    except OSError:
        pass
    steps("恢复完成。", 1.0)
    return RestoreResult(db_path, safety, verified, migrated_from)
