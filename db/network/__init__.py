"""The mediation network (三级调解网络): the 人民调解委员会, each 屯's 调解小组, and the
contacts (信息员, 十户长, 义务调解员) who need not be cadres.

Service side only: contacts pass on residents' needs; nothing here is a record about residents
(no informant records, no watch lists). Every change is one audited transaction."""

from db.network.query import (
    HamletNetwork,
    MemberRow,
    Roster,
    committee,
    hamlet_network,
    list_members,
    mediator_choices,
    mediator_names,
    roster,
)
from db.network.write import MEMBER_FIELDS, save_member, void_member

__all__ = [
    "MEMBER_FIELDS",
    "HamletNetwork",
    "MemberRow",
    "Roster",
    "committee",
    "hamlet_network",
    "list_members",
    "mediator_choices",
    "mediator_names",
    "roster",
    "save_member",
    "void_member",
]
