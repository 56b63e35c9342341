"""The DataTable every screen uses."""

from __future__ import annotations

from textual.widgets import DataTable


class Table(DataTable):
    """A DataTable that draws itself afresh once it has measured new rows.

    Textual measures a table's new rows when the table is next idle and widens the columns, but
    it keeps the lines it drew before, so a screen could show its header at the width of the
    labels over rows drawn at full width, until something else made it redraw. Seen in the
    snapshots of the case and register screens when nothing else on the screen changed.
    """

    def _update_dimensions(self, new_rows) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()
        self.refresh()
