"""i on the matrix: the follow-up items, open ones first (soonest due first), overdue marked."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from desk.screens.checklist import forms as kf
from desk.screens.common.base import DeskScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.register.forms import open_form
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static, styled


def due_text(item) -> str:
    """'超期3天' / '今天到期' / '还有5天' / '已办结' for the list's first column."""
    if item.done_on:
        return "已办结"
    if item.overdue:
        return f"超期{-item.days_left}天"
    return "今天到期" if item.days_left == 0 else f"还有{item.days_left}天"


class ItemsScreen(DeskScreen):
    """Every follow-up item; Enter ticks the one under the cursor off."""

    SECTION = "checklist-items"
    BINDINGS = [
        Binding("escape", "back", "返回", id="items.back"),
        Binding("enter", "tick", "办结", priority=True, id="items.tick"),
        Binding("h", "toggle_done", "显示/隐藏已办结", id="items.toggle_done"),
        Binding("delete", "void", "作废", id="items.void"),
    ]
    HELP = """## 跟进事项
从村事百晓的答复转来的事（按 t 添加），没办结的在前面，按完成期限排列；超期的标“超期”。没办结的事项都显示在首页。

- **Enter** 办结选中的事项：填办结日期和办理结果；在已办结的事项上按 Enter 可以重新打开（会先询问）
- **h** 显示或隐藏已办结的事项
- **Delete** 作废登记错的事项（要写原因）
"""

    def __init__(self) -> None:
        super().__init__()
        self.items: list = []
        self.show_done = True

    def compose(self) -> ComposeResult:
        yield Static("跟进事项", classes="screen-title")
        yield Table(id="items-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="items-detail")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("状态", key="state", width=10)
        table.add_column("期限", key="due", width=5)
        table.add_column("要办的事", key="title", width=28)
        table.add_column("屯组", key="hamlet", width=6)
        table.add_column("负责人", key="cadre", width=6)
        table.add_column("来源", key="code", width=4)
        table.focus()

    def load(self, engine):
        from db.checklist.questions import list_items

        return list_items(engine, self.ctx.today, include_done=self.show_done)

    def show(self, items) -> None:
        self.items = items
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for it in items:
            state = Text(due_text(it), style="bold" if it.overdue else "")
            table.add_row(state, f"{it.due_on:%m-%d}", it.title, it.hamlet_name,
                          it.cadre_name, it.question_code, key=str(it.id))
        if items:
            table.move_cursor(row=min(keep, len(items) - 1))
        self._show_detail()
        self.refresh_bindings()

    def _current(self):
        table = self.query_one(DataTable)
        return self.items[table.cursor_row] if self.items and table.cursor_row < len(self.items) else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self, _event=None) -> None:
        it = self._current()
        open_count = sum(1 for i in self.items if not i.done_on)
        text = f"未办结 {open_count} 件，其中超期 {sum(1 for i in self.items if i.overdue)} 件"
        if it is not None:
            source = f"  来自 {it.round_name} {it.question_code}" if it.question_code else ""
            text = styled((it.title, "bold"), f"\n登记 {it.opened_on:%Y-%m-%d}  期限 {it.due_on:%Y-%m-%d}  "
                          f"负责 {it.cadre_name}{source}\n"
                          + (f"{it.done_on:%Y-%m-%d} 办结：{it.outcome or '（没有写办理结果）'}" if it.done_on
                             else text))
        self.query_one("#items-detail", Static).update(text)

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("tick", "void"):
            return self._current() is not None
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(DataTable.RowSelected)
    def _selected(self, _event) -> None:
        self.action_tick()

    def action_tick(self) -> None:
        it = self._current()
        if it is None:
            return
        if it.done_on is None:
            open_form(self.app, lambda: kf.tick_form(self.ctx, it), self._changed)
        else:
            self.app.push_screen(ConfirmScreen(f"“{it.title[:30]}”已于{it.done_on:%m月%d日}办结。重新打开这个事项吗？"),
                                 lambda yes: yes and self._reopen(it.id))

    @work(thread=True, group="write")
    def _reopen(self, item_id: int) -> None:
        from db.checklist.questions import reopen_item

        reopen_item(self.ctx.engine, item_id)
        self.app.call_from_thread(self._changed, True)

    def _changed(self, result) -> None:
        if result is not None:
            self.notify("已保存。")
            self.reload()

    def action_toggle_done(self) -> None:
        self.show_done = not self.show_done
        self.notify("显示全部事项。" if self.show_done else "只显示没办结的事项。")
        self.reload()

    def action_void(self) -> None:
        it = self._current()
        if it is not None:
            open_form(self.app, lambda: kf.void_item_form(self.ctx, it), self._changed)
