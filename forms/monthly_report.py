"""The monthly report (月报) of the mediation work, as PDF, xlsx or text.

One list of blocks (headings, paragraphs, tables, charts) is built from `MonthlyFigures`
(db/stats/figures.py, which also documents every definition); each renderer draws the same blocks, so
the three outputs always hold the same numbers. The report prints no ID numbers at all; party
names appear only in the meeting list, as the office's own working paper.
"""

from __future__ import annotations

import os
from pathlib import Path

from db.stats.figures import CHECKLIST, MonthlyFigures, share
from db.stats.table import statistics_row
from forms.report_office import office_parts
from forms.report_parts import (
    Block,
    Pair,
    Table,
    cell_text,
    delta,
    figure_of,
    percent,
    rate_cell,
    render_text,
    render_xlsx,
)
from forms.statistics_table import SIGNATURES, village_blocks

FORMATS = ("pdf", "xlsx", "text")
NUMERALS = list("一二三四五六七八九十") + ["十一", "十二", "十三", "十四"]


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
        rows.append([cmp.label, cmp.now, cmp.last_month, delta(cmp.now, cmp.last_month),
                     cmp.last_year, delta(cmp.now, cmp.last_year), cmp.ytd])
    rows.append(["调解成功率", rate_cell(c), rate_cell(fig.last_month), "",
                 rate_cell(fig.last_year), "", rate_cell(fig.ytd)])
    out.append(Block("table", table=Table(
        ["项目", "本月", "上月", "环比增减", "去年同月", "同比增减", "本年累计"], rows,
        [20, 13, 13, 12, 13, 12, 15], "LRRRRRR", sheet="主要数据",
        note="受理及调解结果按受理月份统计（结果为月末状态）；本月办结按结案日期统计。")))

    heading("人民调解工作统计表")
    out.extend(village_blocks(statistics_row(fig), _month_words(fig)))

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
    src_rows = [[r.label, r.count, percent(r.share, r.count, c.accepted)] for r in fig.sources]
    src_rows.append(["合计", c.accepted, percent(share(c.accepted, c.accepted), c.accepted, c.accepted)])
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

    for part in office_parts(fig):  # the last meeting's decisions, the month's requests
        heading(part.heading)
        if part.para:
            out.append(Block("para", part.para))
        if part.rows:
            out.append(Block("table", table=Table(part.headers, part.rows, part.widths, part.aligns,
                                                  sheet=part.sheet, note=part.note, frac=part.frac)))

    if fig.final is not None and fig.final.differences:
        heading("定稿后变动")
        out.append(Block("table", table=Table(
            ["项目", "定稿数", "现在数"],
            [[d.label, figure_of(d.final), figure_of(d.now)] for d in fig.final.differences],
            [50, 20, 20], "LRR", sheet="定稿后变动")))
    out.append(Block("para", footer_check(fig)))
    out.append(Block("signatures", items=list(SIGNATURES)))
    return out


def footer_check(fig: MonthlyFigures) -> str:
    """The line above the signatures: how many figures changed since the month was finalised."""
    if fig.final is None:
        return "核对：本月月报尚未定稿（定稿后再打印，这里会写明定稿后有几项数据变化）。"
    n = len(fig.final.differences)
    when = f"{fig.final.finalised_at:%Y-%m-%d %H:%M}"
    if n:
        return f"核对：本月月报已于{when}定稿，定稿后有{n}项数据变化（见“定稿后变动”）。"
    return f"核对：本月月报已于{when}定稿，定稿后有0项数据变化。"


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
        out = render_text(title, subtitle, content)
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
    wb = render_xlsx(title, subtitle, content)
    if path is None:
        import io

        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    from forms.render.xlsx import save_workbook

    save_workbook(wb, path)
    return Path(path)


def _pdf(title: str, subtitle: str, content: list[Block], fig: MonthlyFigures):
    """Draw the report. A heading is kept with the start of what follows it; the check line and
    the signatures stay together. Should they still land alone on a new page, the report is
    drawn once more with the last section moved onto that page, so no page holds only them."""
    doc = _draw(title, subtitle, content, fig, None)
    if doc.tail_alone:
        last = max(i for i, b in enumerate(content) if b.kind == "heading")
        doc = _draw(title, subtitle, content, fig, last)
    return doc


HEADING_H = 12.5 * 0.5 + 4.5  # what Doc.heading takes


def _lead(doc, b: Block | None) -> float:
    """The height of the start of block `b` that must stay with the heading before it."""
    if b is None:
        return 0.0
    if b.kind == "table":
        return _note_h(doc, b.table.note) + 9 * 0.353 * 1.42 * 4 + 8 + 14
    if b.kind == "para":
        doc.font(10.5)
        return min(len(doc.wrap("\u3000\u3000" + b.text, doc.epw)), 3) * 10.5 * 0.353 * 1.65
    if b.kind == "bars":
        return doc.bar_chart_height(len(b.items)) + 12
    if b.kind == "trend":
        return 62 + 26
    return 20.0


def _note_h(doc, note: str) -> float:
    if not note:
        return 0.0
    doc.font(9)
    height = len(doc.wrap(note, doc.epw)) * 9 * 0.353 * 1.65 + 0.5
    doc.font(10.5)
    return height


def _draw(title: str, subtitle: str, content: list[Block], fig: MonthlyFigures, break_at: int | None):
    from forms.render.pdf import Doc

    doc = Doc(title, running_head=f"{title}（{_month_words(fig)}）")
    doc.tail_alone = False
    doc.add_page()
    doc.title_block(title, subtitle)
    for i, b in enumerate(content):
        nxt = content[i + 1] if i + 1 < len(content) else None
        if b.kind == "heading":
            if i == break_at:
                doc.add_page()
            doc.ensure_room(HEADING_H + _lead(doc, nxt))
            doc.heading(b.text)
        elif b.kind == "para" and nxt is not None and nxt.kind == "signatures":
            doc.font(10.5)
            lines = len(doc.wrap("\u3000\u3000" + b.text, doc.epw))
            doc.ensure_room(lines * 10.5 * 0.353 * 1.65 + 1.5 + 15 * ((len(nxt.items) + 1) // 2) + 10)
            doc.tail_alone = doc.y <= doc.t_margin + 1  # a new page began for the check and signatures
            doc.para(b.text, indent=True)
        elif b.kind == "para":
            doc.para(b.text, indent=True)
        elif b.kind == "table":
            t = b.table
            if t.note:
                doc.ensure_room(_note_h(doc, t.note) + 9 * 0.353 * 1.42 * 4 + 8)
                doc.para(t.note, size=9, gap=0.5)
            rows = [[cell_text(v) for v in r] for r in t.rows]
            doc.table(t.headers, rows, t.widths, aligns=t.aligns or None, size=9,
                      width=doc.epw * t.frac)
        elif b.kind == "bars":
            doc.bar_chart(b.items, b.text)
        elif b.kind == "trend":
            doc.line_chart(b.items, b.series, b.text)
        elif b.kind == "signatures":
            doc.signature_lines(b.items or list(SIGNATURES), with_date=True)
    return doc
