"""What the paper documents read: one case with everything on it (the register's columns and
rows for export: db.register.columns; a checklist round and a hamlet's cadres: db.checklist.docs;
the village: db.settings.printed). Plain dataclasses, our own SQL (no other query module).

Voided records never appear; a voided case cannot be printed (DataError).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.models.escalation import ESCALATION_CHANNELS
from db.models.register import (
    AGREEMENT_FORMS,
    ID_TYPES,
    PARTY_KINDS,
    PARTY_ROLES,
    PERFORMANCE,
    PROCEEDING_KINDS,
    ROLE_ORDER,
    SOURCES,
    STATUSES,
)
from db.session import DataError, as_date
from db.settings.printed import VillageInfo, village_info


@dataclass
class PartyInfo:
    role: str
    role_label: str
    kind_label: str
    name: str
    representative: str
    sex: str
    ethnicity: str
    birth_date: date | None
    age: int | None
    id_number: str
    occupation: str
    address: str
    hamlet: str
    phone: str
    id_type: str = "resident"
    id_type_label: str = "居民身份证"
    # The party's agent (代理人, migration 0004): 法定代理人 / 委托代理人, "" when nobody acts
    # for the party; 授权委托书 reads these too.
    agent_kind: str = ""
    agent_name: str = ""
    agent_relation: str = ""
    agent_id_number: str = ""
    agent_phone: str = ""

    @property
    def birth_or_age(self) -> str:
        if self.birth_date:
            return f"{self.birth_date:%Y-%m-%d}"
        return f"{self.age}岁" if self.age is not None else ""


@dataclass
class ProceedingInfo:
    id: int
    kind: str
    kind_label: str
    held_on: date
    place: str
    attendees: str
    helpers: str
    mediators: str
    recorder: str
    rights_notified: bool
    statements: str
    facts: str
    result: str


@dataclass
class AgreementInfo:
    id: int
    form: str
    form_label: str
    number: str
    signed_on: date
    facts: str
    responsibilities: str
    terms: str
    perform_how: str
    perform_where: str
    perform_by: date | None
    performance_label: str
    performed_on: date | None
    jc_applied_on: date | None
    jc_confirmed_on: date | None


@dataclass
class FollowUpInfo:
    id: int
    visited_on: date
    party_name: str
    reason: str
    performed: bool
    satisfied: bool
    lawsuit: bool
    flare_up: str
    measures: str
    visitor: str
    next_due: date | None


@dataclass
class EscalationInfo:
    id: int
    reported_on: date
    to_whom: str
    channel_label: str
    reported_by: str
    matter: str
    replied_on: date | None
    reply: str


@dataclass
class CaseInfo:
    """One case with everything the documents print."""

    id: int
    number: str
    accepted_on: date
    registered_by: str
    source_label: str
    source_detail: str
    type_name: str
    hamlet: str
    summary: str
    request: str
    arose_on: date | None
    arose_at: str
    people_involved: int
    amount_fen: int | None
    is_mass: bool
    severity: str
    presiding: str
    other_mediators: str
    leader: str
    deadline: date
    status: str
    status_label: str
    result_note: str
    closed_on: date | None
    closed_by: str
    village: VillageInfo
    source: str = "applied"
    risk_assessment: str = ""
    risk_measures: str = ""
    file_note: str = ""
    parties: list[PartyInfo] = field(default_factory=list)
    proceedings: list[ProceedingInfo] = field(default_factory=list)
    agreements: list[AgreementInfo] = field(default_factory=list)
    follow_ups: list[FollowUpInfo] = field(default_factory=list)
    escalations: list[EscalationInfo] = field(default_factory=list)

    @property
    def mediators(self) -> str:
        return "、".join(x for x in (self.presiding, self.other_mediators) if x)

    @property
    def title(self) -> str:
        """A case name for the file cover: 张三与李四邻里纠纷."""
        first = [p.name for p in self.parties if p.role == "applicant"][:1]
        second = [p.name for p in self.parties if p.role == "respondent"][:1]
        if first and second:
            return f"{first[0]}与{second[0]}{self.type_name}纠纷"
        names = "、".join(p.name for p in self.parties[:2])
        return f"{names}{self.type_name}纠纷"


_AGENT_COLUMNS = ("agent_kind", "agent_name", "agent_relation", "agent_id_number", "agent_phone")


def get_case_info(engine: Engine, dispute_id: int) -> CaseInfo:
    """The case `dispute_id` for printing; DataError when it is missing or voided."""
    with engine.connect() as conn:
        r = conn.execute(text("""
            SELECT d.*, t.name AS type_name, h.name AS hamlet_name, c1.name AS presiding_name,
                   c2.name AS leader_name
            FROM dispute d JOIN dispute_type t ON t.id = d.type_id
            LEFT JOIN hamlet h ON h.id = d.hamlet_id
            LEFT JOIN cadre c1 ON c1.id = d.presiding_id
            LEFT JOIN cadre c2 ON c2.id = d.leader_id
            WHERE d.id = :id"""), {"id": dispute_id}).mappings().first()
        if r is None:
            raise DataError(f"找不到第{dispute_id}号记录的案件，请在台账中重新选择。", "dispute_id")
        if r["voided"]:
            raise DataError(f"案件{r['number']}已作废，不能打印文书；如需打印，请先恢复该案件。", "dispute_id")
        case = CaseInfo(
            id=r["id"], number=r["number"], accepted_on=as_date(r["accepted_on"]), registered_by=r["registered_by"],
            source_label=SOURCES.get(r["source"], r["source"]), source_detail=r["source_detail"],
            type_name=r["type_name"], hamlet=r["hamlet_name"] or "", summary=r["summary"], request=r["request"],
            arose_on=as_date(r["arose_on"]), arose_at=r["arose_at"], people_involved=r["people_involved"],
            amount_fen=r["amount_fen"], is_mass=bool(r["is_mass"]), severity=r["severity"],
            presiding=r["presiding_name"] or "", other_mediators=r["other_mediators"],
            leader=r["leader_name"] or "", deadline=as_date(r["deadline"]), status=r["status"],
            status_label=STATUSES.get(r["status"], r["status"]), result_note=r["result_note"],
            closed_on=as_date(r["closed_on"]), closed_by=r["closed_by"], village=village_info(conn),
            source=r["source"], risk_assessment=r.get("risk_assessment") or "",
            risk_measures=r.get("risk_measures") or "", file_note=r.get("file_note") or "",
        )
        p = {"id": dispute_id}
        for x in conn.execute(text(f"""
                SELECT p.*, h.name AS hamlet_name FROM party p LEFT JOIN hamlet h ON h.id = p.hamlet_id
                WHERE p.dispute_id = :id AND p.voided = 0 ORDER BY {ROLE_ORDER}, p.id"""), p).mappings():
            case.parties.append(PartyInfo(
                role=x["role"], role_label=PARTY_ROLES.get(x["role"], x["role"]),
                kind_label=PARTY_KINDS.get(x["kind"], x["kind"]), name=x["name"],
                representative=x["representative"], sex=x["sex"], ethnicity=x["ethnicity"],
                birth_date=as_date(x["birth_date"]), age=x["age"], id_number=x["id_number"],
                occupation=x["occupation"], address=x["address"], hamlet=x["hamlet_name"] or "", phone=x["phone"],
                id_type=x["id_type"], id_type_label=ID_TYPES.get(x["id_type"], x["id_type"]),
                **{k: x.get(k) or "" for k in _AGENT_COLUMNS},
            ))
        for x in conn.execute(text("""
                SELECT * FROM proceeding WHERE dispute_id = :id AND voided = 0 ORDER BY held_on, id"""), p).mappings():
            case.proceedings.append(ProceedingInfo(
                id=x["id"], kind=x["kind"], kind_label=PROCEEDING_KINDS.get(x["kind"], x["kind"]),
                held_on=as_date(x["held_on"]), place=x["place"], attendees=x["attendees"], helpers=x["helpers"],
                mediators=x["mediators"], recorder=x["recorder"], rights_notified=bool(x["rights_notified"]),
                statements=x["statements"], facts=x["facts"], result=x["result"],
            ))
        for x in conn.execute(text("""
                SELECT * FROM agreement WHERE dispute_id = :id AND voided = 0 ORDER BY signed_on, id"""), p).mappings():
            case.agreements.append(AgreementInfo(
                id=x["id"], form=x["form"], form_label=AGREEMENT_FORMS.get(x["form"], x["form"]),
                number=x["number"], signed_on=as_date(x["signed_on"]), facts=x["facts"],
                responsibilities=x["responsibilities"], terms=x["terms"], perform_how=x["perform_how"],
                perform_where=x["perform_where"], perform_by=as_date(x["perform_by"]),
                performance_label=PERFORMANCE.get(x["performance"], x["performance"]),
                performed_on=as_date(x["performed_on"]), jc_applied_on=as_date(x["jc_applied_on"]),
                jc_confirmed_on=as_date(x["jc_confirmed_on"]),
            ))
        for x in conn.execute(text("""
                SELECT * FROM follow_up WHERE dispute_id = :id AND voided = 0 ORDER BY visited_on, id"""), p).mappings():
            case.follow_ups.append(FollowUpInfo(
                id=x["id"], visited_on=as_date(x["visited_on"]), party_name=x["party_name"], reason=x["reason"],
                performed=bool(x["performed"]), satisfied=bool(x["satisfied"]), lawsuit=bool(x["lawsuit"]),
                flare_up=x["flare_up"], measures=x["measures"], visitor=x["visitor"], next_due=as_date(x["next_due"]),
            ))
        for x in conn.execute(text("""
                SELECT * FROM escalation WHERE dispute_id = :id AND voided = 0
                ORDER BY reported_on, id"""), p).mappings():
            case.escalations.append(EscalationInfo(
                id=x["id"], reported_on=as_date(x["reported_on"]), to_whom=x["to_whom"],
                channel_label=ESCALATION_CHANNELS.get(x["channel"], x["channel"]), reported_by=x["reported_by"],
                matter=x["matter"], replied_on=as_date(x["replied_on"]), reply=x["reply"],
            ))
    return case
