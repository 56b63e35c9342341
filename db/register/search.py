"""The register's search words: what a typed word means (search_terms) and the SQL condition
that finds it (search_condition), on the denormalised columns of a case: search_text (names,
phones, ID numbers, summary) and search_initials (the parties' pinyin keys, db.pinyin).

Letters are initials or pinyin (zjx, zeng, zengjixiang, zengjx: a key starts with them);
Chinese typed with letters (曾jx) is read both ways; digits are a phone or an ID number's
last digits; the rest is text. Every word must match.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import and_, func, or_, select

from db.models import Dispute, Party
from db.pinyin import TOKEN_MAX, is_han, is_initials_query, query_keys

D = Dispute.__table__
P = Party.__table__


def search_terms(q: str) -> list[tuple[str, str]]:
    """(kind, text) terms of a search: 'initials' for letters (initials or pinyin), 'digits' for
    a number (an ID tail may end in X), 'mixed' for Chinese characters typed with letters
    ('曾jx'), 'text' for the rest. '张三 139' -> [('text','张三'), ('digits','139')]."""
    q = unicodedata.normalize("NFKC", q or "")
    terms: list[tuple[str, str]] = []
    for word in q.split():
        # Punctuation separates words ('张三，李四'); a word of punctuation only is kept as typed.
        parts = [(m.group(), m.start(), m.end())
                 for m in re.finditer(r"[0-9]+(?:[xX](?![A-Za-z]))?|[A-Za-z]+|[^\W0-9A-Za-z_]+", word)]
        if not parts:
            terms.append(("text", word))
            continue
        # Letters touching Chinese characters are one mixed word: 曾jx, z吉x.
        groups: list[list[tuple[str, int, int]]] = []
        for part in parts:
            last = groups[-1][-1] if groups else None
            if last is not None and last[2] == part[1] and _pinyin_part(last[0]) and _pinyin_part(part[0]):
                groups[-1].append(part)
            else:
                groups.append([part])
        for group in groups:
            text = "".join(g[0] for g in group)
            if len(group) > 1:
                terms.append(("mixed", text))
            elif text[0].isdigit():
                terms.append(("digits", text.upper()))
            elif is_initials_query(text):
                terms.append(("initials", text.lower()))
            else:
                terms.append(("text", text))
    return terms


def _pinyin_part(part: str) -> bool:
    """Letters, or Chinese characters only: what a mixed word is made of."""
    return is_initials_query(part) or all(map(is_han, part))


def keys_start(column, key: str):
    """A key of `column` (space-separated pinyin keys) starts with `key`: 'zs' matches
    'zs zhangsan' and 'cs zs', not 'lzs'."""
    # GLOB: keys are lowercase letters, and GLOB (case-sensitive) is a little quicker than LIKE.
    key = key[:TOKEN_MAX]
    return or_(column.op("GLOB")(f"{key}*"), column.op("GLOB")(f"* {key}*"))


def mixed_condition(keys_column, text_column, term: str):
    """'曾jx': a key starts with cengjx, cjx, zengjx or zjx and the text holds 曾; or the
    text holds the word as typed. None when a character of it has no reading."""
    keys = query_keys(term)
    if not keys:
        return None
    chinese = [c for c in re.split(r"[A-Za-z]+", term) if c]
    # The characters first: most rows fail there, before any key is looked at.
    return and_(*(func.instr(text_column, c) > 0 for c in chinese),
                or_(func.instr(text_column, term) > 0, *(keys_start(keys_column, k) for k in keys)))


def search_condition(kind: str, term: str):
    # instr() rather than LIKE: Chinese has no case, and instr is a plain substring search.
    if kind == "initials":
        # Initials or pinyin (zjx, zeng, zengjixiang): a key of some name starts with it.
        return keys_start(D.c.search_initials, term)
    if kind == "mixed":
        cond = mixed_condition(D.c.search_initials, D.c.search_text, term)
        if cond is not None:
            return cond
        # A character no table reads: each part on its own, as typed.
        return and_(*(search_condition(k, t) for k, t in search_terms(" ".join(
            re.findall(r"[A-Za-z]+|[^A-Za-z]+", term)))))
    if kind == "digits":
        # search_text holds every phone and ID number: a cheap first sieve, then the exact rule
        # (phone contains the digits, or the ID number ends with them) on that case's parties.
        exact = select(P.c.id).where(
            P.c.dispute_id == D.c.id, P.c.voided == False,  # noqa: E712
            or_(func.instr(func.replace(P.c.phone, "-", ""), term) > 0,
                func.substr(P.c.id_number, -len(term)) == term),
        ).exists()
        return and_(func.instr(D.c.search_text, term) > 0, exact)
    return func.instr(D.c.search_text, term) > 0
