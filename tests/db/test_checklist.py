"""村事百晓 data: bank, rounds, answers, links to cases and follow-up items, progress, figures.

The `engine` fixture: hamlets 1-4; cadres 1 赵书记 (书记), 2 钱调解 (片长 of 1 and 2),
3 孙主任 (主任, linked to 3, not 片长), 4 李信息 (片长 of 4).
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from db.checklist import questions as c
from db.checklist.bank import CATEGORY_NAMES, default_bank
from db.demo.checklist import add_demo_checklist, quarter
from db.models import Answer, Assignment, AuditEntry, Dispute, Question, Round
from db.register.write import create_dispute, void_dispute
from db.session import DataError, reading
from db.settings.village import set_hamlet_active
from tests.db.built_files import copy_built

Q4 = ("2026年第四季度", date(2026, 10, 1), date(2026, 12, 31))
TODAY = date(2026, 11, 28)


def count(engine, model) -> int:
    with reading(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _bank(engine, _path):
    assert c.load_default_bank(engine) == 100


def _bank_and_round(engine, path):
    _bank(engine, path)
    return c.open_round(engine, *Q4)


@pytest.fixture
def bank(built, db_path, request):
    """The small village with the default bank loaded, and the Q4 round opened when the test
    also asks for `rnd` (each built once by the real code; a copy for each test)."""
    if "rnd" in request.fixturenames:
        path, _ = built("checklist-round", "village", _bank_and_round)
    else:
        path, _ = built("checklist-bank", "village", _bank)
    return copy_built(path, db_path)


@pytest.fixture
def rnd(bank, built):
    """The round opened in the built file (its id and dates: the test's copy holds the same)."""
    return built("checklist-round", "village", _bank_and_round)[1]


def cell(engine, round_id, code, hamlet_id):
    """The assignment id of question `code` x hamlet (None: village scope)."""
    with reading(engine) as s:
        return s.exec(select(Assignment.id).join(Question, Question.id == Assignment.question_id).where(
            Assignment.round_id == round_id, Question.code == code,
            Assignment.hamlet_id == hamlet_id if hamlet_id else Assignment.hamlet_id.is_(None))).one()


# ---- the bank -------------------------------------------------------------------------------


def test_default_bank_is_100_service_questions_loaded_once(bank):
    rows = default_bank()
    assert len(rows) == 100 and len({r["code"] for r in rows}) == 100
    assert {r["category"] for r in rows} == set(CATEGORY_NAMES) and len(CATEGORY_NAMES) == 11
    assert {r["scope"] for r in rows} == {"hamlet", "village"}
    assert all(r["text"].endswith("？") and r["hint"] for r in rows)
    # It asks about conditions and needs, never about watching people.
    for word in ("监控", "管控", "稳控", "重点人员", "上访", "盯", "动向"):
        assert not any(word in r["text"] + r["hint"] for r in rows), word
    assert c.load_default_bank(bank) == 0
    assert count(bank, Question) == 100
    assert all(q.initials for q in c.list_questions(bank))


def test_search_by_text_code_and_pinyin_initials(bank):
    assert [q.code for q in c.list_questions(bank, q="独居")] == ["B02"]
    assert "B02" in [q.code for q in c.list_questions(bank, q="djlr")]  # 独居老人
    assert "B02" in [q.code for q in c.list_questions(bank, q="DJLR")]
    assert [q.code for q in c.list_questions(bank, q="b02")] == ["B02"]
    assert c.list_questions(bank, q="%") == []  # LIKE wildcards are plain characters


def test_add_question_goes_to_the_end_of_its_category_and_refuses_duplicate_code(bank):
    q = c.add_question(bank, "a10", "人口与户籍", "本组有多少户使用了清洁能源做饭？", "填户数。")
    codes = [x.code for x in c.list_questions(bank)]
    assert q.code == "A10" and codes.index("A10") == codes.index("A09") + 1
    assert codes[codes.index("A10") + 1] == "B01"
    with pytest.raises(DataError) as err:
        c.add_question(bank, "A10", "人口与户籍", "重复的编号？")
    assert err.value.field == "code" and "A10" in err.value.message
    with pytest.raises(DataError) as err:
        c.add_question(bank, "A11", "人口与户籍", "   ")
    assert err.value.field == "text"
    with pytest.raises(DataError) as err:
        c.add_question(bank, "A11", "人口与户籍", "范围不对？", scope="county")
    assert err.value.field == "scope"
    assert count(bank, Question) == 101


def test_reword_retire_restore_and_move(bank, rnd):
    b02 = next(q for q in c.list_questions(bank) if q.code == "B02")
    a = cell(bank, rnd.id, "B02", 1)
    c.answer(bank, a, "有2位独居老人。", date(2026, 11, 2), 2)
    q = c.reword_question(bank, b02.id, text="本组有多少独自居住的老人？")
    assert q.text == "本组有多少独自居住的老人？" and q.initials.startswith("bzydsdzjzdlr")
    c.retire_question(bank, b02.id)
    assert "B02" not in [x.code for x in c.list_questions(bank)]
    assert "B02" in [x.code for x in c.list_questions(bank, include_retired=True)]
    # The past answer stays, and the next round leaves the question out.
    assert c.get_cell(bank, a).answer.text == "有2位独居老人。"
    nxt = c.open_round(bank, "2027年第一季度", date(2027, 1, 1), date(2027, 3, 31))
    assert len(c.matrix(bank, nxt.id).questions) == 99
    c.restore_question(bank, b02.id)
    # Move B03 up: it swaps with B02; B01 stays first; moving past the category edge stops.
    b03 = next(x for x in c.list_questions(bank) if x.code == "B03")
    c.move_question(bank, b03.id, -1)
    c.move_question(bank, b03.id, -5)
    codes = [x.code for x in c.list_questions(bank)]
    assert codes[codes.index("A09") + 1: codes.index("A09") + 4] == ["B03", "B01", "B02"]
    with reading(bank) as s:
        changes = s.exec(select(AuditEntry).where(AuditEntry.table_name == "question",
                                                  AuditEntry.row_id == b02.id)).all()
    assert {e.action for e in changes} == {"insert", "update"}


# ---- rounds ---------------------------------------------------------------------------------


def test_open_round_assigns_every_question_and_hamlet_to_the_default_cadre(bank):
    b01 = next(q for q in c.list_questions(bank) if q.code == "B01")
    c.retire_question(bank, b01.id)
    set_hamlet_active(bank, 4, False)
    rnd = c.open_round(bank, *Q4)
    with reading(bank) as s:
        rows = s.exec(select(Assignment).where(Assignment.round_id == rnd.id)).all()
    assert len(rows) == 90 * 3 + 9  # 91 hamlet questions - B01, 3 active hamlets, 9 village ones
    by_hamlet = {}
    for a in rows:
        by_hamlet.setdefault(a.hamlet_id, set()).add(a.cadre_id)
    # 片长 first, else any linked cadre (孙主任 for 3), village-scope: the 书记.
    assert by_hamlet == {1: {2}, 2: {2}, 3: {3}, None: {1}}
    assert c.default_cadres(bank)[None] == 1


def test_open_round_bad_input_saves_nothing(rnd, bank):
    before = (count(bank, Round), count(bank, Assignment))
    cases = [
        (("2027年第一季度", date(2027, 3, 1), date(2027, 2, 1)), "ends_on"),
        (("2027年第一季度", None, date(2027, 2, 1)), "starts_on"),
        (("  ", date(2027, 1, 1), date(2027, 3, 31)), "name"),
        ((Q4[0], date(2027, 1, 1), date(2027, 3, 31)), "name"),  # name taken
        (("2027年第一季度", "2027-13-01", date(2027, 3, 31)), "starts_on"),
    ]
    for args, field in cases:
        with pytest.raises(DataError) as err:
            c.open_round(bank, *args)
        assert err.value.field == field
    assert (count(bank, Round), count(bank, Assignment)) == before


def test_close_reopen_void_and_reassign(bank, rnd):
    a = cell(bank, rnd.id, "A01", 1)
    assert c.reassign(bank, a, 4).cadre_id == 4
    assert c.reassign_hamlet(bank, rnd.id, 3, 4) == 91
    assert {x.cadre_id for x in c.list_cells(bank, rnd.id, hamlet_id=3)} == {4}
    c.close_round(bank, rnd.id)
    with pytest.raises(DataError):
        c.reassign(bank, a, 2)
    with pytest.raises(DataError) as err:
        c.answer(bank, a, "补填。", date(2026, 11, 1), 2)
    assert "已结束" in err.value.message
    c.reopen_round(bank, rnd.id)
    c.answer(bank, a, "补填。", date(2026, 11, 1), 2)
    with pytest.raises(DataError):
        c.void_round(bank, rnd.id, "建错了")
    empty = c.open_round(bank, "测试轮次", date(2027, 1, 1), date(2027, 1, 31))
    c.void_round(bank, empty.id, "建错了")
    assert [r.name for r in c.list_rounds(bank)] == [Q4[0]]
    assert c.current_round(bank, TODAY).id == rnd.id


# ---- answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, field", [
    (dict(answered_on=None), "answered_on"),
    (dict(cadre_id=None), "cadre_id"),
    (dict(cadre_id=99), "cadre_id"),
    (dict(answered_on=date(2026, 9, 30)), "answered_on"),
    (dict(answered_on=date(2027, 1, 1)), "answered_on"),
    (dict(answered_on="30/11/2026"), "answered_on"),
    (dict(text="  "), "text"),
    (dict(text="长" * 2001), "text"),
])
def test_bad_answer_is_refused_and_saves_nothing(bank, rnd, kwargs, field):
    a = cell(bank, rnd.id, "A01", 1)
    c.answer(bank, a, "原来的答复。", date(2026, 10, 9), 2)
    before = (count(bank, Answer), count(bank, AuditEntry))
    args = dict(text="有3位独居老人。", answered_on=date(2026, 11, 2), cadre_id=2, needs_action=True)
    args.update(kwargs)
    with pytest.raises(DataError) as err:
        c.answer(bank, a, **args)
    assert err.value.field == field and err.value.message.endswith("。")
    assert (count(bank, Answer), count(bank, AuditEntry)) == before
    assert c.get_cell(bank, a).answer.text == "原来的答复。"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=date(2026, 8, 1), max_value=date(2027, 2, 28)))
def test_answer_date_must_be_within_the_round(bank, day):
    rnd = c.current_round(bank) or c.open_round(bank, *Q4)
    a = cell(bank, rnd.id, "A02", 2)
    if Q4[1] <= day <= Q4[2]:
        assert c.answer(bank, a, f"答复 {day}", day, 2).answered_on == day
    else:
        with pytest.raises(DataError):
            c.answer(bank, a, f"答复 {day}", day, 2)


def test_reanswer_voids_the_old_answer_and_keeps_history(bank, rnd):
    a = cell(bank, rnd.id, "A01", 1)
    first = c.answer(bank, a, "共86户。", date(2026, 10, 9), 2)
    assert c.answer(bank, a, "共86户。", date(2026, 10, 9), 2).id == first.id  # unchanged: no new row
    second = c.answer(bank, a, "共87户，新迁入1户。", "2026-11-02", 2)
    view = c.get_cell(bank, a)
    assert view.state == "answered" and view.answer.id == second.id
    assert [(h.id, h.voided, h.void_reason) for h in view.history] == [(first.id, True, "重新答复")]
    with reading(bank) as s:
        live = s.exec(select(Answer).where(Answer.assignment_id == a, Answer.voided == False)).all()  # noqa: E712
    assert len(live) == 1
    c.void_answer(bank, second.id, "录错了")
    assert c.get_cell(bank, a).state == "open"


# ---- to the register and follow-up items ------------------------------------------------------


def test_to_case_prefills_and_links_both_ways(bank, rnd):
    create_dispute(bank, dict(accepted_on=date(2026, 3, 1), type_id=1))  # seq 1 of 2026
    a = cell(bank, rnd.id, "I01", 3)
    ans = c.answer(bank, a, "两户因排水沟积水发生口角。", date(2026, 11, 2), 3, needs_action=True)
    case_id = c.to_case(bank, ans.id, {"accepted_on": date(2026, 11, 3)})
    with reading(bank) as s:
        d = s.get(Dispute, case_id)
        linked = s.get(Answer, ans.id)
    assert d.number == "(2026)青调字第002号" and (d.year, d.seq) == (2026, 2)
    assert d.source == "checklist" and d.hamlet_id == 3 and d.registered_by == "李文书"
    assert "本组目前有没有尚未化解的矛盾纠纷" in d.summary and "排水沟积水" in d.summary
    assert d.accepted_on == date(2026, 11, 3) and d.deadline == date(2026, 12, 3)
    assert linked.dispute_id == case_id
    found = c.answer_for_case(bank, case_id)
    assert found.assignment_id == a and found.answer.dispute_number == d.number
    assert c.get_cell(bank, a).state == "acted"
    with pytest.raises(DataError) as err:
        c.to_case(bank, ans.id)
    assert d.number in err.value.message
    # Voiding the case puts the finding back to 'needs action'; a new case may then be made.
    void_dispute(bank, case_id, "重复登记")
    assert c.get_cell(bank, a).state == "action"
    again = c.to_case(bank, ans.id, {"type": "邻里"})
    with reading(bank) as s:
        assert s.get(Dispute, again).seq == 3


def test_to_case_bad_input_saves_nothing(bank, rnd):
    ans = c.answer(bank, cell(bank, rnd.id, "I02", 1), "有矛盾。", date(2026, 11, 2), 2, True)
    before = (count(bank, Dispute), count(bank, AuditEntry))
    for extra, field in [({"type": "不存在的类型"}, "type"), ({"source": "applied"}, "source"),
                         ({"deadline": date(2026, 1, 1), "accepted_on": date(2026, 11, 2)}, "deadline"),
                         ({"presiding_id": 99}, "presiding_id"), ({"colour": "红"}, "colour")]:
        with pytest.raises(DataError) as err:
            c.to_case(bank, ans.id, extra)
        assert err.value.field == field, extra
    assert (count(bank, Dispute), count(bank, AuditEntry)) == before
    assert c.get_cell(bank, ans.assignment_id).answer.dispute_id is None


def test_follow_up_items_open_overdue_and_ticked_off(bank, rnd):
    a = cell(bank, rnd.id, "G01", 4)
    ans = c.answer(bank, a, "通组道路塌方一处。", date(2026, 11, 1), 4, needs_action=True)
    assert c.get_cell(bank, a).state == "action"
    late = c.to_follow_up(bank, ans.id, "修复塌方路段", 4, date(2026, 11, 20), date(2026, 11, 2))
    soon = c.add_follow_up_item(bank, "答复群众路灯诉求", 2, date(2026, 12, 5), hamlet_id=1,
                                opened_on=date(2026, 11, 25))
    assert c.get_cell(bank, a).state == "acted"
    items = c.open_items(bank, TODAY)
    assert [(i.id, i.overdue, i.days_left) for i in items] == [(late.id, True, -8), (soon.id, False, 7)]
    assert items[0].hamlet_name == "四组" and items[0].question_code == "G01"
    assert items[0].round_name == Q4[0] and items[1].question_code == ""
    before = count(bank, AuditEntry)
    for args, field in [((late.id, None), "done_on"), ((late.id, date(2026, 11, 1)), "done_on")]:
        with pytest.raises(DataError) as err:
            c.tick_off(bank, *args)
        assert err.value.field == field
    for kwargs, field in [(dict(due_on=date(2026, 10, 1)), "due_on"), (dict(cadre_id=None), "cadre_id"),
                          (dict(title=""), "title"), (dict(due_on=None), "due_on")]:
        args = dict(title="事项", cadre_id=2, due_on=date(2026, 12, 1), opened_on=date(2026, 11, 2))
        args.update(kwargs)
        with pytest.raises(DataError) as err:
            c.to_follow_up(bank, ans.id, **args)
        assert err.value.field == field
    assert count(bank, AuditEntry) == before
    c.tick_off(bank, late.id, date(2026, 11, 27), "已修复。")
    with pytest.raises(DataError):
        c.tick_off(bank, late.id, date(2026, 11, 28))
    assert [i.id for i in c.open_items(bank, TODAY)] == [soon.id]
    done = [i for i in c.list_items(bank, TODAY) if i.done_on]
    assert [(i.id, i.outcome, i.overdue) for i in done] == [(late.id, "已修复。", False)]
    # An answer with a live item cannot be voided; once the item is voided it can.
    with pytest.raises(DataError) as err:
        c.void_answer(bank, ans.id, "录错了")
    assert "跟进事项" in err.value.message
    c.void_item(bank, late.id, "录重了")
    assert c.get_cell(bank, a).state == "action"
    c.void_answer(bank, ans.id, "录错了")
    assert c.get_cell(bank, a).state == "open"


def test_reanswer_moves_case_link_and_items_to_the_new_answer(bank, rnd):
    a = cell(bank, rnd.id, "I04", 2)
    old = c.answer(bank, a, "拖欠工钱。", date(2026, 11, 1), 2, True)
    case_id = c.to_case(bank, old.id, {"accepted_on": date(2026, 11, 1)})
    item = c.to_follow_up(bank, old.id, "协调工钱", 2, date(2026, 12, 1), date(2026, 11, 1))
    new = c.answer(bank, a, "拖欠工钱，已付一半。", date(2026, 11, 20), 2, True)
    view = c.get_cell(bank, a)
    assert view.answer.id == new.id and view.answer.dispute_id == case_id
    assert [i.id for i in view.items] == [item.id] and view.items[0].answer_id == new.id
    assert c.answer_for_case(bank, case_id).answer.id == new.id
    assert view.state == "acted"


# ---- progress ---------------------------------------------------------------------------------


def test_matrix_states_progress_and_still_open(bank, rnd):
    q = {x.code: x.id for x in c.list_questions(bank)}
    c.answer(bank, cell(bank, rnd.id, "A01", 1), "正常。", date(2026, 10, 5), 2)
    act = c.answer(bank, cell(bank, rnd.id, "A02", 1), "需要帮助。", date(2026, 10, 5), 2, True)
    to_case = c.answer(bank, cell(bank, rnd.id, "I01", 3), "纠纷。", date(2026, 10, 6), 3, True)
    c.to_case(bank, to_case.id, {"accepted_on": date(2026, 10, 6)})
    village = c.answer(bank, cell(bank, rnd.id, "J01", None), "集体收入5万元。", date(2026, 10, 7), 1)
    m = c.matrix(bank, rnd.id)
    assert [h.name for h in m.hamlets] == ["一组", "二组", "三组", "四组"]
    assert len(m.questions) == 100 and m.questions[0].code == "A01"
    assert m.state(q["A01"], 1) == "answered" and m.state(q["A01"], 2) == "open"
    assert m.state(q["A02"], 1) == "action" and m.state(q["I01"], 3) == "acted"
    assert m.state(q["J01"], None) == "answered" and m.state(q["J01"], 1) is None
    assert m.assignment_ids[(q["J01"], None)] == village.assignment_id
    assert m.counts() == {"open": 369, "answered": 2, "action": 1, "acted": 1}
    assert (m.round.total, m.round.answered, m.round.action, m.round.acted) == (373, 4, 1, 1)
    assert c.list_rounds(bank)[0] == m.round
    by_hamlet = {p.name: (p.answered, p.total, p.action) for p in c.progress_by_hamlet(bank, rnd.id)}
    assert by_hamlet == {"一组": (2, 91, 1), "二组": (0, 91, 0), "三组": (1, 91, 0),
                         "四组": (0, 91, 0), "全村": (1, 9, 0)}
    assert list(by_hamlet)[-1] == "全村"
    by_cadre = {p.id: (p.answered, p.total) for p in c.progress_by_cadre(bank, rnd.id)}
    assert by_cadre == {1: (1, 9), 2: (2, 182), 3: (1, 91), 4: (0, 91)}
    left = c.still_open(bank, rnd.id, TODAY)
    assert left.days_left == 33 and left.count == 369
    assert left.cells[0].code == "A03" and left.cells[0].hamlet_name == "一组"
    assert left.cells[-1].hamlet_name == "全村"
    assert act.assignment_id not in [x.assignment_id for x in left.cells]
    assert [x.state for x in c.list_cells(bank, rnd.id, states=("action",))] == ["action"]
    assert len(c.list_cells(bank, rnd.id, village_only=True)) == 9
    assert {x.cadre_name for x in c.list_cells(bank, rnd.id, cadre_id=4)} == {"李信息"}


def test_matrix_query_count_stays_small(bank, rnd):
    """A handful of statements, whatever the size of the round (no query per cell)."""
    from sqlalchemy import event

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(bank, "before_cursor_execute", listener)
    try:
        c.matrix(bank, rnd.id)
    finally:
        event.remove(bank, "before_cursor_execute", listener)
    assert len(statements) <= 5


# ---- monthly figures and the demo -------------------------------------------------------------


def _sql_figures(path, month: str) -> dict:
    """The same figures, counted straight from the file with sqlite3 (independent of the code)."""
    con = sqlite3.connect(path)
    try:
        like = f"{month}-%"
        one = lambda sql: con.execute(sql, (like,)).fetchone()[0]  # noqa: E731
        first, last = f"{month}-01", f"{month}-31"
        rounds = con.execute("SELECT count(*) FROM check_round WHERE voided = 0 AND NOT "
                             "(ends_on < ? OR starts_on > ?)", (first, last)).fetchone()[0]
        return {
            "rounds_run": rounds,
            "questions_answered": one(
                "SELECT count(*) FROM answer WHERE voided = 0 AND answered_on LIKE ? AND assignment_id IN "
                "(SELECT a.id FROM assignment a JOIN check_round r ON r.id = a.round_id WHERE r.voided = 0)"),
            "disputes_found": one("SELECT count(*) FROM dispute WHERE source = 'checklist' AND voided = 0 "
                                  "AND accepted_on LIKE ?"),
            "items_opened": one("SELECT count(*) FROM followup_item WHERE voided = 0 AND opened_on LIKE ?"),
            "items_closed": one("SELECT count(*) FROM followup_item WHERE voided = 0 AND done_on LIKE ?"),
        }
    finally:
        con.close()


def test_demo_and_month_figures_match_an_independent_count(engine, db_path):
    counts = add_demo_checklist(engine, TODAY, seed=5)
    rounds = c.list_rounds(engine)
    assert [r.name for r in rounds] == [quarter(TODAY, b)[0] for b in (0, 1, 2)]
    current, *finished = rounds
    assert all(r.closed and r.answered == r.total for r in finished)
    assert not current.closed and 0.3 < current.share < 0.7
    assert counts["findings"] > 0 and counts["cases"] > 0 and counts["items"] > counts["items_done"] > 0
    with reading(engine) as s:
        cases = s.exec(select(Dispute).where(Dispute.source == "checklist")).all()
        linked = set(s.exec(select(Answer.dispute_id).where(Answer.dispute_id.is_not(None))))
        answers_late = s.exec(select(func.count()).select_from(Answer).where(Answer.answered_on > TODAY)).one()
    assert len(cases) == counts["cases"] and {d.id for d in cases} <= linked
    assert answers_late == 0
    items = c.list_items(engine, TODAY)
    assert any(i.done_on for i in items) and any(i.overdue for i in items)
    assert any(i.done_on is None and not i.overdue for i in items)
    assert sum(r.action for r in rounds) > 0  # some findings still wait for action
    total = 0
    for month in [f"2026-{m:02d}" for m in range(3, 13)]:
        got = c.month_figures(engine, month)
        assert {k: got[k] for k in _sql_figures(db_path, month)} == _sql_figures(db_path, month), month
        total += got["questions_answered"]
    assert total == counts["answers"]
    with pytest.raises(DataError) as err:
        c.month_figures(engine, "2026-13")
    assert err.value.field == "month"


def test_demo_refuses_a_village_without_cadres(empty_engine):
    from db.settings.village import setup_village

    setup_village(empty_engine, dict(name="空村"), ["一组"])
    with pytest.raises(DataError):
        add_demo_checklist(empty_engine, TODAY)
    assert count(empty_engine, Round) == 0


def test_answer_text_is_kept_exactly(bank, rnd):
    text = "有3位独居老人：\n一位80岁，子女在广东；\n需要每周探望。"
    a = cell(bank, rnd.id, "B02", 2)
    c.answer(bank, a, f"  {text}  ", date(2026, 11, 2) + timedelta(days=1), 2)
    assert c.get_cell(bank, a).answer.text == text
