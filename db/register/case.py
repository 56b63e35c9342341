"""One case as the case screen shows it (CaseView): its parties, records, agreement, follow-up
visits, 上报 records and history, with the words for its codes. The printed documents read the
same case through db.register.docs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.models import (
    Agreement,
    AuditEntry,
    Cadre,
    Dispute,
    DisputeType,
    Escalation,
    FollowUp,
    Hamlet,
    Party,
    Proceeding,
)
from db.models.register import PARTY_ROLES, SOURCES, STATUSES
from db.register.history import HistoryEntry, history_entries
from db.register.query import JC_WINDOW_DAYS, is_overdue

T = DisputeType.__table__
H = Hamlet.__table__
C = Cadre.__table__


@dataclass
class PartyView:
    """A party with the words shown for its codes."""

    party: Party
    role_label: str
    hamlet_name: str


@dataclass
class CaseView:
    """Everything the case screen shows. Lists hold live records unless asked for voided ones."""

    dispute: Dispute
    type_name: str
    hamlet_name: str
    presiding_name: str
    leader_name: str
    status_label: str
    source_label: str
    overdue: bool
    parties: list[PartyView] = field(default_factory=list)
    proceedings: list[Proceeding] = field(default_factory=list)  # oldest first (a timeline)
    agreement: Agreement | None = None  # the live one
    agreements: list[Agreement] = field(default_factory=list)  # every one, voided included
    follow_ups: list[FollowUp] = field(default_factory=list)  # oldest first
    escalations: list[Escalation] = field(default_factory=list)  # 上报, oldest first
    history: list[HistoryEntry] = field(default_factory=list)  # newest first
    jc_deadline: date | None = None  # last day to apply for judicial confirmation (written only)

    def role(self, role: str) -> list[PartyView]:
        """The parties of one role ('applicant', 'respondent', 'third')."""
        return [p for p in self.parties if p.party.role == role]


def get_case(engine: Engine, dispute_id: int, *, include_voided_records: bool = False,
             today: date | None = None) -> CaseView | None:
    """The case `dispute_id` with its parties, records, agreement, follow-ups and history
    (the case's and its records' audit entries, newest first); None when there is no such case."""
    today = today or date.today()
    with Session(engine, expire_on_commit=False) as s:
        d = s.get(Dispute, dispute_id)
        if d is None:
            return None
        names = _names(s)
        all_parties = list(s.scalars(select(Party).where(Party.dispute_id == dispute_id).order_by(Party.id)))
        proceedings = list(s.scalars(select(Proceeding).where(Proceeding.dispute_id == dispute_id)
                                     .order_by(Proceeding.held_on, Proceeding.id)))
        agreements = list(s.scalars(select(Agreement).where(Agreement.dispute_id == dispute_id)
                                    .order_by(Agreement.id)))
        follow_ups = list(s.scalars(select(FollowUp).where(FollowUp.dispute_id == dispute_id)
                                    .order_by(FollowUp.visited_on, FollowUp.id)))
        escalations = list(s.scalars(select(Escalation).where(Escalation.dispute_id == dispute_id)
                                     .order_by(Escalation.reported_on, Escalation.id)))
        keys = {"dispute": [d.id], "party": [p.id for p in all_parties],
                "proceeding": [p.id for p in proceedings], "agreement": [a.id for a in agreements],
                "follow_up": [f.id for f in follow_ups], "escalation": [e.id for e in escalations]}
        terms = [and_(AuditEntry.table_name == t, AuditEntry.row_id.in_(ids)) for t, ids in keys.items() if ids]
        audit = list(s.scalars(select(AuditEntry).where(or_(*terms))
                               .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))
    keep = (lambda r: True) if include_voided_records else (lambda r: not r.voided)
    live_agreement = next((a for a in agreements if not a.voided), None)
    return CaseView(
        dispute=d,
        type_name=names["type"].get(d.type_id, ""),
        hamlet_name=names["hamlet"].get(d.hamlet_id, ""),
        presiding_name=names["cadre"].get(d.presiding_id, ""),
        leader_name=names["cadre"].get(d.leader_id, ""),
        status_label=STATUSES[d.status],
        source_label=SOURCES.get(d.source, d.source),
        overdue=is_overdue(d.status, d.deadline, today) and not d.voided,
        parties=[PartyView(p, PARTY_ROLES.get(p.role, p.role), names["hamlet"].get(p.hamlet_id, ""))
                 for p in all_parties if keep(p)],
        proceedings=[p for p in proceedings if keep(p)],
        agreement=live_agreement,
        agreements=agreements,
        follow_ups=[f for f in follow_ups if keep(f)],
        escalations=[e for e in escalations if keep(e)],
        history=history_entries(audit, names, json.loads),
        jc_deadline=(live_agreement.signed_on + timedelta(days=JC_WINDOW_DAYS)
                     if live_agreement is not None and live_agreement.form == "written" else None),
    )


def _names(s: Session) -> dict[str, dict[int, str]]:
    """id -> name of the small lookup tables (types, hamlets, cadres)."""
    conn = s.connection()
    return {
        "type": dict(conn.execute(select(T.c.id, T.c.name)).all()),
        "hamlet": dict(conn.execute(select(H.c.id, H.c.name)).all()),
        "cadre": dict(conn.execute(select(C.c.id, C.c.name)).all()),
    }
