"""Migration 0007 (mediation network and emergency plans) adds six tables and keeps every row."""

from __future__ import annotations

from datetime import date

from db.engine import dispose_engine
from db.register.write import create_dispute
from db.schema import current_revision, downgrade, head_revision, open_database, upgrade
from tests.test_upgrade import lost_rows, rows_of

NEW = {"network_member", "emergency_plan", "plan_team", "plan_member", "evacuation_site", "plan_drill"}


def test_0007_keeps_every_row_of_a_0003_file_and_goes_on_downgrade(engine, db_path):
    create_dispute(engine, dict(accepted_on=date(2026, 3, 1), type_id=1, hamlet_id=2, presiding_id=2),
                   [dict(name="曾𠮷祥")])
    downgrade(engine, "0003")
    dispose_engine(db_path)
    before = rows_of(db_path)
    assert not NEW & before.keys()
    engine = open_database(db_path)  # the newest program opens the older file: it is upgraded
    assert current_revision(engine) == head_revision()
    dispose_engine(db_path)
    after = rows_of(db_path)
    assert lost_rows(before, after) == []
    assert NEW <= after.keys() and all(after[t][1] == {} for t in NEW)
    assert {t for t in before if before[t][1]} >= {"village", "hamlet", "cadre", "dispute", "party"}
    engine = open_database(db_path)
    downgrade(engine, "0003")
    assert not NEW & rows_of(db_path).keys()
    upgrade(engine)
    assert current_revision(engine) == head_revision()
