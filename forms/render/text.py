"""Plain text for the screen (F5) and the console: tables aligned for Chinese, text bar charts.

tabulate measures with wcwidth (a Chinese character takes two columns). Only ASCII rules are
used: box-drawing characters are "ambiguous width" and take two columns in a Chinese Windows
console, which would break every line.
"""

from __future__ import annotations

from collections.abc import Sequence

import tabulate as _tab
from wcwidth import wcswidth

_tab.WIDE_CHARS_MODE = True  # measure with wcwidth (it is a dependency; be explicit)
_tab.PRESERVE_WHITESPACE = False


def width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    w = wcswidth(text)
    return len(text) if w < 0 else w


def pad(text: str, cols: int, align: str = "L") -> str:
    """`text` padded with spaces to `cols` terminal columns."""
    free = max(0, cols - width(text))
    if align == "R":
        return " " * free + text
    if align == "C":
        return " " * (free // 2) + text + " " * (free - free // 2)
    return text + " " * free


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, aligns: Sequence[str] | None = None) -> str:
    """An aligned table ('simple' style: dashes under the header)."""
    colalign = None
    if aligns:
        colalign = ["right" if a == "R" else "center" if a == "C" else "left" for a in aligns]
    body = [["" if v is None else v for v in row] for row in rows]
    if not body:
        body = [["（无）"] + [""] * (len(headers) - 1)]
    return _tab.tabulate(body, headers=list(headers), tablefmt="simple", colalign=colalign,
                         disable_numparse=True)


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
