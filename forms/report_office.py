"""The monthly report's sections on the office's own records: the last meeting's decisions
(议定事项) with their state, and the month's requests (来访来电) by channel, category and
handling. Plain parts (heading, paragraph, table rows) that forms.monthly_report turns into
its blocks, so every renderer draws them like the rest of the report."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.stats.model import MonthlyFigures


@dataclass
class Part:
    heading: str
    para: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    aligns: str = ""
    sheet: str = ""
    note: str = ""
    frac: float = 1.0


def office_parts(fig: MonthlyFigures) -> list[Part]:
    """The two sections, in order."""
    return [_decisions(fig), _reception(fig)]


def _decisions(fig: MonthlyFigures) -> Part:
    title = "会议材料：上次形势分析会议定事项落实情况"
    if fig.meeting is None:
        return Part(title, para="截至本月末没有形势分析会记录。")
    m = fig.meeting
    rows = [[d.seq, d.text, d.owner, f"{d.deadline:%Y-%m-%d}", d.state_label,
             f"{d.done_on:%Y-%m-%d}" if d.done_on else "", d.dispute_number or d.item_title, d.progress]
            for d in fig.decisions]
    states = [d.state_label for d in fig.decisions]
    note = (f"{m['month']}分析会（{m['held_on']:%Y-%m-%d}，主持人：{m['chair']}）议定{len(rows)}项，截至"
            f"{fig.as_of:%Y-%m-%d}：已办{states.count('已办')}项，在办{states.count('在办')}项，"
            f"逾期{states.count('逾期')}项。")
    if not rows:
        return Part(title, para=note)
    return Part(title, headers=["序号", "议定事项", "责任人", "完成期限", "落实情况", "办结日期", "关联", "说明"],
                rows=rows, widths=[8, 48, 15, 19, 14, 19, 26, 31], aligns="RLLLLLLL", sheet="议定事项", note=note)


def _reception(fig: MonthlyFigures) -> Part:
    title = "来访来电登记"
    c = fig.reception
    if c is None:
        return Part(title, para="本月没有来访来电登记。")
    rows = ([["来源：" + k, v] for k, v in c.by_channel] + [["类别：" + k, v] for k, v in c.by_category if v]
            + [["处理：" + k, v] for k, v in c.by_handling])
    rows.append(["合计", c.total])
    note = (f"本月登记{c.total}件；截至{fig.as_of:%Y-%m-%d}已答复{c.replied}件、办结{c.closed}件，"
            f"办结时表示满意{c.satisfied}件、不满意{c.unsatisfied}件。")
    return Part(title, headers=["项目", "件数"], rows=rows, widths=[40, 20], aligns="LR", sheet="来访来电",
                note=note, frac=0.7)
