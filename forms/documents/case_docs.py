"""The documents of one case: 受理登记表, 调查/调解记录, 人民调解协议书, 口头协议登记表, 回访记录.

Each `draw_*` adds its pages to a Doc, so a whole case file can be one PDF. ID numbers and
phones print whole unless `mask` is set (a copy that leaves the office: every party's ID number
and phone masked, and only the year of birth beside them). Nothing a party signs prints a
placeholder: an empty clause is left out, or ruled lines are left to fill in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.register.docs import AgreementInfo, CaseInfo, PartyInfo, ProceedingInfo
from db.session import DataError
from forms.documents.common import (
    PARTY_SIGN_HEIGHT,
    birth_text,
    closing_and_signatures,
    cn_date,
    cn_number,
    id_text,
    labelled,
    numbered_terms,
    party_sign_line,
    phone_text,
    seal_block,
    signing_height,
    yes_no,
)
from forms.render.pdf import Doc

JC_NOTE = (
    "当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。"
    "人民法院依法确认调解协议有效，一方当事人拒绝履行或者未全部履行的，"
    "对方当事人可以向人民法院申请强制执行。"
)


def _money(fen: int | None) -> str:
    return "" if fen is None else f"{fen / 100:,.2f}元"


def _party_sentence(p: PartyInfo, mask: bool) -> str:
    """申请人：张三，男，汉族，1980年5月6日出生，公民身份号码：…，职业：…，住址：…，联系电话：…。"""
    bits = [p.name]
    if p.kind_label == "单位":
        if p.representative:
            bits.append(f"法定代表人（负责人）：{p.representative}")
    else:
        bits += [x for x in (p.sex, p.ethnicity) if x]
        if p.birth_date:
            bits.append(f"{p.birth_date.year}年出生" if mask else f"{cn_date(p.birth_date)}出生")
        elif p.age is not None:
            bits.append(f"{p.age}岁")
    if p.id_number:
        bits.append(f"{_number_label(p)}：{id_text(p.id_number, mask)}")
    if p.occupation:
        bits.append(f"职业：{p.occupation}")
    address = p.address or p.hamlet
    if address:
        bits.append(f"{'住所' if p.kind_label == '单位' else '住址'}：{address}")
    if p.phone:
        bits.append(f"联系电话：{phone_text(p.phone, mask)}")
    return f"{p.role_label}：" + "，".join(bits) + "。" + agent_sentence(p, mask)


def _number_label(p: PartyInfo) -> str:
    """公民身份号码 for a resident ID; the document's own name otherwise (护照号码 ...)."""
    if p.kind_label == "单位":
        return "统一社会信用代码"
    return "公民身份号码" if p.id_type == "resident" else f"{p.id_type_label}号码"


def agent_sentence(p: PartyInfo, mask: bool) -> str:
    """法定代理人：王五，与申请人关系：父子，公民身份号码：…，联系电话：…。 ('' without an agent)."""
    if not p.agent_kind:
        return ""
    bits = [p.agent_name]
    if p.agent_relation:
        bits.append(f"与{p.role_label}关系：{p.agent_relation}")
    if p.agent_id_number:
        bits.append(f"公民身份号码：{id_text(p.agent_id_number, mask)}")
    if p.agent_phone:
        bits.append(f"联系电话：{phone_text(p.agent_phone, mask)}")
    return f"{p.agent_kind}：" + "，".join(bits) + "。"


def _table_name(p: PartyInfo) -> str:
    """The name cell: 张三（代表人：…）（法定代理人：王五）."""
    return (p.name + (f"（代表人：{p.representative}）" if p.representative else "")
            + (f"（{p.agent_kind}：{p.agent_name}）" if p.agent_kind else ""))


# Short names for the narrow table column (the sentence uses the full name).
SHORT_ID_TYPES = {"residence_permit": "居住证", "hk_macao_permit": "港澳通行证", "taiwan_permit": "台胞证",
                  "foreign_permanent": "永居证", "passport": "护照", "other": "其他证件"}


def _table_number(p: PartyInfo, mask: bool) -> str:
    """The number cell; a document other than the resident ID says which (护照 E1234567)."""
    number = id_text(p.id_number, mask)
    if number and p.id_type != "resident" and p.kind_label != "单位":
        return f"{SHORT_ID_TYPES.get(p.id_type, p.id_type_label)} {number}"
    return number


@dataclass(frozen=True)
class Signer:
    """One signing line for the parties: a party, or the agent signing for it."""

    role_label: str
    name: str


def signing_parties(case: CaseInfo) -> list[Signer]:
    """Everyone who signs for the parties: each party, then its agent (申请人法定代理人)."""
    out = []
    for p in case.parties:
        out.append(Signer(p.role_label, p.name))
        if p.agent_kind and p.agent_name:
            out.append(Signer(f"{p.role_label}{p.agent_kind}", p.agent_name))
    return out


def party_sentences(doc: Doc, parties, mask: bool) -> None:
    for p in parties:
        doc.para(_party_sentence(p, mask), indent=True, gap=1)


def _parties_table(doc: Doc, case: CaseInfo, mask: bool) -> None:
    rows = [[p.role_label, _table_name(p), p.sex, p.ethnicity, birth_text(p.birth_date, p.age, mask),
             _table_number(p, mask), phone_text(p.phone, mask), p.address or p.hamlet] for p in case.parties]
    doc.para("当事人情况", bold=True, gap=1, keep_with=22)
    doc.table(["身份", "姓名/名称", "性别", "民族", "出生日期" if not mask else "出生年份", "证件号码",
               "联系电话", "住址"], rows, [13, 18, 7, 8, 16, 30, 20, 26], size=8.5)


def _head(doc: Doc, title: str, case: CaseInfo, number: str | None = None) -> None:
    """Title, then the number on the right (an agreement's own number and its case's)."""
    doc.add_page()
    doc.title_block(title)
    doc.font(10.5)
    if number and number != case.number:
        doc.para(f"协议编号：{number}    案件编号：{case.number}", align="R", gap=2)
    else:
        doc.para(f"编号：{case.number}", align="R", gap=2)


def draw_acceptance(doc: Doc, case: CaseInfo, *, mask: bool = False) -> None:
    """受理登记表 (acceptance register sheet), with the 风险等级, its assessment and the measures."""
    _head(doc, "人民调解受理登记表", case)
    source = case.source_label + (f"（{case.source_detail}）" if case.source_detail else "")
    doc.fields([
        ("受理日期", cn_date(case.accepted_on)), ("登记人", case.registered_by),
        ("纠纷来源", source), ("纠纷类型", case.type_name),
        ("所属屯组", case.hamlet), ("风险等级", case.severity),
        ("发生时间", cn_date(case.arose_on, "")), ("发生地点", case.arose_at),
        ("涉及人数", f"{case.people_involved}人"), ("涉及金额", _money(case.amount_fen)),
        ("群体性纠纷", yes_no(case.is_mass)), ("办理期限", cn_date(case.deadline)),
        ("主持调解员", case.presiding), ("其他调解员", case.other_mediators),
        ("包案领导", case.leader), ("当前状态", case.status_label),
    ])
    _parties_table(doc, case, mask)
    doc.fields([("=纠纷简要情况", case.summary), ("=申请事项", case.request)], min_row=18)
    closing = "当事人已知悉人民调解自愿、平等、不收费的原则及其在调解中的权利和义务，同意接受人民调解委员会调解。"
    signers = ["登记人（签名）：", "受理人（签名）："]
    doc.fields([("=风险评估", case.risk_assessment), ("=已采取的措施", case.risk_measures)], min_row=10,
               keep_with=signing_height(doc, closing, signing_parties(case), signers))
    closing_and_signatures(doc, closing, signing_parties(case), signers)


def draw_proceeding(doc: Doc, case: CaseInfo, rec: ProceedingInfo) -> None:
    """调解记录 / 调查记录: one record, on its own page. An investigation names 被调查人 and
    调查人 (who signs it); a mediation its parties present, mediators and recorder."""
    if rec.kind == "investigation":
        _head(doc, "人民调解调查记录", case)
        doc.fields([
            ("时间", cn_date(rec.held_on)), ("地点", rec.place),
            ("=事由", f"{case.title}（{case.type_name}）"),
            ("=被调查人", rec.attendees), ("=在场人", rec.helpers),
            ("调查人", rec.mediators or case.mediators), ("记录人", rec.recorder),
        ])
        labelled(doc, "调查内容（被调查人陈述）：", rec.statements, blank_lines=6)
        labelled(doc, "查明事实：", rec.facts)
        closing = "以上记录已向被调查人宣读（或由被调查人阅看），确认无误。"
        signers = ["被调查人（签名）：", "调查人（签名）：", "记录人（签名）："]
        labelled(doc, "调查结论：", rec.result, keep_with=signing_height(doc, closing, [], signers, per_line=3))
        closing_and_signatures(doc, closing, [], signers, per_line=3)
        return
    _head(doc, "人民调解记录", case)
    doc.fields([
        ("时间", cn_date(rec.held_on)), ("地点", rec.place),
        ("=事由", f"{case.title}（{case.type_name}）"),
        ("=参加人", rec.attendees or "、".join(f"{p.role_label}{p.name}" for p in case.parties)),
        ("=邀请参加人", rec.helpers), ("调解员", rec.mediators or case.mediators), ("记录人", rec.recorder),
        ("=告知权利义务", "已告知当事人在人民调解活动中享有的权利和承担的义务" if rec.rights_notified else "未告知"),
    ])
    labelled(doc, "当事人陈述：", rec.statements, blank_lines=6)
    labelled(doc, "查明事实：", rec.facts)
    closing = "以上记录已向当事人宣读（或由当事人阅看），确认无误。"
    signers = ["调解员（签名）：", "记录人（签名）："]
    labelled(doc, "调解结果：", rec.result, keep_with=min(signing_height(doc, closing, signing_parties(case), signers), 120))
    closing_and_signatures(doc, closing, signing_parties(case), signers)


def pick_agreement(case: CaseInfo, form: str, agreement_id: int | None = None) -> AgreementInfo:
    """The agreement to print: `agreement_id`, else the latest of that form; DataError if none."""
    found = [a for a in case.agreements if a.form == form and (agreement_id is None or a.id == agreement_id)]
    if not found:
        what = "书面调解协议" if form == "written" else "口头协议"
        raise DataError(f"案件{case.number}还没有{what}，请先在案件中登记协议再打印。", "agreement")
    return found[-1]


def copies_sentence(n_parties: int) -> str:
    """"本协议书一式三份，当事人各执一份，人民调解委员会留存一份。" (copies = parties + 1)."""
    return f"本协议书一式{cn_number(n_parties + 1)}份，当事人各执一份，人民调解委员会留存一份。"


def _perform_line(agreement: AgreementInfo) -> str | None:
    """"履行方式：…；履行地点：…；履行期限：…前履行完毕。", or None when nothing was written."""
    bits = [x for x in (
        agreement.perform_how and f"履行方式：{agreement.perform_how}",
        agreement.perform_where and f"履行地点：{agreement.perform_where}",
        agreement.perform_by and f"履行期限：{cn_date(agreement.perform_by)}前履行完毕") if x]
    return "；".join(bits) + "。" if bits else None


def draw_agreement(doc: Doc, case: CaseInfo, agreement: AgreementInfo, *, mask: bool = False) -> None:
    """人民调解协议书 (art. 29 人民调解法): parties, facts, responsibilities, numbered terms,
    how / where / by when, effect, copies = parties + 1, the 30-day judicial-confirmation note,
    a signature and fingerprint line for each party, the mediator, the committee's seal.
    An empty facts, responsibilities, terms or performance clause is a ruled blank to fill by hand."""
    _head(doc, "人民调解协议书", case, agreement.number or case.number)
    party_sentences(doc, case.parties, mask)
    doc.set_y(doc.y + 1)
    labelled(doc, "纠纷主要事实、争议事项：", agreement.facts or case.summary)
    labelled(doc, "各方责任：", agreement.responsibilities)
    terms = numbered_terms(agreement.terms)
    doc.para("经本委员会调解，当事人自愿达成如下协议：", bold=True, gap=0.5, keep_with=12 if terms else 44)
    for term in terms:
        doc.para(term, indent=True, gap=0.5)
    if not terms:
        doc.ruled_lines(5)
    doc.set_y(doc.y + 1.5)
    line = _perform_line(agreement)
    doc.para("履行方式、地点、期限：", bold=True, gap=0.5, keep_with=12 if line else 20)
    if line:
        doc.para(line, indent=True)
    else:
        doc.ruled_lines(2)
    doc.para("本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
             + copies_sentence(len(case.parties)), indent=True)
    # The signatures, the mediator and the seal stay together on one page with the last lines
    # of the text above them (keep-with-next), so no page starts with signatures alone.
    block = 6 + PARTY_SIGN_HEIGHT * len(signing_parties(case)) + doc.signature_height(1, with_date=False) + 26
    doc.para(JC_NOTE, indent=True, keep_with=block)
    doc.para("当事人（签名、盖章或按指印）：", bold=True, gap=0)
    for p in signing_parties(case):
        party_sign_line(doc, p.role_label, p.name)
    doc.signature_lines(["人民调解员（签名）："], per_line=2, with_date=False)
    seal_block(doc, case.village.mediation_committee, agreement.signed_on)


def draw_oral_agreement(doc: Doc, case: CaseInfo, agreement: AgreementInfo, *, mask: bool = False) -> None:
    """口头协议登记表: the mediator's record of an oral agreement (effective when reached);
    履行情况 once, with its date."""
    _head(doc, "人民调解口头协议登记表", case, agreement.number or case.number)
    doc.fields([("达成日期", cn_date(agreement.signed_on)), ("纠纷类型", case.type_name),
                ("调解员", case.mediators), ("受理日期", cn_date(case.accepted_on))])
    _parties_table(doc, case, mask)
    how = _perform_line(agreement) or ""
    done = agreement.performance_label + (f"（{cn_date(agreement.performed_on)}）" if agreement.performed_on else "")
    closing = "本口头协议自各方当事人达成协议之日起生效，由人民调解员记录在案。"
    doc.fields([("=纠纷简要情况", agreement.facts or case.summary),
                ("=协议内容", "\n".join(numbered_terms(agreement.terms))),
                ("=履行方式、期限", how), ("=履行情况", done)], min_row=14,
               keep_with=signing_height(doc, closing, signing_parties(case), ["登记人（调解员）签名："], per_line=1))
    closing_and_signatures(doc, closing, signing_parties(case), ["登记人（调解员）签名："], per_line=1)


def draw_follow_up(doc: Doc, case: CaseInfo) -> None:
    """回访记录: one page per visit; what was not written is a blank cell to fill by hand."""
    if not case.follow_ups:
        raise DataError(f"案件{case.number}还没有回访记录，请先在案件中登记回访。", "follow_up")
    numbers = "、".join(a.number for a in case.agreements if a.number) or case.number
    for v in case.follow_ups:
        _head(doc, "人民调解回访记录", case)
        doc.fields([
            ("回访对象", v.party_name), ("协议编号", numbers),
            ("回访时间", cn_date(v.visited_on)), ("回访人", v.visitor),
            ("=回访事由", v.reason),
            ("协议已履行", yes_no(v.performed)), ("当事人满意", yes_no(v.satisfied)),
            ("是否起诉", yes_no(v.lawsuit)), ("下次回访", cn_date(v.next_due, "不再回访")),
        ])
        doc.fields([("=纠纷反复迹象与风险", v.flare_up), ("=采取的措施", v.measures)], min_row=26,
                   keep_with=doc.signature_height(2))
        doc.signature_lines(["回访人（签名）：", "被回访人（签名）："])
