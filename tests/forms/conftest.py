"""Fixtures of the document tests: a database made once (by the real code) and copied, and each
distinct PDF rendered once and read back once.

Rendering a document costs 0.5-2 s (fpdf2 parses the CJK fonts, then subsets them), reading it
back with pdftotext a few milliseconds. So a module builds its data once (`build_database`),
tests that write get their own copy of that file (`copy_database`), and tests that only read
share one engine and a `Rendered` cache: the same document with the same options is rendered
once per module (or session) and its text read once. A shared engine is read-only: `Shared`
checks at teardown that no audited write was made to it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import dispose_engine
from forms.documents import render_document
from tests.conftest import _from_template
from tests.db.stats_dataset import TODAY, build
from tests.forms.pdftools import pdf_pages, pdf_text


@contextmanager
def isolated_env(tmp_path_factory):
    """As tests/conftest.py's isolated_user_dirs, for set-up done before it (module/session
    scope): never the real user's data or config."""
    home = tmp_path_factory.mktemp("home-shared")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        mp.setenv("XDG_DATA_HOME", str(home / "data"))
        mp.setenv("XDG_CONFIG_HOME", str(home / "config"))
        mp.setenv("APPDATA", str(home / "appdata"))
        mp.setenv("LOCALAPPDATA", str(home / "localappdata"))
        mp.delenv("DESK_DB", raising=False)
        mp.setenv("DESK_NO_VIEWER", "1")
        yield home


def build_database(tmp_path_factory, template: Path, name: str, fill: Callable):
    """(path, fill's result): `template` copied, filled by `fill(engine)` through the real code,
    then closed (checkpointed), so a copy of the file is the whole database."""
    path = tmp_path_factory.mktemp(name) / "village.db"
    with isolated_env(tmp_path_factory):
        engine = _from_template(template, path)
        result = fill(engine)
        dispose_engine(path)
    return path, result


def copy_database(template: Path, db_path: Path):
    """A test's own engine on a copy of `template` (for tests that write)."""
    return _from_template(template, db_path)


def _audit_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_entry")).scalar()


class Rendered:
    """Files made once (by the real code) and their pdftotext text read once."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._files: dict = {}
        self._texts: dict = {}

    def file(self, key, make: Callable[[Path], Path]) -> Path:
        """The file for `key`, made by `make(path)` the first time it is asked for."""
        if key not in self._files:
            self._files[key] = make(self.folder / f"{len(self._files)}.pdf")
        return self._files[key]

    def text(self, path: Path, *, layout: bool = True) -> str:
        key = (path, layout)
        if key not in self._texts:
            self._texts[key] = pdf_text(path, layout=layout)
        return self._texts[key]

    def pages(self, path: Path) -> int:
        key = (path, "pages")
        if key not in self._texts:
            self._texts[key] = pdf_pages(path)
        return self._texts[key]


class Shared(Rendered):
    """A read-only engine shared by several tests, and its documents rendered once each."""

    def __init__(self, engine, folder: Path):
        super().__init__(folder)
        self.engine = engine

    def doc(self, kind: str, key, **options) -> Path:
        """render_document(engine, kind, key, path, **options), once per distinct call."""
        return self.file(("doc", kind, repr(key), tuple(sorted(options.items()))),
                         lambda path: render_document(self.engine, kind, key, path, **options))

    def doc_text(self, kind: str, key, *, layout: bool = True, **options) -> str:
        return self.text(self.doc(kind, key, **options), layout=layout)


@contextmanager
def shared_engine(tmp_path_factory, template: Path, name: str):
    """A `Shared` on a copy of `template`; at the end, checks no audited write was made."""
    folder = tmp_path_factory.mktemp(name)
    path = folder / "village.db"
    with isolated_env(tmp_path_factory):
        engine = _from_template(template, path)
    before = _audit_count(engine)
    try:
        yield Shared(engine, folder)
        assert _audit_count(engine) == before, f"a test wrote to the shared database of {name}"
    finally:
        dispose_engine(path)


# The monthly-report dataset (tests/db/stats_dataset.py), shared by test_monthly_report.py and
# test_statistics_table.py: built once per process, copied for each test that writes.

@pytest.fixture(scope="session")
def stats_template(tmp_path_factory, _template_files) -> Path:
    path, _ = build_database(tmp_path_factory, _template_files["village"], "stats", build)
    return path


@pytest.fixture(scope="session")
def stats_shared(tmp_path_factory, stats_template):
    """The dataset read-only, with its October figures (`.fig`) and their report files."""
    from db.stats.figures import monthly_figures

    with shared_engine(tmp_path_factory, stats_template, "stats-shared") as shared:
        shared.fig = monthly_figures(shared.engine, "2026-10", today=TODAY)
        yield shared


@pytest.fixture
def stats_data(stats_template, db_path):
    """The dataset on the test's own copy (the test may write)."""
    return copy_database(stats_template, db_path)


@pytest.fixture
def stats_fig(stats_shared):
    """The October figures of the dataset (read-only)."""
    return stats_shared.fig


@pytest.fixture
def stats_report_pdf(stats_shared) -> Path:
    """The monthly report of `stats_fig` as a PDF, rendered once per process (read-only)."""
    from forms.monthly_report import render_report

    return stats_shared.file("report.pdf", lambda path: render_report(stats_shared.fig, "pdf", path))


@pytest.fixture
def stats_report_xlsx(stats_shared) -> Path:
    """The monthly report of `stats_fig` as an xlsx, written once per process (read-only)."""
    from forms.monthly_report import render_report

    return stats_shared.file("report.xlsx",
                             lambda path: render_report(stats_shared.fig, "xlsx", path.with_suffix(".xlsx")))
