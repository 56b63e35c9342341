"""The dialog both spreadsheet imports share: type a path, Enter checks it (nothing is
changed), Ctrl+S applies a clean plan in one transaction. Subclasses say what to plan,
how to describe the plan and how to apply it."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input

from desk.context import UsesContext
from desk.widgets.keybar import KeyBar
from desk.widgets.progress import WorkProgress
from desk.widgets.text import Static


class ImportDialog(UsesContext, ModalScreen[bool]):
    """Returns True when something was imported."""

    BINDINGS = [
        Binding("escape", "cancel", "关闭", id="import.cancel"),
        Binding("ctrl+s", "apply", "确认导入", id="import.apply"),
    ]
    TITLE_TEXT = ""
    PLACEHOLDER = ""

    def __init__(self) -> None:
        super().__init__()
        self.plan = None
        # progress(done, total) for make_plan and apply_plan to pass on (None: not running).
        self.progress = None

    # ---- what a subclass provides (make_plan and apply_plan run in a worker thread) --------

    def make_plan(self, engine, path: Path):
        raise NotImplementedError

    def describe(self, plan) -> str:
        raise NotImplementedError

    def apply_plan(self, engine, plan) -> str:
        """Apply the plan; returns the sentence to show when done."""
        raise NotImplementedError

    # ---- the dialog --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(f"{self.TITLE_TEXT}（Enter 检查，Ctrl+S 导入，Esc 关闭）", id="form-title")
            yield Input(placeholder=self.PLACEHOLDER, id="import-path")
            yield WorkProgress(id="import-progress")
            with VerticalScroll(id="form-fields"):
                yield Static("", id="import-report")
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.plan = None
        self._check(event.value.strip().strip('"'))

    @work(thread=True, exclusive=True, group="import")
    def _check(self, path_text: str) -> None:
        path = Path(path_text).expanduser()
        if not path_text or not path.is_file():
            self.app.call_from_thread(self._report, f"找不到文件：{path_text}，请输入表格文件的完整路径。", None)
            return
        bar = self.query_one(WorkProgress)
        self.app.call_from_thread(bar.start, "正在读取并检查表格")
        self.progress = bar.reporter()
        try:
            plan = self.make_plan(self.ctx.engine, path)
        except (OSError, ValueError) as exc:  # DataError is a ValueError
            self.app.call_from_thread(self._report, getattr(exc, "message", str(exc)), None)
            return
        finally:
            self.progress = None
            self.app.call_from_thread(bar.stop)
        self.app.call_from_thread(self._report, self.describe(plan), plan)

    def _report(self, text: str, plan) -> None:
        self.plan = plan
        self.query_one("#import-report", Static).update(text)

    def action_apply(self) -> None:
        if self.plan is None or not self.plan.ok:
            self.notify("请先输入文件路径按 Enter 检查，没有错误后才能导入。", severity="warning")
            return
        self._apply(self.plan)

    @work(thread=True, exclusive=True, group="import")
    def _apply(self, plan) -> None:
        bar = self.query_one(WorkProgress)
        self.app.call_from_thread(bar.start, "正在导入")
        self.progress = bar.reporter()
        try:
            done = self.apply_plan(self.ctx.engine, plan)
        except ValueError as exc:
            self.app.call_from_thread(self._report, getattr(exc, "message", str(exc)), None)
            return
        finally:
            self.progress = None
            self.app.call_from_thread(bar.stop)
        self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.dismiss, True)

    def action_cancel(self) -> None:
        self.dismiss(False)
