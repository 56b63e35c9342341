"""Pinyin keys of names, so that `zs`, `zhangsan`, `zhangs` or `张s` finds 张三.

A name's keys are stored in a column when a record is saved (Party.initials for a person,
Dispute.search_initials for a case), space-separated, most likely reading first:
- its initials, every reading of heteronyms (曾 = c/z): '曾三' -> 'cs', 'zs';
- its full pinyin, no tones, ü as v (as typed on a keyboard), also u: 'cengsan', 'zengsan';
- its first syllable in full and the initials of the rest: '曾𠮷祥' -> 'zengjx'.
A key that begins another key of the name is left out ('zengs' begins 'zengsan').
A search matches when a key starts with what is typed, so every prefix of the syllables
(`zeng`, `zengji`) finds the name too. Chinese typed with letters (`曾jx`) is turned into
letters the same way (`cengjx`, `zengjx`, `cjx`, `zjx`) by `query_keys`.

Readings come from pypinyin (imported only when a name is first read; it is not needed to
start the app) and, for the rare characters it lacks (𠮷 in 曾𠮷祥, CJK Ext-A to Ext-H), from
pinyin_supplement.txt beside this module, built from Unihan by
scripts/build_pinyin_supplement.py. KEYS_VERSION names this table and the key format: a file
whose keys were made otherwise is re-keyed when it is opened (db.pinyin_refresh).
"""

from __future__ import annotations

import itertools
import math
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

# Bump when the readings or the keys change: every database is re-keyed once when opened.
KEYS_VERSION = 20261203
MAX_COMBINATIONS = 32  # initials readings of one name
MAX_FULL = 12  # full-pinyin readings of one name (each also as first syllable + initials)
TOKEN_MAX = 64  # letters kept of one key; a longer search is cut to as many
NAME_KEYS_MAX = 200  # characters of one name's keys (Party.initials is declared 200 long)
CASE_KEYS_MAX = 2000  # characters of a case's keys (Dispute.search_initials)
SUPPLEMENT = Path(__file__).with_name("pinyin_supplement.txt")

# CJK unified ideographs, by code point (Python's own unicodedata may predate Ext-H),
# and 〇 (U+3007, read líng).
_HAN = ((0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
        (0x20000, 0x2A6DF), (0x2A700, 0x2EE5F), (0x2F800, 0x2FA1F), (0x30000, 0x323AF))

_pypinyin: dict[int, str] | None = None
_supplement: dict[str, tuple[str, ...]] | None = None


def is_han(ch: str) -> bool:
    """True for a Chinese character (CJK unified or compatibility ideograph, any extension)."""
    cp = ord(ch)
    return any(first <= cp <= last for first, last in _HAN)


def plain(reading: str) -> str:
    """A reading as typed: 'zēng' -> 'zeng', 'lǚ' -> 'lv' ('' when it has no letters)."""
    s = unicodedata.normalize("NFD", reading.strip().lower()).replace("u\u0308", "v")
    return "".join(ch for ch in s if "a" <= ch <= "z")


def _pypinyin_table() -> dict[int, str]:
    global _pypinyin
    if _pypinyin is None:
        # Without the phrase dictionaries the import is several times quicker; names are
        # read character by character anyway.
        os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
        from pypinyin.pinyin_dict import pinyin_dict  # late: 0.1-0.4 s, only when a name is read

        _pypinyin = pinyin_dict
    return _pypinyin


def _supplement_table() -> dict[str, tuple[str, ...]]:
    """character -> readings, from pinyin_supplement.txt ('ji 𠮷...' lines, usual reading first)."""
    global _supplement
    if _supplement is None:
        table: dict[str, list[str]] = {}
        for line in SUPPLEMENT.read_text(encoding="utf-8").splitlines():
            reading, _, chars = line.partition(" ")
            for ch in chars:
                table.setdefault(ch, []).append(reading)
        _supplement = {ch: tuple(r) for ch, r in table.items()}
    return _supplement


@lru_cache(maxsize=16384)
def readings(ch: str) -> tuple[str, ...]:
    """The distinct readings of one character, usual first: '曾' -> ('ceng', 'zeng'),
    '𠮷' -> ('ji',), '吕' -> ('lv', 'lu'), 'A' -> ('a',); () for punctuation and for the
    few characters no table reads."""
    if ch.isascii():
        return (ch.lower(),) if ch.isalnum() else ()
    if not is_han(ch):
        # Other scripts are kept as they are (é, Cyrillic); symbols and marks are dropped.
        return (ch.lower(),) if ch.isalnum() else ()
    raw = _pypinyin_table().get(ord(ch))
    found = [plain(r) for r in raw.split(",")] if raw else list(_supplement_table().get(ch, ()))
    out: list[str] = []
    for r in found:
        # ü is typed v by most, u by some: 吕 is found by lv and lu.
        for form in (r, r.replace("v", "u")) if r.endswith(("v", "ve", "van", "vn")) else (r,):
            if form and form not in out:
                out.append(form)
    return tuple(out)


def _initial_choices(ch: str) -> tuple[str, ...]:
    out: list[str] = []
    for r in readings(ch):
        if r[0] not in out:
            out.append(r[0])
    return tuple(out)


def _combos(choices: Sequence[Sequence[str]], limit: int) -> Iterator[list[str]]:
    """Up to `limit` picks of one choice per position, most likely first: every position's
    first choice, then one position changed (the first position first), then two, ..."""
    varying = [i for i, c in enumerate(choices) if len(c) > 1]
    count = 0
    for k in range(len(varying) + 1):
        for positions in itertools.combinations(varying, k):
            for alternatives in itertools.product(*(choices[i][1:] for i in positions)):
                combo = [c[0] for c in choices]
                for i, a in zip(positions, alternatives, strict=True):
                    combo[i] = a
                yield combo
                count += 1
                if count >= limit:
                    return


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


@lru_cache(maxsize=4096)
def initials(text: str) -> str:
    """Every pinyin-initials reading of `text`, lowercase, space-separated (at most 32).

    Chinese characters become their initial letters (all readings of heteronyms); ASCII
    letters and digits are kept lowercase; spaces, the middle dot and other punctuation are
    dropped. '曾三' -> 'cs zs'; '张三' -> 'zs'; 'ABC公司' -> 'abcgs'; '曾𠮷祥' -> 'cjx zjx'.
    """
    choices = [c for c in map(_initial_choices, _clean(text)) if c]
    if not choices:
        return ""
    return " ".join("".join(c) for c in _combos(choices, MAX_COMBINATIONS))


@lru_cache(maxsize=8192)
def name_keys(text: str) -> str:
    """The search keys of one name, most likely first, space-separated (see the module doc):
    '曾𠮷祥' -> 'cjx cengjixiang cengjx zjx zengjixiang zengjx'; '张三' -> 'zs zhangsan'
    (zhangs begins zhangsan: not kept); '' -> ''."""
    chars = [r for r in map(readings, _clean(text)) if r]
    if not chars:
        return ""
    keys: list[str] = []

    def add(key: str) -> None:
        key = key[:TOKEN_MAX]
        if key not in keys:
            keys.append(key)

    for combo in _combos(chars, MAX_FULL):
        add("".join(r[0] for r in combo))
        add("".join(combo))
        if len(combo) > 1:
            add(combo[0] + "".join(r[0] for r in combo[1:]))
    if math.prod(map(len, chars)) > MAX_FULL:  # else every initials reading is in already
        for key in initials(text).split():  # the initials of readings past MAX_FULL
            add(key)
    return _cut(_without_prefixes(keys), NAME_KEYS_MAX)


def _without_prefixes(keys: list[str]) -> list[str]:
    """The keys less those that begin another key (zhangs before zhangsan): whatever finds the
    shorter one finds the longer one too. Order kept."""
    ordered = sorted(keys)
    covered = {a for a, b in zip(ordered, ordered[1:], strict=False) if b.startswith(a)}
    return [k for k in keys if k not in covered]


def case_keys(names: Iterable[str], keys_of: Callable[[str], str] = name_keys) -> str:
    """The keys of several names (a case's parties), de-duplicated, at most CASE_KEYS_MAX
    characters: every name's first key, then every name's second key, ... so that a long
    list of parties loses only unlikely readings. `keys_of` gives a name's keys (name_keys;
    a caller keying a whole file passes its own memo)."""
    return merge_keys([keys_of(n).split() for n in names if n])


def merge_keys(per_name: Sequence[Sequence[str]]) -> str:
    """case_keys of names whose keys are given, each name's as a list (re-keying a whole file
    splits each distinct name's keys once)."""
    keys: list[str] = []
    seen: set[str] = set()
    for rank in range(max(map(len, per_name), default=0)):
        for own in per_name:
            if rank < len(own) and own[rank] not in seen:
                seen.add(own[rank])
                keys.append(own[rank])
    return _cut(keys, CASE_KEYS_MAX)


def _cut(keys: list[str], limit: int) -> str:
    """The keys joined by spaces, the last ones dropped whole to keep within `limit`."""
    joined = " ".join(keys)
    if len(joined) <= limit:
        return joined
    return joined[:joined.rfind(" ", 0, limit + 1)] if " " in joined[:limit + 1] else ""


def text_initials(value: str) -> str:
    """The initials of a long text (a checklist question), character by character.

    `initials` lists every combination of heteronyms (capped at 32), which on a 40-character
    question would vary only its first characters. Here variant k takes the k-th reading of
    every character instead, so each reading of each character is findable and the text
    stays short: '重庆行' -> 'zqx cqh'.
    """
    choices = [c for c in map(_initial_choices, _clean(value)) if c]
    variants: list[str] = []
    for k in range(max(map(len, choices), default=0)):
        v = "".join(c[min(k, len(c) - 1)] for c in choices)
        if v not in variants:
            variants.append(v)
    return " ".join(variants)[:600]


def is_initials_query(query: str) -> bool:
    """True when `query` is a run of ASCII letters (initials or pinyin, as typed)."""
    q = unicodedata.normalize("NFKC", query or "").strip()
    return bool(q) and q.isascii() and q.isalpha()


def is_mixed_query(query: str) -> bool:
    """True when `query` is Chinese characters and ASCII letters together ('曾jx', 'z𠮷x')."""
    q = unicodedata.normalize("NFKC", query or "").strip()
    return (bool(q) and any(ch.isascii() and ch.isalpha() for ch in q) and any(map(is_han, q))
            and all((ch.isascii() and ch.isalpha()) or is_han(ch) for ch in q))


def query_keys(query: str, limit: int = MAX_COMBINATIONS) -> list[str]:
    """The keys a typed word can stand for, each Chinese character read in full or by its
    initial: '曾jx' -> ['cengjx', 'cjx', 'zengjx', 'zjx'] (in some order); 'zs' -> ['zs'].
    [] when a character has no reading or the word has something else in it."""
    q = _clean(query)
    if not q or not (is_initials_query(q) or is_mixed_query(q)):
        return []
    choices: list[tuple[str, ...]] = []
    for ch in q:
        if ch.isascii():
            choices.append((ch.lower(),))
            continue
        full = readings(ch)
        if not full:
            return []
        both: list[str] = []
        for r in full:
            for form in (r, r[0]):
                if form not in both:
                    both.append(form)
        choices.append(tuple(both))
    out: list[str] = []
    for combo in _combos(choices, limit):
        key = "".join(combo)[:TOKEN_MAX]
        if key not in out:
            out.append(key)
    return out


def matches(query: str, stored: str) -> bool:
    """True when one key in `stored` (as made by `name_keys` or `initials`) starts with one
    of the keys `query` stands for.

    matches('zs', 'cs zs') -> True; matches('c', 'cs zs') -> True; matches('s', 'cs zs') -> False.
    """
    tokens = (stored or "").split()
    return any(token.startswith(key) for key in query_keys(query) for token in tokens)
