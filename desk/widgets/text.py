"""Text is always text: the one path by which words reach the screen.

Textual reads a plain ``str`` given to a Static, a Label, an option list, a Select, a DataTable
cell or a toast as *markup*: a party named ``[/x]`` would crash the screen, ``[reverse]`` would
change it. So in desk/ a string is always literal text, by construction:

- the widgets below (``Static``, ``Label``, ``OptionList``, ``SelectionList``, ``Select``) show a
  ``str`` as it is, and desk/ imports these rather than Textual's (tests/app/test_hostile.py
  greps for it);
- the DataTable every screen uses (desk/widgets/table.py) turns every ``str`` cell into plain ``Text``;
- the app's ``notify`` (desk/app.py) never reads markup;
- our own dialogs (ConfirmScreen, MessageScreen, FormScreen, ChoiceMenu) take ``str`` as literal.

Where a line mixes our own styling with data, build it with ``styled`` (pieces of literal
text and ``(text, style)`` pairs) or ``ours`` (markup that is a constant written in this code,
never built from data); ``lines`` joins such lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Label as _Label
from textual.widgets import OptionList as _OptionList
from textual.widgets import Select as _Select
from textual.widgets import SelectionList as _SelectionList
from textual.widgets import Static as _Static
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import Option, OptionDoesNotExist

from desk.widgets.check import OFF, ON

# What never reaches the terminal as it is: C0 and C1 control characters but the line break and
# the tab (ESC would start an escape sequence: a restored or imported file could retitle the
# window or hide text), the line and paragraph separators, and the bidi overrides and isolates
# (which can make 张三 show as 三张).
# Each shows as U+FFFD, so the clerk sees that something is there. Rich and Textual drop only
# BEL, BS, VT, FF and CR.
_HIDDEN = {c: "\ufffd" for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
                                  *range(0x2066, 0x206A)]
           if c not in (0x09, 0x0A)}


def visible(text: str) -> str:
    """`text` with every character that would act on the terminal shown as U+FFFD."""
    return text.translate(_HIDDEN)


def literal(value: Any) -> Content:
    """Any value as text shown exactly as it is (None shows as nothing; see `visible`)."""
    if isinstance(value, Content):
        return value
    if isinstance(value, Text):
        return Content.from_rich_text(value)
    return Content(visible("" if value is None else str(value)))


def ours(markup: str) -> Content:
    """Markup written as a constant in our own code ("[b]当事人[/b]"), never built from data."""
    return Content.from_markup(markup)


def styled(*parts: Any) -> Content:
    """One line from pieces: a str is literal text, (text, style) is styled literal text
    ("bold", "dim", "reverse", "bold red", "$error"...), Content is kept as it is."""
    out: list[Any] = []
    for part in parts:
        if isinstance(part, tuple):
            text, style = part
            out.append(("" if text is None else visible(str(text)), style))
        elif isinstance(part, Content):
            out.append(part)
        else:
            out.append("" if part is None else visible(str(part)))
    return Content.assemble(*out)


def lines(items: Iterable[Any], separator: str = "\n") -> Content:
    """Lines (str, Content or (text, style)) joined into one Content; str stays literal."""
    parts = [styled(item) for item in items]
    return Content(separator).join(parts)


class Tail:
    """A cell whose end is never cut: "张三丰等12人" in a narrow column shows "张三…等12人".

    The head is cut (ending in …) to leave room for the tail; the cell measures as the whole."""

    spans: tuple = ()  # plain text, never styled or read as markup

    def __init__(self, head: str, tail: str = "") -> None:
        # terminal control codes are shown as U+FFFD, as in any other text (`visible`)
        self.head, self.tail = visible(str(head)), visible(str(tail))

    @property
    def plain(self) -> str:
        return self.head + self.tail

    def __str__(self) -> str:
        return self.plain

    def fitted(self, width: int) -> str:
        whole = self.head + self.tail
        if cell_len(whole) <= width:
            return whole
        room = max(0, width - cell_len(self.tail) - 1)
        used = end = 0
        for end, ch in enumerate(self.head):  # noqa: B007
            used += cell_len(ch)
            if used > room:
                break
        else:
            end = len(self.head)
        return self.head[:end] + "…" + self.tail

    def __rich_console__(self, console, options):
        yield Text(self.fitted(options.max_width), no_wrap=True, overflow="crop", end="")

    def __rich_measure__(self, console, options) -> Measurement:
        width = cell_len(self.plain)
        return Measurement(width, width)


def cell(value: Any) -> Any:
    """A DataTable cell: a str becomes plain text (a DataTable reads a str as markup), cut to
    its column with … at the end (Tail)."""
    if isinstance(value, str):
        return Tail(value)
    if isinstance(value, Content):
        return Tail(value.plain) if not value.spans else value
    return value


def _prompt(value: Any) -> Any:
    return literal(value) if isinstance(value, str) else value


def option(prompt: Any, id: str | None = None, disabled: bool = False) -> Option:
    """An option-list entry whose words are literal."""
    return Option(_prompt(prompt), id=id, disabled=disabled)


class Static(_Static):
    """Static that shows a str as it is (styling comes only from Content / ours / styled)."""

    def __init__(self, content: Any = "", *, expand: bool = False, shrink: bool = False,
                 name: str | None = None, id: str | None = None, classes: str | None = None,
                 disabled: bool = False) -> None:
        super().__init__(content, expand=expand, shrink=shrink, markup=False, name=name, id=id,
                         classes=classes, disabled=disabled)


class Label(_Label):
    """Label that shows a str as it is."""

    def __init__(self, content: Any = "", *, variant: str | None = None, expand: bool = False,
                 shrink: bool = False, name: str | None = None, id: str | None = None,
                 classes: str | None = None, disabled: bool = False) -> None:
        super().__init__(content, variant=variant, expand=expand, shrink=shrink, markup=False, name=name,
                         id=id, classes=classes, disabled=disabled)


class OptionList(_OptionList):
    """OptionList whose str prompts are literal."""

    def __init__(self, *content: Any, **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(*[_prompt(c) if isinstance(c, str) else c for c in content], **kwargs)


class SelectionList(_SelectionList):
    """SelectionList whose prompts are literal."""

    def __init__(self, *selections: Any, **kwargs: Any) -> None:
        fixed = []
        for s in selections:
            fixed.append((_prompt(s[0]), *s[1:]) if isinstance(s, tuple) else s)
        super().__init__(*fixed, **kwargs)
        self._markup = False

    def render_line(self, y: int) -> Strip:
        """Textual's line, its ▐X▌ (on or off only by colour) replaced by [√] or [ ]."""
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 4 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        mark = ON if selection.value in self._selected else OFF
        return Strip([Segment(mark, segments[1].style), *segments[3:]], strip.cell_length)


class Select(_Select):
    """Select whose option words (a hamlet's, a cadre's name) are literal."""

    def __init__(self, options: Iterable[tuple[Any, Any]], **kwargs: Any) -> None:
        kwargs.setdefault("prompt", "（请选择）")  # Textual's own is "Select"
        super().__init__([(_prompt(p), v) for p, v in options], **kwargs)

    def set_options(self, options: Iterable[tuple[Any, Any]]) -> None:
        super().set_options([(_prompt(p), v) for p, v in options])


__all__ = ["Label", "OptionList", "Select", "SelectionList", "Static", "Tail", "cell", "lines", "literal",
           "option", "ours", "styled"]
