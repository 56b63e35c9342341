"""F3 调解台账: the register list, paged in SQL, with search and filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input

from desk.screens.common.base import DeskScreen
from desk.screens.common.form import FormScreen
from desk.screens.register.forms import new_case_form, open_form, void_form
from desk.widgets.keybar import KeyBar
from desk.widgets.progress import WorkProgress
from desk.widgets.table import Table
from desk.widgets.text import Static
from forms.fields import FieldDef

PAGE = 200
# Short words so the list fits 80 columns; the case screen says them in full.
SHORT_STATUS = {"accepted": "受理", "mediating": "调解中", "succeeded": "成功", "failed": "不成",
                "referred": "移交", "withdrawn": "撤回"}

FILTER_FORM = (
    FieldDef("status", "状态", "choice"),
    FieldDef("type_id", "纠纷类型", "choice"),
    FieldDef("hamlet_id", "屯组", "choice"),
    FieldDef("year", "年份", "int", minimum=1990, maximum=2100, placeholder="如 2026"),
    FieldDef("month", "月份", "text", max_len=7, placeholder="如 2026-10"),
    FieldDef("presiding_id", "调解员", "choice"),
    FieldDef("overdue_only", "只看超期", "bool"),
    FieldDef("open_only", "只看未办结", "bool"),
    FieldDef("voided_only", "只看已作废", "bool"),
)


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
    ]
    HELP = """## 调解台账
列出全部案件，最新受理的在最上面。一次只取一页（200 件），光标移到最后一行时自动接着取下一页，十万件也能流畅翻看。

- **Enter** 打开案件；**n** 新建案件（受理登记）
- **/** 查找：输入姓名里的字（张三）、拼音（首字母 zs、全拼 zhangsan 或 zhangs 都找到张三；曾 既算 zeng 也算 ceng；汉字和字母混着也行，如 曾jx）、电话、身份证号后几位，或案情里的词；几个词用空格隔开表示都要符合。**Esc** 清除查找
- **f** 筛选：状态、纠纷类型、屯组、年份或月份、调解员、只看超期、只看未办结、只看已作废
- **c** 清除查找和筛选，显示全部
- **Delete** 作废案件（要写原因；作废的案件不出现在列表和报表里，但保留在数据库中，案号不再使用）
- **p** 把当前列表导出为 Excel 表格（身份证号隐去出生日期）
- **i** 从 Excel 或 CSV 台账导入（先预览，确认后才写入）
"""

    def __init__(self) -> None:
        super().__init__()
        from db.register.query import DisputeFilter

        self.filters = DisputeFilter()
        self.rows = []
        self.total = 0
        self._loading_more = False

    def compose(self) -> ComposeResult:
        yield Static("调解台账", classes="screen-title")
        yield Input(placeholder="查找：姓名、拼音首字母、电话、身份证后几位或案情，Enter 查找，Esc 清除",
                    id="register-search", classes="hidden")
        yield Static("", id="register-filters")
        yield Table(id="register-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="register-status")
        yield WorkProgress(id="register-progress")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        # Fixed widths, together 76 columns with their padding: the list fits 80 columns, does
        # not shift when the next page loads, and never waits for the table to measure its rows
        # (a longer hamlet, type or name is cut here; the case screen shows it whole).
        for label, key, width in (("案号", "number", 8), ("受理", "accepted", 5), ("类型", "type", 8),
                                  ("屯组", "hamlet", 6), ("当事人", "parties", 11), ("状态", "status", 11),
                                  ("调解员", "mediator", 6), ("期限", "deadline", 5)):
            table.add_column(label, key=key, width=width)
        table.focus()

    # ---- data ----------------------------------------------------------------------------

    def _filters(self):
        return replace(self.filters, today=self.ctx.today)

    def load(self, engine):
        from db.register.query import list_disputes

        return list_disputes(engine, self._filters(), offset=0, limit=PAGE)

    def show(self, page) -> None:
        self.rows = list(page.rows)
        self.total = page.total
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self._add_rows(page.rows)
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self._show_status()

    def _add_rows(self, rows) -> None:
        table = self.query_one(DataTable)
        for r in rows:
            count = r.more_parties + bool(r.applicant) + bool(r.respondent)
            people = (r.applicant or r.respondent) + (f"等{count}人" if count > 1 else "")
            status = SHORT_STATUS.get(r.status, r.status_label) + (" 超期" if r.overdue else "") + (
                " 已结" if r.closed_on else "")
            if r.voided:
                status = "已作废"
            table.add_row(
                short_number(r.number), f"{r.accepted_on:%m-%d}", r.type_name, r.hamlet_name, people, status,
                r.presiding_name, f"{r.deadline:%m-%d}", key=str(r.id),
            )

    def _show_status(self) -> None:
        shown = len(self.rows)
        text = f"共 {self.total} 件" + (f"，已显示 {shown} 件（往下翻自动加载）" if shown < self.total else "")
        self.query_one("#register-status", Static).update(text)
        self.query_one("#register-filters", Static).update(self._describe_filters())

    def _describe_filters(self) -> str:
        from db.models.register import STATUSES

        f = self.filters
        parts = []
        if f.q:
            parts.append(f"查找“{f.q}”")
        if f.statuses:
            parts.append("状态：" + "、".join(STATUSES[s] for s in f.statuses))
        if f.year:
            parts.append(f"{f.year}年")
        if f.month:
            parts.append(f"{f.month}月")
        for flag, label in ((f.overdue_only, "只看超期"), (f.open_only, "只看未办结"), (f.voided_only, "只看已作废")):
            if flag:
                parts.append(label)
        if f.type_id or f.hamlet_id or f.presiding_id:
            parts.append("另有类型/屯组/调解员筛选")
        return ("筛选：" + "；".join(parts) + "    按 c 显示全部") if parts else "全部案件（/ 查找，f 筛选）"

    @on(DataTable.RowHighlighted)
    def _maybe_more(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - 1 and len(self.rows) < self.total and not self._loading_more:
            self._loading_more = True
            self._load_more(len(self.rows))

    @work(thread=True, exclusive=True, group="db-more")
    def _load_more(self, offset: int) -> None:
        from db.register.query import list_disputes

        page = list_disputes(self.ctx.engine, self._filters(), offset=offset, limit=PAGE)
        self.app.call_from_thread(self._append, page)

    def _append(self, page) -> None:
        self._loading_more = False
        if page.offset != len(self.rows):
            return  # the list was reloaded meanwhile
        self.rows.extend(page.rows)
        self.total = page.total
        self._add_rows(page.rows)
        self._show_status()

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
        self.reload()

    def _close_search(self, clear: bool) -> None:
        search = self.query_one("#register-search", Input)
        search.add_class("hidden")
        if clear and self.filters.q:
            self.filters = replace(self.filters, q="")
            self.reload()
        self.query_one(DataTable).focus()

    def action_clear(self) -> None:
        from db.register.query import DisputeFilter

        self.filters = DisputeFilter()
        self.reload()

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
            FormScreen("筛选案件", FILTER_FORM, values=values, choices=choices, save=_check_filter),
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
        self.query_one(DataTable).move_cursor(row=0)
        self.reload()

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


def short_number(number: str) -> str:
    """(2026)青调字第012号 -> 2026-012: the list must fit 80 columns; the case screen shows it whole."""
    import re

    m = re.match(r"\((\d{4})\)\D*?(\d+)号?$", number)
    return f"{m.group(1)}-{m.group(2)}" if m else number


def _check_filter(values: dict) -> dict:
    month = values.get("month") or ""
    if month:
        import re

        m = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            from forms.validate import ValidationError

            err = ValidationError("月份请写成 2026-10 这样的年-月。")
            err.field = "month"
            raise err
        values["month"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    return values
