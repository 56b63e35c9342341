"""Every key a screen offers, pressed on the demonstration village: none may crash.

The keys are the ones the key line shows and the ones the command palette offers (a screen's
bindings with a description). A key that opens a dialog or another screen is pressed, then Esc
goes back (a form with changes asks first: yes, drop them), and the next key follows. Ctrl+Q is
left out. Crashes show up three ways: Pilot re-raises what stopped the app, an error the app
caught (worker, action) is in DeskApp.errors_reported, and the app must still be running.

The everyday test presses each main screen's own keys once; the slow one also presses the
section keys and runs every command of the palette on every screen, sub-screens included.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.widgets import Input

from desk.app import DeskApp, make_app
from desk.screens.common.base import DeskScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.common.form import FormScreen
from desk.widgets.keybar import KeyBar
from tests.app.helpers import TODAY, settle
from tests.conftest import copy_template, demo_full

SKIP = {"ctrl+q"}


@pytest.fixture
def demo_db(db_path, db_template):
    """The demonstration village (what `desk demo` makes: db.demo.village.populate), built
    once per test process on the conftest's demo templates and copied for each test."""
    return copy_template(demo_full(db_template), db_path)


# ---- the screens, each reached from the home screen by keys ---------------------------------

async def _home(pilot) -> None:
    await pilot.press("f2")


async def _register(pilot) -> None:
    await pilot.press("f3")


async def _case(pilot) -> None:
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("enter")


async def _checklist(pilot) -> None:
    await pilot.press("f4")


async def _items(pilot) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("i")


async def _progress(pilot) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("g")


async def _bank(pilot) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("b")


async def _report(pilot) -> None:
    await pilot.press("f5")


async def _backup(pilot) -> None:
    await pilot.press("f6")


async def _settings(pilot) -> None:
    await pilot.press("f7")


MAIN = {"home": _home, "register": _register, "case": _case, "checklist": _checklist, "report": _report,
        "backup": _backup, "settings": _settings}
async def _meeting(pilot) -> None:
    await pilot.press("f8")


async def _reception(pilot) -> None:
    await pilot.press("f9")


MORE = {"items": _items, "progress": _progress, "bank": _bank, "meeting": _meeting, "reception": _reception}


async def _go(pilot, name: str, opener: Callable[..., Awaitable[None]]):
    """Open the screen from home; returns it."""
    app = pilot.app
    if len(app.screen_stack) > 1 or not isinstance(app.screen, DeskScreen) or app.screen.SECTION != "home":
        await pilot.press("f2")
        await settle(pilot)
    await opener(pilot)
    await settle(pilot)
    return app.screen


def _keys(screen, *, with_app: bool) -> list[str]:
    """The keys the key line shows and the palette offers on `screen`."""
    app = screen.app
    keys: list[str] = []
    bar = screen.query(KeyBar)
    if bar:
        shown, _palette = bar.first().keys()
        keys += [key for key, _d, _desc, _enabled in shown]
    # what the palette offers for this screen (App.get_system_commands, the public hook): "按键 <key>"
    keys += [c.help.removeprefix("按键 ") for c in app.get_system_commands(screen) if c.help.startswith("按键 ")]
    out = []
    for key in keys:
        for k in key.split(","):  # "escape,f1,q": each one
            k = k.strip()
            if k in SKIP or k in out:
                continue
            if not with_app and k.startswith("f") and k[1:].isdigit():
                continue  # the section keys: pressed in the slow test
            out.append(k)
    return out


async def _back_to(pilot, screen, name, opener) -> None:
    """Esc until `screen` is in front again (drop a form's changes), with no search box open;
    or open it afresh."""
    app = pilot.app
    for _ in range(4):
        if app.screen is screen:
            await _off_boxes(pilot)
            return
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y" if _drops_changes(app.screen) else "n")
        elif screen in app.screen_stack:
            await pilot.press("escape")
        else:
            break
        await settle(pilot)
    if app.screen is not screen:
        await _go(pilot, name, opener)


async def _off_boxes(pilot) -> None:
    """Keys go to the screen, not into a text box: Esc closes a search box; the focus leaves
    any other box (F6 starts in its folder box)."""
    app = pilot.app
    if isinstance(app.focused, Input):
        if "search" in (app.focused.id or ""):
            await pilot.press("escape")
        else:
            app.screen.set_focus(None)
        await settle(pilot)


def _drops_changes(confirm) -> bool:
    return "放弃" in str(confirm.question)


def _check(app, where: str) -> None:
    assert app.is_running, where
    assert DeskApp.errors_reported == [], where


async def _press_all(pilot, name, opener, *, with_app: bool) -> list[str]:
    app = pilot.app
    screen = await _go(pilot, name, opener)
    pressed = []
    for key in _keys(screen, with_app=with_app):
        await _off_boxes(pilot)
        await pilot.press(key)
        await settle(pilot)
        _check(app, f"{name}: {key}")
        pressed.append(key)
        await _back_to(pilot, screen, name, opener)
        screen = app.screen
        _check(app, f"{name}: back after {key}")
    return pressed


async def test_every_key_of_every_main_screen_on_the_demo(demo_db):
    """One pass over each main screen's own keys (p on F3 exports with the list's filter)."""
    DeskApp.errors_reported.clear()
    app = make_app(demo_db, today=TODAY)
    pressed = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for name, opener in MAIN.items():
            pressed[name] = await _press_all(pilot, name, opener, with_app=False)
        # The palette, through its own window: the command that needs F3's filter type.
        await _go(pilot, "register", _register)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for ch in "导出":
            await pilot.press(ch)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        _check(app, "palette: 导出")
    assert {"n", "slash", "f", "c", "delete", "p"} <= set(pressed["register"])
    assert {"e", "a", "r", "p"} <= set(pressed["case"])
    assert {"i", "g", "b", "p", "n"} <= set(pressed["checklist"])
    from desk.output import output_dir

    exported = list(output_dir(demo_db).glob("调解台账-*.xlsx"))
    assert exported, "p on F3 wrote no export"


@pytest.mark.slow
async def test_every_key_and_command_on_every_screen_on_the_demo(demo_db):
    """Section keys too, sub-screens too, and every palette command run on every screen."""
    DeskApp.errors_reported.clear()
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for name, opener in {**MAIN, **MORE}.items():
            await _press_all(pilot, name, opener, with_app=True)
            screen = await _go(pilot, name, opener)
            titles = [c.title for c in app.get_system_commands(screen)]
            for title in titles:
                if title == "退出程序":
                    continue
                # Asked afresh each time, as the palette does when it opens: the screen may be
                # a new one (a section key opened it again).
                command = next((c for c in app.get_system_commands(screen) if c.title == title), None)
                if command is None:
                    continue  # not offered in the screen's present state
                command.callback()
                await settle(pilot)
                _check(app, f"{name}: command {title}")
                await _back_to(pilot, screen, name, opener)
                screen = app.screen
            await pilot.press("f1")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            _check(app, f"{name}: F1")
        assert not isinstance(app.screen, FormScreen)
    assert DeskApp.errors_reported == []
