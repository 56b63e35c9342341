"""Small checks shared by the checklist modules: each refusal is a DataError with one Chinese
sentence and the field it is about."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from db.models import Cadre
from db.session import DataError


def check_date(value, field: str, label: str) -> date:
    """A date from a date, datetime or 'YYYY-MM-DD' text; DataError if missing or malformed."""
    if value is None or value == "":
        raise DataError(f"请填写{label}。", field)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DataError(f"{label}格式不对，请按 2026-11-28 这样填写。", field) from None


def check_text(value, field: str, label: str, max_len: int, *, required: bool = True) -> str:
    """Stripped text within max_len; DataError if required and empty, or too long."""
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise DataError(f"请填写{label}。", field)
    if len(value) > max_len:
        raise DataError(f"{label}最多{max_len}个字，现在有{len(value)}个字，请删减。", field)
    return value


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
