"""Backup, restore and moving to another PC: the one module screens and the command line use.

    make_backup(db_path, dest_dir, *, passphrase=None, progress=None, clock=None,
                full_check=False) -> BackupResult
    verify_backup(path, *, passphrase=None, require_manifest=True, progress=None,
                  work_dir=None, full_check=False) -> VerifiedBackup
    restore_backup(backup_path, db_path, *, passphrase=None, progress=None,
                   require_manifest=True, clock=None, full_check=False) -> RestoreResult
    auto_backup(db_path, *, clock=None, min_interval=None) -> Path | None
    rotate(folder, clock=None, *, daily=12, weekly=10, monthly=9) -> list[Path]
    last_stick_backup(db_path) -> datetime | None
    stick_backup_warning(db_path, today) -> str | None
    quick_check_on_open(db_path, *, clock=None) -> str | None
    list_backups(folder) / known_backups(db_path) / newest_verified_backup(db_path)
    restore_loss(backup_path, db_path, *, passphrase=None) -> RestoreLoss | None
                  (what a restore would lose; .text() says it in Chinese before confirming)
    encrypt_by_default(db_path) -> bool;  passphrase_problem(p) -> str | None

Every failure raises BackupError(.message Chinese, .english, .kind) and changes nothing.
`progress(text, fraction)` gets a Chinese stage text and 0.0..1.0, from the calling thread.
Pieces: db.backup.io (files, names, age), db.backup.make, .verify, .restore (+ .common),
db.backup.auto (automatic backups, rotation, damage on open), db.backup.history (stick log).
"""

from db.backup.auto import (
    KnownBackup,
    auto_backup,
    auto_folder,
    known_backups,
    legacy_auto_folder,
    list_backups,
    matches_manifest,
    newest_verified_backup,
    quick_check_on_open,
    rotate,
)
from db.backup.common import (
    BackupResult,
    Progress,
    RestoreResult,
    VerifiedBackup,
    encrypt_by_default,
)
from db.backup.history import last_stick_backup, stick_backup_warning
from db.backup.io import (
    MIN_LOG_N,
    MIN_PASSPHRASE,
    SAFE_TO_REMOVE,
    BackupError,
    passphrase_problem,
)
from db.backup.loss import RestoreLoss, restore_loss
from db.backup.make import (
    make_backup,
)
from db.backup.restore import (
    restore_backup,
)
from db.backup.verify import (
    read_manifest,
    verify_backup,
)

__all__ = [
    "MIN_LOG_N",
    "MIN_PASSPHRASE",
    "SAFE_TO_REMOVE",
    "BackupError",
    "BackupResult",
    "KnownBackup",
    "Progress",
    "RestoreLoss",
    "RestoreResult",
    "VerifiedBackup",
    "auto_backup",
    "auto_folder",
    "encrypt_by_default",
    "known_backups",
    "last_stick_backup",
    "legacy_auto_folder",
    "list_backups",
    "make_backup",
    "matches_manifest",
    "newest_verified_backup",
    "passphrase_problem",
    "quick_check_on_open",
    "read_manifest",
    "restore_backup",
    "restore_loss",
    "rotate",
    "stick_backup_warning",
    "verify_backup",
]
