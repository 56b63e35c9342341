"""Changes to the reception log (来访来电登记): record a request, its handling, the reply,
closing and whether the person was satisfied.

Every public function is one audited transaction (`db.session.unit`); bad input raises
DataError(message, field) with one Chinese sentence and changes nothing. Turning a request
into a case or a follow-up item is db.reception.convert.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.models.reception import CATEGORIES, CHANNELS, HANDLINGS, REPLY_DAYS, Request
from db.session import DataError, unit
from db.values import need_choice, need_date, need_text

REQUEST_FIELDS = ("received_on", "channel", "name", "contact", "matter", "category", "handling",
                  "reply", "reply_due", "replied_on", "closed_on", "satisfied")
_TEXTS = {"name": ("来访人姓名", 50, False), "contact": ("联系方式", 50, False),
          "matter": ("反映事项", 1000, True), "reply": ("答复内容", 1000, False)}
_DATES = {"received_on": "登记日期", "reply_due": "答复期限", "replied_on": "答复日期", "closed_on": "办结日期"}


def live_request(s: Session, request_id) -> Request:
    """The request `request_id` unless missing or voided."""
    r = s.get(Request, request_id) if request_id is not None else None
    if r is None:
        raise DataError("找不到这条来访来电登记，请重新选择。", "request_id")
    if r.voided:
        raise DataError("这条来访来电登记已作废，不能修改。", "request_id")
    return r


def _apply(r: Request, data: dict) -> None:
    unknown = set(data) - set(REQUEST_FIELDS)
    if unknown:
        raise DataError(f"来访来电登记没有“{sorted(unknown)[0]}”这一项。", sorted(unknown)[0])
    for key, (words, most, required) in _TEXTS.items():
        if key in data:
            setattr(r, key, need_text(data[key], key, words, most, required=required))
    for key, words in _DATES.items():
        if key in data:
            setattr(r, key, need_date(data[key], key, words, required=key in ("received_on", "reply_due")))
    if "channel" in data:
        r.channel = need_choice(data["channel"], CHANNELS, "channel", "来源渠道")
    if "category" in data:
        r.category = need_choice(data["category"], {c: c for c in CATEGORIES}, "category", "类别")
    if "handling" in data:
        value = data["handling"] or ""
        r.handling = value and need_choice(value, HANDLINGS, "handling", "处理方式")
    if "satisfied" in data:
        if data["satisfied"] not in (None, True, False):
            raise DataError("“是否满意”只能是“满意”“不满意”或不填。", "satisfied")
        r.satisfied = data["satisfied"]
    _check(r)


def _check(r: Request) -> None:
    for key in ("reply_due", "replied_on", "closed_on"):
        value = getattr(r, key)
        if value is not None and value < r.received_on:
            raise DataError(f"{_DATES[key]}不能早于登记日期（{r.received_on:%Y-%m-%d}），请改正。", key)
    if r.replied_on is not None and not r.reply:
        raise DataError("填了答复日期，请同时填写答复内容。", "reply")
    if r.handling in ("case", "item") and r.dispute_id is None and r.item_id is None:
        raise DataError("“转调解案件”“转跟进事项”请用“转案件”“转跟进”办理，系统会同时建立关联。", "handling")
    if r.closed_on is not None and not r.handling:
        raise DataError("办结前请先选择处理方式。", "handling")


def add_request_in(s: Session, data: dict) -> Request:
    """add_request inside the caller's transaction (demo data)."""
    data = dict(data)
    received = need_date(data.get("received_on"), "received_on", "登记日期")
    data.setdefault("reply_due", received + timedelta(days=REPLY_DAYS))
    if data.get("reply_due") in (None, ""):
        data["reply_due"] = received + timedelta(days=REPLY_DAYS)
    if data.get("handling") == "answered" and data.get("reply") and not data.get("replied_on"):
        data["replied_on"] = received  # 当场答复: replied the same day
    r = Request(received_on=received, channel="visit", matter="", reply_due=data["reply_due"])
    data.setdefault("channel", None)
    _apply(r, data)
    s.add(r)
    s.flush()
    return r


def add_request(engine: Engine, data: dict) -> Request:
    """Record a request: received_on, channel and matter required; name and contact optional;
    the reply is due within REPLY_DAYS (15) days unless reply_due says otherwise."""
    with unit(engine) as s:
        return add_request_in(s, data)


def update_request(engine: Engine, request_id: int, changes: dict) -> Request:
    """Change any field of a request (REQUEST_FIELDS); its links to a case or item stay."""
    with unit(engine) as s:
        r = live_request(s, request_id)
        if "handling" in changes and r.handling in ("case", "item") and changes["handling"] != r.handling:
            raise DataError("这条登记已转为案件或跟进事项，处理方式不能再改。", "handling")
        _apply(r, dict(changes))
        return r


def record_reply(engine: Engine, request_id: int, reply: str, replied_on, handling: str | None = None) -> Request:
    """The reply given and its date (and the handling, when decided now)."""
    changes = {"reply": reply, "replied_on": replied_on}
    if handling is not None:
        changes["handling"] = handling
    with unit(engine) as s:
        r = live_request(s, request_id)
        if not (reply or "").strip():
            raise DataError("请填写答复内容。", "reply")
        need_date(replied_on, "replied_on", "答复日期")
        _apply(r, changes)
        return r


def close_request(engine: Engine, request_id: int, closed_on, satisfied: bool | None = None) -> Request:
    """Close a request on `closed_on`; `satisfied` only when the person said so (None: not asked)."""
    with unit(engine) as s:
        r = live_request(s, request_id)
        if r.closed_on is not None:
            raise DataError(f"这条登记已于 {r.closed_on:%Y-%m-%d} 办结。", "closed_on")
        need_date(closed_on, "closed_on", "办结日期")
        _apply(r, {"closed_on": closed_on, "satisfied": satisfied})
        return r


def void_request(engine: Engine, request_id: int, reason: str) -> Request:
    """Void a request entered by mistake (kept in the file, out of lists and counts)."""
    with unit(engine) as s:
        r = live_request(s, request_id)
        r.void_reason = need_text(reason, "void_reason", "作废原因", 200)
        r.voided = True
        return r
