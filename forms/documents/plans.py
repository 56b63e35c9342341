"""Emergency plans on paper (`desk print plans`): each plan (person in charge, teams and phones,
the phone tree, evacuation sites with the checklist's latest answers about them, materials
kept, its drills), then the drill log of every plan."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from db import plans as pl
from db.plans import DrillInfo, PlanInfo
from db.session import DataError
from forms.documents.common import cn_date
from forms.render.pdf import Doc

TITLE = "应急预案"


def _d(day: date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def _drill_by(info: PlanInfo) -> str:
    if not info.drill_before:
        return "每年至少一次"
    month, day = (int(x) for x in info.drill_before.split("-"))
    return f"每年{month}月{day}日前"


def plan_sources(info: PlanInfo) -> list[tuple[str, str]]:
    out = [("预案名称", info.name), ("总指挥", info.leader), ("总指挥电话", info.leader_phone),
           ("副总指挥", info.deputy), ("副总指挥电话", info.deputy_phone), ("物资储备", info.materials),
           ("预案备注", info.note), ("村名", info.village.name)]
    for t in info.teams:
        out += [("工作组名称", t.name), ("工作组职责", t.duty)]
        for m in t.members:
            out += [("工作组成员姓名", m.name), ("工作组成员电话", m.phone), ("工作组成员职责", m.duty)]
    for s in info.sites:
        out += [("安置点名称", s.name), ("安置点地点", s.place), ("安置点备注", s.note), ("百晓问题", s.question)]
        out += [("百晓答复", a.text) for a in s.answers]
    out += drill_sources(info.drills)
    return out


def drill_sources(drills: list[DrillInfo]) -> list[tuple[str, str]]:
    out = []
    for d in drills:
        out += [("事件经过", d.what), ("参加人员", d.participants), ("发现的问题", d.found), ("改进措施", d.changed)]
    return out


def _drill_rows(drills: list[DrillInfo], with_plan: bool) -> list[list[str]]:
    rows = []
    for d in drills:
        body = f"经过：{d.what}\n" if d.what else ""
        row = [_d(d.held_on), d.kind_label, body + d.participants, d.found, d.changed]
        rows.append(([d.plan] if with_plan else []) + row)
    return rows


def draw_plan(doc: Doc, info: PlanInfo) -> None:
    doc.add_page()
    doc.title_block(f"{info.village.name}{info.name}", f"类型：{info.kind_label}    演练要求：{_drill_by(info)}")
    doc.fields([("总指挥", info.leader), ("联系电话", info.leader_phone), ("副总指挥", info.deputy),
                ("联系电话", info.deputy_phone), ("制定日期", _d(info.adopted_on)), ("演练要求", _drill_by(info)),
                ("=备注", info.note)])
    doc.heading("一、工作组和成员")
    by_id = {m.id: m.name for m in info.members}
    rows = []
    for t in info.teams:
        rows.append([t.name, t.duty, "", "", ""])
        rows += [["", m.duty, m.name, m.phone, by_id.get(m.caller_id, info.leader)] for m in t.members]
    doc.table(["工作组", "职责", "姓名", "联系电话", "由谁通知"], rows or [["（尚未设工作组）", "", "", "", ""]],
              [16, 30, 14, 20, 14], aligns="LLLLL", size=9.5, bold_first_col=True)
    doc.heading("二、通知顺序（电话树）")
    for line in info.phone_tree():
        lead = "\u3000" * line.depth + ("└ " if line.depth else "")
        doc.para(f"{lead}{line.name}  {line.phone}  （{line.team}）", size=10, gap=0.3)
    doc.set_y(doc.y + 2)
    doc.heading("三、避险安置点")
    rows = []
    for s in info.sites:
        said = "\n".join(f"{a.hamlet}（{a.round_name}，{_d(a.answered_on)}）：{a.text}" for a in s.answers)
        if s.question and not said:
            said = "（该问题本屯尚未答复）"
        rows.append([s.name, s.place, "" if s.capacity is None else str(s.capacity), s.hamlet,
                     (s.question + "\n" + said).strip()])
    doc.table(["安置点", "地点", "可容纳人数", "屯组", "村事百晓的有关问题和最近答复"],
              rows or [["（尚未登记）", "", "", "", ""]], [16, 20, 11, 10, 43], aligns="LLCCL", size=9)
    doc.heading("四、物资储备")
    items = [x.strip() for x in info.materials.splitlines() if x.strip()]
    for i, item in enumerate(items or ["（尚未登记）"], 1):
        doc.para(f"{i}. {item}" if items else item, size=10, gap=0.3)
    doc.set_y(doc.y + 2)
    doc.heading("五、演练和处置记录")
    doc.table(["日期", "类别", "经过和参加人员", "发现的问题", "改进措施"],
              _drill_rows(info.drills, False) or [["", "", "（还没有记录）", "", ""]], [16, 11, 30, 22, 22],
              aligns="CCLLL", size=9)


def draw_drill_log(doc: Doc, drills: list[DrillInfo], village: str) -> None:
    doc.add_page()
    doc.title_block(f"{village}应急预案演练和处置记录", f"共{len(drills)}次")
    doc.table(["预案", "日期", "类别", "经过和参加人员", "发现的问题", "改进措施"],
              _drill_rows(drills, True) or [["", "", "", "（还没有记录）", "", ""]], [18, 15, 10, 27, 20, 20],
              aligns="LCCLLL", size=9)
    doc.signature_lines(["负责人（签名）：", "记录人（签名）："])


def build_plans(engine: Engine, *, today: date | None = None, chain=None, blank_missing: bool = False) -> Doc:
    """Every live plan, then the drill log, as a Doc (not yet written). DataError when there is
    no plan yet."""
    infos = pl.all_plans(engine)
    if not infos:
        raise DataError("还没有应急预案，请先在“应急预案”中添加，再打印。", "plans")
    village = infos[0].village.name
    doc = Doc(f"{village}{TITLE}", running_head=f"{village}{TITLE}  {cn_date(today or date.today())}", chain=chain,
              blank_missing=blank_missing)
    for info in infos:
        doc.add_sources(plan_sources(info))
    for info in infos:
        draw_plan(doc, info)
    draw_drill_log(doc, pl.drill_log(engine), village)
    return doc
