"""Value checks every room may use: a date, a bounded text, a choice, a month.

Each refusal is a DataError with one Chinese sentence and the field it is about. The
checklist's check_date and check_text are these; the register keeps its own older helpers.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from db.session import DataError

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def need_date(value, field: str, label: str, *, required: bool = True) -> date | None:
    """A date from a date, datetime or 'YYYY-MM-DD' text; None when empty and not required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DataError(f"请填写{label}。", field)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DataError(f"{label}格式不对，请按 2026-11-28 这样填写。", field) from None


def need_text(value, field: str, label: str, max_len: int, *, required: bool = True) -> str:
    """Stripped text within max_len; DataError if required and empty, or too long."""
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise DataError(f"请填写{label}。", field)
    if len(value) > max_len:
        raise DataError(f"{label}最多{max_len}个字，现在有{len(value)}个字，请删减。", field)
    return value


def need_choice(value, options: dict, field: str, label: str) -> str:
    """`value` as one of the codes of `options` (code -> words); the words are accepted too."""
    if value in options:
        return value
    for code, words in options.items():
        if value == words:
            return code
    raise DataError(f"{label}只能是：{'、'.join(options.values())}。", field)


def need_month(value, field: str = "month") -> str:
    """'YYYY-MM' checked (a real month), or DataError."""
    text = "" if value is None else str(value).strip()
    m = _MONTH.fullmatch(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 2000:
        raise DataError(f"月份“{text}”不对，请按 2026-11 这样填写。", field)
    return text


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of 'YYYY-MM'."""
    y, m = int(month[:4]), int(month[5:7])
    first = date(y, m, 1)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)
