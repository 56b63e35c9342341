"""Backup and restore carry the meetings and the reception log like every other table."""

from __future__ import annotations

from datetime import date

from db import meeting as mt
from db import reception as rc
from db.backup import make_backup, restore_backup
from db.engine import dispose_engine, get_engine


def test_a_restore_brings_back_meetings_and_requests_as_they_were(engine, db_path, tmp_path):
    m = mt.create_meeting(engine, "2026-11", dict(held_on=date(2026, 11, 5), chair="赵书记"), decisions=[
        dict(text="再调张李两家", owner="钱调解", deadline=date(2026, 11, 15))])
    r = rc.add_request(engine, dict(received_on=date(2026, 11, 2), channel="visit", name="韦阿婆", matter="过道"))
    dispose_engine(db_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    backup = make_backup(db_path, stick)
    engine = get_engine(db_path)
    rc.void_request(engine, r.id, "录错")  # work after the backup ...
    (d,) = mt.get_meeting(engine, m.id).decisions
    mt.mark_done(engine, d.id, date(2026, 11, 10))
    dispose_engine(db_path)
    restore_backup(backup.path, db_path)
    engine = get_engine(db_path)
    assert [x.name for x in rc.list_requests(engine, date(2026, 11, 28))] == ["韦阿婆"]  # ... rolled back
    assert [x.done_on for x in mt.get_meeting(engine, m.id).decisions] == [None]
