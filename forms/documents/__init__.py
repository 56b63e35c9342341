"""The official documents on A4 PDF: one entry point, `render_document`.

Kinds and what `key` is:
- case documents, key = dispute id: application 人民调解申请书 (a case the parties applied for),
  acceptance 受理登记表, rights_notice 当事人权利义务告知书, power_of_attorney 授权委托书 (each
  party with a 委托代理人), investigation_record 调查记录, mediation_record 调解记录 (every
  mediation record, one per page), agreement 人民调解协议书, oral_agreement 口头协议登记表,
  follow_up 回访记录 (one page per visit), escalation 上报记录, file_note 卷宗情况说明, cover
  卷宗封面, contents 卷内目录 (with the whole file's page numbers), back_cover 卷内备考表
  (封底), case_file (cover, contents with page numbers and every document of the case, in
  file order; forms.documents.file_docs).
- checklist_sheet 排查登记表 (blank), key = (round_id, hamlet_id or None for village questions);
  checklist_summary 排查情况汇总, key = round_id; contact_notice 包片干部联系公示,
  key = hamlet_id, or None for every active hamlet (one page each).
- meeting 形势分析会会议记录, key = the month 'YYYY-MM' (forms/documents/meeting.py).

ID numbers and phones print whole (the parties' own papers); pass mask_ids=True for copies
that leave the office: every party's (and agent's) ID number and phone masked
(4501**********1234, 138****5678) and only the year of birth printed beside them. Errors: DataError (nothing to print), FontMissing (GlyphMissing: a character
no font has, named with its field), OutputError. Nothing is written when any is raised.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from db.session import DataError

KINDS = {
    "application": "人民调解申请书",
    "acceptance": "受理登记表",
    "rights_notice": "当事人权利义务告知书",
    "power_of_attorney": "授权委托书",
    "investigation_record": "调查记录",
    "mediation_record": "调解记录",
    "agreement": "人民调解协议书",
    "oral_agreement": "口头协议登记表",
    "follow_up": "回访记录",
    "escalation": "上报记录",
    "file_note": "卷宗情况说明",
    "cover": "卷宗封面",
    "contents": "卷内目录",
    "back_cover": "卷内备考表（封底）",
    "case_file": "卷宗（全部文书）",
    "checklist_sheet": "村事百晓排查登记表",
    "checklist_summary": "村事百晓排查情况汇总",
    "contact_notice": "包片干部联系公示",
    "meeting": "形势分析会会议记录",
}
CASE_KINDS = ("application", "acceptance", "rights_notice", "power_of_attorney", "investigation_record",
              "mediation_record", "agreement", "oral_agreement", "follow_up", "escalation", "file_note",
              "cover", "contents", "back_cover", "case_file")


_CASE_FIELDS = {
    "registered_by": "登记人", "source_detail": "纠纷来源说明", "type_name": "纠纷类型", "hamlet": "所属屯组",
    "summary": "纠纷简要情况", "request": "申请事项", "arose_at": "发生地点", "presiding": "主持调解员",
    "other_mediators": "其他调解员", "leader": "包案领导", "result_note": "调解结果说明", "closed_by": "结案人",
    "risk_assessment": "风险评估", "risk_measures": "已采取的措施", "file_note": "卷宗情况说明",
}
_VILLAGE_FIELDS = {"name": "村名", "committee": "调解委员会名称", "township": "乡镇", "county": "县（市、区）",
                   "clerk": "经办人"}
_PARTY_FIELDS = {"name": "当事人姓名", "representative": "当事人代表人", "ethnicity": "当事人民族",
                 "id_number": "当事人身份证号码", "occupation": "当事人职业", "address": "当事人住址",
                 "phone": "当事人联系电话", "agent_name": "代理人姓名", "agent_relation": "代理人与当事人关系",
                 "agent_id_number": "代理人身份证号码", "agent_phone": "代理人联系电话"}
_ESCALATION_FIELDS = {"to_whom": "上报对象", "reported_by": "上报人", "matter": "上报事项", "reply": "答复情况"}
_PROCEEDING_FIELDS = {"place": "地点", "attendees": "参加人", "helpers": "邀请参加人", "mediators": "调解员",
                      "recorder": "记录人", "statements": "当事人陈述", "facts": "查明事实", "result": "调解结果"}
_AGREEMENT_FIELDS = {"number": "协议编号", "facts": "纠纷事实", "responsibilities": "当事人责任",
                     "terms": "协议内容", "perform_how": "履行方式", "perform_where": "履行地点"}
_FOLLOW_UP_FIELDS = {"party_name": "回访对象", "reason": "回访事由", "flare_up": "纠纷反复情况",
                     "measures": "采取措施", "visitor": "回访人"}


def case_sources(case, cover: dict | None = None) -> list[tuple[str, str]]:
    """(Chinese field label, value) of everything of `case` that its documents print: a character
    that cannot be printed is reported with its field (Doc.add_sources). Parties first, so a
    name is named as 当事人姓名 even where it is repeated in another field."""
    out: list[tuple[str, str]] = []

    def take(obj, labels: dict, prefix: str = "") -> None:
        out.extend((prefix + label, str(getattr(obj, attr, "") or "")) for attr, label in labels.items())

    for p in case.parties:
        take(p, _PARTY_FIELDS)
    take(case, _CASE_FIELDS)
    take(case.village, _VILLAGE_FIELDS)
    for rec in case.proceedings:
        take(rec, _PROCEEDING_FIELDS, f"{rec.kind_label}的")
    for a in case.agreements:
        take(a, _AGREEMENT_FIELDS, "调解协议的")
    for f in case.follow_ups:
        take(f, _FOLLOW_UP_FIELDS, "回访记录的")
    for e in case.escalations:
        take(e, _ESCALATION_FIELDS, "上报记录的")
    for label, value in (cover or {}).items():
        if isinstance(value, str):
            out.append(({"retention": "保管期限", "remarks": "备注", "filed_by": "立卷人"}.get(label, label), value))
    return out


def _sheet_sources(sheet) -> list[tuple[str, str]]:
    out = [("排查轮次名称", sheet.round_name), ("屯组名称", sheet.hamlet)]
    out += [(label, getattr(sheet.village, attr, "") or "") for attr, label in _VILLAGE_FIELDS.items()]
    for q in sheet.questions:
        out += [(f"问题{q.code}", q.text), (f"问题{q.code}的提示", q.hint), (f"问题{q.code}的包片干部", q.cadre),
                (f"问题{q.code}的答复", q.answer), (f"问题{q.code}的答复人", q.answered_by)]
    return out


def _contact_sources(contacts) -> list[tuple[str, str]]:
    out = []
    for hc in contacts:
        out.append(("屯组名称", hc.hamlet))
        out += [(label, getattr(hc.village, attr, "") or "") for attr, label in _VILLAGE_FIELDS.items()]
        for c in hc.cadres + hc.mediators:
            out += [("干部姓名", c.name), ("干部职务", c.roles), ("干部电话", c.phone)]
    return out


def _records(doc, case, kind: str, proceeding_id: int | None) -> None:
    from forms.documents.case_docs import draw_proceeding

    recs = [r for r in case.proceedings if r.kind == kind and (proceeding_id is None or r.id == proceeding_id)]
    if not recs:
        what = "调解记录" if kind == "mediation" else "调查记录"
        raise DataError(f"案件{case.number}还没有{what}，请先在案件中添加。", "proceeding")
    for rec in recs:
        draw_proceeding(doc, case, rec)


def _draw_case(doc, case, kind: str, *, mask: bool, agreement_id, proceeding_id, cover: dict) -> None:
    from forms.documents import case_docs as cd
    from forms.documents import file_docs as fd
    from forms.documents import notice_docs as nd

    if kind == "application":
        if not nd.has_application(case):
            raise DataError(f"案件{case.number}的来源是“{case.source_label}”，不是当事人申请，没有人民调解申请书。",
                            "source")
        nd.draw_application(doc, case, mask=mask)
    elif kind == "acceptance":
        cd.draw_acceptance(doc, case, mask=mask)
    elif kind == "rights_notice":
        nd.draw_rights_notice(doc, case)
    elif kind == "power_of_attorney":
        parties = nd.agented(case)
        if not parties:
            raise DataError(f"案件{case.number}没有当事人委托代理人，不需要授权委托书。", "agent_kind")
        for p in parties:
            nd.draw_power_of_attorney(doc, case, p, mask=mask)
    elif kind == "investigation_record":
        _records(doc, case, "investigation", proceeding_id)
    elif kind == "mediation_record":
        _records(doc, case, "mediation", proceeding_id)
    elif kind == "agreement":
        cd.draw_agreement(doc, case, cd.pick_agreement(case, "written", agreement_id), mask=mask)
    elif kind == "oral_agreement":
        cd.draw_oral_agreement(doc, case, cd.pick_agreement(case, "oral", agreement_id), mask=mask)
    elif kind == "follow_up":
        cd.draw_follow_up(doc, case)
    elif kind == "escalation":
        if not case.escalations:
            raise DataError(f"案件{case.number}还没有上报记录，请先在案件中登记上报。", "escalation")
        fd.draw_escalations(doc, case)
    elif kind == "file_note":
        if not case.file_note.strip():
            raise DataError(f"案件{case.number}没有填写卷宗情况说明，请先在案件中填写。", "file_note")
        fd.draw_file_note(doc, case)
    elif kind == "cover":
        fd.draw_cover(doc, case, **cover)
    elif kind == "contents":
        fd.draw_contents(doc, case)
    elif kind == "back_cover":
        items = fd.file_items(case)
        fd.draw_back_cover(doc, case, len(items) + 1, sum(1 for it in items if it.draw is None), None)


def build_document(engine: Engine, kind: str, key, *, mask_ids: bool = False, agreement_id: int | None = None,
                   proceeding_id: int | None = None, retention: str = "长期", remarks: str = "",
                   filed_by: str | None = None, filed_on: date | None = None, today: date | None = None,
                   chain=None, blank_missing: bool = False):
    """The Doc (fpdf2) for `kind` / `key`, not yet written; see the module docstring.
    `chain` (a forms.render.fonts.FontChain) replaces the fonts found on this machine.
    `blank_missing`: print a character no font has as a blank to write in by hand (listed in
    the Doc's `left_blank`, which the caller must show) instead of stopping (the default)."""
    from db.checklist import docs as kq
    from db.register import docs as q
    from forms.documents import checklist_docs as kd
    from forms.render.pdf import Doc

    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    if kind == "meeting":
        from forms.documents.meeting import build_meeting  # late: as the other kinds' modules

        return build_meeting(engine, str(key), chain=chain, blank_missing=blank_missing)
    if kind in CASE_KINDS:
        case = q.get_case_info(engine, int(key))
        cover = dict(retention=retention, remarks=remarks, filed_by=filed_by, filed_on=filed_on)

        def make_doc():
            doc = Doc(f"{KINDS[kind]} {case.number}", running_head=f"{case.number} {KINDS[kind]}", chain=chain,
                      blank_missing=blank_missing)
            doc.add_sources(case_sources(case, cover))
            return doc

        if kind in ("case_file", "contents"):
            from forms.documents.file_docs import build_case_file, draw_contents

            whole = build_case_file(make_doc, case, mask=mask_ids, cover=cover)
            if kind == "case_file":
                return whole
            doc = make_doc()  # the contents alone, with the page numbers of the whole file
            draw_contents(doc, case, whole.file_items, whole.back_pages)
            return doc
        doc = make_doc()
        _draw_case(doc, case, kind, mask=mask_ids, agreement_id=agreement_id, proceeding_id=proceeding_id,
                   cover=cover)
        return doc
    if kind == "checklist_sheet":
        round_id, hamlet_id = key
        sheet = kq.round_sheet(engine, int(round_id), None if hamlet_id is None else int(hamlet_id))
        doc = Doc(f"{KINDS[kind]} {sheet.round_name} {sheet.hamlet}",
                  running_head=f"{sheet.round_name} {sheet.hamlet}", chain=chain)
        doc.add_sources(_sheet_sources(sheet))
        kd.draw_checklist_sheet(doc, sheet)
        return doc
    if kind == "checklist_summary":
        summary = kq.round_summary(engine, int(key))
        doc = Doc(f"{KINDS[kind]} {summary.round_name}", running_head=f"{summary.round_name} 排查情况汇总",
                  chain=chain)
        for sheet in summary.hamlets:
            doc.add_sources(_sheet_sources(sheet))
        kd.draw_checklist_summary(doc, summary)
        return doc
    contacts = kq.hamlet_contacts(engine, None if key is None else int(key))
    if not contacts:
        raise DataError("还没有屯组，请先在设置中添加屯组。", "hamlet_id")
    from db import network as nw
    from forms.documents.roster import member_sources

    doc = Doc(KINDS[kind], page_numbers=False, chain=chain)
    doc.add_sources(_contact_sources(contacts))
    # The mediation network's part of each notice (the same hamlets, in the same order).
    nets = {h.hamlet: h for h in nw.hamlet_network(engine, None if key is None else int(key))}
    committee = nw.committee(engine)
    doc.add_sources(member_sources(committee + [m for h in nets.values() for m in h.group + h.contacts]))
    for hc in contacts:
        kd.draw_contact_notice(doc, hc, today=today, network=nets.get(hc.hamlet), committee=committee)
    return doc


def render_document(engine: Engine, kind: str, key, path: str | os.PathLike | None = None, **options):
    """Render one document to `path` (written safely; returns the Path) or, without a path,
    return the PDF bytes. `options`: mask_ids, agreement_id, proceeding_id, retention,
    remarks, filed_by, filed_on (cover), today (notice date), chain (fonts).
    A character no font has raises GlyphMissing before anything is written."""
    doc = build_document(engine, kind, key, **options)
    if path is None:
        return bytes(doc.output())
    doc.save(path)
    return Path(path)
