"""The DataTable every screen uses."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from desk.widgets.text import Tail, cell

__all__ = ["SCROLLBAR", "Table", "Tail"]

SCROLLBAR = 2  # room kept for the vertical scrollbar


def _label(label):
    return Text(label) if isinstance(label, str) else label


class Table(DataTable):
    """A DataTable whose cells and labels are literal text, that draws itself afresh once it
    has measured new rows.

    Text: a DataTable reads a str cell as markup (Textual's default_cell_formatter), so a
    party named "[/x]" would crash the screen. Every str that goes in here is made plain Text.

    Drawing: Textual measures a table's new rows when the table is next idle and widens the
    columns, but it keeps the lines it drew before, so a screen could show its header at the
    width of the labels over rows drawn at full width, until something else made it redraw.
    Seen in the snapshots of the case and register screens when nothing else on the screen
    changed.
    """

    def __init__(self, *args, fill: dict[str, int] | None = None, **kwargs) -> None:
        """fill: column key -> share of the width beyond the fixed widths (80 columns): at 100
        or 200 columns those columns widen (names, question texts); cut text ends with …."""
        super().__init__(*args, **kwargs)
        self.fill = dict(fill or {})
        self._base: dict[str, int] = {}

    def add_column(self, label, *, width=None, key=None, default=None):
        if key is not None and width is not None:
            self._base[key] = width
        return super().add_column(_label(label), width=width, key=key,
                                  default=cell(default) if default is not None else None)

    def fill_widths(self, total: int) -> dict[str, int]:
        """The width of each fixed-width column for a table `total` cells wide."""
        used = sum(self._base.values()) + 2 * self.cell_padding * len(self.columns) + SCROLLBAR
        spare = max(0, total - used)
        weights = {k: w for k, w in self.fill.items() if k in self._base}
        share = sum(weights.values()) or 1
        widths = dict(self._base)
        given = 0
        for i, (key, weight) in enumerate(weights.items()):
            extra = spare - given if i == len(weights) - 1 else spare * weight // share
            widths[key] += extra
            given += extra
        return widths

    def on_resize(self, event: events.Resize) -> None:
        if not self.fill:
            return
        widths = self.fill_widths(event.size.width)
        changed = False
        for key, width in widths.items():
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.width != width:
                column.width = width
                changed = True
        if changed:
            self._update_dimensions([])

    def add_row(self, *cells, height=1, key=None, label=None):
        return super().add_row(*[cell(c) for c in cells], height=height, key=key,
                               label=_label(label) if label is not None else None)

    def update_cell(self, row_key, column_key, value, *, update_width=False) -> None:
        super().update_cell(row_key, column_key, cell(value), update_width=update_width)

    def update_cell_at(self, coordinate, value, *, update_width=False) -> None:
        super().update_cell_at(coordinate, cell(value), update_width=update_width)

    def _update_dimensions(self, new_rows) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()
        self.refresh()
