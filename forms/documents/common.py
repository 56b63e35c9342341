"""Small pieces the documents share: Chinese dates and numerals, numbered terms, ID display,
and the lines people sign on."""

from __future__ import annotations

import re
from datetime import date

from forms.render.pdf import Doc
from forms.validate import mask_id_number

DIGITS = "零一二三四五六七八九"
BLANK_DATE = "      年    月    日"
# A leading number someone typed: 一、 1. 1、 (1) （一） 第一条 ...
_NUMBERING = re.compile(
    r"^\s*(第[一二三四五六七八九十百\d]+条|[（(][一二三四五六七八九十\d]+[)）]|"
    r"[一二三四五六七八九十]+[、.．]|\d+\s*[、.．)）])\s*"
)


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三 (up to 99)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def cn_date(d: date | None, blank: str = BLANK_DATE) -> str:
    """2026年10月5日, or the blank to fill in by hand."""
    return f"{d.year}年{d.month}月{d.day}日" if d else blank


def numbered_terms(terms: str) -> list[str]:
    """One term per non-empty line, renumbered 一、二、... whatever numbering was typed."""
    lines = [_NUMBERING.sub("", line).strip() for line in (terms or "").splitlines()]
    return [f"{cn_number(i)}、{line}" for i, line in enumerate((x for x in lines if x), 1)]


def mask_id(id_number: str) -> str:
    """An ID number on a copy that leaves the office: region and birth date hidden,
    4501**********1234 (the first four and the last four characters stay, so the clerk can
    still tell two numbers apart); a short or odd number shows only its last four."""
    n = len(id_number)
    if n >= 15:
        return id_number[:4] + "*" * (n - 8) + id_number[-4:]
    return mask_id_number(id_number)


def mask_phone(phone: str) -> str:
    """A phone number on a copy that leaves the office: 138****5678 (a landline keeps its
    area code and last four: 0771-****5678)."""
    digits = [i for i, c in enumerate(phone) if c.isdigit()]
    if len(digits) < 7:
        return "*" * len(phone)
    keep = set(digits[:3] + digits[-4:])
    if "-" in phone:  # landline: the area code before the dash stays
        keep |= set(range(phone.index("-") + 1))
    return "".join(c if i in keep or not c.isdigit() else "*" for i, c in enumerate(phone))


def id_text(id_number: str, mask: bool) -> str:
    """The ID number as printed: whole for the parties' own documents, masked otherwise."""
    return mask_id(id_number) if mask else id_number


def phone_text(phone: str, mask: bool) -> str:
    """The phone number as printed: whole, or masked on a copy that leaves the office."""
    return mask_phone(phone) if mask and phone else phone


def birth_text(birth: date | None, age: int | None, mask: bool) -> str:
    """Date of birth beside the ID number: whole, or (masked copy) only the year, so the
    birth date hidden in the masked number is not printed beside it."""
    if birth:
        return f"{birth.year}年" if mask else f"{birth:%Y-%m-%d}"
    return f"{age}岁" if age is not None else ""


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def labelled(doc: Doc, label: str, body: str, *, blank_lines: int = 3, keep_with: float = 0) -> None:
    """A bold label line, then its text as an indented paragraph; an empty text leaves
    `blank_lines` ruled lines to write on by hand (a signed paper never prints a placeholder
    such as “（无）”). `keep_with`: mm after it that stay on the page with its last lines."""
    parts = [x for x in (body or "").splitlines() if x.strip()]
    if not parts:  # the label, its ruled lines and what is kept with them: one page
        doc.keep_together(doc.para_height(label, gap=0.5) + blank_lines * 8 + 4 + keep_with)
        doc.para(label, bold=True, gap=0.5)
        doc.ruled_lines(blank_lines)
        return
    # The label stays with the first lines of its text; a short text (two lines or less) is
    # kept whole, so the label also goes with what is kept after the text (signatures).
    body_h = sum(doc.para_height(x, indent=True, gap=0.5) for x in parts)
    short = body_h <= 2 * 10.5 * 0.353 * 1.65 + 0.5
    doc.para(label, bold=True, gap=0.5, keep_with=body_h + 1.5 + keep_with if short else 12)
    for i, part in enumerate(parts):
        doc.para(part, indent=True, gap=0.5, keep_with=keep_with + 1.5 if i == len(parts) - 1 else 0)
    doc.set_y(doc.y + 1.5)


PARTY_SIGN_HEIGHT = 17  # one party_sign_line


def party_sign_line(doc: Doc, label: str, name: str) -> None:
    """"申请人 张三  签名：________  按指印：[ ]  年 月 日" with a box for the fingerprint."""
    doc.ensure_room(18)
    doc.set_y(doc.y + 3)
    top = doc.y
    doc.font(10.5)
    x = doc.l_margin
    text = f"{label}：{name}" if name else f"{label}："
    doc.line_at(x, top + 8, text, 0)
    sx = x + max(doc.width(text) + 4, 48)
    doc.line_at(sx, top + 8, "签名：", 0)
    doc.line(sx + 11, top + 9, sx + 48, top + 9)
    fx = sx + 52
    doc.line_at(fx, top + 8, "按指印：", 0)
    doc.rect(fx + 15, top, 14, 12)
    doc.line_at(fx + 34, top + 8, BLANK_DATE.strip(), 0)
    doc.set_y(top + 14)


def signing_height(doc: Doc, sentence: str, parties, labels: list[str], *, per_line: int = 2,
                   with_date: bool = True) -> float:
    """The height (mm) closing_and_signatures takes: for keeping the text above with it."""
    block = PARTY_SIGN_HEIGHT * len(parties) + doc.signature_height(len(labels), per_line=per_line,
                                                                   with_date=with_date)
    return block + (doc.para_height(sentence, 10, True) if sentence else 0)


def closing_and_signatures(doc: Doc, sentence: str, parties, labels: list[str], *, per_line: int = 2,
                           with_date: bool = True) -> None:
    """The closing sentence, each party's signing line, then the other signature lines: kept
    together on one page (when they fit on one), so no page starts with signatures alone
    (the caller keeps the text above with them: signing_height)."""
    block = PARTY_SIGN_HEIGHT * len(parties) + doc.signature_height(len(labels), per_line=per_line,
                                                                   with_date=with_date)
    if sentence:
        doc.para(sentence, indent=True, size=10, keep_with=block)
    else:
        doc.keep_together(block)
    for p in parties:
        party_sign_line(doc, p.role_label, p.name)
    if labels:
        doc.signature_lines(labels, per_line=per_line, with_date=with_date)


def seal_block(doc: Doc, committee: str, when: date | None) -> None:
    """The committee and the date on the right, where the seal goes."""
    doc.ensure_room(26)
    doc.set_y(doc.y + 8)
    doc.para(f"{committee}（盖章）", align="R", gap=1)
    doc.para(cn_date(when), align="R")
