"""The reception log: requests, replies, closing, conversion to a case or item (both ways),
overdue replies on the home screen, a month's counts."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from db import reception as rc
from db.attention import home_data
from db.models.reception import CHANNELS, HANDLINGS
from db.register.case import get_case
from db.session import DataError
from tests.hostile import storable_text

D = date(2026, 11, 2)


def _req(engine, **kw):
    data = dict(received_on=D, channel="visit", name="韦阿婆", contact="13900000000",
                matter="邻居占了过道", category="矛盾纠纷")
    data.update(kw)
    return rc.add_request(engine, data)


def test_a_request_is_logged_with_a_reply_due_in_15_days(engine, db_path):
    r = _req(engine)
    v = rc.get_request(engine, r.id, today=D)
    assert (v.channel_label, v.name, v.reply_due, v.handling_label, v.satisfied) == ("来访", "韦阿婆", D + timedelta(days=15), "未处理", None)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT action FROM audit_entry WHERE table_name = 'reception'").fetchall() == [("insert",)]
    con.close()


def test_name_and_contact_are_optional_and_bad_input_is_refused(engine):
    r = _req(engine, name="", contact="")
    assert rc.get_request(engine, r.id).name == ""
    for bad, field in ((dict(channel="写信"), "channel"), (dict(matter=" "), "matter"),
                       (dict(category="重点人员"), "category"), (dict(reply_due=D - timedelta(days=1)), "reply_due"),
                       (dict(handling="case"), "handling"), (dict(satisfied="是"), "satisfied")):
        with pytest.raises(DataError) as exc:
            _req(engine, **bad)
        assert exc.value.field == field
    assert len(rc.list_requests(engine, D)) == 1


def test_answered_on_the_spot_is_replied_the_same_day(engine):
    r = _req(engine, handling="answered", reply="已解释政策")
    v = rc.get_request(engine, r.id, today=D)
    assert (v.replied_on, v.state_label) == (D, "已答复")


def test_reply_close_and_satisfaction(engine):
    r = _req(engine)
    with pytest.raises(DataError, match="答复日期不能早于登记日期"):
        rc.record_reply(engine, r.id, "已协调", D - timedelta(days=1), handling="township")
    rc.record_reply(engine, r.id, "已报镇里", D + timedelta(days=3), handling="township")
    rc.close_request(engine, r.id, D + timedelta(days=10), satisfied=True)
    v = rc.get_request(engine, r.id)
    assert (v.handling_label, v.closed_on, v.satisfied, v.state_label) == ("报乡镇", D + timedelta(days=10), True, "已办结")
    with pytest.raises(DataError, match="已于"):
        rc.close_request(engine, r.id, D + timedelta(days=11))


def test_a_request_becomes_a_case_linked_both_ways(engine):
    r = _req(engine)
    case_id = rc.to_case(engine, r.id, dict(accepted_on=D, hamlet_id=2, type="邻里"))
    v = rc.get_request(engine, r.id)
    case = get_case(engine, case_id)
    assert (v.handling, v.dispute_id) == ("case", case_id) and v.dispute_number == case.dispute.number
    assert rc.request_for_case(engine, case_id).id == r.id
    assert case.dispute.summary == "邻居占了过道" and case.dispute.source == "reported"
    assert [p.party.name for p in case.parties] == ["韦阿婆"]
    with pytest.raises(DataError, match="已转为调解案件"):
        rc.to_case(engine, r.id)
    with pytest.raises(DataError, match="已转为调解案件"):
        rc.to_item(engine, r.id, "x", 2, D)


def test_a_request_becomes_an_item_linked_both_ways(engine):
    r = _req(engine, channel="referred", matter="镇里转来：修路")
    item_id = rc.to_item(engine, r.id, "", 2, D + timedelta(days=20), hamlet_id=3)
    v = rc.get_request(engine, r.id)
    assert (v.handling, v.item_id, v.item_title) == ("item", item_id, "镇里转来：修路")
    assert rc.request_for_item(engine, item_id).id == r.id
    with pytest.raises(DataError, match="处理方式不能再改"):
        rc.update_request(engine, r.id, dict(handling="answered"))


def test_a_failed_conversion_changes_nothing(engine):
    r = _req(engine)
    with pytest.raises(DataError):
        rc.to_item(engine, r.id, "x", 999, D + timedelta(days=5))
    with pytest.raises(DataError):
        rc.to_case(engine, r.id, dict(type="没有这种"))
    v = rc.get_request(engine, r.id)
    assert (v.handling, v.dispute_id, v.item_id) == ("", None, None)


def test_overdue_replies_reach_the_home_screen(engine, db_path):
    _req(engine)
    _req(engine, handling="answered", reply="当场答复")
    due = D + timedelta(days=15)
    assert not [i for i in home_data(db_path, due).items if "来访来电" in i.text]
    (item,) = [i for i in home_data(db_path, due + timedelta(days=1)).items if "来访来电" in i.text]
    assert (item.mark, item.text, item.section) == ("！", "1 件来访来电已过答复期限未答复", "reception")
    assert [v.id for v in rc.overdue_replies(engine, due + timedelta(days=1))] == [1]


def test_plain_search_finds_name_or_matter_literally(engine):
    _req(engine, name="张100%", matter="a_b")
    _req(engine, name="李四", matter="路灯")
    assert [v.name for v in rc.list_requests(engine, D, search="100%")] == ["张100%"]
    assert [v.name for v in rc.list_requests(engine, D, search="_")] == ["张100%"]
    assert [v.name for v in rc.list_requests(engine, D, search="路灯")] == ["李四"]


def test_month_counts_by_channel_category_and_handling(engine):
    _req(engine)
    _req(engine, channel="phone", category="政策咨询", handling="answered", reply="解释")
    r = _req(engine, channel="phone", received_on=date(2026, 11, 30))
    rc.to_case(engine, r.id, dict(accepted_on=date(2026, 12, 1)))
    _req(engine, received_on=date(2026, 10, 31))  # October: not counted
    v = _req(engine)
    rc.void_request(engine, v.id, "重复")  # voided: never counted
    with engine.connect() as conn:
        c = rc.month_counts(conn, date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 30))
    assert c.total == 3
    assert dict(c.by_channel) == {"来访": 1, "来电": 2, "网上": 0, "上级转来": 0}
    assert dict(c.by_category)["矛盾纠纷"] == 2 and dict(c.by_category)["政策咨询"] == 1
    assert dict(c.by_handling) == {"当场答复": 1, "转调解案件": 1, "转跟进事项": 0, "报乡镇": 0, "未处理": 1}
    assert c.replied == 1
    assert set(CHANNELS.values()) == {k for k, _ in c.by_channel}
    assert set(HANDLINGS.values()) < {k for k, _ in c.by_handling}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=storable_text(max_size=6))
def test_hostile_text_is_kept_as_typed_and_found_literally(engine, text):
    r = _req(engine, name=text[:50], matter=text)
    v = rc.get_request(engine, r.id, today=D)
    assert (v.name, v.matter) == (text[:50].strip(), text.strip())
    assert r.id in [x.id for x in rc.list_requests(engine, D, search=text.strip())]
