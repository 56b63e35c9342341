"""Every character of a name prints, or printing stops and names it (issue 10).

The PDF helper sends every text through one check (Doc.normalize_text -> fonts.check_text)
against the font chain; these tests try it with hostile and rare text, with the fonts of
this machine and with a chain that lacks CJK Ext-B, and read the PDFs back with pdftotext."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.render import fonts
from forms.render.fonts import FontChain, FontMissing, GlyphMissing, check_text, find_chain
from forms.render.pdf import Doc
from tests.forms.pdftools import pdf_text
from tests.hostile import CJK, COMBINING, CONTROL, EMOJI, INVISIBLE, MARKUP, hostile_text

RARE = "𠮷"


def packaged_chain() -> FontChain:
    """The packaged font alone: Noto Serif SC (common characters, no 𠮷)."""
    path = fonts.package_font()
    assert path is not None, "the dependency pylopdf-fonts-zh-cn is not installed"
    return FontChain((fonts.FontChoice(path, 0, None, 0, "Noto Serif SC", "package"),))


def print_name(name: str, path: Path, chain: FontChain | None = None) -> None:
    doc = Doc("测试", chain=chain)
    doc.add_sources([("当事人姓名", name)])
    doc.add_page()
    doc.para(f"申请人：{name}")
    doc.table(["姓名"], [[name]], [1])
    doc.save(path)


def found_back(name: str, text: str) -> list[str]:
    """Characters of `name` (spaces aside) that pdftotext did not give back."""
    flat = unicodedata.normalize("NFC", "".join(text.split()))
    return [ch for ch in unicodedata.normalize("NFC", name) if not ch.isspace() and ch not in flat]


def test_the_packaged_font_is_serif_licensed_and_lacks_ext_b():
    path = fonts.package_font()
    assert path is not None and path.name == "NotoSerifSC-Regular.otf"
    licence = (path.parent.parent / f"pylopdf_fonts_zh_cn-{_version()}.dist-info" / "licenses" / "LICENSE")
    assert "SIL Open Font License" in licence.read_text(encoding="utf-8")
    chain = packaged_chain()
    assert chain.face_for("宋") == 0 and chain.face_for(RARE) is None


def _version() -> str:
    from importlib.metadata import version

    return version("pylopdf-fonts-zh-cn")


def test_the_machine_chain_is_serif_first_and_prints_ext_b(tmp_path):
    chain = find_chain("")
    assert "Serif" in chain.primary.name or "宋" in chain.primary.name or "SimSun" in chain.primary.name
    assert chain.face_for(RARE) is not None, "install fonts-noto-cjk (scripts/test.sh does)"
    print_name(f"王小{RARE}", tmp_path / "a.pdf")
    assert f"王小{RARE}" in pdf_text(tmp_path / "a.pdf")


def test_a_chain_without_ext_b_stops_and_names_the_character_and_field(tmp_path):
    with pytest.raises(GlyphMissing) as err:
        print_name(f"王小{RARE}", tmp_path / "a.pdf", packaged_chain())
    msg = err.value.message
    assert f"“{RARE}”" in msg and "U+20BB7" in msg and "当事人姓名" in msg and "王小𠮷" in msg
    assert "DESK_FONT" in msg and "simsunb.ttf" in msg and "fonts-hanazono" in msg
    assert not (tmp_path / "a.pdf").exists() and list(tmp_path.iterdir()) == []


def test_text_from_no_known_field_is_quoted_instead(tmp_path):
    doc = Doc("测试", chain=packaged_chain())
    doc.add_page()
    with pytest.raises(GlyphMissing) as err:
        doc.para(f"备注：某某{RARE}某某")
    assert f"备注：某某{RARE}" in err.value.message and "U+20BB7" in err.value.message


@pytest.mark.parametrize("draw", [
    lambda d, t: d.cell(text=t),
    lambda d, t: d.multi_cell(100, 5, text=t),
    lambda d, t: d.write(5, t),
    lambda d, t: d.text(20, 20, t),
    lambda d, t: d.get_string_width(t),
])
def test_every_fpdf2_text_call_is_checked(draw):
    """By construction: fpdf2's own text methods all pass normalize_text, which checks."""
    doc = Doc("测试", chain=packaged_chain())
    doc.add_page()
    with pytest.raises(GlyphMissing):
        draw(doc, f"张{RARE}")
    draw(doc, "张三")  # and a covered text goes through


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\t", "\r", "\u202e", "\u200b", "\u200d", "\ufeff",
                                  "\ue000", "\U000e0001", "\u2028"])
def test_control_format_and_private_characters_are_refused_by_code(char):
    with pytest.raises(GlyphMissing) as err:
        check_text(find_chain(""), f"张{char}三", "当事人姓名")
    assert err.value.refused and f"U+{ord(char):04X}" in err.value.message and "当事人姓名" in err.value.message


NOTO = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")  # fonts-noto-cjk (scripts/test.sh)


def test_fallback_fonts_are_used_by_fpdf2_cells_too(tmp_path):
    assert NOTO.is_file(), "apt-get install fonts-noto-cjk"
    chain = find_chain(f"{fonts.package_font()}{os.pathsep}{NOTO}#2")
    assert chain.face_for(RARE) == 1
    doc = Doc("测试", chain=chain)
    doc.add_page()
    doc.cell(text=f"申请人：王小{RARE}")
    doc.save(tmp_path / "c.pdf")
    assert f"王小{RARE}" in pdf_text(tmp_path / "c.pdf")


NAMES = st.one_of(hostile_text(max_size=6, control=True), st.sampled_from(CJK),
                  st.text(alphabet=st.characters(min_codepoint=0x3400, max_codepoint=0x2EBEF, categories=("Lo",)),
                          min_size=1, max_size=4))


@pytest.mark.slow  # about 40 s on a busy 2-core machine (fonts are loaded for every example)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=1, max_size=6))
def test_every_character_prints_or_printing_stops_naming_it(tmp_path_factory, names):
    """With this machine's chain: each name either prints whole (pdftotext finds every character
    back) or its printing stops with GlyphMissing naming a character of it, its U+ code and the
    field, before anything of it is drawn. One PDF per example keeps the fonts loaded once."""
    prints_or_names_the_character(tmp_path_factory.mktemp("p") / "n.pdf", names)


def test_every_hostile_piece_prints_or_stops_naming_it(tmp_path):
    """The everyday tier of the property above: every piece of tests.hostile, each as a name."""
    names = CJK + EMOJI + COMBINING + CONTROL + INVISIBLE + MARKUP + ["Zoë", "Ⅻ", "①", "㊣", "ｆｕｌｌ", "〇〇"]
    refused = prints_or_names_the_character(tmp_path / "n.pdf", names)
    assert "\x07" in refused and "\u202e" in refused and "曾𠮷祥" not in refused


def prints_or_names_the_character(path: Path, names: list[str]) -> list[str]:
    """Print each name as 当事人姓名; check the rule; return the names refused."""
    doc = Doc("测试")
    doc.add_page()
    printed, refused = [], []
    for name in names:
        doc.add_sources([("当事人姓名", name)])
        try:
            doc.para(f"申请人：{name}")
        except GlyphMissing as exc:
            assert exc.char in name and f"U+{ord(exc.char):04X}" in exc.message and exc.field == "当事人姓名"
            assert check_text_fails(name)
            refused.append(name)
            continue
        printed.append(name)
    doc.save(path)
    text = pdf_text(path, layout=False)
    for name in printed:
        missing = found_back(name, text)
        assert missing == [], (name, [f"U+{ord(c):04X}" for c in missing])
    return refused


def check_text_fails(name: str) -> bool:
    try:
        check_text(find_chain(), name)
    except GlyphMissing:
        return True
    return False


def test_desk_font_lists_the_whole_chain_and_refuses_a_bad_file(tmp_path):
    packaged = fonts.package_font()
    chain = find_chain(str(packaged))
    assert [f.source for f in chain.fonts] == ["DESK_FONT"]
    chain = find_chain(f"{packaged}{os.pathsep}{NOTO}#2")
    assert len(chain.fonts) == 2 and chain.face_for(RARE) == 1 and chain.fonts[1].name == "Noto Serif CJK SC"
    with pytest.raises(FontMissing) as err:
        find_chain(str(tmp_path / "nope.ttf"))
    assert "DESK_FONT" in err.value.message and "nope.ttf" in err.value.message


def test_windows_chain_is_simsun_then_simsun_extb(tmp_path, monkeypatch):
    """On Windows 宋体 comes first and 宋体-ExtB right after it (files stood in by links)."""
    (tmp_path / "Fonts").mkdir()
    (tmp_path / "Fonts" / "simsun.ttc").symlink_to(NOTO)
    (tmp_path / "Fonts" / "simsunb.ttf").symlink_to(fonts.package_font())
    monkeypatch.setattr(fonts.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    fonts.clear_caches()
    try:
        chain = find_chain("")
        assert [f.path.name for f in chain.fonts[:2]] == ["simsun.ttc", "simsunb.ttf"]
    finally:
        fonts.clear_caches()


def test_no_font_at_all_says_how_to_fix_it(monkeypatch):
    monkeypatch.setattr(fonts, "_candidates", lambda: [])
    with pytest.raises(FontMissing) as err:
        find_chain("")
    assert "fonts-noto-cjk" in err.value.message and "DESK_FONT" in err.value.message


def test_other_documents_name_their_field_too(engine, tmp_path):
    """The contact notice names a cadre's name as 干部姓名 (no PDF is written)."""
    from db.settings.village import save_cadre
    from forms.documents import render_document

    save_cadre(engine, None, name=f"周{RARE}", roles=["片长"], phone="13907710009", hamlet_ids=[1])
    with pytest.raises(GlyphMissing) as err:
        render_document(engine, "contact_notice", 1, tmp_path / "n.pdf", chain=packaged_chain())
    assert err.value.field == "干部姓名" and f"周{RARE}" in err.value.message
    assert not (tmp_path / "n.pdf").exists()
    render_document(engine, "contact_notice", 1, tmp_path / "n.pdf")  # the machine's chain has it
    assert f"周{RARE}" in pdf_text(tmp_path / "n.pdf")
