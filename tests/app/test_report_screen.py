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
