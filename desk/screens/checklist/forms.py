"""Builders of 村事百晓's forms. Each reads what it needs (a cell, choice lists) and returns a
FormScreen whose save runs db.checklist.questions; they are called in a worker thread by `open_form`.
"""

from __future__ import annotations

from datetime import timedelta

from desk.context import DeskContext
from desk.screens.common.form import FormScreen
from desk.widgets.text import Static, styled
from forms import checklist_fields as cf


class AnswerForm(FormScreen):
    """The answer form, with the question and its hint above the fields."""

    def __init__(self, *args, intro="", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.intro = intro

    def prepare(self) -> None:
        box = self.query_one("#form-box")
        box.mount(Static(self.intro, id="answer-intro"), before="#form-fields")


def cadre_choices(engine, keep: int | None = None) -> list[tuple[str, int]]:
    """Active cadres (and `keep`, the one already chosen, even if no longer in office)."""
    from db.settings.village import list_cadres

    return [(v.cadre.name, v.cadre.id) for v in list_cadres(engine)
            if v.cadre.active or v.cadre.id == keep]


def round_form(ctx: DeskContext) -> FormScreen:
    """n: a new round, named and dated as the first quarter not used yet."""
    from db.checklist.questions import list_cells, list_rounds, open_round

    engine = ctx.engine
    taken = {r.name for r in list_rounds(engine, include_voided=True)}

    def save(v: dict) -> tuple[int, int, int]:
        """(round id, cells, cells with no cadre): the screen says which."""
        round_id = open_round(engine, v["name"], v["starts_on"], v["ends_on"]).id
        cells = list_cells(engine, round_id)
        return round_id, len(cells), sum(c.cadre_id is None for c in cells)

    return FormScreen(
        "新建排查轮次", cf.ROUND_FORM, values=cf.next_round(ctx.today, taken), save=save, today=ctx.today,
    )


def _intro(cell):
    hint = ("\n", (f"说明：{cell.hint}", "dim")) if cell.hint else ()
    return styled((cell.code, "bold"), f" {cell.text}", *hint)


def answer_form(ctx: DeskContext, assignment_id: int, raw: dict | None = None) -> FormScreen:
    """Enter on a cell: answer it (or change the answer). Today and the assigned cadre by default."""
    from db.checklist.questions import answer, get_cell, list_rounds

    engine = ctx.engine
    cell = get_cell(engine, assignment_id, today=ctx.today)
    rnd = next(r for r in list_rounds(engine, include_voided=True) if r.id == cell.round_id)
    a = cell.answer
    values = ({"text": a.text, "answered_on": a.answered_on, "cadre_id": a.cadre_id,
               "needs_action": a.needs_action} if a else
              {"answered_on": ctx.today, "cadre_id": cell.cadre_id, "needs_action": False})

    def check(v: dict) -> dict[str, str]:
        message = cf.answer_date_error(v["answered_on"], rnd.starts_on, rnd.ends_on)
        return {"answered_on": message} if message else {}

    def save(v: dict):
        return answer(engine, assignment_id, v["text"], v["answered_on"], v["cadre_id"], v["needs_action"])

    return AnswerForm(
        f"答复 {cell.code} {cell.hamlet_name}（{rnd.name}）", cf.ANSWER_FORM, values=values,
        choices={"cadre_id": cadre_choices(engine, values["cadre_id"])}, save=save, check=check,
        draft_key=f"check_answer:{assignment_id}", raw=raw, today=ctx.today, intro=_intro(cell),
    )


def case_form(ctx: DeskContext, cell) -> FormScreen:
    """c: register a case from an answer that needs action; returns (case id, case number)."""
    from db.checklist.questions import DEFAULT_CASE_TYPE, answer_for_case, to_case
    from desk.screens.register.forms import choices

    engine = ctx.engine
    lists = choices(engine)
    other = next((v for label, v in lists["type_id"] if label == DEFAULT_CASE_TYPE), None)
    mediators = {v for _label, v in lists["presiding_id"]}
    values = {"accepted_on": ctx.today, "type_id": other,
              "presiding_id": cell.cadre_id if cell.cadre_id in mediators else None}

    def save(v: dict):
        case_id = to_case(engine, cell.answer.id, {"accepted_on": v["accepted_on"], "type_id": v["type_id"],
                                                   "presiding_id": v["presiding_id"]})
        linked = answer_for_case(engine, case_id)
        return case_id, linked.answer.dispute_number if linked and linked.answer else ""

    return FormScreen(
        f"转为调解案件：{cell.code} {cell.hamlet_name}（来源“排查发现”）", cf.CASE_FORM, values=values,
        choices={"type_id": lists["type_id"], "presiding_id": lists["presiding_id"]}, save=save,
        today=ctx.today,
    )


def item_form(ctx: DeskContext, cell) -> FormScreen:
    """t: a follow-up item from an answer, with who is responsible and by when."""
    from db.checklist.questions import to_follow_up

    engine = ctx.engine
    title = cell.answer.text.splitlines()[0][:200] if cell.answer else ""
    values = {"title": title, "cadre_id": cell.cadre_id, "due_on": ctx.today + timedelta(days=15)}
    return FormScreen(
        f"跟进事项：{cell.code} {cell.hamlet_name}（办结前显示在首页）", cf.ITEM_FORM, values=values,
        choices={"cadre_id": cadre_choices(engine, cell.cadre_id)},
        save=lambda v: to_follow_up(engine, cell.answer.id, v["title"], v["cadre_id"], v["due_on"],
                                    opened_on=ctx.today),
        today=ctx.today,
    )


def assign_form(ctx: DeskContext, cell) -> FormScreen:
    """a: give the cell (or all of its hamlet's unanswered cells in the round) to another cadre.
    Returns how many cells changed."""
    from db.checklist.questions import reassign, reassign_hamlet

    engine = ctx.engine

    def save(v: dict) -> int:
        if v["whole_hamlet"]:
            return reassign_hamlet(engine, cell.round_id, cell.hamlet_id, v["cadre_id"], only_open=True)
        return int(reassign(engine, cell.assignment_id, v["cadre_id"]).cadre_id != cell.cadre_id)

    return FormScreen(
        f"分配：{cell.code} {cell.hamlet_name}（现在负责：{cell.cadre_name}）", cf.ASSIGN_FORM,
        values={"cadre_id": cell.cadre_id, "whole_hamlet": False},
        choices={"cadre_id": cadre_choices(engine, cell.cadre_id)}, save=save, today=ctx.today,
    )


def tick_form(ctx: DeskContext, item) -> FormScreen:
    """Enter on an open item: record that it is done."""
    from db.checklist.questions import tick_off

    engine = ctx.engine
    return FormScreen(
        f"办结：{item.title[:30]}", cf.TICK_FORM, values={"done_on": ctx.today},
        save=lambda v: tick_off(engine, item.id, v["done_on"], v["outcome"] or ""), today=ctx.today,
    )


def void_item_form(ctx: DeskContext, item) -> FormScreen:
    from db.checklist.questions import void_item

    engine = ctx.engine
    return FormScreen(f"作废事项：{item.title[:30]}", cf.REASON_FORM,
                      save=lambda v: void_item(engine, item.id, v["reason"]), today=ctx.today)


def question_form(ctx: DeskContext, question=None) -> FormScreen:
    """n / e in the bank: a new question, or a question reworded (its past answers stay)."""
    from db.checklist.questions import add_question, categories, reword_question

    engine = ctx.engine
    cats = {"category": [(c, c) for c in categories(engine)]}
    if question is None:
        return FormScreen(
            "新增问题", cf.NEW_QUESTION_FORM, values={"scope": "hamlet"}, choices=cats,
            save=lambda v: add_question(engine, v["code"].upper(), v["category"], v["text"], v["hint"] or "",
                                        v["scope"]),
            today=ctx.today,
        )
    values = {f.name: getattr(question, f.name) for f in cf.QUESTION_FIELDS}
    return FormScreen(
        f"修改问题 {question.code}（过去的答复仍然保留）", cf.QUESTION_FIELDS, values=values, choices=cats,
        save=lambda v: reword_question(engine, question.id, text=v["text"], hint=v["hint"] or "",
                                       category=v["category"], scope=v["scope"]),
        today=ctx.today,
    )
