"""F4 keeps its records right (issue 12): a new round says when cells have no 片长, and a
finding turned into a case asks for the parties it knows."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from db.checklist import questions as c
from db.models import Answer, Assignment, Dispute, Party
from db.session import reading
from db.settings.village import setup_village
from desk.app import make_app
from desk.screens.checklist.rounds import round_made_message
from desk.screens.checklist.screen import ChecklistScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.common.form import FormScreen
from desk.screens.register.case import CaseScreen
from tests.app.helpers import TODAY, settle, type_text


def toasts(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def _new_round(pilot) -> ChecklistScreen:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistScreen)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert screen.matrix is not None
    return screen


async def test_a_round_with_no_cadre_does_not_say_every_cell_has_one(db_path, empty_engine):
    setup_village(empty_engine, dict(name="青石村", case_prefix="青调", clerk="李文书"), ["一组", "二组"])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _new_round(pilot)
        said = toasts(app)
        assert "每一格已分给负责的片长" not in said
        assert "还没有片长负责这些屯组" in said and "F7" in said and "按 a 分配" in said
    with reading(empty_engine) as s:
        assert all(a.cadre_id is None for a in s.exec(select(Assignment)))


async def test_a_round_where_every_cell_has_its_cadre_says_so(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _new_round(pilot)
        with reading(engine) as s:
            missing = sum(a.cadre_id is None for a in s.exec(select(Assignment)))
            cells = len(s.exec(select(Assignment)).all())
        assert round_made_message(cells, missing) in toasts(app)


def test_the_round_message_counts_what_has_no_cadre():
    assert round_made_message(10, 0) == "已新建排查轮次，每一格已分给负责的片长。"
    partly = round_made_message(10, 3)
    assert "7格已分给负责的片长" in partly and "还有3格没有负责的片长" in partly
    assert "每一格" not in round_made_message(10, 10)


async def test_a_finding_turned_into_a_case_asks_for_its_parties(db_path, round_engine):
    engine = round_engine  # the default bank and the round 2026年第四季度 (tests/conftest.py)
    (round_id,) = [r.id for r in c.list_rounds(engine)]
    a01 = next(q for q in c.list_questions(engine) if q.code == "A01")
    c.answer(engine, c.matrix(engine, round_id).assignment_ids[(a01.id, 1)],
             "韦大和韦二两兄弟因排水沟吵架，需要调解。", date(2026, 11, 20), 2, True)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen.cell.code == "A01" and app.screen.cell.hamlet_id == 1
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "还没有当事人" in app.screen.question and "添加答复里说到的当事人" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and form.form_title.startswith("添加当事人")
        assert app.focused is form.query_one("#f-role")  # the form is ready for typing
        form.query_one("#f-name").focus()
        await type_text(pilot, "韦大")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        case_id = app.screen.dispute_id
    with reading(engine) as s:
        ans = s.exec(select(Answer).where(Answer.voided == False)).one()  # noqa: E712
        case = s.get(Dispute, case_id)
        names = [p.name for p in s.exec(select(Party).where(Party.dispute_id == case_id))]
    assert ans.dispute_id == case_id and case.source == "checklist"
    assert names == ["韦大"] and case.people_involved == 1 and case.hamlet_id == 1
