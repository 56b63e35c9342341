"""xlsx with openpyxl, set up for the clerk to adjust in WPS or Excel.

Every sheet: a title line, a bold header row with borders, font 宋体, column widths from the
content's display width (a Chinese character counts 2), A4 paper, fit to one page wide, the
header row repeated on every printed page, "第 N 页 共 M 页" in the footer. Numbers stay
numbers so that sums and filters work. Large sheets (the register) use openpyxl's write-only
mode, which streams rows instead of holding styled cells in memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from wcwidth import wcswidth

from forms.render.output import write_atomic

FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
BODY = Font(name=FONT_NAME, size=10.5)
BOLD = Font(name=FONT_NAME, size=10.5, bold=True)
TITLE = Font(name=FONT_NAME, size=15, bold=True)
NOTE = Font(name=FONT_NAME, size=10, color="555555")
WRAP = Alignment(vertical="center", wrap_text=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MAX_WIDTH = 48
MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"


def new_workbook(*, streamed: bool = False) -> Workbook:
    """An empty workbook; `streamed` (write-only) for sheets of many thousand rows."""
    wb = Workbook(write_only=streamed)
    if not streamed:
        wb.remove(wb.active)
    return wb


def display_width(value) -> int:
    text = "" if value is None else str(value)
    return max((wcswidth(line) if wcswidth(line) >= 0 else len(line)) for line in text.split("\n"))


def _widths(headers: Sequence[str], rows: Sequence[Sequence], sample: int = 2000) -> list[float]:
    widths = [display_width(h) + 2 for h in headers]
    for row in rows[:sample]:
        for i, v in enumerate(row):
            if i < len(widths):
                widths[i] = max(widths[i], display_width(v) + 2)
    return [min(max(w, 6), MAX_WIDTH) for w in widths]


def table_sheet(wb: Workbook, name: str, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                *, note: str = "", widths: Sequence[float] | None = None, landscape: bool = False) -> object:
    """Add a sheet: title (row 1), optional note (row 2), header row, then `rows`.
    Float values (money in 元) get the number format #,##0.00."""
    streamed = getattr(wb, "write_only", False)
    if not isinstance(rows, list) and not (streamed and widths):
        rows = list(rows)  # needed to measure the columns; a streamed sheet with widths is not held
    ws = wb.create_sheet(name[:31])
    ncol = len(headers)
    widths = list(widths or _widths(headers, rows))
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    head_row = 3 if note else 2
    _print_setup(ws, head_row, landscape)  # before any row: a streamed sheet writes as it goes

    if streamed:
        ws.freeze_panes = f"A{head_row + 1}"

        styles: dict[tuple, object] = {}  # style objects -> their style ids, set once

        def cell(value, font=BODY, align=WRAP, border=BORDER, fill=None, fmt=None):
            c = WriteOnlyCell(ws, value=value)
            key = (id(font), id(align), id(border), id(fill), fmt)
            known = styles.get(key)
            if known is not None:
                c._style = copy(known)
                return c
            c.font, c.alignment = font, align
            if border:
                c.border = border
            if fill:
                c.fill = fill
            if fmt:
                c.number_format = fmt
            styles[key] = copy(c._style)
            return c

        ws.append([cell(title, TITLE, Alignment(vertical="center"), None)])
        if note:
            ws.append([cell(note, NOTE, Alignment(vertical="center"), None)])
        ws.append([cell(h, BOLD, CENTER, BORDER, HEAD_FILL) for h in headers])
        for row in rows:
            ws.append([cell(v, fmt=MONEY if isinstance(v, float) else DATE if isinstance(v, date) else None)
                       for v in row])
    else:
        ws.append([title])
        ws.cell(1, 1).font = TITLE
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, ncol))
        ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 26
        if note:
            ws.append([note])
            ws.cell(2, 1).font = NOTE
            ws.cell(2, 1).alignment = Alignment(vertical="top", wrap_text=True)
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(1, ncol))
            lines = -(-display_width(note) // max(1, int(sum(widths) * 0.95)))
            ws.row_dimensions[2].height = 14 * max(1, lines)
        ws.append(list(headers))
        for j in range(1, ncol + 1):
            c = ws.cell(head_row, j)
            c.font, c.alignment, c.border, c.fill = BOLD, CENTER, BORDER, HEAD_FILL
        for row in rows:
            ws.append(list(row))
        # Setting a style hashes the style objects (slow: ~0.1 ms a cell); style one cell of
        # each kind, then share its style ids with the others.
        protos: dict[str, object] = {}
        for r in ws.iter_rows(min_row=head_row + 1, max_row=ws.max_row, max_col=ncol):
            for c in r:
                kind = "money" if isinstance(c.value, float) else "date" if isinstance(c.value, date) else "plain"
                proto = protos.get(kind)
                if proto is None:
                    c.font, c.alignment, c.border = BODY, WRAP, BORDER
                    if kind != "plain":
                        c.number_format = MONEY if kind == "money" else DATE
                    protos[kind] = c
                else:
                    c._style = copy(proto._style)
        ws.freeze_panes = ws.cell(head_row + 1, 1)
    return ws


def _print_setup(ws, head_row: int, landscape: bool) -> None:
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.font = FONT_NAME


def save_workbook(wb: Workbook, path: str | os.PathLike) -> None:
    """Write the workbook safely (temporary file, then rename); OutputError on failure."""
    write_atomic(path, lambda tmp: wb.save(tmp))
