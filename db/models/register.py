"""The people's mediation register (矛盾纠纷调解台账)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from db.models.base import Stamped, Voidable

# Stored codes -> the words on screen and paper. The codes never change; labels may.
STATUSES = {
    "accepted": "受理",
    "mediating": "调解中",
    "succeeded": "调解成功",
    "failed": "调解不成",
    "referred": "移交上级",
    "withdrawn": "撤回",
}
OPEN_STATUSES = ("accepted", "mediating")
# The allowed moves of the lifecycle; anything else is refused.
MOVES = {
    "accepted": ("mediating", "succeeded", "failed", "referred", "withdrawn"),
    "mediating": ("succeeded", "failed", "referred", "withdrawn"),
    "succeeded": (),
    "failed": (),
    "referred": (),
    "withdrawn": (),
}
SOURCES = {
    "applied": "当事人申请",
    "initiative": "调委会主动调解",
    "checklist": "排查发现",
    "reported": "群众反映",
    "referred": "上级交办/移送",
}
DEFAULT_TYPES = (
    "婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "征地拆迁",
    "环境污染", "劳动争议", "消费", "医疗", "道路交通事故", "物业", "村务管理", "其他",
)
PARTY_ROLES = {"applicant": "申请人", "respondent": "被申请人", "third": "第三人"}
# Parties in printed order (applicants, respondents, third parties), for SQL over `party p`.
ROLE_ORDER = "CASE p.role WHEN 'applicant' THEN 0 WHEN 'respondent' THEN 1 ELSE 2 END"
PARTY_KINDS = {"person": "个人", "org": "单位"}
# The document a person's number belongs to (证件类型). Rows from before it existed are 居民身份证.
ID_TYPES = {
    "resident": "居民身份证",
    "residence_permit": "港澳台居民居住证",
    "hk_macao_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
    "foreign_permanent": "外国人永久居留身份证",
    "passport": "护照",
    "other": "其他",
}
# Numbers that follow GB 11643 (18 digits, birth date in digits 7-14, sex in the 17th).
ID_TYPES_WITH_BIRTH = ("resident", "residence_permit")
# Who may act for a party (minors, the elderly, parties who cannot come): stored as the words.
AGENT_KINDS = ("法定代理人", "委托代理人")
PROCEEDING_KINDS = {"investigation": "调查", "mediation": "调解"}
AGREEMENT_FORMS = {"written": "书面", "oral": "口头"}
PERFORMANCE = {"none": "未履行", "partial": "部分履行", "done": "已履行"}
PREVENTION = {
    "prevent_suicide": "防止民间纠纷引起自杀",
    "prevent_crime": "防止民转刑案件",
    "prevent_petition": "防止群体性上访",
    "prevent_fight": "防止群体性械斗",
}
MASS_THRESHOLD = 5


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class DisputeType(Stamped, table=True):
    """A dispute type of the statistics list; counties add their own."""

    __tablename__ = "dispute_type"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=20, unique=True)
    position: int = Field(default=0)
    active: bool = Field(default=True)


class Dispute(Voidable, table=True):
    """One case of the register."""

    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_dispute_year_seq"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("source", SOURCES), name="source"),
        CheckConstraint("deadline >= accepted_on", name="deadline_after_accepted"),
        CheckConstraint("closed_on IS NULL OR closed_on >= accepted_on", name="closed_after_accepted"),
        CheckConstraint("amount_fen IS NULL OR amount_fen >= 0", name="amount_nonnegative"),
        CheckConstraint("people_involved >= 0", name="people_nonnegative"),
        Index("ix_dispute_list", "voided", "accepted_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int
    seq: int
    number: str = Field(max_length=40, unique=True)  # (2026)黑调字第012号
    accepted_on: date = Field(index=True)
    registered_by: str = Field(default="", max_length=50)
    source: str = Field(default="applied", max_length=12)
    source_detail: str = Field(default="", max_length=50)  # 公安 / 法院 / 镇政府 ...
    type_id: int = Field(foreign_key="dispute_type.id", index=True)
    hamlet_id: int | None = Field(default=None, foreign_key="hamlet.id", index=True)
    summary: str = Field(default="", max_length=2000)
    request: str = Field(default="", max_length=1000)
    arose_on: date | None = None
    arose_at: str = Field(default="", max_length=100)
    people_involved: int = Field(default=0)
    amount_fen: int | None = None
    is_mass: bool = Field(default=False)
    severity: str = Field(default="一般", max_length=10)  # 风险等级: db.models.escalation.RISK_LEVELS
    risk_assessment: str = Field(default="", max_length=500)  # 风险评估 (short)
    risk_measures: str = Field(default="", max_length=500)  # 已采取的措施
    presiding_id: int | None = Field(default=None, foreign_key="cadre.id", index=True)
    other_mediators: str = Field(default="", max_length=100)
    leader_id: int | None = Field(default=None, foreign_key="cadre.id")
    deadline: date = Field(index=True)
    status: str = Field(default="accepted", max_length=12, index=True)
    result_note: str = Field(default="", max_length=500)  # failed: channels told; referred: to whom
    closed_on: date | None = Field(default=None, index=True)
    closed_by: str = Field(default="", max_length=50)
    file_note: str = Field(default="", max_length=2000)  # 卷宗情况说明 (optional, printed in the file)
    prevent_suicide: int = Field(default=0)  # people; >0 means the case counts
    prevent_crime: int = Field(default=0)
    prevent_petition: int = Field(default=0)
    prevent_fight: int = Field(default=0)
    # Denormalised for search: names, phones, ID tails of parties + pinyin initials.
    search_text: str = Field(default="", max_length=4000)
    search_initials: str = Field(default="", max_length=2000)


class Party(Voidable, table=True):
    """A party to a case: a person, or an organisation with its representative."""

    __table_args__ = (
        CheckConstraint(_in("role", PARTY_ROLES), name="role"),
        CheckConstraint(_in("kind", PARTY_KINDS), name="kind"),
        CheckConstraint("length(trim(name)) > 0", name="name_required"),
        CheckConstraint(_in("id_type", ID_TYPES), name="id_type"),
        CheckConstraint("agent_kind IS NULL OR " + _in("agent_kind", AGENT_KINDS), name="agent_kind"),
        CheckConstraint("agent_kind IS NOT NULL OR agent_name = ''", name="agent_needs_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dispute_id: int = Field(foreign_key="dispute.id", index=True)
    role: str = Field(default="applicant", max_length=12)
    kind: str = Field(default="person", max_length=8)
    name: str = Field(max_length=50, index=True)
    representative: str = Field(default="", max_length=50)
    sex: str = Field(default="", max_length=2)
    ethnicity: str = Field(default="", max_length=20)
    birth_date: date | None = None
    age: int | None = None
    id_number: str = Field(default="", max_length=18, index=True)
    occupation: str = Field(default="", max_length=50)
    address: str = Field(default="", max_length=200)
    hamlet_id: int | None = Field(default=None, foreign_key="hamlet.id")
    phone: str = Field(default="", max_length=20, index=True)
    initials: str = Field(default="", max_length=200, index=True)
    id_type: str = Field(default="resident", max_length=20)
    # 法定代理人 / 委托代理人 (read by the documents, 授权委托书 included); None: nobody acts for the party.
    agent_kind: str | None = Field(default=None, max_length=8)
    agent_name: str = Field(default="", max_length=50)
    agent_relation: str = Field(default="", max_length=20)  # 父子, 母女, 律师, 同事 ...
    agent_id_number: str = Field(default="", max_length=18)
    agent_phone: str = Field(default="", max_length=20)


class Proceeding(Voidable, table=True):
    """An investigation or mediation record (调查记录 / 调解记录)."""

    __table_args__ = (CheckConstraint(_in("kind", PROCEEDING_KINDS), name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    dispute_id: int = Field(foreign_key="dispute.id", index=True)
    kind: str = Field(default="mediation", max_length=14)
    held_on: date
    place: str = Field(default="", max_length=100)
    attendees: str = Field(default="", max_length=300)
    helpers: str = Field(default="", max_length=200)
    mediators: str = Field(default="", max_length=100)
    recorder: str = Field(default="", max_length=50)
    rights_notified: bool  # attested by the clerk: no default, every path must say it
    statements: str = Field(default="", max_length=4000)
    facts: str = Field(default="", max_length=2000)
    result: str = Field(default="", max_length=1000)


class Agreement(Voidable, table=True):
    """The agreement of a successful case: written (协议书) or oral (口头协议)."""

    __table_args__ = (
        CheckConstraint(_in("form", AGREEMENT_FORMS), name="form"),
        CheckConstraint(_in("performance", PERFORMANCE), name="performance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dispute_id: int = Field(foreign_key="dispute.id", index=True)
    form: str = Field(default="written", max_length=8)
    number: str = Field(default="", max_length=40)
    signed_on: date = Field(index=True)  # the month's agreements (月报)
    facts: str = Field(default="", max_length=2000)
    responsibilities: str = Field(default="", max_length=1000)
    terms: str = Field(default="", max_length=4000)  # one term per line
    perform_how: str = Field(default="", max_length=200)
    perform_where: str = Field(default="", max_length=100)
    perform_by: date | None = None
    performance: str = Field(default="none", max_length=8)
    performed_on: date | None = None
    jc_applied_on: date | None = None  # 司法确认 applied
    jc_confirmed_on: date | None = None


class FollowUp(Voidable, table=True):
    """A follow-up visit (回访)."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    dispute_id: int = Field(foreign_key="dispute.id", index=True)
    visited_on: date
    party_name: str = Field(default="", max_length=50)
    reason: str = Field(default="", max_length=200)
    performed: bool  # attested by the clerk: no default, every path must say it
    satisfied: bool  # attested by the clerk: no default
    lawsuit: bool = Field(default=False)
    flare_up: str = Field(default="", max_length=500)  # signs of the dispute flaring up again
    measures: str = Field(default="", max_length=500)
    visitor: str = Field(default="", max_length=50)
    next_due: date | None = Field(default=None, index=True)
