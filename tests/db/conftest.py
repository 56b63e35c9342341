"""Files filled once per test process by the real code, then copied for each test.

`built(name, template, fill)` copies one of tests/conftest.py's templates ("empty" or
"village"), opens it with open_database, runs `fill(engine, path)` (audited writes, as the app
makes them), settles the file and keeps it with fill's result under `name`. A test never writes
to a built file: tests/db/built_files.copy_built(path, db_path) gives it its own copy (2 ms instead of a rebuild).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from db.backup import make_backup, verify_backup
from db.engine import dispose_engine
from db.schema import open_database
from tests.db.backup_helpers import BACKUP_VILLAGE, PASSPHRASE
from tests.db.built_files import copy_built

Fill = Callable[[Any, Path], Any]


@pytest.fixture(scope="session")
def built(tmp_path_factory, _template_files) -> Callable[[str, str, Fill], tuple[Path, Any]]:
    cache: dict[str, tuple[Path, Any]] = {}

    def build(name: str, template: str, fill: Fill) -> tuple[Path, Any]:
        if name not in cache:
            path = tmp_path_factory.mktemp(f"built-{name}") / f"{name}.db"
            shutil.copyfile(_template_files[template], path)
            path.chmod(0o600)
            result = fill(open_database(path), path)
            dispose_engine(path)  # checkpointed: the copy is the whole file
            wal = Path(f"{path}-wal")
            assert not wal.exists() or wal.stat().st_size == 0
            cache[name] = (path, result)
        return cache[name]

    return build


@pytest.fixture(scope="session")
def sealed(built, tmp_path_factory):
    """One encrypted backup of the BACKUP_VILLAGE file and verify_backup's facts about it, made
    once per test process: each scrypt costs a second or more (the product's own cost, kept).
    Read only: a test that changes it works on a copy."""
    root = tmp_path_factory.mktemp("sealed")
    source = root / "data" / "village.db"
    copy_built(built(*BACKUP_VILLAGE)[0], source)
    dispose_engine(source)
    stick = root / "stick"
    stick.mkdir()
    result = make_backup(source, stick, passphrase=PASSPHRASE,
                         clock=lambda: datetime(2026, 11, 20, 8, 30, 5))
    return result, verify_backup(result.path, passphrase=PASSPHRASE)
