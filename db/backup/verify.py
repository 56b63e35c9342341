"""Verifying one backup (verify_backup): hash or decryption, quick_check, the schema of its
revision; reading a manifest. Nothing is changed."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from db.backup.common import (
    MANIFEST_FORMATS,
    SEALED_FORMAT,
    Progress,
    VerifiedBackup,
    _read_error,
    _refuse,
    _Steps,
    check_copy,
)
from db.backup.io import (
    AGE_MAGIC,
    SQLITE_MAGIC,
    BackupError,
    age_decrypt,
    bytes_chunks,
    copy_hashing,
    manifest_path_for,
    remove_sqlite_scratch,
    sha256_file,
    write_new_file,
)
from db.probe import known_revisions


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
    trust_hash: bool = False,
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
        facts = check_copy(checked, "backup", name, full=full_check,
                           pages=not (trust_hash and manifest is not None))
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


def verified_copy(
    path: Path | str, target: Path | str, *, passphrase: str | None = None,
    progress: Progress | None = None, require_manifest: bool = True,
) -> VerifiedBackup:
    """Verify backup `path` as verify_backup does and leave its plain database in the new file
    `target` (private; the caller removes it). For readers of other villages' backups
    (db.township): the backup itself is only read. When the manifest's hash matches (or age
    authenticated the file against it), quick_check is not run again: the copy is byte for byte
    the one that passed it when the backup was made; the schema is still checked."""
    try:
        return _load_into(Path(path), Path(target), passphrase, require_manifest, _Steps(progress),
                          trust_hash=True)
    except OSError as exc:
        raise _read_error(exc) from exc
