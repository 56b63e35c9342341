"""The register's own checks on values before they are stored (the data layer's last guard).

Forms validate what the clerk types; these checks make sure no path (import, demo, a bug in a
screen) can store a value of the wrong kind, too long, or for a field that does not exist.
Each refusal is a DataError with one Chinese sentence and the field name.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, String

from db.models.register import Dispute
from db.session import DataError

# Field name -> the words the clerk knows it by (used in refusals and in the audit history).
LABELS = {
    # dispute
    "number": "案号", "accepted_on": "受理日期", "registered_by": "登记人", "source": "纠纷来源",
    "source_detail": "移送单位", "type_id": "纠纷类型", "hamlet_id": "屯组", "summary": "纠纷简要情况",
    "request": "申请事项", "arose_on": "发生日期", "arose_at": "发生地点", "people_involved": "涉及人数",
    "amount_fen": "涉及金额", "is_mass": "群体性纠纷", "severity": "风险等级", "presiding_id": "主持调解员",
    "other_mediators": "其他调解员", "leader_id": "包案领导", "deadline": "办结期限", "status": "状态",
    "result_note": "结果说明", "closed_on": "结案日期", "closed_by": "结案人",
    "risk_assessment": "风险评估", "risk_measures": "已采取的措施", "file_note": "卷宗情况说明",
    "prevent_suicide": "防止民间纠纷引起自杀", "prevent_crime": "防止民转刑案件",
    "prevent_petition": "防止群体性上访", "prevent_fight": "防止群体性械斗",
    "voided": "作废", "void_reason": "作废原因",
    # party
    "role": "当事人类别", "kind": "个人或单位", "name": "姓名", "representative": "代表人",
    "sex": "性别", "ethnicity": "民族", "birth_date": "出生日期", "age": "年龄", "id_number": "身份证号",
    "occupation": "职业", "address": "住址", "phone": "电话", "id_type": "证件类型",
    "agent_kind": "代理人类别", "agent_name": "代理人姓名", "agent_relation": "代理人与当事人关系",
    "agent_id_number": "代理人身份证号", "agent_phone": "代理人电话",
    # proceeding
    "held_on": "日期", "place": "地点", "attendees": "到场当事人", "helpers": "邀请参加人",
    "mediators": "调解员", "recorder": "记录人", "rights_notified": "已告知权利义务",
    "statements": "当事人陈述", "facts": "查明事实", "result": "结果",
    # agreement
    "form": "协议形式", "signed_on": "签订日期", "responsibilities": "各方责任", "terms": "协议内容",
    "perform_how": "履行方式", "perform_where": "履行地点", "perform_by": "履行期限",
    "performance": "履行情况", "performed_on": "履行日期", "jc_applied_on": "申请司法确认日期",
    "jc_confirmed_on": "司法确认日期",
    # follow-up
    "visited_on": "回访日期", "party_name": "回访对象", "reason": "回访原因", "performed": "是否履行",
    "satisfied": "是否满意", "lawsuit": "是否起诉", "flare_up": "反复迹象", "measures": "采取措施",
    "visitor": "回访人", "next_due": "下次回访日期",
    # escalation (上报)
    "reported_on": "上报日期", "to_whom": "上报对象", "channel": "上报方式", "reported_by": "上报人",
    "matter": "上报事项", "replied_on": "答复日期", "reply": "答复情况",
}
TABLE_LABELS = {
    "dispute": "案件", "party": "当事人", "proceeding": "调解/调查记录", "agreement": "调解协议",
    "follow_up": "回访记录", "escalation": "上报记录",
}
SEXES = ("", "男", "女")


def label(field: str) -> str:
    """The Chinese name of a field (the field name itself when unknown)."""
    return LABELS.get(field, field)


def coerce(model, values: dict, allowed: tuple[str, ...] | frozenset[str]) -> dict:
    """`values` checked against the columns of `model`: known, allowed, right kind, not too long.

    Text None becomes ""; surrounding spaces of text are kept except for names (stripped by the
    caller). Returns a new dict; raises DataError on the first bad field.
    """
    columns = model.__table__.columns
    out = {}
    for key, value in values.items():
        if key not in allowed or key not in columns:
            raise DataError(f"不能在这里修改“{label(key)}”。", key)
        col = columns[key]
        kind = col.type
        kind = getattr(kind, "impl_instance", kind)  # sqlmodel's AutoString wraps a String
        name = label(key)
        if value is None:
            if isinstance(kind, String) and not col.nullable:
                value = ""
            elif not col.nullable:
                raise DataError(f"请填写“{name}”。", key)
            out[key] = value
            continue
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise DataError(f"“{name}”只能是“是”或“否”。", key)
        elif isinstance(kind, Date):
            if isinstance(value, datetime) or not isinstance(value, date):
                raise DataError(f"“{name}”应是日期，如 2026-03-05。", key)
        elif isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise DataError(f"“{name}”应是整数。", key)
            if value < 0:
                raise DataError(f"“{name}”不能是负数。", key)
        elif isinstance(kind, String):
            if not isinstance(value, str):
                raise DataError(f"“{name}”应是文字。", key)
            if kind.length and len(value) > kind.length:
                raise DataError(f"“{name}”最多 {kind.length} 个字，现在有 {len(value)} 个，请删减。", key)
        out[key] = value
    return out


def need_text(value: str, field: str, what: str | None = None) -> str:
    """`value` stripped; DataError when empty."""
    value = (value or "").strip()
    if not value:
        raise DataError(f"请填写{what or label(field)}。", field)
    return value


def choice(value: str, options: dict, field: str) -> None:
    """DataError unless `value` is one of the codes of `options` (code -> label)."""
    if value not in options:
        names = "、".join(options.values())
        raise DataError(f"“{label(field)}”只能是：{names}。", field)


def not_before(later: date | None, earlier: date | None, field: str, earlier_field: str) -> None:
    """DataError when `later` is before `earlier` (both set)."""
    if later is not None and earlier is not None and later < earlier:
        raise DataError(
            f"“{label(field)}”（{later.isoformat()}）不能早于“{label(earlier_field)}”（{earlier.isoformat()}），请改正。",
            field,
        )


def exists(s, model, row_id: int | None, field: str, what: str) -> None:
    """DataError unless the row `row_id` of `model` exists (None passes)."""
    if row_id is None:
        return
    # Remembered for the transaction: the session's identity map holds rows only weakly, and
    # an import or the demo checks the same few types, hamlets and cadres thousands of times.
    known = s.info.setdefault("register_known_ids", set())
    if (model, row_id) in known:
        return
    if s.get(model, row_id) is None:
        raise DataError(f"找不到所选的{what}（编号 {row_id}），请重新选择。", field)
    known.add((model, row_id))


def id_facts(id_number: str) -> tuple[str, date] | None:
    """(sex, birth date) in an 18-digit ID number (GB 11643: digits 7-14, the 17th odd for
    男), or None when the number does not have them. The check digit is the form's business."""
    if len(id_number) != 18 or not id_number[:17].isascii() or not id_number[:17].isdigit():
        return None
    try:
        born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None
    return ("男" if int(id_number[16]) % 2 else "女"), born


def people_floor(named: int, people: int) -> None:
    """DataError when 涉及人数 `people` is fewer than the `named` parties of the case."""
    if people < named:
        raise DataError(f"“涉及人数”不能少于已登记的当事人（{named}人），现在填的是{people}人；"
                        f"请填{named}或更多。", "people_involved")


def live(s, model, row_id: int, what: str):
    """The row `row_id` of `model`, refused when missing or voided."""
    row = s.get(model, row_id) if row_id is not None else None
    if row is None:
        raise DataError(f"找不到此{what}（编号 {row_id}），请检查编号。")
    if row.voided:
        raise DataError(f"此{what}已作废，不能修改；如需修改请先恢复。")
    return row


def live_dispute(s, dispute_id: int):
    """The case `dispute_id`, refused when missing or voided."""
    return live(s, Dispute, dispute_id, "案件")


def set_void(row, reason: str) -> None:
    """Mark `row` voided with the clerk's reason (required, at most 200 characters)."""
    reason = need_text(reason, "void_reason", "作废原因")
    if len(reason) > 200:
        raise DataError("“作废原因”最多 200 个字，请删减。", "void_reason")
    row.voided = True
    row.void_reason = reason
