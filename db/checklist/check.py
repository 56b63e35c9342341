"""Small checks shared by the checklist modules: each refusal is a DataError with one Chinese
sentence and the field it is about."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from db.models import Cadre
from db.session import DataError
from db.values import need_date, need_text


def check_date(value, field: str, label: str) -> date:
    """A date from a date, datetime or 'YYYY-MM-DD' text; DataError if missing or malformed."""
    return need_date(value, field, label)


check_text = need_text  # stripped text within max_len (db.values: the one copy)


def need_cadre(s: Session, cadre_id, field: str = "cadre_id", label: str = "负责人") -> Cadre:
    """The cadre `cadre_id`; DataError when missing or unknown."""
    if cadre_id is None or cadre_id == "":
        raise DataError(f"请选择{label}。", field)
    cadre = s.get(Cadre, cadre_id)
    if cadre is None:
        raise DataError(f"找不到这位村干部，请重新选择{label}。", field)
    return cadre


def live_row(s: Session, model, row_id, message: str, field: str):
    """The row `row_id` of `model` unless missing or voided (then DataError(message, field))."""
    row = s.get(model, row_id) if row_id is not None else None
    if row is None or getattr(row, "voided", False):
        raise DataError(message, field)
    return row
