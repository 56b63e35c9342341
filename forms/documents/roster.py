"""The mediation network on paper: the 名册 (`desk print roster`) and the network's part of
each 屯's 联系公示 (drawn by forms.documents.checklist_docs.draw_contact_notice).

Service side only: the names printed are the people who serve (committee, 调解小组, 信息员,
十户长, 义务调解员) and how to reach them; nothing about residents."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from db import network as nw
from db.network import HamletNetwork, MemberRow, Roster
from db.session import DataError
from forms.documents.common import cn_date
from forms.render.pdf import Doc

TITLE = "人民调解组织网络名册"


def _d(day: date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def member_sources(members: list[MemberRow]) -> list[tuple[str, str]]:
    out = []
    for m in members:
        out += [("调解网络成员姓名", m.name), ("调解网络成员电话", m.phone), ("调解网络成员屯组", m.hamlet),
                ("调解网络成员备注", m.note)]
    return out


def roster_sources(r: Roster) -> list[tuple[str, str]]:
    out = [("村名", r.village.name), ("调解委员会名称", r.village.committee)]
    out += member_sources(r.committee)
    for h in r.hamlets:
        out.append(("屯组名称", h.hamlet))
        out += member_sources(h.group + h.contacts)
    return out


def draw_roster(doc: Doc, r: Roster, today: date | None = None) -> None:
    """The committee (with appointment and term), then each 屯's 调解小组 and contacts."""
    doc.add_page()
    doc.title_block(f"{r.village.name}{TITLE}", f"{r.village.mediation_committee}    "
                    f"共{r.count}人    {cn_date(today or date.today())}")
    doc.heading(f"一、{r.village.mediation_committee}")
    rows = [[str(i), m.name, m.role, m.background or ("村干部" if m.cadre_id else ""), m.phone,
             _d(m.appointed_on), _d(m.term_ends_on)] for i, m in enumerate(r.committee, 1)]
    doc.table(["序号", "姓名", "职务", "身份", "联系电话", "任职日期", "任期至"],
              rows or [["", "（尚未登记委员会成员）", "", "", "", "", ""]], [7, 16, 10, 10, 20, 17, 17],
              aligns="CLCCLCC", size=9.5)
    doc.heading("二、各屯调解小组和联络员")
    rows = []
    for h in r.hamlets:
        for m in h.group + h.contacts:
            where = "调解小组" if m.kind == "group" else "联络员"
            rows.append([h.hamlet, where, m.role, m.name, m.background, m.phone])
        if not h.group and not h.contacts:
            rows.append([h.hamlet, "", "", "（尚未登记）", "", ""])
    doc.table(["屯组", "类别", "职务", "姓名", "身份", "联系电话"], rows or [["", "", "", "（还没有屯组）", "", ""]],
              [14, 12, 13, 16, 11, 20], aligns="LCCLCL", size=9.5)
    doc.para("说明：信息员、十户长负责把群众的诉求和矛盾纠纷线索及时告诉村调委会，由调委会安排调解和服务；"
             "义务调解员协助调解。", size=9, gap=1)
    doc.signature_lines(["调委会主任（签名）：", "填表人（签名）："])


def build_roster(engine: Engine, *, today: date | None = None, chain=None, blank_missing: bool = False) -> Doc:
    """The 名册 as a Doc (not yet written). DataError when the village is not set up."""
    r = nw.roster(engine)
    if not r.village.name:
        raise DataError("还没有填写村庄信息，请先在设置中填写村名，再打印名册。", "village")
    doc = Doc(f"{r.village.name}{TITLE}", running_head=TITLE, chain=chain, blank_missing=blank_missing)
    doc.add_sources(roster_sources(r))
    draw_roster(doc, r, today)
    return doc


def draw_network_notice(doc: Doc, hn: HamletNetwork | None, committee: list[MemberRow]) -> None:
    """The network's part of a 屯's 联系公示: its 调解小组 and contacts, and the committee."""
    if hn is not None and (hn.group or hn.contacts):
        doc.set_y(doc.y + 4)
        doc.para("本组调解小组和联络员", size=14, bold=True, gap=2)
        doc.table(["姓名", "职务", "联系电话"], [[m.name, m.role, m.phone] for m in hn.group + hn.contacts],
                  [30, 40, 40], aligns="CCC", size=13, min_row=10)
    if committee:
        doc.set_y(doc.y + 4)
        doc.para("村人民调解委员会", size=14, bold=True, gap=2)
        doc.table(["姓名", "职务", "联系电话"], [[m.name, m.role, m.phone] for m in committee],
                  [30, 40, 40], aligns="CCC", size=13, min_row=10)
