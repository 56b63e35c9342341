"""A party's document (证件) and the number on it: the check each type needs, and what an
18-digit ID number says about its holder.

- 居民身份证: 18 characters with the GB 11643 check digit (forms.validate.parse_id_number).
- 港澳台居民居住证: the same, starting 810000 (香港), 820000 (澳门) or 830000 (台湾).
- 港澳居民来往内地通行证 (回乡证): H or M, then 8 or 10 digits.
- 台湾居民来往大陆通行证 (台胞证): 8 digits (or 10 on older cards).
- 外国人永久居留身份证: 15 characters (old: 3 letters, 12 digits) or 18 (new: starting 9).
- 护照, 其他: any visible characters, no spaces inside, at most 18.

Sex and birth date are read only from the two GB 11643 types (ID_TYPES_WITH_BIRTH).
Pure Python on db.models.register's code lists: the same rules serve the form and the import.
"""

from __future__ import annotations

import re
from datetime import date

from db.models.register import ID_TYPES, ID_TYPES_WITH_BIRTH
from forms.validate import (
    ValidationError,
    _nfkc,
    _shown,
    birth_date_from_id,
    check_visible,
    parse_id_number,
    sex_from_id,
)

RESIDENT = "resident"
PERMIT_PREFIXES = ("810000", "820000", "830000")
MAX_LEN = 18  # the column's width
_HK_MACAO = re.compile(r"[HM](?:[0-9]{8}|[0-9]{10})")
_TAIWAN = re.compile(r"[0-9]{8}|[0-9]{10}")
_FOREIGN_OLD = re.compile(r"[A-Z]{3}[0-9]{12}")
_FOREIGN_NEW = re.compile(r"9[0-9]{16}[0-9X]")


def id_type_label(id_type: str | None) -> str:
    """居民身份证 for a blank or unknown code (rows from before the type existed)."""
    return ID_TYPES.get(id_type or RESIDENT, ID_TYPES[RESIDENT])


def _compact(text: str) -> str:
    """Full-width folded, spaces removed, letters in capitals."""
    return re.sub(r"\s+", "", _nfkc(text)).upper()


def parse_document_number(id_type: str | None, text: str, *, today: date | None = None) -> str:
    """The number of a document of `id_type` (a code of ID_TYPES; None: 居民身份证),
    normalised; ValidationError with the check it failed. Blank stays blank."""
    id_type = id_type or RESIDENT
    if id_type not in ID_TYPES:
        raise ValidationError("请选择证件类型。")
    if not str(text or "").strip():
        return ""
    label = ID_TYPES[id_type]
    check_visible(text, f"{label}号码")
    if id_type == RESIDENT:
        return parse_id_number(text, today=today)
    s = _compact(text)
    if id_type == "residence_permit":
        try:
            number = parse_id_number(text, today=today)
        except ValidationError as exc:
            raise ValidationError(exc.message.replace("身份证号", "居住证号码")) from None
        if not number.startswith(PERMIT_PREFIXES):
            raise ValidationError(f"港澳台居民居住证号码以810000（香港）、820000（澳门）或830000（台湾）开头，"
                                  f"“{_shown(number)}”不是；如是内地居民，请把证件类型选为居民身份证。")
        return number
    if id_type == "hk_macao_permit":
        if not _HK_MACAO.fullmatch(s):
            raise ValidationError(f"港澳居民来往内地通行证号码是H（香港）或M（澳门）加8位或10位数字，"
                                  f"“{_shown(text)}”不对，请核对证件。")
        return s
    if id_type == "taiwan_permit":
        if not _TAIWAN.fullmatch(s):
            raise ValidationError(f"台湾居民来往大陆通行证号码是8位数字（旧证10位），“{_shown(text)}”不对，请核对证件。")
        return s
    if id_type == "foreign_permanent":
        if not (_FOREIGN_OLD.fullmatch(s) or _FOREIGN_NEW.fullmatch(s)):
            raise ValidationError(f"外国人永久居留身份证号码是15位（旧证：3个字母加12位数字）或18位（新证：以9开头），"
                                  f"“{_shown(text)}”不对，请核对证件。")
        return s
    # 护照, 其他: what the document says, as long as it can be seen and fits.
    if len(s) > MAX_LEN:
        raise ValidationError(f"{label}号码最多{MAX_LEN}位，现在是{len(s)}位，请核对后重新输入。")
    return s


_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")


def parse_credit_code(text: str) -> str:
    """An organisation's 统一社会信用代码 (GB 32100): 18 digits and capitals (no I, O, Z, S, V)."""
    if not str(text or "").strip():
        return ""
    check_visible(text, "统一社会信用代码")
    s = _compact(text)
    if not _CREDIT_CODE.fullmatch(s):
        raise ValidationError(f"统一社会信用代码是18位数字和大写字母（不含I、O、Z、S、V），“{_shown(text)}”不对，"
                              f"请照营业执照或登记证书核对。")
    return s


def facts_from_number(id_type: str | None, number: str) -> tuple[str, date] | None:
    """(sex, birth date) read from an 18-digit number of a GB 11643 type, else None."""
    if (id_type or RESIDENT) not in ID_TYPES_WITH_BIRTH or len(number) != 18:
        return None
    try:
        return sex_from_id(number), birth_date_from_id(number)
    except ValidationError:
        return None


def identity_errors(values: dict) -> dict[str, str]:
    """Check a party's document and fill what its number says (the party form's own check).

    `values` (parsed PARTY_FORM values) is changed in place: id_number normalised for its
    type (an organisation's: its 统一社会信用代码), a blank sex or birth date filled from an 18-digit ID. A typed sex or birth date
    that the number contradicts is refused at that field. Returns {field: sentence}."""
    id_type = values.get("id_type") or RESIDENT
    try:
        if values.get("kind") == "org":  # an organisation's number is its credit code
            values["id_number"] = parse_credit_code(values.get("id_number") or "")
            return {}
        values["id_number"] = parse_document_number(id_type, values.get("id_number") or "")
    except ValidationError as exc:
        return {"id_number": exc.message}
    facts = facts_from_number(id_type, values["id_number"])
    if facts is None:
        return {}
    sex, born = facts
    errors = {}
    if values.get("sex") and values["sex"] != sex:
        errors["sex"] = (f"身份证号第17位表示“{sex}”，这里选的是“{values['sex']}”，"
                         f"请核对身份证号或改正性别（也可以空着，保存时按身份证号填）。")
    else:
        values["sex"] = sex
    if values.get("birth_date") and values["birth_date"] != born:
        errors["birth_date"] = (f"身份证号里的出生日期是{born:%Y-%m-%d}，这里填的是{values['birth_date']:%Y-%m-%d}，"
                                f"请核对身份证号或改正出生日期（也可以空着，保存时按身份证号填）。")
    else:
        values["birth_date"] = born
    return errors
