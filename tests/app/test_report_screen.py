"""F5 by keys: the month's figures on screen, printed to PDF, finalised, then a later edit shown."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from db.register.write import create_dispute
from db.schema import open_database
from db.settings.village import list_types
from desk.app import make_app
from desk.screens.report import ReportScreen
from tests.app.helpers import TODAY, settle, type_text


@pytest.fixture
def demo_engine(demo_120_db):
    """The demo village with 120 cases (tests/conftest.py: built once, copied per test)."""
    return open_database(demo_120_db)


async def test_report_print_and_finalise(db_path, demo_engine, tmp_path):
    from db.stats.figures import monthly_figures

    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot, 5)
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.month == "2026-11"
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "2027-01")  # a future month is refused at the field
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "还没有到" in str(app.screen.query_one("#err-month").render())
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "2026-10")
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert screen.month == "2026-10"
        expected = monthly_figures(demo_engine, "2026-10", today=TODAY)
        shown = screen.query_one("#report-body").text
        assert f"本月共受理矛盾纠纷{expected.counts.accepted}件" in shown.replace("\n", "")
        await pilot.press("p")
        await settle(pilot, 5)
        pdfs = list((db_path.parent / "输出文件").glob("月报-2026-10*.pdf"))
        assert len(pdfs) == 1
        text = subprocess.run(["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True).stdout
        assert "青石村" in text and str(expected.counts.accepted) in text
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 5)
        assert "已定稿" in str(app.screen.query_one("#report-title").render())
    # an October case entered after the month was finalised: the report says what changed
    type_id = list_types(demo_engine, active_only=True)[0].id
    create_dispute(demo_engine, {"accepted_on": date(2026, 10, 15), "type_id": type_id, "summary": "补登"},
                   [{"role": "applicant", "name": "补登人"}])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot, 5)
        await pilot.press("left_square_bracket")
        await settle(pilot, 5)
        title = str(app.screen.query_one("#report-title").render())
        assert "定稿后数据有变动" in title
        assert "定稿" in app.screen.query_one("#report-body").text


async def test_coming_back_to_the_report_works_it_out_again_only_if_something_was_saved(db_path, engine):
    """F1 and the palette over F5 change nothing: on return the figures are not worked out
    again. A case saved meanwhile (here by another program on the same file) is: the report
    shows it. A new month is always worked out."""
    from db.stats.figures import monthly_figures

    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        loads = []
        real = screen.load
        screen.load = lambda eng: loads.append(1) or real(eng)
        before = screen.query_one("#report-body").text
        for key in ("f1", "ctrl+p"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is not screen
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
        assert loads == [] and screen.query_one("#report-body").text == before
        await pilot.press("f1")
        await settle(pilot)
        create_dispute(engine, dict(accepted_on=date(2026, 11, 20), type_id=1, summary="帮助打开时登记的"),
                       [dict(name="韦新来")])
        await pilot.press("escape")
        await settle(pilot)
        assert loads == [1]
        expected = monthly_figures(engine, "2026-11", today=TODAY).counts.accepted
        assert f"本月共受理矛盾纠纷{expected}件" in screen.query_one("#report-body").text.replace("\n", "")
        assert screen.query_one("#report-body").text != before
        await pilot.press("left_square_bracket")  # the month before: always worked out
        await settle(pilot)
        assert loads == [1, 1] and screen.month == "2026-10"
