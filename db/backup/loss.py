"""What a restore would throw away: said before the clerk confirms (stdlib only).

    restore_loss(backup_path, db_path, *, passphrase=None) -> RestoreLoss | None

Compares the current file with the backup: cases (by case number) and checklist answers that
are here now but not in the backup, those changed since the backup, and any other change the
audit log records. None when the backup cannot be read yet (wrong passphrase, damaged: restore
itself then says why) or there is no current database. Nothing is written beside either file;
an encrypted backup is decrypted into a private temporary folder that is removed again.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from db.backup.io import AGE_MAGIC, BackupError, age_decrypt, read_only_uri
from db.pinyin_refresh import REKEYED
from db.private import write_bytes

SHOW_NUMBERS = 3


@dataclass(frozen=True)
class RestoreLoss:
    """Counts of what is here now and would be gone (or go back) after the restore."""

    cases_missing: int = 0  # here now, not in the backup
    latest_missing: list[str] = field(default_factory=list)  # their case numbers, newest first
    cases_changed: int = 0  # in both, changed since the backup
    answers_missing: int = 0
    answers_changed: int = 0
    other_changes: int = 0  # audit entries (any table) here now and not in the backup

    @property
    def nothing_lost(self) -> bool:
        return not (self.cases_missing or self.cases_changed or self.answers_missing
                    or self.answers_changed or self.other_changes)

    def text(self) -> str:
        """One or two plain Chinese sentences (data as plain text: no markup in it)."""
        if self.nothing_lost:
            return "现在的数据都在这个备份里，恢复不会丢失案件、答复或其他改动。"
        parts = []
        if self.cases_missing:
            latest = "、".join(self.latest_missing)
            more = "等" if self.cases_missing > len(self.latest_missing) else ""
            parts.append(f"案件 {self.cases_missing} 件（最新的是 {latest}{more}）")
        if self.cases_changed:
            parts.append(f"备份之后改过的案件 {self.cases_changed} 件的改动")
        if self.answers_missing:
            parts.append(f"村事百晓答复 {self.answers_missing} 条")
        if self.answers_changed:
            parts.append(f"备份之后改过的答复 {self.answers_changed} 条的改动")
        text = ""
        if parts:
            text = "注意：恢复后会丢失现在有而备份里没有的 " + "，".join(parts) + "。"
        if self.other_changes:
            text += f"备份之后一共记下了 {self.other_changes} 处改动（含案件、当事人、答复、设置等），恢复后都会丢失。"
        return text


def _rows(con: sqlite3.Connection, sql: str) -> list[tuple]:
    try:
        return con.execute(sql).fetchall()
    except sqlite3.OperationalError:  # a table an older backup does not have yet
        return []


# Worked out from the names and texts, not typed: a newer version re-keys them on opening
# (db.pinyin_refresh), so an older backup differing there has lost nothing.
DERIVED = {column for _table, column in REKEYED} | {"search_text"}


def _common_columns(a: sqlite3.Connection, b: sqlite3.Connection, table: str) -> str:
    """The columns `table` has in both files, quoted, in a's order ("NULL" when none)."""
    def names(con):
        try:
            return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        except sqlite3.Error:
            return []
    theirs = set(names(b))
    both = [c for c in names(a) if c in theirs and c not in DERIVED]
    return ", ".join('"' + c.replace('"', '""') + '"' for c in both) or "NULL"


def compare(current: sqlite3.Connection, backup: sqlite3.Connection) -> RestoreLoss:
    """The loss between two open files (current first)."""
    # Whole rows (the columns both files have: an older backup may have fewer), since a
    # timestamp to the second cannot tell a change made in the backup's own second.
    cols = _common_columns(current, backup, "dispute")
    case_sql = f"SELECT number, year, seq, {cols} FROM dispute"
    now_cases = {r[0]: r for r in _rows(current, case_sql)}
    old_cases = {r[0]: r for r in _rows(backup, case_sql)}
    missing = [r for n, r in now_cases.items() if n not in old_cases]
    missing.sort(key=lambda r: (r[1], r[2]), reverse=True)
    changed = sum(1 for n, r in now_cases.items() if n in old_cases and r != old_cases[n])
    answer_sql = f"SELECT id, created_at, {_common_columns(current, backup, 'answer')} FROM answer"
    now_answers = {(r[0], str(r[1])): r for r in _rows(current, answer_sql)}
    old_answers = {(r[0], str(r[1])): r for r in _rows(backup, answer_sql)}
    audit_sql = "SELECT id, at, table_name, row_id, action FROM audit_entry"
    old_audit = set(_rows(backup, audit_sql))
    other = sum(1 for r in _rows(current, audit_sql) if r not in old_audit)
    return RestoreLoss(
        cases_missing=len(missing),
        latest_missing=[r[0] for r in missing[:SHOW_NUMBERS]],
        cases_changed=changed,
        answers_missing=sum(1 for k in now_answers if k not in old_answers),
        answers_changed=sum(1 for k, v in now_answers.items()
                            if k in old_answers and v != old_answers[k]),
        other_changes=other,
    )


def restore_loss(backup_path: Path | str, db_path: Path | str, *,
                 passphrase: str | None = None) -> RestoreLoss | None:
    """What restoring `backup_path` over `db_path` would lose, or None when it cannot tell."""
    backup_path, db_path = Path(backup_path), Path(db_path)
    if not db_path.is_file() or not backup_path.is_file():
        return None
    scratch = None
    try:
        with open(backup_path, "rb") as fh:
            encrypted = fh.read(len(AGE_MAGIC)) == AGE_MAGIC
        source = backup_path
        if encrypted:
            if not passphrase:
                return None
            plain = age_decrypt(backup_path.read_bytes(), passphrase, hash_checked=False)
            scratch = Path(tempfile.mkdtemp(prefix="desk-loss-"))  # 0700
            source = write_bytes(scratch / "backup.sqlite3", plain)  # 0600
            del plain
        old = sqlite3.connect(read_only_uri(source, immutable=True), uri=True)
        try:
            now = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=5)
            try:
                return compare(now, old)
            finally:
                now.close()
        finally:
            old.close()
    except (BackupError, OSError, sqlite3.Error):
        return None
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


__all__ = ["RestoreLoss", "compare", "restore_loss"]
