"""PDF pages on A4 with fpdf2: Chinese font, titles, wrapping tables, page numbers (charts: charts.py).

Tables are drawn with fpdf2 primitives (rect, text) and our own character-level wrapping:
fpdf2's own table() takes ~2.5 ms a row, too slow for a 100,000-case register; this takes a
small fraction of that. Charts (bar, line) use lines and rectangles only, no matplotlib, and
stay readable on a black-and-white printer (the second series is dashed).
"""

from __future__ import annotations

import os

from fpdf import FPDF
from fpdf.enums import TextMode

from forms.render import fontcache
from forms.render.charts import BLACK, GREY, Charts
from forms.render.fonts import FontChain, FontChoice, GlyphMissing, check_text, find_chain
from forms.render.output import write_atomic
from forms.render.tables import Tables

FAMILY = "cjk"
# Characters that must not begin a line (they hang at the end of the previous one instead).
NO_LINE_START = set("，。、；：？！）》」』”’%,.;:?!)]}")
LIGHT = (235, 235, 235)
HAND_BLANK = "\uff3f"  # ＿ where a character no font has is to be written by hand


class Doc(Tables, Charts, FPDF):
    """An A4 document with the Chinese font chain loaded and "第 N 页 共 M 页" at the foot.

    Every text that reaches the page goes through fpdf2's `normalize_text`, which this class
    overrides to run `forms.render.fonts.check_text` against the chain: a character no font has
    stops the document with GlyphMissing (naming the field when `add_sources` told which)."""

    def __init__(self, title: str, *, orientation: str = "P", running_head: str = "",
                 font: FontChoice | None = None, chain: FontChain | None = None,
                 page_numbers: bool = True, blank_missing: bool = False):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        # Off (the rule): a character no font has stops the document. On (asked for by the
        # clerk): it is printed as a blank to write in by hand, and listed in left_blank
        # {character: field}, which the caller must show.
        self.blank_missing = blank_missing
        self.left_blank: dict[str, str] = {}
        if chain is None:
            chain = FontChain((font,)) if font is not None else find_chain()
        self.chain = chain
        choice = chain.primary
        self._sources: list[tuple[str, str]] = []
        fontcache.add_font(self, FAMILY, "", str(choice.path), choice.index)
        self.has_bold = choice.bold_path is not None
        if self.has_bold:
            fontcache.add_font(self, FAMILY, "B", str(choice.bold_path), choice.bold_index)
        self._fast_subset(FAMILY, FAMILY + "B")
        self._choice = choice
        self._fake_bold = None
        self._cmap = self.fonts[FAMILY].cmap
        self._loaded: dict[int, str] = {}  # chain index -> fpdf2 family of a loaded fallback
        self.running_head = running_head
        self.page_numbers = page_numbers
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, 18)
        self.set_title(title)
        self.set_creator("村委工作台")
        self.set_lang("zh-CN")
        self.font(10.5)

    # -- the one check every printed text passes ---------------------------------------------

    def add_sources(self, pairs) -> None:
        """(field label, value) pairs of the data printed, so that a character that cannot be
        printed is reported with the field it came from (e.g. 当事人姓名)."""
        self._sources += [(str(label), str(value)) for label, value in pairs if value]

    def check(self, text: str) -> None:
        """Raise GlyphMissing unless every character of `text` is in a font of the chain;
        load the fallback fonts the text needs. With `blank_missing`, a character no font has
        is recorded in `left_blank` (and printed as a blank to write on) instead."""
        if all(ord(c) in self._cmap for c in text) and text.isprintable():
            return
        while True:
            try:
                check_text(self.chain, self._blanked(text))
                break
            except GlyphMissing as exc:
                source = next(((label, value) for label, value in self._sources if exc.char in value), None)
                if self.blank_missing and not exc.refused:
                    self.left_blank.setdefault(exc.char, source[0] if source else _where(text, exc.char))
                    continue
                if source is None:
                    raise
                raise GlyphMissing(exc.char, source[1], source[0], refused=exc.refused) from None
        for ch in text:
            if ord(ch) not in self._cmap:
                i = self.chain.face_for(ch)
                if i:
                    self._family_for(i)

    def _blanked(self, text: str) -> str:
        if not self.left_blank:
            return text
        return "".join(HAND_BLANK if ch in self.left_blank else ch for ch in text)

    def normalize_text(self, text: str) -> str:
        self.check(text)
        return super().normalize_text(self._blanked(text))

    def _family_for(self, i: int) -> str:
        """The fpdf2 family of chain font `i` (loaded on first use; also an fpdf2 fallback)."""
        if i == 0:
            return FAMILY
        if i not in self._loaded:
            f = self.chain.fonts[i]
            family = f"cjkfb{i}"
            fontcache.add_font(self, family, "", str(f.path), f.index)
            self._loaded[i] = family
            self._fast_subset(family)
            self.set_fallback_fonts(list(self._loaded.values()), exact_match=False)
        return self._loaded[i]

    def _fast_subset(self, *keys: str) -> None:
        """Keep the fonts' bounding boxes when fpdf2 writes the subsets: recomputing them walks
        every CFF outline (Noto CJK), a third of the time of a one-page PDF; the whole font's
        box is a correct (larger) box for its subset."""
        for key in keys:
            font = self.fonts.get(key)
            if font is not None and hasattr(font, "ttfont"):
                font.ttfont.recalcBBoxes = False

    def _face_of(self, ch: str) -> int:
        if ord(ch) in self._cmap:
            return 0
        return self.chain.face_for(ch) or 0

    # -- fonts and text ------------------------------------------------------------------------

    def font(self, size: float, bold: bool = False, color=BLACK) -> None:
        """Select the Chinese font; bold without a bold face is drawn by stroking the outline."""
        self.set_font(FAMILY, "B" if bold and self.has_bold else "", size)
        self.set_text_color(*color)
        self._fake_bold = color if bold and not self.has_bold else None

    def _cw(self, ch: str) -> float:
        """Width of one character in 1/1000 em, from the font that will draw it."""
        if ord(ch) in self._cmap:
            return self.current_font.cw[ord(ch)]
        if ch in self.left_blank:
            return self.current_font.cw[ord(HAND_BLANK)]
        i = self._face_of(ch)
        if i == 0:
            return self.current_font.cw[ord(ch)]
        return self.fonts[self._family_for(i)].cw[ord(ch)]

    def width(self, text: str) -> float:
        """Width of `text` in mm with the current font (fast path over the glyph widths)."""
        cmap, cw = self._cmap, self.current_font.cw
        return sum(cw[ord(c)] if ord(c) in cmap else self._cw(c) for c in text) * self.font_size * 0.001

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines of `text` no wider than `width`: breaks between Chinese characters anywhere,
        keeps a run of Latin letters or digits together, never starts a line with punctuation."""
        self.check(str(text).replace("\n", ""))  # stop before any layout work
        scale = self.font_size * 0.001
        cw = self._cw
        lines: list[str] = []
        for para in str(text).split("\n"):
            line: list[str] = []
            used = 0.0
            for ch in para:
                w = cw(ch) * scale
                if used + w > width and line and ch not in NO_LINE_START:
                    carry: list[str] = []
                    if ch.isascii() and ch.isalnum():
                        while line and line[-1].isascii() and line[-1].isalnum() and len(carry) < len(line) - 1:
                            carry.insert(0, line.pop())
                    lines.append("".join(line))
                    line = carry + [ch]
                    used = sum(cw(c) for c in line) * scale
                else:
                    line.append(ch)
                    used += w
            lines.append("".join(line))
        return lines

    def line_at(self, x: float, baseline: float, text: str, width: float, align: str = "L") -> None:
        """One line of text in a box starting at x, aligned L / C / R."""
        if not text:
            return
        self.check(text)
        if align != "L":
            free = max(0.0, width - self.width(text))
            x += free / 2 if align == "C" else free
        if self._fake_bold is not None:
            # The stroke mode must not outlive this text: fpdf2 never switches it back, so it
            # is set inside a saved graphics state (q ... Q).
            with self.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.16 + self.font_size_pt * 0.012,
                                    draw_color=self._fake_bold):
                self._draw_runs(x, baseline, text)
        else:
            self._draw_runs(x, baseline, text)

    def _draw_runs(self, x: float, baseline: float, text: str) -> None:
        cmap = self._cmap
        if all(ord(c) in cmap for c in text):
            self.text(x, baseline, text)
            return
        for face, run in _runs(text, self._face_of):
            if face == 0:
                self.text(x, baseline, run)
                x += self.width(run)
                continue
            family, style, size = self.font_family, self.font_style, self.font_size_pt
            self.set_font(self._family_for(face), "", size)
            self.text(x, baseline, run)
            x += self.get_string_width(run)
            self.set_font(family, style, size)

    # -- page furniture ------------------------------------------------------------------------

    def _save_font(self):
        return (self.font_family, self.font_style, self.font_size_pt, self.text_color, self._fake_bold)

    def _restore_font(self, state) -> None:
        family, style, size, color, fake = state
        if family:
            self.set_font(family, style, size)
        self.text_color = color
        self._fake_bold = fake

    def header(self) -> None:
        if self.running_head and self.page_no() > 1:
            state = self._save_font()
            self.font(8, color=GREY)
            self.line_at(self.l_margin, 10, self.running_head, self.epw, "R")
            self._restore_font(state)

    def footer(self) -> None:
        if not self.page_numbers:
            return
        state = self._save_font()
        self.font(9, color=GREY)
        # cell(), not text(): fpdf2 fills in the page-count alias only in cell text.
        self.set_xy(self.l_margin, self.h - 13)
        self.cell(self.epw, 6, f"第 {self.page_no()} 页 共 {self.str_alias_nb_pages} 页", align="C")
        self._restore_font(state)

    def ensure_room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.y + height > self.page_break_trigger:
            self.add_page()

    # -- blocks --------------------------------------------------------------------------------

    def title_block(self, title: str, subtitle: str = "", size: float = 18) -> None:
        self.font(size, bold=True)
        self.line_at(self.l_margin, self.y + size * 0.38, title, self.epw, "C")
        self.set_y(self.y + size * 0.55)
        if subtitle:
            self.font(10.5, color=GREY)
            self.set_y(self.y + 2)
            for line in self.wrap(subtitle, self.epw):
                self.line_at(self.l_margin, self.y + 4, line, self.epw, "C")
                self.set_y(self.y + 5.5)
        self.set_y(self.y + 4)
        self.font(10.5)

    def heading(self, text: str, size: float = 12.5) -> None:
        """A section heading, kept on the same page as at least a few lines after it."""
        self.ensure_room(size * 0.5 + 24)
        self.set_y(self.y + 2.5)
        self.font(size, bold=True)
        self.line_at(self.l_margin, self.y + size * 0.36, text, self.epw)
        self.set_y(self.y + size * 0.5 + 2)
        self.font(10.5)

    def para(self, text: str, size: float = 10.5, indent: bool = False, gap: float = 1.5,
             color=BLACK, align: str = "L", bold: bool = False, keep_with: float = 0) -> None:
        """A paragraph that wraps; `indent` starts it two characters in, as Chinese prose does.
        Keep-with-next: its last two lines stay on one page with the next `keep_with` mm (a
        heading with the text it heads, a closing sentence with the signatures under it), so
        neither stands alone at the foot or the top of a page."""
        self.font(size, bold=bold, color=color)
        lh = size * 0.353 * 1.65
        prefix = "\u3000\u3000" if indent else ""
        lines = self.wrap(prefix + text, self.epw)
        tail = max(0, len(lines) - 2)
        for i, line in enumerate(lines):
            if i == tail and keep_with:
                self.keep_together((len(lines) - i) * lh + gap + keep_with)
            self.ensure_room(lh)
            self.line_at(self.l_margin, self.y + lh * 0.72, line, self.epw, align)
            self.set_y(self.y + lh)
        self.set_y(self.y + gap)
        self.font(10.5)

    def para_height(self, text: str, size: float = 10.5, indent: bool = False, gap: float = 1.5) -> float:
        """The height `para` would take (mm), without drawing."""
        self.font(size)
        lines = self.wrap(("\u3000\u3000" if indent else "") + text, self.epw)
        return len(lines) * size * 0.353 * 1.65 + gap

    def keep_together(self, height: float) -> None:
        """Keep the next `height` mm on one page: a new page unless they fit on this one, and
        never for a block taller than a page (it would not fit on the next one either)."""
        if height <= self.page_break_trigger - self.t_margin:
            self.ensure_room(height)

    def ruled_lines(self, n: int, *, label: str = "", gap: float = 8) -> None:
        """`n` ruled lines across the page to write on by hand (an empty clause of a signed
        document: never a placeholder text)."""
        self.keep_together(n * gap + 2)
        self.set_draw_color(*BLACK)
        self.set_line_width(0.2)
        for k in range(n):
            self.ensure_room(gap)
            base = self.y + gap - 1.5
            x = self.l_margin
            if label and k == 0:
                self.font(10.5)
                self.line_at(x, base - 1, label, 0)
                x += self.width(label) + 1
            self.line(x, base, self.l_margin + self.epw, base)
            self.set_y(self.y + gap)
        self.set_y(self.y + 2)

    # -- output --------------------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> None:
        """Write the PDF safely (temporary file, then rename); OutputError on failure."""
        data = bytes(self.output())
        write_atomic(path, lambda tmp: tmp.write_bytes(data))


def _where(text: str, char: str) -> str:
    i = text.find(char)
    return f"“{text[max(0, i - 6):i + 6]}”"


def _runs(text: str, face_of) -> list[tuple[int, str]]:
    """Split `text` into runs drawn by the same font of the chain (0: the main face)."""
    out: list[tuple[int, str]] = []
    for ch in text:
        face = face_of(ch)
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out
