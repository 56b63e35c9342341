"""A short list to choose from (which round, what to print): Enter chooses, Esc cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from desk.widgets.text import OptionList, Static, literal, styled


class ChoiceMenu(ModalScreen[str | None]):
    """Returns the id of the option chosen, or None. The title and labels are literal (a str)
    or Content."""

    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, title: str, options: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.menu_title = title
        self.options = options
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(styled(literal(self.menu_title).stylize("bold"), "（Enter 选定，Esc 取消）"))
            yield OptionList(*[Option(label, id=key) for key, label in self.options], id="choice-menu")

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        keys = [key for key, _label in self.options]
        if self.current in keys:
            menu.highlighted = keys.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
