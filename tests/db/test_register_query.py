"""The register's read API: list filters and search, one case, reminders, autofill, demo data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, text

from db.demo.register import add_demo_cases
from db.pinyin import initials, matches
from db.register import write as r
from db.register.case import get_case
from db.register.query import (
    DisputeFilter,
    known_people,
    list_disputes,
    reminders,
    search_terms,
)
from db.session import DataError
from db.settings.village import list_types

TODAY = date(2026, 6, 15)
ATTESTED = dict(performed=True, satisfied=True)  # attested facts have no default


def case(engine, accepted, applicant):
    return r.create_dispute(engine, dict(accepted_on=accepted, type_id=2, hamlet_id=1), [dict(name=applicant)])


@pytest.fixture
def village(engine):
    """Five cases with known names, phones, dates and states."""
    c = {}
    c["zhang"] = r.create_dispute(engine, dict(accepted_on=date(2026, 5, 2), type_id=2, hamlet_id=1, presiding_id=2,
                                               summary="宅基地滴水位争议"),
                                  [dict(name="张三", phone="13907711234"), dict(name="李四", role="respondent")])
    c["zeng"] = r.create_dispute(engine, dict(accepted_on=date(2026, 5, 20), type_id=1, hamlet_id=2, presiding_id=3,
                                              summary="赡养老人"),
                                 [dict(name="曾五", id_number="45990019800101123X"),
                                  dict(name="黄六", role="respondent", phone="0771-7654321")])
    c["old"] = r.create_dispute(engine, dict(accepted_on=date(2025, 11, 3), type_id=2, hamlet_id=1, presiding_id=2,
                                             summary="排水沟", status="succeeded", closed_on=date(2025, 11, 20)),
                                [dict(name="覃七")])
    c["late"] = r.create_dispute(engine, dict(accepted_on=date(2026, 4, 1), type_id=4, hamlet_id=3, summary="货款"),
                                 [dict(name="蓝八", phone="13907719999")])
    c["void"] = r.create_dispute(engine, dict(accepted_on=date(2026, 5, 25), type_id=2, hamlet_id=1),
                                 [dict(name="张三")])
    r.void_dispute(engine, c["void"].id, "重复登记")
    r.move_status(engine, c["zeng"].id, "mediating")
    return c


def ids(page) -> list[int]:
    return [row.id for row in page.rows]


def test_list_newest_first_with_names_and_labels(engine, village):
    page = list_disputes(engine, DisputeFilter(today=TODAY))
    assert page.total == 4 and len(page.rows) == 4
    assert ids(page) == [village["zeng"].id, village["zhang"].id, village["late"].id, village["old"].id]
    row = page.rows[1]
    assert (row.applicant, row.respondent, row.type_name, row.hamlet_name, row.presiding_name) == (
        "张三", "李四", "邻里", "一组", "钱调解")
    assert row.status_label == "受理" and row.deadline == date(2026, 6, 1) and row.overdue
    assert not page.rows[3].overdue  # a finished case is never overdue
    assert list_disputes(engine, DisputeFilter(include_voided=True)).total == 5
    assert ids(list_disputes(engine, DisputeFilter(voided_only=True))) == [village["void"].id]


def test_paging_in_sql(engine, village):
    first = list_disputes(engine, DisputeFilter(), offset=0, limit=3)
    rest = list_disputes(engine, DisputeFilter(), offset=3, limit=3)
    assert (first.total, rest.total, len(first.rows), len(rest.rows)) == (4, 4, 3, 1)
    assert ids(first) + ids(rest) == ids(list_disputes(engine, DisputeFilter()))
    past = list_disputes(engine, DisputeFilter(q="张"), offset=50)
    assert past.rows == [] and past.total == 1


@pytest.mark.parametrize(("filters", "expected"), [
    (dict(statuses=("accepted",)), ["zhang", "late"]),
    (dict(statuses=("succeeded", "mediating")), ["zeng", "old"]),
    (dict(type_id=1), ["zeng"]),
    (dict(hamlet_id=1), ["zhang", "old"]),
    (dict(year=2025), ["old"]),
    (dict(month="2026-05"), ["zeng", "zhang"]),
    (dict(presiding_id=2), ["zhang", "old"]),
    (dict(overdue_only=True), ["zhang", "late"]),
    (dict(open_only=True), ["zeng", "zhang", "late"]),
    (dict(open_only=True, statuses=("succeeded",)), []),
    (dict(open_only=True, hamlet_id=1, month="2026-05"), ["zhang"]),
])
def test_filters(engine, village, filters, expected):
    page = list_disputes(engine, DisputeFilter(today=TODAY, **filters))
    assert ids(page) == [village[k].id for k in expected]
    assert page.total == len(expected)


@pytest.mark.parametrize(("q", "expected"), [
    ("zs", ["zhang"]),          # pinyin initials
    ("ZS", ["zhang"]),
    ("cw", ["zeng"]),           # 曾 read as c ...
    ("zw", ["zeng"]),           # ... and as z
    ("z", ["zeng", "zhang"]),
    ("s", []),                  # initials match from the start of a name
    ("张三", ["zhang"]),
    ("李", ["zhang"]),          # any party
    ("滴水", ["zhang"]),        # words of the summary
    ("13907711234", ["zhang"]),  # phone
    ("1234", ["zhang"]),        # part of a phone
    ("123X", ["zeng"]),         # last digits of an ID number
    ("123x", ["zeng"]),
    ("19800101", []),           # the middle of an ID number is not a match
    ("07717654321", ["zeng"]),  # a landline typed without its dash
    ("张 13907711234", ["zhang"]),
    ("张三 9999", []),          # every word must match
    ("李四，张三", ["zhang"]),  # punctuation separates words
    ("％", []),
])
def test_search(engine, village, q, expected):
    page = list_disputes(engine, DisputeFilter(q=q))
    assert ids(page) == [village[k].id for k in expected]
    assert page.total == len(expected)


def test_search_terms_split_by_kind():
    assert search_terms("张三 zs 139") == [("text", "张三"), ("initials", "zs"), ("digits", "139")]
    assert search_terms("ｚｓ１２３x") == [("initials", "zs"), ("digits", "123X")]
    assert search_terms("123xyz") == [("digits", "123"), ("initials", "xyz")]
    assert search_terms("张三，李四") == [("text", "张三"), ("text", "李四")]
    assert search_terms("阿卜杜·热合曼") == [("text", "阿卜杜"), ("text", "热合曼")]
    assert search_terms("％") == [("text", "%")] and search_terms("  ") == []


def test_bad_filter_values_are_refused(engine):
    with pytest.raises(DataError) as err:
        list_disputes(engine, DisputeFilter(month="2026/5"))
    assert err.value.field == "month"
    with pytest.raises(DataError):
        list_disputes(engine, DisputeFilter(statuses=("closed",)))


def test_get_case_with_records_and_history(engine, village):
    d = village["zhang"]
    r.move_status(engine, d.id, "succeeded", "双方同意")
    r.add_proceeding(engine, d.id, dict(held_on=date(2026, 5, 6), kind="mediation", result="达成协议", rights_notified=True))
    r.add_proceeding(engine, d.id, dict(held_on=date(2026, 5, 3), kind="investigation", rights_notified=True))
    a = r.add_agreement(engine, d.id, dict(signed_on=date(2026, 5, 6), terms="赔偿"))
    r.add_follow_up(engine, d.id, dict(visited_on=date(2026, 6, 1), next_due=date(2026, 7, 1), **ATTESTED))
    extra = r.add_party(engine, d.id, dict(name="王九", role="third"))
    r.void_party(engine, extra.id, "登记错了")
    view = get_case(engine, d.id, today=TODAY)
    assert view.dispute.number == d.number and view.status_label == "调解成功"
    assert (view.type_name, view.hamlet_name, view.presiding_name, view.leader_name) == ("邻里", "一组", "钱调解", "")
    assert [p.party.name for p in view.parties] == ["张三", "李四"]
    assert [p.party.name for p in view.role("respondent")] == ["李四"]
    assert view.parties[0].role_label == "申请人"
    assert [p.kind for p in view.proceedings] == ["investigation", "mediation"]  # by date
    assert view.agreement.id == a.id and view.jc_deadline == date(2026, 6, 5)
    assert len(view.follow_ups) == 1 and not view.overdue
    actions = [(h.what, h.action_label) for h in view.history]
    assert actions[0] == ("当事人", "作废") and actions[-1] == ("案件", "新增")
    assert ("调解协议", "新增") in actions and ("回访记录", "新增") in actions
    updates = [h for h in view.history if h.what == "案件" and h.action == "update"]  # newest first
    assert updates[0].lines == ("涉及人数：2 → 3",)  # 王九 added: the figure follows the parties
    assert updates[-1].lines == ("状态：受理 → 调解成功",) and updates[-1].note == "双方同意"
    with_voided = get_case(engine, d.id, include_voided_records=True)
    assert [p.party.name for p in with_voided.parties] == ["张三", "李四", "王九"]
    assert get_case(engine, 9999) is None


def test_get_case_uses_few_queries(engine, village):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        get_case(engine, village["zhang"].id)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) <= 10


def test_reminders(engine, village):
    d = village["zeng"]  # accepted 2026-05-20, deadline 06-19: due within 7 days of TODAY
    done = village["old"]
    r.reopen_case(engine, done.id, "复查")
    r.move_status(engine, done.id, "succeeded")
    a = r.add_agreement(engine, done.id, dict(signed_on=TODAY - timedelta(days=26)))  # window closes in 4 days
    oral = case(engine, date(2026, 5, 1), "莫十")
    r.move_status(engine, oral.id, "succeeded")
    r.add_agreement(engine, oral.id, dict(signed_on=TODAY - timedelta(days=26), form="oral"))  # no window
    f1 = r.add_follow_up(engine, done.id, dict(visited_on=date(2026, 1, 5), next_due=TODAY + timedelta(days=3), **ATTESTED))
    r.add_follow_up(engine, oral.id, dict(visited_on=date(2026, 5, 5), next_due=TODAY - timedelta(days=30), **ATTESTED))
    r.add_follow_up(engine, oral.id, dict(visited_on=date(2026, 6, 5), **ATTESTED))  # a later visit: nothing due
    rem = reminders(engine, TODAY)
    assert [i.dispute_id for i in rem.overdue] == [village["late"].id, village["zhang"].id]
    assert rem.overdue[1].days_left == -14 and rem.overdue[1].parties == "张三 与 李四"
    assert [i.dispute_id for i in rem.due_soon] == [d.id] and rem.due_soon[0].days_left == 4
    assert [(i.dispute_id, i.record_id) for i in rem.follow_ups_due] == [(done.id, f1.id)]
    assert [(i.record_id, i.due) for i in rem.confirmation_closing] == [(a.id, TODAY + timedelta(days=4))]
    r.record_judicial_confirmation(engine, a.id, TODAY)
    assert reminders(engine, TODAY).confirmation_closing == []
    assert rem.totals == {"overdue": 2, "due_soon": 1, "follow_ups_due": 1, "confirmation_closing": 1}


def test_known_people_for_autofill(engine, village):
    r.create_dispute(engine, dict(accepted_on=date(2026, 6, 1), type_id=2),
                     [dict(name="张三", phone="13907711234", address="一组8号", sex="男"),
                      dict(name="张三", phone="13800000000")])
    found = known_people(engine, "张")
    assert [(p.name, p.phone) for p in found] == [("张三", "13800000000"), ("张三", "13907711234")]
    assert found[1].address == "一组8号"  # the newest details of that person
    assert found[1].party_data()["sex"] == "男" and "role" not in found[1].party_data()
    assert [p.name for p in known_people(engine, "cw")] == ["曾五"]
    assert [p.name for p in known_people(engine, "zw")] == ["曾五"]
    assert known_people(engine, "张四") == [] and known_people(engine, "") == []
    assert len(known_people(engine, "z", limit=1)) == 1


def test_list_types_in_statistics_order(engine):
    names = [t.name for t in list_types(engine, active_only=True)]
    assert names[:3] == ["婚姻家庭", "邻里", "房屋宅基地"] and names[-1] == "其他"


def test_pinyin_initials():
    assert initials("曾三") == "cs zs"
    assert initials("张三") == "zs"
    assert initials("ABC公司") .split()[0] == "abcgs"
    assert initials("阿卜杜·热合曼").split()[0] == "abdrhm"
    assert initials("") == "" and initials("  ") == ""
    assert len(initials("单于行曾朝阿长").split()) == 32  # capped
    assert matches("zs", "cs zs") and matches("C", "cs zs") and not matches("s", "cs zs")


def test_demo_cases_cover_everything(engine):
    added = add_demo_cases(engine, TODAY, rng_seed=5)
    assert 290 <= added <= 320
    with engine.connect() as conn:
        statuses = {s for (s,) in conn.execute(text("SELECT DISTINCT status FROM dispute"))}
        counts = dict(conn.execute(text(
            "SELECT 'voided', count(*) FROM dispute WHERE voided UNION ALL "
            "SELECT 'written', count(*) FROM agreement WHERE form = 'written' UNION ALL "
            "SELECT 'oral', count(*) FROM agreement WHERE form = 'oral' UNION ALL "
            "SELECT 'confirmed', count(*) FROM agreement WHERE jc_confirmed_on IS NOT NULL UNION ALL "
            "SELECT 'performed', count(*) FROM agreement WHERE performance = 'done' UNION ALL "
            "SELECT 'records', count(*) FROM proceeding UNION ALL "
            "SELECT 'hamlets', count(DISTINCT hamlet_id) FROM dispute UNION ALL "
            "SELECT 'types', count(DISTINCT type_id) FROM dispute UNION ALL "
            "SELECT 'early', count(*) FROM dispute WHERE accepted_on < :early"),
            {"early": (TODAY - timedelta(days=600)).isoformat()}).all())
    assert statuses == {"accepted", "mediating", "succeeded", "failed", "referred", "withdrawn"}
    assert counts["voided"] >= 3 and counts["written"] > 50 and counts["oral"] > 5
    assert counts["confirmed"] > 0 and counts["performed"] > 50 and counts["records"] > 200
    assert counts["hamlets"] == 4 and counts["types"] >= 8 and counts["early"] > 0
    rem = reminders(engine, TODAY)
    assert rem.overdue and rem.follow_ups_due and rem.confirmation_closing
    assert list_disputes(engine, DisputeFilter(voided_only=True)).rows[0].voided


def test_demo_cases_repeat_with_the_same_seed(tmp_path):
    from db.engine import dispose_engine
    from db.schema import open_database
    from db.settings.village import save_cadre, setup_village

    def demo(name, seed):
        path = tmp_path / name
        engine = open_database(path)
        try:
            setup_village(engine, dict(name="青石村", case_prefix="青调"), ["一组", "二组"])
            save_cadre(engine, None, name="钱调解", roles=["调解员"])
            add_demo_cases(engine, TODAY, rng_seed=seed, count=30)
            with engine.connect() as conn:
                return conn.execute(text("SELECT number, status, search_text FROM dispute ORDER BY id")).all()
        finally:
            dispose_engine(path)

    first = demo("a.db", 5)
    assert demo("b.db", 5) == first
    assert demo("c.db", 6) != first
