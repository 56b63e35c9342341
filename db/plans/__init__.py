"""Emergency plans (应急预案): by type (防汛, 地质灾害, 森林防火, 火灾, 突发群体性纠纷), each with
its person in charge, teams and members with phones, the phone tree, evacuation sites linked to
the checklist's answers about them, materials kept; a drill log and the records after real
events. Every change is one audited transaction (db.plans.write)."""

from db.plans.query import (
    DrillDue,
    DrillInfo,
    PlanInfo,
    PlanRow,
    SiteInfo,
    TreeLine,
    all_plans,
    drill_log,
    drills_due,
    drills_due_on,
    due_by,
    list_plans,
    plan_info,
    shelter_questions,
)
from db.plans.write import (
    record_drill,
    save_plan,
    save_plan_member,
    save_site,
    save_team,
    void_drill,
    void_plan,
    void_plan_member,
    void_site,
    void_team,
)

__all__ = [
    "DrillDue",
    "DrillInfo",
    "PlanInfo",
    "PlanRow",
    "SiteInfo",
    "TreeLine",
    "all_plans",
    "drill_log",
    "drills_due",
    "drills_due_on",
    "due_by",
    "list_plans",
    "plan_info",
    "record_drill",
    "save_plan",
    "save_plan_member",
    "save_site",
    "save_team",
    "shelter_questions",
    "void_drill",
    "void_plan",
    "void_plan_member",
    "void_site",
    "void_team",
]
