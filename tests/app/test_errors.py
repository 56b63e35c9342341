"""An unexpected error: a short Chinese message, a private log beside the database that says
where the fault is and holds no personal data, and the app carries on where it can.

Textual would print a traceback with local variables (a party's name, an ID number) to the
terminal; desk/app.py (_handle_exception, _dispatch_action) and desk/errors.py replace that.
"""

from __future__ import annotations

import os
import re
import stat

import pytest

from desk.app import DeskApp, make_app
from desk.errors import LOG_NAME, describe
from desk.screens.home import HomeScreen
from desk.screens.register.screen import RegisterScreen
from tests.app.helpers import TODAY, screen_text, settle

ID_NUMBER = "11010119900307851X"  # fake
NAME = "韦秀兰"


def _fail_with_personal_data():
    id_number = ID_NUMBER  # a local variable Textual's traceback would print
    name = NAME
    raise ValueError(f"无法处理 {name} 的身份证号 {id_number}")


def _flat(text: str) -> str:
    return re.sub(r"[\s│▌]", "", text)


def _log(db_path):
    return db_path.parent / LOG_NAME


def _assert_private_log(db_path) -> str:
    log = _log(db_path)
    assert log.exists()
    if os.name == "posix":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
    body = log.read_text(encoding="utf-8")
    assert ID_NUMBER not in body and NAME not in body and "身份证号 " not in body
    assert "builtins.ValueError" in body
    assert "test_errors.py:" in body and "in _fail_with_personal_data" in body  # where, with line
    return body


async def test_a_worker_error_is_logged_without_personal_data_and_the_app_goes_on(db_path, engine, capfd):
    DeskApp.errors_reported.clear()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.run_worker(_fail_with_personal_data, thread=True)
        await settle(pilot)
        assert app.is_running
        text = _flat(screen_text(app))  # the toast's lines, its border taken out
        assert "出错了" in text and "desk-error.log" in text and "程序可以继续使用" in text
        assert ID_NUMBER not in text and NAME not in text
        await pilot.press("f3")  # still working
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
    assert DeskApp.errors_reported == ["worker: ValueError"]
    DeskApp.errors_reported.clear()
    _assert_private_log(db_path)
    out = capfd.readouterr()
    assert ID_NUMBER not in out.out + out.err and NAME not in out.out + out.err


async def test_an_action_that_fails_is_logged_and_the_app_goes_on(db_path, engine, monkeypatch, capfd):
    DeskApp.errors_reported.clear()
    monkeypatch.setattr(RegisterScreen, "action_clear", lambda self: _fail_with_personal_data())
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, RegisterScreen)
        assert "出错了" in _flat(screen_text(app))
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert DeskApp.errors_reported == ["action clear: ValueError"]
    DeskApp.errors_reported.clear()
    _assert_private_log(db_path)
    out = capfd.readouterr()
    assert ID_NUMBER not in out.out + out.err


async def test_an_error_that_stops_the_app_leaves_one_chinese_line(db_path, engine, monkeypatch, capfd):
    """A message handler's error stops the app (Textual cannot go on there): what is printed
    is one Chinese sentence, not a traceback with locals; the log says where."""
    DeskApp.errors_reported.clear()
    monkeypatch.setattr(DeskApp, "_refresh_screens", lambda self: _fail_with_personal_data())
    app = make_app(db_path, today=TODAY)
    with pytest.raises(ValueError):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
    assert app.return_code == 1
    printed = capfd.readouterr()  # what Textual prints to the terminal as the app closes
    assert "出错了" in printed.err and "程序需要关闭" in printed.err and LOG_NAME in printed.err
    for text in (printed.out, printed.err):
        assert ID_NUMBER not in text and NAME not in text and "Traceback" not in text
    DeskApp.errors_reported.clear()
    _assert_private_log(db_path)


async def test_a_screen_that_cannot_show_its_data_says_so_and_the_app_goes_on(db_path, engine, monkeypatch):
    monkeypatch.setattr(RegisterScreen, "show", lambda self, page: _fail_with_personal_data())
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.is_running and "出错了" in _flat(screen_text(app))
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert DeskApp.errors_reported == ["show RegisterScreen: ValueError"]
    DeskApp.errors_reported.clear()
    _assert_private_log(db_path)


def test_the_report_names_types_and_places_only():
    try:
        try:
            _fail_with_personal_data()
        except ValueError as exc:
            raise RuntimeError(f"又错了 {ID_NUMBER}") from exc
    except RuntimeError as exc:
        text = describe(exc)
    assert "builtins.ValueError" in text and "builtins.RuntimeError" in text and "由上面的错误引起" in text
    assert ID_NUMBER not in text and NAME not in text
