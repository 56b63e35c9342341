"""Builders of the meeting's forms; each returns a FormScreen whose save runs db.meeting
(called in a worker thread by `open_form`)."""

from __future__ import annotations

from desk.context import DeskContext
from desk.screens.common.form import FormScreen
from forms import office_fields as of


def _cadres(engine) -> list:
    from db.settings.village import list_cadres

    return [v.cadre for v in list_cadres(engine, include_inactive=False)]


def meeting_form(ctx: DeskContext, view=None, raw: dict | None = None) -> FormScreen:
    """n: this month's meeting (today; every cadre listed as present, absences marked after);
    e: change the meeting's date, place, people or notes."""
    from db.meeting import create_meeting, update_meeting

    engine = ctx.engine
    if view is not None:
        values = {f.name: getattr(view, f.name) for f in of.MEETING_EDIT_FORM}
        return FormScreen(f"修改 {view.month} 分析会记录", of.MEETING_EDIT_FORM, values=values, today=ctx.today,
                          save=lambda v: update_meeting(engine, view.id, v).id)
    cadres = _cadres(engine)
    chair = next((c.name for c in cadres if "书记" in c.role_list), cadres[0].name if cadres else "")
    values = {"month": f"{ctx.today:%Y-%m}", "held_on": ctx.today, "place": "村委会会议室", "chair": chair,
              "recorder": ctx.clerk}
    people = [dict(name=c.name, duty="、".join(c.role_list[:2]), cadre_id=c.id) for c in cadres]

    def save(v: dict):
        data = {k: x for k, x in v.items() if k != "month"}
        return create_meeting(engine, v["month"], data, attendees=people).id

    return FormScreen("新建形势分析会记录", of.MEETING_FORM, values=values, today=ctx.today, save=save,
                      draft_key="meeting:new", raw=raw)


def attendee_form(ctx: DeskContext, meeting_id: int, person=None) -> FormScreen:
    """a: add a person; Enter on a person: present or absent and why."""
    from db.meeting import add_attendee, update_attendee

    engine = ctx.engine
    if person is None:
        return FormScreen("添加参会人员", of.ATTENDEE_FORM, values={"present": True}, today=ctx.today,
                          save=lambda v: add_attendee(engine, meeting_id, v).id)
    values = {"name": person.name, "duty": person.duty, "present": person.present,
              "absence_reason": person.absence_reason}
    return FormScreen(f"参会人员：{person.name}", of.ATTENDEE_FORM, values=values, today=ctx.today,
                      save=lambda v: update_attendee(engine, person.id, v).id)


def _links(engine, today) -> dict:
    from db.checklist.questions import open_items
    from db.register.query import DisputeFilter, list_disputes

    page = list_disputes(engine, DisputeFilter(statuses=("accepted", "mediating")), limit=200)
    return {"dispute_id": [(f"{r.number} {r.applicant} {r.type_name}", r.id) for r in page.rows],
            "item_id": [(i.title[:30], i.id) for i in open_items(engine, today)]}


def decision_form(ctx: DeskContext, meeting, decision=None) -> FormScreen:
    """d: a decision (议定事项) with owner and deadline, optionally linked to an open case or
    an open follow-up item; e on a decision changes it."""
    from db.meeting import add_decision, update_decision

    engine = ctx.engine
    choices = _links(engine, ctx.today)
    if decision is None:
        return FormScreen("添加议定事项", of.DECISION_FORM, values={"deadline": meeting.held_on}, choices=choices,
                          today=ctx.today, save=lambda v: add_decision(engine, meeting.id, v).id)
    values = {f.name: getattr(decision, f.name) for f in of.DECISION_FORM}
    for key in ("dispute_id", "item_id"):
        if values[key] is not None and values[key] not in {i for _, i in choices[key]}:
            label = decision.dispute_number if key == "dispute_id" else decision.item_title
            choices[key].append((label or "（已作废）", values[key]))
    return FormScreen(f"修改议定事项 {decision.seq}", of.DECISION_FORM, values=values, choices=choices,
                      today=ctx.today, save=lambda v: update_decision(engine, decision.id, v).id)


def done_form(ctx: DeskContext, decision) -> FormScreen:
    """Enter on an open decision: carried out on a day, with what was done (已办)."""
    from db.meeting import mark_done

    engine = ctx.engine
    return FormScreen(f"办结议定事项 {decision.seq}", of.DONE_FORM,
                      values={"done_on": ctx.today, "progress": decision.progress}, today=ctx.today,
                      save=lambda v: mark_done(engine, decision.id, v["done_on"], v["progress"] or "").id)


def void_form(ctx: DeskContext, title: str, void) -> FormScreen:
    return FormScreen(title, of.REASON_FORM, today=ctx.today, save=lambda v: void(ctx.engine, v["reason"]))
