"""What the register list shows: DisputeFilter and the SQL conditions it stands for.

The F3 list (db.register.query.list_disputes) pages through these conditions; an export reads
every matching case with `matching_ids`, so what the list shows is what an export holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from db.models import Dispute
from db.models.register import OPEN_STATUSES, STATUSES
from db.register.search import search_condition, search_terms
from db.session import DataError

D = Dispute.__table__


@dataclass(frozen=True)
class DisputeFilter:
    """What the register list shows. Empty / None / False fields do not filter.

    statuses: status codes (STATUSES keys); month: 'YYYY-MM' of the accepted date; q: search
    words (Chinese: names and summary; letters: pinyin initials or full pinyin, also mixed
    with characters as 曾jx; digits: phone or the last digits of an ID number; several words
    must all match). `today` decides what is overdue
    (default: the computer's date).
    """

    statuses: tuple[str, ...] = ()
    type_id: int | None = None
    hamlet_id: int | None = None
    year: int | None = None
    month: str | None = None
    presiding_id: int | None = None
    overdue_only: bool = False
    open_only: bool = False
    include_voided: bool = False
    voided_only: bool = False
    q: str = ""
    today: date | None = None
    ids: tuple[int, ...] | None = None  # only these cases (a home-screen reminder's); None: no limit


def month_range(month: str) -> tuple[date, date]:
    """'2026-03' -> (first day, first day of the next month); DataError in Chinese otherwise."""
    m = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,2})\s*", month or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise DataError(f"月份“{month}”请写成 2026-03 这样。", "month")
    start = date(int(m.group(1)), int(m.group(2)), 1)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, end


# "+dispute.voided" keeps SQLite off the (voided, accepted_on) index: without ANALYZE it would
# otherwise walk that index for every filter, although nearly every row has voided = 0.
LIVE_NO_INDEX = text("+dispute.voided = 0")


def conditions(f: DisputeFilter, today: date, *, voided_index: bool) -> tuple[list, bool]:
    """(conditions, selective): selective when an indexed filter other than voided is present.
    `voided_index`: test voided = 0 so SQLite may use the (voided, accepted_on) index."""
    cond = []
    statuses = tuple(f.statuses)
    for s in statuses:
        if s not in STATUSES:
            raise DataError(f"没有“{s}”这种状态。", "statuses")
    if f.open_only or f.overdue_only:
        statuses = tuple(s for s in statuses if s in OPEN_STATUSES) if statuses else OPEN_STATUSES
        if not statuses:
            statuses = ("-",)  # open only + only closed statuses: nothing can match
    if statuses:
        cond.append(D.c.status.in_(statuses))
    if f.overdue_only:
        cond.append(D.c.deadline < today)
    if f.type_id is not None:
        cond.append(D.c.type_id == f.type_id)
    if f.hamlet_id is not None:
        cond.append(D.c.hamlet_id == f.hamlet_id)
    if f.presiding_id is not None:
        cond.append(D.c.presiding_id == f.presiding_id)
    if f.ids is not None:
        cond.append(D.c.id.in_(f.ids))
    # Dates need no index of their own: the (voided, accepted_on) index serves ranges too.
    selective = bool(cond)
    if f.year is not None:
        cond += [D.c.accepted_on >= date(f.year, 1, 1), D.c.accepted_on < date(f.year + 1, 1, 1)]
    if f.month:
        start, end = month_range(f.month)
        cond += [D.c.accepted_on >= start, D.c.accepted_on < end]
    if f.voided_only:
        cond.append(D.c.voided == True)  # noqa: E712
    elif not f.include_voided:
        cond.append(D.c.voided == False if voided_index else LIVE_NO_INDEX)  # noqa: E712
    for kind, term in search_terms(f.q):
        cond.append(search_condition(kind, term))
    return cond, selective


def matching_ids(engine: Engine, filters: DisputeFilter = DisputeFilter()) -> list[int]:
    """The ids of every case matching `filters` (the list's own filter: what the list shows is
    what an export holds), oldest accepted first."""
    today = filters.today or date.today()
    cond, _ = conditions(filters, today, voided_index=False)
    with engine.connect() as conn:
        return list(conn.execute(select(D.c.id).where(*cond).order_by(D.c.accepted_on, D.c.id)).scalars())
