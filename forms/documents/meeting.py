"""The record of a month's situation meeting (矛盾纠纷形势分析会会议记录) on A4.

What the meeting opened with (earlier decisions and their state on the meeting's day), who
came and who did not and why, the agenda, the discussion, the decisions with owner and
deadline, and the lines where the chair (主持人) and the recorder sign.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from db.meeting.query import MeetingView, get_meeting, meeting_id_of
from db.session import DataError
from db.settings.printed import VillageInfo, village_info
from forms.documents.common import cn_date, labelled
from forms.render.pdf import Doc

TITLE = "矛盾纠纷形势分析会会议记录"


def _month_words(month: str) -> str:
    return f"{month[:4]}年{int(month[5:])}月"


def meeting_sources(m: MeetingView, village: VillageInfo) -> list[tuple[str, str]]:
    """(field label, value) of everything printed, so a character no font has is named with its field."""
    out = [("村名", village.name), ("村委会名称", village.committee), ("会议地点", m.place), ("主持人", m.chair),
           ("记录人", m.recorder), ("会议议程", m.agenda), ("讨论情况", m.notes)]
    for a in m.attendees:
        out += [("参会人员姓名", a.name), ("参会人员职务", a.duty), ("缺席原因", a.absence_reason)]
    for d in m.earlier + m.decisions:
        out += [("议定事项", d.text), ("责任人", d.owner), ("落实情况", d.progress), ("关联事项", d.item_title)]
    return out


def draw_meeting(doc: Doc, m: MeetingView, village: VillageInfo) -> None:
    doc.add_page()
    doc.title_block(f"{village.name}{TITLE}", f"{_month_words(m.month)}    {village.committee or village.name}")
    present, absent = m.present, m.absent
    doc.table(["项目", "内容"], [
        ["会议时间", cn_date(m.held_on)], ["会议地点", m.place or "（未填）"],
        ["主持人", m.chair], ["记录人", m.recorder or "（未填）"],
        ["参会情况", f"应到{len(m.attendees)}人，实到{len(present)}人，缺席{len(absent)}人"],
        ["参会人员", "、".join(f"{a.name}（{a.duty}）" if a.duty else a.name for a in present) or "（无）"],
        ["缺席人员", "；".join(f"{a.name}：{a.absence_reason or '未说明原因'}" for a in absent) or "无"],
    ], [28, 142], aligns="LL", size=10, bold_first_col=True)
    doc.heading("一、上次议定事项落实情况")
    if m.earlier:
        doc.table(["会议", "序号", "议定事项", "责任人", "完成期限", "落实情况", "说明"],
                  [[d.month, d.seq, d.text, d.owner, f"{d.deadline:%Y-%m-%d}", d.state_label, d.progress]
                   for d in m.earlier], [17, 10, 55, 18, 22, 16, 32], aligns="LRLLLCL", size=9)
        doc.para(f"落实情况为截至{cn_date(m.held_on)}的情况。", size=9, gap=1)
    else:
        doc.para("无。", indent=True)
    doc.heading("二、会议议程")
    labelled(doc, "本月情况（由台账、村事百晓、来访来电登记生成）：", m.agenda)
    doc.heading("三、讨论情况")
    for part in (m.notes or "（未记录）").splitlines() or ["（未记录）"]:
        doc.para(part, indent=True, gap=0.5)
    doc.heading("四、议定事项")
    if m.decisions:
        doc.table(["序号", "议定事项", "责任人", "完成期限", "关联案件或事项"],
                  [[d.seq, d.text, d.owner, f"{d.deadline:%Y-%m-%d}", d.dispute_number or d.item_title]
                   for d in m.decisions], [12, 80, 22, 24, 32], aligns="RLLLL", size=9.5)
    else:
        doc.para("本次会议没有议定事项。", indent=True)
    doc.signature_lines(["主持人（签名）：", "记录人（签名）："])


def build_meeting(engine: Engine, month: str, *, chain=None, blank_missing: bool = False) -> Doc:
    """The Doc of the meeting of `month` ('YYYY-MM'); DataError when there is none."""
    mid = meeting_id_of(engine, month)
    if mid is None:
        raise DataError(f"没有{_month_words(month)}的形势分析会记录，请先在“形势分析会”中录入。", "month")
    m = get_meeting(engine, mid)
    with engine.connect() as conn:
        village = village_info(conn)
    doc = Doc(f"{TITLE} {m.month}", running_head=f"{_month_words(m.month)} 形势分析会会议记录", chain=chain,
              blank_missing=blank_missing)
    doc.add_sources(meeting_sources(m, village))
    draw_meeting(doc, m, village)
    return doc
