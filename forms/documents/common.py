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


def id_text(id_number: str, mask: bool) -> str:
    """The ID number as printed: whole for the parties' own documents, masked otherwise."""
    return mask_id_number(id_number) if mask else id_number


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def labelled(doc: Doc, label: str, body: str, *, empty: str = "（无）") -> None:
    """A bold label line, then its text as an indented paragraph."""
    doc.ensure_room(16)
    doc.para(label, bold=True, gap=0.5)
    for part in (body or empty).splitlines() or [empty]:
        doc.para(part, indent=True, gap=0.5)
    doc.set_y(doc.y + 1.5)


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


def seal_block(doc: Doc, committee: str, when: date | None) -> None:
    """The committee and the date on the right, where the seal goes."""
    doc.ensure_room(26)
    doc.set_y(doc.y + 8)
    doc.para(f"{committee}（盖章）", align="R", gap=1)
    doc.para(cn_date(when), align="R")
