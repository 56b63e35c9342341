"""Plain text for the screen (F5) and the console: tables aligned for Chinese, text bar charts.

tabulate measures with wcwidth (a Chinese character takes two columns). Only ASCII rules are
used: box-drawing characters are "ambiguous width" and take two columns in a Chinese Windows
console, which would break every line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import tabulate as _tab
from wcwidth import wcswidth

_tab.WIDE_CHARS_MODE = True  # measure with wcwidth (it is a dependency; be explicit)
_tab.PRESERVE_WHITESPACE = False
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # what wcwidth cannot measure (and ESC, a line break)


def width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    w = wcswidth(text)
    return len(text) if w < 0 else w


def pad(text: str, cols: int, align: str = "L") -> str:
    """`text` padded with spaces to `cols` terminal columns."""
    return _spaced(text, cols - width(text), align)


def _spaced(text: str, free: int, align: str) -> str:
    """`text` with `free` spaces: after it (L), before it (R) or around it (C, the odd one after)."""
    free = max(0, free)
    if align == "R":
        return " " * free + text
    if align == "C":
        return " " * (free // 2) + text + " " * (free - free // 2)
    return text + " " * free


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, aligns: Sequence[str] | None = None) -> str:
    """An aligned table ('simple' style: dashes under the header).

    The text is tabulate's, character for character (tests/forms/test_text_table.py compares
    them over hostile text). Plain cells, the whole of the monthly report, are laid out here:
    tabulate infers a type for every cell and looks for colour codes in each, which took a
    third of F5's time on 600 open cases. A table with a control character in a cell (a line
    break, ESC, ...) or rows of unequal length goes to tabulate itself."""
    colalign = None
    if aligns:
        colalign = ["right" if a == "R" else "center" if a == "C" else "left" for a in aligns]
    body = [["" if v is None else v for v in row] for row in rows]
    if not body:
        body = [["（无）"] + [""] * (len(headers) - 1)]
    fast = _simple(list(headers), body, list(aligns or ()))
    if fast is not None:
        return fast
    return _tab.tabulate(body, headers=list(headers), tablefmt="simple", colalign=colalign,
                         disable_numparse=True)


def _cell_width(text: str) -> int:
    """wcwidth's width (what tabulate measures with); -1 when it cannot measure `text`."""
    return len(text) if text.isascii() else wcswidth(text)


def _simple(headers: list[str], body: list[list[object]], codes: list[str]) -> str | None:
    """tabulate's "simple" table with disable_numparse and wide characters, for cells that are
    str/int/float/date values without control characters; None for anything else."""
    ncols = len(headers)
    if ncols == 0 or any(len(row) != ncols for row in body):
        return None
    cols: list[list[str]] = [[] for _ in range(ncols)]
    for row in body:
        for i, value in enumerate(row):
            if isinstance(value, bool | bytes) or not isinstance(value, str | int | float | date):
                return None
            cols[i].append(f"{value}")
    texts = [h for h in headers] + [t for col in cols for t in col]
    if any(not t.isprintable() and _CONTROL.search(t) for t in texts):
        return None
    aligns = [(codes[i] if i < len(codes) and codes[i] in ("R", "C") else "L") for i in range(ncols)]
    widths, cells = [], []
    for head, col, align in zip(headers, cols, aligns, strict=True):
        col = [t.strip() for t in col]  # tabulate strips cells (PRESERVE_WHITESPACE is off)
        sizes = [_cell_width(t) for t in col]
        if min(sizes) < 0 or _cell_width(head) < 0:
            return None
        w = max(max(sizes), _cell_width(head) + 2)  # tabulate's MIN_PADDING for headers
        widths.append(w)
        cells.append([_spaced(t, w - n, align) for t, n in zip(col, sizes, strict=True)])
    lines = ["  ".join(_spaced(h, w - _cell_width(h), a) for h, w, a in zip(headers, widths, aligns, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(row).rstrip() for row in zip(*cells, strict=True)]
    return "\n".join(lines)


def bar_chart(items: Sequence[tuple[str, int]], *, cols: int = 40, bar: str = "#",
              empty: str = "（无数据）") -> str:
    """One line per item: label, a bar scaled to the largest value, the value."""
    if not items or not any(v for _, v in items):
        return empty
    label_w = max(width(label) for label, _ in items)
    top = max(v for _, v in items)
    lines = []
    for label, value in items:
        n = round(cols * value / top) if top else 0
        if value and n == 0:
            n = 1
        lines.append(f"{pad(label, label_w, 'R')} | {bar * n} {value}")
    return "\n".join(lines)


def heading(text: str, char: str = "=") -> str:
    """A heading underlined to its display width."""
    return f"{text}\n{char * width(text)}"


def fields(pairs: Sequence[tuple[str, object]]) -> str:
    """'label：value' lines with the labels right-aligned."""
    if not pairs:
        return ""
    w = max(width(label) for label, _ in pairs)
    return "\n".join(f"{pad(label, w, 'R')}：{'' if v is None else v}" for label, v in pairs)
