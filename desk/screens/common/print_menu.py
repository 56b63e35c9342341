"""p on a case: choose which document to print."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from desk.widgets.text import OptionList, Static, ours


def _label(kind: str) -> str:
    from forms.documents import KINDS

    return KINDS[kind]


class PrintMenu(ModalScreen[str | None]):
    """The documents this case can print; Enter prints, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, view) -> None:
        super().__init__()
        self.case = view

    def available(self) -> list[str]:
        v = self.case
        kinds = ["acceptance"]
        records = {p.kind for p in v.proceedings}
        if "investigation" in records:
            kinds.append("investigation_record")
        if "mediation" in records:
            kinds.append("mediation_record")
        if v.agreement is not None:
            kinds.append("agreement" if v.agreement.form == "written" else "oral_agreement")
        if v.follow_ups:
            kinds.append("follow_up")
        return kinds + ["cover", "contents", "case_file"]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(ours("[b]打印哪一份？[/b]（Enter 打印，Esc 取消）"))
            yield OptionList(*[Option(_label(k), id=k) for k in self.available()], id="print-menu")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
