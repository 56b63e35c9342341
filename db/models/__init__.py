"""All tables. Importing this package registers every model on SQLModel.metadata."""

from db.models.audit import AuditEntry, Draft
from db.models.checklist import Answer, Assignment, FollowUpItem, Question, Round
from db.models.escalation import Escalation
from db.models.meeting import Meeting, MeetingAttendee, MeetingDecision
from db.models.network import NetworkMember
from db.models.numbering import IssuedNumber
from db.models.plans import EmergencyPlan, EvacuationSite, PlanDrill, PlanMember, PlanTeam
from db.models.reception import Request
from db.models.register import (
    Agreement,
    Dispute,
    DisputeType,
    FollowUp,
    Party,
    Proceeding,
)
from db.models.reports import MonthlySnapshot
from db.models.settings import Cadre, CadreHamlet, Hamlet, Village

__all__ = [
    "Agreement",
    "Answer",
    "Assignment",
    "AuditEntry",
    "Cadre",
    "CadreHamlet",
    "Dispute",
    "DisputeType",
    "Draft",
    "EmergencyPlan",
    "Escalation",
    "EvacuationSite",
    "FollowUp",
    "FollowUpItem",
    "Hamlet",
    "IssuedNumber",
    "Meeting",
    "MeetingAttendee",
    "MeetingDecision",
    "MonthlySnapshot",
    "NetworkMember",
    "Party",
    "PlanDrill",
    "PlanMember",
    "PlanTeam",
    "Proceeding",
    "Question",
    "Request",
    "Round",
    "Village",
]
