"""The monthly meeting: record, attendees, agenda from the month, decisions and their state.

`engine` fixture: hamlets 1-4; cadres 1 赵书记, 2 钱调解, 3 孙主任, 4 李信息.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from sqlmodel import select

from db import meeting as mt
from db.attention import home_data
from db.checklist.answers import add_follow_up_item
from db.models import AuditEntry, MeetingDecision
from db.reception import add_request
from db.register.write import add_follow_up, create_dispute
from db.session import DataError, reading
from tests.hostile import storable_text

NOV = date(2026, 11, 5)


def _meeting(engine, month="2026-11", held=NOV, **kw):
    data = dict(held_on=held, place="村委会议室", chair="赵书记", recorder="李文书")
    data.update(kw)
    return mt.create_meeting(engine, month, data, attendees=[
        dict(name="赵书记", duty="书记", cadre_id=1), dict(name="钱调解", duty="调解员", cadre_id=2),
        dict(name="孙主任", duty="主任", present=False, absence_reason="到镇里开会")])


def _audits(db_path, table):
    con = sqlite3.connect(db_path)
    try:
        return con.execute("SELECT action, changes FROM audit_entry WHERE table_name = ? ORDER BY id", (table,)).fetchall()
    finally:
        con.close()


def test_a_meeting_is_recorded_with_people_and_absences_and_audited(engine, db_path):
    m = _meeting(engine)
    view = mt.get_meeting(engine, m.id, today=NOV)
    assert (view.month, view.held_on, view.chair, view.place) == ("2026-11", NOV, "赵书记", "村委会议室")
    assert [a.name for a in view.present] == ["赵书记", "钱调解"]
    assert [(a.name, a.absence_reason) for a in view.absent] == [("孙主任", "到镇里开会")]
    assert [a for a, _ in _audits(db_path, "meeting")] == ["insert"]
    assert len(_audits(db_path, "meeting_attendee")) == 3


def test_one_live_meeting_per_month_and_bad_input_changes_nothing(engine):
    _meeting(engine)
    with pytest.raises(DataError, match="已有记录"):
        _meeting(engine)
    with pytest.raises(DataError, match="月份"):
        mt.create_meeting(engine, "2026-13", dict(held_on=NOV, chair="赵书记"))
    with pytest.raises(DataError, match="主持人"):
        mt.create_meeting(engine, "2026-10", dict(held_on=date(2026, 10, 9), chair="  "))
    with pytest.raises(DataError, match="第 2 项议定事项"):  # the meeting itself is not kept either
        mt.create_meeting(engine, "2026-10", dict(held_on=date(2026, 10, 9), chair="赵书记"), decisions=[
            dict(text="排查", owner="钱调解", deadline=date(2026, 10, 30)),
            dict(text="回访", owner="钱调解", deadline=date(2026, 10, 1))])
    assert [r.month for r in mt.list_meetings(engine, NOV)] == ["2026-11"]
    with reading(engine) as s:
        assert s.exec(select(MeetingDecision)).all() == []


def test_a_voided_meeting_frees_its_month(engine):
    m = _meeting(engine)
    mt.void_meeting(engine, m.id, "重复录入")
    assert mt.meeting_id_of(engine, "2026-11") is None
    again = _meeting(engine)
    assert mt.meeting_id_of(engine, "2026-11") == again.id


def test_the_agenda_is_built_from_the_month(engine):
    late = create_dispute(engine, dict(accepted_on=date(2026, 9, 1), type_id=1, summary="张家李家宅基地界址"),
                          [dict(name="张三")])
    done_case = create_dispute(engine, dict(accepted_on=date(2026, 9, 1), type_id=1, summary="已回访"),
                               [dict(name="王五")])
    add_follow_up(engine, done_case.id, dict(visited_on=date(2026, 10, 1), party_name="王五", visitor="钱调解", performed=True, satisfied=True,
                                             next_due=date(2026, 11, 1)))
    add_follow_up_item(engine, "修三组水渠", 2, date(2026, 11, 20), hamlet_id=3, opened_on=date(2026, 10, 20))
    add_request(engine, dict(received_on=date(2026, 10, 10), channel="phone", matter="低保材料怎么交",
                             category="社会保障"))
    m = _meeting(engine)
    agenda = mt.get_meeting(engine, m.id, today=NOV).agenda
    assert f"{late.number}" in agenda and "逾期" in agenda and "宅基地" in agenda
    assert f"{done_case.number} 应于 2026-11-01 回访 王五" in agenda
    assert "修三组水渠" in agenda and "低保材料怎么交" in agenda
    assert "1. 前次议定事项落实情况：无" in agenda


def test_next_meeting_opens_with_earlier_decisions_and_their_state(engine):
    oct_m = mt.create_meeting(engine, "2026-10", dict(held_on=date(2026, 10, 8), chair="赵书记"), decisions=[
        dict(text="张李两家宅基地纠纷再调一次", owner="钱调解", deadline=date(2026, 10, 20)),
        dict(text="修三组水渠", owner="孙主任", deadline=date(2026, 11, 30)),
        dict(text="通知各屯开会", owner="李信息", deadline=date(2026, 10, 15))])
    d1, d2, d3 = mt.get_meeting(engine, oct_m.id, today=date(2026, 10, 8)).decisions
    mt.mark_done(engine, d3.id, date(2026, 10, 12), "已通知")
    nov = _meeting(engine)
    view = mt.get_meeting(engine, nov.id, today=NOV)
    states = {d.text: d.state_label for d in view.earlier}
    assert states == {"张李两家宅基地纠纷再调一次": "逾期", "修三组水渠": "在办", "通知各屯开会": "已办"}
    assert "修三组水渠（孙主任，期限 2026-11-30）：在办" in view.agenda
    # December: the decision done in October (before November's meeting) is no longer carried.
    mt.mark_done(engine, d1.id, date(2026, 11, 10))
    dec = mt.create_meeting(engine, "2026-12", dict(held_on=date(2026, 12, 3), chair="赵书记"))
    states = {d.text: d.state_label for d in mt.get_meeting(engine, dec.id, today=date(2026, 12, 3)).earlier}
    assert states == {"张李两家宅基地纠纷再调一次": "已办", "修三组水渠": "逾期"}


def test_decision_rules(engine):
    m = _meeting(engine)
    with pytest.raises(DataError, match="完成期限不能早于会议日期"):
        mt.add_decision(engine, m.id, dict(text="x", owner="钱调解", deadline=NOV - timedelta(days=1)))
    with pytest.raises(DataError, match="案件"):
        mt.add_decision(engine, m.id, dict(text="x", owner="钱调解", deadline=NOV, dispute_id=999))
    d = mt.add_decision(engine, m.id, dict(text="x", owner="钱调解", deadline=NOV))
    with pytest.raises(DataError, match="办结日期不能早于会议日期"):
        mt.mark_done(engine, d.id, NOV - timedelta(days=3))
    mt.mark_done(engine, d.id, NOV)
    with pytest.raises(DataError, match="已于"):
        mt.mark_done(engine, d.id, NOV)
    mt.reopen_decision(engine, d.id)
    assert [x.state for x in mt.open_decisions(engine, NOV + timedelta(days=1))] == ["overdue"]


def test_a_decision_links_to_a_case_and_shows_its_number(engine):
    case = create_dispute(engine, dict(accepted_on=date(2026, 10, 1), type_id=1, summary="s"), [dict(name="甲")])
    m = _meeting(engine)
    mt.add_decision(engine, m.id, dict(text="跟进此案", owner="钱调解", deadline=date(2026, 11, 30), dispute_id=case.id))
    (d,) = mt.get_meeting(engine, m.id, today=NOV).decisions
    assert (d.dispute_id, d.dispute_number) == (case.id, case.number)


def test_overdue_decisions_reach_the_home_screen(engine, db_path):
    m = _meeting(engine)
    mt.add_decision(engine, m.id, dict(text="x", owner="钱调解", deadline=date(2026, 11, 10)))
    before = [i.text for i in home_data(db_path, date(2026, 11, 10)).items]
    after = [i for i in home_data(db_path, date(2026, 11, 11)).items if "议定事项" in i.text]
    assert not any("议定事项" in t for t in before)
    assert [(i.mark, i.text, i.section) for i in after] == [("！", "1 项分析会议定事项已过完成期限未办结", "meeting")]


def test_changes_write_one_audit_entry_each(engine, db_path):
    m = _meeting(engine)
    d = mt.add_decision(engine, m.id, dict(text="x", owner="钱调解", deadline=NOV))
    mt.update_decision(engine, d.id, dict(owner="孙主任"))
    mt.mark_done(engine, d.id, NOV)
    rows = _audits(db_path, "meeting_decision")
    assert [a for a, _ in rows] == ["insert", "update", "update"]
    assert json.loads(rows[1][1])["owner"] == ["钱调解", "孙主任"]
    with reading(engine) as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.table_name == "meeting_decision")).all()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=storable_text(max_size=6))
def test_hostile_text_is_stored_as_typed(engine, text):
    mid = mt.meeting_id_of(engine, "2026-11") or _meeting(engine).id
    d = mt.add_decision(engine, mid, dict(text=text, owner=text[:50], deadline=NOV))
    got = [x for x in mt.get_meeting(engine, mid, today=NOV).decisions if x.id == d.id][0]
    assert (got.text, got.owner) == (text.strip(), text[:50].strip())
