"""Shared fixtures: every test runs with its own user directories and real SQLite files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db.engine import dispose_engine
from db.schema import open_database
from db.settings.village import save_cadre, setup_village


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real user's data or config: HOME and XDG dirs point into tmp."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("APPDATA", str(home / "appdata"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "localappdata"))
    monkeypatch.delenv("DESK_DB", raising=False)
    monkeypatch.setenv("DESK_NO_VIEWER", "1")  # printing in tests writes files, opens nothing
    return home


@pytest.fixture
def db_path(tmp_path) -> Path:
    path = tmp_path / "village.db"
    yield path
    dispose_engine(path)


def _small_village(empty_engine):
    setup_village(
        empty_engine,
        dict(name="青石村", committee="青石村民委员会", township="云岭镇", county="安平县",
             case_prefix="青调", clerk="李文书"),
        ["一组", "二组", "三组", "四组"],
    )
    save_cadre(empty_engine, None, name="赵书记", roles=["书记"], phone="13907710001")
    save_cadre(empty_engine, None, name="钱调解", roles=["调解员", "片长"], phone="13907710002",
               hamlet_ids=[1, 2])
    save_cadre(empty_engine, None, name="孙主任", roles=["主任", "调解员"], phone="13907710003",
               hamlet_ids=[3])
    save_cadre(empty_engine, None, name="李信息", roles=["信息员", "片长"], phone="13907710004",
               hamlet_ids=[4])
    return empty_engine


@pytest.fixture(scope="session")
def _template_files(tmp_path_factory) -> dict[str, Path]:
    """Each file made once per test process by the real code (migrations, audited writes), then
    copied for each test: a new file costs 0.4-0.8 s of Alembic, a copy 2 ms. Tests of creating,
    migrating and opening files call open_database on their own paths."""
    folder = tmp_path_factory.mktemp("templates")
    files = {"empty": folder / "empty.db", "village": folder / "village.db"}
    open_database(files["empty"])
    _small_village(open_database(files["village"]))
    for path in files.values():
        dispose_engine(path)  # checkpointed: the copy is the whole file
        assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return files


def _from_template(template: Path, db_path: Path):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, db_path)
    db_path.chmod(0o600)
    return open_database(db_path)


@pytest.fixture
def empty_engine(db_path, _template_files):
    """A real SQLite file at the newest schema, with no village yet."""
    return _from_template(_template_files["empty"], db_path)


@pytest.fixture
def engine(db_path, _template_files):
    """A small village: 4 hamlets and 4 cadres (fictional)."""
    return _from_template(_template_files["village"], db_path)
