"""One meeting: what it opened with, its agenda and notes, who came, and its decisions."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from desk.screens.common.base import DeskScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.meeting import forms as mf
from desk.screens.meeting.screen import print_meeting
from desk.screens.register.forms import open_form
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static, styled


class MeetingDetailScreen(DeskScreen):
    """Tab moves between the decisions and the people; Enter acts on the row."""

    SECTION = "meeting-detail"
    BINDINGS = [
        Binding("escape", "back", "返回", id="meeting_detail.back"),
        Binding("enter", "enter", "办结/修改", priority=True, id="meeting_detail.enter"),
        Binding("d", "decision", "添加议定事项", id="meeting_detail.decision"),
        Binding("a", "attendee", "添加参会人", id="meeting_detail.attendee"),
        Binding("e", "edit", "修改", id="meeting_detail.edit"),
        Binding("r", "agenda", "重新生成议程", id="meeting_detail.agenda"),
        Binding("p", "print", "打印", id="meeting_detail.print"),
        Binding("delete", "void", "作废", id="meeting_detail.void"),
    ]
    HELP = """## 分析会记录
上面是会议情况、议程和上次议定事项的落实情况（已办 / 在办 / 逾期，以开会那天为准）；下面两张表是本次议定事项和参会人员，**Tab** 在两张表之间切换。

- 议定事项表：**Enter** 办结（写办结日期和落实情况），已办结的按 Enter 可重新打开；**e** 修改；**Delete** 作废
- 参会人员表：**Enter** 改为到会或缺席（写原因）；**Delete** 去掉列错的人
- **d** 添加议定事项（责任人、完成期限，可关联案件或跟进事项），**a** 添加参会人员
- **e**（在上面时）修改会议日期、地点、主持人、讨论情况；**r** 按开会那天的情况重新生成议程
- **p** 打印会议记录
"""

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.view = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="screen-title", id="md-title")
        with VerticalScroll(id="md-top"):
            yield Static("", id="md-info")
        yield Table(id="md-decisions", cursor_type="row", zebra_stripes=True)
        yield Table(id="md-people", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def prepare(self) -> None:
        d = self.query_one("#md-decisions", DataTable)
        for label, key, width in (("序号", "seq", 4), ("议定事项", "text", 30), ("责任人", "owner", 6),
                                  ("期限", "deadline", 10), ("落实", "state", 4), ("关联", "link", 14)):
            d.add_column(label, key=key, width=width)
        p = self.query_one("#md-people", DataTable)
        for label, key, width in (("姓名", "name", 8), ("职务", "duty", 10), ("到会", "present", 4),
                                  ("缺席原因", "reason", 20)):
            p.add_column(label, key=key, width=width)
        d.focus()

    def load(self, engine):
        from db.meeting import get_meeting

        return get_meeting(engine, self.meeting_id, today=self.ctx.today)

    def show(self, view) -> None:
        self.view = view
        self.query_one("#md-title", Static).update(f"{view.month[:4]}年{int(view.month[5:])}月 形势分析会")
        earlier = [f"  {d.month} 第{d.seq}项 {d.text}（{d.owner}，期限 {d.deadline:%Y-%m-%d}）：{d.state_label}"
                   for d in view.earlier] or ["  无"]
        absent = "；".join(f"{a.name}（{a.absence_reason or '未说明'}）" for a in view.absent) or "无"
        self.query_one("#md-info", Static).update(styled(
            ("会议日期 ", "bold"), f"{view.held_on:%Y-%m-%d}  ", ("地点 ", "bold"), view.place or "（未填）", "  ",
            ("主持人 ", "bold"), view.chair, "  ", ("记录人 ", "bold"), view.recorder or "（未填）",
            f"\n应到 {len(view.attendees)} 人，实到 {len(view.present)} 人；缺席：{absent}",
            ("\n上次议定事项落实情况：\n", "bold"), "\n".join(earlier),
            ("\n会议议程：\n", "bold"), view.agenda or "（无）",
            ("\n讨论情况：\n", "bold"), view.notes or "（未记录）"))
        table = self.query_one("#md-decisions", DataTable)
        keep = table.cursor_row
        table.clear()
        for d in view.decisions:
            table.add_row(str(d.seq), d.text.replace("\n", " "), d.owner, f"{d.deadline:%Y-%m-%d}",
                          Text(d.state_label, style="bold" if d.state == "overdue" else ""),
                          d.dispute_number or d.item_title, key=str(d.id))
        if view.decisions:
            table.move_cursor(row=min(keep, len(view.decisions) - 1))
        people = self.query_one("#md-people", DataTable)
        keep = people.cursor_row
        people.clear()
        for a in view.attendees:
            people.add_row(a.name, a.duty, "是" if a.present else "否", a.absence_reason, key=str(a.id))
        if view.attendees:
            people.move_cursor(row=min(keep, len(view.attendees) - 1))
        self.refresh_bindings()

    # ---- which row ------------------------------------------------------------------------

    def _in_people(self) -> bool:
        return self.query_one("#md-people", DataTable).has_focus

    def _decision(self):
        table = self.query_one("#md-decisions", DataTable)
        rows = self.view.decisions if self.view else []
        return rows[table.cursor_row] if rows and table.cursor_row < len(rows) else None

    def _person(self):
        table = self.query_one("#md-people", DataTable)
        rows = self.view.attendees if self.view else []
        return rows[table.cursor_row] if rows and table.cursor_row < len(rows) else None

    def check_action(self, action: str, parameters) -> bool | None:
        if self.view is None and action not in ("back",):
            return False
        if action in ("enter", "void"):
            return (self._person() if self._in_people() else self._decision()) is not None
        return True

    # ---- actions --------------------------------------------------------------------------

    def _changed(self, result) -> None:
        if result is not None:
            self.notify("已保存。")
            self.reload()

    @on(DataTable.RowSelected)
    def _selected(self, _event) -> None:
        self.action_enter()

    def action_enter(self) -> None:
        if self._in_people():
            person = self._person()
            if person is not None:
                open_form(self.app, lambda: mf.attendee_form(self.ctx, self.meeting_id, person), self._changed)
            return
        d = self._decision()
        if d is None:
            return
        if d.done_on is None:
            open_form(self.app, lambda: mf.done_form(self.ctx, d), self._changed)
        else:
            self.app.push_screen(ConfirmScreen(f"第{d.seq}项已于{d.done_on:%m月%d日}办结。重新打开吗？"),
                                 lambda yes: yes and self._reopen(d.id))

    @work(thread=True, group="write")
    def _reopen(self, decision_id: int) -> None:
        from db.meeting import reopen_decision

        reopen_decision(self.ctx.engine, decision_id)
        self.app.call_from_thread(self._changed, True)

    def action_decision(self) -> None:
        open_form(self.app, lambda: mf.decision_form(self.ctx, self.view), self._changed)

    def action_attendee(self) -> None:
        open_form(self.app, lambda: mf.attendee_form(self.ctx, self.meeting_id), self._changed)

    def action_edit(self) -> None:
        d = self._decision()
        if self.query_one("#md-decisions", DataTable).has_focus and d is not None:
            open_form(self.app, lambda: mf.decision_form(self.ctx, self.view, d), self._changed)
        else:
            open_form(self.app, lambda: mf.meeting_form(self.ctx, self.view), self._changed)

    def action_agenda(self) -> None:
        self.app.push_screen(ConfirmScreen("按开会那天的情况重新生成议程吗？原来的议程文字会被替换。"),
                             lambda yes: yes and self._rebuild())

    @work(thread=True, group="write")
    def _rebuild(self) -> None:
        from db.meeting import rebuild_agenda

        rebuild_agenda(self.ctx.engine, self.meeting_id)
        self.app.call_from_thread(self._changed, True)

    def action_print(self) -> None:
        if self.view is not None:
            month = self.view.month
            self.run_worker(lambda: print_meeting(self.app, self.ctx, month), thread=True, group="print")

    def action_void(self) -> None:
        from db.meeting import void_attendee, void_decision

        if self._in_people():
            p = self._person()
            if p is not None:
                open_form(self.app, lambda: mf.void_form(self.ctx, f"从名单去掉：{p.name}",
                                                         lambda e, why: void_attendee(e, p.id, why).id), self._changed)
            return
        d = self._decision()
        if d is not None:
            open_form(self.app, lambda: mf.void_form(self.ctx, f"作废议定事项 {d.seq}",
                                                     lambda e, why: void_decision(e, d.id, why).id), self._changed)

    def action_back(self) -> None:
        self.app.pop_screen()
