"""xlsx with openpyxl, set up for the clerk to adjust in WPS or Excel.

Every sheet: a title line, a bold header row with borders, font 宋体, column widths from the
content's display width (a Chinese character counts 2), A4 paper, fit to one page wide, the
header row repeated on every printed page, "第 N 页 共 M 页" in the footer. Numbers stay
numbers so that sums and filters work. Large sheets (the register) use openpyxl's write-only
mode, which streams rows instead of holding styled cells in memory.

No cell is ever a formula: every value reaches a cell through `set_value` (the sheets here,
the question bank, the import template use it). Text is stored as an explicit string cell
(t="inlineStr": openpyxl would otherwise make "=1+1" a formula and "#N/A" an error), exactly as
typed. Text that a spreadsheet would read as a formula when the cell is edited (starting with
= + - @, a tab or a carriage return: the OWASP CSV-injection rule) also gets the "quote prefix"
style, Excel's own mark for "this is text" (the ' shown in the formula bar), so that editing the
cell in Excel or WPS keeps it text; the value itself is not changed. Numbers stay numbers:
`Number(value, fmt)` is a number with its Excel format (e.g. a rate as 0.0%).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import ARC_STYLE
from openpyxl.xml.functions import tostring
from wcwidth import wcswidth

from forms.render.output import write_atomic
from forms.render.xlsx_body import SheetBody, splice

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
PERCENT = "0.0%"
# OWASP CSV injection: a cell starting with one of these may be read as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Number:
    """A number written with an Excel number format (the value stays a number)."""

    value: int | float
    fmt: str = "General"


def risky(text: str) -> bool:
    """True when a spreadsheet could take `text` for a formula (OWASP rule)."""
    return text.startswith(FORMULA_START)


def clean_text(value: str) -> str:
    """Text as a cell holds it: characters XML 1.0 cannot hold (validation refuses them; never
    crash an export on them) shown as \ufffd, and a carriage return, which every XML reader
    turns into a line feed anyway, written as one."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))


def set_value(cell, value) -> None:
    """The one way a value enters a cell (normal or write-only). Text becomes a string cell,
    never a formula or an error value; a risky start gets Excel's quote-prefix style. Numbers
    (int, float, Decimal, Number) and dates stay numbers; bools become 是/否."""
    if isinstance(value, Number):
        cell.value = value.value
        if value.fmt != "General":
            cell.number_format = value.fmt
        return
    if isinstance(value, bool):
        value = "是" if value else "否"
    if not isinstance(value, str) or value == "":
        cell.value = None if isinstance(value, str) else value  # "" is a blank cell, as read back
        return
    text = clean_text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl made "=..." a formula and "#N/A" an error: text it is
    if risky(text):
        cell.quotePrefix = True


def append_row(ws, values: Iterable) -> None:
    """Append one row to a normal worksheet, every value through `set_value`."""
    row = ws._current_row + 1  # where Worksheet.append would write
    for col, value in enumerate(values, 1):
        set_value(ws.cell(row, col), value)
    ws._current_row = row  # an all-empty row still counts, as with append


def new_workbook(*, streamed: bool = False) -> Workbook:
    """An empty workbook; `streamed` (write-only) for sheets of many thousand rows."""
    wb = Workbook(write_only=streamed)
    if not streamed:
        wb.remove(wb.active)
    return wb


def display_width(value) -> int:
    if isinstance(value, Number):
        value = value.value
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
                *, note: str = "", widths: Sequence[float] | None = None, landscape: bool = False,
                progress: Callable[[int], None] | None = None) -> object:
    """Add a sheet: title (row 1), optional note (row 2), header row, then `rows`.
    Float values (money in 元) get the number format #,##0.00. In a streamed workbook the rows
    are read and written when the workbook is saved (save_workbook), calling
    `progress(rows written)` now and then (forms.render.xlsx_body)."""
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
            c = WriteOnlyCell(ws)
            set_value(c, value)
            if isinstance(value, Number):
                fmt = value.fmt
            key = (id(font), id(align), id(border), id(fill), fmt, c.quotePrefix)
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

        title_align = Alignment(vertical="center")
        ws.append([cell(title, TITLE, title_align, None)])
        if note:
            ws.append([cell(note, NOTE, title_align, None)])
        ws.append([cell(h, BOLD, CENTER, BORDER, HEAD_FILL) for h in headers])

        body_ids: dict[tuple, int] = {}

        def body_style(fmt: str | None, quote: bool) -> int:
            if (fmt, quote) not in body_ids:  # a cell of that kind gives the id of its style
                body_ids[fmt, quote] = cell("=" if quote else None, fmt=fmt).style_id
            return body_ids[fmt, quote]

        # The rows go in when the workbook is saved (save_workbook), written straight as XML.
        wb._desk_bodies = [*getattr(wb, "_desk_bodies", []), (ws, SheetBody(
            rows, head_row + 1, style_id=body_style, money=MONEY, date_fmt=DATE, clean=clean_text,
            risky=risky, risky_starts=FORMULA_START, progress=progress))]
    else:
        append_row(ws, [title])
        ws.cell(1, 1).font = TITLE
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, ncol))
        ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 26
        if note:
            append_row(ws, [note])
            ws.cell(2, 1).font = NOTE
            ws.cell(2, 1).alignment = Alignment(vertical="top", wrap_text=True)
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(1, ncol))
            lines = -(-display_width(note) // max(1, int(sum(widths) * 0.95)))
            ws.row_dimensions[2].height = 14 * max(1, lines)
        append_row(ws, headers)
        for j in range(1, ncol + 1):
            c = ws.cell(head_row, j)
            c.font, c.alignment, c.border, c.fill = BOLD, CENTER, BORDER, HEAD_FILL
        for row in rows:
            append_row(ws, row)
        # Setting a style hashes the style objects (slow: ~0.1 ms a cell); style one cell of
        # each kind, then share its style ids with the others.
        protos: dict[str, object] = {}
        for r in ws.iter_rows(min_row=head_row + 1, max_row=ws.max_row, max_col=ncol):
            for c in r:
                # A cell's own number format (a Number's) and quote prefix are part of its kind.
                own = c.number_format if c.number_format != "General" else None
                kind = (own or _fmt(c.value), c.quotePrefix)
                proto = protos.get(kind)
                if proto is None:
                    c.font, c.alignment, c.border = BODY, WRAP, BORDER
                    if kind[0]:
                        c.number_format = kind[0]
                    protos[kind] = c
                else:
                    c._style = copy(proto._style)
        ws.freeze_panes = ws.cell(head_row + 1, 1)
    return ws


def _fmt(value) -> str | None:
    """The number format a plain value gets: money for floats (元), a date format for dates."""
    if isinstance(value, Number):
        return value.fmt
    if isinstance(value, float):
        return MONEY
    if isinstance(value, date):
        return DATE
    return None


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
    try:
        write_atomic(path, lambda tmp: _save(wb, tmp))
    except BaseException:
        _discard(wb)
        raise


def _save(wb: Workbook, tmp) -> None:
    bodies = getattr(wb, "_desk_bodies", None)
    if not bodies:
        wb.save(tmp)
        return
    for _ws, body in bodies:
        body.prepare()
    saved = io.BytesIO()  # the workbook without the bodies' rows: a few kB
    wb.save(saved)
    wb._desk_bodies = []
    with zipfile.ZipFile(saved) as z:
        splice(z, tmp, {ws.path.lstrip("/"): body for ws, body in bodies},
               {ARC_STYLE: lambda: tostring(write_stylesheet(wb))})


def _discard(wb: Workbook) -> None:
    """Close a streamed workbook's half-written sheets after a failed save (otherwise their
    temporary files linger and a warning is printed when they are collected)."""
    if not getattr(wb, "write_only", False):
        return
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # the sheet is broken anyway; nothing more to do for it
            pass
