"""The forms of the office's own records: the monthly meeting (形势分析会) and the reception
log (来访来电登记). Choice lists that live in the database (cadres, hamlets, dispute types)
are passed in at run time under the field's name; the fixed ones come from db.models.
"""

from __future__ import annotations

from db.models.reception import CATEGORIES, CHANNELS, HANDLINGS
from forms.fields import FieldDef

MEETING_FORM = (
    FieldDef("month", "分析月份", "text", required=True, max_len=7, placeholder="如 2026-11",
             help="这次会分析哪个月的情况；每月一份记录"),
    FieldDef("held_on", "会议日期", "date", required=True, placeholder="如 2026-11-5 或 今天"),
    FieldDef("place", "会议地点", "text", max_len=50, placeholder="如 村委会会议室"),
    FieldDef("chair", "主持人", "text", required=True, max_len=50),
    FieldDef("recorder", "记录人", "text", max_len=50),
    FieldDef("notes", "讨论情况", "longtext", max_len=4000, help="议程由台账、村事百晓、来访来电自动生成，保存后可查看"),
)
MEETING_EDIT_FORM = tuple(f for f in MEETING_FORM if f.name != "month")

ATTENDEE_FORM = (
    FieldDef("name", "姓名", "text", required=True, max_len=50),
    FieldDef("duty", "职务", "text", max_len=30, placeholder="如 村干部、调解员、信息员"),
    FieldDef("present", "到会", "bool"),
    FieldDef("absence_reason", "缺席原因", "text", max_len=100, help="没到会的写明原因"),
)

DECISION_FORM = (
    FieldDef("text", "议定事项", "longtext", required=True, max_len=500),
    FieldDef("owner", "责任人", "text", required=True, max_len=50),
    FieldDef("deadline", "完成期限", "date", required=True, placeholder="如 2026-11-30"),
    FieldDef("dispute_id", "关联案件", "choice", help="可不选"),
    FieldDef("item_id", "关联跟进事项", "choice", help="可不选"),
)

DONE_FORM = (
    FieldDef("done_on", "办结日期", "date", required=True, placeholder="如 2026-11-28 或 今天"),
    FieldDef("progress", "落实情况", "longtext", max_len=500, help="办了什么"),
)

REQUEST_FORM = (
    FieldDef("received_on", "登记日期", "date", required=True, not_future=True, placeholder="如 今天"),
    FieldDef("channel", "来源", "choice", required=True, choices=tuple((v, k) for k, v in CHANNELS.items())),
    FieldDef("name", "姓名", "text", max_len=50, help="可不填"),
    FieldDef("contact", "联系方式", "text", max_len=50, help="可不填"),
    FieldDef("matter", "反映事项", "longtext", required=True, max_len=1000),
    FieldDef("category", "类别", "choice", required=True, choices=tuple((c, c) for c in CATEGORIES)),
    FieldDef("reply_due", "答复期限", "date", help="不填为登记日期后15天"),
)

REPLY_FORM = (
    FieldDef("handling", "处理方式", "choice", required=True,
             choices=tuple((HANDLINGS[k], k) for k in ("answered", "township")),
             help="转调解案件、转跟进事项请在列表上按 k、t"),
    FieldDef("reply", "答复内容", "longtext", required=True, max_len=1000),
    FieldDef("replied_on", "答复日期", "date", required=True, not_future=True, placeholder="如 今天"),
)

# Whether the person was satisfied: asked and said, never ticked by default (blank: not asked).
SATISFIED = (("满意", True), ("不满意", False))
CLOSE_FORM = (
    FieldDef("closed_on", "办结日期", "date", required=True, not_future=True, placeholder="如 今天"),
    FieldDef("satisfied", "群众是否满意", "choice", choices=SATISFIED, help="没问过就不选"),
)

TO_CASE_FORM = (
    FieldDef("accepted_on", "受理日期", "date", required=True, not_future=True),
    FieldDef("type_id", "纠纷类型", "choice", required=True),
    FieldDef("hamlet_id", "屯组", "choice"),
)

TO_ITEM_FORM = (
    FieldDef("title", "要办的事", "text", required=True, max_len=200),
    FieldDef("cadre_id", "负责人", "choice", required=True),
    FieldDef("due_on", "完成期限", "date", required=True, placeholder="如 2026-12-15"),
)

REASON_FORM = (FieldDef("reason", "作废原因", "text", required=True, max_len=200),)
