"""Emergency plans' entry forms: plan, team, member, evacuation site, drill or event. One
field definition for the screen; the choice lists from the database are passed in at run time."""

from __future__ import annotations

from db.models.plans import PLAN_KINDS, RECORD_KINDS
from forms.fields import FieldDef

PLAN_FORM = (
    FieldDef("kind", "预案类型", "choice", required=True, choices=tuple((label, k) for k, label in PLAN_KINDS.items())),
    FieldDef("name", "预案名称", "text", required=True, max_len=80, placeholder="如：青石村防汛应急预案"),
    FieldDef("leader", "总指挥", "name", required=True, max_len=50),
    FieldDef("leader_phone", "总指挥电话", "phone"),
    FieldDef("deputy", "副总指挥", "name", max_len=50),
    FieldDef("deputy_phone", "副总指挥电话", "phone"),
    FieldDef("adopted_on", "制定日期", "date", not_future=True),
    FieldDef("drill_before", "演练截止", "text", max_len=5, placeholder="如 05-01",
             help="每年这一天前要演练（月-日）；防汛、地质灾害默认 05-01（汛期前），森林防火 10-01；留空为年内一次"),
    FieldDef("materials", "物资储备", "longtext", max_len=2000, help="每行一项，如：救生衣30件"),
    FieldDef("note", "备注", "text", max_len=500),
)
TEAM_FORM = (
    FieldDef("name", "工作组名称", "text", required=True, max_len=50, placeholder="如：抢险组、转移组"),
    FieldDef("duty", "职责", "text", max_len=300),
)
PLAN_MEMBER_FORM = (
    FieldDef("name", "姓名", "name", required=True, max_len=50),
    FieldDef("phone", "联系电话", "phone"),
    FieldDef("duty", "分工", "text", max_len=100),
    FieldDef("caller_id", "由谁通知", "choice", help="预案启动时谁打电话通知他；不选为总指挥通知"),
    FieldDef("network_member_id", "调解网络成员", "choice", help="是调解网络里的人可以选上，不是就不选"),
)
SITE_FORM = (
    FieldDef("name", "安置点名称", "text", required=True, max_len=80, placeholder="如：村小学"),
    FieldDef("place", "地点", "text", max_len=200),
    FieldDef("capacity", "可容纳人数", "int", maximum=100000),
    FieldDef("hamlet_id", "屯组", "choice"),
    FieldDef("question_id", "村事百晓问题", "choice", help="问避险、安置场所的问题；预案上会印出该屯最近的答复"),
    FieldDef("note", "备注", "text", max_len=200),
)
DRILL_FORM = (
    FieldDef("kind", "类别", "choice", required=True, choices=tuple((label, k) for k, label in RECORD_KINDS.items())),
    FieldDef("held_on", "日期", "date", required=True, not_future=True),
    FieldDef("what", "事件经过", "longtext", max_len=500, help="实际处置必填：发生了什么，怎样处置"),
    FieldDef("participants", "参加人员", "text", max_len=500, help="演练必填，如：抢险组12人、大塘屯群众30人"),
    FieldDef("found", "发现的问题", "longtext", max_len=1000),
    FieldDef("changed", "改进措施", "longtext", max_len=1000),
)


def text_values(values: dict) -> dict:
    """None from an empty optional text field as '' (the data layer stores text, never NULL)."""
    return {k: ("" if v is None and k not in _NULLABLE else v) for k, v in values.items()}


_NULLABLE = {"adopted_on", "capacity", "hamlet_id", "question_id", "caller_id", "network_member_id", "held_on"}

