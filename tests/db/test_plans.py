"""Emergency plans (应急预案): plans, teams and the phone tree, evacuation sites linked to the
checklist's answers about them, drills, and which plans still need this year's drill."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from sqlmodel import select

from db import plans as pl
from db.attention import home_data
from db.checklist.answers import answer
from db.checklist.bank import load_default_bank
from db.checklist.questions import open_round
from db.models import AuditEntry, EmergencyPlan, PlanMember
from db.session import DataError, reading
from tests.hostile import storable_text

FLOOD = dict(kind="flood", name="防汛应急预案", leader="赵书记", leader_phone="13907710001",
             materials="救生衣20件\n冲锋舟1艘")


def plan(engine, **values):
    return pl.save_plan(engine, None, {**FLOOD, **values})


def audit_actions(engine, table: str) -> list[str]:
    with reading(engine) as s:
        return [e.action for e in s.exec(select(AuditEntry).where(AuditEntry.table_name == table))]


def test_a_new_plan_takes_its_season_and_is_audited(engine):
    p = plan(engine)
    assert p.drill_before == "05-01"
    assert pl.save_plan(engine, None, dict(FLOOD, kind="fire", name="火灾")).drill_before == ""
    assert pl.save_plan(engine, None, dict(FLOOD, kind="forest_fire", name="森林", drill_before="9-1")).drill_before == "09-01"
    assert audit_actions(engine, "emergency_plan") == ["insert"] * 3
    assert [r.kind_label for r in pl.list_plans(engine)] == ["防汛", "森林防火", "火灾"]


@pytest.mark.parametrize("values, field", [
    (dict(kind="riot"), "kind"), (dict(name=" "), "name"), (dict(leader=""), "leader"),
    (dict(drill_before="13-01"), "drill_before"), (dict(drill_before="五月"), "drill_before"),
    (dict(materials="x" * 2001), "materials"),
])
def test_a_bad_plan_is_refused_with_its_field_and_nothing_stored(engine, values, field):
    with pytest.raises(DataError) as err:
        plan(engine, **values)
    assert err.value.field == field
    with reading(engine) as s:
        assert s.exec(select(EmergencyPlan)).all() == []
    assert audit_actions(engine, "emergency_plan") == []


def _tree(engine, plan_id):
    return [(t.depth, t.name) for t in pl.plan_info(engine, plan_id).phone_tree()]


def test_the_phone_tree_follows_who_phones_whom_and_refuses_a_loop(engine):
    p = plan(engine)
    rescue = pl.save_team(engine, p.id, None, {"name": "抢险组", "duty": "巡堤抢险"})
    move = pl.save_team(engine, p.id, None, {"name": "转移组"})
    a = pl.save_plan_member(engine, rescue.id, None, {"name": "钱调解", "phone": "13907710002"})
    b = pl.save_plan_member(engine, rescue.id, None, {"name": "韦组长", "caller_id": a.id})
    c = pl.save_plan_member(engine, move.id, None, {"name": "蓝十户", "caller_id": b.id})
    assert _tree(engine, p.id) == [(0, "赵书记"), (1, "钱调解"), (2, "韦组长"), (3, "蓝十户")]
    with pytest.raises(DataError, match="圈") as err:
        pl.save_plan_member(engine, None, a.id, {"caller_id": c.id})
    assert err.value.field == "caller_id"
    other = pl.save_team(engine, plan(engine, name="另一个").id, None, {"name": "组"})
    with pytest.raises(DataError, match="本预案"):
        pl.save_plan_member(engine, other.id, None, {"name": "外人", "caller_id": a.id})
    # voiding the middle of the tree: whoever they phoned is phoned by their own caller
    pl.void_plan_member(engine, b.id, "调走")
    assert _tree(engine, p.id) == [(0, "赵书记"), (1, "钱调解"), (2, "蓝十户")]
    with reading(engine) as s:
        assert s.get(PlanMember, c.id).caller_id == a.id
    assert audit_actions(engine, "plan_member").count("void") == 1


def test_a_site_shows_the_latest_checklist_answer_about_it_for_its_hamlet(engine):
    load_default_bank(engine)
    qs = pl.shelter_questions(engine)
    assert [code for _id, code, _t in qs] == ["H08"]
    qid = qs[0][0]
    rnd = open_round(engine, "2026年第二季度", date(2026, 4, 1), date(2026, 6, 30))
    with engine.connect() as conn:
        cell = conn.exec_driver_sql(
            "SELECT id FROM assignment WHERE round_id = ? AND question_id = ? AND hamlet_id = 2",
            (rnd.id, qid)).scalar_one()
    answer(engine, cell, "群众知道往村小学撤离；缺应急灯", date(2026, 4, 10), 2)
    p = plan(engine)
    pl.save_site(engine, p.id, None, {"name": "村小学", "place": "二组后山", "capacity": 200, "hamlet_id": 2,
                                       "question_id": qid})
    pl.save_site(engine, p.id, None, {"name": "村委会", "hamlet_id": 1, "question_id": qid})
    sites = pl.plan_info(engine, p.id).sites
    assert [(a.hamlet, a.text) for a in sites[0].answers] == [("二组", "群众知道往村小学撤离；缺应急灯")]
    assert sites[0].question.startswith("H08 ")
    assert sites[1].answers == []  # 一组 has not answered yet
    with pytest.raises(DataError):
        pl.save_site(engine, p.id, None, {"name": "x", "capacity": -1})
    with pytest.raises(DataError):
        pl.save_site(engine, p.id, None, {"name": "x", "question_id": 9999})


def test_drills_and_events_are_logged_and_checked(engine):
    p = plan(engine)
    with pytest.raises(DataError, match="参加"):
        pl.record_drill(engine, p.id, None, {"held_on": date(2026, 4, 20)}, today=date(2026, 5, 1))
    with pytest.raises(DataError, match="晚于今天"):
        pl.record_drill(engine, p.id, None, {"held_on": date(2026, 5, 2), "participants": "全体"},
                        today=date(2026, 5, 1))
    with pytest.raises(DataError, match="经过"):
        pl.record_drill(engine, p.id, None, {"kind": "event", "held_on": date(2026, 4, 1)}, today=date(2026, 5, 1))
    pl.record_drill(engine, p.id, None, {"held_on": date(2026, 4, 20), "participants": "抢险组12人",
                                         "found": "冲锋舟缺油", "changed": "每月检查一次油料"}, today=date(2026, 5, 1))
    pl.record_drill(engine, p.id, None, {"kind": "event", "held_on": date(2026, 6, 2), "what": "河水上涨，转移8户"},
                    today=date(2026, 6, 3))
    log = pl.drill_log(engine)
    assert [(d.kind_label, d.found or d.what) for d in log] == [("演练", "冲锋舟缺油"), ("实际处置", "河水上涨，转移8户")]
    assert audit_actions(engine, "plan_drill") == ["insert", "insert"]


def _home_plans(db_path, today):
    return [a.text for a in home_data(db_path, today).items if a.section == "plans"]


def test_the_home_screen_and_the_meeting_agenda_list_the_same_plans(engine, db_path):
    flood = plan(engine)
    fire = pl.save_plan(engine, None, dict(FLOOD, kind="fire", name="火灾应急预案"))
    pl.record_drill(engine, flood.id, None, {"held_on": date(2025, 4, 1), "participants": "全体"},
                    today=date(2025, 4, 1))  # last year's drill does not count this year
    # February: the flood drill is not yet near; both plans listed together, quietly
    assert _home_plans(db_path, date(2026, 2, 1)) == ["2 个应急预案今年还没有演练： 防汛应急预案、火灾应急预案"]
    # April: a month before 5月1日 the flood plan is urgent
    assert _home_plans(db_path, date(2026, 4, 5)) == ["防汛应急预案 5月1日前应演练，今年还没有演练",
                                                     "1 个应急预案今年还没有演练： 火灾应急预案"]
    due = pl.drills_due(engine, "2026-04")
    assert [(d.name, d.due_by, d.overdue, d.last_drill) for d in due] == [
        ("防汛应急预案", date(2026, 5, 1), False, date(2025, 4, 1)),
        ("火灾应急预案", date(2026, 12, 31), False, None)]
    # after 5月1日 without a drill: overdue, on the home screen and in May's agenda
    assert _home_plans(db_path, date(2026, 5, 3))[0] == "防汛应急预案 5月1日前应演练，已过期未演练"
    assert pl.drills_due(engine, date(2026, 5, 1))[0].overdue
    # a drill this year takes the plan off both lists
    pl.record_drill(engine, flood.id, None, {"held_on": date(2026, 5, 3), "participants": "全体"},
                    today=date(2026, 5, 3))
    assert _home_plans(db_path, date(2026, 5, 3)) == ["1 个应急预案今年还没有演练： 火灾应急预案"]
    assert [d.plan_id for d in pl.drills_due(engine, "2026-05")] == [fire.id]
    # in April's agenda (as of April's end) the May drill had not happened yet
    assert [d.plan_id for d in pl.drills_due(engine, "2026-04")] == [flood.id, fire.id]
    pl.void_plan(engine, fire.id, "并入综合预案")
    assert pl.drills_due(engine, "2026-05") == [] and _home_plans(db_path, date(2026, 5, 3)) == []


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 2, 28), date(2026, 4, 1), date(2026, 5, 2),
                                 date(2026, 9, 1), date(2026, 12, 31)])
def test_home_screen_and_drills_due_agree_on_every_day(engine, db_path, day):
    """db.attention (plain sqlite3) and db.plans keep one rule: the same plans, urgent alike."""
    plan(engine)
    forest = pl.save_plan(engine, None, dict(FLOOD, kind="forest_fire", name="森林防火预案"))
    pl.save_plan(engine, None, dict(FLOOD, kind="fire", name="火灾预案", drill_before="02-29"))
    pl.record_drill(engine, forest.id, None, {"held_on": date(2026, 3, 1), "participants": "全体"},
                    today=date(2026, 3, 1))
    texts = _home_plans(db_path, day)
    due = {d.name: d for d in pl.drills_due_on(engine, day)}
    for p in pl.list_plans(engine):
        assert any(p.name in t for t in texts) == (p.name in due), (p.name, texts)
        urgent = p.name in due and due[p.name].seasonal and (due[p.name].due_by - day).days <= 30
        assert any(t.startswith(p.name + " ") and "应演练" in t for t in texts) == urgent, (p.name, texts)
    assert ("森林防火预案" in due) == (day < date(2026, 3, 1))


def test_due_by_handles_the_leap_day():
    assert pl.due_by("02-29", 2027) == date(2027, 2, 28)
    assert pl.due_by("02-29", 2028) == date(2028, 2, 29)
    assert pl.due_by("", 2026) == date(2026, 12, 31)


def test_a_bad_month_is_refused_in_chinese(engine):
    with pytest.raises(DataError, match="年-月"):
        pl.drills_due(engine, "2026年5月")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=storable_text(max_size=6), team=storable_text(max_size=6))
def test_any_storable_text_comes_back_as_typed(engine, name, team):
    p = plan(engine, name=name.strip()[:80], leader=team.strip()[:50])
    t = pl.save_team(engine, p.id, None, {"name": team.strip()[:50]})
    info = pl.plan_info(engine, p.id)
    assert (info.name, info.leader, info.teams[0].name) == (name.strip()[:80], team.strip()[:50], t.name)
