"""Records that keep themselves right, by keys (issue 12): the party form fills sex and birth
from an ID, takes a passport and an agent; 涉及人数 is refused at its field; a mediation record
says the case moved to 调解中; g on a case that has not succeeded says why."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from db.models import Dispute, Party
from db.register.write import create_dispute, move_status
from db.session import reading
from desk.app import make_app
from desk.screens.common.form import FormScreen
from desk.screens.register.case import CaseScreen
from forms.validate import id_check_char
from tests.app.helpers import TODAY, settle, type_text

ID_WOMAN = "45010219900315002" + id_check_char("45010219900315002")  # 女, born 1990-03-15


def toasts(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def make_case(engine, **extra) -> int:
    data = dict(accepted_on=TODAY, type_id=1, summary="宅基地边界") | extra
    d = create_dispute(engine, data, [dict(name="张三"), dict(name="李四", role="respondent")])
    return d.id


async def open_case(pilot, case_id: int) -> CaseScreen:
    await settle(pilot)
    await pilot.app.push_screen(CaseScreen(case_id))
    await settle(pilot)
    return pilot.app.screen


async def open_party_form(pilot) -> FormScreen:
    await pilot.press("a")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def type_into(pilot, form, field: str, text: str) -> None:
    widget = form.query_one(f"#f-{field}")
    widget.focus()
    widget.value = ""
    await type_text(pilot, text)


def party(engine, case_id: int, name: str) -> Party:
    with reading(engine) as s:
        return s.exec(select(Party).where(Party.dispute_id == case_id, Party.name == name)).one()


async def test_an_id_fills_sex_and_birth_date_when_the_clerk_leaves_it(db_path, engine):
    case_id = make_case(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await open_case(pilot, case_id)
        form = await open_party_form(pilot)
        await type_into(pilot, form, "name", "王芳")
        await type_into(pilot, form, "id_number", ID_WOMAN)
        await pilot.press("tab")
        await settle(pilot)
        assert form.query_one("#f-sex").value == "女"
        assert form.query_one("#f-birth_date").value == "1990-03-15"
        assert "已按身份证号填好性别和出生日期" in toasts(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    p = party(engine, case_id, "王芳")
    assert (p.sex, p.birth_date, p.id_type) == ("女", date(1990, 3, 15), "resident")
    with reading(engine) as s:
        assert s.get(Dispute, case_id).people_involved == 3  # followed the new party


async def test_a_sex_the_id_contradicts_is_refused_at_the_field(db_path, engine):
    case_id = make_case(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_case(pilot, case_id)
        form = await open_party_form(pilot)
        await type_into(pilot, form, "name", "王芳")
        form.query_one("#f-sex").value = "男"
        await type_into(pilot, form, "id_number", ID_WOMAN)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: the form stays open with what was typed
        error = str(form.query_one("#err-sex").render())
        assert "第17位表示“女”" in error
        assert form.query_one("#f-id_number").value == ID_WOMAN
    with reading(engine) as s:
        assert s.exec(select(Party).where(Party.name == "王芳")).first() is None


async def test_a_passport_party_with_an_agent_is_saved_and_a_bad_permit_refused(db_path, engine):
    case_id = make_case(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_case(pilot, case_id)
        form = await open_party_form(pilot)
        await type_into(pilot, form, "name", "陈港生")
        form.query_one("#f-id_type").value = "hk_macao_permit"
        await type_into(pilot, form, "id_number", "12345678")
        await pilot.press("tab")  # left: checked for its type at once
        await settle(pilot)
        assert "H（香港）或M（澳门）" in str(form.query_one("#err-id_number").render())
        await type_into(pilot, form, "id_number", "h12345678")
        form.query_one("#f-agent_kind").value = "委托代理人"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "请填写代理人姓名" in str(form.query_one("#err-agent_name").render())
        await type_into(pilot, form, "agent_name", "黄律师")
        await type_into(pilot, form, "agent_relation", "律师")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    p = party(engine, case_id, "陈港生")
    assert (p.id_type, p.id_number, p.sex, p.birth_date) == ("hk_macao_permit", "H12345678", "", None)
    assert (p.agent_kind, p.agent_name, p.agent_relation) == ("委托代理人", "黄律师", "律师")


async def test_fewer_people_than_parties_is_refused_at_the_field(db_path, engine):
    case_id = make_case(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_case(pilot, case_id)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        await type_into(pilot, form, "people_involved", "1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "不能少于已登记的当事人（2人）" in str(form.query_one("#err-people_involved").render())
        assert app.focused is form.query_one("#f-people_involved")
    with reading(engine) as s:
        assert s.get(Dispute, case_id).people_involved == 2


async def test_a_mediation_record_says_the_case_moved_to_mediating(db_path, engine):
    case_id = make_case(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await open_case(pilot, case_id)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-rights_notified").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert "案件状态已由“受理”改为“调解中”" in toasts(app)
        assert app.screen.case.dispute.status == "mediating"


async def test_g_on_a_case_that_has_not_succeeded_says_why(db_path, engine):
    case_id = make_case(engine)
    failed = make_case(engine)
    move_status(engine, failed, "failed")
    done = make_case(engine)
    move_status(engine, done, "succeeded")
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await open_case(pilot, case_id)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)  # no form: a sentence instead
        assert "只有“调解成功”的案件才能登记调解协议，本案现在是“受理”" in toasts(app)
        assert "按 s 改状态" in toasts(app)
        app.pop_screen()
        await open_case(pilot, failed)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and "按 o 重新打开" in toasts(app)
        app.pop_screen()
        await open_case(pilot, done)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # a succeeded case gets its form
