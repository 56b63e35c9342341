"""Demo data for the meeting and the reception log: made through the same checks, every kind shown."""

from __future__ import annotations

from datetime import date

from db import meeting as mt
from db import reception as rc
from db.demo.office import add_demo_office

TODAY = date(2026, 12, 20)


def test_demo_office_shows_every_kind(engine):
    add_demo_office(engine, TODAY)
    meetings = mt.list_meetings(engine, TODAY)
    assert [m.month for m in meetings] == ["2026-12", "2026-11", "2026-10"]
    states = {d.state for m in meetings for d in mt.get_meeting(engine, m.id, today=TODAY).decisions}
    assert states == {"done", "doing", "overdue"}
    assert mt.get_meeting(engine, meetings[0].id, today=TODAY).earlier  # opens with earlier decisions
    reqs = rc.list_requests(engine, TODAY)
    assert len(reqs) == 32
    assert {r.handling for r in reqs} >= {"answered", "case", "item"}
    assert all(r.satisfied is None for r in reqs if r.closed_on is None)  # never ticked by default
    for r in reqs:
        if r.dispute_id:
            assert rc.request_for_case(engine, r.dispute_id).id == r.id


def test_demo_office_is_the_same_for_the_same_seed(engine, tmp_path):
    add_demo_office(engine, TODAY)
    first = [(r.received_on, r.channel, r.name, r.handling) for r in rc.list_requests(engine, TODAY)]
    from db.schema import open_database
    from db.settings.village import save_cadre, setup_village

    other = open_database(tmp_path / "b.db")
    setup_village(other, dict(name="青石村", case_prefix="青调", clerk="李文书"), ["一组", "二组", "三组", "四组"])
    for name, roles, hamlets in (("赵书记", ["书记"], []), ("钱调解", ["调解员", "片长"], [1, 2]),
                                 ("孙主任", ["主任", "调解员"], [3]), ("李信息", ["信息员", "片长"], [4])):
        save_cadre(other, None, name=name, roles=roles, phone="", hamlet_ids=hamlets)
    add_demo_office(other, TODAY)
    assert [(r.received_on, r.channel, r.name, r.handling) for r in rc.list_requests(other, TODAY)] == first
