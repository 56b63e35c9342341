"""desk.widgets.table.Table: after it measures new rows, the header is drawn at the new widths."""

from __future__ import annotations

from textual.app import App
from textual.geometry import Region
from textual.widgets import DataTable

from desk.widgets.table import Table


class _One(App):
    def __init__(self, cls) -> None:
        super().__init__()
        self.cls = cls

    def compose(self):
        yield self.cls()


def _lines(table) -> list[str]:
    """What the screen would show: through the widget's own line cache, as a frame does."""
    strips = table.render_lines(Region(0, 0, table.size.width, 2))
    return ["".join(seg.text for seg in strip).rstrip() for strip in strips]


async def test_the_header_widens_with_its_rows():
    app = _One(Table)
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(DataTable)
        table.add_columns("类别", "姓名")
        await pilot.pause()
        assert _lines(table)[0] == " 类别  姓名"  # drawn (and kept) at the labels' widths
        table.add_row("被申请人", "欧阳小明")
        for _ in range(5):
            await pilot.pause()
        assert _lines(table) == [" 类别      姓名", " 被申请人  欧阳小明"]


def test_textual_still_measures_rows_where_table_expects():
    # Table hooks DataTable._update_dimensions; if Textual renames it the hook would do nothing.
    assert callable(getattr(DataTable, "_update_dimensions", None))
