"""The township table (乡镇人民调解工作统计汇总表) as PDF (A4 landscape), xlsx or text.

One row per village and a total row, in the columns of the village's statistics table
(forms/statistics_table.py, db/stats/table.py) plus open / overdue cases and checklist
progress; then the villages missing or late, the files skipped with their reasons, and what
was said about duplicates. On paper the columns are cut into three tables that fit the
landscape width; the xlsx keeps ONE sheet with every column numeric, one row per village.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from db.stats.table import BASES, PREVENTED_NOTE, RATE_FORMULA, WORK, columns
from db.township.collect import TownshipTable
from forms.report_parts import Block, Table, cell_text, render_text, render_xlsx
from forms.statistics_table import (
    SIGNATURES,
    label_of,
    rate_figure,
    township_cells,
    township_headers,
    value_of,
)

FORMATS = ("pdf", "xlsx", "text")
RATE = "调解成功率"


def _month_words(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def title_of(table: TownshipTable, township: str = "") -> str:
    name = township or _township_name(table)
    return f"{name}人民调解工作统计汇总表（{_month_words(table.month)}）"


def _township_name(table: TownshipTable) -> str:
    names = sorted({r.township for r in table.rows if r.township})
    return names[0] if len(names) == 1 else ""


def _parts(table: TownshipTable) -> list[tuple[str, list[str], list[list]]]:
    """The three paper tables: (title, headers, rows with the total last)."""
    cols = columns() + WORK
    basis = table.rows[0].row.basis if table.rows else "accepted"
    groups = [
        ("受理（件）", [c for c in cols if c.group == "受理（件）"], False),
        ("调解结果、协议与规模", [c for c in cols if c.group in ("调解结果（件）", "协议与履行（件）", "规模")], True),
        ("预防与工作进度", [c for c in cols if c.group in ("预防（件）", "预防效果", "工作进度")], False),
    ]
    named = [(r.village, r.row) for r in table.rows] + [("合计", table.total)]
    out = []
    for title, group, with_rate in groups:
        headers = ["村"] + [label_of(c, basis) for c in group] + ([RATE] if with_rate else [])
        rows = []
        for name, row in named:
            cells = [name] + [value_of(row, c) for c in group]
            if with_rate:
                cells.append(rate_figure(row))
            rows.append(cells)
        if title == "预防与工作进度":
            headers.append("排查进度")
            for cells, (_name, row) in zip(rows, named, strict=True):
                cells.append(township_cells("", row)[-1])
        out.append((title, headers, rows))
    return out


def _statements(table: TownshipTable) -> list[str]:
    basis = table.rows[0].row.basis if table.rows else "accepted"
    folded = sorted({f for r in table.rows for f in r.row.folded})
    out = [f"统计口径：{BASES[basis]}", f"{RATE_FORMULA}；合计行的成功率用合计件数计算。", PREVENTED_NOTE,
           "月末在办、其中逾期：月末仍在调解的案件及其中超过办理期限的；排查进度：月末进行中的排查轮次已答/应答。"]
    if folded:
        out.append(f"各村自设的纠纷类型计入“其他”：{'、'.join(folded)}。")
    return out


def _tail_blocks(table: TownshipTable) -> list[Block]:
    out: list[Block] = []
    if table.missing:
        out.append(Block("heading", f"未报的村（{len(table.missing)}个）"))
        out.append(Block("table", table=Table(["村", "情况"], [[v, why] for v, why in table.missing], [30, 70],
                                              "LL", sheet="未报与不全")))
    if table.late:
        out.append(Block("heading", f"数据不全的村（{len(table.late)}个）"))
        out.append(Block("table", table=Table(["村", "情况"], [[r.village, r.late] for r in table.late], [30, 70],
                                              "LL", sheet="未报与不全")))
    if table.skipped:
        out.append(Block("heading", f"跳过的文件（{len(table.skipped)}个）"))
        out.append(Block("table", table=Table(["文件", "原因"], [[str(s.path), s.reason] for s in table.skipped],
                                              [40, 60], "LL", sheet="跳过的文件")))
    if table.notes:
        out.append(Block("heading", "说明"))
        out += [Block("para", n) for n in table.notes]
    used = [[r.village, r.path.name, "上报文件" if r.kind == "submit" else "备份",
             f"{r.made_at:%Y-%m-%d %H:%M}" if r.made_at else "时间不明"] for r in table.rows]
    out.append(Block("heading", "所用文件"))
    out.append(Block("table", table=Table(["村", "文件", "种类", "制作时间"], used, [20, 50, 12, 18], "LLLL",
                                          sheet="所用文件")))
    return out


def blocks(table: TownshipTable) -> list[Block]:
    """The content on paper and in text (the xlsx has its own wide sheet, see `xlsx_blocks`)."""
    out = [Block("para", _summary(table))]
    for title, headers, rows in _parts(table):
        out.append(Block("heading", title))
        widths = [16] + [15 if "金额" in h else 9 for h in headers[1:]]
        out.append(Block("table", table=Table(headers, rows, widths,
                                              "L" + "R" * (len(headers) - 1))))
    out.append(Block("para", "\n".join(_statements(table))))
    out += _tail_blocks(table)
    out.append(Block("signatures", items=list(SIGNATURES)))
    return out


def xlsx_blocks(table: TownshipTable) -> list[Block]:
    headers = township_headers()
    rows = [township_cells(r.village, r.row) for r in table.rows] + [township_cells("合计", table.total)]
    wide = Table(headers, rows, [10] * len(headers), sheet="汇总表", note="\n".join(_statements(table)))
    return [Block("para", _summary(table)), Block("table", table=wide)] + [
        b for b in _tail_blocks(table) if b.kind == "table"]


def _summary(table: TownshipTable) -> str:
    t = table.total.values
    return (f"本表汇总{len(table.rows)}个村：共受理矛盾纠纷{t['accepted']}件，调解成功{t['succeeded']}件，"
            f"调解不成{t['failed']}件，调解成功率{cell_text(rate_figure(table.total))}；"
            f"未报{len(table.missing)}个村，数据不全{len(table.late)}个村，跳过文件{len(table.skipped)}个。")


def render_township(table: TownshipTable, fmt: str, path: str | os.PathLike | None = None, *,
                    township: str = "", today: date | None = None):
    """fmt 'pdf' | 'xlsx' | 'text'; with `path` the file is written safely and returned,
    without it 'text' returns str and 'pdf' / 'xlsx' bytes. FontMissing when no Chinese font."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    title = title_of(table, township)
    subtitle = f"汇总日期：{(today or date.today()):%Y-%m-%d}"
    if fmt == "text":
        out = render_text(title, subtitle, blocks(table))
        if path is None:
            return out
        from forms.render.output import write_atomic  # late: only when a file is written

        return write_atomic(path, lambda tmp: tmp.write_text(out, encoding="utf-8"))
    if fmt == "pdf":
        data = bytes(_pdf(title, subtitle, blocks(table)).output())
    else:
        import io  # late: only for the xlsx

        buf = io.BytesIO()
        render_xlsx(title, subtitle, xlsx_blocks(table)).save(buf)
        data = buf.getvalue()
    if path is None:
        return data
    from forms.render.output import write_atomic  # late: only when a file is written

    write_atomic(path, lambda tmp: tmp.write_bytes(data))
    return Path(path)


def _pdf(title: str, subtitle: str, content: list[Block]):
    from forms.render.pdf import Doc  # late: fpdf2 only for a PDF

    doc = Doc(title, orientation="L", running_head=title)
    doc.add_page()
    doc.title_block(title, subtitle)
    for i, b in enumerate(content):
        nxt = content[i + 1] if i + 1 < len(content) else None
        if b.kind == "heading":
            doc.ensure_room(12 + (40 if nxt is not None and nxt.kind == "table" else 15))
            doc.heading(b.text)
        elif b.kind == "para":
            if nxt is not None and nxt.kind == "signatures":
                doc.ensure_room(40)
            doc.para(b.text, size=9 if "\n" in b.text else 10.5)
        elif b.kind == "table":
            t = b.table
            rows = [[cell_text(v) for v in r] for r in t.rows]
            doc.table(t.headers, rows, t.widths, aligns=t.aligns or None, size=8)
        elif b.kind == "signatures":
            doc.signature_lines(b.items, per_line=3, with_date=False)
    return doc
