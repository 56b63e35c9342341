"""forms.validate: the examples clerks type, and properties over random input."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.validate import (
    ValidationError,
    birth_date_from_id,
    format_date,
    mask_id_number,
    parse_amount,
    parse_date,
    parse_id_number,
    parse_int,
    parse_name,
    parse_optional,
    parse_phone,
    parse_text,
    sex_from_id,
)

TODAY = date(2026, 5, 9)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def check_char(first17: str) -> str:
    """GB 11643 check character, written out again here so the test does not trust the module."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def rejects(parser, text, **kwargs) -> str:
    """The message of the ValidationError that parser raises for text."""
    with pytest.raises(ValidationError) as info:
        parser(text, **kwargs)
    message = info.value.message
    assert message == str(info.value) and message.endswith("。"), message
    return message


# ---- dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2026年3月5日", date(2026, 3, 5)),
    ("2026年03月05日", date(2026, 3, 5)),
    ("2026 年 3 月 5 日", date(2026, 3, 5)),
    ("2026-3-5", date(2026, 3, 5)),
    ("2026/03/05", date(2026, 3, 5)),
    ("2026.3.5", date(2026, 3, 5)),
    ("20260305", date(2026, 3, 5)),
    ("  2026-03-05\t", date(2026, 3, 5)),
    ("２０２６年３月５日", date(2026, 3, 5)),
    ("２０２６／３／５", date(2026, 3, 5)),
    ("3月5日", date(2026, 3, 5)),  # the year of `today`
    ("12月31日", date(2026, 12, 31)),
    ("今天", TODAY),
    ("昨天", date(2026, 5, 8)),
    ("前天", date(2026, 5, 7)),
    ("1900-1-1", date(1900, 1, 1)),
    ("2100-12-31", date(2100, 12, 31)),
    ("2024-2-29", date(2024, 2, 29)),
])
def test_parse_date_accepts(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text, words", [
    ("2月30日", "不存在"),
    ("2026-2-30", "不存在"),
    ("2025-2-29", "不存在"),
    ("2026-13-1", "不存在"),
    ("26/3/5", "四位"),  # dateutil would say 2005-03-26
    ("5/3/2026", "最前面"),
    ("3-5", "几月几日"),
    ("3/5", "几月几日"),
    ("1899-12-31", "1900"),
    ("2101-1-1", "2100"),
    ("", "不能为空"),
    ("   ", "不能为空"),
    ("明年", "看不懂"),
    ("第3组5号", "看不懂"),  # dateutil's fuzzy mode reads this as a date
    ("13907710001", "看不懂"),  # dateutil raises OverflowError on this
    ("2026-3/5", "看不懂"),
    ("2026年3月", "看不懂"),
    ("2026-03-05 10:00", "看不懂"),
    ("٢٠٢٦-٣-٥", "看不懂"),  # Arabic-Indic digits are not what a clerk means
])
def test_parse_date_rejects(text, words):
    assert words in rejects(parse_date, text, today=TODAY)


def test_parse_date_message_quotes_the_input():
    assert rejects(parse_date, "2月30日", today=TODAY) == (
        "日期“2月30日”不存在，请输入真实的日期，如 2026-3-5 或 2026年3月5日。")


def test_format_date():
    assert format_date(date(2026, 3, 5)) == "2026-03-05"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
@settings(max_examples=300)
def test_dates_round_trip(d):
    y, m, dd = d.year, d.month, d.day
    for text in (format_date(d), f"{y}年{m}月{dd}日", f"{y}/{m}/{dd}", f"{y}.{m}.{dd}",
                 f"{y}{m:02}{dd:02}", f"{y}-{m}-{dd}".translate(FULL_WIDTH)):
        assert parse_date(text, today=TODAY) == d, text


# ---- ID numbers -----------------------------------------------------------------------------

VALID_ID = "110101199003071233"
ID_WITH_X = "11010519491231109X"


@st.composite
def id_numbers(draw) -> str:
    region = draw(st.integers(110000, 829999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    seq = draw(st.integers(0, 999))
    first17 = f"{region}{born:%Y%m%d}{seq:03}"
    return first17 + check_char(first17)


@pytest.mark.parametrize("text, expected", [
    (VALID_ID, VALID_ID),
    (ID_WITH_X, ID_WITH_X),
    (ID_WITH_X.lower(), ID_WITH_X),
    ("１１０１０５１９４９１２３１１０９ｘ", ID_WITH_X),
    (" 110101 19900307 1233 ", VALID_ID),
])
def test_parse_id_number_accepts(text, expected):
    assert parse_id_number(text, today=TODAY) == expected


@pytest.mark.parametrize("text, words", [
    ("", "不能为空"),
    ("11010119900307123", "18位"),
    ("110101900307123", "18位"),  # old 15-digit number
    ("1101011990030712333", "18位"),
    ("11010119900307123A", "只能是数字"),
    ("X10101199003071233", "只能是数字"),
    ("110101199002301238", "不是真实的日期"),
    ("110101189912311238", "早于1900年"),
    ("110101202701011234", "在今天之后"),
    ("110101199003071234", "校验码不对"),
])
def test_parse_id_number_rejects(text, words):
    assert words in rejects(parse_id_number, text, today=TODAY)


def test_id_helpers():
    assert mask_id_number(VALID_ID) == "110101********1233"
    assert mask_id_number("") == ""
    assert birth_date_from_id(VALID_ID) == date(1990, 3, 7)
    assert sex_from_id(VALID_ID) == "男"  # 17th digit 3
    assert sex_from_id(ID_WITH_X) == "男"  # 17th digit 9
    assert sex_from_id("110101199003071225") == "女"


@given(id_numbers(), st.booleans())
@settings(max_examples=300)
def test_id_numbers_round_trip(number, full_width):
    typed = number.lower().translate(FULL_WIDTH) if full_width else number.lower()
    assert parse_id_number(typed, today=TODAY) == number
    assert birth_date_from_id(number).strftime("%Y%m%d") == number[6:14]


@given(id_numbers())
@settings(max_examples=100)
def test_every_single_character_change_is_refused(number):
    # MOD 11-2 weights are all nonzero mod 11, so no substitution of one character keeps the
    # check: try every position and every other character there.
    for position in range(18):
        for new in "0123456789X" if position == 17 else "0123456789":
            if new != number[position]:
                changed = number[:position] + new + number[position + 1:]
                with pytest.raises(ValidationError):
                    parse_id_number(changed, today=TODAY)


# ---- phone numbers --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("13907710001", "13907710001"),
    ("139 0771 0001", "13907710001"),
    ("139-0771-0001", "13907710001"),
    ("+8613907710001", "13907710001"),
    ("+86 139 0771 0001", "13907710001"),
    ("0086-13907710001", "13907710001"),
    ("8613907710001", "13907710001"),
    ("１３９０７７１０００１", "13907710001"),
    ("0771-1234567", "0771-1234567"),
    ("07711234567", "0771-1234567"),
    ("(0771)1234567", "0771-1234567"),
    ("0771 12345678", "0771-12345678"),
    ("010-12345678", "010-12345678"),
    ("02012345678", "020-12345678"),
    ("0771-1234567-801", "0771-1234567-801"),
    ("0771-1234567转801", "0771-1234567-801"),
    ("+86 771 1234567", "0771-1234567"),
])
def test_parse_phone_accepts(text, expected):
    assert parse_phone(text) == expected


@pytest.mark.parametrize("text, words", [
    ("", "不能为空"),
    ("1390771000", "11位"),
    ("139077100011", "11位"),
    ("12907710001", "13到19"),
    ("0771-12", "区号"),
    ("0771-0234567", "区号"),
    ("110", "11位"),
    ("张三", "看不懂"),
    ("139O7710001", "看不懂"),  # letter O for zero
])
def test_parse_phone_rejects(text, words):
    assert words in rejects(parse_phone, text)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       st.sampled_from(["", "+86", "+86 ", "0086", "+86-", " "]),
       st.lists(st.sampled_from(["", " ", "-"]), min_size=11, max_size=11))
@settings(max_examples=300)
def test_mobile_numbers_round_trip(number, prefix, separators):
    typed = prefix + "".join(d + sep for d, sep in zip(number, separators, strict=True))
    assert parse_phone(typed) == number


# ---- names ----------------------------------------------------------------------------------

LOOKALIKE_DOTS = ["\u2022", "\u30fb", "\u2027", "\uff65", "\u2219", "\u22c5", "\u0387",
                  "\u16eb", "\u2e31"]


@pytest.mark.parametrize("text, expected", [
    ("张三", "张三"),
    ("  张三  ", "张三"),
    ("阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("阿卜杜 · 热合曼", "阿卜杜·热合曼"),
    ("John  Smith", "John Smith"),
    ("𠮷田", "𠮷田"),  # CJK Extension B, outside the BMP
    ("青石村第3村民小组", "青石村第3村民小组"),
    ("阿卜杜．热合曼", "阿卜杜．热合曼"),  # the full-width full stop is not a name dot
])
def test_parse_name_accepts(text, expected):
    assert parse_name(text) == expected


@pytest.mark.parametrize("dot", LOOKALIKE_DOTS)
def test_parse_name_normalises_lookalike_dots(dot):
    assert parse_name(f"阿卜杜{dot}热合曼") == "阿卜杜·热合曼"


@pytest.mark.parametrize("text, words", [
    ("", "不能为空"),
    ("   ", "不能为空"),
    ("12345", "全是数字"),
    ("１２３", "全是数字"),
    ("·热合曼", "间隔号"),
    ("阿卜杜•", "间隔号"),
    ("张\x00三", "控制字符"),
    ("张\u200b三", "控制字符"),
    ("张" * 51, "最多50个字"),
])
def test_parse_name_rejects(text, words):
    assert words in rejects(parse_name, text)


def test_parse_name_length_limit():
    assert parse_name("张" * 50) == "张" * 50
    assert "最多4个字" in rejects(parse_name, "欧阳娜娜娜", max_len=4)


NAME_CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # common CJK
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # Extension B, e.g. 𠮷
    st.characters(categories=["Lu", "Ll", "Lo"]),
)
NAME_PARTS = st.text(NAME_CHARS, min_size=1, max_size=5)  # NFC may triple a length: stay < 50


@given(st.lists(NAME_PARTS, min_size=1, max_size=3), st.sampled_from(["·", *LOOKALIKE_DOTS]))
@settings(max_examples=300)
def test_names_round_trip(parts, dot):
    expected = unicodedata.normalize("NFC", "·".join(parts))
    assert parse_name(dot.join(parts)) == expected
    expected.encode("gb18030")  # what we store is printable and exportable


# ---- amounts, counts, text ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1200", "1200.00"),
    ("0", "0.00"),
    ("1,200.50", "1200.50"),
    ("1,234,567.8", "1234567.80"),
    ("1200元", "1200.00"),
    ("１２００", "1200.00"),
    ("1.2万", "12000.00"),
    ("3万元", "30000.00"),
    ("1.23456万", "12345.60"),
    ("¥ 88.5", "88.50"),
    ("12.50元", "12.50"),
    ("999999999999.99", "999999999999.99"),
])
def test_parse_amount_accepts(text, expected):
    assert parse_amount(text) == Decimal(expected)
    assert str(parse_amount(text)) == expected


@pytest.mark.parametrize("text, words", [
    ("", "不能为空"),
    ("-5", "负数"),
    ("1.234", "两位"),
    ("1.2345678万", "两位"),
    ("1000000000000", "太大"),
    ("100000000万", "太大"),
    ("1,20", "看不懂"),
    ("12,00.5", "看不懂"),
    ("1e3", "看不懂"),
    ("NaN", "看不懂"),
    ("一千", "看不懂"),
    ("1." + "0" * 60, "看不懂"),
])
def test_parse_amount_rejects(text, words):
    assert words in rejects(parse_amount, text)


@given(st.integers(0, 10**14 - 1))
@settings(max_examples=300)
def test_amounts_round_trip(cents):
    amount = Decimal(cents).scaleb(-2)
    assert parse_amount(str(amount)) == amount
    assert parse_amount(f"{amount:,}元") == amount


def test_parse_optional():
    assert parse_optional(parse_amount, "") is None
    assert parse_optional(parse_amount, "  \n") is None
    assert parse_optional(parse_amount, None) is None
    assert parse_optional(parse_amount, "12") == Decimal("12.00")
    assert parse_optional(parse_date, "今天", today=TODAY) == TODAY
    with pytest.raises(ValidationError):
        parse_optional(parse_amount, "abc")


def test_parse_int():
    assert parse_int("12") == 12
    assert parse_int("１２") == 12
    assert parse_int(" 1,000 ") == 1000
    assert parse_int("-3", minimum=-5) == -3
    assert "人数不能小于1" in rejects(parse_int, "0", minimum=1, what="人数")
    assert "不能大于100" in rejects(parse_int, "101", maximum=100)
    assert "不是整数" in rejects(parse_int, "3.5")
    assert "不是整数" in rejects(parse_int, "三")
    assert "不是整数" in rejects(parse_int, "9" * 5000)  # int() would refuse >4300 digits
    assert "不能为空" in rejects(parse_int, "")


def test_parse_text():
    assert parse_text("  邻里纠纷 ", max_len=10, what="案由") == "邻里纠纷"
    assert parse_text("第一行\r\n第二行", max_len=10, what="经过") == "第一行\n第二行"
    assert parse_text("", max_len=10, what="备注") == ""
    assert "不能为空" in rejects(parse_text, " ", max_len=10, what="案由", required=True)
    assert "最多3个字" in rejects(parse_text, "邻里纠纷", max_len=3, what="案由")
    assert "控制字符" in rejects(parse_text, "a\x07b", max_len=10, what="案由")
    assert "控制字符" in rejects(parse_text, "a\tb", max_len=10, what="案由")


# ---- any text: a value or a ValidationError, never another exception ------------------------

PARSERS = {
    "date": lambda t: parse_date(t, today=TODAY),
    "id": lambda t: parse_id_number(t, today=TODAY),
    "phone": parse_phone,
    "name": parse_name,
    "amount": parse_amount,
    "int": parse_int,
    "text": lambda t: parse_text(t, max_len=20, what="备注"),
}
# Random text seldom looks like a date or a number: mix in the characters that matter.
TYPED = st.one_of(
    st.text(),
    st.text(st.sampled_from("0123456789０１２３年月日号-/.,:+xX万元¥ 今昨天·•\x00\n")),
)


@pytest.mark.parametrize("kind", PARSERS)
@given(text=TYPED)
@settings(max_examples=500)
def test_any_text_gives_a_value_or_validation_error(kind, text):
    try:
        PARSERS[kind](text)
    except ValidationError as exc:
        assert exc.message and "\n" not in exc.message
