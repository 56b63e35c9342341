"""村事百晓 by keys: open a round, answer a cell in Chinese, turn the answer into a case and a
follow-up item, tick the item off, search the bank by pinyin, and refuse bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from db.checklist import questions as c
from db.drafts import list_drafts
from db.models import Answer, Dispute, FollowUpItem, Question, Round
from db.session import reading
from desk.app import make_app
from desk.screens.checklist.bank import BankScreen
from desk.screens.checklist.forms import AnswerForm
from desk.screens.checklist.importing import BankImportScreen
from desk.screens.checklist.items import ItemsScreen
from desk.screens.checklist.screen import ChecklistScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.common.form import FormScreen
from desk.screens.register.case import CaseScreen
from tests.app.helpers import TODAY, paste_text, settle, type_text

ANSWER = "本组86户362人，有两户因排水沟积水吵架，需要村里调解。"


def _the_round(engine) -> int:
    """round_engine's round (tests/conftest.py: the bank loaded and 2026年第四季度 opened, once
    per process, copied for each test)."""
    (only,) = c.list_rounds(engine)
    assert only.name == "2026年第四季度" and only.starts_on == date(2026, 10, 1)
    return only.id


async def _f4(pilot) -> ChecklistScreen:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ChecklistScreen)
    return pilot.app.screen


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
async def test_round_answer_case_item_by_keys(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _f4(pilot)
        assert screen.matrix is None  # no round yet; the bank was loaded on the way in
        await pilot.press("n")
        await settle(pilot)
        assert app.focused.value == "2026年第四季度"  # the current quarter is offered
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.matrix is not None and len(screen.matrix.hamlets) == 4
        assert app.focused is screen.query_one("#checklist-matrix")  # arrows move the cursor
        # the cursor sits on A01 x 一组; Enter answers it
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, ANSWER)
        await pilot.press("tab", "tab", "tab")  # date (today), cadre (the 片长), needs action
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        a01 = next(q for q in screen.matrix.questions if q.code == "A01")
        assert screen.matrix.state(a01.id, 1) == "action"
        assert screen.cell is not None and screen.cell.answer.text == ANSWER

        await pilot.press("c")  # to the register: a form (type 其他 by default), then y opens it
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # the case opens asking for its first party
        await pilot.press("escape")  # not now
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        case_id = app.screen.dispute_id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.matrix.state(a01.id, 1) == "acted"

        await pilot.press("t")  # a follow-up item for the same answer
        await settle(pilot)
        assert app.screen.query_one("#f-title").value == ANSWER
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ItemsScreen) and len(app.screen.items) == 1
        await pilot.press("enter")  # tick it off
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "已疏通排水沟，两户和好")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.items[0].done_on == TODAY

    with reading(engine) as s:
        ans = s.exec(select(Answer).where(Answer.voided == False)).one()  # noqa: E712
        case = s.get(Dispute, case_id)
        item = s.exec(select(FollowUpItem)).one()
    assert (ans.text, ans.answered_on, ans.cadre_id, ans.needs_action) == (ANSWER, TODAY, 2, True)
    assert case.source == "checklist" and case.hamlet_id == 1 and case.accepted_on == TODAY
    assert ans.dispute_id == case_id and "A01" in case.summary and ANSWER in case.summary
    linked = c.answer_for_case(engine, case_id)
    assert linked is not None and linked.code == "A01" and linked.hamlet_id == 1
    assert (item.answer_id, item.cadre_id, item.due_on) == (ans.id, 2, TODAY + timedelta(days=15))
    assert item.done_on == TODAY and item.outcome == "已疏通排水沟，两户和好"


async def test_answer_date_outside_the_round_is_refused_at_the_field(db_path, round_engine):
    engine = round_engine
    _the_round(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _f4(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        await type_text(pilot, "已走访")
        await pilot.press("tab", "end", *["backspace"] * 12)
        await type_text(pilot, "2027-01-05")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, the typing kept
        assert "本轮排查期间" in str(form.query_one("#err-answered_on").render())
        assert form.query_one("#f-answered_on").value == "2027-01-05"
        assert form.query_one("#f-text").text == "已走访"
    with reading(engine) as s:
        assert s.exec(select(Answer)).first() is None


async def test_close_and_reopen_a_round_asks_first(db_path, round_engine):
    engine = round_engine
    round_id = _the_round(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _f4(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # asked, said no
        await settle(pilot)
        assert not screen.matrix.round.closed
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert screen.matrix.round.closed
        await pilot.press("enter")  # a finished round takes no answers
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
    with reading(engine) as s:
        assert s.get(Round, round_id).closed is False
        assert s.exec(select(Answer)).first() is None


async def test_bank_search_by_pinyin_initials_and_a_duplicate_code(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _f4(pilot)
        await pilot.press("b")
        await settle(pilot)
        bank = app.screen
        assert isinstance(bank, BankScreen) and len(bank.questions) == 100
        await pilot.press("slash")
        await type_text(pilot, "djlr")
        await pilot.press("enter")
        await settle(pilot)
        assert bank.questions and all("独居老人" in q.text for q in bank.questions)
        assert [q.id for q in bank.questions] == [q.id for q in c.list_questions(engine, q="djlr")]
        await pilot.press("escape")  # clears the search
        await settle(pilot)
        assert len(bank.questions) == 100
        await pilot.press("ctrl+down")  # A01 below A02
        await settle(pilot)
        assert [q.code for q in bank.questions[:2]] == ["A02", "A01"]
        await pilot.press("delete")  # retire A01 (the cursor followed it)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "A01" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert bank.questions[-1].code == "A01" and not bank.questions[-1].active
        await pilot.press("n")  # a code already used is refused at the field
        await settle(pilot)
        await type_text(pilot, "a01")
        await pilot.press("tab", "enter", "down", "enter", "tab")
        await type_text(pilot, "本组有几处路灯不亮？")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "已经有了" in str(app.screen.query_one("#err-code").render())
    with reading(engine) as s:
        assert len(list(s.exec(select(Question)))) == 100


async def test_bank_import_dry_run_lists_bad_rows(db_path, engine, tmp_path):
    from openpyxl import load_workbook

    from forms.question_bank_io import export_bank

    c.load_default_bank(engine)
    sheet = export_bank(engine, tmp_path / "问题库.xlsx")
    wb = load_workbook(sheet)
    ws = wb.active
    ws["C2"] = "改过的问题"  # a good change on line 2: must not be saved with the bad lines
    ws["B3"] = "没有这个类别"
    ws["A6"] = ws["A4"].value
    wb.save(sheet)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _f4(pilot)
        await pilot.press("b", "i")
        await settle(pilot)
        assert isinstance(app.screen, BankImportScreen)
        await paste_text(pilot, str(sheet))
        await pilot.press("enter")
        await settle(pilot)
        report = str(app.screen.query_one("#import-report").render())
        assert "第 3 行" in report and "没有这个类别" in report and "第 6 行" in report
        await pilot.press("ctrl+s")  # refused
        await settle(pilot)
        assert isinstance(app.screen, BankImportScreen)
    with reading(engine) as s:
        assert s.exec(select(Question).where(Question.code == "A01")).one().text != "改过的问题"


async def test_print_the_round_summary_and_export_the_bank(db_path, round_engine):
    engine = round_engine
    _the_round(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _f4(pilot)
        await pilot.press("g")  # progress: per cadre, per hamlet, and what is still open
        await settle(pilot)
        text = str(app.screen.query_one("#progress-text").render())
        assert "钱调解" in text and "一组" in text and "还没答的" in text and "还有33天结束" in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("p", "down", "enter")  # the second paper: the round's summary
        await settle(pilot)
        await pilot.press("b", "x")
        await settle(pilot)
    out = db_path.parent / "输出文件"
    pdf = out / "2026年第四季度-排查情况汇总.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = out / f"村事百晓问题库-{TODAY:%Y%m%d}.xlsx"
    from forms.question_bank_io import plan_bank_import

    plan = plan_bank_import(engine, xlsx)  # what was written reads back unchanged
    assert plan.ok and plan.count("same") == 100


async def test_an_answer_typed_before_a_power_cut_comes_back(db_path, round_engine, monkeypatch):
    engine = round_engine
    monkeypatch.setattr("desk.screens.common.form.DRAFT_EVERY_SECONDS", 0.2)  # the 3-second interval, shortened
    _the_round(engine)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await _f4(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "写了一半的答复")
        # The form writes its draft every interval (0.2 s here): wait for the one with the
        # whole answer (a fixed 0.6 s was not enough on a busy machine), then "lose power".
        for _ in range(50):
            await pilot.pause(0.1)
            await settle(pilot)
            if any("写了一半的答复" in d.data for d in list_drafts(engine)):
                break
    app = make_app(db_path, today=TODAY)  # started again without saving
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 5)
        assert isinstance(app.screen, AnswerForm)
        assert app.screen.query_one("#f-text").text == "写了一半的答复"


async def test_a_cell_or_a_hamlets_open_cells_go_to_another_cadre(db_path, round_engine):
    engine = round_engine
    from textual.widgets import Select

    from db.models import Assignment

    round_id = _the_round(engine)
    questions = {q.code: q for q in c.list_questions(engine)}
    a01, answered = questions["A01"], (questions["A02"].id, 1)
    c.answer(engine, c.matrix(engine, round_id).assignment_ids[answered], "村里有两户独居老人。",
             date(2026, 11, 20), 2, False)  # an answered cell of 一组: it stays with 钱调解

    def cadres() -> dict[tuple[int, int | None], int | None]:
        with reading(engine) as s:
            return {(a.question_id, a.hamlet_id): a.cadre_id
                    for a in s.exec(select(Assignment).where(Assignment.round_id == round_id))}

    before = cadres()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _f4(pilot)
        assert screen.cell.code == "A01" and screen.cell.hamlet_id == 1 and screen.cell.cadre_id == 2
        await pilot.press("a")  # this cell only
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter", "down", "enter")  # the next cadre in the list
        await settle(pilot)
        chosen = app.screen.query_one(Select).value
        assert chosen not in (2, Select.BLANK)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.cell.cadre_id == chosen
        after = cadres()
        assert {k for k in after if after[k] != before[k]} == {(a01.id, 1)}

        await pilot.press("down")  # A02 x 一组 (answered): the whole of 一组's open cells
        await settle(pilot)
        assert screen.cell.code == "A02" and screen.cell.cadre_id == 2
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one(Select).value = chosen  # (the list was walked by keys above)
        await pilot.press("tab", "space", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        final = cadres()
        assert all(final[k] == chosen for k in final if k[1] == 1 and k != answered)
        assert final[answered] == 2  # answered already: not moved
        assert {k: v for k, v in final.items() if k[1] != 1} == {k: v for k, v in before.items() if k[1] != 1}
