"""The register's forms: the case, a party, a record, the agreement, a follow-up visit.

Choice lists that live in the database (types, hamlets, cadres) are passed in at run time
under the field's name. `to_data` turns parsed form values into what db.register.write takes
(amounts in fen, blanks as empty text).
"""

from __future__ import annotations

from decimal import Decimal

from db.models.escalation import ESCALATION_CHANNELS, RISK_LEVELS
from db.models.register import (
    AGENT_KINDS,
    AGREEMENT_FORMS,
    ID_TYPES,
    PARTY_KINDS,
    PARTY_ROLES,
    PERFORMANCE,
    PREVENTION,
    PROCEEDING_KINDS,
    SOURCES,
)
from forms.fields import YES_NO, FieldDef
from forms.id_documents import identity_errors


def _pairs(codes: dict) -> tuple[tuple[str, str], ...]:
    return tuple((label, code) for code, label in codes.items())


_DISPUTE_BASE = (
    FieldDef("accepted_on", "受理日期", "date", required=True, placeholder="如 2026-3-5 或 今天", not_future=True),
    FieldDef("source", "纠纷来源", "choice", required=True, choices=_pairs(SOURCES)),
    FieldDef("source_detail", "移送单位", "text", max_len=50, help="上级交办或移送时填写：派出所、法院、镇政府……"),
    FieldDef("type_id", "纠纷类型", "choice", required=True),
    FieldDef("hamlet_id", "屯组", "choice"),
    FieldDef("summary", "纠纷简要情况", "longtext", required=True, max_len=2000),
    FieldDef("request", "申请事项", "longtext", max_len=1000),
    FieldDef("arose_on", "发生日期", "date"),
    FieldDef("arose_at", "发生地点", "text", max_len=100),
    FieldDef("people_involved", "涉及人数", "int", maximum=100000, help="5人以上自动算作群体性纠纷"),
    FieldDef("amount", "涉及金额（元）", "amount", placeholder="如 12000 或 1.2万"),
    FieldDef("is_mass", "群体性纠纷", "bool"),
    FieldDef("presiding_id", "主持调解员", "choice"),
    FieldDef("other_mediators", "其他调解员", "text", max_len=100),
    FieldDef("leader_id", "包案领导", "choice"),
    FieldDef("deadline", "办结期限", "date", help="不填则为受理日期后30天"),
)

RISK_FIELDS = (
    FieldDef("severity", "风险等级", "choice", required=True, choices=tuple((x, x) for x in RISK_LEVELS),
             help="一般 / 较大 / 重大；较大、重大的请写明评估和措施，必要时按 u 登记上报"),
    FieldDef("risk_assessment", "风险评估", "text", max_len=500, help="简要写明激化、伤人、群体性上访等风险"),
    FieldDef("risk_measures", "已采取的措施", "text", max_len=500),
)

FILE_NOTE_FIELD = (
    FieldDef("file_note", "卷宗情况说明", "longtext", max_len=2000,
             help="可不填；填了会作为“卷宗情况说明”印入卷宗（如缺少的材料、另存的证据）"),
)

NEW_PARTY_FIELDS = (
    FieldDef("applicant_name", "申请人姓名", "name", max_len=50, help="更多当事人在案件页按 a 添加"),
    FieldDef("applicant_phone", "申请人电话", "phone"),
    FieldDef("applicant_id", "申请人身份证号", "id"),
    FieldDef("respondent_name", "被申请人姓名", "name", max_len=50),
    FieldDef("respondent_phone", "被申请人电话", "phone"),
    FieldDef("respondent_id", "被申请人身份证号", "id"),
)

# The case as edited (e): its facts, the risk, the file note; a new case: facts, the first two
# parties, the risk (the file note is written when the file is bound).
DISPUTE_FORM = _DISPUTE_BASE + RISK_FIELDS + FILE_NOTE_FIELD
NEW_CASE_FORM = _DISPUTE_BASE + NEW_PARTY_FIELDS + RISK_FIELDS

PREVENTION_FORM = tuple(
    FieldDef(code, f"{label}（人数）", "int", maximum=100000) for code, label in PREVENTION.items()
)

PARTY_FORM = (
    FieldDef("role", "当事人类别", "choice", required=True, choices=_pairs(PARTY_ROLES)),
    FieldDef("name", "姓名或单位名称", "name", required=True, max_len=50,
             help="输入汉字或拼音首字母，下方会列出台账里已有的人，Tab 进入列表、Enter 选用"),
    FieldDef("kind", "个人或单位", "choice", required=True, choices=_pairs(PARTY_KINDS)),
    FieldDef("representative", "单位代表人", "name", max_len=50),
    FieldDef("sex", "性别", "choice", choices=(("男", "男"), ("女", "女"))),
    FieldDef("ethnicity", "民族", "text", max_len=20, placeholder="如 汉族、壮族"),
    FieldDef("id_type", "证件类型", "choice", required=True, choices=_pairs(ID_TYPES),
             help="港澳台、外籍当事人选对应的证件"),
    # Checked with its type by check_party (forms.id_documents), not on its own.
    FieldDef("id_number", "证件号码", "text", max_len=40,
             help="18位身份证号会自动填出生日期和性别"),
    FieldDef("birth_date", "出生日期", "date"),
    FieldDef("age", "年龄", "int", maximum=150),
    FieldDef("occupation", "职业", "text", max_len=50),
    FieldDef("address", "住址", "text", max_len=200),
    FieldDef("hamlet_id", "屯组", "choice"),
    FieldDef("phone", "电话", "phone"),
    FieldDef("agent_kind", "代理人", "choice", choices=tuple((k, k) for k in AGENT_KINDS),
             help="未成年人、老人或不能到场的当事人，由法定代理人或委托代理人代为参加；没有就空着"),
    FieldDef("agent_name", "代理人姓名", "name", max_len=50),
    FieldDef("agent_relation", "与当事人关系", "text", max_len=20, placeholder="如 父子、母女、律师"),
    FieldDef("agent_id_number", "代理人身份证号", "id"),
    FieldDef("agent_phone", "代理人电话", "phone"),
)
AGENT_FIELDS = ("agent_name", "agent_relation", "agent_id_number", "agent_phone")

PROCEEDING_FORM = (
    FieldDef("kind", "记录类别", "choice", required=True, choices=_pairs(PROCEEDING_KINDS)),
    FieldDef("held_on", "日期", "date", required=True),
    FieldDef("place", "地点", "text", max_len=100),
    FieldDef("attendees", "到场当事人", "text", max_len=300),
    FieldDef("helpers", "邀请参加人", "text", max_len=200),
    FieldDef("mediators", "调解员", "text", max_len=100),
    FieldDef("recorder", "记录人", "name", max_len=50),
    FieldDef("rights_notified", "已告知权利义务", "choice", required=True, choices=YES_NO,
             help="如实选择：已向当事人告知权利义务选“是”"),
    FieldDef("statements", "当事人陈述", "longtext", max_len=4000),
    FieldDef("facts", "查明事实", "longtext", max_len=2000),
    FieldDef("result", "结果", "longtext", max_len=1000, help="达成协议，或未达成的原因"),
)

AGREEMENT_FORM = (
    FieldDef("form", "协议形式", "choice", required=True, choices=_pairs(AGREEMENT_FORMS)),
    FieldDef("number", "协议编号", "text", max_len=40),
    FieldDef("signed_on", "签订日期", "date", required=True),
    FieldDef("facts", "纠纷主要事实", "longtext", max_len=2000),
    FieldDef("responsibilities", "各方责任", "longtext", max_len=1000),
    FieldDef("terms", "协议内容", "longtext", required=True, max_len=4000, help="每行一条，打印时自动编号"),
    FieldDef("perform_how", "履行方式", "text", max_len=200),
    FieldDef("perform_where", "履行地点", "text", max_len=100),
    FieldDef("perform_by", "履行期限", "date"),
)

PERFORMANCE_FORM = (
    FieldDef("performance", "履行情况", "choice", required=True, choices=_pairs(PERFORMANCE)),
    FieldDef("performed_on", "履行日期", "date", help="已履行时必填"),
)

CONFIRMATION_FORM = (
    FieldDef("jc_applied_on", "申请司法确认日期", "date"),
    FieldDef("jc_confirmed_on", "法院确认日期", "date"),
)

FOLLOW_UP_FORM = (
    FieldDef("visited_on", "回访日期", "date", required=True),
    FieldDef("party_name", "回访对象", "name", max_len=50),
    FieldDef("reason", "回访原因", "text", max_len=200),
    FieldDef("performed", "协议已履行", "choice", required=True, choices=YES_NO),
    FieldDef("satisfied", "当事人满意", "choice", required=True, choices=YES_NO, help="按当事人的回答如实选择"),
    FieldDef("lawsuit", "已起诉", "bool"),
    FieldDef("flare_up", "反复迹象", "text", max_len=500, help="有无再起纠纷的苗头，没有就空着"),
    FieldDef("measures", "采取措施", "text", max_len=500),
    FieldDef("visitor", "回访人", "name", max_len=50),
    FieldDef("next_due", "下次回访日期", "date"),
)

ESCALATION_FORM = (
    FieldDef("reported_on", "上报日期", "date", required=True, not_future=True),
    FieldDef("to_whom", "上报对象", "text", required=True, max_len=100, placeholder="如 镇司法所、镇综治中心、派出所"),
    FieldDef("channel", "上报方式", "choice", required=True, choices=_pairs(ESCALATION_CHANNELS)),
    FieldDef("reported_by", "上报人", "name", max_len=50),
    FieldDef("matter", "上报事项", "text", max_len=500),
    FieldDef("replied_on", "答复日期", "date", help="收到答复后再填；没有答复就空着"),
    FieldDef("reply", "答复情况", "text", max_len=500),
)

STATUS_FORM = (
    FieldDef("status", "改为", "choice", required=True),
    FieldDef("result_note", "结果说明", "text", max_len=500,
             help="调解不成：告知了哪些途径（仲裁、诉讼、行政）；移交：移交给谁"),
)

CLOSE_FORM = (
    FieldDef("closed_on", "结案日期", "date", required=True),
    FieldDef("closed_by", "结案人", "name", max_len=50),
)

REASON_FORM = (FieldDef("reason", "原因", "text", required=True, max_len=200),)


def amount_to_fen(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount * 100)


def fen_to_amount(fen: int | None) -> Decimal | None:
    return None if fen is None else (Decimal(fen) / 100).quantize(Decimal("0.01"))


def dispute_data(values: dict) -> dict:
    """Parsed DISPUTE_FORM values -> db.register.write data (amount in fen, blanks as '')."""
    data = {f.name: values[f.name] for f in DISPUTE_FORM if f.name in values}
    data["amount_fen"] = amount_to_fen(data.pop("amount", None))
    if data.get("people_involved") is None:
        data["people_involved"] = 0
    return data


def new_case_parties(values: dict) -> list[dict]:
    """The applicant and respondent typed on the new-case form, as party dicts."""
    out = []
    for role in ("applicant", "respondent"):
        name = values.get(f"{role}_name")
        if name:
            out.append({"role": role, "kind": "person", "name": name,
                        "phone": values.get(f"{role}_phone") or "", "id_number": values.get(f"{role}_id") or ""})
    return out


def check_party(values: dict) -> dict[str, str]:
    """The party form's checks across fields: {field: sentence}. Changes `values` in place:
    the number normalised for its document type, a blank sex / birth date filled from an
    18-digit ID (forms.id_documents.identity_errors)."""
    errors = identity_errors(values)
    if not values.get("agent_kind"):
        given = next((f for f in AGENT_FIELDS if values.get(f)), None)
        if given:
            errors["agent_kind"] = "填了代理人的情况，请选择代理人类别：法定代理人或委托代理人。"
    elif not values.get("agent_name"):
        errors["agent_name"] = f"选了{values['agent_kind']}，请填写代理人姓名。"
    return errors


def party_data(values: dict) -> dict:
    """Parsed PARTY_FORM values -> db.register.write party data (blanks as '' or None)."""
    data = {f.name: values.get(f.name) for f in PARTY_FORM if f.name in values}
    for key, value in list(data.items()):
        if value is None and key not in ("birth_date", "age", "hamlet_id", "agent_kind"):
            data[key] = ""
    data["id_type"] = data.get("id_type") or "resident"
    data["agent_kind"] = data.get("agent_kind") or None
    return data


def people_error(people: int | None, named: int) -> str | None:
    """Why 涉及人数 `people` is refused when `named` parties are on the case (None: fine)."""
    if people is not None and people < named:
        return f"“涉及人数”不能少于已登记的当事人（{named}人），请填{named}或更多。"
    return None


def dispute_values(d) -> dict:
    """A Dispute as DISPUTE_FORM values, to edit it."""
    values = {f.name: getattr(d, f.name, None) for f in DISPUTE_FORM if f.name != "amount"}
    values["amount"] = fen_to_amount(d.amount_fen)
    return values
