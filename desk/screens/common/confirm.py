"""Yes / no questions (y / n keys)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from desk.widgets.text import Static, literal, ours


class ConfirmScreen(ModalScreen[bool]):
    """Asks one question; y or Enter says yes, n or Esc says no. A str question is literal
    text (it may quote a name); pass Content (desk.widgets.text.styled) for styling."""

    BINDINGS = [
        Binding("y", "answer(True)", "是", id="confirm.yes"),
        Binding("enter", "answer(True)", "是", show=False),
        Binding("n", "answer(False)", "否", id="confirm.no"),
        Binding("escape", "answer(False)", "否", show=False),
    ]

    def __init__(self, question) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(literal(self.question), id="confirm-question")
            yield Static(ours("按 [b]y[/b] 确定，按 [b]n[/b] 或 Esc 取消"), id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MessageScreen(ModalScreen[None]):
    """A message that must be read (an error at start-up, a refusal): any key closes it.
    Title and text are literal (a str) or Content."""

    BINDINGS = [Binding("escape,enter,space", "close", "关闭")]

    def __init__(self, title, text) -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(literal(self.title_text).stylize("bold"), id="confirm-title")
            yield Static(literal(self.text), id="confirm-question")
            yield Static("按 Enter 关闭", id="confirm-keys")

    def action_close(self) -> None:
        self.dismiss(None)
