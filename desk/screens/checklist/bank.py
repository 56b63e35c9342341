"""b on the matrix: the question bank. Search by words or pinyin initials, add, reword, retire,
reorder, and take it to or from an xlsx sheet."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input

from desk.screens.checklist import forms as kf
from desk.screens.common.base import DeskScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.register.forms import open_form
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static, styled
from forms.checklist_fields import short_question

SCOPE_SHORT = {"hamlet": "各组", "village": "全村"}


class BankScreen(DeskScreen):
    """The questions in their order (retired ones last)."""

    SECTION = "checklist-bank"
    BINDINGS = [
        Binding("escape", "back", "返回", id="bank.back"),
        Binding("slash", "search", "查找", id="bank.search"),
        Binding("n", "new", "新增", id="bank.new"),
        Binding("e", "edit", "修改", id="bank.edit"),
        Binding("delete", "retire", "停用/恢复", id="bank.retire"),
        Binding("ctrl+up", "move(-1)", "上移", show=False, id="bank.up"),
        Binding("ctrl+down", "move(1)", "下移", show=False, id="bank.down"),
        Binding("x", "export", "导出", id="bank.export"),
        Binding("i", "import", "导入", id="bank.import"),
    ]
    HELP = """## 问题库
村事百晓的全部问题，按类别和顺序排列，停用的排在最后。新的一轮排查只问“在用”的问题；修改或停用问题不影响已有的答复。

- **/** 查找：输入问题里的字（独居老人）、拼音首字母（djlr）或编号（B02），Enter 查找，**Esc** 清除
- **n** 新增问题（编号如 A12，不能与已有编号重复）；**e** 修改选中问题的文字、说明、类别或范围
- **Delete** 停用选中的问题（再按一次恢复），会先询问
- **Ctrl+↑ / Ctrl+↓** 在同一类别里上移、下移
- **x** 导出为 Excel 表格（在“输出文件”文件夹）；**i** 从 Excel 表格导入：先检查并列出每一处错误（第几行），没有错误才按 Ctrl+S 导入
"""

    def __init__(self) -> None:
        super().__init__()
        self.q = ""
        self.questions: list = []

    def compose(self) -> ComposeResult:
        yield Static("问题库", classes="screen-title")
        yield Input(placeholder="查找：问题里的字、拼音首字母（djlr）或编号，Enter 查找，Esc 清除",
                    id="bank-search", classes="hidden")
        yield Table(id="bank-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="bank-detail")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("编号", key="code", width=4)
        table.add_column("问题", key="text", width=52)
        table.add_column("范围", key="scope", width=4)
        table.add_column("状态", key="state", width=4)
        table.focus()

    def load(self, engine):
        from db.checklist.questions import list_questions

        return list_questions(engine, include_retired=True, q=self.q or None)

    def show(self, questions) -> None:
        self.questions = questions
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for q in questions:
            table.add_row(q.code, short_question(q.text, 52), SCOPE_SHORT[q.scope],
                          "在用" if q.active else "停用", key=str(q.id))
        if questions:
            table.move_cursor(row=min(keep, len(questions) - 1))
        self._show_detail()
        self.refresh_bindings()

    def _current(self):
        table = self.query_one(DataTable)
        return self.questions[table.cursor_row] if self.questions and table.cursor_row < len(self.questions) else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self, _event=None) -> None:
        q = self._current()
        found = f"查找“{self.q}”：{len(self.questions)} 个问题（Esc 清除）" if self.q else \
            f"共 {len(self.questions)} 个问题"
        text = styled(found)
        if q is not None:
            hint = ("\n", (f"说明：{q.hint}", "dim")) if q.hint else ()
            text = styled((q.code, "bold"), f" {q.category}  {SCOPE_SHORT[q.scope]}  {'在用' if q.active else '已停用'}"
                          f"    {found}\n{q.text}", *hint)
        self.query_one("#bank-detail", Static).update(text)

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("edit", "retire", "move"):
            return self._current() is not None
        return True

    # ---- search --------------------------------------------------------------------------

    def action_back(self) -> None:
        search = self.query_one("#bank-search", Input)
        if not search.has_class("hidden") or self.q:
            self._close_search(clear=True)
        else:
            self.app.pop_screen()

    def action_search(self) -> None:
        search = self.query_one("#bank-search", Input)
        search.remove_class("hidden")
        search.value = self.q
        search.focus()

    @on(Input.Submitted, "#bank-search")
    def _search(self, event: Input.Submitted) -> None:
        self.q = event.value.strip()
        self._close_search(clear=False)
        self.query_one(DataTable).move_cursor(row=0)
        self.reload()

    def _close_search(self, clear: bool) -> None:
        self.query_one("#bank-search", Input).add_class("hidden")
        if clear and self.q:
            self.q = ""
            self.reload()
        self.query_one(DataTable).focus()

    # ---- changes -------------------------------------------------------------------------

    def action_new(self) -> None:
        open_form(self.app, lambda: kf.question_form(self.ctx), self._saved)

    def action_edit(self) -> None:
        q = self._current()
        open_form(self.app, lambda: kf.question_form(self.ctx, q), self._saved)

    def _saved(self, result) -> None:
        if result is not None:
            self.notify(f"已保存问题 {result.code}。")
            self.reload()

    def action_retire(self) -> None:
        q = self._current()
        if q.active:
            question = f"停用问题 {q.code} 吗？新的一轮不再问它，过去的答复都保留。"
        else:
            question = f"恢复问题 {q.code} 吗？恢复后新的一轮会再问它。"
        self.app.push_screen(ConfirmScreen(question), lambda yes: yes and self._retire(q.id, q.active))

    def _retire(self, question_id: int, active: bool) -> None:
        from db.checklist.questions import restore_question, retire_question

        self._run(lambda engine: (retire_question if active else restore_question)(engine, question_id))

    def action_move(self, delta: int) -> None:
        from db.checklist.questions import move_question

        q = self._current()
        if not q.active:
            self.notify("停用的问题不能调整顺序，请先恢复。", severity="warning")
            return
        row = self.query_one(DataTable).cursor_row
        self._run(lambda engine: move_question(engine, q.id, delta), guess=row + delta)

    def _run(self, change, guess: int | None = None) -> None:
        def job() -> None:
            try:
                change(self.ctx.engine)
            except ValueError as exc:
                self.app.call_from_thread(self.notify, getattr(exc, "message", str(exc)), severity="error")
            self.app.call_from_thread(self._after_change, guess)

        self.run_worker(job, thread=True, group="write")

    def _after_change(self, row: int | None) -> None:
        if row is not None:
            self.query_one(DataTable).move_cursor(row=max(0, row))
        self.reload()

    # ---- xlsx ----------------------------------------------------------------------------

    def action_export(self) -> None:
        self._export()

    @work(thread=True, group="export")
    def _export(self) -> None:
        from desk.output import export_path
        from forms.question_bank_io import export_bank

        path = export_path(self.ctx.db_path, f"村事百晓问题库-{self.ctx.today:%Y%m%d}", "xlsx")
        try:
            export_bank(self.ctx.engine, path)
        except (OSError, ValueError) as exc:
            self.app.call_from_thread(self.notify, f"导出失败：{getattr(exc, 'message', exc)}", severity="error")
            return
        self.app.call_from_thread(self.notify, f"已导出问题库到：{path}", timeout=10)

    def action_import(self) -> None:
        from desk.screens.checklist.importing import BankImportScreen

        self.app.push_screen(BankImportScreen(), lambda changed: changed and self.reload())
