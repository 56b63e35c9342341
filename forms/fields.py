"""Field definitions: written once, used by the entry form on screen and the paper form.

A FieldDef knows its label, kind, limits and how to turn what was typed into a value
(raising ValidationError with one Chinese sentence). Choice lists that come from the
database (hamlets, cadres, types) are passed in by the caller at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms import validate as v

KINDS = ("text", "longtext", "name", "date", "id", "phone", "amount", "int", "choice", "multi", "bool")
# A fact the clerk attests (rights notified, satisfied, performed): a required choice that
# starts unset on every form, never a tick box that is ticked (or not) by default.
YES_NO: tuple[tuple[str, Any], ...] = (("是", True), ("否", False))


@dataclass(frozen=True)
class FieldDef:
    """One field of a form."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    max_len: int = 100
    choices: tuple[tuple[str, Any], ...] = ()  # static (label, value) pairs
    placeholder: str = ""
    help: str = ""
    minimum: int = 0
    maximum: int = 1_000_000
    not_future: bool = False  # a date that cannot be after today (受理日期)

    def parse(self, raw: Any, *, today: date | None = None) -> Any:
        """The value for `raw` (text typed, or the widget's value for choice/multi/bool)."""
        if self.kind == "bool":
            return bool(raw)
        if self.kind == "multi":
            values = list(raw or [])
            if self.required and not values:
                raise v.ValidationError(f"请至少选择一项“{self.label}”。")
            return values
        if self.kind == "choice":
            if raw is None or raw == "":
                if self.required and self.choices == YES_NO:
                    raise v.ValidationError(f"请选择“{self.label}”：是 或 否（要如实选择，不能空着）。")
                if self.required:
                    raise v.ValidationError(f"请选择“{self.label}”。")
                return None
            return raw
        text = "" if raw is None else str(raw)
        if not text.strip():
            if self.required:
                raise v.ValidationError(f"“{self.label}”不能为空，请填写。")
            return None if self.kind in ("date", "amount", "int") else ""
        # Every typed field, whatever its kind: no bidi override, zero-width or control character.
        v.check_visible(text, self.label, multiline=self.kind == "longtext")
        return _PARSERS[self.kind](self, text, today)

    def show(self, value: Any) -> str:
        """The text to put back into an input for `value` (inverse of parse for text kinds)."""
        if value is None:
            return ""
        if self.kind == "bool" or (self.kind == "choice" and self.choices == YES_NO):
            return "是" if value else "否"
        if self.kind == "date":
            return v.format_date(value)
        if self.kind == "amount":
            return f"{value}"
        return str(value)


def _date(f: FieldDef, text: str, today: date | None) -> date:
    if f.not_future:
        return v.parse_past_date(text, today=today, what=f.label)
    return v.parse_date(text, today=today)


def _text(f: FieldDef, text: str, _today) -> str:
    return v.parse_text(text, max_len=f.max_len, what=f.label, required=f.required,
                        multiline=f.kind == "longtext")


def _name(f: FieldDef, text: str, _today) -> str:
    return v.parse_name(text, max_len=f.max_len, what=f.label)


def _id(f: FieldDef, text: str, today) -> str:
    return v.parse_id_number(text, today=today)


def _phone(f: FieldDef, text: str, _today) -> str:
    return v.parse_phone(text)


def _amount(f: FieldDef, text: str, _today):
    return v.parse_amount(text)


def _int(f: FieldDef, text: str, _today) -> int:
    return v.parse_int(text, minimum=f.minimum, maximum=f.maximum, what=f.label)


_PARSERS: dict[str, Callable[[FieldDef, str, date | None], Any]] = {
    "text": _text,
    "longtext": _text,
    "name": _name,
    "date": _date,
    "id": _id,
    "phone": _phone,
    "amount": _amount,
    "int": _int,
}


def parse_form(fields: tuple[FieldDef, ...], raw: dict[str, Any], *, today: date | None = None):
    """(values, errors) for a whole form: errors maps field name -> Chinese sentence."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields:
        try:
            values[f.name] = f.parse(raw.get(f.name), today=today)
        except v.ValidationError as exc:
            errors[f.name] = exc.message
    return values, errors


# ---- settings forms -------------------------------------------------------------------------

VILLAGE_FORM = (
    FieldDef("name", "村名", "text", required=True, max_len=50, placeholder="如：青石村"),
    FieldDef("committee", "村委会全称", "text", max_len=80, placeholder="如：青石村民委员会"),
    FieldDef("township", "乡镇", "text", max_len=50),
    FieldDef("county", "县（市、区）", "text", max_len=50),
    FieldDef("case_prefix", "案号简称", "text", required=True, max_len=10,
             placeholder="如：青调", help="案号写作（2026）青调字第012号"),
    FieldDef("clerk", "文书姓名", "name", max_len=50, help="登记人、审计记录里的经办人"),
    FieldDef("backup_encrypt", "备份默认加密", "bool",
             help="勾选后，F6 备份到U盘时默认加密，要设密码（程序不保存密码）"),
)

HAMLET_FORM = (FieldDef("name", "屯组名称", "text", required=True, max_len=50, placeholder="如：一组、大塘屯"),)

from db.models.settings import CADRE_ROLES  # noqa: E402  (one list for screen, paper and data)

CADRE_FORM = (
    FieldDef("name", "姓名", "name", required=True, max_len=50),
    FieldDef("roles", "职务", "multi", required=True, choices=tuple((r, r) for r in CADRE_ROLES),
             help="空格键勾选，可多选"),
    FieldDef("phone", "电话", "phone", help="手机或座机，如 13907710001、0771-1234567"),
    FieldDef("hamlet_ids", "负责屯组", "multi", help="空格键勾选；片长负责的屯组"),
    FieldDef("active", "在职", "bool"),
)

# The first-run form leaves encryption off (the default); it is chosen later in F7.
SETUP_FORM = tuple(f for f in VILLAGE_FORM if f.name != "backup_encrypt") + (
    FieldDef("hamlets", "屯组", "longtext", required=True, max_len=2000,
             help="按顺序每行写一个屯组名称，如：一组、二组、大塘屯"),
)

TYPE_FORM = (FieldDef("name", "纠纷类型", "text", required=True, max_len=20, placeholder="如：赡养、继承"),)
