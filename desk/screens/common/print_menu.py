"""p on a case: choose which document to print."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from desk.widgets.text import OptionList, Static, ours, styled


def _label(kind: str) -> str:
    from forms.documents import KINDS

    return KINDS[kind]


MASKED_SUFFIX = ":masked"


def masked_line(masked: bool):
    """The line saying which copy m gives: the whole numbers, or a masked copy."""
    if masked:
        return styled("外送副本：", ("是", "bold"), "（身份证号、电话打码，只印出生年份）  按 m 切换")
    return styled("外送副本：否（当事人本人和本会存档用，号码完整）  按 m 切换")


class PrintMenu(ModalScreen[str | None]):
    """The documents this case can print; Enter prints, m switches to a masked copy for
    outside the office (the result is then "KIND:masked"), Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "取消"), Binding("m", "masked", "外送副本（打码）")]

    def __init__(self, view) -> None:
        super().__init__()
        self.case = view
        self.masked = False

    def available(self) -> list[str]:
        v = self.case
        d = v.dispute
        kinds = (["application"] if d.source == "applied" else []) + ["acceptance", "rights_notice"]
        if any(getattr(p.party, "agent_kind", "") == "委托代理人" for p in v.parties):
            kinds.append("power_of_attorney")
        records = {p.kind for p in v.proceedings}
        if "investigation" in records:
            kinds.append("investigation_record")
        if "mediation" in records:
            kinds.append("mediation_record")
        if v.agreement is not None:
            kinds.append("agreement" if v.agreement.form == "written" else "oral_agreement")
        if v.follow_ups:
            kinds.append("follow_up")
        if getattr(v, "escalations", None):
            kinds.append("escalation")
        if (getattr(d, "file_note", "") or "").strip():
            kinds.append("file_note")
        return kinds + ["cover", "contents", "back_cover", "case_file"]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(ours("[b]打印哪一份？[/b]（Enter 打印，Esc 取消）"))
            yield Static(masked_line(False), id="print-masked")
            yield OptionList(*[Option(_label(k), id=k) for k in self.available()], id="print-menu")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id + (MASKED_SUFFIX if self.masked else ""))

    def action_masked(self) -> None:
        self.masked = not self.masked
        self.query_one("#print-masked", Static).update(masked_line(self.masked))

    def action_cancel(self) -> None:
        self.dismiss(None)
