"""Demo data for the meeting and the reception log: made through the same checks, every kind shown."""

from __future__ import annotations

from datetime import date

from db import meeting as mt
from db import reception as rc
from db.demo.office import add_demo_office
from db.engine import dispose_engine
from tests.db.built_files import copy_built

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


def test_demo_office_is_the_same_for_the_same_seed(engine, tmp_path, _template_files):
    add_demo_office(engine, TODAY)
    first = [(r.received_on, r.channel, r.name, r.handling) for r in rc.list_requests(engine, TODAY)]
    other_path = tmp_path / "other" / "b.db"  # another file with the same village, its own engine
    other = copy_built(_template_files["village"], other_path)
    assert other is not engine
    add_demo_office(other, TODAY)
    assert [(r.received_on, r.channel, r.name, r.handling) for r in rc.list_requests(other, TODAY)] == first
    dispose_engine(other_path)
