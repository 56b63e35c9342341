"""The register's write API: numbering, rules, search columns, one audit entry per change."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from db.models import Agreement, AuditEntry, Dispute, Party
from db.register import write as r
from db.session import DataError

DAY = date(2026, 3, 5)


def new_case(engine, **extra):
    data = dict(accepted_on=DAY, type_id=2, hamlet_id=1, summary="排水沟堵塞", presiding_id=2)
    data.update(extra)
    parties = [dict(name="曾三", phone="13907710011"),
               dict(name="张四", role="respondent", id_number="45990019800101123X")]
    return r.create_dispute(engine, data, parties)


def audit(engine, table=None, row_id=None) -> list[AuditEntry]:
    with Session(engine) as s:
        q = select(AuditEntry).order_by(AuditEntry.id)
        if table:
            q = q.where(AuditEntry.table_name == table)
        if row_id is not None:
            q = q.where(AuditEntry.row_id == row_id)
        return list(s.scalars(q))


def total(engine, model) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()[0]


def fresh(engine, model, row_id):
    with Session(engine) as s:
        return s.get(model, row_id)


# ---- numbering ------------------------------------------------------------------------------


def test_numbers_run_per_year_and_are_never_reused(engine):
    a = new_case(engine)
    b = new_case(engine)
    assert (a.number, b.number) == ("(2026)青调字第001号", "(2026)青调字第002号")
    r.void_dispute(engine, b.id, "重复登记")
    c = new_case(engine)
    assert c.number == "(2026)青调字第003号"  # 002 stays with the voided case
    d = new_case(engine, accepted_on=date(2025, 12, 30))
    assert d.number == "(2025)青调字第001号" and d.year == 2025
    assert r.next_case_number(engine, 2026) == "(2026)青调字第004号"
    assert r.case_number("青调", 2026, 1234) == "(2026)青调字第1234号"


def test_case_needs_a_village_first(empty_engine):
    with pytest.raises(DataError, match="村庄信息"):
        r.create_dispute(empty_engine, dict(accepted_on=DAY, type_id=1), [])


# ---- creating and editing -------------------------------------------------------------------


def test_create_fills_defaults_and_search_columns(engine):
    d = new_case(engine, people_involved=6)
    assert d.deadline == DAY + timedelta(days=30)
    assert d.is_mass and d.status == "accepted" and d.registered_by == "李文书"
    assert d.search_text.startswith("曾三 13907710011 张四 45990019800101123X")
    assert d.search_text.endswith("排水沟堵塞")
    # every name's initials first (曾 = c / z; 张 = z), then full pinyin (db.pinyin.case_keys)
    assert d.search_initials.split()[:2] == ["cs", "zs"]
    assert {"zengsan", "cengsan", "zhangsi"} <= set(d.search_initials.split())
    with Session(engine) as s:
        parties = list(s.scalars(select(Party).order_by(Party.id)))
    assert [p.initials for p in parties] == ["cs cengsan zs zengsan", "zs zhangsi"]
    # One audit entry per row added: the case and its two parties; none for search columns.
    entries = audit(engine, "dispute") + audit(engine, "party")
    assert [(e.table_name, e.action) for e in entries] == [("dispute", "insert"), ("party", "insert"), ("party", "insert")]
    assert "search_text" not in entries[0].changes


@pytest.mark.parametrize(("data", "field", "words"), [
    (dict(deadline=DAY - timedelta(days=1)), "deadline", "办结期限"),
    (dict(arose_on=DAY + timedelta(days=1)), "accepted_on", "发生日期"),
    (dict(status="failed", closed_on=DAY - timedelta(days=1)), "closed_on", "结案日期"),
    (dict(closed_on=DAY), "closed_on", "结案日期"),
    (dict(type_id=None), "type_id", "纠纷类型"),
    (dict(type_id=999), "type_id", "纠纷类型"),
    (dict(hamlet_id=99), "hamlet_id", "屯组"),
    (dict(presiding_id=99), "presiding_id", "主持调解员"),
    (dict(source="gossip"), "source", "纠纷来源"),
    (dict(people_involved=-1), "people_involved", "负数"),
    (dict(summary="长" * 2001), "summary", "2000"),
    (dict(accepted_on="2026-03-05"), "accepted_on", "日期"),
    (dict(number="(2026)假字第1号"), "number", "案号"),
])
def test_bad_case_data_is_refused_and_nothing_is_saved(engine, data, field, words):
    before = len(audit(engine))
    with pytest.raises(DataError) as err:
        new_case(engine, **data)
    assert err.value.field == field and words in err.value.message
    assert total(engine, Dispute) == 0 and total(engine, Party) == 0
    assert len(audit(engine)) == before


def test_party_without_a_name_refuses_the_whole_case(engine):
    with pytest.raises(DataError) as err:
        r.create_dispute(engine, dict(accepted_on=DAY, type_id=1), [dict(name="李四"), dict(name="  ")])
    assert err.value.field == "name" and "第 2 位当事人" in err.value.message
    assert total(engine, Dispute) == 0 and total(engine, Party) == 0


def test_update_writes_one_entry_and_moves_the_default_deadline(engine):
    d = new_case(engine)
    n = len(audit(engine))
    d2 = r.update_dispute(engine, d.id, {"accepted_on": DAY + timedelta(days=2), "summary": "改：宅基地边界"})
    assert d2.deadline == DAY + timedelta(days=32)
    assert d2.search_text.endswith("改：宅基地边界")
    entries = audit(engine)[n:]
    assert len(entries) == 1 and entries[0].action == "update"
    assert set(json.loads(entries[0].changes)) == {"accepted_on", "summary", "deadline"}
    # An edited deadline stays when the accepted date moves again.
    r.update_dispute(engine, d.id, {"deadline": DAY + timedelta(days=50)})
    d3 = r.update_dispute(engine, d.id, {"accepted_on": DAY})
    assert d3.deadline == DAY + timedelta(days=50)
    # deadline=None puts it back to the default.
    assert r.update_dispute(engine, d.id, {"deadline": None}).deadline == DAY + timedelta(days=30)
    # Nothing changed: nothing written.
    n = len(audit(engine))
    r.update_dispute(engine, d.id, {"summary": "改：宅基地边界"})
    assert len(audit(engine)) == n


def test_update_refuses_lifecycle_fields_and_bad_dates(engine):
    d = new_case(engine)
    for key, value in (("status", "failed"), ("closed_on", DAY), ("voided", True), ("number", "x")):
        with pytest.raises(DataError) as err:
            r.update_dispute(engine, d.id, {key: value})
        assert err.value.field == key
    with pytest.raises(DataError, match="办结期限"):
        r.update_dispute(engine, d.id, {"deadline": DAY - timedelta(days=3)})
    assert fresh(engine, Dispute, d.id).deadline == DAY + timedelta(days=30)


def test_mass_dispute_follows_people_unless_marked(engine):
    d = new_case(engine, people_involved=2)
    assert not d.is_mass
    assert r.update_dispute(engine, d.id, {"people_involved": 5}).is_mass
    assert not r.update_dispute(engine, d.id, {"people_involved": 3}).is_mass
    assert r.update_dispute(engine, d.id, {"is_mass": True}).is_mass  # marked with 3 people
    assert r.update_dispute(engine, d.id, {"people_involved": 4}).is_mass  # stays marked
    assert r.update_dispute(engine, d.id, {"is_mass": False, "people_involved": 8}).is_mass  # 8 >= 5


# ---- parties --------------------------------------------------------------------------------


def test_party_changes_keep_search_columns_with_one_entry_each(engine):
    d = new_case(engine, people_involved=4)  # room for a third party: 涉及人数 stays put
    n = len(audit(engine))
    p = r.add_party(engine, d.id, dict(name="单于行", role="third", phone="0771-1234567"))
    assert p.initials.split()[0] == "dyx" and "cyx" in p.initials.split()
    case = fresh(engine, Dispute, d.id)
    assert "单于行" in case.search_text and "07711234567" in case.search_text
    assert "dyx" in case.search_initials.split()
    r.update_party(engine, p.id, {"name": "欧阳华"})
    case = fresh(engine, Dispute, d.id)
    assert "欧阳华" in case.search_text and "单于行" not in case.search_text
    assert "oyh" in case.search_initials.split() and "dyx" not in case.search_initials.split()
    assert fresh(engine, Party, p.id).initials == "oyh ouyanghua ouyh"
    r.void_party(engine, p.id, "登记错了")
    case = fresh(engine, Dispute, d.id)
    assert "欧阳华" not in case.search_text and "oyh" not in case.search_initials.split()
    r.unvoid_record(engine, "party", p.id)
    assert "欧阳华" in fresh(engine, Dispute, d.id).search_text
    entries = audit(engine)[n:]
    assert [(e.table_name, e.action) for e in entries] == [
        ("party", "insert"), ("party", "update"), ("party", "void"), ("party", "unvoid")]


def test_party_rules(engine):
    d = new_case(engine)
    p = r.add_party(engine, d.id, dict(name="李五"))
    cases = [({"name": ""}, "name"), ({"role": "judge"}, "role"), ({"sex": "未知"}, "sex"),
             ({"age": 200}, "age"), ({"hamlet_id": 42}, "hamlet_id"), ({"kind": "group"}, "kind")]
    for changes, field in cases:
        with pytest.raises(DataError) as err:
            r.update_party(engine, p.id, changes)
        assert err.value.field == field
    assert fresh(engine, Party, p.id).name == "李五"
    with pytest.raises(DataError, match="作废原因"):
        r.void_party(engine, p.id, " ")
    r.void_party(engine, p.id, "重复")
    with pytest.raises(DataError, match="已作废"):
        r.update_party(engine, p.id, {"name": "李六"})


# ---- lifecycle ------------------------------------------------------------------------------


def test_only_allowed_moves(engine):
    d = new_case(engine)
    with pytest.raises(DataError) as err:
        r.move_status(engine, d.id, "accepted")
    assert "已经是“受理”" in err.value.message
    r.move_status(engine, d.id, "mediating", "开始调解")
    r.move_status(engine, d.id, "failed", result_note="已告知可以起诉")
    with pytest.raises(DataError) as err:
        r.move_status(engine, d.id, "succeeded")
    assert "“调解不成”" in err.value.message and "“调解成功”" in err.value.message
    with pytest.raises(DataError, match="状态"):
        r.move_status(engine, d.id, "closed")
    case = fresh(engine, Dispute, d.id)
    assert (case.status, case.result_note) == ("failed", "已告知可以起诉")
    moves = [e for e in audit(engine, "dispute", d.id) if e.action == "update"]
    assert [e.note for e in moves] == ["开始调解", ""]


def test_agreement_only_on_succeeded_cases_one_at_a_time(engine):
    d = new_case(engine)
    r.move_status(engine, d.id, "failed")
    with pytest.raises(DataError) as err:
        r.add_agreement(engine, d.id, dict(signed_on=DAY))
    assert "调解成功" in err.value.message and "调解不成" in err.value.message
    d = new_case(engine)
    r.move_status(engine, d.id, "succeeded")
    with pytest.raises(DataError, match="签订日期"):
        r.add_agreement(engine, d.id, dict(signed_on=DAY - timedelta(days=1)))
    a = r.add_agreement(engine, d.id, dict(signed_on=DAY, terms="赔偿500元"))
    assert a.number == d.number and a.performance == "none"
    with pytest.raises(DataError, match="已有调解协议"):
        r.add_agreement(engine, d.id, dict(signed_on=DAY))
    r.void_agreement(engine, a.id, "重新签订")
    b = r.add_agreement(engine, d.id, dict(signed_on=DAY + timedelta(days=1), form="oral"))
    assert b.number == ""
    with pytest.raises(DataError, match="已有调解协议"):
        r.unvoid_record(engine, "agreement", a.id)
    assert total(engine, Agreement) == 2


def test_performance_and_judicial_confirmation(engine):
    d = new_case(engine)
    r.move_status(engine, d.id, "succeeded")
    a = r.add_agreement(engine, d.id, dict(signed_on=DAY))
    with pytest.raises(DataError, match="履行日期"):
        r.record_performance(engine, a.id, "done")
    with pytest.raises(DataError, match="履行情况"):
        r.record_performance(engine, a.id, "half")
    a = r.record_performance(engine, a.id, "done", DAY + timedelta(days=3))
    assert (a.performance, a.performed_on) == ("done", DAY + timedelta(days=3))
    with pytest.raises(DataError, match="申请司法确认"):
        r.record_judicial_confirmation(engine, a.id, None, DAY + timedelta(days=9))
    with pytest.raises(DataError, match="不能早于"):
        r.record_judicial_confirmation(engine, a.id, DAY + timedelta(days=9), DAY + timedelta(days=5))
    a = r.record_judicial_confirmation(engine, a.id, DAY + timedelta(days=5), DAY + timedelta(days=9))
    assert a.jc_confirmed_on == DAY + timedelta(days=9)
    r.void_agreement(engine, a.id, "改口头")
    oral = r.add_agreement(engine, d.id, dict(signed_on=DAY, form="oral"))
    with pytest.raises(DataError, match="口头协议"):
        r.record_judicial_confirmation(engine, oral.id, DAY + timedelta(days=2))
    assert len([e for e in audit(engine, "agreement") if e.action == "update"]) == 2


def test_close_reopen_void(engine):
    d = new_case(engine)
    with pytest.raises(DataError, match="先登记调解结果"):
        r.close_case(engine, d.id, DAY, "李文书")
    r.move_status(engine, d.id, "succeeded")
    with pytest.raises(DataError, match="结案日期"):
        r.close_case(engine, d.id, DAY - timedelta(days=1), "李文书")
    closed = r.close_case(engine, d.id, DAY + timedelta(days=10), "李文书")
    assert (closed.closed_on, closed.closed_by) == (DAY + timedelta(days=10), "李文书")
    with pytest.raises(DataError, match="原因"):
        r.reopen_case(engine, d.id, "  ")
    n = len(audit(engine))
    again = r.reopen_case(engine, d.id, "当事人反悔，要求重新调解")
    assert (again.status, again.closed_on, again.closed_by) == ("mediating", None, "")
    [entry] = audit(engine)[n:]
    assert entry.note == "当事人反悔，要求重新调解" and entry.row_id == d.id
    with pytest.raises(DataError, match="不用重新打开"):
        r.reopen_case(engine, d.id, "再次")
    r.void_dispute(engine, d.id, "重复登记")
    for call in (lambda: r.update_dispute(engine, d.id, {"summary": "x"}),
                 lambda: r.add_party(engine, d.id, {"name": "王六"}),
                 lambda: r.move_status(engine, d.id, "failed"),
                 lambda: r.void_dispute(engine, d.id, "again")):
        with pytest.raises(DataError, match="已作废"):
            call()
    back = r.unvoid_dispute(engine, d.id)
    assert not back.voided and back.number == d.number
    with pytest.raises(DataError, match="没有作废"):
        r.unvoid_dispute(engine, d.id)


def test_records_and_follow_ups(engine):
    d = new_case(engine)
    with pytest.raises(DataError, match="记录日期"):
        r.add_proceeding(engine, d.id, dict(place="村委会"))
    with pytest.raises(DataError, match="调查、调解|只能是"):
        r.add_proceeding(engine, d.id, dict(held_on=DAY, kind="chat", rights_notified=True))
    p = r.add_proceeding(engine, d.id, dict(held_on=DAY, kind="investigation", facts="属实", rights_notified=True))
    p = r.update_proceeding(engine, p.id, {"result": "继续调解"})
    assert p.result == "继续调解"
    with pytest.raises(DataError, match="回访日期"):
        r.add_follow_up(engine, d.id, dict(visited_on=DAY - timedelta(days=1), performed=True, satisfied=True))
    with pytest.raises(DataError, match="下次回访日期"):
        r.add_follow_up(engine, d.id, dict(visited_on=DAY, next_due=DAY - timedelta(days=1), performed=True, satisfied=True))
    f = r.add_follow_up(engine, d.id, dict(visited_on=DAY, party_name="曾三", next_due=DAY + timedelta(days=30),
                                      performed=True, satisfied=True))
    r.update_follow_up(engine, f.id, {"satisfied": False, "flare_up": "又吵了"})
    r.void_follow_up(engine, f.id, "记错案件")
    r.void_proceeding(engine, p.id, "记错案件")
    actions = [(e.table_name, e.action) for e in audit(engine) if e.table_name in ("proceeding", "follow_up")]
    assert actions == [("proceeding", "insert"), ("proceeding", "update"), ("follow_up", "insert"),
                       ("follow_up", "update"), ("follow_up", "void"), ("proceeding", "void")]
    with pytest.raises(DataError, match="不能恢复"):
        r.unvoid_record(engine, "dispute", d.id)
