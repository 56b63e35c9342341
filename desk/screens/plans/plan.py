"""One emergency plan: its teams and members (with who phones whom), evacuation sites (with
the checklist's answers about them) and its drills, in one list; keys add and change rows."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from desk.screens.common.base import DeskScreen
from desk.screens.common.form import FormScreen
from desk.screens.plans.screen import drill_form, plan_form
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static, lines, literal
from forms import plan_fields as pf
from forms.register_fields import REASON_FORM


class PlanScreen(DeskScreen):
    SECTION = "plans"
    DEFAULT_CSS = """
    #plan-head { height: auto; max-height: 4; }
    """
    BINDINGS = [
        Binding("escape", "back", "返回", id="plan.back"),
        Binding("e", "edit", "修改", id="plan.edit"),
        Binding("enter", "edit", "修改", show=False, id="plan.open"),
        Binding("t", "team", "加工作组", id="plan.team"),
        Binding("m", "member", "加成员", id="plan.member"),
        Binding("s", "site", "加安置点", id="plan.site"),
        Binding("d", "drill", "记演练", id="plan.drill"),
        Binding("delete", "void", "作废", id="plan.void"),
        Binding("E", "edit_plan", "改预案", show=False, id="plan.edit_plan"),
    ]
    HELP = """## 应急预案
上面是预案的总指挥、物资储备和通知顺序（电话树）；下面一张表列出工作组和成员、避险安置点、演练和处置记录。

- **t** 加工作组；**m** 给光标所在的工作组加成员（选“由谁通知”就排进电话树）
- **s** 加避险安置点，可以关联村事百晓里问避险、安置场所的问题，预案上会印出该屯最近的答复
- **d** 记一次演练（日期、参加人员、发现的问题、改进措施）或实际处置（事件经过）
- **Enter** 或 **e** 修改光标所在的一行；**Shift+E** 修改预案本身（总指挥、物资、演练截止日）
- **Delete** 作废光标所在的一行（要写原因；作废的成员由他通知的人改由他的通知人通知）
"""

    def __init__(self, plan_id: int) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.info = None
        self.keys: list[tuple[str, object]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="plan-title", classes="screen-title")
        with VerticalScroll(id="plan-head"):
            yield Static("", id="plan-summary")
        yield Table(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in (("项目", "what", 8), ("名称/日期", "name", 16), ("电话/人数", "phone", 12),
                                  ("说明", "note", 34)):
            table.add_column(label, key=key, width=width)
        table.focus()

    def load(self, engine):
        from db.plans import plan_info

        return plan_info(engine, self.plan_id)

    def show(self, info) -> None:
        self.info = info
        self.query_one("#plan-title", Static).update(f"{info.name}（{info.kind_label}）")
        materials = "、".join(x.strip() for x in info.materials.splitlines() if x.strip()) or "（未登记）"
        self.query_one("#plan-summary", Static).update(lines([
            literal(f"总指挥：{info.leader} {info.leader_phone}    副总指挥：{info.deputy} {info.deputy_phone}"),
            literal(f"物资储备：{materials}"),
            literal(f"{len(info.members)} 名成员，通知顺序见下表“由…通知”；打印的预案上有完整的电话树。"),
        ]))
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self.keys = []
        by_id = {m.id: m.name for m in info.members}
        for t in info.teams:
            self._row(("team", t), "工作组", t.name, "", t.duty)
            for m in t.members:
                self._row(("member", m), "  成员", m.name, m.phone,
                          f"{m.duty}  由{by_id.get(m.caller_id, info.leader)}通知".strip())
        for s in info.sites:
            said = s.answers[0].text if s.answers else ("（百晓未答复）" if s.question else "")
            self._row(("site", s), "安置点", s.name, "" if s.capacity is None else f"{s.capacity}人",
                      f"{s.hamlet} {s.place} {said}".strip())
        for d in info.drills:
            self._row(("drill", d), d.kind_label, f"{d.held_on:%Y-%m-%d}", "",
                      d.what or f"{d.participants}；发现：{d.found}")
        if self.keys:
            table.move_cursor(row=min(keep, len(self.keys) - 1))

    def _row(self, key, *cells) -> None:
        self.keys.append(key)
        self.query_one(DataTable).add_row(*cells, key=str(len(self.keys)))

    def _current(self):
        table = self.query_one(DataTable)
        if not self.keys or table.cursor_row >= len(self.keys):
            return None, None
        return self.keys[table.cursor_row]

    def _after(self, result) -> None:
        if result is not None:
            self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(DataTable.RowSelected)
    def _selected(self, _event) -> None:
        self.action_edit()

    def action_edit_plan(self) -> None:
        if self.info is not None:
            self.app.push_screen(plan_form(self.ctx, self.info), self._after)

    def action_edit(self) -> None:
        kind, row = self._current()
        if kind is None:
            self.action_edit_plan()
        elif kind == "team":
            self._team_form(row)
        elif kind == "member":
            self._member_form(None, row)
        elif kind == "site":
            self._site_form(row)
        elif kind == "drill":
            self.app.push_screen(drill_form(self.ctx, self.plan_id, self.info.name, row), self._after)

    def action_team(self) -> None:
        self._team_form(None)

    def _team_form(self, team) -> None:
        from db.plans import save_team

        engine, plan_id = self.ctx.engine, self.plan_id
        values = {"name": team.name, "duty": team.duty} if team else {}
        team_id = team.id if team else None
        self.app.push_screen(FormScreen(
            "加工作组" if team is None else f"修改工作组：{team.name}", pf.TEAM_FORM, values=values,
            save=lambda v: save_team(engine, plan_id, team_id, v), today=self.ctx.today), self._after)

    def _team_here(self):
        """The team under the cursor, or of the member under it, or the last team."""
        kind, row = self._current()
        if kind == "team":
            return row
        if kind == "member":
            return next(t for t in self.info.teams if t.name == row.team and row in t.members)
        return self.info.teams[-1] if self.info and self.info.teams else None

    def action_member(self) -> None:
        team = self._team_here()
        if team is None:
            self.notify("请先按 t 加一个工作组，再加成员。", severity="warning")
            return
        self._member_form(team, None)

    @work(thread=True, group="db-form")
    def _member_form(self, team, member) -> None:
        from db.network import list_members
        from db.plans import save_plan_member

        engine = self.ctx.engine
        others = [m for m in self.info.members if member is None or m.id != member.id]
        choices = {"caller_id": [(f"{m.name}（{m.team}）", m.id) for m in others],
                   "network_member_id": [(f"{m.name}（{m.kind_label}{m.role}）", m.id) for m in list_members(engine)]}
        names = [f.name for f in pf.PLAN_MEMBER_FORM]
        values = {k: getattr(member, k, None) for k in names} if member else {}
        team_id = team.id if team else None
        member_id = member.id if member else None
        title = f"加成员：{team.name}" if member is None else f"修改成员：{member.name}"
        form = FormScreen(title, pf.PLAN_MEMBER_FORM, values=values, choices=choices, today=self.ctx.today,
                          save=lambda v: save_plan_member(engine, team_id, member_id, pf.text_values(v)))
        self.app.call_from_thread(self.app.push_screen, form, self._after)

    def action_site(self) -> None:
        self._site_form(None)

    @work(thread=True, group="db-form")
    def _site_form(self, site) -> None:
        from db.plans import save_site, shelter_questions
        from db.settings.village import list_hamlets

        engine, plan_id = self.ctx.engine, self.plan_id
        questions = shelter_questions(engine)
        choices = {"hamlet_id": [(h.name, h.id) for h in list_hamlets(engine, include_retired=False)],
                   "question_id": [(f"{code} {text}"[:40], qid) for qid, code, text in questions]}
        if site is not None:
            values = {"name": site.name, "place": site.place, "capacity": site.capacity, "note": site.note,
                      "question_id": site.question_id,
                      "hamlet_id": next((h for label, h in choices["hamlet_id"] if label == site.hamlet), None)}
        else:
            values = {"question_id": questions[0][0] if questions else None}
        site_id = site.id if site else None
        form = FormScreen("加避险安置点" if site is None else f"修改安置点：{site.name}", pf.SITE_FORM, values=values,
                          choices=choices, today=self.ctx.today,
                          save=lambda v: save_site(engine, plan_id, site_id, pf.text_values(v)))
        self.app.call_from_thread(self.app.push_screen, form, self._after)

    def action_drill(self) -> None:
        if self.info is not None:
            self.app.push_screen(drill_form(self.ctx, self.plan_id, self.info.name), self._after)

    def action_void(self) -> None:
        from db import plans as pl

        kind, row = self._current()
        if kind is None:
            return
        void = {"team": pl.void_team, "member": pl.void_plan_member, "site": pl.void_site, "drill": pl.void_drill}[kind]
        label = getattr(row, "name", None) or f"{row.held_on:%Y-%m-%d} {row.kind_label}"
        engine = self.ctx.engine
        self.app.push_screen(FormScreen(f"作废：{label}（记录保留）", REASON_FORM, today=self.ctx.today,
                                        save=lambda v: void(engine, row.id, v["reason"])), self._after)
