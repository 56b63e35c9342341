"""The audit log: one entry per insert/update/void, in the same transaction; no deletes."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from sqlalchemy import delete, insert, update
from sqlmodel import select

from db.audit import DeleteRefused, UnauditedWrite
from db.models import AuditEntry, Cadre, Hamlet, Round, Village
from db.session import reading, unit
from db.settings.village import save_cadre


class Boom(Exception):
    pass


def entries(engine) -> list[AuditEntry]:
    with reading(engine) as s:
        return list(s.exec(select(AuditEntry).order_by(AuditEntry.id)))


def new_entries(engine, before: int) -> list[AuditEntry]:
    return [e for e in entries(engine) if e.id > before]


def last_id(engine) -> int:
    rows = entries(engine)
    return rows[-1].id if rows else 0


def test_insert_writes_one_entry_with_the_new_values(engine):
    start = last_id(engine)
    with unit(engine, who="韦文书") as s:
        hamlet = Hamlet(name="五组", position=5)
        s.add(hamlet)
    [entry] = new_entries(engine, start)
    assert (entry.who, entry.table_name, entry.row_id, entry.action) == ("韦文书", "hamlet", hamlet.id, "insert")
    changes = json.loads(entry.changes)
    assert changes["name"] == [None, "五组"]
    assert changes["position"] == [None, 5]
    assert "created_at" not in changes and "updated_at" not in changes


def test_update_writes_one_entry_old_to_new(engine):
    start = last_id(engine)
    with unit(engine, who="李文书", note="改名") as s:
        hamlet = s.get(Hamlet, 2)
        stamp = hamlet.updated_at
        hamlet.name = "二组（新）"
    [entry] = new_entries(engine, start)
    assert (entry.who, entry.table_name, entry.row_id, entry.action, entry.note) == (
        "李文书", "hamlet", 2, "update", "改名")
    assert json.loads(entry.changes) == {"name": ["二组", "二组（新）"]}
    with reading(engine) as s:
        assert s.get(Hamlet, 2).updated_at >= stamp


def test_setting_the_same_value_writes_nothing(engine):
    start = last_id(engine)
    with unit(engine) as s:
        s.get(Hamlet, 1).name = "一组"
    assert new_entries(engine, start) == []


def test_void_writes_one_void_entry(engine):
    with unit(engine) as s:
        rnd = Round(name="2026年第四季度", starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31))
        s.add(rnd)
    start = last_id(engine)
    with unit(engine, who="韦文书") as s:
        row = s.get(Round, rnd.id)
        row.voided = True
        row.void_reason = "录错了"
    [entry] = new_entries(engine, start)
    assert (entry.table_name, entry.row_id, entry.action, entry.who) == ("check_round", rnd.id, "void", "韦文书")
    assert json.loads(entry.changes) == {"voided": [False, True], "void_reason": ["", "录错了"]}
    with reading(engine) as s:
        assert s.get(Round, rnd.id).voided is True  # still in the file, only marked


def test_dates_in_changes_are_plain_text(engine):
    start = last_id(engine)
    with unit(engine) as s:
        s.add(Round(name="轮次", starts_on=date(2026, 1, 5), ends_on=date(2026, 2, 5)))
    [entry] = new_entries(engine, start)
    assert json.loads(entry.changes)["starts_on"] == [None, "2026-01-05"]


@pytest.mark.parametrize("change", ["insert", "update", "void"])
def test_rollback_drops_both_the_change_and_its_entry(engine, change):
    with unit(engine) as s:
        s.add(Round(name="待作废", starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 31)))
    start = last_id(engine)
    with pytest.raises(Boom):
        with unit(engine) as s:
            if change == "insert":
                s.add(Hamlet(name="幽灵组", position=9))
            elif change == "update":
                s.get(Hamlet, 1).name = "改了又撤"
            else:
                s.exec(select(Round)).one().voided = True
            s.flush()  # the change and its entry are written ...
            assert s.exec(select(AuditEntry).where(AuditEntry.id > start)).first() is not None
            raise Boom  # ... and then the transaction fails
    assert new_entries(engine, start) == []
    with reading(engine) as s:
        assert s.exec(select(Hamlet).where(Hamlet.name.in_(["幽灵组", "改了又撤"]))).first() is None
        assert s.get(Hamlet, 1).name == "一组"
        assert s.exec(select(Round)).one().voided is False


def test_each_flush_logs_each_row_once(engine):
    start = last_id(engine)
    with unit(engine) as s:
        h = s.get(Hamlet, 3)
        h.name = "三组甲"
        s.flush()
        h.position = 7
        s.add(Hamlet(name="六组", position=6))
    got = [(e.table_name, e.action, sorted(json.loads(e.changes))) for e in new_entries(engine, start)]
    assert ("hamlet", "update", ["name"]) in got
    assert ("hamlet", "update", ["position"]) in got
    assert sum(1 for g in got if g[1] == "insert") == 1
    assert len(got) == 3


def test_link_rows_are_logged_when_added_and_removed(engine):
    start = last_id(engine)
    save_cadre(engine, 2, name="钱调解", roles=["调解员", "片长"], phone="13907710002", hamlet_ids=[2, 3])
    got = [(e.table_name, e.action, json.loads(e.changes).get("_key")) for e in new_entries(engine, start)]
    assert ("cadre_hamlet", "insert", [2, 3]) in got
    assert ("cadre_hamlet", "delete", [2, 1]) in got


@pytest.mark.parametrize("model, row_id", [(Hamlet, 1), (Cadre, 1), (Village, 1)])
def test_deleting_a_record_through_the_orm_is_refused(engine, model, row_id):
    start = last_id(engine)
    with pytest.raises(DeleteRefused, match="只能作废"):
        with unit(engine) as s:
            s.delete(s.get(model, row_id))
    with reading(engine) as s:
        assert s.get(model, row_id) is not None
    assert new_entries(engine, start) == []


@pytest.mark.parametrize("model", [Hamlet, Cadre, Village])
def test_bulk_delete_through_the_session_is_refused(engine, model):
    with pytest.raises(DeleteRefused):
        with unit(engine) as s:
            s.exec(delete(model))
    with reading(engine) as s:
        assert s.exec(select(model)).first() is not None


def test_bulk_update_and_insert_that_would_skip_the_log_are_refused(engine):
    start = last_id(engine)
    with pytest.raises(UnauditedWrite):
        with unit(engine) as s:
            s.exec(update(Hamlet).values(name="全改"))
    with pytest.raises(UnauditedWrite):
        with unit(engine) as s:
            s.execute(insert(Hamlet), [{"name": "偷加", "position": 1}])
    assert [h.name for h in _hamlets(engine)] == ["一组", "二组", "三组", "四组"]
    assert new_entries(engine, start) == []


def _hamlets(engine):
    with reading(engine) as s:
        return list(s.exec(select(Hamlet).order_by(Hamlet.id)))


def test_raw_sql_cannot_change_or_delete_audit_entries(engine, db_path):
    """The triggers hold whatever program opens the file."""
    before = [(e.id, e.changes) for e in entries(engine)]
    assert before
    con = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="审计记录不能修改"):
            con.execute("UPDATE audit_entry SET who = 'x'")
        with pytest.raises(sqlite3.DatabaseError, match="审计记录不能删除"):
            con.execute("DELETE FROM audit_entry")
        con.commit()
    finally:
        con.close()
    assert [(e.id, e.changes) for e in entries(engine)] == before


def test_raw_sql_through_the_engine_is_refused_too(engine):
    with pytest.raises(Exception, match="审计记录不能删除"):
        with engine.begin() as c:
            c.exec_driver_sql("DELETE FROM audit_entry WHERE id = 1")
    assert entries(engine)[0].id == 1
