"""0006 (meeting and reception) keeps every row of a released file and adds its four tables."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

from db import meeting as mt
from db import reception as rc
from db.engine import dispose_engine
from db.schema import downgrade, open_database
from tests.test_upgrade import FIXTURES, check_upgrade

NEW = {"meeting", "meeting_attendee", "meeting_decision", "reception"}


def _tables(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()


def test_a_released_file_gets_the_new_tables_with_every_row_kept(tmp_path):
    fixture = next(f for f in FIXTURES if f.name == "schema-0002.sqlite3")
    before, after = check_upgrade(fixture, tmp_path)  # asserts no row or value was lost
    assert not NEW & set(before) and NEW <= set(after)
    work = tmp_path / "desk.db"
    shutil.copyfile(fixture, work)
    try:
        engine = open_database(work)
        m = mt.create_meeting(engine, "2026-11", dict(held_on=date(2026, 11, 5), chair="赵书记"))
        r = rc.add_request(engine, dict(received_on=date(2026, 11, 5), channel="phone", matter="问低保"))
        rc.to_case(engine, r.id, dict(accepted_on=date(2026, 11, 5)))
        assert mt.get_meeting(engine, m.id).chair == "赵书记"
        downgrade(engine, "0003")  # and back: only the new tables go
        assert not NEW & _tables(work)
    finally:
        dispose_engine(work)
