"""Pinyin initials of names, so that typing `zs` finds 张三 (and `cs` or `zs` finds 曾三).

Initials are stored in a column when a record is saved; a name with heteronyms (曾 = c/z)
stores every reading, space-separated: '曾三' -> 'cs zs'. pypinyin is imported only when a
name is first converted (it is not needed to start the app).
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from functools import lru_cache

MAX_COMBINATIONS = 32

_pinyin = None


def _load():
    global _pinyin
    if _pinyin is None:
        # Without the phrase dictionaries the import takes 0.1 s instead of about 1 s; names
        # are read character by character anyway.
        os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
        from pypinyin import Style, pinyin

        def convert(text: str) -> list[list[str]]:
            return pinyin(text, style=Style.FIRST_LETTER, heteronym=True, strict=False, errors="default")

        _pinyin = convert
    return _pinyin


def _is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK") and unicodedata.category(ch) == "Lo"


@lru_cache(maxsize=8192)
def _readings(ch: str) -> tuple[str, ...]:
    """The distinct initial letters of one character ('曾' -> ('z', 'c')); () when none."""
    if ch.isascii():
        return (ch.lower(),) if ch.isalnum() else ()
    if _is_han(ch):
        readings: list[str] = []
        for r in _load()(ch)[0]:
            r = r[:1].lower()
            if r.isascii() and r.isalpha() and r not in readings:
                readings.append(r)
        return tuple(readings)
    # Other scripts (and letters pypinyin does not know) are kept as they are.
    return (ch.lower(),) if ch.isalnum() else ()


@lru_cache(maxsize=4096)
def initials(text: str) -> str:
    """Every pinyin-initials reading of `text`, lowercase, space-separated (at most 32).

    Chinese characters become their initial letters (all readings of heteronyms); ASCII
    letters and digits are kept lowercase; spaces, the middle dot and other punctuation are
    dropped. '曾三' -> 'cs zs'; '张三' -> 'zs'; 'ABC公司' -> 'abcgs'; '' -> ''.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return ""
    choices = [r for r in map(_readings, text) if r]
    if not choices:
        return ""
    out: list[str] = []
    for combo in itertools.product(*choices):
        out.append("".join(combo))
        if len(out) >= MAX_COMBINATIONS:
            break
    return " ".join(out)


def is_initials_query(query: str) -> bool:
    """True when `query` is a run of ASCII letters (what a pinyin-initials search looks like)."""
    q = unicodedata.normalize("NFKC", query or "").strip()
    return bool(q) and q.isascii() and q.isalpha()


def matches(query: str, stored: str) -> bool:
    """True when one reading in `stored` (as made by `initials`) starts with `query`.

    matches('zs', 'cs zs') -> True; matches('c', 'cs zs') -> True; matches('s', 'cs zs') -> False.
    """
    q = unicodedata.normalize("NFKC", query or "").strip().lower()
    if not q:
        return False
    return any(token.startswith(q) for token in (stored or "").split())
