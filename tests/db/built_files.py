"""A test's own copy of a file built once per test process (see tests/db/conftest.py `built`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from db.schema import open_database


def copy_built(source: Path, db_path: Path):
    """A private copy of a built file at `db_path`, opened as the app opens it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, db_path)
    db_path.chmod(0o600)
    return open_database(db_path)
