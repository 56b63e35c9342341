"""The DataTable every screen uses."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from desk.widgets.text import cell


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

    def add_column(self, label, *, width=None, key=None, default=None):
        return super().add_column(_label(label), width=width, key=key,
                                  default=cell(default) if default is not None else None)

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
