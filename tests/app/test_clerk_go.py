"""Go anywhere (issue 12): a home reminder opens exactly what it counts, from the first key press;
Home/End reach the ends of the whole register; first run's Esc does what the key line says."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from db.checklist.questions import add_follow_up_item
from db.demo.register import add_demo_cases
from desk.app import make_app
from desk.screens.checklist.items import ItemsScreen
from desk.screens.home import HomeScreen
from desk.screens.register.screen import PAGE, RegisterScreen
from desk.widgets.text import OptionList
from tests.app.helpers import TODAY, settle


def _lines(app) -> list[str]:
    box = app.screen.query_one("#home-attention", OptionList)
    return [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]


async def test_each_reminder_opens_exactly_the_cases_it_counts(db_path, engine):
    add_demo_cases(engine, TODAY, count=120)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = _lines(app)
        register = [i for i, line in enumerate(lines) if re.match(r"\S (\d+) 件案件", line)]
        assert len(register) >= 2, lines
        assert app.focused.id == "home-attention"  # the first key press is among the reminders
        for n, index in enumerate(register):
            if n:
                await pilot.press("down")
            while app.screen.query_one("#home-attention", OptionList).highlighted != index:
                await pilot.press("down")
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RegisterScreen)
            said = int(re.match(r"\S (\d+)", lines[index]).group(1))
            assert screen.total == said == len(screen.rows), lines[index]
            home = app.screen_stack[0] if isinstance(app.screen_stack[0], HomeScreen) else app.screen_stack[1]
            assert {r.id for r in screen.rows} == set(home.reminders[index].ids)
            assert "首页提醒" in str(screen.query_one("#register-filters").render())
            await pilot.press("c")  # c shows every case again
            await settle(pilot)
            assert screen.filters.ids is None and screen.total > said
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)


async def test_a_late_follow_up_item_reminder_opens_those_items_only(db_path, engine):
    for days in (-3, -1, 30):
        add_follow_up_item(engine, f"修水渠{days}", 2, TODAY + timedelta(days=days), hamlet_id=1, opened_on=TODAY - timedelta(days=40))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = _lines(app)
        index = next(i for i, line in enumerate(lines) if "待办已过期" in line)
        app.screen.query_one("#home-attention", OptionList).highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen)
        assert sorted(it.title for it in app.screen.items) == ["修水渠-1", "修水渠-3"]
        assert lines[index].startswith("！ 2 项")


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out (tests/app/test_register_window.py has the quick ones)
async def test_home_and_end_reach_the_ends_of_the_whole_register(db_path, engine):
    from sqlalchemy import text

    add_demo_cases(engine, TODAY, count=450)  # more than two pages
    with engine.connect() as conn:
        order = [tuple(r) for r in conn.execute(text(
            "SELECT id, number FROM dispute WHERE voided = 0 ORDER BY accepted_on DESC, id DESC"))]
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert len(screen.rows) == PAGE and screen.total == len(order) > 2 * PAGE
        await pilot.press("end")
        await settle(pilot)
        table = screen.query_one("#register-table")
        assert len(screen.rows) == PAGE == table.row_count  # only the last page was fetched
        assert screen.window_start == len(order) - PAGE
        assert table.cursor_row == PAGE - 1
        assert screen._current().number == order[-1][1]  # newest first: the last row is the oldest case
        await pilot.press("home")
        await settle(pilot)
        assert table.cursor_row == 0 and screen.window_start == 0
        assert screen._current().id == order[0][0]
        await pilot.press("pagedown")
        await settle(pilot)
        assert table.cursor_row > 10  # a screen, not a line
        await pilot.press("pageup")
        await settle(pilot)
        assert table.cursor_row == 0


async def test_first_run_esc_does_what_the_key_line_says_and_f6_is_offered(db_path):
    from desk.screens.backup.screen import BackupScreen
    from desk.screens.common.confirm import ConfirmScreen
    from desk.screens.setup import SetupScreen
    from desk.widgets.keybar import KeyBar
    from tests.app.helpers import screen_text

    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        line = str(app.screen.query_one(KeyBar).render())
        assert " Esc 退出 " in line and " F6 从备份恢复 " in line and "取消" not in line
        shown = screen_text(app)
        assert "按 F6 从备份恢复" in shown and "Esc 退出" in shown
        await pilot.press("f6")  # a new PC: restore the stick backup instead
        await settle(pilot)
        assert isinstance(app.screen, BackupScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # changed her mind: the form is still there
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("escape", "y")
        await settle(pilot)
    assert app.return_code == 0 and app.village is None


async def test_enter_on_a_case_edits_the_first_party_at_once_and_no_tab_stop_is_invisible(db_path, engine):
    from datetime import date

    from db.register.write import create_dispute
    from desk.screens.common.form import FormScreen
    from desk.screens.register.case import CaseScreen

    create_dispute(engine, dict(accepted_on=date(2026, 11, 20), type_id=1, summary="宅基地边界"),
                   [dict(name="曾三", role="applicant"), dict(name="李四", role="respondent")])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.focused.id == "case-parties"
        assert [w.id for w in app.screen.focus_chain] == ["case-parties"]  # Tab stops nowhere unseen
        assert "Enter" in CaseScreen.HELP and "当事人表格" in CaseScreen.HELP
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#f-name").value == "曾三"
