"""Shared fixtures: every test runs with its own user directories and real SQLite files."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

import db.audit
from db.checklist.bank import load_default_bank
from db.checklist.questions import open_round
from db.demo.checklist import add_demo_checklist
from db.demo.network import add_demo_network, add_demo_plans
from db.demo.office import add_demo_office
from db.demo.register import add_demo_cases
from db.demo.village import add_demo_village
from db.engine import dispose_engine
from db.schema import open_database
from db.settings.village import save_cadre, setup_village


@pytest.fixture(scope="session", autouse=True)
def fewer_garbage_collections():
    """The test process's collector, not the product's: a Pilot test makes widgets by the
    thousand and a database test SQLAlchemy objects by the thousand, most of them living as
    long as their screen or session; with Python's default thresholds (700, 10, 10) the
    collector ran about 180 times a Pilot test and walked them over and over: a quarter of
    tests/app's CPU time. Collecting less often frees the same garbage."""
    old = gc.get_threshold()
    gc.set_threshold(20_000, 20, 20)
    yield
    gc.set_threshold(*old)


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
    return open_database(copy_template(template, db_path))


@pytest.fixture
def empty_engine(db_path, _template_files):
    """A real SQLite file at the newest schema, with no village yet."""
    return _from_template(_template_files["empty"], db_path)


@pytest.fixture
def engine(db_path, _template_files):
    """A small village: 4 hamlets and 4 cadres (fictional)."""
    return _from_template(_template_files["village"], db_path)


# ---- the demonstration village, built once per test process when a test asks for it ----------

DEMO_TODAY = date(2026, 11, 28)  # tests/app/helpers.TODAY: the demo's cases are dated before it
DEMO_AUDIT_TIME = datetime(2026, 11, 28, 9, 30)  # so a case's history reads the same every run


@pytest.fixture(scope="session")
def db_template(tmp_path_factory) -> Callable[[str, Callable[[Path], None]], Path]:
    """template(name, build) -> a file that build(path) made with the real code, once per test
    process (the first test that asks builds it), checkpointed so the file is the whole
    database. A test copies it (copy_template) and never writes to the template itself."""
    folder = tmp_path_factory.mktemp("db-templates")
    made: dict[str, Path] = {}

    def template(name: str, build: Callable[[Path], None]) -> Path:
        if name not in made:
            path = folder / f"{name}.db"
            build(path)
            dispose_engine(path)
            assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
            made[name] = path
        return made[name]

    return template


def copy_template(template: Path, db_path: Path) -> Path:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, db_path)
    db_path.chmod(0o600)
    return db_path


def demo_with_cases(path: Path) -> None:
    with db.audit.audit_clock(lambda: DEMO_AUDIT_TIME):
        engine = open_database(path)
        add_demo_village(engine)
        add_demo_cases(engine, DEMO_TODAY)


def demo_with_checklist(template: Callable[[str, Callable[[Path], None]], Path]) -> Path:
    """The demo village with its cases and three checklist rounds, audit times fixed (a copy
    of the "demo-cases" template with the rounds added)."""

    def build(path: Path) -> None:
        copy_template(template("demo-cases", demo_with_cases), path)
        with db.audit.audit_clock(lambda: DEMO_AUDIT_TIME):
            add_demo_checklist(open_database(path), DEMO_TODAY)

    return template("demo-checklist", build)


def demo_full(template: Callable[[str, Callable[[Path], None]], Path]) -> Path:
    """Everything db.demo.village.populate makes for the demo village (cases, checklist,
    meetings and reception, the mediation network and the plans), built on the
    "demo-checklist" template with the same seeds: `desk demo`'s data, audit times fixed."""

    def build(path: Path) -> None:
        copy_template(demo_with_checklist(template), path)
        with db.audit.audit_clock(lambda: DEMO_AUDIT_TIME):
            engine = open_database(path)
            add_demo_office(engine, DEMO_TODAY)
            add_demo_network(engine, DEMO_TODAY)
            add_demo_plans(engine, DEMO_TODAY)

    return template("demo-full", build)


def _demo_with_120_cases(path: Path) -> None:
    engine = open_database(path)
    add_demo_village(engine)
    add_demo_cases(engine, DEMO_TODAY, count=120)


@pytest.fixture
def demo_cases_db(db_path, db_template) -> Path:
    """The demo village (db.demo) with its 300 or so cases, audit times fixed: a copy for this
    test (about 2 ms; building it costs 1-2 s)."""
    return copy_template(db_template("demo-cases", demo_with_cases), db_path)


@pytest.fixture
def demo_120_db(db_path, db_template) -> Path:
    """The demo village with 120 demo cases (the month's report has figures in every row)."""
    return copy_template(db_template("demo-120", _demo_with_120_cases), db_path)


ROUND = ("2026年第四季度", date(2026, 10, 1), date(2026, 12, 31))


@pytest.fixture
def round_engine(db_path, db_template, _template_files):
    """The small village (as `engine`) with the default question bank and the round
    2026年第四季度 (2026-10-01 to 2026-12-31) open, its cells given to the hamlets' cadres."""

    def build(path: Path) -> None:
        engine = open_database(copy_template(_template_files["village"], path))
        load_default_bank(engine)
        open_round(engine, *ROUND)

    return _from_template(db_template("village-round", build), db_path)
