"""The engine factory: durable pragmas, one engine per file, where the file lives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from platformdirs import user_data_path

from db.engine import BUSY_TIMEOUT_MS, default_db_path, dispose_engine, get_engine
from db.schema import open_database
from db.settings.village import get_village


def _pragma(engine, name):
    with engine.connect() as c:
        return c.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_pragmas_on_a_real_file(db_path):
    engine = get_engine(db_path)
    assert _pragma(engine, "journal_mode") == "wal"
    assert _pragma(engine, "synchronous") == 2  # FULL: a returned commit survives a power cut
    assert _pragma(engine, "foreign_keys") == 1
    assert _pragma(engine, "busy_timeout") == BUSY_TIMEOUT_MS > 0
    assert db_path.exists()
    # WAL is recorded in the file header (bytes 18-19 == 2), so it holds for every program
    assert db_path.read_bytes()[18:20] == b"\x02\x02"


def test_every_pooled_connection_gets_the_pragmas(db_path):
    engine = get_engine(db_path)
    with engine.connect() as a, engine.connect() as b:  # two distinct DBAPI connections
        for c in (a, b):
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with engine.begin() as c:
            c.exec_driver_sql("INSERT INTO cadre_hamlet (cadre_id, hamlet_id) VALUES (1, 999)")


def test_one_engine_per_resolved_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.db"
    try:
        first = get_engine(path)
        assert get_engine(str(path)) is first
        assert get_engine("a.db") is first  # relative to the working directory
        assert get_engine(tmp_path / "sub" / ".." / "a.db") is first
        other = get_engine(tmp_path / "b.db")
        assert other is not first
        dispose_engine(path)
        assert get_engine(path) is not first  # a disposed engine is never handed out again
    finally:
        dispose_engine(tmp_path / "a.db")
        dispose_engine(tmp_path / "b.db")


@pytest.mark.parametrize("name", ["村委 数据.db", "x?y.db", "a#b.db", "p%41.db"])
def test_odd_file_names_open_that_very_file(tmp_path, name):
    """A name is a file name, never a URL: ?, # and % once opened a different file."""
    path = tmp_path / name
    try:
        open_database(path)
        assert get_village(get_engine(path)) is None
        dispose_engine(path)
        assert sorted(p.name for p in tmp_path.iterdir()) == [name]
        con = sqlite3.connect(path)
        assert con.execute("SELECT count(*) FROM dispute_type").fetchone()[0] == 16
        con.close()
    finally:
        dispose_engine(path)


def test_desk_db_overrides_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("DESK_DB", str(tmp_path / "elsewhere.db"))
    assert default_db_path() == tmp_path / "elsewhere.db"
    monkeypatch.setenv("DESK_DB", "~/村委/desk.db")
    assert default_db_path() == Path.home() / "村委" / "desk.db"


def test_default_is_in_the_user_data_directory(isolated_user_dirs, monkeypatch):
    monkeypatch.delenv("DESK_DB", raising=False)
    path = default_db_path()
    assert path == user_data_path("desk", appauthor=False) / "desk.db"
    assert path.is_relative_to(isolated_user_dirs)  # never the real user's files in tests
    assert path.name == "desk.db"
