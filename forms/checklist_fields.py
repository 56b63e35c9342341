"""村事百晓's forms: a round, an answer, a case or follow-up item made from an answer, ticking
an item off, and a question of the bank. Choice lists that live in the database (cadres,
categories, dispute types) are passed in at run time under the field's name.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from db.models.checklist import SCOPES
from forms.fields import FieldDef

CN_QUARTER = "一二三四"

ROUND_FORM = (
    FieldDef("name", "轮次名称", "text", required=True, max_len=50, placeholder="如：2026年第四季度"),
    FieldDef("starts_on", "开始日期", "date", required=True, placeholder="如 2026-10-1"),
    FieldDef("ends_on", "结束日期", "date", required=True, placeholder="如 2026-12-31",
             help="每个问题、每个屯组都会分给负责的片长；答复日期须在这段时间内"),
)

ANSWER_FORM = (
    FieldDef("text", "答复内容", "longtext", required=True, max_len=2000,
             help="写清看到的情况；需要办的事写明是什么事"),
    FieldDef("answered_on", "答复日期", "date", required=True, placeholder="如 2026-11-28 或 今天"),
    FieldDef("cadre_id", "答复人", "choice", required=True),
    FieldDef("needs_action", "需要跟进处理", "bool"),
)

CASE_FORM = (
    FieldDef("accepted_on", "受理日期", "date", required=True, not_future=True),
    FieldDef("type_id", "纠纷类型", "choice", required=True),
    FieldDef("presiding_id", "主持调解员", "choice"),
)

ITEM_FORM = (
    FieldDef("title", "要办的事", "text", required=True, max_len=200),
    FieldDef("cadre_id", "负责人", "choice", required=True),
    FieldDef("due_on", "完成期限", "date", required=True, placeholder="如 2026-12-15"),
)

ASSIGN_FORM = (
    FieldDef("cadre_id", "负责人", "choice", required=True),
    FieldDef("whole_hamlet", "整组改派", "bool",
             help="勾选：本轮这个屯组（或“全村”一列）还没答的问题都交给他；不勾选只改这一格。已答的格子不变"),
)

TICK_FORM = (
    FieldDef("done_on", "办结日期", "date", required=True, placeholder="如 2026-11-28 或 今天"),
    FieldDef("outcome", "办理结果", "longtext", max_len=500, help="办了什么、群众是否满意"),
)

QUESTION_FIELDS = (
    FieldDef("category", "类别", "choice", required=True),
    FieldDef("text", "问题", "longtext", required=True, max_len=300),
    FieldDef("hint", "说明", "longtext", max_len=300, help="提示排查人怎么问、怎么记"),
    FieldDef("scope", "范围", "choice", required=True, choices=tuple((v, k) for k, v in SCOPES.items())),
)
NEW_QUESTION_FORM = (
    FieldDef("code", "编号", "text", required=True, max_len=10, placeholder="如 A12",
             help="字母加数字，不能与已有编号重复（停用的也算）"),
) + QUESTION_FIELDS

REASON_FORM = (FieldDef("reason", "作废原因", "text", required=True, max_len=200),)


def quarter_round(day: date) -> dict:
    """Name and dates of the quarter containing `day`: {'name': '2026年第四季度', ...}."""
    q = (day.month - 1) // 3
    last = q * 3 + 3
    return {"name": f"{day.year}年第{CN_QUARTER[q]}季度", "starts_on": date(day.year, q * 3 + 1, 1),
            "ends_on": date(day.year, last, monthrange(day.year, last)[1])}


def next_round(today: date, taken: set[str]) -> dict:
    """The first quarter from today's on whose name is not taken yet (form defaults)."""
    day = today
    for _ in range(8):
        values = quarter_round(day)
        if values["name"] not in taken:
            return values
        end = values["ends_on"]
        day = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    return {"name": "", "starts_on": today, "ends_on": today}


def answer_date_error(answered_on: date | None, starts_on: date, ends_on: date) -> str | None:
    """The sentence refusing an answer date outside the round (None when it is inside)."""
    if answered_on is None or starts_on <= answered_on <= ends_on:
        return None
    return (f"答复日期须在本轮排查期间（{starts_on:%Y-%m-%d} 至 {ends_on:%Y-%m-%d}），"
            "请重新填写。")


def short_question(text: str, width: int = 16) -> str:
    """The question cut to `width` terminal columns for the matrix (full text in the detail)."""
    from wcwidth import wcswidth

    text = text.replace("\n", " ")
    for prefix in ("本组", "本屯", "本村", "全村"):  # every row starts so: keep what differs
        if text.startswith(prefix) and len(text) > len(prefix) + 2:
            text = text[len(prefix):]
            break
    out, used = "", 0
    for ch in text:
        w = max(wcswidth(ch), 0)
        if used + w > width:
            return out
        out, used = out + ch, used + w
    return out
