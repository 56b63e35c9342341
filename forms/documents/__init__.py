"""The official documents on A4 PDF: one entry point, `render_document`.

Kinds and what `key` is:
- case documents, key = dispute id: acceptance 受理登记表, investigation_record 调查记录,
  mediation_record 调解记录 (every mediation record, one per page), agreement 人民调解协议书,
  oral_agreement 口头协议登记表, follow_up 回访记录 (one page per visit), cover 卷宗封面,
  contents 卷内目录, case_file (cover, contents and every document of the case, in file order).
- checklist_sheet 排查登记表 (blank), key = (round_id, hamlet_id or None for village questions);
  checklist_summary 排查情况汇总, key = round_id; contact_notice 包片干部联系公示,
  key = hamlet_id, or None for every active hamlet (one page each).

ID numbers print whole (the parties' own papers); pass mask_ids=True for copies that leave
the committee. Errors: DataError (nothing to print), FontMissing (GlyphMissing: a character
no font has, named with its field), OutputError. Nothing is written when any is raised.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from db.session import DataError

KINDS = {
    "acceptance": "受理登记表",
    "investigation_record": "调查记录",
    "mediation_record": "调解记录",
    "agreement": "人民调解协议书",
    "oral_agreement": "口头协议登记表",
    "follow_up": "回访记录",
    "cover": "卷宗封面",
    "contents": "卷内目录",
    "case_file": "卷宗（全部文书）",
    "checklist_sheet": "村事百晓排查登记表",
    "checklist_summary": "村事百晓排查情况汇总",
    "contact_notice": "包片干部联系公示",
}
CASE_KINDS = ("acceptance", "investigation_record", "mediation_record", "agreement", "oral_agreement",
              "follow_up", "cover", "contents", "case_file")


_CASE_FIELDS = {
    "registered_by": "登记人", "source_detail": "纠纷来源说明", "type_name": "纠纷类型", "hamlet": "所属屯组",
    "summary": "纠纷简要情况", "request": "申请事项", "arose_at": "发生地点", "presiding": "主持调解员",
    "other_mediators": "其他调解员", "leader": "包案领导", "result_note": "调解结果说明", "closed_by": "结案人",
}
_VILLAGE_FIELDS = {"name": "村名", "committee": "调解委员会名称", "township": "乡镇", "county": "县（市、区）",
                   "clerk": "经办人"}
_PARTY_FIELDS = {"name": "当事人姓名", "representative": "当事人代表人", "ethnicity": "当事人民族",
                 "id_number": "当事人身份证号码", "occupation": "当事人职业", "address": "当事人住址",
                 "phone": "当事人联系电话", "agent_name": "代理人姓名", "agent_relation": "代理人与当事人关系",
                 "agent_id_number": "代理人身份证号码", "agent_phone": "代理人联系电话"}
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

    if kind == "acceptance":
        cd.draw_acceptance(doc, case, mask=mask)
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
    elif kind == "cover":
        fd.draw_cover(doc, case, **cover)
    elif kind == "contents":
        fd.draw_contents(doc, case)
    elif kind == "case_file":
        fd.draw_cover(doc, case, **cover)
        fd.draw_contents(doc, case)
        cd.draw_acceptance(doc, case, mask=mask)
        for rec in case.proceedings:
            cd.draw_proceeding(doc, case, rec)
        for a in case.agreements:
            (cd.draw_agreement if a.form == "written" else cd.draw_oral_agreement)(doc, case, a, mask=mask)
        if case.follow_ups:
            cd.draw_follow_up(doc, case)


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
    if kind in CASE_KINDS:
        case = q.get_case_info(engine, int(key))
        doc = Doc(f"{KINDS[kind]} {case.number}", running_head=f"{case.number} {KINDS[kind]}", chain=chain,
                  blank_missing=blank_missing)
        cover = dict(retention=retention, remarks=remarks, filed_by=filed_by, filed_on=filed_on)
        doc.add_sources(case_sources(case, cover))
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
    doc = Doc(KINDS[kind], page_numbers=False, chain=chain)
    doc.add_sources(_contact_sources(contacts))
    for hc in contacts:
        kd.draw_contact_notice(doc, hc, today=today)
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
