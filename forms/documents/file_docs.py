"""The case file's cover (卷宗封面) and contents list (卷内目录)."""

from __future__ import annotations

from datetime import date

from db.register.docs import CaseInfo
from forms.documents.common import BLANK_DATE, cn_date
from forms.render.pdf import Doc

ATTACHED = "另附纸质材料"


def draw_cover(doc: Doc, case: CaseInfo, *, retention: str = "长期", remarks: str = "",
               filed_by: str | None = None, filed_on: date | None = None) -> None:
    """卷宗封面: name, number, mediator, dates from-to, filed by / when, retention, remarks."""
    doc.add_page()
    doc.set_y(50)
    doc.font(30, bold=True)
    doc.line_at(doc.l_margin, doc.y, "人 民 调 解 卷 宗", doc.epw, "C")
    doc.set_y(doc.y + 28)
    last = case.closed_on
    rows = [
        ("案件名称", case.title),
        ("卷宗编号", case.number),
        ("调 解 员", case.mediators),
        ("调解日期", f"自 {cn_date(case.accepted_on)} 至 {cn_date(last, BLANK_DATE.strip())}"),
        ("立 卷 人", filed_by if filed_by is not None else case.closed_by),
        ("立卷日期", cn_date(filed_on or case.closed_on, BLANK_DATE.strip())),
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


def contents_rows(case: CaseInfo) -> list[list[str]]:
    """(序号, 文件材料名称, 日期, 页号, 备注) for each document the file holds."""
    items: list[tuple[str, date | None, str]] = [
        ("人民调解受理登记表", case.accepted_on, ""),
        ("权利义务告知书", case.accepted_on, ATTACHED),
        ("当事人身份证明", None, ATTACHED),
    ]
    for rec in case.proceedings:
        name = "调解记录" if rec.kind == "mediation" else "调查记录"
        items.append((name, rec.held_on, ""))
    for a in case.agreements:
        name = "人民调解协议书" if a.form == "written" else "口头协议登记表"
        items.append((name + (f"（{a.number}）" if a.number else ""), a.signed_on, ""))
        if a.performance_label == "已履行":
            items.append(("履行凭证", a.performed_on, ATTACHED))
        if a.jc_applied_on:
            items.append(("司法确认材料", a.jc_confirmed_on or a.jc_applied_on, ATTACHED))
    for v in case.follow_ups:
        items.append(("回访记录", v.visited_on, ""))
    items += [("卷宗情况说明", None, ""), ("封底", None, "")]
    return [[str(i), name, f"{d:%Y-%m-%d}" if d else "", "", note] for i, (name, d, note) in enumerate(items, 1)]


def draw_contents(doc: Doc, case: CaseInfo) -> None:
    """卷内目录, with an empty page-number column to fill in once the file is bound."""
    doc.add_page()
    doc.title_block("卷 内 目 录")
    doc.para(f"卷宗编号：{case.number}    案件名称：{case.title}", gap=3)
    doc.table(["序号", "文件材料名称", "日期", "页号", "备注"], contents_rows(case), [8, 44, 20, 12, 26],
              aligns="CLCCL", size=10, min_row=10)
