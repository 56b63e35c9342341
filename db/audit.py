"""Every insert, update and void writes one audit entry in the same transaction.

Hooked on the Session: after each flush the new and changed rows of audited tables are
written to audit_entry through the same connection, so the entry and the change commit or
roll back together. Deleting an audited row is refused: records are voided, never deleted.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import event, insert, inspect, text
from sqlalchemy.orm import Session as OrmSession

from db.models.audit import AuditEntry, Draft
from db.models.base import Stamped, now

# Tables not audited: the log itself, drafts (scratch), and link rows (logged via their owner).
UNAUDITED = {AuditEntry.__tablename__, Draft.__tablename__}
SKIP_FIELDS = {"created_at", "updated_at", "search_text", "search_initials", "initials"}


class DeleteRefused(RuntimeError):
    """Someone tried to hard-delete an audited record."""


class UnauditedWrite(RuntimeError):
    """A bulk INSERT/UPDATE through the Session would change audited rows without a log entry."""


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows setups
        return ""


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _audited(table: str | None) -> bool:
    return bool(table) and table not in UNAUDITED and table != "cadre_hamlet"


_operator = {"name": ""}
# The clock of the audit log (and of updated_at): db.models.base.now unless a test or an import
# of dated history sets another with `audit_clock`. Entries then read as written at that time.
_clock: dict[str, Callable[[], datetime]] = {"now": now}


def clock_now() -> datetime:
    """The time written into audit entries now."""
    return _clock["now"]()


@contextmanager
def audit_clock(fn: Callable[[], datetime]) -> Iterator[None]:
    """Within the block, audit entries (and updated_at) take their time from `fn()`."""
    old = _clock["now"]
    _clock["now"] = fn
    try:
        yield
    finally:
        _clock["now"] = old


def set_operator(name: str) -> None:
    """Who is working (the clerk named in the settings): written into every audit entry."""
    _operator["name"] = name or ""


def _who(session: OrmSession) -> str:
    return session.info.get("who") or _operator["name"] or current_user()


def _entries(session: OrmSession) -> list[dict]:
    rows = []
    for obj in session.new:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in UNAUDITED:
            continue
        state = inspect(obj)
        fields = _inserted((attr.key, attr.value) for attr in state.attrs)
        rows.append(_row(session, table, obj, "insert", fields))
    for obj in session.dirty:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in UNAUDITED or not session.is_modified(obj):
            continue
        state = inspect(obj)
        fields = {}
        for attr in state.attrs:
            if attr.key in SKIP_FIELDS:
                continue
            hist = attr.history
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if old != new:
                    fields[attr.key] = [_plain(old), _plain(new)]
        if not fields:
            continue
        action = "update"
        if "voided" in fields:
            action = "void" if fields["voided"][1] else "unvoid"
        rows.append(_row(session, table, obj, action, fields))
    return rows


def _inserted(values) -> dict:
    """The changes recorded for an inserted row: every field with a value, from nothing."""
    return {key: [None, _plain(value)] for key, value in values if key not in SKIP_FIELDS and value not in (None, "")}


def insert_entries(session: OrmSession, table: str, rows: list[tuple[int, dict]]) -> list[dict]:
    """The audit entries of rows (id, column values) inserted without the ORM (db.register.bulk),
    as the hook would write them; the caller inserts them in the same transaction."""
    who = _who(session)
    return [{"at": clock_now(), "who": who, "table_name": table, "row_id": row_id, "action": "insert",
             "changes": json.dumps(_inserted(values.items()), ensure_ascii=False, default=str), "note": ""}
            for row_id, values in rows]


def _row(session, table, obj, action, fields) -> dict:
    pk = inspect(obj).mapper.primary_key_from_instance(obj)
    row_id = pk[0] if len(pk) == 1 and pk[0] is not None else 0
    if row_id == 0 and pk:  # link tables: keep both keys in the note
        fields["_key"] = list(pk)
    return {
        "at": clock_now(),
        "who": _who(session),
        "table_name": table,
        "row_id": row_id,
        "action": action,
        "changes": json.dumps(fields, ensure_ascii=False, default=str),
        "note": session.info.pop("audit_note", "") if action != "insert" else "",
    }


@event.listens_for(OrmSession, "before_flush")
def _before_flush(session, _ctx, _instances):
    for obj in session.deleted:
        table = getattr(obj, "__tablename__", None)
        if _audited(table):
            raise DeleteRefused(f"记录不能删除，只能作废：{table}")
    for obj in session.dirty:
        if isinstance(obj, Stamped) and session.is_modified(obj):
            obj.updated_at = clock_now()


@event.listens_for(OrmSession, "after_flush")
def _after_flush(session, _ctx):
    for obj in session.deleted:  # link rows (cadre_hamlet) are the only deletable ones
        pk = inspect(obj).mapper.primary_key_from_instance(obj)
        session.connection().execute(
            insert(AuditEntry.__table__).values(
                at=clock_now(), who=_who(session), table_name=obj.__tablename__, row_id=0,
                action="delete", changes=json.dumps({"_key": list(pk or ())}), note="",
            )
        )
    rows = _entries(session)
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


@event.listens_for(OrmSession, "do_orm_execute")
def _no_bulk_writes(state):
    """`session.execute(delete(Hamlet))` and bulk update/insert skip the flush hooks above:
    refuse them on audited tables, or a record could vanish or change with no trace."""
    if not (state.is_delete or state.is_update or state.is_insert):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if not _audited(table):
        return
    if state.is_delete:
        raise DeleteRefused(f"记录不能删除，只能作废：{table}")
    raise UnauditedWrite(f"bulk writes to {table} bypass the audit log; change the objects instead")


def change_stamp(engine) -> tuple:
    """What moves with every saved change: the last audit entry (every insert, update and void
    writes one, in its own transaction: above) and the drafts (not audited). Two equal stamps:
    nothing was saved in between, so what a screen read from the database is still true."""
    with engine.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT (SELECT coalesce(max(id), 0) FROM audit_entry), (SELECT count(*) FROM draft),"
            " (SELECT coalesce(max(saved_at), '') FROM draft)")).one())
