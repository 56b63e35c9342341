"""应急预案: the list of plans, each with its last drill; Enter opens one."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from desk.context import DeskContext
from desk.screens.common.base import DeskScreen
from desk.screens.common.form import FormScreen
from desk.screens.network.screen import render_pdf
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static
from forms import plan_fields as pf
from forms.register_fields import REASON_FORM


def plan_form(ctx: DeskContext, plan=None) -> FormScreen:
    """New plan (plan None) or change one; a db.plans.PlanInfo gives the values."""
    from db.plans import save_plan

    engine = ctx.engine
    names = [f.name for f in pf.PLAN_FORM]
    values = {k: getattr(plan, k) for k in names} if plan is not None else {"adopted_on": ctx.today}
    plan_id = None if plan is None else plan.id

    def save(v):
        data = pf.text_values(v)
        if plan_id is None and not data.get("drill_before"):
            data.pop("drill_before")  # a new plan takes its kind's season
        return save_plan(engine, plan_id, data)

    title = "新建应急预案" if plan is None else f"修改：{plan.name}"
    return FormScreen(title, pf.PLAN_FORM, values=values, save=save, today=ctx.today)


def drill_form(ctx: DeskContext, plan_id: int, plan_name: str, drill=None) -> FormScreen:
    from db.plans import record_drill

    engine = ctx.engine
    names = [f.name for f in pf.DRILL_FORM]
    values = {k: getattr(drill, k) for k in names} if drill is not None else {"kind": "drill", "held_on": ctx.today}
    drill_id = None if drill is None else drill.id
    return FormScreen(
        f"演练或实际处置记录：{plan_name}", pf.DRILL_FORM, values=values, today=ctx.today,
        save=lambda v: record_drill(engine, plan_id, drill_id, pf.text_values(v), today=ctx.today))


class PlansScreen(DeskScreen):
    SECTION = "plans"
    BINDINGS = [
        Binding("escape", "back", "返回", id="plans.back"),
        Binding("enter", "open", "打开", show=False, id="plans.open"),
        Binding("n", "new", "新建预案", id="plans.new"),
        Binding("d", "drill", "记演练", id="plans.drill"),
        Binding("delete", "void", "作废", id="plans.void"),
        Binding("p", "print", "打印", id="plans.print"),
    ]
    HELP = """## 应急预案
防汛、地质灾害、森林防火、火灾、突发群体性纠纷（调解处置）等预案，每个预案有总指挥、工作组和成员电话、通知顺序（电话树）、避险安置点和物资储备。

- **Enter** 打开预案（工作组、成员、安置点、演练记录都在里面添加和修改）
- **n** 新建预案；**d** 给光标所在的预案记一次演练或实际处置
- **Delete** 作废预案（要写原因，记录保留）
- **p** 打印全部预案和演练记录（PDF）
- 首页会提醒：今年还没有演练的预案；按季节的预案（防汛在汛期前，默认5月1日前）提前一个月提醒
"""

    def __init__(self) -> None:
        super().__init__()
        self.rows = []

    def compose(self) -> ComposeResult:
        yield Static("应急预案", classes="screen-title")
        yield Table(id="plans-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plans-status")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in (("类型", "kind", 14), ("预案名称", "name", 20), ("总指挥", "leader", 8),
                                  ("电话", "phone", 12), ("上次演练", "last", 10)):
            table.add_column(label, key=key, width=width)
        table.focus()

    def load(self, engine):
        from db.plans import drills_due_on, list_plans

        return list_plans(engine), {d.plan_id for d in drills_due_on(engine, self.ctx.today)}

    def show(self, data) -> None:
        rows, due = data
        self.rows = list(rows)
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for p in self.rows:
            last = f"{p.last_drill:%Y-%m-%d}" if p.last_drill else "没有"
            table.add_row(p.kind_label, p.name, p.leader, p.leader_phone, last, key=str(p.id))
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        text = f"共 {len(self.rows)} 个预案" + (f"，{len(due)} 个今年还没有演练" if due else "，今年都已演练")
        self.query_one("#plans-status", Static).update(text if self.rows else "还没有预案，按 n 新建")

    def _current(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_back(self) -> None:
        self.app.action_section("home")

    @on(DataTable.RowSelected)
    def _selected(self, _event) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self._current()
        if row is not None:
            from desk.screens.plans.plan import PlanScreen

            self.app.push_screen(PlanScreen(row.id))

    def action_new(self) -> None:
        self.app.push_screen(plan_form(self.ctx), self._created)

    def _created(self, plan) -> None:
        if plan is not None:
            from desk.screens.plans.plan import PlanScreen

            self.notify(f"已保存：{plan.name}")
            self.reload()
            self.app.push_screen(PlanScreen(plan.id))

    def action_drill(self) -> None:
        row = self._current()
        if row is not None:
            self.app.push_screen(drill_form(self.ctx, row.id, row.name), lambda r: r and self.reload())

    def action_void(self) -> None:
        row = self._current()
        if row is None:
            return
        from db.plans import void_plan

        engine = self.ctx.engine
        self.app.push_screen(FormScreen(
            f"作废预案：{row.name}（记录保留）", REASON_FORM, today=self.ctx.today,
            save=lambda v: void_plan(engine, row.id, v["reason"])), lambda r: r and self.reload())

    def action_print(self) -> None:
        self._print()

    @work(thread=True, group="print")
    def _print(self) -> None:
        from forms.documents.plans import build_plans

        render_pdf(self, build_plans, "应急预案和演练记录")
