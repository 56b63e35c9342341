"""Snapshots at 80x24 of the reception log (F9) and a meeting's record (F8, Enter) on a small
village with Chinese text in every column. Each picture was looked at before it was accepted."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from db import meeting as mt
from db import reception as rc
from desk.app import make_app
from tests.app.helpers import TODAY, settle

SIZE = (80, 24)


@pytest.fixture
def office(engine, db_path):
    import db.audit

    with db.audit.audit_clock(lambda: datetime(2026, 11, 28, 9, 30)):
        mt.create_meeting(engine, "2026-10", dict(held_on=date(2026, 10, 8), chair="赵书记"), decisions=[
            dict(text="修好三组水渠", owner="孙主任", deadline=date(2026, 10, 30))])
        m = mt.create_meeting(engine, "2026-11", dict(held_on=date(2026, 11, 5), place="村委会会议室", chair="赵书记",
                                                      recorder="李文书", notes="本月纠纷总体平稳。"), attendees=[
            dict(name="钱调解", duty="调解员"), dict(name="孙主任", duty="主任", present=False, absence_reason="到镇里开会")])
        mt.add_decision(engine, m.id, dict(text="十天内再调张李两家宅基地纠纷", owner="钱调解", deadline=date(2026, 11, 15)))
        for day, ch, name, matter in ((3, "visit", "韦阿婆", "邻居围墙占了过道"), (9, "phone", "", "询问医保缴费截止时间"),
                                      (20, "referred", "蓝[b]某", "镇里转来：饮水管道破裂")):
            rc.add_request(engine, dict(received_on=date(2026, 11, day), channel=ch, name=name, matter=matter,
                                        category="矛盾纠纷" if ch == "visit" else "其他"))
    return db_path


def test_reception_list(snap_compare, office):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)

    assert snap_compare(make_app(office, today=TODAY), terminal_size=SIZE, run_before=run_before)


def test_meeting_record(snap_compare, office):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(office, today=TODAY), terminal_size=SIZE, run_before=run_before)
