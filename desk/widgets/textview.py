"""A long text shown a screen at a time: only the lines in view are drawn.

The monthly report is some hundreds of lines of fixed columns, wider than 80 columns. Shown in a
Static, every line is laid out and drawn whenever the screen is; here a line is turned into a
Strip when it first scrolls into view, and kept. Lines keep their columns (never wrapped): the
view scrolls both ways. The text is literal, as everywhere in desk/ (desk/widgets/text.py):
brackets stay brackets and a control character shows as U+FFFD (`desk.widgets.text.visible`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from desk.widgets.text import literal


@dataclass(frozen=True)
class Lines:
    """A text made ready to show: its lines as Content, and the widest line's cells."""

    contents: list[Content]
    width: int


def prepare(text: str) -> Lines:
    """`text` made ready for TextView.update. Touches no widget: a worker thread can do it, so
    the UI thread only swaps the lines in (a thousand lines took 10-20 ms)."""
    lines = text.split("\n")  # only a line break breaks a line; other breaks show as U+FFFD
    if lines[-1] == "":
        lines.pop()
    contents = [literal(line.expandtabs()) for line in lines]
    return Lines(contents, max((c.cell_length for c in contents), default=0))


class TextView(ScrollView, can_focus=True):
    """Plain text in lines, scrolled both ways; `update(text)` replaces it, `text` reads it back."""

    DEFAULT_CSS = """
    TextView {
        overflow: auto auto;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._set(text)

    @property
    def text(self) -> str:
        return "\n".join(c.plain for c in self._contents)

    def update(self, text: str | Lines) -> None:
        """Show `text` (or what `prepare` made of it) from its first line and column."""
        self._set(text)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _set(self, text: str | Lines) -> None:
        lines = text if isinstance(text, Lines) else prepare(text)
        self._contents = lines.contents
        self._strips: dict[int, Strip] = {}
        self.virtual_size = Size(lines.width, len(self._contents))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        number = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if not 0 <= number < len(self._contents):
            return Strip.blank(width, style)
        strip = self._strips.get(number)
        if strip is None:
            content = self._contents[number]
            strip = self._strips[number] = Strip(content.render_segments(), content.cell_length).apply_style(style)
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = {}
