"""i on the register: import an existing spreadsheet, dry run first."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static


class ImportScreen(ModalScreen[bool]):
    """Type the file's path, Enter checks it (nothing is changed), Ctrl+S imports it."""

    BINDINGS = [
        Binding("escape", "cancel", "关闭", id="import.cancel"),
        Binding("ctrl+s", "apply", "确认导入", id="import.apply"),
        Binding("ctrl+t", "template", "写出模板", id="import.template"),
    ]
    HELP = """## 导入台账表格
输入 Excel（.xlsx）或 CSV 文件的完整路径，按 **Enter** 检查：列出可以导入的件数、每一处错误（第几行、哪一列、原因）和不认识的列，数据库不作任何改动。没有错误时按 **Ctrl+S** 一次导入全部（要么全部导入，要么一件也不导入）。**Ctrl+T** 在输入的路径写出一个空白模板。
"""

    def __init__(self) -> None:
        super().__init__()
        self.plan = None

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static("导入台账表格（Enter 检查，Ctrl+S 导入，Esc 关闭）", id="form-title")
            yield Input(placeholder="文件路径，如 /media/usb/台账.xlsx 或 E:\\台账.xlsx", id="import-path")
            with VerticalScroll(id="form-fields"):
                yield Static("", id="import-report")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.plan = None
        self._check(event.value.strip().strip('"'))

    @work(thread=True, exclusive=True, group="import")
    def _check(self, path_text: str) -> None:
        from db.session import DataError
        from desk.cli_import import describe
        from forms.register_import import plan_import

        path = Path(path_text).expanduser()
        if not path.is_file():
            self.app.call_from_thread(self._report, f"找不到文件：{path}", None)
            return
        try:
            plan = plan_import(self.app.engine, path)
        except (DataError, OSError, ValueError) as exc:
            self.app.call_from_thread(self._report, getattr(exc, "message", str(exc)), None)
            return
        tail = "\n\n没有错误，按 Ctrl+S 导入。" if plan.ok else "\n\n请在表格里改正以上错误，保存后再按 Enter 检查。"
        self.app.call_from_thread(self._report, "\n".join(describe(plan)) + tail, plan)

    def _report(self, text: str, plan) -> None:
        from rich.markup import escape

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
        from forms.register_import import apply_import

        try:
            ids = apply_import(self.app.engine, plan)
        except DataError as exc:
            self.app.call_from_thread(self._report, exc.message, None)
            return
        self.app.call_from_thread(self.notify, f"已导入 {len(ids)} 件。")
        self.app.call_from_thread(self.dismiss, True)

    @work(thread=True, group="import")
    def action_template(self) -> None:
        from forms.register_import import write_template

        path = Path(self.query_one("#import-path", Input).value.strip() or "台账模板.xlsx").expanduser()
        try:
            write_template(path)
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"无法写入 {path}：{exc.strerror}", severity="error")
            return
        self.app.call_from_thread(self.notify, f"已写出空白模板：{path}")

    def action_cancel(self) -> None:
        self.dismiss(False)
