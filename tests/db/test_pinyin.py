"""Find anyone by pinyin: initials, full pinyin, prefixes of the syllables and Chinese typed with
letters, rare characters (曾𠮷祥: 𠮷 is U+20BB7, CJK Ext-B) and surname heteronyms included."""

from __future__ import annotations

import bz2
import re
import sqlite3
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from db import pinyin
from db.pinyin import initials, matches, name_keys, query_keys, readings
from db.pinyin_refresh import keys_version, refresh_keys
from db.register import write as r
from db.register.query import DisputeFilter, known_people, list_disputes, search_terms
from db.schema import open_database
from db.session import DataError
from tests.hostile import hostile_text, storable_text

RARE = "曾𠮷祥"
# What a clerk may type for 曾𠮷祥: initials (曾 = c or z), full pinyin, prefixes of the
# syllables, the surname in full and the rest by initials, Chinese with letters.
RARE_QUERIES = ["zjx", "cjx", "zj", "zeng", "zengji", "zengjixiang", "cengjixiang", "zengjx", "zengj",
                "曾jx", "曾jixiang", "曾j", "z𠮷x", "zeng𠮷祥", "曾𠮷祥", "ZJX", "ｚｊｘ"]
# Surnames read otherwise than usual: (name, readings that must all find it).
HETERONYMS = [
    ("曾小明", ["zxm", "cxm", "zengxiaoming", "cengxiaoming", "zengxm"]),
    ("单小明", ["sxm", "dxm", "shanxiaoming", "danxiaoming", "shanxm"]),
    ("解小明", ["xxm", "jxm", "xiexiaoming", "jiexiaoming", "xiexm"]),
    ("区小明", ["oxm", "qxm", "ouxiaoming", "quxiaoming", "ouxm"]),
    ("仇小明", ["qxm", "cxm", "qiuxiaoming", "chouxiaoming", "qiuxm"]),
    ("朴小明", ["pxm", "piaoxiaoming", "puxiaoming", "piaoxm"]),
]


def add_case(engine, name: str, **party):
    return r.create_dispute(engine, dict(accepted_on=date(2026, 5, 2), type_id=2, hamlet_id=1),
                            [dict(name=name, **party), dict(name="韦小宝", role="respondent")])


def found(engine, q: str) -> list[str]:
    page = list_disputes(engine, DisputeFilter(q=q, include_voided=True), limit=1000)
    return [row.applicant for row in page.rows]


# ---- the readings table -------------------------------------------------------------------------


def test_rare_characters_have_readings():
    assert readings("𠮷") == ("ji",)  # U+20BB7, Ext-B: not in pypinyin 0.55
    assert readings("曾") == ("ceng", "zeng")
    assert initials(RARE) == "cjx zjx"  # was 'cx zx': 𠮷 had no letter
    keys = name_keys(RARE).split()
    assert {"cjx", "zjx", "zengjixiang", "cengjixiang", "zengjx", "cengjx"} == set(keys)
    assert keys[0] == "cjx"  # most likely first: pypinyin reads 曾 céng first


@pytest.mark.parametrize(("ch", "block"), [
    ("㦈", "Ext-A"), ("𠮷", "Ext-B"), ("𪵇", "Ext-C"), ("𫠌", "Ext-D"), ("𫣊", "Ext-E"),
    ("𭏦", "Ext-F"), ("𰚂", "Ext-G"),
])
def test_a_character_of_every_extension_is_read(ch, block):
    assert pinyin.is_han(ch), block
    assert readings(ch) and all(r.isascii() and r.isalpha() for r in readings(ch)), block


def test_the_supplement_only_adds_what_pypinyin_lacks_and_agrees_with_unihan():
    """A sample of the committed table against pypinyin and Unihan: pypinyin has none of its
    characters; where Unihan_Variants (Debian's unicode-data, when installed) names a variant
    that pypinyin reads (𠮷 -> 吉), the supplement reads the character as that variant."""
    from pypinyin.pinyin_dict import pinyin_dict

    table = pinyin._supplement_table()
    assert len(table) > 4000
    sample = sorted(table)[::5]
    assert all(ord(ch) not in pinyin_dict for ch in sample)
    assert all(pinyin.is_han(ch) for ch in sample)
    lines = pinyin.SUPPLEMENT.read_text(encoding="utf-8").splitlines()
    assert all(line.split(" ")[0].isascii() and line.split(" ")[0].isalpha() for line in lines)
    unihan = Path("/usr/share/unicode/Unihan_Variants.txt.bz2")
    if not unihan.exists():
        pytest.skip("Unihan (apt-get install unicode-data) is not on this machine")
    variants: dict[str, list[int]] = {}
    with bz2.open(unihan, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("U+"):
                cp, _, value = line.rstrip("\n").split("\t")
                variants.setdefault(chr(int(cp[2:], 16)), []).extend(
                    int(v, 16) for v in re.findall(r"U\+([0-9A-F]+)", value))
    agree, checked = [], []
    for ch in sample + ["𠮷"]:
        known = [v for v in variants.get(ch, []) if v in pinyin_dict]
        if known:
            checked.append(ch)
            theirs = {pinyin.plain(x) for v in known for x in pinyin_dict[v].split(",")}
            if set(table[ch]) & theirs:
                agree.append(ch)
    assert len(checked) > 300 and "𠮷" in agree
    assert len(agree) >= 0.95 * len(checked), sorted(set(checked) - set(agree))


# Characters no table reads (Unihan has no Mandarin reading for them, nor for a variant).
UNREAD = ["\U0002CEB0", "\U00020002", "\U00031351"]  # 𬺰 (Ext-F), 𠀂 (Ext-B), 𱍑 (Ext-H)


@pytest.mark.parametrize("ch", UNREAD)
def test_a_character_without_a_reading_is_still_found_by_itself(engine, ch):
    assert pinyin.is_han(ch) and readings(ch) == ()
    name = "张" + ch + "明"
    add_case(engine, name)
    assert name_keys(name).split()[:2] == ["zm", "zhangming"]  # its neighbours' letters are kept
    for q in (ch, "张" + ch, name, "zm", "zhangming"):
        assert found(engine, q) == [name], q
    assert name in [p.name for p in known_people(engine, "张" + ch)]  # autofill: the name begins so


def test_u_umlaut_is_typed_v_or_u():
    assert "lvbu" in name_keys("吕布").split() and "lubu" in name_keys("吕布").split()


@pytest.mark.parametrize(("name", "queries"), HETERONYMS)
def test_surname_heteronyms_keep_every_reading(name, queries):
    keys = name_keys(name)
    for q in queries:
        assert matches(q, keys), (name, q, keys)


def test_query_keys_of_mixed_words():
    assert set(query_keys("曾jx")) == {"cengjx", "cjx", "zengjx", "zjx"}
    assert query_keys("zs") == ["zs"]
    assert query_keys("张三") == []  # characters alone are searched as text
    assert query_keys("曾-jx") == []
    assert search_terms("曾jx 139") == [("mixed", "曾jx"), ("digits", "139")]


# ---- the register list and autofill -------------------------------------------------------------


@pytest.fixture
def rare_village(engine):
    ids = {name: add_case(engine, name).id for name in (RARE, "张三", "曾三", "蒋小", "郑吉")}
    return ids


@pytest.mark.parametrize("q", RARE_QUERIES)
def test_every_way_of_typing_finds_the_rare_name(engine, rare_village, q):
    assert RARE in found(engine, q)


def test_searches_stay_precise(engine, rare_village):
    assert found(engine, "zengjixiang") == [RARE]
    assert sorted(found(engine, "zeng")) == sorted([RARE, "曾三"])  # not 郑吉: zheng
    assert found(engine, "曾jx") == [RARE]  # not 曾三 + 蒋小's initials
    assert found(engine, "jx") == ["蒋小"]  # from the start of a name only
    assert found(engine, "jixiang") == []
    assert found(engine, "zengjixiangx") == []


@pytest.mark.parametrize("q", ["zjx", "zengjixiang", "zengj", "曾jx", "曾𠮷"])
def test_autofill_finds_the_rare_name(engine, rare_village, q):
    assert RARE in [p.name for p in known_people(engine, q)]


def test_autofill_mixed_is_precise(engine, rare_village):
    assert [p.name for p in known_people(engine, "曾jx")] == [RARE]
    assert [p.name for p in known_people(engine, "曾s")] == ["曾三"]


@pytest.mark.parametrize(("name", "queries"), HETERONYMS)
def test_heteronym_surnames_are_found_by_each_reading(engine, name, queries):
    add_case(engine, name)
    for q in queries:
        assert name in found(engine, q), q
        assert name in [p.name for p in known_people(engine, q)], q


# ---- older files get the new keys ---------------------------------------------------------------


def test_opening_a_file_with_older_keys_rekeys_it_once(db_path, engine):
    d = add_case(engine, RARE)
    add_case(engine, "单小明")
    # As an older version left the file: initials without 𠮷's letter, no full pinyin, no marker.
    con = sqlite3.connect(db_path)
    con.execute("UPDATE party SET initials = 'cx zx' WHERE name = ?", (RARE,))
    con.execute("UPDATE dispute SET search_initials = 'cx zx' WHERE id = ?", (d.id,))
    con.execute("UPDATE question SET initials = ''")
    con.execute("PRAGMA user_version = 0")
    con.commit()
    con.close()
    assert found(engine, "zengjixiang") == []
    assert keys_version(engine) == 0
    audit_before = sqlite3.connect(db_path).execute("SELECT count(*) FROM audit_entry").fetchone()[0]
    engine = open_database(db_path)
    assert keys_version(engine) == pinyin.KEYS_VERSION
    assert found(engine, "zengjixiang") == [RARE] and found(engine, "曾jx") == [RARE]
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT initials FROM party WHERE name = ?", (RARE,)).fetchone()[0] == name_keys(RARE)
    assert con.execute("SELECT count(*) FROM question WHERE initials = ''").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM audit_entry").fetchone()[0] == audit_before  # not audited
    con.close()
    assert refresh_keys(engine) is None  # the next opening: nothing to do
    assert refresh_keys(engine, force=True) == {"party": 0, "dispute": 0, "question": 0}


def test_saved_keys_equal_the_refreshed_ones(engine):
    """What a save stores is what re-keying computes: re-keying a current file changes nothing."""
    add_case(engine, RARE, representative="单于行")
    add_case(engine, "ABC公司", kind="org", representative="欧阳华")
    assert refresh_keys(engine, force=True) == {"party": 0, "dispute": 0, "question": 0}


# ---- any name -----------------------------------------------------------------------------------


def _typed_prefix(key: str) -> str:
    """The letters a clerk can type of a key: up to its first character that is not a-z."""
    out = ""
    for ch in key:
        if not ("a" <= ch <= "z"):
            break
        out += ch
    return out


def _own_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name's usual reading, through pypinyin's public API and
    the supplement: each character's first reading (letters kept, other characters dropped)."""
    from pypinyin import Style
    from pypinyin import pinyin as to_pinyin

    full, first = "", ""
    for ch in unicodedata.normalize("NFKC", name).strip():
        if ch.isascii() or not pinyin.is_han(ch):
            reading = ch.lower() if ch.isalnum() else ""
        else:
            got = to_pinyin(ch, style=Style.NORMAL, heteronym=False, errors="default")
            got = got[0][0] if got and got[0] else ""
            reading = got if got and got != ch else pinyin._supplement_table().get(ch, ("",))[0]
        full += reading
        first += reading[:1]
    return full, first


@settings(max_examples=50, deadline=None)
@given(hostile_text(max_size=6, control=True))
def test_any_name_converts_and_is_found_by_its_own_pinyin(name):
    keys = name_keys(name)
    assert isinstance(initials(name), str) and isinstance(keys, str)
    assert len(keys) <= pinyin.NAME_KEYS_MAX and all(len(k) <= pinyin.TOKEN_MAX for k in keys.split())
    for own in _own_keys(name):
        typed = _typed_prefix(own)
        if typed:
            assert matches(typed, keys), (name, typed, keys)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=storable_text(max_size=4), extra=st.sampled_from(["", "曾", "𠮷", "单"]))
def test_any_saved_name_is_found_in_the_list_by_its_own_pinyin(engine, name, extra):
    name = (extra + name).strip()[:50]
    try:
        d = add_case(engine, name)
    except DataError:
        assume(False)
    for own in _own_keys(name):
        typed = _typed_prefix(own)
        if typed:
            page = list_disputes(engine, DisputeFilter(q=typed), limit=1000)
            assert d.id in [row.id for row in page.rows], (name, typed)
