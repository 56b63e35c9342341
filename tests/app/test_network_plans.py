"""调解网络 and 应急预案 driven by real keys: lists, forms, refusals at the field, printing,
the home screen's reminder, F1 help, the palette, and hostile names shown literally."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from db import network as nw
from db import plans as pl
from db.models import NetworkMember, PlanDrill, PlanMember, PlanTeam
from db.session import reading
from desk.app import DeskApp, make_app
from desk.screens.common.form import FormScreen
from desk.screens.help import HelpScreen
from desk.screens.network.screen import NetworkScreen
from desk.screens.plans.plan import PlanScreen
from desk.screens.plans.screen import PlansScreen
from desk.screens.register.forms import choices, with_network_names
from desk.widgets.text import Select
from forms import register_fields as rf
from tests.app.helpers import TODAY, screen_text, settle, type_text
from tests.app.test_every_key import _press_all, demo_db  # noqa: F401, F811  (a fixture)

HOSTILE = "[/x]韦[b]\\[@click=app.quit]𠮷"


async def test_the_palette_opens_the_network_and_f1_explains_it(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "调解网络")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "信息员" in screen_text(app) and "不登记群众" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)


async def test_a_contact_needs_a_hamlet_then_is_saved_by_keys(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_section("network")
        await settle(pilot)
        assert "还没有登记" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-name").focus()
        await type_text(pilot, "黄大伯")
        await pilot.press("ctrl+s")  # a 信息员 without a 屯: refused at the field, nothing stored
        await settle(pilot)
        assert app.screen is form
        assert "屯组" in str(form.query_one("#err-hamlet_id").render())
        with reading(engine) as s:
            assert s.exec(select(NetworkMember)).all() == []
        form.query_one("#f-hamlet_id", Select).value = 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        assert "黄大伯" in screen_text(app) and "二组" in screen_text(app)
    with reading(engine) as s:
        (m,) = s.exec(select(NetworkMember)).all()
    assert (m.kind, m.role, m.name, m.hamlet_id) == ("contact", "信息员", "黄大伯", 2)


async def test_a_plan_gets_a_team_a_member_and_a_drill_by_keys(db_path, engine):
    plan = pl.save_plan(engine, None, dict(kind="flood", name="防汛应急预案", leader="赵书记"))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_section("plans")
        await settle(pilot)
        assert isinstance(app.screen, PlansScreen)
        assert "防汛应急预案" in screen_text(app) and "1 个今年还没有演练" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("m")  # no team yet: says what to do first
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "抢险组")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "钱调解")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert "钱调解" in screen_text(app) and "由赵书记通知" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-participants").focus()
        await type_text(pilot, "抢险组12人")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlansScreen)
        assert "今年都已演练" in screen_text(app)
    with reading(engine) as s:
        (team,) = s.exec(select(PlanTeam)).all()
        (member,) = s.exec(select(PlanMember)).all()
        (drill,) = s.exec(select(PlanDrill)).all()
    assert (team.plan_id, team.name, member.team_id, member.name) == (plan.id, "抢险组", team.id, "钱调解")
    assert (drill.plan_id, drill.held_on, drill.participants) == (plan.id, TODAY, "抢险组12人")


async def test_the_home_screen_reminds_and_enter_goes_to_the_plans(db_path, engine):
    pl.save_plan(engine, None, dict(kind="fire", name="火灾应急预案", leader="孙主任"))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "1 个应急预案今年还没有演练：" in screen_text(app)
        box = app.screen.query_one("#home-attention")
        box.focus()
        ids = [box.get_option_at_index(i).id for i in range(box.option_count)]
        box.highlighted = next(i for i, x in enumerate(ids) if x and x.endswith("-plans"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlansScreen)


async def test_p_prints_the_plans_and_the_roster(db_path, engine):
    pl.save_plan(engine, None, dict(kind="fire", name="火灾应急预案", leader="孙主任"))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_section("plans")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        app.action_section("network")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
    out = sorted(p.name for p in (db_path.parent / "输出文件").iterdir())
    assert out == ["应急预案和演练记录.pdf", "联系公示.pdf", "调解组织网络名册.pdf"]


async def test_hostile_names_show_as_typed_on_every_new_screen(db_path, engine):
    nw.save_member(engine, None, dict(kind="contact", role="信息员", name=HOSTILE, hamlet_id=1))
    plan = pl.save_plan(engine, None, dict(kind="flood", name=HOSTILE, leader=HOSTILE, materials=HOSTILE))
    team = pl.save_team(engine, plan.id, None, {"name": HOSTILE, "duty": HOSTILE})
    pl.save_plan_member(engine, team.id, None, {"name": HOSTILE})
    pl.save_site(engine, plan.id, None, {"name": HOSTILE, "place": HOSTILE})
    pl.record_drill(engine, plan.id, None, {"held_on": date(2026, 4, 1), "participants": HOSTILE,
                                            "found": HOSTILE}, today=TODAY)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_section("network")
        await settle(pilot)
        assert "[/x]韦[b]" in screen_text(app)
        await pilot.press("e")  # the form shows it too
        await settle(pilot)
        assert app.screen.query_one("#f-name").value == HOSTILE
        await pilot.press("escape")
        await settle(pilot)
        app.action_section("plans")
        await settle(pilot)
        assert "[/x]韦[b]" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert screen_text(app).count("[/x]韦[b]") >= 4
        assert app.is_running


# ---- every key of the new screens, on the demonstration village --------------------------------

async def _network(pilot) -> None:
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("8")


async def _plans(pilot) -> None:
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("9")


async def _plan(pilot) -> None:
    await _plans(pilot)
    await settle(pilot)
    await pilot.press("enter")


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
async def test_every_key_of_the_network_and_plan_screens_on_the_demo(demo_db):  # noqa: F811
    DeskApp.errors_reported.clear()
    app = make_app(demo_db, today=TODAY)
    pressed = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for name, opener in (("network", _network), ("plans", _plans), ("plan", _plan)):
            pressed[name] = await _press_all(pilot, name, opener, with_app=False)
    assert {"n", "e", "slash", "delete", "p", "g"} <= set(pressed["network"])
    assert {"n", "d", "delete", "p"} <= set(pressed["plans"])
    assert {"e", "t", "m", "s", "d", "delete"} <= set(pressed["plan"])


def test_the_case_forms_offer_the_network_besides_the_cadres(engine):
    before = choices(engine)["presiding_id"]
    assert before == [("钱调解", 2), ("孙主任", 3)]  # today's cadres who mediate
    nw.save_member(engine, None, dict(kind="group", role="组长", name="赵书记", hamlet_id=4, cadre_id=1))
    nw.save_member(engine, None, dict(kind="contact", role="义务调解员", name="罗乡贤", hamlet_id=1))
    assert choices(engine)["presiding_id"] == [("赵书记（四组调解小组组长）", 1), ("钱调解", 2), ("孙主任", 3)]
    (field,) = [f for f in with_network_names(rf.DISPUTE_FORM, engine) if f.name == "other_mediators"]
    assert "罗乡贤" in field.help
