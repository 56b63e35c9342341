"""Which fonts go into the PDFs (fpdf2 embeds a subset of each), and the one check that every
character printed has a glyph in one of them.

The font chain, first font first (documents go out in a serif 宋体-style face):
1. DESK_FONT set: exactly the fonts it names, ``path`` or ``path#face`` (face of a .ttc), several
   separated by ``;`` on Windows and ``:`` elsewhere (os.pathsep). The office chose; nothing else
   is added. A named font missing or without Chinese glyphs -> FontMissing.
2. Otherwise every one of these that is present, in this order:
   Windows  宋体 simsun.ttc (bold 黑体 simhei.ttf), 宋体-ExtB simsunb.ttf (the rare characters);
   Linux    Noto Serif CJK SC (fonts-noto-cjk; bold face too);
   then the packaged font: Noto Serif SC from the PyPI package pylopdf-fonts-zh-cn (SIL OFL 1.1,
   the upstream notofonts/noto-cjk SubsetOTF file, licence file in the package), a project
   dependency, so a fresh ``pip install`` can always print every character of the 通用规范汉字表
   and of Ext-A (but not Ext-B: 𠮷 is not in it);
   then 花園明朝 HanaMinA / HanaMinB (fonts-hanazono: CJK Ext-A and all of Ext-B; Japanese
   Mincho shapes, so only for what the Chinese faces lack);
   then sans faces as a last resort: Noto Sans CJK SC, 微软雅黑 / 黑体, AR PL UMing, WenQuanYi.
The first font of the chain is the main face (it must have common Chinese glyphs); the others
are fallbacks for the characters it lacks and are loaded only when such a character is printed.

`check_text` is the hard stop: a character that no font of the chain has, or a control / format
(bidi, zero-width) / private-use character, raises GlyphMissing naming the character, its U+
code, and how to fix it. The PDF helper (forms.render.pdf.Doc) sends every text through it.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROBE = "中文调解协议"
# Printable but not drawn: the font need not have a glyph for these.
_BLANKS = {" ", "\u3000", "\u00a0"}
# Categories that are never printed on a legal document: control, format (bidi overrides,
# zero-width), private use, unassigned, surrogates, separators other than the space.
_REFUSED = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}

INSTALL_HINT_WIN = r"Windows 请确认 C:\Windows\Fonts 里有 simsunb.ttf（宋体-ExtB）"
INSTALL_HINT_LINUX = "Linux 请安装：sudo apt-get install fonts-noto-cjk fonts-hanazono"


class FontMissing(RuntimeError):
    """No usable Chinese font, or a character no font has; `.message` says in Chinese how
    to fix it. (A RuntimeError, so the screens' print handlers show its message.)"""

    def __init__(self, message: str, english: str = ""):
        super().__init__(message)
        self.message = message
        self.english = english


class GlyphMissing(FontMissing):
    """A character of the text cannot be printed: `char`, `field` (Chinese label, or "") and
    `text` (where it was) say which."""

    def __init__(self, char: str, text: str, field: str = "", *, refused: bool = False):
        self.char, self.text, self.field, self.refused = char, text, field, refused
        code = f"U+{ord(char):04X}"
        shown = char if not refused else code
        where = f"{field}“{_snippet(text, char)}”" if field else f"“{_snippet(text, char)}”"
        if refused:
            msg = (f"无法打印：{where}中有一个不可打印的字符（{code}，控制符、零宽或方向符一类）。"
                   "请在案件中改正这一项（删去该字符）后再打印。")
            eng = f"{code} in {field or 'the text'} is a control/format character and cannot be printed"
        else:
            msg = (f"无法打印：{where}中的字“{shown}”（{code}）在已有的字体里都没有，打印已停止，没有生成文件。"
                   f"请安装含此字的字体（{INSTALL_HINT_WIN}；{INSTALL_HINT_LINUX}），"
                   "或设置环境变量 DESK_FONT 指向含此字的字体后再打印；"
                   "或选择留空打印（命令行加 --blank-missing），在纸上留出的空位用笔补写。")
            eng = f"no font of the chain has {code} ({field or 'text'}): install a font with it or set DESK_FONT"
        super().__init__(msg, eng)


def _snippet(text: str, char: str, width: int = 12) -> str:
    i = text.find(char)
    start = max(0, i - width // 2)
    part = text[start:start + width]
    return ("…" if start else "") + part + ("…" if start + width < len(text) else "")


@dataclass(frozen=True)
class FontChoice:
    """A font file (and face of a collection), its bold companion if any, and where it came from."""

    path: Path
    index: int
    bold_path: Path | None
    bold_index: int
    name: str
    source: str  # DESK_FONT / system / package


@dataclass(frozen=True)
class FontChain:
    """The fonts of a PDF, main face first; `face_for(ch)` is the first that has `ch`."""

    fonts: tuple[FontChoice, ...]
    _seen: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def primary(self) -> FontChoice:
        return self.fonts[0]

    def face_for(self, ch: str) -> int | None:
        """Index in the chain of the first font with a glyph for `ch`, or None."""
        code = ord(ch)
        hit = self._seen.get(code, -2)
        if hit != -2:
            return hit
        found = None
        for i, font in enumerate(self.fonts):
            if code in cmap_of(font.path, font.index):
                found = i
                break
        self._seen[code] = found
        return found

    def missing(self, text: str) -> tuple[str, bool] | None:
        """(first character that cannot be printed, refused?) or None when all can."""
        for ch in text:
            if ch in _BLANKS:
                continue
            if unicodedata.category(ch) in _REFUSED:
                return ch, True
            if self.face_for(ch) is None:
                return ch, False
        return None


def check_text(chain: FontChain, text: str, field: str = "") -> None:
    """The hard stop: raise GlyphMissing unless every character of `text` can be printed."""
    bad = chain.missing(text)
    if bad is not None:
        raise GlyphMissing(bad[0], text, field, refused=bad[1])


@lru_cache(maxsize=32)
def cmap_of(path: Path, index: int) -> frozenset[int]:
    """The code points a font face has glyphs for (read once per process)."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() in (".ttc", ".otc"):
        font = TTCollection(str(path), lazy=True).fonts[index]
    else:
        font = TTFont(str(path), lazy=True)
    return frozenset(font.getBestCmap() or {})


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def package_font() -> Path | None:
    """Noto Serif SC from pylopdf-fonts-zh-cn (a project dependency), or None."""
    try:
        import pylopdf_fonts_zh_cn  # noqa: PLC0415
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSerifSC-Regular.otf"
    return path if path.is_file() else None


_NOTO_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk",
              "/usr/share/fonts/google-noto-cjk", "/usr/share/fonts/OTF", "/usr/share/fonts/noto-cjk-fonts")
_HANA_DIRS = ("/usr/share/fonts/truetype/hanazono", "/usr/share/fonts/hanazono", "/usr/share/fonts/TTF")


def _candidates() -> list[tuple[str, Path | None, Path | None]]:
    """(source, regular, bold) in order of preference (see the module docstring)."""
    out: list[tuple[str, Path | None, Path | None]] = []
    win = sys.platform.startswith("win")
    if win:
        w = _windows_fonts()
        out += [("system", w / "simsun.ttc", w / "simhei.ttf"), ("system", w / "simsunb.ttf", None)]
    for d in map(Path, _NOTO_DIRS):
        out.append(("system", d / "NotoSerifCJK-Regular.ttc", d / "NotoSerifCJK-Bold.ttc"))
        out.append(("system", d / "NotoSerifCJKsc-Regular.otf", d / "NotoSerifCJKsc-Bold.otf"))
    out.append(("package", package_font(), None))
    for d in map(Path, _HANA_DIRS):
        out += [("system", d / "HanaMinA.ttf", None), ("system", d / "HanaMinB.ttf", None)]
    for d in map(Path, _NOTO_DIRS):
        out.append(("system", d / "NotoSansCJK-Regular.ttc", d / "NotoSansCJK-Bold.ttc"))
    if win:
        w = _windows_fonts()
        out += [("system", w / "msyh.ttc", w / "msyhbd.ttc"), ("system", w / "simhei.ttf", None)]
    for p in ("/usr/share/fonts/truetype/arphic/uming.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/System/Library/Fonts/Supplemental/Songti.ttc"):
        out.append(("system", Path(p), None))
    return out


@lru_cache(maxsize=64)
def _face(path: Path, wanted: int | None = None, probe: str = PROBE) -> tuple[int, str] | None:
    """(face index, name) of the Chinese face in `path`, or None when it has no glyphs for
    `probe`. In a collection the Simplified Chinese face (name ending in SC / CN) is preferred."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = TTCollection(str(path), lazy=True).fonts
        else:
            fonts = [TTFont(str(path), lazy=True)]
    except (OSError, TTLibError, ValueError, AssertionError):
        return None
    order = list(range(len(fonts)))
    if wanted is not None:
        order = [wanted] if 0 <= wanted < len(fonts) else []
    else:
        sc = [i for i in order if str(fonts[i]["name"].getDebugName(1) or "").endswith((" SC", " CN"))]
        order = sc + [i for i in order if i not in sc]
    for i in order:
        if not probe:  # a fallback: its glyphs are read only when a character needs them
            return i, str(fonts[i]["name"].getDebugName(4) or path.stem)
        try:
            cmap = fonts[i].getBestCmap() or {}
        except Exception:  # a broken table: try the next face
            continue
        if cmap and all(ord(ch) in cmap for ch in probe):
            return i, str(fonts[i]["name"].getDebugName(4) or path.stem)
    return None


def _from_env(value: str) -> list[FontChoice]:
    out = []
    for i, item in enumerate(x for x in value.split(os.pathsep) if x.strip()):
        raw, _, face = item.partition("#")
        path = Path(raw.strip().strip('"')).expanduser()
        wanted = int(face) if face.strip().isdigit() else None
        # The first font must have common Chinese; a later one may hold only rare characters.
        found = _face(path, wanted, probe=PROBE if i == 0 else "") if path.is_file() else None
        if found is None:
            raise FontMissing(
                f"环境变量 DESK_FONT 指定的字体“{raw}”不存在或不含中文，请改为一个中文字体文件，"
                r"如 C:\Windows\Fonts\simsun.ttc。",
                f"DESK_FONT={raw!r} is missing or has no Chinese glyphs.",
            )
        out.append(FontChoice(path, found[0], None, 0, found[1], "DESK_FONT"))
    return out


def _no_font() -> FontMissing:
    return FontMissing(
        "找不到中文字体，无法生成 PDF。请重新安装本程序（它带有思源宋体 Noto Serif SC），"
        "或安装中文字体（Linux：sudo apt-get install fonts-noto-cjk fonts-hanazono），"
        "或设置环境变量 DESK_FONT 指向一个中文字体文件（如 C:\\Windows\\Fonts\\simsun.ttc）。",
        "No Chinese font found: install fonts-noto-cjk or set DESK_FONT to a .ttf/.ttc file.",
    )


def find_chain(env: str | None = None) -> FontChain:
    """The font chain for PDFs (see the module docstring); `env` defaults to $DESK_FONT.
    Looked for anew each time (a few file checks; what is read from the files is cached).
    Raises FontMissing."""
    env = os.environ.get("DESK_FONT", "") if env is None else env
    if env.strip():
        return FontChain(tuple(_from_env(env)))
    fonts: list[FontChoice] = []
    seen: set[Path] = set()
    for source, regular, bold in _candidates():
        if regular is None or not regular.is_file() or regular.resolve() in seen:
            continue
        # The main face needs the common characters; a fallback needs only some glyphs.
        found = _face(regular, probe=PROBE if not fonts else "")
        if found is None:
            continue
        seen.add(regular.resolve())
        bold_face = _face(bold) if not fonts and bold is not None and bold.is_file() else None
        fonts.append(FontChoice(regular, found[0], bold if bold_face else None,
                                bold_face[0] if bold_face else 0, found[1], source))
    if not fonts:
        raise _no_font()
    return FontChain(tuple(fonts))


@lru_cache(maxsize=4)
def find_font(env: str | None = None, *, prefer: str | None = None) -> FontChoice:
    """The main face of the chain; `prefer='package'` gives the packaged font (tests use it)."""
    if prefer:
        env = os.environ.get("DESK_FONT", "") if env is None else env
        if not env.strip():
            for source, regular, _bold in _candidates():
                if source == prefer and regular is not None and regular.is_file():
                    found = _face(regular)
                    if found:
                        return FontChoice(regular, found[0], None, 0, found[1], source)
    return find_chain(env).primary


def clear_caches() -> None:
    """Forget the chosen fonts (after DESK_FONT or the installed fonts changed)."""
    from forms.render import fontcache  # late: printing only

    fontcache.forget()
    find_font.cache_clear()
    _face.cache_clear()
    cmap_of.cache_clear()
