"""Builders of the reception log's forms; each returns a FormScreen whose save runs
db.reception (called in a worker thread by `open_form`)."""

from __future__ import annotations

from desk.context import DeskContext
from desk.screens.common.form import FormScreen
from forms import office_fields as of


def request_form(ctx: DeskContext, view=None, raw: dict | None = None) -> FormScreen:
    """n: a new request (today, 来访); e: change one; `raw`: what a draft kept."""
    from db.reception import add_request, update_request

    engine = ctx.engine
    if view is None:
        values = {"received_on": ctx.today, "channel": "visit", "category": "其他"}
        return FormScreen("登记来访来电", of.REQUEST_FORM, values=values, today=ctx.today, draft_key="reception:new", raw=raw,
                          save=lambda v: add_request(engine, {k: x for k, x in v.items() if x is not None}).id)
    values = {f.name: getattr(view, f.name) for f in of.REQUEST_FORM}
    return FormScreen(f"修改来访来电登记（{view.received_on:%Y-%m-%d}）", of.REQUEST_FORM, values=values,
                      today=ctx.today, save=lambda v: update_request(engine, view.id, _due(v, view)).id)


def _due(v: dict, view) -> dict:
    v = dict(v)
    if v.get("reply_due") is None:
        v["reply_due"] = view.reply_due if v["received_on"] == view.received_on else None
    if v["reply_due"] is None:
        from datetime import timedelta

        from db.models.reception import REPLY_DAYS

        v["reply_due"] = v["received_on"] + timedelta(days=REPLY_DAYS)
    return v


def reply_form(ctx: DeskContext, view) -> FormScreen:
    """Enter: the reply given (当场答复 / 报乡镇) and its date."""
    from db.reception import record_reply

    engine = ctx.engine
    values = {"handling": view.handling if view.handling in ("answered", "township") else "answered",
              "reply": view.reply, "replied_on": view.replied_on or ctx.today}
    return FormScreen("答复", of.REPLY_FORM, values=values, today=ctx.today,
                      save=lambda v: record_reply(engine, view.id, v["reply"], v["replied_on"], v["handling"]).id)


def close_form(ctx: DeskContext, view) -> FormScreen:
    """c: close the request; satisfied only when the person said so."""
    from db.reception import close_request

    engine = ctx.engine
    return FormScreen("办结", of.CLOSE_FORM, values={"closed_on": ctx.today, "satisfied": None}, today=ctx.today,
                      save=lambda v: close_request(engine, view.id, v["closed_on"], v["satisfied"]).id)


def to_case_form(ctx: DeskContext, view) -> FormScreen:
    """k: register a case from the request (linked both ways); returns the case id."""
    from db.reception import to_case
    from desk.screens.register.forms import choices

    engine = ctx.engine
    ch = choices(engine)
    other = next((i for name, i in ch["type_id"] if name == "其他"), None)
    return FormScreen("转为调解案件", of.TO_CASE_FORM, values={"accepted_on": ctx.today, "type_id": other},
                      choices={"type_id": ch["type_id"], "hamlet_id": ch["hamlet_id"]}, today=ctx.today,
                      save=lambda v: to_case(engine, view.id, {k: x for k, x in v.items() if x is not None}))


def to_item_form(ctx: DeskContext, view) -> FormScreen:
    """t: a follow-up item (村事百晓 待办) from the request; returns the item id."""
    from datetime import timedelta

    from db.reception import to_item
    from desk.screens.checklist.forms import cadre_choices

    engine = ctx.engine
    values = {"title": view.matter[:200], "due_on": ctx.today + timedelta(days=15)}
    return FormScreen("转为跟进事项", of.TO_ITEM_FORM, values=values, choices={"cadre_id": cadre_choices(engine)},
                      today=ctx.today,
                      save=lambda v: to_item(engine, view.id, v["title"], v["cadre_id"], v["due_on"]))


def void_form(ctx: DeskContext, view) -> FormScreen:
    from db.reception import void_request

    engine = ctx.engine
    return FormScreen("作废这条登记", of.REASON_FORM, today=ctx.today,
                      save=lambda v: void_request(engine, view.id, v["reason"]).id)
