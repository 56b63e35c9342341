"""Drafts: what was typed into an open form, saved every few seconds, offered back after a crash."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import delete, select

from db.models import Draft
from db.models.base import now
from db.session import reading, unit


def save_draft(engine: Engine, form: str, title: str, data: dict) -> None:
    """Replace the draft of `form` (one per form key)."""
    with unit(engine) as s:
        row = s.exec(select(Draft).where(Draft.form == form)).first()
        if row is None:
            row = Draft(form=form)
            s.add(row)
        row.title = title
        row.data = json.dumps(data, ensure_ascii=False, default=str)
        row.saved_at = now()


def discard_draft(engine: Engine, form: str) -> None:
    with unit(engine) as s:
        s.exec(delete(Draft).where(Draft.form == form))


def list_drafts(engine: Engine) -> list[Draft]:
    with reading(engine) as s:
        return list(s.exec(select(Draft).order_by(Draft.saved_at.desc())))


def load_draft(engine: Engine, form: str) -> dict | None:
    with reading(engine) as s:
        row = s.exec(select(Draft).where(Draft.form == form)).first()
        return json.loads(row.data) if row else None
