"""i in the question bank: import an xlsx sheet. Enter checks it (nothing saved) and lists every
bad row with its line number; Ctrl+S stores a clean sheet in one transaction."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

ACTIONS = {"add": "新增", "update": "修改", "same": "不变"}


def describe_plan(plan) -> str:
    """The dry run in plain Chinese: the summary, every problem, then what each row would do."""
    lines = [plan.summary()]
    lines += [f"  {p}" for p in plan.problems]
    if plan.ok:
        lines += [f"  第{r.line}行 {r.code} {ACTIONS[r.action]}：{r.text[:30]}"
                  for r in plan.rows if r.action != "same"]
        lines.append("\n没有错误，按 Ctrl+S 导入。")
    else:
        lines.append("\n请在表格里改正以上各处，保存后再按 Enter 检查。")
    return "\n".join(lines)


class BankImportScreen(ModalScreen[bool]):
    """Type the sheet's path, Enter checks it, Ctrl+S imports it; returns True when imported."""

    BINDINGS = [
        Binding("escape", "cancel", "关闭", id="bank_import.cancel"),
        Binding("ctrl+s", "apply", "确认导入", id="bank_import.apply"),
    ]
    HELP = """## 导入问题库
输入 Excel（.xlsx）文件的完整路径，按 **Enter** 检查：列出将新增、修改的问题，以及每一处错误（第几行、哪一列、原因），数据库不作任何改动。没有错误时按 **Ctrl+S** 一次导入全部（要么全部导入，要么一个也不导入）。表格的格式与“导出”写出的一样：编号、类别、问题、说明、范围、状态。
"""

    def __init__(self) -> None:
        super().__init__()
        self.plan = None

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static("导入问题库（Enter 检查，Ctrl+S 导入，Esc 关闭）", id="form-title")
            yield Input(placeholder="文件路径，如 /media/usb/问题库.xlsx 或 E:\\问题库.xlsx", id="import-path")
            with VerticalScroll(id="form-fields"):
                yield Static("", id="import-report")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.plan = None
        self._check(event.value.strip().strip('"'))

    @work(thread=True, exclusive=True, group="import")
    def _check(self, path_text: str) -> None:
        from db.session import DataError
        from forms.question_bank_io import plan_bank_import

        path = Path(path_text).expanduser()
        if not path_text or not path.is_file():
            self.app.call_from_thread(self._report, f"找不到文件：{path_text}，请输入 .xlsx 文件的完整路径。", None)
            return
        try:
            plan = plan_bank_import(self.app.engine, path)
        except (DataError, OSError) as exc:
            self.app.call_from_thread(self._report, getattr(exc, "message", str(exc)), None)
            return
        self.app.call_from_thread(self._report, describe_plan(plan), plan)

    def _report(self, text: str, plan) -> None:
        self.plan = plan
        self.query_one("#import-report", Static).update(escape(text))

    def action_apply(self) -> None:
        if self.plan is None or not self.plan.ok:
            self.notify("请先输入文件路径按 Enter 检查，没有错误后才能导入。", severity="warning")
            return
        self._apply(self.plan)

    @work(thread=True, exclusive=True, group="import")
    def _apply(self, plan) -> None:
        from db.session import DataError
        from forms.question_bank_io import apply_bank_import

        try:
            counts = apply_bank_import(self.app.engine, plan)
        except DataError as exc:
            self.app.call_from_thread(self._report, exc.message, None)
            return
        self.app.call_from_thread(
            self.notify, f"已导入：新增 {counts['added']} 个，修改 {counts['updated']} 个问题。")
        self.app.call_from_thread(self.dismiss, True)

    def action_cancel(self) -> None:
        self.dismiss(False)
