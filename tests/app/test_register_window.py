"""The F3 list is a window on the whole register (issue 12): End fetches only the last page,
moving past either end of the window fetches the page there, Home goes back to the top, and a
page that arrives for a window already left is never mixed in.

The pages are made small here (PAGE 20, the window at most 60 rows) so that a few dozen cases
span several pages; the screen's logic is the same as with 200 and 1000.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import text

import db.register.query
from db.demo.register import add_demo_cases
from db.register.columns import short_number
from desk.app import make_app
from desk.screens.register.screen import RegisterScreen
from tests.app.helpers import TODAY, screen_text, settle, type_text

PAGE, WINDOW = 20, 60
EVERYTHING = db.register.query.DisputeFilter()


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("desk.screens.register.screen.PAGE", PAGE)
    monkeypatch.setattr("desk.screens.register.screen.WINDOW", WINDOW)


@pytest.fixture
def fetches(monkeypatch):
    """Every list_disputes call the app makes, as (offset, limit)."""
    calls: list[tuple[int, int]] = []
    real = db.register.query.list_disputes

    def spy(engine, filters=EVERYTHING, offset=0, limit=200):
        calls.append((offset, limit))
        return real(engine, filters, offset=offset, limit=limit)

    monkeypatch.setattr(db.register.query, "list_disputes", spy)
    return calls


def _order(engine) -> list[tuple[int, str]]:
    """(id, number) of every live case in the list's order (newest accepted first), by SQL."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT id, number FROM dispute WHERE voided = 0 ORDER BY accepted_on DESC, id DESC"))]


def _check_window(screen, order) -> None:
    """The window is a run of the whole list from its start, and the table shows exactly it."""
    table = screen.query_one("#register-table")
    start = screen.window_start
    assert [r.id for r in screen.rows] == [i for i, _ in order[start:start + len(screen.rows)]]
    assert [k.value for k in table.rows] == [str(r.id) for r in screen.rows]
    assert screen.total == len(order)
    assert 0 < len(screen.rows) <= WINDOW


async def _open(pilot):
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RegisterScreen)
    return screen, screen.query_one("#register-table")


async def test_end_fetches_only_the_last_page_and_home_the_first(db_path, engine, small_pages, fetches):
    add_demo_cases(engine, TODAY, count=75)
    order = _order(engine)
    assert len(order) > 3 * PAGE
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _open(pilot)
        assert len(screen.rows) == PAGE and screen.window_start == 0
        fetches.clear()
        await pilot.press("end")
        await settle(pilot)
        assert fetches == [(len(order) - PAGE, PAGE)]  # one page, not every page up to the end
        _check_window(screen, order)
        assert screen.window_start == len(order) - PAGE and len(screen.rows) == PAGE
        assert table.cursor_row == PAGE - 1
        assert screen._current().number == order[-1][1]  # the oldest case of all, by its number
        shown = screen_text(app)
        assert f"共 {len(order)} 件，显示第 {len(order) - PAGE + 1}-{len(order)} 件" in shown
        assert short_number(order[-1][1]) in shown  # its number, as the list writes it
        await pilot.press("home")
        await settle(pilot)
        _check_window(screen, order)
        assert screen.window_start == 0 and table.cursor_row == 0
        assert screen._current().id == order[0][0]
        assert f"共 {len(order)} 件，已显示 {PAGE} 件（往下翻自动加载）" in screen_text(app)


async def test_moving_up_from_the_windows_top_fetches_the_page_before(db_path, engine, small_pages):
    add_demo_cases(engine, TODAY, count=75)
    order = _order(engine)
    assert len(order) > WINDOW
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _open(pilot)
        await pilot.press("end")
        await settle(pilot)
        start = screen.window_start
        await pilot.press(*["up"] * (PAGE - 1))  # to the window's first row
        await settle(pilot)
        top = order[start][0]
        _check_window(screen, order)
        assert screen.window_start == start - PAGE  # the page before, put in front
        assert screen._current().id == top  # the same case under the cursor
        assert table.cursor_row == PAGE
        lines = screen_text(app).splitlines()
        assert short_number(order[start][1]) in lines[3], lines  # still the table's top line
        # on up to the first case: the window never holds more than WINDOW rows
        for _ in range(len(order)):
            if screen.window_start == 0 and table.cursor_row == 0:
                break
            await pilot.press("pageup")
            await settle(pilot)
            _check_window(screen, order)
            assert order[screen.window_start + table.cursor_row][0] == screen._current().id
            assert short_number(screen._current().number) in screen_text(app)  # the cursor is in view
        assert screen._current().id == order[0][0]
        assert len(screen.rows) == WINDOW  # the far end was dropped on the way
        # and down again to the last case, the window sliding the other way
        for _ in range(len(order)):
            if screen.window_start + table.cursor_row == len(order) - 1:
                break
            await pilot.press("pagedown")
            await settle(pilot)
            _check_window(screen, order)
            assert order[screen.window_start + table.cursor_row][0] == screen._current().id
            assert short_number(screen._current().number) in screen_text(app)
        assert screen._current().id == order[-1][0]


async def test_a_page_arriving_after_a_reload_is_not_mixed_in(db_path, engine, small_pages, monkeypatch):
    """End is pressed and its page is slow; meanwhile a search reloads the list. The late
    page belongs to no window any more: the list shows the search alone."""
    add_demo_cases(engine, TODAY, count=75)
    gate = threading.Event()
    real = db.register.query.list_disputes

    def slow(engine, filters=EVERYTHING, offset=0, limit=200):
        if offset > 0 and not filters.q:
            gate.wait(10)  # the End page waits until the search has been shown
        return real(engine, filters, offset=offset, limit=limit)

    monkeypatch.setattr(db.register.query, "list_disputes", slow)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _open(pilot)
        name = screen.rows[3].applicant
        wanted = real(engine, db.register.query.DisputeFilter(q=name, today=TODAY), limit=1000)
        assert 0 < wanted.total < len(screen.rows) + 20
        await pilot.press("end")  # its page is held at the gate
        await pilot.press("slash")
        await type_text(pilot, name)
        await pilot.press("enter")
        for _ in range(500):
            await pilot.pause(0.01)
            if screen.total == wanted.total:
                break
        assert screen.total == wanted.total and not gate.is_set()
        gate.set()
        await settle(pilot)
        await asyncio.sleep(0.05)
        await settle(pilot)
        assert screen.window_start == 0
        assert [r.id for r in screen.rows] == [r.id for r in wanted.rows]
        assert [k.value for k in table.rows] == [str(r.id) for r in wanted.rows]
        assert table.cursor_row == 0 and screen._current().id == wanted.rows[0].id


async def test_coming_back_from_a_case_keeps_the_window(db_path, engine, small_pages):
    """Enter on the last case and Esc back: the list is fetched again where it was, the same
    case under the cursor (not back at the top)."""
    from desk.screens.register.case import CaseScreen

    add_demo_cases(engine, TODAY, count=75)
    order = _order(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _open(pilot)
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.dispute_id == order[-1][0]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        _check_window(screen, order)
        assert screen._current().id == order[-1][0]
