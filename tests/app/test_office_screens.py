"""The meeting (F8) and the reception log (F9) by keys: record a request in Chinese, reply,
turn one into a case, close with satisfaction asked; record a meeting, add a decision, mark
it done; hostile text shows literally; bad input keeps the form open and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from db import meeting as mt
from db import reception as rc
from desk.app import make_app
from desk.screens.common.form import FormScreen
from desk.screens.home import HomeScreen
from desk.screens.meeting.detail import MeetingDetailScreen
from desk.screens.meeting.screen import MeetingScreen
from desk.screens.reception.screen import ReceptionScreen
from desk.widgets.text import Static
from tests.app.helpers import TODAY, settle, type_text

HOSTILE = "[b]韦[/b]\\[@click=app.quit]𠮷"


def _text(widget) -> str:
    return str(widget.render())


async def _go(pilot, key, cls):
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, cls)
    return pilot.app.screen


async def test_reception_by_keys(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _go(pilot, "f9", ReceptionScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab", "tab")  # date (today), channel (来访) -> name
        await type_text(pilot, "韦阿婆")
        await pilot.press("tab", "tab")  # contact left empty -> matter
        await type_text(pilot, "邻居围墙占了过道")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and len(screen.rows) == 1
        (r,) = rc.list_requests(engine, TODAY)
        assert (r.name, r.matter, r.channel, r.category, r.satisfied) == ("韦阿婆", "邻居围墙占了过道", "visit", "其他", None)

        await pilot.press("k")  # to a case: type 其他 preselected, accepted today
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        r = rc.get_request(engine, r.id)
        assert r.handling == "case" and r.dispute_number
        assert r.dispute_number in _text(screen.query_one("#reception-detail", Static))

        await pilot.press("c")  # close; satisfaction left unasked
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        r = rc.get_request(engine, r.id)
        assert (r.closed_on, r.satisfied) == (TODAY, None)


async def test_reception_refuses_bad_input_and_shows_hostile_text_literally(db_path, engine):
    rc.add_request(engine, dict(received_on=date(2026, 11, 1), channel="phone", name=HOSTILE, matter=HOSTILE))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _go(pilot, "f9", ReceptionScreen)
        detail = _text(screen.query_one("#reception-detail", Static))
        assert HOSTILE in detail and "逾期未答复 1 件" in detail
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")  # no matter: refused at its field, nothing stored
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "反映事项" in _text(app.screen.query_one("#err-matter", Static))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(rc.list_requests(engine, TODAY)) == 1


async def test_meeting_by_keys(db_path, engine):
    mt.create_meeting(engine, "2026-10", dict(held_on=date(2026, 10, 8), chair="赵书记"), decisions=[
        dict(text=HOSTILE, owner="钱调解", deadline=date(2026, 10, 20))])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await settle(pilot)
        screen = await _go(pilot, "f8", MeetingScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")  # month, today, chair (the 书记), recorder (the clerk) are filled in
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, MeetingDetailScreen)
        info = _text(detail.query_one("#md-info", Static))
        assert HOSTILE in info and "逾期" in info  # opened with October's decision, shown literally
        assert "应到 4 人，实到 4 人" in info
        await pilot.press("d")
        await settle(pilot)
        await type_text(pilot, "再调张李两家")
        await pilot.press("tab")
        await type_text(pilot, "钱调解")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is detail and [d.text for d in detail.view.decisions] == ["再调张李两家"]
        await pilot.press("enter")  # mark it done today
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [d.state for d in detail.view.decisions] == ["done"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and [r.month for r in screen.rows] == ["2026-11", "2026-10"]


async def test_home_lists_overdue_decisions_and_requests_and_enter_goes_there(db_path, engine):
    mt.create_meeting(engine, "2026-10", dict(held_on=date(2026, 10, 8), chair="赵书记"), decisions=[
        dict(text="x", owner="钱调解", deadline=date(2026, 10, 20))])
    rc.add_request(engine, dict(received_on=date(2026, 10, 1), channel="phone", matter="y"))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#home-attention")
        texts = [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]
        assert "！ 1 项分析会议定事项已过完成期限未办结" in texts
        assert "！ 1 件来访来电已过答复期限未答复" in texts
        await pilot.press("7")
        await settle(pilot)
        assert isinstance(app.screen, ReceptionScreen)


# ---- every key of the two sections on the demonstration village (tests/app/test_every_key.py) ----

from tests.app.test_every_key import _press_all, demo_db  # noqa: E402, F401


async def _meeting(pilot) -> None:
    await pilot.press("f8")


async def _meeting_detail(pilot) -> None:
    await pilot.press("f8")
    await settle(pilot)
    await pilot.press("enter")


async def _reception(pilot) -> None:
    await pilot.press("f9")


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
async def test_every_key_of_the_meeting_and_reception_screens_on_the_demo(demo_db):  # noqa: F811
    from desk.app import DeskApp

    DeskApp.errors_reported.clear()
    app = make_app(demo_db, today=TODAY)
    pressed = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for name, opener in (("meeting", _meeting), ("meeting_detail", _meeting_detail), ("reception", _reception)):
            pressed[name] = await _press_all(pilot, name, opener, with_app=False)
    assert {"n", "p", "delete"} <= set(pressed["meeting"])
    assert {"d", "a", "e", "r", "p"} <= set(pressed["meeting_detail"])
    assert {"n", "e", "c", "k", "t", "slash", "h", "delete"} <= set(pressed["reception"])


async def test_a_request_typed_before_a_power_cut_comes_back_from_its_draft(db_path, engine):
    from db.drafts import save_draft
    from desk.screens.common.confirm import ConfirmScreen

    save_draft(engine, "reception:new", "登记来访来电", {
        "received_on": "2026-11-27", "channel": "phone", "name": "韦阿婆", "contact": "",
        "matter": "路灯坏了", "category": "基础设施", "reply_due": ""})
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and app.screen.raw_values()["matter"] == "路灯坏了"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReceptionScreen)
        (r,) = rc.list_requests(engine, TODAY)
        assert (r.received_on, r.channel, r.name, r.category) == (date(2026, 11, 27), "phone", "韦阿婆", "基础设施")
