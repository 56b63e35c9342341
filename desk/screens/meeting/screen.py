"""F8 形势分析会: one record a month, newest first; Enter opens it, p prints its 会议记录."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from desk.screens.common.base import DeskScreen
from desk.screens.meeting import forms as mf
from desk.screens.register.forms import open_form
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static, literal


def print_meeting(app, ctx, month: str) -> None:
    """Write the month's 会议记录 to the output folder and open or print it (worker thread)."""
    from desk.output import export_path, open_or_print
    from forms.documents import render_document
    from forms.render.fonts import FontMissing
    from forms.render.output import OutputError

    path = export_path(ctx.db_path, re.sub(r"[^0-9-]", "_", f"形势分析会会议记录-{month}"), "pdf")
    try:
        render_document(ctx.engine, "meeting", month, path)
    except (FontMissing, OutputError, OSError, ValueError) as exc:
        app.call_from_thread(app.notify, f"打印失败：{getattr(exc, 'message', exc)}", severity="error")
        return
    app.call_from_thread(app.notify, open_or_print(path), timeout=10)


class MeetingScreen(DeskScreen):
    """Every month's meeting; n records this month's."""

    SECTION = "meeting"
    DRAFT_KINDS = ("meeting",)
    BINDINGS = [
        Binding("n", "new", "新建", id="meeting.new"),
        Binding("enter", "open", "打开", priority=True, id="meeting.open"),
        Binding("p", "print", "打印", id="meeting.print"),
        Binding("delete", "void", "作废", id="meeting.void"),
        Binding("escape", "back", "返回", id="meeting.back"),
    ]
    HELP = """## 形势分析会
每月一次的矛盾纠纷形势分析会，一个月一份记录，最新的在前。

- **n** 新建本月的记录：会议日期、地点、主持人、记录人；村干部都先列为到会，缺席的在记录里改
- **Enter** 打开记录：议程（由台账、村事百晓、来访来电自动生成）、上次议定事项的落实情况、参会人员和本次议定事项
- **p** 打印会议记录（PDF，有主持人签名栏）；命令行：desk print meeting 2026-11 --pdf 会议记录.pdf
- **Delete** 作废录错的记录（要写原因）
- 过了完成期限还没办结的议定事项会显示在首页
"""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []

    def compose(self) -> ComposeResult:
        yield Static("形势分析会", classes="screen-title")
        yield Table(id="meeting-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="meeting-detail")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in (("月份", "month", 8), ("会议日期", "held", 10), ("主持人", "chair", 8),
                                  ("议定事项", "n", 8), ("未办结", "open", 6)):
            table.add_column(label, key=key, width=width)
        table.focus()

    def load(self, engine):
        from db.meeting import list_meetings

        return list_meetings(engine, self.ctx.today)

    def show(self, rows) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for r in rows:
            table.add_row(r.month, f"{r.held_on:%Y-%m-%d}", r.chair, str(r.decisions),
                          Text(str(r.open_decisions), style="bold" if r.open_decisions else ""), key=str(r.id))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        text = f"共 {len(rows)} 次会议记录" if rows else "还没有分析会记录，按 n 新建本月的记录。"
        self.query_one("#meeting-detail", Static).update(literal(text))
        self.refresh_bindings()

    def _current(self):
        table = self.query_one(DataTable)
        return self.rows[table.cursor_row] if self.rows and table.cursor_row < len(self.rows) else None

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("open", "print", "void"):
            return self._current() is not None
        return True

    def _changed(self, result) -> None:
        if result is not None:
            self.notify("已保存。")
            self.reload()

    def action_new(self, raw: dict | None = None) -> None:
        def done(result) -> None:
            self._changed(result)
            if result is not None:
                from desk.screens.meeting.detail import MeetingDetailScreen

                self.app.push_screen(MeetingDetailScreen(result))

        open_form(self.app, lambda: mf.meeting_form(self.ctx, raw=raw), done)

    def resume_draft(self, key: str, raw: dict) -> None:
        """Reopen the new-meeting form from its draft (after a crash or power cut)."""
        if key == "meeting:new":
            self.action_new(raw)

    @on(DataTable.RowSelected)
    def _selected(self, _event) -> None:
        self.action_open()

    def action_open(self) -> None:
        r = self._current()
        if r is not None:
            from desk.screens.meeting.detail import MeetingDetailScreen

            self.app.push_screen(MeetingDetailScreen(r.id))

    def action_print(self) -> None:
        r = self._current()
        if r is not None:
            self.run_worker(lambda: print_meeting(self.app, self.ctx, r.month), thread=True, group="print")

    def action_void(self) -> None:
        r = self._current()
        if r is not None:
            from db.meeting import void_meeting

            open_form(self.app, lambda: mf.void_form(self.ctx, f"作废 {r.month} 分析会记录",
                                                     lambda engine, why: void_meeting(engine, r.id, why).id),
                      self._changed)

    def action_back(self) -> None:
        self.app.action_section("home")
