"""The pieces of a printed report (monthly report, statistics table, township table): tables,
blocks and numbers that keep their value for Excel, and the text and xlsx renderings of a list
of blocks. The PDF is drawn by each report (forms/monthly_report.py, forms/township.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.stats.model import DASH, rate_value


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    widths: list[float]
    aligns: str = ""
    sheet: str = ""  # xlsx sheet name; tables sharing one are written one below the other
    note: str = ""
    frac: float = 1.0  # share of the page width in the PDF


@dataclass
class Block:
    kind: str  # heading / para / table / bars / trend / signatures
    text: str = ""
    table: Table | None = None
    items: list = field(default_factory=list)
    series: list = field(default_factory=list)
    wide: Table | None = None  # the xlsx's form of a table, when it differs (one row, many columns)


@dataclass(frozen=True)
class Figure:
    """A number with the words it prints as (PDF, text) and its Excel format (xlsx keeps the
    number: sums and filters work). value None prints as a dash, in every format."""

    value: int | float | None
    text: str
    excel: str = "General"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Pair:
    """One cell of the hamlet x type table: resolved / unresolved cases. Printed '3/1'; the
    xlsx gives each number its own column, so both stay numbers."""

    done: int
    undone: int

    def __str__(self) -> str:
        return f"{self.done}/{self.undone}"


def num_text(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def delta(now, before) -> Figure:
    """Month-over-month / year-over-year change: +3, -1, 0 (money: +1,200.00)."""
    d = now - before
    if isinstance(d, float):
        d = round(d, 2)  # money in 元: to the fen, without a float's tail
        return Figure(d, f"{d:+,.2f}" if d else "0", "+#,##0.00;-#,##0.00;0")
    return Figure(d, f"{d:+d}" if d else "0", "+0;-0;0")


def percent(text: str, part: int, whole: int | None = None) -> Figure:
    """A rate or share as printed ('85.7%' or a dash) with its value (0.857) for Excel.
    `whole` None: part is the rate in per cent already (rate_value)."""
    if text == DASH:
        return Figure(None, DASH)
    value = part / 100 if whole is None else part / whole
    return Figure(value, text, "0.0%")


def rate_cell(counts) -> Figure:
    value = rate_value(counts.succeeded, counts.failed)
    return Figure(None, DASH) if value is None else percent(counts.success_rate, value)


def cell_text(value) -> str:
    """A table cell as printed on paper and in text."""
    if isinstance(value, (Figure, Pair)):
        return str(value)
    if isinstance(value, float):
        return num_text(value)
    return value


def figure_of(value) -> Figure:
    if value is None:
        return Figure(None, DASH)
    return Figure(value, num_text(value), "#,##0.00" if isinstance(value, float) else "General")


def render_text(title: str, subtitle: str, content: list[Block]) -> str:
    from forms.render import text as tx

    parts = [tx.heading(title), subtitle, ""]
    for b in content:
        if b.kind == "heading":
            parts += [tx.heading(b.text, "-")]
        elif b.kind == "para":
            parts += [b.text, ""]
        elif b.kind == "table":
            t = b.table
            if t.note:
                parts.append(t.note)
            rows = [[cell_text(v) for v in r] for r in t.rows]
            parts += [tx.table(t.headers, rows, aligns=t.aligns or None), ""]
        elif b.kind == "bars":
            parts += [b.text, tx.bar_chart(b.items), ""]
        elif b.kind == "trend":
            accepted = b.series[0][1]
            done = b.series[1][1]
            items = [(f"{label} 受理", a) for label, a in zip(b.items, accepted, strict=True)]
            parts += [b.text, tx.bar_chart(items, cols=30),
                      "调解成功：" + "  ".join(f"{lbl} {v}" for lbl, v in zip(b.items, done, strict=True)), ""]
    return "\n".join(parts).rstrip() + "\n"


def _xlsx_value(value):
    """Figures as numbers with their format (a dash stays text); everything else as it is."""
    from forms.render.xlsx import Number

    if isinstance(value, Figure):
        return DASH if value.value is None else Number(value.value, value.excel)
    return value


PAIR_NOTE = "每个类型两列：已化解、未化解（件）。已化解指调解成功。"


def _xlsx_table(t: Table) -> tuple[list[str], list[list], str]:
    """(headers, rows, note) for the sheet: a column of Pairs becomes two numeric columns."""
    paired = {i for r in t.rows for i, v in enumerate(r) if isinstance(v, Pair)}
    if not paired:
        return list(t.headers), [[_xlsx_value(v) for v in r] for r in t.rows], t.note
    headers: list[str] = []
    for i, h in enumerate(t.headers):
        headers += [f"{h}（已化解）", f"{h}（未化解）"] if i in paired else [h]
    rows = []
    for r in t.rows:
        row: list = []
        for i, v in enumerate(r):
            if i in paired:
                row += [v.done, v.undone] if isinstance(v, Pair) else [v, ""]
            else:
                row.append(_xlsx_value(v))
        rows.append(row)
    return headers, rows, PAIR_NOTE


def render_xlsx(title: str, subtitle: str, content: list[Block]):
    from forms.render.xlsx import new_workbook, table_sheet

    wb = new_workbook()
    by_sheet: dict[str, list[Table]] = {}
    summary = [b.text for b in content if b.kind == "para"]
    for b in content:
        if b.kind == "table":
            t = b.wide or b.table
            by_sheet.setdefault(t.sheet or "月报", []).append(t)
    first = True
    for sheet, tables in by_sheet.items():
        # Tables sharing a sheet with the same columns are stacked under one header.
        parts = [_xlsx_table(t) for t in tables]
        head = parts[0][0]
        rows: list[list] = []
        for headers, t_rows, _note in parts:
            if rows:
                rows.append([""] * len(head))
                if headers != head:
                    rows.append(list(headers))
            rows.extend(t_rows)
        notes = list(dict.fromkeys(n for _h, _r, n in parts if n))  # once each, in order
        note = "\n".join([subtitle] + ([*summary] if first else []) + notes)
        table_sheet(wb, sheet, f"{title} {sheet}", head, rows, note=note, landscape=len(head) > 7)
        first = False
    return wb
