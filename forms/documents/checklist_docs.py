"""村事百晓 on paper: the blank sheet a cadre carries to a hamlet, the answered summary of a
round, and each hamlet's notice of its responsible cadres (片长) and their phone numbers."""

from __future__ import annotations

from datetime import date

from db.checklist.docs import HamletContacts, RoundSheet, RoundSummary
from forms.documents.common import BLANK_DATE, cn_date
from forms.documents.roster import draw_network_notice
from forms.render.pdf import Doc


def draw_checklist_sheet(doc: Doc, sheet: RoundSheet) -> None:
    """The questions of the round for one hamlet, with room to write each answer."""
    doc.add_page()
    doc.title_block("村事百晓排查登记表",
                    f"{sheet.village.name} {sheet.hamlet}    排查轮次：{sheet.round_name}"
                    f"（{cn_date(sheet.starts_on)}至{cn_date(sheet.ends_on)}）")
    doc.para(f"排查人：____________    排查日期：{BLANK_DATE}    共{len(sheet.questions)}项", gap=2)
    rows = []
    for i, q in enumerate(sheet.questions, 1):
        ask = f"{q.code} {q.text}" + (f"\n（{q.hint}）" if q.hint else "")
        if q.cadre:
            ask += f"\n负责：{q.cadre}"
        rows.append([str(i), ask, "", "□是\n□否"])
    if not rows:
        rows.append(["", "本轮没有分配给本组的问题。", "", ""])
    doc.table(["序号", "问题", "情况记录", "需跟进"], rows, [7, 42, 53, 10], aligns="CLLC", size=9.5,
              min_row=24)
    doc.para("说明：能当场解决的当场解决；发现矛盾纠纷请登记到调解台账；不能解决的写明情况，报村委会。",
             size=9, gap=1)
    doc.signature_lines(["排查人（签名）：", "片长（签名）："])


def draw_checklist_summary(doc: Doc, summary: RoundSummary) -> None:
    """Every question of the round, hamlet by hamlet, with its latest answer."""
    doc.add_page()
    doc.title_block(f"{summary.round_name}村事百晓排查情况汇总",
                    f"{summary.village.name}    {cn_date(summary.starts_on)}至{cn_date(summary.ends_on)}")
    need = sum(1 for h in summary.hamlets for q in h.questions if q.needs_action)
    doc.para(f"本轮共{summary.total}项，已答复{summary.answered}项，未答复{summary.total - summary.answered}项，"
             f"需跟进{need}项。", indent=True)
    if not summary.hamlets:
        doc.para("本轮尚未分配问题。", indent=True)
    for sheet in summary.hamlets:
        doc.heading(sheet.hamlet)
        rows = [[q.code, q.text, q.answer or "（未答复）", q.answered_by,
                 f"{q.answered_on:%Y-%m-%d}" if q.answered_on else "", "是" if q.needs_action else ""]
                for q in sheet.questions]
        doc.table(["编号", "问题", "答复情况", "答复人", "日期", "需跟进"], rows, [9, 34, 40, 12, 17, 9],
                  aligns="LLLLLC", size=9)
    doc.signature_lines(["汇总人（签名）：", "审核人（签名）："])


def draw_contact_notice(doc: Doc, hc: HamletContacts, today: date | None = None, network=None,
                        committee=None) -> None:
    """A page to post in the hamlet: its responsible cadres and their phones, large print; with
    the mediation network (db.network), its 调解小组, contacts and the committee from there."""
    doc.add_page()
    doc.set_y(30)
    doc.title_block(f"{hc.village.name}{hc.hamlet}", size=24)
    doc.title_block("包片干部联系公示", size=20)
    doc.set_y(doc.y + 4)
    doc.para("本组包片干部（片长）如下。群众遇到矛盾纠纷、生活困难，或有意见建议，"
             "请及时联系，也可以到村委会反映。", size=14, indent=True, gap=6)
    rows = [[c.name, c.roles, c.phone] for c in hc.cadres] or [["（尚未指定，请联系村委会）", "", ""]]
    doc.table(["姓名", "职务", "联系电话"], rows, [30, 40, 40], aligns="CCC", size=16, min_row=14)
    if committee or (network is not None and (network.group or network.contacts)):
        draw_network_notice(doc, network, committee or [])
    elif hc.mediators:
        doc.set_y(doc.y + 6)
        doc.para("村人民调解委员会", size=14, bold=True, gap=2)
        doc.table(["姓名", "职务", "联系电话"], [[c.name, c.roles, c.phone] for c in hc.mediators],
                  [30, 40, 40], aligns="CCC", size=13, min_row=10)
    doc.set_y(max(doc.y + 10, 240))
    doc.para(hc.village.committee or hc.village.name, size=13, align="R", gap=1)
    doc.para(cn_date(today or date.today()), size=13, align="R")
