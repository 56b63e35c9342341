"""F9 来访来电登记: every request served, newest first; open ones can be shown alone.

A log of requests, not of people: the only way to find a person is the plain search (/) over
names and matters; nothing lists or flags anyone.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input

from desk.screens.common.base import DeskScreen
from desk.screens.reception import forms as rf
from desk.screens.register.forms import open_form
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static, literal, styled


class ReceptionScreen(DeskScreen):
    """The reception log: n new, Enter reply, c close, k to a case, t to an item."""

    SECTION = "reception"
    DRAFT_KINDS = ("reception",)
    BINDINGS = [
        Binding("n", "new", "登记", id="reception.new"),
        Binding("enter", "reply", "答复", priority=True, id="reception.reply"),
        Binding("e", "edit", "修改", id="reception.edit"),
        Binding("c", "close", "办结", id="reception.close"),
        Binding("k", "to_case", "转案件", id="reception.to_case"),
        Binding("t", "to_item", "转跟进", id="reception.to_item"),
        Binding("slash", "search", "查找", id="reception.search"),
        Binding("h", "toggle_closed", "显示/隐藏已办结", id="reception.toggle"),
        Binding("delete", "void", "作废", id="reception.void"),
        Binding("escape", "back", "返回", id="reception.back"),
    ]
    HELP = """## 来访来电登记
群众来访、来电、网上反映和上级转来的事，一件一行，最新的在前；超过答复期限还没答复的标“逾期”，并显示在首页。

- **n** 登记一件：日期、来源、姓名和联系方式（可不填）、反映事项、类别
- **Enter** 答复：当场答复或报乡镇，写答复内容和日期
- **k** 转为调解案件，**t** 转为跟进事项（村事百晓待办）：两边互相关联，不会重复转
- **c** 办结：写办结日期；群众是否满意要问过才选，没问过不选
- **e** 修改，**Delete** 作废登记错的（要写原因）
- **/** 按姓名或事项查找（只是查找，不做人员名单），**h** 显示或隐藏已办结的
"""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []
        self.search = ""
        self.show_closed = True

    def compose(self) -> ComposeResult:
        yield Static("来访来电登记", classes="screen-title")
        yield Input(placeholder="查找姓名或事项，Enter 确定，Esc 清除", id="reception-search", classes="hidden")
        yield Table(id="reception-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="reception-detail")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        # Widths in terminal cells (a Chinese character takes two): 80 columns in all.
        for label, key, width in (("日期", "date", 5), ("来源", "channel", 8), ("姓名", "name", 6),
                                  ("反映事项", "matter", 18), ("类别", "category", 8), ("处理", "handling", 10),
                                  ("状态", "state", 10)):
            table.add_column(label, key=key, width=width)
        table.focus()

    def load(self, engine):
        from db.reception import list_requests

        return list_requests(engine, self.ctx.today, open_only=not self.show_closed, search=self.search)

    def show(self, rows) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for r in rows:
            table.add_row(f"{r.received_on:%m-%d}", r.channel_label, r.name or "—", r.matter.replace("\n", " "),
                          r.category, r.handling_label, Text(r.state_label, style="bold" if r.overdue else ""),
                          key=str(r.id))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        self._show_detail()
        self.refresh_bindings()

    def _current(self):
        table = self.query_one(DataTable)
        return self.rows[table.cursor_row] if self.rows and table.cursor_row < len(self.rows) else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self, _event=None) -> None:
        r = self._current()
        found = f"（查找：{self.search}）" if self.search else ""
        summary = f"共 {len(self.rows)} 件{found}，逾期未答复 {sum(1 for x in self.rows if x.overdue)} 件"
        if r is None:
            self.query_one("#reception-detail", Static).update(literal(summary))
            return
        link = (f"  已转案件 {r.dispute_number}" if r.dispute_number else "") + \
               (f"  已转跟进事项：{r.item_title}" if r.item_title else "")
        reply = f"\n{r.replied_on:%Y-%m-%d} 答复：{r.reply}" if r.replied_on else f"\n应于 {r.reply_due:%Y-%m-%d} 前答复"
        closed = ""
        if r.closed_on:
            said = {True: "满意", False: "不满意", None: "未问"}[r.satisfied]
            closed = f"\n{r.closed_on:%Y-%m-%d} 办结，群众意见：{said}"
        self.query_one("#reception-detail", Static).update(styled(
            (r.matter, "bold"), f"\n{r.name or '（未留姓名）'} {r.contact}{link}", reply, closed, f"\n{summary}"))

    def check_action(self, action: str, parameters) -> bool | None:
        r = self._current()
        if action in ("reply", "edit", "void"):
            return r is not None and r.closed_on is None
        if action == "close":
            return r is not None and r.closed_on is None
        if action in ("to_case", "to_item"):
            return r is not None and not r.dispute_id and not r.item_id and r.closed_on is None
        return True

    @on(DataTable.RowSelected)
    def _selected(self, _event) -> None:
        self.action_reply()

    def _changed(self, result) -> None:
        if result is not None:
            self.notify("已保存。")
            self.reload()

    def _form(self, build) -> None:
        r = self._current()
        if r is not None:
            open_form(self.app, lambda: build(self.ctx, r), self._changed)

    def action_new(self) -> None:
        open_form(self.app, lambda: rf.request_form(self.ctx), self._changed)

    def resume_draft(self, key: str, raw: dict) -> None:
        """Reopen the new-request form from its draft (after a crash or power cut)."""
        if key == "reception:new":
            open_form(self.app, lambda: rf.request_form(self.ctx, raw=raw), self._changed)

    def action_reply(self) -> None:
        if self.check_action("reply", ()):
            self._form(rf.reply_form)

    def action_edit(self) -> None:
        self._form(rf.request_form)

    def action_close(self) -> None:
        self._form(rf.close_form)

    def action_to_case(self) -> None:
        self._form(rf.to_case_form)

    def action_to_item(self) -> None:
        self._form(rf.to_item_form)

    def action_void(self) -> None:
        self._form(rf.void_form)

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.notify("显示全部登记。" if self.show_closed else "只显示没办结的登记。")
        self.reload()

    def action_search(self) -> None:
        box = self.query_one("#reception-search", Input)
        box.remove_class("hidden")
        box.focus()

    @on(Input.Submitted, "#reception-search")
    def _searched(self, event: Input.Submitted) -> None:
        self.search = event.value.strip()
        event.input.add_class("hidden")
        self.query_one(DataTable).focus()
        self.reload()

    def action_back(self) -> None:
        box = self.query_one("#reception-search", Input)
        if box.has_focus or self.search:
            box.value, self.search = "", ""
            box.add_class("hidden")
            self.query_one(DataTable).focus()
            self.reload()
            return
        self.app.action_section("home")
