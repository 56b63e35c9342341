"""A font read once per process, not once per document.

fpdf2 reads a font when it is added to a document: for Noto Serif CJK (65,000 glyphs) it reads
the character map and every glyph's width, about half a second a face. A document adds two
faces, and a case file is laid out three times for its page numbers: 1 to 2 s of every print
went to reading the same files again. Here the first document reads a face as fpdf2 does; each
later one gets a copy of what was read, with its own parts: its own open font file (the
subset written at the end changes that object in place), its own subset map, its own list of
missing glyphs and its own font descriptor (which becomes an object of that PDF). The widths
and the character map are shared: they are only read.

This leans on fpdf2's TTFFont as it is in the versions pyproject.toml allows (2.8). Should it
change, `add_font` notices (a missing attribute) and falls back to fpdf2's own add_font, which
is slower and right: tests/forms/test_fontcache.py checks both give the same PDF text.
"""

from __future__ import annotations

import copy
import threading

from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

_READ: dict[tuple[str, int], TTFFont] = {}
_LOCK = threading.Lock()  # printing runs in a worker thread; two may start at once


def add_font(pdf: FPDF, family: str, style: str, path: str, index: int) -> None:
    """pdf.add_font(family, style, path, collection_font_number=index), the face read once."""
    key = (path, index)
    fontkey = f"{family.lower()}{style}"
    with _LOCK:
        read = _READ.get(key)
        if read is None:
            pdf.add_font(family, style, path, collection_font_number=index)
            # What the first document read, kept apart from it (its ttfont is subset in place
            # when that document is written: the copy keeps nothing of it but the file's name).
            try:
                kept = copy.copy(pdf.fonts[fontkey])
                kept.desc = copy.copy(kept.desc)  # taken before that document's output changes it
                kept.ttfont = None
                _READ[key] = kept
            except (AttributeError, TypeError):
                pass
            return
    try:
        pdf.fonts[fontkey] = _copy(read, pdf, fontkey, style)
    except (AttributeError, TypeError):  # another fpdf2 than the one this was written for
        pdf.fonts.pop(fontkey, None)
        pdf.add_font(family, style, path, collection_font_number=index)


def _copy(read: TTFFont, pdf: FPDF, fontkey: str, style: str) -> TTFFont:
    from fontTools.ttLib import TTFont

    font = copy.copy(read)
    font.i = len(pdf.fonts) + 1
    font.fontkey = fontkey
    font.ttfont = TTFont(read.ttffile, recalcTimestamp=False, fontNumber=read.collection_font_number, lazy=True)
    font.desc = copy.copy(read.desc)
    font.biggest_size_pt = 0
    font.missing_glyphs = []
    font._hbfont = None
    font.subset = SubsetMap(font)
    if font.is_cff and font.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")
    return font


def forget() -> None:
    """Read the fonts again from their files at the next document (a font was installed)."""
    with _LOCK:
        _READ.clear()
