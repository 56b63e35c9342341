"""The body of a large streamed sheet (the register: 100,000 rows x 24 columns), written as
sheet XML directly instead of one openpyxl cell object per value.

openpyxl's write-only mode spends about 20 µs a cell building and serialising cell objects
(55 s for the whole register); here a cell costs about 1 µs. Only the rows are written this
way: the title, the header, the styles, page setup and every other part of the file are still
openpyxl's (forms.render.xlsx), and the rows are put into the sheet when the workbook is saved.

The rules are set_value's, written once more for this one path and tested against it
(tests/forms/test_xlsx_fast.py: the same values read back the same way through openpyxl):
text is an inline string cell (never a formula or an error value), after
forms.render.xlsx.clean_text; a start a spreadsheet could take for a formula gets the
quote-prefix style; numbers (int, float, Decimal, Number) and dates stay numbers; bools become
是/否; None and "" are empty cells, which keep the body's style (borders).
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl.styles.numbers import FORMAT_DATE_DATETIME
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

# Anything that needs more than copying the text: XML escapes, characters XML cannot hold, \r.
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]")
CHUNK_ROWS = 500  # rows joined before one write into the zip stream
PROGRESS_ROWS = 1000  # rows between two progress calls


class SheetBody:
    """Rows waiting to be written into a streamed sheet when its workbook is saved.

    `style_id(fmt, quote_prefix)` gives the id of the body style with that number format
    (None for General) and quote prefix; `progress(rows_written)` is called every
    PROGRESS_ROWS rows and once at the end."""

    def __init__(self, rows: Iterable[Sequence], first_row: int, *, style_id: Callable[[str | None, bool], int],
                 money: str, date_fmt: str, clean: Callable[[str], str], risky: Callable[[str], bool],
                 risky_starts: Iterable[str], progress: Callable[[int], None] | None = None):
        self.rows, self.first_row = rows, first_row
        # The first characters of the risky starts: most text begins with none of them, and
        # is then not risky without asking `risky`.
        self.first_chars = frozenset(start[0] for start in risky_starts)
        self.style_id, self.money, self.date_fmt = style_id, money, date_fmt
        self.clean, self.risky, self.progress = clean, risky, progress
        self.written = 0

    def prepare(self) -> tuple[int, int, int, int]:
        """The ids of the usual body styles (plain, quote prefix, money, date), registered in
        the workbook before its styles are written."""
        sid = self.style_id
        return sid(None, False), sid(None, True), sid(self.money, False), sid(self.date_fmt, False)

    def write(self, out: Callable[[bytes], object]) -> int:
        """Write every row's XML through `out`; returns how many rows were written."""
        plain, quoted, money, day = self.prepare()
        clean, risky, progress = self.clean, self.risky, self.progress
        special, first = _SPECIAL.search, self.first_chars
        letters: list[str] = []
        serials: dict[date, str] = {}
        buf: list[str] = []
        add = buf.append
        r = self.first_row - 1
        done = 0
        for row in self.rows:
            r += 1
            if len(row) > len(letters):
                letters += [get_column_letter(i) for i in range(len(letters) + 1, len(row) + 1)]
            add(f'<row r="{r}">')
            for col, v in zip(letters, row, strict=False):  # letters: as many as the longest row yet
                t = type(v)
                if t is bool:
                    v, t = ("是" if v else "否"), str
                if t is str:
                    if not v:
                        add(f'<c r="{col}{r}" s="{plain}"/>')
                        continue
                    if special(v):
                        v = clean(v)
                        s = quoted if risky(v) else plain
                        v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    else:
                        s = quoted if v[0] in first and risky(v) else plain
                    if v[0].isspace() or v[-1].isspace():
                        add(f'<c r="{col}{r}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>')
                    else:
                        add(f'<c r="{col}{r}" s="{s}" t="inlineStr"><is><t>{v}</t></is></c>')
                elif v is None:
                    add(f'<c r="{col}{r}" s="{plain}"/>')
                elif t is int:
                    add(f'<c r="{col}{r}" s="{plain}" t="n"><v>{_number(v)}</v></c>')
                elif t is float:
                    add(f'<c r="{col}{r}" s="{money}" t="n"><v>{_number(v)}</v></c>')
                elif t is date:
                    serial = serials.get(v)
                    if serial is None:
                        serial = serials[v] = _number(to_excel(v))
                    add(f'<c r="{col}{r}" s="{day}" t="n"><v>{serial}</v></c>')
                else:
                    add(self._other(col, r, v))
            add("</row>")
            done += 1
            if done % CHUNK_ROWS == 0:
                out("".join(buf).encode("utf-8"))
                buf.clear()
                if progress is not None and done % PROGRESS_ROWS == 0:
                    progress(done)
        out("".join(buf).encode("utf-8"))
        self.written = done
        if progress is not None:
            progress(done)
        return done

    def _other(self, col: str, r: int, v) -> str:
        """The rarer kinds: a Number with its format, other ints and floats, Decimal, datetime."""
        fmt_value = getattr(v, "fmt", None)
        if fmt_value is not None and hasattr(v, "value"):  # forms.render.xlsx.Number
            fmt = None if fmt_value == "General" else fmt_value
            return f'<c r="{col}{r}" s="{self.style_id(fmt, False)}" t="n"><v>{_number(v.value)}</v></c>'
        if isinstance(v, date):  # a datetime, or a date subclass
            fmt = FORMAT_DATE_DATETIME if isinstance(v, datetime) else self.date_fmt  # as openpyxl gives it
            return f'<c r="{col}{r}" s="{self.style_id(fmt, False)}" t="n"><v>{_number(to_excel(v))}</v></c>'
        if isinstance(v, float):
            return f'<c r="{col}{r}" s="{self.style_id(self.money, False)}" t="n"><v>{_number(v)}</v></c>'
        if isinstance(v, (int, Decimal)):
            return f'<c r="{col}{r}" s="{self.style_id(None, False)}" t="n"><v>{_number(v)}</v></c>'
        if isinstance(v, str):  # a str subclass
            v = self.clean(str(v))
            if not v:
                return f'<c r="{col}{r}" s="{self.style_id(None, False)}"/>'
            s = self.style_id(None, self.risky(v))
            v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            space = ' xml:space="preserve"' if v[0].isspace() or v[-1].isspace() else ""
            return f'<c r="{col}{r}" s="{s}" t="inlineStr"><is><t{space}>{v}</t></is></c>'
        raise ValueError(f"Cannot convert {v!r} to Excel")


def _number(value) -> str:
    """A number as openpyxl writes it (compat.safe_string): 16 significant digits."""
    if isinstance(value, (float, Decimal)) and (math.isnan(value) or math.isinf(value)):
        return ""
    return format(float(value), ".16g")


def splice(saved: zipfile.ZipFile, target, bodies: dict[str, SheetBody], late: dict[str, Callable[[], bytes]],
           compresslevel: int = 1) -> None:
    """Copy the workbook `saved` (as openpyxl wrote it) into the zip file `target`, putting each
    body's rows at the end of its sheet's sheetData (the sheet named by its path in the zip).
    The parts named in `late` are made again after the rows (the styles: a rare kind of value
    may have added a style while the rows were written)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as dst:
        for info in saved.infolist():
            if info.filename in late:
                continue
            data = saved.read(info)
            body = bodies.get(info.filename)
            if body is None:
                dst.writestr(info, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            if not end:  # openpyxl writes <sheetData/> for a sheet without any row
                head, end, tail = data.partition(b"<sheetData/>")
                head, end = head + b"<sheetData>", b"</sheetData>"
            with dst.open(info.filename, "w") as out:
                out.write(head)
                body.write(out.write)
                out.write(end + tail)
        for name, make in late.items():
            dst.writestr(name, make())
