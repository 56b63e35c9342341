"""调解网络: the 人民调解委员会, each 屯's 调解小组 and the contacts, in one list.

Service side only: the people here serve residents (mediate, pass on needs); nothing here is a
record about residents."""

from __future__ import annotations

import re

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input

from desk.screens.common.base import DeskScreen
from desk.screens.common.form import FormScreen
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static
from forms import network_fields as nf
from forms.register_fields import REASON_FORM


def render_pdf(screen, build, stem: str) -> None:
    """Build a document (in a worker thread) and write it to the output folder; one toast."""
    from desk.output import export_path, open_or_print
    from forms.render.fonts import FontMissing
    from forms.render.output import OutputError

    app, ctx = screen.app, screen.ctx
    path = export_path(ctx.db_path, re.sub(r'[\\/:*?"<>|\s]+', "_", stem), "pdf")
    try:
        build(ctx.engine, today=ctx.today).save(path)
    except (FontMissing, OutputError, OSError, ValueError) as exc:
        app.call_from_thread(app.notify, f"打印失败：{getattr(exc, 'message', exc)}", severity="error")
        return
    app.call_from_thread(app.notify, open_or_print(path), timeout=10)


# Short words so the list fits 80 columns (7 columns, 77 with their padding).
SHORT_KINDS = {"committee": "调委会", "group": "调解小组", "contact": "联络员"}


class NetworkScreen(DeskScreen):
    """The list of the network's members; Enter or e edits one."""

    SECTION = "network"
    BINDINGS = [
        Binding("escape", "back", "返回", id="network.back"),
        Binding("n", "new", "新增", id="network.new"),
        Binding("e", "edit", "修改", id="network.edit"),
        Binding("enter", "edit", "修改", show=False, id="network.open"),
        Binding("slash", "search", "查找", id="network.search"),
        Binding("delete", "void", "作废", id="network.void"),
        Binding("p", "print", "打印名册", id="network.print"),
        Binding("g", "notice", "联系公示", id="network.notice"),
    ]
    HELP = """## 调解网络（三级调解网络）
村人民调解委员会、各屯调解小组，以及信息员、十户长、义务调解员。联络员不一定是村干部，老党员、老干部、乡贤都可以。
信息员、十户长的任务是把群众的诉求和矛盾纠纷线索及时告诉调委会，由调委会安排调解和服务；这里只登记为群众服务的人和联系方式，不登记群众。

- **n** 新增成员；**Enter** 或 **e** 修改
- **/** 按姓名或电话查找，**Esc** 清除
- **Delete** 作废（如任期届满、搬离本村；要写原因，记录保留）
- **p** 打印调解组织网络名册（PDF）
- **g** 打印各屯联系公示（每屯一页：包片干部、本屯调解小组和联络员、村调委会）
- 案件表单的“主持调解员”先列出调委会和调解小组里的村干部；不是干部的调解员可以写在“其他调解员”里
"""

    def __init__(self) -> None:
        super().__init__()
        self.rows = []
        self.search = ""

    def compose(self) -> ComposeResult:
        yield Static("调解网络", classes="screen-title")
        yield Input(placeholder="查找：姓名或电话，Enter 查找，Esc 清除", id="network-search", classes="hidden")
        yield Table(id="network-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="network-status")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in (("类别", "kind", 8), ("职务", "role", 8), ("姓名", "name", 10),
                                  ("屯组", "hamlet", 8), ("身份", "background", 6), ("电话", "phone", 13),
                                  ("任期至", "term", 10)):
            table.add_column(label, key=key, width=width)
        table.focus()

    def load(self, engine):
        from db.network import list_members

        return list_members(engine, search=self.search)

    def show(self, rows) -> None:
        self.rows = list(rows)
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for m in self.rows:
            table.add_row(SHORT_KINDS.get(m.kind, m.kind_label), m.role, m.name, m.hamlet, m.background, m.phone,
                          f"{m.term_ends_on:%Y-%m-%d}" if m.term_ends_on else "", key=str(m.id))
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        found = f"查找“{self.search}”：" if self.search else ""
        self.query_one("#network-status", Static).update(
            f"{found}共 {len(self.rows)} 人" if self.rows else f"{found}还没有登记，按 n 新增")

    def _current(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_back(self) -> None:
        search = self.query_one("#network-search", Input)
        if not search.has_class("hidden"):
            search.add_class("hidden")
            if self.search:
                self.search = ""
                self.reload()
            self.query_one(DataTable).focus()
        else:
            self.app.action_section("home")

    def action_search(self) -> None:
        search = self.query_one("#network-search", Input)
        search.remove_class("hidden")
        search.value = self.search
        search.focus()

    @on(Input.Submitted, "#network-search")
    def _search(self, event: Input.Submitted) -> None:
        self.search = event.value.strip()
        event.input.add_class("hidden")
        self.query_one(DataTable).focus()
        self.reload()

    @on(DataTable.RowSelected)
    def _selected(self, _event) -> None:
        self.action_edit()

    def action_new(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        row = self._current()
        if row is not None:
            self._open_form(row)

    @work(thread=True, group="db-form")
    def _open_form(self, row) -> None:
        from db.network import save_member
        from db.settings.village import list_cadres, list_hamlets

        engine = self.ctx.engine
        choices = {
            "hamlet_id": [(h.name, h.id) for h in list_hamlets(engine, include_retired=False)],
            "cadre_id": [(c.cadre.name, c.cadre.id) for c in list_cadres(engine, include_inactive=False)],
        }
        values = nf.member_values(row) if row is not None else {"kind": "contact", "role": "信息员"}
        member_id = None if row is None else row.id
        title = "新增调解网络成员" if row is None else f"修改：{row.name}"
        form = FormScreen(title, nf.MEMBER_FORM, values=values, choices=choices, today=self.ctx.today,
                          save=lambda v: save_member(engine, member_id, nf.member_data(v)))
        self.app.call_from_thread(self.app.push_screen, form, self._saved)

    def _saved(self, member) -> None:
        if member is not None:
            self.notify(f"已保存：{member.name}")
            self.reload()

    def action_void(self) -> None:
        row = self._current()
        if row is None:
            return
        from db.network import void_member

        engine = self.ctx.engine
        self.app.push_screen(FormScreen(
            f"作废：{row.name}（{row.kind_label}{row.role}；记录保留）", REASON_FORM, today=self.ctx.today,
            save=lambda v: void_member(engine, row.id, v["reason"])), lambda r: r and self.reload())

    def action_print(self) -> None:
        from forms.documents.roster import build_roster

        self.run_worker(lambda: render_pdf(self, build_roster, "调解组织网络名册"), thread=True, group="print")

    def action_notice(self) -> None:
        from forms.documents import build_document

        def build(engine, today):
            return build_document(engine, "contact_notice", None, today=today)

        self.run_worker(lambda: render_pdf(self, build, "联系公示"), thread=True, group="print")
