"""Short units of work: `with unit(engine) as s:` commits on success, rolls back on error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

import db.audit  # noqa: F401  (installs the audit hooks on every Session)


def as_date(value) -> date | None:
    """A date read back from SQLite (a date, a datetime, or ISO text as raw SQL returns it);
    None for an empty value."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class DataError(ValueError):
    """A change the data layer refuses; `.message` is one Chinese sentence for the clerk."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@contextmanager
def unit(engine: Engine, *, who: str | None = None, note: str = "") -> Iterator[Session]:
    """One transaction; objects stay readable after it closes (expire_on_commit=False)."""
    with Session(engine, expire_on_commit=False) as session:
        if who:
            session.info["who"] = who
        if note:
            session.info["audit_note"] = note
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A read-only unit of work."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
