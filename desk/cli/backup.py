"""`desk backup DIR [--encrypt]` and `desk restore FILE [--yes]` (called by desk.cli).

The passphrase comes from DESK_PASSPHRASE when set (scripts, tests), else it is typed twice
(backup) or once (restore) without echo. It is never stored. Exit codes: 0 done, 1 refused or
failed (nothing changed), 2 bad input.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from db.backup import (
    SAFE_TO_REMOVE,
    BackupError,
    encrypt_by_default,
    make_backup,
    passphrase_problem,
    read_manifest,
    restore_backup,
    restore_loss,
)

BAD_INPUT = {"no_folder", "not_found", "weak_passphrase", "need_passphrase"}


def _fail(chinese: str, english: str = "", code: int = 2) -> int:
    line = f"错误：{chinese}"
    if english:
        line += f"  (error: {english})"
    print(line, file=sys.stderr)
    return code


def _refused(exc: BackupError) -> int:
    return _fail(exc.message, exc.english, 2 if exc.kind in BAD_INPUT else 1)


def _db_path(args) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    from db.engine import default_db_path

    return default_db_path()


class _Stages:
    """Prints each new stage once on stderr (only on a terminal: scripts get a clean log)."""

    def __init__(self):
        self.last = ""
        self.on = sys.stderr.isatty()

    def __call__(self, text: str, _fraction: float) -> None:
        if self.on and text != self.last:
            self.last = text
            print(f"  {text}", file=sys.stderr)


def _passphrase(*, twice: bool) -> str:
    """DESK_PASSPHRASE, or typed (twice for a new backup); BackupError when unusable."""
    env = os.environ.get("DESK_PASSPHRASE")
    if env is not None:
        typed = env
    else:
        if not sys.stdin.isatty():
            raise BackupError("需要备份密码：请在命令窗口里运行，或设置环境变量 DESK_PASSPHRASE。",
                              "no terminal for the passphrase", "need_passphrase")
        typed = getpass.getpass("备份密码 / passphrase: ")
        if twice and getpass.getpass("再输一次 / again: ") != typed:
            raise BackupError("两次输入的密码不一样，请重新运行命令再输一次。",
                              "passphrases differ", "weak_passphrase")
    if twice and (problem := passphrase_problem(typed)):
        raise BackupError(problem, "passphrase too short", "weak_passphrase")
    if not typed:
        raise BackupError("请输入备份密码。", "empty passphrase", "need_passphrase")
    return typed


def cmd_backup(args) -> int:
    """Verified backup of the database into args.dir; prints the file written."""
    db_path, dest = _db_path(args), Path(args.dir)
    if not db_path.is_file():
        return _fail(f"找不到数据库 {db_path}，请检查 --db 指定的路径。", f"no database at {db_path}")
    if not dest.is_dir():
        return _fail(f"找不到文件夹 {dest}，请确认U盘已插好，或输入正确的文件夹路径。",
                     f"no folder {dest}")
    try:
        passphrase = None
        if getattr(args, "encrypt", False) or encrypt_by_default(db_path):
            passphrase = _passphrase(twice=True)
        result = make_backup(db_path, dest, passphrase=passphrase, progress=_Stages())
    except BackupError as exc:
        return _refused(exc)
    print(f"已写入备份：{result.path}")
    print(f"说明文件：{result.manifest_path}")
    print(f"校验值 SHA-256：{result.file_sha256}")
    if result.encrypted:
        print(f"已加密（age 格式，scrypt N=2^{result.kdf_log_n}）。请记住密码：程序不保存密码，"
              "忘了密码就打不开这个备份。")
    print(SAFE_TO_REMOVE)
    return 0


def _describe(path: Path) -> str:
    try:
        manifest = read_manifest(path) or {}
    except BackupError:
        manifest = {}
    when = (manifest.get("created_at") or "").replace("T", " ")
    village = manifest.get("village") or ""
    return "，".join(x for x in (village, when and f"做于 {when}") if x)


def _is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(22) == b"age-encryption.org/v1\n"
    except OSError:
        return False


def cmd_restore(args) -> int:
    """Verify args.file, keep a safety copy of the database, then put the backup in its place."""
    from db.lock import DatabaseBusy, DatabaseLock

    db_path, source = _db_path(args), Path(args.file)
    if not source.is_file():
        return _fail(f"找不到备份文件 {source}，请检查路径后重试。", f"no file {source}")
    passphrase = None
    try:
        if not getattr(args, "yes", False):
            if not sys.stdin.isatty():
                return _fail("恢复会替换当前数据库，请加上 --yes 确认。", "add --yes to confirm")
            passphrase = _passphrase(twice=False) if _is_encrypted(source) else None
            about = _describe(source)
            loss = restore_loss(source, db_path, passphrase=passphrase)
            if loss is not None:  # what will be lost, before the question
                print(loss.text())
            answer = input(f"将用备份 {source.name}{f'（{about}）' if about else ''} 替换数据库 {db_path}，"
                           "原数据库会先另存一份。确定吗？输入 y 确认：")
            if answer.strip().lower() not in ("y", "yes", "是"):
                print("已取消，什么也没有改动。")
                return 1
        elif _is_encrypted(source):
            passphrase = _passphrase(twice=False)
        with DatabaseLock(db_path):
            result = restore_backup(source, db_path, passphrase=passphrase, progress=_Stages())
    except DatabaseBusy as exc:
        return _fail(exc.message, exc.english, 1)
    except BackupError as exc:
        return _refused(exc)
    print(f"已从备份恢复：{source}")
    if result.safety_copy:
        print(f"原来的数据库另存为：{result.safety_copy}")
    if result.migrated_from:
        print(f"这个备份来自旧版本（结构版本 {result.migrated_from}），已升级到当前版本。")
    print(SAFE_TO_REMOVE)
    return 0
