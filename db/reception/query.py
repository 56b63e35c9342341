"""Reading the reception log: the list (a month, open ones, a plain name search), one request,
the request behind a case or item, overdue replies, and a month's counts for the report.

Nothing here lists a person across requests beyond the plain search the clerk types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from db.models.reception import CATEGORIES, CHANNELS, HANDLINGS
from db.session import DataError, as_date
from db.values import month_bounds, need_month


@dataclass
class RequestView:
    id: int
    received_on: date
    channel: str
    name: str
    contact: str
    matter: str
    category: str
    handling: str
    reply: str
    reply_due: date
    replied_on: date | None
    closed_on: date | None
    satisfied: bool | None
    dispute_id: int | None
    dispute_number: str
    item_id: int | None
    item_title: str
    overdue: bool = False

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    @property
    def handling_label(self) -> str:
        return HANDLINGS.get(self.handling, "未处理")

    @property
    def state_label(self) -> str:
        if self.closed_on:
            return "已办结"
        if self.replied_on:
            return "已答复"
        return "逾期未答复" if self.overdue else "待答复"


SELECT = """
SELECT r.*, coalesce(d.number, '') AS dispute_number, coalesce(i.title, '') AS item_title
FROM reception r
LEFT JOIN dispute d ON d.id = r.dispute_id AND d.voided = 0
LEFT JOIN followup_item i ON i.id = r.item_id AND i.voided = 0
WHERE r.voided = 0 AND {where}
ORDER BY r.received_on DESC, r.id DESC
LIMIT :limit
"""
OVERDUE = "r.replied_on IS NULL AND r.closed_on IS NULL AND r.reply_due < :today"


def _view(r, today: date) -> RequestView:
    v = RequestView(
        id=r["id"], received_on=as_date(r["received_on"]), channel=r["channel"], name=r["name"],
        contact=r["contact"], matter=r["matter"], category=r["category"], handling=r["handling"],
        reply=r["reply"], reply_due=as_date(r["reply_due"]), replied_on=as_date(r["replied_on"]),
        closed_on=as_date(r["closed_on"]),
        satisfied=None if r["satisfied"] is None else bool(r["satisfied"]),
        dispute_id=r["dispute_id"], dispute_number=r["dispute_number"], item_id=r["item_id"],
        item_title=r["item_title"])
    v.overdue = v.replied_on is None and v.closed_on is None and v.reply_due < today
    return v


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_requests(engine: Engine, today: date | None = None, *, month: str | None = None,
                  open_only: bool = False, search: str = "", limit: int = 500) -> list[RequestView]:
    """Live requests, newest first: of one month, only the open ones, or matching `search`
    (plain text in the name or the matter)."""
    today = today or date.today()
    where, params = ["1 = 1"], {"today": today.isoformat(), "limit": limit}
    if month:
        first, last = month_bounds(need_month(month))
        where.append("r.received_on BETWEEN :a AND :b")
        params.update(a=first.isoformat(), b=last.isoformat())
    if open_only:
        where.append("r.closed_on IS NULL")
    if search.strip():
        where.append("(r.name LIKE :q ESCAPE '\\' OR r.matter LIKE :q ESCAPE '\\')")
        params["q"] = _like(search.strip())
    with engine.connect() as conn:
        rows = conn.execute(text(SELECT.format(where=" AND ".join(where))), params).mappings().all()
    return [_view(r, today) for r in rows]


def get_request(engine: Engine, request_id: int, today: date | None = None) -> RequestView:
    """One live request with the number of its case / the title of its item."""
    today = today or date.today()
    with engine.connect() as conn:
        r = conn.execute(text(SELECT.format(where="r.id = :i")),
                         {"i": request_id, "limit": 1, "today": today.isoformat()}).mappings().first()
    if r is None:
        raise DataError("找不到这条来访来电登记，可能已被作废。", "request_id")
    return _view(r, today)


def request_for_case(engine: Engine, dispute_id: int) -> RequestView | None:
    """The request a case was converted from (the link back from the register), or None."""
    return _one(engine, "r.dispute_id = :i", dispute_id)


def request_for_item(engine: Engine, item_id: int) -> RequestView | None:
    """The request a follow-up item was converted from, or None."""
    return _one(engine, "r.item_id = :i", item_id)


def _one(engine: Engine, where: str, row_id: int) -> RequestView | None:
    today = date.today()
    with engine.connect() as conn:
        r = conn.execute(text(SELECT.format(where=where)),
                         {"i": row_id, "limit": 1, "today": today.isoformat()}).mappings().first()
    return None if r is None else _view(r, today)


def overdue_replies(engine: Engine, today: date) -> list[RequestView]:
    """Live requests with no reply and not closed, past their reply date (home screen)."""
    with engine.connect() as conn:
        rows = conn.execute(text(SELECT.format(where=OVERDUE)),
                            {"today": today.isoformat(), "limit": 1000}).mappings().all()
    return [_view(r, today) for r in rows]


@dataclass
class MonthCounts:
    """A month's requests (received_on in the month) by channel, category and handling."""

    total: int
    by_channel: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_handling: list[tuple[str, int]]
    replied: int  # replied by the month's end (or today within the month)
    closed: int
    satisfied: int
    unsatisfied: int


def month_counts(conn: Connection, first: date, last: date, as_of: date) -> MonthCounts:
    """The counts for the monthly report: requests received from `first` to `last`; replies,
    closings and satisfaction as they stood on `as_of` (dated facts up to that day)."""
    p = {"a": first.isoformat(), "b": last.isoformat(), "t": as_of.isoformat()}
    base = "FROM reception WHERE voided = 0 AND received_on BETWEEN :a AND :b"

    def grouped(column: str) -> dict[str, int]:
        return dict(conn.execute(text(f"SELECT {column}, count(*) {base} GROUP BY {column}"), p).all())

    ch, cat, hd = grouped("channel"), grouped("category"), grouped("handling")
    extra_cats = sorted(set(cat) - set(CATEGORIES))
    one = lambda sql: conn.execute(text(f"SELECT count(*) {base} AND {sql}"), p).scalar_one()  # noqa: E731
    return MonthCounts(
        total=conn.execute(text(f"SELECT count(*) {base}"), p).scalar_one(),
        by_channel=[(label, ch.get(code, 0)) for code, label in CHANNELS.items()],
        by_category=[(c, cat.get(c, 0)) for c in (*CATEGORIES, *extra_cats)],
        by_handling=[(label, hd.get(code, 0)) for code, label in HANDLINGS.items()] + [("未处理", hd.get("", 0))],
        replied=one("replied_on IS NOT NULL AND replied_on <= :t"),
        closed=one("closed_on IS NOT NULL AND closed_on <= :t"),
        satisfied=one("closed_on IS NOT NULL AND closed_on <= :t AND satisfied = 1"),
        unsatisfied=one("closed_on IS NOT NULL AND closed_on <= :t AND satisfied = 0"),
    )
