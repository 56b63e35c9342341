"""Builders of the register's forms. Each returns a FormScreen whose save runs db.register.write.

The choice lists (types, hamlets, cadres) are read when the form is built; builders are
called from a worker thread by `open_form`, never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from desk.context import DeskContext
from desk.screens.common.form import FormScreen
from forms import register_fields as rf
from forms.validate import ValidationError


def open_form(app, build: Callable[[], FormScreen], done: Callable | None = None) -> None:
    """Build a form in a worker thread (it reads choice lists), then show it."""

    def job() -> None:
        form = build()
        app.call_from_thread(app.push_screen, form, done)

    app.run_worker(job, thread=True, group="db-form")


def choices(engine) -> dict:
    from db.network import mediator_choices
    from db.settings.village import list_cadres, list_hamlets, list_types

    cadres = [v.cadre for v in list_cadres(engine, include_inactive=False)]
    # The mediation network's cadres first (labelled with their place), then cadres who mediate.
    mediators = mediator_choices(engine) or [(c.name, c.id) for c in cadres]
    leaders = [c for c in cadres if {"书记", "主任", "副主任"} & set(c.role_list)] or cadres
    return {
        "type_id": [(t.name, t.id) for t in list_types(engine, active_only=True)],
        "hamlet_id": [(h.name, h.id) for h in list_hamlets(engine, include_retired=False)],
        "presiding_id": mediators,
        "leader_id": [(c.name, c.id) for c in leaders],
    }


def with_network_names(fields: tuple, engine) -> tuple:
    """其他调解员 names the mediation network's mediators who are not cadres (db.network)."""
    from db.network import mediator_names

    names = mediator_names(engine)
    if not names:
        return fields
    hint = "调解网络中的调解员：" + "、".join(names[:8]) + ("等" if len(names) > 8 else "")
    return tuple(replace(f, help=hint) if f.name == "other_mediators" else f for f in fields)


def _field_error(field: str, message: str) -> ValidationError:
    err = ValidationError(message)
    err.field = field
    return err


def _check_new_case(values: dict) -> dict[str, str]:
    errors = {}
    for role, label in (("applicant", "申请人"), ("respondent", "被申请人")):
        if not values.get(f"{role}_name") and (values.get(f"{role}_phone") or values.get(f"{role}_id")):
            errors[f"{role}_name"] = f"填了{label}的电话或身份证号，请同时填写{label}姓名。"
    # A figure typed smaller than the people named is refused; a blank one follows them.
    people = _people_check(values, len(rf.new_case_parties(values)), blank_ok=True)
    return errors | people


def _people_check(values: dict, named: int, *, blank_ok: bool = False) -> dict[str, str]:
    """涉及人数 against the parties named: {"people_involved": why} or {}."""
    people = values.get("people_involved")
    if blank_ok and not people:
        return {}
    message = rf.people_error(people or 0, named)
    return {"people_involved": message} if message else {}


def new_case_form(ctx: DeskContext, raw: dict | None = None) -> FormScreen:
    """受理登记: the case with its first applicant and respondent."""
    from db.register.write import create_dispute

    engine = ctx.engine
    today = ctx.today

    def save(values: dict):
        return create_dispute(engine, rf.dispute_data(values), rf.new_case_parties(values))

    form = FormScreen(
        "受理登记（新建案件）", with_network_names(rf.NEW_CASE_FORM, engine),
        values={"accepted_on": today, "source": "applied", "is_mass": False, "severity": "一般"},
        choices=choices(engine), save=save, check=_check_new_case, draft_key="dispute:new",
        raw=raw, today=today,
    )
    return form


def edit_case_form(ctx: DeskContext, view, raw: dict | None = None) -> FormScreen:
    from db.register.write import update_dispute

    engine = ctx.engine
    d = view.dispute

    def save(values: dict):
        return update_dispute(engine, d.id, rf.dispute_data(values))

    named = sum(not pv.party.voided for pv in view.parties)
    return FormScreen(
        f"修改案件 {d.number}", with_network_names(rf.DISPUTE_FORM, engine), values=rf.dispute_values(d),
        choices=choices(engine), save=save, check=lambda v: _people_check(v, named),
        draft_key=f"dispute:{d.id}:edit", raw=raw, today=ctx.today,
    )


def prevention_form(ctx: DeskContext, view) -> FormScreen:
    from db.register.write import update_dispute

    engine = ctx.engine
    d = view.dispute
    values = {f.name: getattr(d, f.name) for f in rf.PREVENTION_FORM}
    return FormScreen(
        f"预防效果 {d.number}（填防止的人数，没有填 0）", rf.PREVENTION_FORM, values=values,
        save=lambda v: update_dispute(engine, d.id, {k: (x or 0) for k, x in v.items()}), today=ctx.today,
    )


def party_form(ctx: DeskContext, view, party=None, raw: dict | None = None) -> FormScreen:
    from desk.screens.register.party_form import PartyFormScreen

    return PartyFormScreen(ctx, view, party, raw=raw)


def proceeding_form(ctx: DeskContext, view, raw: dict | None = None) -> FormScreen:
    from db.register.records import add_proceeding

    engine = ctx.engine
    d = view.dispute
    values = {"kind": "mediation", "held_on": ctx.today,  # rights_notified: the clerk chooses
              "mediators": " ".join(x for x in (view.presiding_name, d.other_mediators) if x),
              "attendees": "、".join(p.party.name for p in view.parties)}
    return FormScreen(
        f"调查/调解记录 {d.number}", rf.PROCEEDING_FORM, values=values,
        save=lambda v: add_proceeding(engine, d.id, v), draft_key=f"proceeding:{d.id}", raw=raw, today=ctx.today,
    )


def agreement_form(ctx: DeskContext, view, raw: dict | None = None) -> FormScreen:
    from db.register.records import add_agreement, update_agreement

    engine = ctx.engine
    d = view.dispute
    a = view.agreement
    if a is None:
        values = {"form": "written", "number": d.number.replace("调字", "协字"), "signed_on": ctx.today}
        save = lambda v: add_agreement(engine, d.id, v)  # noqa: E731
    else:
        values = {f.name: getattr(a, f.name) for f in rf.AGREEMENT_FORM}
        save = lambda v: update_agreement(engine, a.id, v)  # noqa: E731
    return FormScreen(
        f"调解协议 {d.number}", rf.AGREEMENT_FORM, values=values, save=save,
        draft_key=f"agreement:{d.id}", raw=raw, today=ctx.today,
    )


def performance_form(ctx: DeskContext, view) -> FormScreen:
    from db.register.records import record_performance

    engine = ctx.engine
    a = view.agreement
    return FormScreen(
        "履行情况", rf.PERFORMANCE_FORM,
        values={"performance": a.performance, "performed_on": a.performed_on or ctx.today},
        save=lambda v: record_performance(engine, a.id, v["performance"], v["performed_on"]), today=ctx.today,
    )


def confirmation_form(ctx: DeskContext, view) -> FormScreen:
    from db.register.records import record_judicial_confirmation

    engine = ctx.engine
    a = view.agreement
    return FormScreen(
        "司法确认（协议生效后30天内由双方共同向法院申请）", rf.CONFIRMATION_FORM,
        values={"jc_applied_on": a.jc_applied_on, "jc_confirmed_on": a.jc_confirmed_on},
        save=lambda v: record_judicial_confirmation(engine, a.id, v["jc_applied_on"], v["jc_confirmed_on"]),
        today=ctx.today,
    )


def follow_up_form(ctx: DeskContext, view, raw: dict | None = None) -> FormScreen:
    from db.register.records import add_follow_up

    engine = ctx.engine
    d = view.dispute
    first = view.role("applicant")
    values = {"visited_on": ctx.today, "party_name": first[0].party.name if first else "",
              "lawsuit": False, "visitor": view.presiding_name}  # performed, satisfied: the clerk chooses
    return FormScreen(
        f"回访记录 {d.number}", rf.FOLLOW_UP_FORM, values=values,
        save=lambda v: add_follow_up(engine, d.id, v), draft_key=f"follow_up:{d.id}", raw=raw, today=ctx.today,
    )


def escalation_form(ctx: DeskContext, view, escalation=None, raw: dict | None = None) -> FormScreen:
    """上报: a new report up, or (escalation given) an existing one, to add the reply."""
    from db.register.records import add_escalation, update_escalation

    engine = ctx.engine
    d = view.dispute
    if escalation is not None:
        values = {f.name: getattr(escalation, f.name) for f in rf.ESCALATION_FORM}
        return FormScreen(
            f"上报记录 {d.number}（补记答复）", rf.ESCALATION_FORM, values=values,
            save=lambda v: update_escalation(engine, escalation.id, v), today=ctx.today,
        )
    values = {"reported_on": ctx.today, "channel": "phone", "reported_by": view.presiding_name}
    return FormScreen(
        f"上报记录 {d.number}", rf.ESCALATION_FORM, values=values,
        save=lambda v: add_escalation(engine, d.id, v), draft_key=f"escalation:{d.id}", raw=raw, today=ctx.today,
    )


def status_form(ctx: DeskContext, view) -> FormScreen:
    from db.models.register import MOVES, STATUSES
    from db.register.status import move_status

    engine = ctx.engine
    d = view.dispute
    options = [(STATUSES[s], s) for s in MOVES[d.status]]
    return FormScreen(
        f"改变状态：现在是“{STATUSES[d.status]}”", rf.STATUS_FORM, values={"result_note": d.result_note},
        choices={"status": options},
        save=lambda v: move_status(engine, d.id, v["status"], result_note=v["result_note"]), today=ctx.today,
    )


def close_form(ctx: DeskContext, view) -> FormScreen:
    from db.register.status import close_case

    engine = ctx.engine
    d = view.dispute
    clerk = ctx.clerk
    return FormScreen(
        f"结案 {d.number}", rf.CLOSE_FORM, values={"closed_on": d.closed_on or ctx.today, "closed_by": clerk},
        save=lambda v: close_case(engine, d.id, v["closed_on"], v["closed_by"] or ""), today=ctx.today,
    )


def reopen_form(ctx: DeskContext, view) -> FormScreen:
    from db.register.status import reopen_case

    engine = ctx.engine
    d = view.dispute
    return FormScreen(
        f"重新打开 {d.number}（请写明原因）", rf.REASON_FORM,
        save=lambda v: reopen_case(engine, d.id, v["reason"]), today=ctx.today,
    )


def void_form(ctx: DeskContext, dispute_id: int, number: str) -> FormScreen:
    from db.register.status import void_dispute

    engine = ctx.engine
    return FormScreen(
        f"作废案件 {number}（作废后不出现在列表和报表中，案号不再使用）", rf.REASON_FORM,
        save=lambda v: void_dispute(engine, dispute_id, v["reason"]), today=ctx.today,
    )


def void_party_form(ctx: DeskContext, party) -> FormScreen:
    from db.register.write import void_party

    engine = ctx.engine
    return FormScreen(
        f"作废当事人 {party.name}", rf.REASON_FORM,
        save=lambda v: void_party(engine, party.id, v["reason"]), today=ctx.today,
    )
