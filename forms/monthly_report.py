"""The monthly report (月报) of the mediation work, as PDF, xlsx or text.

One list of blocks (headings, paragraphs, tables, charts) is built from `MonthlyFigures`
(db/stats/figures.py, which also documents every definition); each renderer draws the same blocks, so
the three outputs always hold the same numbers. The report prints no ID numbers at all; party
names appear only in the meeting list, as the office's own working paper.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from db.stats.figures import CHECKLIST, DASH, MonthlyFigures, share
from db.stats.model import rate_value

FORMATS = ("pdf", "xlsx", "text")
NUMERALS = list("一二三四五六七八九十") + ["十一", "十二", "十三", "十四"]


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


def _num(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _delta(now, before) -> Figure:
    """Month-over-month / year-over-year change: +3, -1, 0 (money: +1,200.00)."""
    d = now - before
    if isinstance(d, float):
        d = round(d, 2)  # money in 元: to the fen, without a float's tail
        return Figure(d, f"{d:+,.2f}" if d else "0", "+#,##0.00;-#,##0.00;0")
    return Figure(d, f"{d:+d}" if d else "0", "+0;-0;0")


def _percent(text: str, part: int, whole: int | None = None) -> Figure:
    """A rate or share as printed ('85.7%' or a dash) with its value (0.857) for Excel.
    `whole` None: part is the rate in per cent already (rate_value)."""
    if text == DASH:
        return Figure(None, DASH)
    value = part / 100 if whole is None else part / whole
    return Figure(value, text, "0.0%")


def _rate(counts) -> Figure:
    value = rate_value(counts.succeeded, counts.failed)
    return Figure(None, DASH) if value is None else _percent(counts.success_rate, value)


def _cell(value) -> str:
    """A table cell as printed on paper and in text."""
    if isinstance(value, (Figure, Pair)):
        return str(value)
    if isinstance(value, float):
        return _num(value)
    return value


def _month_words(fig: MonthlyFigures) -> str:
    return f"{fig.first.year}年{fig.first.month}月"


def title_of(fig: MonthlyFigures, village: str | None = None) -> str:
    return f"{village or fig.village}矛盾纠纷排查调解工作月报"


def blocks(fig: MonthlyFigures, village: str | None = None) -> list[Block]:
    """The report's content, in order, for every renderer."""
    out: list[Block] = []
    n = iter(NUMERALS)

    def heading(text: str) -> None:
        out.append(Block("heading", f"{next(n)}、{text}"))

    c = fig.counts
    out.append(Block("para", (
        f"本月共受理矛盾纠纷{c.accepted}件，其中调解成功{c.succeeded}件、调解不成{c.failed}件、"
        f"移交上级{c.referred}件、撤回{c.withdrawn}件、仍在调解{c.still_open}件，"
        f"调解成功率{c.success_rate}；本月办结{c.concluded}件，月末在办{fig.open_at_end}件。"
        f"涉及{c.people}人，涉及金额{c.amount_yuan:,.2f}元。")))
    if fig.final is not None:
        when = f"{fig.final.finalised_at:%Y-%m-%d %H:%M}"
        who = fig.final.finalised_by or "（未署名）"
        if fig.final.differences:
            out.append(Block("para", (
                f"【注意】本月月报已于{when}由{who}定稿，定稿后有{len(fig.final.differences)}项数据"
                f"发生变化。本表为当前数据，与定稿不同之处见“定稿后变动”一节。")))
        else:
            out.append(Block("para", f"本月月报已于{when}由{who}定稿，当前数据与定稿一致。"))

    heading("主要数据与对比")
    rows = []
    for cmp in fig.comparisons:
        rows.append([cmp.label, cmp.now, cmp.last_month, _delta(cmp.now, cmp.last_month),
                     cmp.last_year, _delta(cmp.now, cmp.last_year), cmp.ytd])
    rows.append(["调解成功率", _rate(c), _rate(fig.last_month), "",
                 _rate(fig.last_year), "", _rate(fig.ytd)])
    out.append(Block("table", table=Table(
        ["项目", "本月", "上月", "环比增减", "去年同月", "同比增减", "本年累计"], rows,
        [20, 13, 13, 12, 13, 12, 15], "LRRRRRR", sheet="主要数据",
        note="受理及调解结果按受理月份统计（结果为月末状态）；本月办结按结案日期统计。")))

    heading("协议、履行与司法确认")
    out.append(Block("table", table=Table(
        ["项目", "件数"],
        [["本月达成书面协议", fig.agreements_written], ["本月达成口头协议", fig.agreements_oral],
         ["其中：已履行", fig.performed], ["其中：部分履行", fig.performed_partly],
         ["其中：申请司法确认", fig.jc_applied], ["其中：已司法确认", fig.jc_confirmed],
         ["月末在办案件", fig.open_at_end]],
        [40, 20], "LR", sheet="协议与群体性", frac=0.7)))

    heading("涉及人数、金额与群体性纠纷")
    out.append(Block("table", table=Table(
        ["项目", "数量"],
        [["涉及人数（人）", c.people], ["涉及金额（元）", c.amount_yuan],
         ["群体性纠纷（件）", fig.mass], ["当事人3方以上（件）", fig.parties_3plus],
         ["涉及5人以上（件）", fig.people_5plus], ["上报（件）", fig.escalated]],
        [40, 20], "LR", sheet="协议与群体性", frac=0.7)))

    heading("纠纷来源")
    src_rows = [[r.label, r.count, _percent(r.share, r.count, c.accepted)] for r in fig.sources]
    src_rows.append(["合计", c.accepted, _percent(share(c.accepted, c.accepted), c.accepted, c.accepted)])
    out.append(Block("table", table=Table(["来源", "件数", "占比"], src_rows, [40, 15, 15], "LRR",
                                          sheet="来源与预防", frac=0.7)))

    heading("预防效果")
    out.append(Block("table", table=Table(
        ["项目", "件数", "人数"], [[r.label, r.cases, r.people] for r in fig.prevention],
        [40, 15, 15], "LRR", sheet="来源与预防", frac=0.7)))

    heading("各屯组纠纷类型统计")
    out.extend(_cross_blocks(fig))

    heading("图表")
    out.append(Block("bars", "本月按纠纷类型（件）", items=list(fig.by_type)))
    out.append(Block("trend", "近12个月受理与调解成功（件）",
                     items=[f"{int(p.month[5:])}月" for p in fig.trend],
                     series=[("受理", [p.accepted for p in fig.trend]),
                             ("调解成功", [p.succeeded for p in fig.trend])]))
    out.append(Block("table", table=Table(
        ["月份", "受理", "调解成功"], [[p.month, p.accepted, p.succeeded] for p in fig.trend],
        [20, 15, 15], "LRR", sheet="近12个月", frac=0.7)))

    heading("村事百晓排查工作")
    ck = fig.checklist
    ck_rows = [[label, ck.get(key, 0)] for key, label in CHECKLIST.items()]
    names = "、".join(ck.get("round_names") or []) or "无"
    out.append(Block("table", table=Table(["项目", "数量"], ck_rows, [40, 20], "LR", sheet="村事百晓", frac=0.7,
                                          note=f"本月进行中的排查轮次：{names}")))

    heading("会议材料：在办案件（逾期的排在前面）")
    oc_rows = [[i, o.number, o.hamlet, o.type, o.parties, o.mediator or "未定", o.leader or "未定",
                f"{o.deadline:%Y-%m-%d}", o.days_overdue or ""] for i, o in enumerate(fig.open_cases, 1)]
    overdue = sum(1 for o in fig.open_cases if o.days_overdue)
    out.append(Block("table", table=Table(
        ["序号", "编号", "屯组", "类型", "当事人", "调解员", "包案领导", "办理期限", "逾期天数"], oc_rows,
        [8, 30, 13, 15, 30, 15, 14, 19, 11], "RLLLLLLLR", sheet="在办案件",
        note=f"截至{fig.as_of:%Y-%m-%d}：在办{len(fig.open_cases)}件，其中逾期{overdue}件。")))

    heading("会议材料：到期回访")
    v_rows = [[i, v.number, v.hamlet, v.parties, f"{v.last_visit:%Y-%m-%d}", f"{v.next_due:%Y-%m-%d}",
               v.visitor, v.days_overdue or ""] for i, v in enumerate(fig.visits_due, 1)]
    out.append(Block("table", table=Table(
        ["序号", "编号", "屯组", "回访对象", "上次回访", "应回访日期", "回访人", "逾期天数"], v_rows,
        [8, 30, 14, 18, 19, 19, 15, 11], "RLLLLLLR", sheet="到期回访",
        note=f"应回访日期在{fig.last:%Y-%m-%d}以前、之后尚未再回访的案件：{len(fig.visits_due)}件。")))

    if fig.final is not None and fig.final.differences:
        heading("定稿后变动")
        out.append(Block("table", table=Table(
            ["项目", "定稿数", "现在数"],
            [[d.label, _figure(d.final), _figure(d.now)] for d in fig.final.differences],
            [50, 20, 20], "LRR", sheet="定稿后变动")))
    out.append(Block("signatures"))
    return out


def _figure(value) -> Figure:
    if value is None:
        return Figure(None, DASH)
    return Figure(value, _num(value), "#,##0.00" if isinstance(value, float) else "General")


def _cross_blocks(fig: MonthlyFigures) -> list[Block]:
    cross = fig.cross
    if not cross.types:
        return [Block("para", "本月无受理案件。")]
    out = []
    per = 6  # types per table: keeps A4 portrait readable
    for start in range(0, len(cross.types), per):
        types = cross.types[start:start + per]
        last = start + per >= len(cross.types)
        headers = ["屯组"] + types + (["合计"] if last else [])
        rows = []
        for h in cross.hamlets:
            row = [h] + [Pair(*cross.cell(h, t)) for t in types]
            if last:
                row.append(Pair(*cross.hamlet_total(h)))
            rows.append(row)
        total = ["合计"] + [Pair(*cross.type_total(t)) for t in types]
        if last:
            total.append(Pair(sum(cross.type_total(t)[0] for t in cross.types),
                              sum(cross.type_total(t)[1] for t in cross.types)))
        rows.append(total)
        out.append(Block("table", table=Table(
            headers, rows, [16] + [14] * (len(headers) - 1), "L" + "C" * (len(headers) - 1),
            sheet="屯组×类型", note="每格为：已化解/未化解（件）。已化解指调解成功。")))
    return out


# ---------------------------------------------------------------------------------------------
# Renderers


def render_report(figures: MonthlyFigures, fmt: str, path: str | os.PathLike | None = None,
                  village: str | None = None):
    """Render the month's report. fmt 'pdf' | 'xlsx' | 'text'.

    With `path`, the file is written safely (OutputError on failure, nothing left under the
    final name) and the Path is returned; without it, 'text' returns the str and 'pdf' /
    'xlsx' return the bytes. Raises FontMissing when no Chinese font is found for a PDF.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    content = blocks(figures, village)
    title = title_of(figures, village)
    subtitle = (f"{_month_words(figures)}（{figures.first:%Y-%m-%d} 至 {figures.last:%Y-%m-%d}）"
                f"    填报单位：{figures.committee or village or figures.village}"
                f"    打印日期：{figures.today:%Y-%m-%d}")
    if fmt == "text":
        out = _text(title, subtitle, content)
        if path is None:
            return out
        from forms.render.output import write_atomic

        return write_atomic(path, lambda tmp: tmp.write_text(out, encoding="utf-8"))
    if fmt == "pdf":
        doc = _pdf(title, subtitle, content, figures)
        if path is None:
            return bytes(doc.output())
        doc.save(path)
        return Path(path)
    wb = _xlsx(title, subtitle, content)
    if path is None:
        import io

        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    from forms.render.xlsx import save_workbook

    save_workbook(wb, path)
    return Path(path)


def _pdf(title: str, subtitle: str, content: list[Block], fig: MonthlyFigures):
    from forms.render.pdf import Doc

    doc = Doc(title, running_head=f"{title}（{_month_words(fig)}）")
    doc.add_page()
    doc.title_block(title, subtitle)
    for i, b in enumerate(content):
        if b.kind == "heading":
            nxt = content[i + 1] if i + 1 < len(content) else None
            if nxt is not None and nxt.kind == "bars":  # keep the heading with its chart
                doc.ensure_room(doc.bar_chart_height(len(nxt.items)) + 12)
            doc.heading(b.text)
        elif b.kind == "para":
            doc.para(b.text, indent=True)
        elif b.kind == "table":
            t = b.table
            if t.note:
                doc.ensure_room(32)  # the note, the header and a few rows together
                doc.para(t.note, size=9, gap=0.5)
            rows = [[_cell(v) for v in r] for r in t.rows]
            doc.table(t.headers, rows, t.widths, aligns=t.aligns or None, size=9,
                      width=doc.epw * t.frac)
        elif b.kind == "bars":
            doc.bar_chart(b.items, b.text)
        elif b.kind == "trend":
            doc.line_chart(b.items, b.series, b.text)
        elif b.kind == "signatures":
            doc.signature_lines(["填表人：", "审核人（签名）："], with_date=True)
    return doc


def _text(title: str, subtitle: str, content: list[Block]) -> str:
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
            rows = [[_cell(v) for v in r] for r in t.rows]
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


def _xlsx(title: str, subtitle: str, content: list[Block]):
    from forms.render.xlsx import new_workbook, table_sheet

    wb = new_workbook()
    by_sheet: dict[str, list[Table]] = {}
    summary = [b.text for b in content if b.kind == "para"]
    for b in content:
        if b.kind == "table":
            by_sheet.setdefault(b.table.sheet or "月报", []).append(b.table)
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
