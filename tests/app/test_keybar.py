"""The key line at the bottom: it follows the screen's keys, leaves out whole keys that do not
fit, keeps the command palette on the right, and a click presses the key."""

from __future__ import annotations

from rich.cells import cell_len

from desk.app import make_app
from desk.screens.register.screen import RegisterScreen
from desk.widgets.keybar import KeyBar
from tests.app.helpers import TODAY, settle


def _line(app) -> str:
    bar = app.screen.query_one(KeyBar)
    return str(bar.render())


async def test_the_line_follows_the_screen_and_a_click_presses_a_key(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        line = _line(app)
        assert " f3 台账 " in line and line.rstrip().endswith("▏^p 命令")
        assert cell_len(line) == 100  # the whole width, the palette key at the right edge
        bar = app.screen.query_one(KeyBar)
        start = next(s for s, _e, key in bar._spans if key == "f3")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        assert " n 新建案件 " in _line(app)  # the new screen's keys, not the home screen's


async def test_keys_that_do_not_fit_are_left_out_whole(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(40, 24)) as pilot:
        await settle(pilot)
        line = _line(app)
        shown = [key for _s, _e, key in app.screen.query_one(KeyBar)._spans]
        assert shown[-1] == "ctrl+p" and len(shown) < 8  # some keys had no room
        for key in shown[:-1]:  # every key shown has its whole description
            binding = next(b for _n, b, _en, _t in app.screen.active_bindings.values() if b.key == key)
            assert f"{binding.description} " in line
