"""The mediation network's entry form: one field definition for the screen (the choice lists
of hamlets and cadres are passed in at run time) and the labels the 名册 prints."""

from __future__ import annotations

from db.models.network import BACKGROUNDS, KINDS, ROLES
from forms.fields import FieldDef

ROLE_CHOICES = tuple((role, role) for roles in ROLES.values() for role in roles)

MEMBER_FORM = (
    FieldDef("kind", "类别", "choice", required=True, choices=tuple((label, k) for k, label in KINDS.items()),
             help="人民调解委员会；各屯调解小组；联络员（信息员、十户长、义务调解员）"),
    FieldDef("role", "职务", "choice", required=True, choices=ROLE_CHOICES,
             help="委员会：主任、副主任、委员；调解小组：组长、成员；联络员：信息员、十户长、义务调解员"),
    FieldDef("name", "姓名", "name", required=True, max_len=50),
    FieldDef("phone", "联系电话", "phone", help="手机或座机；是村干部且不填时用干部的电话"),
    FieldDef("hamlet_id", "所在屯组", "choice", help="调解小组成员和联络员必填"),
    FieldDef("cadre_id", "是村干部", "choice", help="是村干部的选上本人；老党员、老干部、乡贤等不必选"),
    FieldDef("background", "身份", "choice", choices=tuple((b, b) for b in BACKGROUNDS)),
    FieldDef("appointed_on", "任职日期", "date"),
    FieldDef("term_ends_on", "任期届满", "date"),
    FieldDef("note", "备注", "text", max_len=200),
)


def member_values(m) -> dict:
    """A db.network.MemberRow as the form's values."""
    return {f.name: getattr(m, f.name) for f in MEMBER_FORM}


def member_data(values: dict) -> dict:
    """The form's values as db.network.save_member takes them (empty choices as None / '')."""
    out = dict(values)
    out["background"] = out.get("background") or ""
    out["phone"] = out.get("phone") or ""
    out["note"] = out.get("note") or ""
    return out
