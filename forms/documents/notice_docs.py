"""Papers a party signs before or beside the mediation: 人民调解申请书 (a case the parties
applied for), 当事人权利义务告知书 (required in every file), 授权委托书 (a party with an agent).

Formats after the 2010 司法部 人民调解文书格式; the rights and duties are those of the
人民调解法 (arts. 23, 24). ID numbers and phones are masked with `mask` (copies that leave
the office), as in case_docs.
"""

from __future__ import annotations

from db.register.docs import CaseInfo, PartyInfo
from forms.documents.case_docs import _head, party_sentences
from forms.documents.common import (
    PARTY_SIGN_HEIGHT,
    closing_and_signatures,
    cn_number,
    id_text,
    labelled,
    phone_text,
)
from forms.render.pdf import Doc

RIGHTS = (
    "选择或者接受人民调解员；",
    "接受调解、拒绝调解或者要求终止调解；",
    "要求调解公开进行或者不公开进行；",
    "自主表达意愿、自愿达成调解协议。",
)
DUTIES = (
    "如实陈述纠纷事实；",
    "遵守调解现场秩序，尊重人民调解员；",
    "尊重对方当事人行使权利。",
)
RIGHTS_NOTES = (
    "人民调解委员会调解民间纠纷，不收取任何费用。",
    "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。",
    "经人民调解委员会调解达成调解协议后，双方当事人认为有必要的，可以自调解协议生效之日起三十日内"
    "共同向人民法院申请司法确认调解协议。",
    "人民调解委员会调解不成的，当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。",
)
AGENT_KIND = "委托代理人"


def has_application(case: CaseInfo) -> bool:
    """A case the parties applied for (来源：当事人申请) carries its 人民调解申请书."""
    return case.source == "applied"


def draw_application(doc: Doc, case: CaseInfo, *, mask: bool = False) -> None:
    """人民调解申请书: the parties, the dispute, what they ask; signed by each applicant."""
    _head(doc, "人民调解申请书", case)
    party_sentences(doc, case.parties, mask)
    doc.set_y(doc.y + 1)
    labelled(doc, "纠纷简要情况：", case.summary, blank_lines=6)
    labelled(doc, "申请事项：", case.request, blank_lines=3)
    applicants = [p for p in case.parties if p.role == "applicant"] or case.parties[:1]
    doc.para(f"{case.village.mediation_committee}：", gap=1, keep_with=30)
    closing_and_signatures(
        doc, "申请人已知悉人民调解自愿、平等、不收费的原则，现自愿申请你委员会对上述纠纷进行调解。",
        applicants, [])


def draw_rights_notice(doc: Doc, case: CaseInfo) -> None:
    """当事人权利义务告知书: the rights and duties, then each party signs that they were told,
    and the mediator who told them."""
    _head(doc, "人民调解当事人权利义务告知书", case)
    names = "、".join(p.name for p in case.parties)
    doc.para(f"{names}：" if names else "当事人：", gap=1)
    doc.para("根据《中华人民共和国人民调解法》的规定，现将当事人在人民调解活动中享有的权利和承担的义务告知如下：",
             indent=True)
    doc.para("一、当事人在人民调解活动中享有下列权利：", bold=True, gap=0.5, keep_with=12)
    for i, line in enumerate(RIGHTS, 1):
        doc.para(f"（{cn_number(i)}）{line}", indent=True, gap=0.5)
    doc.para("二、当事人在人民调解活动中履行下列义务：", bold=True, gap=0.5, keep_with=12)
    for i, line in enumerate(DUTIES, 1):
        doc.para(f"（{cn_number(i)}）{line}", indent=True, gap=0.5)
    doc.para("三、其他事项：", bold=True, gap=0.5, keep_with=12)
    for i, line in enumerate(RIGHTS_NOTES, 1):
        doc.para(f"（{cn_number(i)}）{line}", indent=True, gap=0.5)
    doc.set_y(doc.y + 2)
    closing_and_signatures(doc, "以上内容已向我告知，我已知悉。", case.parties, ["告知人（调解员）签名："],
                           per_line=1)


def agented(case: CaseInfo) -> list[PartyInfo]:
    """The parties who gave a power of attorney (agent_kind 委托代理人; the fields come with
    migration 0004 and read as empty on a file without them)."""
    return [p for p in case.parties
            if (getattr(p, "agent_kind", None) or "") == AGENT_KIND and (getattr(p, "agent_name", None) or "")]


def draw_power_of_attorney(doc: Doc, case: CaseInfo, party: PartyInfo, *, mask: bool = False) -> None:
    """授权委托书 of one party: who, to whom, in which dispute, with what powers (a ruled
    blank when not written: the party writes 一般代理 or the special powers by hand)."""
    _head(doc, "授权委托书", case)
    agent_id = getattr(party, "agent_id_number", None) or ""
    agent_phone = getattr(party, "agent_phone", None) or ""
    relation = getattr(party, "agent_relation", None) or ""
    doc.para(_sentence("委托人", party.name, party.id_number, party.phone, mask), indent=True, gap=1)
    doc.para(_sentence("受托人", getattr(party, "agent_name", None) or "", agent_id, agent_phone, mask,
                       relation and f"与委托人关系：{relation}"), indent=True, gap=2)
    doc.para(f"现委托上列受托人在{case.title}（{case.number}）的人民调解中，作为我（{party.role_label}）的代理人。",
             indent=True)
    labelled(doc, "代理权限：", "", blank_lines=3)
    block = 2 * PARTY_SIGN_HEIGHT
    doc.keep_together(block + 6)
    closing_and_signatures(doc, "", [_Signer("委托人", party.name), _Signer("受托人", getattr(party, "agent_name", ""))],
                           [])


class _Signer:
    def __init__(self, role_label: str, name: str | None):
        self.role_label, self.name = role_label, name or ""


def _sentence(role: str, name: str, id_number: str, phone: str, mask: bool, extra: str = "") -> str:
    bits = [name] + [x for x in (
        extra, id_number and f"公民身份号码：{id_text(id_number, mask)}",
        phone and f"联系电话：{phone_text(phone, mask)}") if x]
    return f"{role}：" + "，".join(bits) + "。"
