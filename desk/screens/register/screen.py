"""F3 调解台账: the register list, paged in SQL, with search and filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input

from db.register.columns import LIST
from desk.screens.common.base import DeskScreen
from desk.screens.common.form import FormScreen
from desk.screens.register.filters import FILTER_FORM, check_filter, describe_filters
from desk.screens.register.forms import new_case_form, open_form, void_form
from desk.widgets.keybar import KeyBar
from desk.widgets.progress import WorkProgress
from desk.widgets.table import Table, Tail
from desk.widgets.text import Static

PAGE = 200
# The most rows the list holds at once (a window on the whole list; list_disputes gives at most
# 1000 at a time): scrolling on past it drops the rows at the far end, fetched again if wanted.
WINDOW = 1000


class RegisterScreen(DeskScreen):
    """The list of cases; Enter opens one."""

    SECTION = "register"
    DRAFT_KINDS = ("dispute", "party", "proceeding", "agreement", "follow_up")
    BINDINGS = [
        Binding("escape", "back", "返回", id="register.back"),
        Binding("n", "new", "新建案件", id="register.new"),
        Binding("enter", "open", "打开", show=False, id="register.open"),
        Binding("slash", "search", "查找", id="register.search"),
        Binding("f", "filter", "筛选", id="register.filter"),
        Binding("c", "clear", "全部", id="register.clear"),
        Binding("delete", "void", "作废", id="register.void"),
        Binding("p", "export", "导出", id="register.export"),
        Binding("i", "import", "导入", show=False, id="register.import"),
        # Home/End: the ends of the whole list, not of the pages fetched so far (priority: the
        # table's own Home/End would stop at the last row it has).
        Binding("home", "first", "第一件", show=False, priority=True),
        Binding("end", "last", "最后一件", show=False, priority=True),
    ]
    HELP = """## 调解台账
列出全部案件，最新受理的在最上面。一次只取一页（200 件），光标移到最后一行时自动接着取下一页，移到第一行时取前一页，十万件也能流畅翻看；下面的状态行写着正在显示第几件到第几件。

- **Enter** 打开案件；**n** 新建案件（受理登记）
- **/** 查找：输入姓名里的字（张三）、拼音（首字母 zs、全拼 zhangsan 或 zhangs 都找到张三；曾 既算 zeng 也算 ceng；汉字和字母混着也行，如 曾jx）、电话、身份证号后几位，或案情里的词；几个词用空格隔开表示都要符合。**Esc** 清除查找
- **f** 筛选：状态、纠纷类型、屯组、年份或月份、调解员、只看超期、只看未办结、只看已作废
- **c** 清除查找和筛选，显示全部
- **↑/↓** 一行，**PageUp/PageDown** 一屏，**Home/End** 到整个列表的第一件/最后一件（只取那一页，十万件也立刻到）
- **Delete** 作废案件（要写原因；作废的案件不出现在列表和报表里，但保留在数据库中，案号不再使用）
- **p** 把当前列表导出为 Excel 表格（身份证号隐去出生日期）
- **i** 从 Excel 或 CSV 台账导入（先预览，确认后才写入）
"""

    def __init__(self, reminder: tuple[str, tuple[int, ...]] | None = None) -> None:
        """reminder: (a home-screen line, the ids of the cases it counts): the list shows those only."""
        super().__init__()
        from db.register.query import DisputeFilter

        self.reminder = reminder[0] if reminder else ""
        self.filters = DisputeFilter(ids=tuple(reminder[1])) if reminder else DisputeFilter()
        self.rows = []  # the window: the cases shown, from case window_start + 1 of the whole list
        self.window_start = 0  # (not "offset": a widget has its own)
        self.total = 0
        # Every reload and every new window bumps the generation: a page fetched for an older
        # one is dropped, never mixed in.
        self._gen = 0
        self._want = (0, 0, PAGE, False)  # what the next load fetches: (gen, offset, limit, from the top)
        self._loading = False

    def compose(self) -> ComposeResult:
        yield Static("调解台账", classes="screen-title")
        yield Input(placeholder="查找：姓名、拼音首字母、电话、身份证后几位或案情，Enter 查找，Esc 清除",
                    id="register-search", classes="hidden")
        yield Static("", id="register-filters")
        # Wider terminals widen the names: parties most, then type, hamlet, mediator.
        yield Table(id="register-table", cursor_type="row", zebra_stripes=True,
                    fill={"parties": 4, "type": 2, "hamlet": 1, "mediator": 1})
        yield Static("", id="register-status")
        yield WorkProgress(id="register-progress")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        # Fixed widths (db.register.columns.LIST), together 76 columns with their padding: the list
        # fits 80 columns, does not shift when the next page loads, and never waits for the table
        # to measure its rows (a longer hamlet, type or name is cut here; the case screen shows it whole).
        for column in LIST:
            table.add_column(column.label, key=column.key, width=column.width)
        table.focus()

    # ---- data ----------------------------------------------------------------------------

    def _filters(self):
        return replace(self.filters, today=self.ctx.today)

    def reload(self, from_top: bool = False) -> None:
        """Fetch the window again (after a change, or on coming back from a case); from_top: the
        filter or search changed, start again at the first case."""
        self._gen += 1
        self._loading = False
        limit = PAGE if from_top else min(max(len(self.rows), PAGE), WINDOW)
        self._want = (self._gen, 0 if from_top else self.window_start, limit, from_top)
        super().reload()

    def load(self, engine):
        from db.register.query import list_disputes

        gen, offset, limit, from_top = self._want
        page = list_disputes(engine, self._filters(), offset=offset, limit=limit)
        if not page.rows and page.total and offset:  # the window fell off the end (cases voided)
            page = list_disputes(engine, self._filters(), offset=max(0, page.total - limit), limit=limit)
        return gen, page, from_top

    def show(self, data) -> None:
        gen, page, from_top = data
        if gen != self._gen:
            return  # a later reload is on its way
        table = self.query_one(DataTable)
        keep = 0 if from_top else table.cursor_row - (page.offset - self.window_start)
        self._window(page.rows, page.offset, page.total, keep)

    def _window(self, rows, offset: int, total: int, cursor: int, top: int | None = None) -> None:
        """Show `rows` as the window starting at the list's case offset + 1, the cursor on row
        `cursor` (kept within the window); top: the row to scroll to the top of the table."""
        self._gen += 1  # pages asked for the old window are dropped
        self._loading = False
        self.rows, self.window_start, self.total = list(rows), offset, total
        table = self.query_one(DataTable)
        table.clear()
        self._add_rows(self.rows)
        if self.rows:
            table.move_cursor(row=max(0, min(cursor, len(self.rows) - 1)))
            if top is not None:
                self.call_after_refresh(table.scroll_to, y=top, animate=False)
        self._show_status()

    def _add_rows(self, rows) -> None:
        table = self.query_one(DataTable)
        for r in rows:
            cells = [column.get(r) for column in LIST]
            table.add_row(*(Tail(*c) if isinstance(c, tuple) else c for c in cells), key=str(r.id))

    def _show_status(self) -> None:
        shown = len(self.rows)
        text = f"共 {self.total} 件"
        if self.window_start:  # a window further down: which cases these are
            text += f"，显示第 {self.window_start + 1}-{self.window_start + shown} 件（上下翻自动加载）"
        elif shown < self.total:
            text += f"，已显示 {shown} 件（往下翻自动加载）"
        self.query_one("#register-status", Static).update(text)
        self.query_one("#register-filters", Static).update(describe_filters(self.filters, self.reminder))

    @on(DataTable.RowHighlighted)
    def _maybe_more(self, _event: DataTable.RowHighlighted) -> None:
        """On the window's last row, the page after it; on its first, the page before."""
        if self._loading or not self.rows:
            return
        row = self.query_one(DataTable).cursor_row  # where the cursor is now, not when the message left
        end = self.window_start + len(self.rows)
        if row >= len(self.rows) - 1 and end < self.total:
            self._fetch("after", end, PAGE)
        elif row == 0 and self.window_start > 0:
            start = max(0, self.window_start - PAGE)
            self._fetch("before", start, self.window_start - start)

    def _fetch(self, how: str, offset: int, limit: int) -> None:
        self._loading = True
        self._fetch_page(self._gen, self._filters(), how, offset, limit)

    @work(thread=True, exclusive=True, group="db-more")
    def _fetch_page(self, gen: int, filters, how: str, offset: int, limit: int) -> None:
        """One page of the list for the window `gen`: how is after, before, first or last."""
        from db.register.query import list_disputes

        page = list_disputes(self.ctx.engine, filters, offset=offset, limit=limit)
        if how == "last" and page.offset + len(page.rows) < page.total:  # cases added meanwhile
            page = list_disputes(self.ctx.engine, filters, offset=max(0, page.total - limit), limit=limit)
        self.app.call_from_thread(self._fetched, gen, how, page)

    def _fetched(self, gen: int, how: str, page) -> None:
        if gen != self._gen:
            return  # the list was reloaded or moved meanwhile: this page belongs to no window now
        self._loading = False
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        if how == "first":
            self._window(page.rows, page.offset, page.total, 0)
        elif how == "last":
            self._window(page.rows, page.offset, page.total, len(page.rows) - 1)
        elif how == "after" and page.offset == self.window_start + len(self.rows):
            over = max(0, len(self.rows) + len(page.rows) - WINDOW)
            if over:  # the window is full: drop as many rows from its top
                self._window(self.rows[over:] + page.rows, self.window_start + over, page.total, cursor - over)
            else:
                self.rows.extend(page.rows)
                self.total = page.total
                self._add_rows(page.rows)
                self._show_status()
        elif how == "before" and page.rows and page.offset + len(page.rows) == self.window_start:
            # the same case stays under the cursor, at the top of the table as it was
            kept = self.rows[:max(0, WINDOW - len(page.rows))]
            moved = cursor + len(page.rows)
            self._window(page.rows + kept, page.offset, page.total, moved, top=moved)

    def _search_focused(self) -> Input | None:
        search = self.query_one("#register-search", Input)
        return search if search.has_focus else None

    def action_first(self) -> None:
        """The first case of the whole list: the window goes back to the top."""
        if (search := self._search_focused()) is not None:
            search.action_home()
            return
        if self.window_start > 0:
            self._gen += 1  # a page on its way for the window left behind is dropped
            self._fetch("first", 0, PAGE)
        else:
            self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        """The last case of the whole list: only the last page is fetched."""
        if (search := self._search_focused()) is not None:
            search.action_end()
            return
        if self.window_start + len(self.rows) < self.total:
            self._gen += 1
            self._fetch("last", max(0, self.total - PAGE), PAGE)
        elif self.rows:
            self.query_one(DataTable).move_cursor(row=len(self.rows) - 1)

    # ---- keys ----------------------------------------------------------------------------

    def _current(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_back(self) -> None:
        search = self.query_one("#register-search", Input)
        if not search.has_class("hidden"):
            self._close_search(clear=True)
        else:
            self.app.action_section("home")

    def action_open(self) -> None:
        row = self._current()
        if row is not None:
            from desk.screens.register.case import CaseScreen

            self.app.push_screen(CaseScreen(row.id))

    @on(DataTable.RowSelected)
    def _selected(self, _event) -> None:
        self.action_open()

    def action_search(self) -> None:
        search = self.query_one("#register-search", Input)
        search.remove_class("hidden")
        search.value = self.filters.q
        search.focus()

    @on(Input.Submitted, "#register-search")
    def _search(self, event: Input.Submitted) -> None:
        self.filters = replace(self.filters, q=event.value.strip())
        self._close_search(clear=False)
        self.reload(from_top=True)

    def _close_search(self, clear: bool) -> None:
        search = self.query_one("#register-search", Input)
        search.add_class("hidden")
        if clear and self.filters.q:
            self.filters = replace(self.filters, q="")
            self.reload(from_top=True)
        self.query_one(DataTable).focus()

    def action_clear(self) -> None:
        from db.register.query import DisputeFilter

        self.filters = DisputeFilter()
        self.reminder = ""
        self.reload(from_top=True)

    def action_filter(self) -> None:
        self._open_filter()

    @work(thread=True, group="db-form")
    def _open_filter(self) -> None:
        from db.models.register import STATUSES
        from db.settings.village import list_cadres, list_hamlets, list_types

        engine = self.ctx.engine
        choices = {
            "status": [(label, code) for code, label in STATUSES.items()],
            "type_id": [(t.name, t.id) for t in list_types(engine, active_only=False)],
            "hamlet_id": [(h.name, h.id) for h in list_hamlets(engine)],
            "presiding_id": [(c.cadre.name, c.cadre.id) for c in list_cadres(engine)],
        }
        f = self.filters
        values = {
            "status": f.statuses[0] if f.statuses else None, "type_id": f.type_id, "hamlet_id": f.hamlet_id,
            "year": f.year, "month": f.month or "", "presiding_id": f.presiding_id,
            "overdue_only": f.overdue_only, "open_only": f.open_only, "voided_only": f.voided_only,
        }
        self.app.call_from_thread(
            self.app.push_screen,
            FormScreen("筛选案件", FILTER_FORM, values=values, choices=choices, save=check_filter),
            self._filtered,
        )

    def _filtered(self, values) -> None:
        if values is None:
            return
        self.filters = replace(
            self.filters,
            statuses=(values["status"],) if values["status"] else (),
            type_id=values["type_id"], hamlet_id=values["hamlet_id"], year=values["year"],
            month=values["month"] or None, presiding_id=values["presiding_id"],
            overdue_only=values["overdue_only"], open_only=values["open_only"],
            voided_only=values["voided_only"], include_voided=values["voided_only"],
        )
        self.reload(from_top=True)

    def action_new(self) -> None:
        open_form(self.app, lambda: new_case_form(self.ctx), self._created)

    def resume_draft(self, key: str, raw: dict) -> None:
        """Reopen a form from its draft (after a crash or power cut)."""
        from desk.screens.register.case import CaseScreen

        kind, _, rest = key.partition(":")
        if kind == "dispute" and rest == "new":
            open_form(self.app, lambda: new_case_form(self.ctx, raw=raw), self._created)
        elif rest.split(":")[0].isdigit():
            self.app.push_screen(CaseScreen(int(rest.split(":")[0]), resume=(key, raw)))

    def _created(self, dispute) -> None:
        if dispute is None:
            return
        from desk.screens.register.case import CaseScreen

        self.notify(f"已登记：{dispute.number}")
        self.reload()
        self.app.push_screen(CaseScreen(dispute.id))

    def action_void(self) -> None:
        row = self._current()
        if row is not None and not row.voided:
            open_form(self.app, lambda: void_form(self.ctx, row.id, row.number), lambda r: r and self.reload())

    def action_export(self) -> None:
        bar = self.query_one(WorkProgress)
        bar.start("正在导出调解台账")
        self._export(bar)

    @work(thread=True, group="export")
    def _export(self, bar: WorkProgress) -> None:
        from desk.output import export_path
        from forms.register_export import export_register

        path = export_path(self.ctx.db_path, f"调解台账-{date.today():%Y%m%d}", "xlsx")
        try:
            count = export_register(self.ctx.engine, path, self._filters(), progress=bar.reporter())
        except (OSError, ValueError) as exc:
            self.app.call_from_thread(self.notify, f"导出失败：{getattr(exc, 'message', exc)}", severity="error")
            return
        finally:
            self.app.call_from_thread(bar.stop)
        self.app.call_from_thread(self.notify, f"已导出 {count} 件到：{path}", timeout=10)

    def action_import(self) -> None:
        from desk.screens.register.importing import ImportScreen

        self.app.push_screen(ImportScreen(), lambda changed: changed and self.reload())
