"""The first run and the settings screens, driven by real keys."""

from __future__ import annotations

from sqlmodel import select

from db.models import AuditEntry, Cadre, CadreHamlet, Hamlet, Village
from db.session import reading
from db.settings.village import list_cadres, list_hamlets
from desk.app import make_app
from desk.screens.common.form import FormScreen
from desk.screens.home import HomeScreen
from desk.screens.settings import SettingsScreen
from desk.screens.setup import SetupScreen
from tests.app.helpers import TODAY, settle, type_text


async def test_first_run_asks_for_village_and_hamlets(db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await type_text(pilot, "青石村")
        await pilot.press("enter")
        await type_text(pilot, "青石村民委员会")
        await pilot.press("tab", "tab")  # township, county left blank
        await pilot.press("tab")
        await type_text(pilot, "青调")
        await pilot.press("tab", "tab")  # clerk left blank -> hamlets
        await type_text(pilot, "大塘屯")
        await pilot.press("enter")
        await type_text(pilot, "阿卜杜·热合曼屯")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.village.name == "青石村"
    engine = app.engine
    with reading(engine) as s:
        village = s.get(Village, 1)
        hamlets = list(s.exec(select(Hamlet).order_by(Hamlet.position)))
    assert (village.name, village.committee, village.case_prefix) == ("青石村", "青石村民委员会", "青调")
    assert [h.name for h in hamlets] == ["大塘屯", "阿卜杜·热合曼屯"]


async def test_setup_refuses_missing_fields_and_keeps_what_was_typed(db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "青石村")
        await pilot.press("ctrl+s")  # no case prefix, no hamlets
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SetupScreen)
        assert "不能为空" in str(form.query_one("#err-case_prefix").render())
        assert form.query_one("#f-name").value == "青石村"  # nothing typed is lost
        assert app.focused.id == "f-case_prefix"  # the bad field has the focus
        await pilot.press("escape")  # cannot be cancelled
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
    with reading(app.engine) as s:
        assert s.get(Village, 1) is None


async def test_add_hamlet_and_cadre_by_keys(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("right")  # 屯组
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "新寨屯")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        # a duplicate name is refused at the field, and the form stays open with the text
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "一组")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "已有名为“一组”的屯组" in str(app.screen.query_one("#err-name").render())
        assert app.screen.query_one("#f-name").value == "一组"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard the changed form
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        # cadres: new cadre with a bad phone, then corrected
        await pilot.press("right")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "韦秀兰")
        await pilot.press("tab")  # roles
        await pilot.press("down", "down", "down", "down", "space")  # 调解员
        await pilot.press("tab")
        await type_text(pilot, "1234")
        await pilot.press("tab")  # leaving a bad phone keeps the focus there
        await settle(pilot)
        assert app.focused.id == "f-phone"
        assert "手机" in str(app.screen.query_one("#err-phone").render())
        await pilot.press(*["backspace"] * 4)
        await type_text(pilot, "139 0771 0009")
        await pilot.press("tab")  # hamlets
        await pilot.press("space")  # 一组
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
    names = [h.name for h in list_hamlets(engine)]
    assert "新寨屯" in names and names.count("一组") == 1
    view = next(v for v in list_cadres(engine) if v.cadre.name == "韦秀兰")
    assert view.cadre.role_list == ["调解员"]
    assert view.cadre.phone == "13907710009"
    assert view.hamlet_ids == [1]


async def test_retire_and_reorder_hamlets(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        await pilot.press("down")  # 二组
        await pilot.press("ctrl+up")  # move it first
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    hamlets = {h.name: h for h in list_hamlets(engine)}
    assert hamlets["二组"].position == 1 and hamlets["一组"].position == 2
    # the cursor followed the moved row, so the retired one is 二组
    assert not hamlets["二组"].active
    assert all(h.active for n, h in hamlets.items() if n != "二组")
    with reading(engine) as s:
        actions = [a.action for a in s.exec(select(AuditEntry).where(AuditEntry.table_name == "hamlet"))]
        assert actions.count("update") >= 3  # two position changes + retire
        assert s.exec(select(Cadre)).first() is not None
        assert s.exec(select(CadreHamlet)).first() is not None


async def test_help_and_palette_are_chinese(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = app.screen.query_one("Markdown").source
        assert "首页" in text and "Ctrl+P" in text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "设置")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
