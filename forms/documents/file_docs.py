"""The case file (卷宗) as one PDF: cover (卷宗封面), contents with page numbers (卷内目录),
every document in file order, 上报记录, 卷宗情况说明 and the back cover (卷内备考表).

The contents carry page numbers: the file is drawn twice (`build_case_file`), first to learn
on which page each document starts, then for real with those numbers in the contents; a
third pass is made only if the numbers moved the pages (they do not, in practice). Papers the
office keeps on paper only (身份证明, 履行凭证, 司法确认材料) are listed with “另附纸质材料”
and no page number, which is written in when the file is bound.

A case never closed prints no closing date: its cover says 尚未结案.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from db.register.docs import CaseInfo
from forms.documents import case_docs as cd
from forms.documents import notice_docs as nd
from forms.documents.common import BLANK_DATE, cn_date, labelled
from forms.render.pdf import Doc

ATTACHED = "另附纸质材料"


@dataclass
class Item:
    """One entry of the 卷内目录: drawn by `draw` (None: kept on paper only)."""

    name: str
    on: date | None
    note: str = ""
    draw: Callable[[Doc], None] | None = None
    pages: str = ""


def draw_cover(doc: Doc, case: CaseInfo, *, retention: str = "长期", remarks: str = "",
               filed_by: str | None = None, filed_on: date | None = None) -> None:
    """卷宗封面: name, number, mediator, dates from-to, filed by / when, retention, remarks.
    A case not closed says 尚未结案 instead of an empty “至 年 月 日”."""
    doc.add_page()
    doc.set_y(50)
    doc.font(30, bold=True)
    doc.line_at(doc.l_margin, doc.y, "人 民 调 解 卷 宗", doc.epw, "C")
    doc.set_y(doc.y + 28)
    if case.closed_on:
        dates = f"自 {cn_date(case.accepted_on)} 至 {cn_date(case.closed_on)}"
    else:
        dates = f"自 {cn_date(case.accepted_on)} 起（尚未结案）"
    rows = [
        ("案件名称", case.title),
        ("卷宗编号", case.number),
        ("调 解 员", case.mediators),
        ("调解日期", dates),
        ("立 卷 人", filed_by if filed_by is not None else case.closed_by),
        ("立卷日期", cn_date(filed_on or case.closed_on, BLANK_DATE.strip() if case.closed_on else "")),
        ("保管期限", retention),
        ("备    注", remarks),
    ]
    x = doc.l_margin + 18
    for label, value in rows:
        doc.font(14)
        doc.line_at(x, doc.y, f"{label}：", 0)
        vx = x + doc.width("案件名称：") + 2
        end = doc.l_margin + doc.epw - 18
        lines = doc.wrap(value or "", end - vx - 2) or [""]
        for k, line in enumerate(lines):
            doc.line_at(vx + 1, doc.y + k * 9, line, 0)
            doc.line(vx, doc.y + k * 9 + 1.8, end, doc.y + k * 9 + 1.8)
        doc.set_y(doc.y + 9 * len(lines) + 7)
    doc.set_y(max(doc.y + 20, 235))
    doc.font(16, bold=True)
    doc.line_at(doc.l_margin, doc.y, case.village.mediation_committee, doc.epw, "C")
    doc.font(10.5)


def file_items(case: CaseInfo, *, mask: bool = False) -> list[Item]:
    """Every document of the file, in file order (after the cover and the contents)."""
    items: list[Item] = []
    if nd.has_application(case):
        items.append(Item("人民调解申请书", case.accepted_on, draw=lambda d: nd.draw_application(d, case, mask=mask)))
    items.append(Item("人民调解受理登记表", case.accepted_on, draw=lambda d: cd.draw_acceptance(d, case, mask=mask)))
    items.append(Item("当事人权利义务告知书", case.accepted_on, draw=lambda d: nd.draw_rights_notice(d, case)))
    items.append(Item("当事人身份证明", None, ATTACHED))
    for p in nd.agented(case):
        items.append(Item(f"授权委托书（{p.name}）", None,
                          draw=lambda d, p=p: nd.draw_power_of_attorney(d, case, p, mask=mask)))
    for rec in case.proceedings:
        name = "调解记录" if rec.kind == "mediation" else "调查记录"
        items.append(Item(name, rec.held_on, draw=lambda d, rec=rec: cd.draw_proceeding(d, case, rec)))
    for a in case.agreements:
        name = "人民调解协议书" if a.form == "written" else "口头协议登记表"
        draw = cd.draw_agreement if a.form == "written" else cd.draw_oral_agreement
        items.append(Item(name + (f"（{a.number}）" if a.number else ""), a.signed_on,
                          draw=lambda d, a=a, draw=draw: draw(d, case, a, mask=mask)))
        if a.performance_label == "已履行":
            items.append(Item("履行凭证", a.performed_on, ATTACHED))
        if a.jc_applied_on:
            items.append(Item("司法确认材料", a.jc_confirmed_on or a.jc_applied_on, ATTACHED))
    if case.follow_ups:
        items.append(Item("回访记录", case.follow_ups[0].visited_on, draw=lambda d: cd.draw_follow_up(d, case)))
    if case.escalations:
        items.append(Item("上报记录", case.escalations[0].reported_on, draw=lambda d: draw_escalations(d, case)))
    if case.file_note.strip():
        items.append(Item("卷宗情况说明", None, draw=lambda d: draw_file_note(d, case)))
    return items


def draw_contents(doc: Doc, case: CaseInfo, items: list[Item] | None = None, back_pages: str = "") -> None:
    """卷内目录: 序号, 文件材料名称, 日期, 页号, 备注. Page numbers come from a first pass
    (build_case_file); without `items`, the page column is left blank."""
    items = file_items(case) if items is None else items
    rows = [[str(i), it.name, f"{it.on:%Y-%m-%d}" if it.on else "", it.pages, it.note]
            for i, it in enumerate(items, 1)]
    rows.append([str(len(items) + 1), "卷内备考表（封底）", "", back_pages, ""])
    doc.add_page()
    doc.title_block("卷 内 目 录")
    doc.para(f"卷宗编号：{case.number}    案件名称：{case.title}", gap=3)
    doc.table(["序号", "文件材料名称", "日期", "页号", "备注"], rows, [8, 44, 20, 12, 26],
              aligns="CLCCL", size=10, min_row=10)


def draw_escalations(doc: Doc, case: CaseInfo) -> None:
    """上报记录: the case's 风险等级 and each report up, with the reply."""
    cd._head(doc, "矛盾纠纷上报记录", case)
    doc.fields([("案件名称", case.title), ("风险等级", case.severity),
                ("=风险评估", case.risk_assessment), ("=已采取的措施", case.risk_measures)])
    rows = [[f"{e.reported_on:%Y-%m-%d}", e.to_whom, e.channel_label, e.reported_by, e.matter,
             f"{e.replied_on:%Y-%m-%d}" if e.replied_on else "", e.reply] for e in case.escalations]
    doc.para("上报情况", bold=True, gap=1, keep_with=22)
    doc.table(["上报日期", "上报对象", "方式", "上报人", "上报事项", "答复日期", "答复情况"], rows,
              [17, 24, 14, 12, 38, 17, 36], size=8.5, min_row=12)
    doc.signature_lines(["登记人（签名）："], per_line=1)


def draw_file_note(doc: Doc, case: CaseInfo) -> None:
    """卷宗情况说明: the clerk's own notes on the file (what is missing, why, where kept)."""
    cd._head(doc, "卷宗情况说明", case)
    labelled(doc, "情况说明：", case.file_note, keep_with=doc.signature_height(1))
    doc.signature_lines(["立卷人（签名）："], per_line=1)


def draw_back_cover(doc: Doc, case: CaseInfo, n_items: int, n_attached: int, total_pages: int | None) -> None:
    """封底 (卷内备考表): how many documents and pages the file holds, and who filed and checked it."""
    doc.add_page()
    doc.title_block("卷 内 备 考 表")
    doc.para(f"卷宗编号：{case.number}    案件名称：{case.title}", gap=3)
    pages = f"共印制 {total_pages} 页（含封面、卷内目录和本表）" if total_pages else "页数装订时填写"
    doc.para(f"本卷共有文件材料 {n_items} 件，{pages}；另附纸质材料 {n_attached} 件，其页数装订时填写。",
             indent=True, gap=3)
    doc.para("本卷情况说明：", bold=True, gap=0.5)
    doc.ruled_lines(8)
    doc.signature_lines(["立卷人（签名）：", "检查人（签名）："])
    doc.font(10.5)


def _draw_file(doc: Doc, case: CaseInfo, items: list[Item], cover: dict, back_pages: str,
               total_pages: int | None) -> None:
    draw_cover(doc, case, **cover)
    draw_contents(doc, case, items, back_pages)
    for it in items:
        if it.draw is None:
            continue
        first = doc.page_no() + 1
        it.draw(doc)
        last = doc.page_no()
        it.pages = str(first) if last == first else f"{first}-{last}"
    attached = sum(1 for it in items if it.draw is None)
    draw_back_cover(doc, case, len(items) + 1, attached, total_pages)


def build_case_file(make_doc: Callable[[], Doc], case: CaseInfo, *, mask: bool, cover: dict) -> Doc:
    """The whole file with page numbers in its contents (see the module docstring)."""
    pages: list[str] = []
    back = ""
    total: int | None = None
    for _ in range(3):
        items = file_items(case, mask=mask)
        for it, p in zip(items, pages, strict=False):
            it.pages = p
        doc = make_doc()
        drawn = [it for it in items if it.draw is not None]
        wanted = [it.pages for it in drawn]
        _draw_file(doc, case, items, cover, back, total)
        got = [it.pages for it in drawn]
        new_back, new_total = str(doc.page_no()), doc.page_no()
        if pages and got == wanted and new_back == back and new_total == total:
            break
        pages, back, total = [it.pages for it in items], new_back, new_total
    doc.file_items, doc.back_pages = items, back  # for the contents printed on their own
    return doc
