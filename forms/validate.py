"""Turn what a clerk typed into clean values, or say in one Chinese sentence what to fix.

Every parser here takes the raw text of one input and returns a normalised value or raises
ValidationError (and nothing else: a stray OverflowError would crash a form).  Full-width
digits and punctuation are folded with NFKC first, because Chinese input methods produce them.

Dates are parsed by our own strict patterns on purpose: dateutil's parser reads 26/3/5 as
2005-03-26 and accepts "第3组5号" in fuzzy mode, which would put wrong dates into the register.

Pure Python (stdlib only): no Textual, no database, so the same rules serve the screen,
the import from spreadsheets and the command line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

T = TypeVar("T")


class ValidationError(ValueError):
    """One Chinese sentence saying what is wrong and what to type instead.  .message holds it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _nfkc(text: str) -> str:
    """Fold full-width digits, letters and punctuation (１２/３) to ASCII, then strip."""
    return unicodedata.normalize("NFKC", text).strip()


def _shown(text: str, limit: int = 20) -> str:
    """The user's input, shortened and without control characters, for quoting in a message."""
    text = "".join("?" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text.strip())
    return text if len(text) <= limit else text[:limit] + "…"


# Characters that show nothing (or reorder what is shown): controls (Cc), format characters
# (Cf: bidi overrides U+202A-202E and isolates U+2066-2069, zero-width U+200B-200D, U+2060,
# the BOM U+FEFF, soft hyphen, tags...), lone surrogates (Cs), line and paragraph separators.
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")
LINE_ENDS = "\n\r"  # ordinary line breaks, allowed in multi-line fields only


def invisible_at(text: str, allowed: str = "") -> int | None:
    """The 1-based position of the first invisible character of `text` not in `allowed`."""
    for i, ch in enumerate(text, 1):
        if unicodedata.category(ch) in INVISIBLE_CATEGORIES and ch not in allowed:
            return i
    return None


def check_visible(text: str, what: str, *, multiline: bool = False) -> None:
    """Refuse text with a character the clerk cannot see (a bidi override can make 张三 show as
    三张; a zero-width space makes two equal names differ). The one check every text field and
    every imported cell passes; the message names the position, counted as typed."""
    core = text.strip()  # spaces, tabs and line breaks round the text are trimmed, not refused
    pos = invisible_at(core, LINE_ENDS if multiline else "")
    if pos is None:
        return
    ch = core[pos - 1]
    pos += len(text) - len(text.lstrip())
    kind = "换行" if ch in LINE_ENDS else "看不见的控制字符"
    hint = "这一栏只能写一行，" if ch in LINE_ENDS else "可能是从别处复制带来的，"
    raise ValidationError(f"“{what}”含有{kind}（第{pos}个字，U+{ord(ch):04X}），{hint}请删去后重新输入。")


def parse_optional(parser: Callable[..., T], text: str | None, /, **kwargs: Any) -> T | None:
    """None for a blank input, otherwise parser(text, **kwargs).  For fields that may stay empty."""
    if text is None or not str(text).strip():
        return None
    return parser(text, **kwargs)


# ---- dates ----------------------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 1900, 2100
DATE_EXAMPLE = "如 2026-3-5 或 2026年3月5日"
_RELATIVE_DAYS = {"今天": 0, "昨天": 1, "前天": 2}

# [0-9] rather than \d: \d also matches Arabic-Indic and other digits that NFKC keeps.
_DATE_PATTERNS = (
    re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?"),  # 2026年3月5日
    re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"),  # 2026-3-5, 2026/03/05, 2026.3.5
    re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})"),  # 20260305
)
_MONTH_DAY = re.compile(r"([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?")  # 3月5日: this year
_SHORT_YEAR = re.compile(r"[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}")  # 26/3/5
_YEAR_LAST = re.compile(r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}")  # 5/3/2026
_NO_YEAR = re.compile(r"[0-9]{1,2}[-/.][0-9]{1,2}")  # 3-5: March 5th or 3rd May?


def parse_date(text: str, *, today: date | None = None) -> date:
    """A date from the forms clerks type: 2026年3月5日, 2026-3-5, 2026/03/05, 2026.3.5,
    20260305, 3月5日 (the year of `today`), 今天, 昨天, 前天.  Years 1900..2100 only."""
    today = today or date.today()
    s = _nfkc(text)
    if not s:
        raise ValidationError(f"日期不能为空，请输入日期，{DATE_EXAMPLE}。")
    if s in _RELATIVE_DAYS:
        return today - timedelta(days=_RELATIVE_DAYS[s])
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            year, month, day = (int(g) for g in m.groups() if g.isdigit())
            break
    else:
        m = _MONTH_DAY.fullmatch(s)
        if m:
            year, month, day = today.year, int(m.group(1)), int(m.group(2))
        elif _SHORT_YEAR.fullmatch(s):
            raise ValidationError(f"日期“{_shown(text)}”的年份只有两位，分不清是哪一年，"
                                  f"请把年份写满四位，{DATE_EXAMPLE}。")
        elif _YEAR_LAST.fullmatch(s):
            raise ValidationError(f"日期“{_shown(text)}”请把年份写在最前面，{DATE_EXAMPLE}。")
        elif _NO_YEAR.fullmatch(s):
            raise ValidationError(f"日期“{_shown(text)}”分不清是几月几日，"
                                  f"请写成 3月5日 或带上年份，{DATE_EXAMPLE}。")
        else:
            raise ValidationError(f"看不懂日期“{_shown(text)}”，请按格式输入，{DATE_EXAMPLE}。")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"日期“{_shown(text)}”的年份应在{MIN_YEAR}到{MAX_YEAR}年之间，"
                              f"请输入正确的年份，{DATE_EXAMPLE}。")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"日期“{_shown(text)}”不存在，请输入真实的日期，"
                              f"{DATE_EXAMPLE}。") from None


def parse_past_date(text: str, *, today: date | None = None, what: str = "日期") -> date:
    """parse_date, refusing a day after `today` (an acceptance date cannot be in the future)."""
    today = today or date.today()
    d = parse_date(text, today=today)
    if d > today:
        raise ValidationError(f"“{what}”{d:%Y-%m-%d}在今天（{today:%Y-%m-%d}）之后，还没到这一天，"
                              f"请核对后重新输入。")
    return d


def format_date(d: date) -> str:
    """'2026-03-05': the form every screen and export shows, and parse_date reads back."""
    return d.isoformat()


# ---- resident ID numbers (GB 11643-1999) ----------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11), ISO 7064 MOD 11-2
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def id_check_char(first17: str) -> str:
    """The 18th character for 17 ASCII digits."""
    return _ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(text: str, *, today: date | None = None) -> str:
    """An 18-character resident ID number, normalised (ASCII digits, capital X)."""
    today = today or date.today()
    s = re.sub(r"\s+", "", _nfkc(text)).replace("x", "X")
    if not s:
        raise ValidationError("身份证号不能为空，请输入18位身份证号。")
    if len(s) != 18:
        raise ValidationError(f"身份证号应为18位，现在是{len(s)}位，请核对后重新输入"
                              f"（旧的15位号码请按新证上的18位填写）。")
    if not _ID_SHAPE.fullmatch(s):
        raise ValidationError("身份证号只能是数字，最后一位可以是X，请删去其他字符后重新输入。")
    try:
        born = birth_date_from_id(s)
    except ValidationError:
        raise ValidationError(f"身份证号第7到14位的出生日期“{s[6:14]}”不是真实的日期，"
                              f"请逐位核对后重新输入。") from None
    if born.year < MIN_YEAR or born > today:
        when = f"早于{MIN_YEAR}年" if born.year < MIN_YEAR else "在今天之后"
        raise ValidationError(f"身份证号第7到14位的出生日期“{s[6:14]}”{when}，不可能，"
                              f"请逐位核对后重新输入。")
    if id_check_char(s[:17]) != s[17]:
        raise ValidationError("身份证号最后一位校验码不对，说明有数字输错了，请逐位核对后重新输入。")
    return s


def mask_id_number(id_number: str) -> str:
    """Hide the birth date for printouts to outsiders: 110101********1234.  '' stays ''.
    An old 15-digit number hides its 6 birth digits; anything else shows only the last 4."""
    n = len(id_number)
    if n == 18:
        return id_number[:6] + "*" * 8 + id_number[14:]
    if n == 15:
        return id_number[:6] + "*" * 6 + id_number[12:]
    if n == 0:
        return ""
    return "*" * max(n - 4, 0) + id_number[-4:]


def birth_date_from_id(id_number: str) -> date:
    """The birth date in digits 7-14 of an 18-character ID number."""
    digits = id_number[6:14]
    try:
        if len(id_number) != 18 or not digits.isascii() or not digits.isdigit():
            raise ValueError
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValidationError(f"身份证号“{_shown(id_number)}”里的出生日期不对，"
                              f"请核对第7到14位。") from None


def sex_from_id(id_number: str) -> str:
    """'男' when the 17th digit is odd, '女' when even."""
    digit = id_number[16:17]
    if not (digit.isascii() and digit.isdigit()):
        raise ValidationError(f"身份证号“{_shown(id_number)}”不完整，看不出性别，请核对号码。")
    return "男" if int(digit) % 2 else "女"


# ---- phone numbers --------------------------------------------------------------------------

PHONE_EXAMPLE = "如手机 13907710001 或座机 0771-1234567"
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area code: 010 and 02x have 3 digits with the 0, all others 4; then a 7-8 digit number and
# an optional extension.  The area code length decides where the number starts, so
# 07711234567 and 0771-1234567 both read as 0771-1234567.
_LANDLINE = re.compile(r"(0(?:10|2[0-9]|[3-9][0-9]{2}))-?([1-9][0-9]{6,7})(?:(?:-|转|分机)([0-9]{1,6}))?")
_COUNTRY = re.compile(r"(?:\+|00)86-?")


def parse_phone(text: str) -> str:
    """A mobile number as 11 digits, or a landline as '0771-1234567' (with '-ext' if given)."""
    s = _nfkc(text)
    # Spaces, brackets round the area code and dash look-alikes are only separators.
    s = re.sub(r"[\s()]+", "", s)
    s = re.sub(r"[‐‑‒–—―−]", "-", s)
    s = re.sub(r"-+", "-", s).strip("-")
    m = _COUNTRY.match(s)
    if m:
        s = s[m.end():]
        if s and s[0] in "23456789":  # +86 771 1234567: the trunk 0 is dropped abroad
            s = "0" + s
    elif re.fullmatch(r"86-?1[0-9]{10}", s):  # 8613907710001 from exported contacts
        s = s[2:].lstrip("-")
    mobile = s.replace("-", "")
    if not mobile:
        raise ValidationError(f"电话号码不能为空，请输入号码，{PHONE_EXAMPLE}。")
    if _MOBILE.fullmatch(mobile):
        return mobile
    m = _LANDLINE.fullmatch(s)
    if m:
        area, number, ext = m.groups()
        return f"{area}-{number}" + (f"-{ext}" if ext else "")
    if mobile.isascii() and mobile.isdigit() and mobile.startswith("1"):
        raise ValidationError(f"手机号应为11位、以13到19开头，现在是{len(mobile)}位"
                              f"“{_shown(text)}”，请核对后重新输入。")
    if mobile.isascii() and mobile.isdigit() and mobile.startswith("0"):
        raise ValidationError(f"座机号“{_shown(text)}”不对，请写成“区号-号码”，如 0771-1234567。")
    raise ValidationError(f"看不懂电话号码“{_shown(text)}”，请只填数字，{PHONE_EXAMPLE}。")


# ---- names ----------------------------------------------------------------------------------

NAME_DOT = "\u00b7"  # the middle dot of minority names: 阿卜杜·热合曼
# Look-alikes that input methods produce instead.  Not the full-width full stop ．(U+FF0E).
_DOT_LOOKALIKES = "\u2022\u30fb\u2027\uff65\u2219\u22c5\u0387\u16eb\u2e31"
_DOT_TABLE = str.maketrans({c: NAME_DOT for c in _DOT_LOOKALIKES})


def parse_name(text: str, *, max_len: int = 50, what: str = "姓名") -> str:
    """A person's or an organisation's name: NFC, one space between words, look-alike dots
    made U+00B7, any GB18030 character (rare ones like 𠮷 included)."""
    check_visible(text, what)
    s = " ".join(unicodedata.normalize("NFC", text).translate(_DOT_TABLE).split())
    s = re.sub(r" ?\u00b7 ?", NAME_DOT, s)  # 阿卜杜 · 热合曼 -> 阿卜杜·热合曼
    if not s:
        raise ValidationError("姓名不能为空，请填写姓名。")
    if len(s) > max_len:
        raise ValidationError(f"姓名最多{max_len}个字，现在是{len(s)}个字，请删减后重新输入。")
    if s.replace(" ", "").replace(NAME_DOT, "").isdigit():
        raise ValidationError(f"姓名“{_shown(s)}”全是数字，请填写真实姓名。")
    if s.startswith(NAME_DOT) or s.endswith(NAME_DOT):
        raise ValidationError(f"姓名“{_shown(s)}”的间隔号“·”只能在两段名字中间，"
                              f"请删掉开头或结尾的点。")
    try:
        s.encode("gb18030")
    except UnicodeEncodeError:
        raise ValidationError(f"姓名“{_shown(s)}”里有无法保存的字符，请改用常用写法。") from None
    return s


# ---- amounts and counts ---------------------------------------------------------------------

_AMOUNT = re.compile(r"¥?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?(万)?元?")
_CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 12


def parse_amount(text: str) -> Decimal:
    """An amount in 元, quantized to 0.01: 1200, 1,200.50, 1200元, １２００, 1.2万, 3万元."""
    s = re.sub(r"\s+", "", _nfkc(text))
    if s.startswith("-") and len(s) > 1:
        raise ValidationError(f"金额“{_shown(text)}”不能是负数，请填写0或正数，如 1200。")
    if not s:
        raise ValidationError("金额不能为空，请填写数字，如 1200 或 1.2万。")
    m = _AMOUNT.fullmatch(s) if len(s) <= 40 else None
    if not m:
        raise ValidationError(f"看不懂金额“{_shown(text)}”，请填写数字，如 1200、1200.50 或 1.2万。")
    whole, fraction, wan = m.groups()
    try:
        value = Decimal(whole.replace(",", "") + (fraction or ""))
        if wan:
            value *= 10000
        if value >= MAX_AMOUNT:
            raise ValidationError(f"金额“{_shown(text)}”太大了，请核对（应少于一万亿元）。")
        if value != value.quantize(_CENT):
            raise ValidationError(f"金额“{_shown(text)}”最多到分（小数点后两位），请改为如 1200.50。")
        return value.quantize(_CENT)
    except InvalidOperation:  # cannot happen with the pattern above; never leak it
        raise ValidationError(f"看不懂金额“{_shown(text)}”，请填写数字，如 1200。") from None


def parse_int(text: str, *, minimum: int = 0, maximum: int = 1_000_000, what: str = "数量") -> int:
    """A whole number between minimum and maximum; full-width digits and 1,000 are fine."""
    s = re.sub(r"\s+", "", _nfkc(text))
    if not s:
        raise ValidationError(f"{what}不能为空，请填写整数，如 3。")
    m = re.fullmatch(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,18})", s)
    if not m:
        raise ValidationError(f"{what}“{_shown(text)}”不是整数，请只填数字，如 3。")
    value = int(m.group(1) + m.group(2).replace(",", ""))
    if value < minimum:
        raise ValidationError(f"{what}不能小于{minimum}，请重新填写。")
    if value > maximum:
        raise ValidationError(f"{what}不能大于{maximum}，请核对后重新填写。")
    return value


def parse_text(text: str, *, max_len: int, what: str, required: bool = False, multiline: bool = True) -> str:
    """Free text: trimmed, Windows line ends made \\n, no invisible characters (check_visible;
    line breaks only when `multiline`), length-limited."""
    check_visible(text, what, multiline=multiline)
    s = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not s:
        if required:
            raise ValidationError(f"“{what}”不能为空，请填写。")
        return ""
    if len(s) > max_len:
        raise ValidationError(f"“{what}”最多{max_len}个字，现在是{len(s)}个字，请删减。")
    return s
