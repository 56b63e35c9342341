"""Migration 0007 (mediation network and emergency plans) adds six tables and keeps every row;
a backup carries the new tables and a restore brings them back."""

from __future__ import annotations

from datetime import date

from db import network as nw
from db import plans as pl
from db.backup import make_backup, restore_backup
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


def test_a_backup_carries_the_network_and_the_plans_and_a_restore_brings_them_back(engine, db_path, tmp_path):
    m = nw.save_member(engine, None, dict(kind="contact", role="十户长", name="蓝十户", hamlet_id=1))
    p = pl.save_plan(engine, None, dict(kind="flood", name="防汛应急预案", leader="赵书记"))
    pl.record_drill(engine, p.id, None, dict(held_on=date(2026, 4, 20), participants="全体"), today=date(2026, 5, 1))
    stick = tmp_path / "stick"
    stick.mkdir()
    dispose_engine(db_path)
    before = rows_of(db_path)
    result = make_backup(db_path, stick)
    engine = open_database(db_path)
    nw.void_member(engine, m.id, "搬走了")
    pl.void_plan(engine, p.id, "重写")
    dispose_engine(db_path)
    assert lost_rows(before, rows_of(db_path)) != []
    restore_backup(result.path, db_path)
    after = rows_of(db_path)
    assert lost_rows(before, after) == [] and lost_rows(after, before) == []
    assert len(after["network_member"][1]) == 1 and len(after["plan_drill"][1]) == 1
