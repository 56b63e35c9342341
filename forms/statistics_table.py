"""The statistics table (人民调解工作统计表) as printed: in the village's monthly report, one
column of 项目 / 数量 pairs on paper and ONE row of numbers in the xlsx (the same columns in every
village, so rows from many villages add up); the township table (forms/township.py) prints
the same columns, one row per village. Definitions: db/stats/table.py.
"""

from __future__ import annotations

from db.stats.model import DASH
from db.stats.table import BASES, PREVENTED_NOTE, RATE_FORMULA, WORK, Column, StatRow, columns
from forms.report_parts import Block, Figure, Table

SIGNATURES = ["填表人：", "负责人：", "单位（盖章）："]


def label_of(col: Column, basis: str = "accepted") -> str:
    if col.key == "accepted" and basis == "closed":
        return "结案合计"
    return col.label


def value_of(row: StatRow, col: Column):
    """The cell: an int, or a Figure for money (two decimals on paper, a number in Excel)."""
    v = row.values.get(col.key, 0)
    if col.money:
        return Figure(float(v), f"{v:,.2f}", "#,##0.00")
    return int(v)


def rate_figure(row: StatRow) -> Figure:
    value = row.success_rate
    return Figure(None, DASH) if value is None else Figure(value / 100, f"{value:.1f}%", "0.0%")


def notes(row: StatRow) -> list[str]:
    """What the page states under the table: basis, the rate's formula, 预防纠纷, folded types."""
    out = [f"统计口径：{BASES[row.basis]}",
           f"{RATE_FORMULA}（成功率不相加，汇总时用合计的件数重新计算）。", PREVENTED_NOTE]
    if row.folded:
        out.append(f"本村自设的纠纷类型计入“其他”：{'、'.join(row.folded)}。")
    return out


def village_blocks(row: StatRow, month_words: str) -> list[Block]:
    """The table in the village's report (after its heading): pairs on paper, one row in xlsx."""
    cols = columns()
    cells = [(label_of(c, row.basis), value_of(row, c)) for c in cols]
    cells.append(("调解成功率", rate_figure(row)))
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [("", "")] * (2 * half - len(cells))
    rows = [[a, x, b, y] for (a, x), (b, y) in zip(left, right, strict=True)]
    note = "\n".join(notes(row))
    paper = Table(["项目", "数量", "项目", "数量"], rows, [34, 14, 34, 14], "LRLR", sheet="统计表", note=note)
    wide = Table([label_of(c, row.basis) for c in cols] + ["调解成功率"],
                 [[value_of(row, c) for c in cols] + [rate_figure(row)]],
                 [8] * (len(cols) + 1), sheet="统计表", note=f"{month_words}。" + note)
    return [Block("table", table=paper, wide=wide)]


def township_headers(basis: str = "accepted", *, work: bool = True) -> list[str]:
    cols = columns() + (WORK if work else [])
    return ["村"] + [label_of(c, basis) for c in cols] + ["调解成功率"] + (["排查进度"] if work else [])


def township_cells(name: str, row: StatRow, *, work: bool = True) -> list:
    cols = columns() + (WORK if work else [])
    out: list = [name] + [value_of(row, c) for c in cols] + [rate_figure(row)]
    if work:
        share = row.round_share
        out.append(Figure(None, DASH) if share is None else Figure(share, f"{share * 100:.0f}%", "0%"))
    return out
