"""Which Chinese font goes into the PDFs (fpdf2 embeds a subset of it).

Order of choice, first that exists and has Chinese glyphs:
1. DESK_FONT: a .ttf/.otf/.ttc file the office chose (``path`` or ``path#face`` for a
   collection). Set but unusable -> FontMissing (we do not silently print in another font).
2. Windows: 宋体 simsun.ttc (bold: 黑体 simhei.ttf).
3. The font shipped by the PyPI package paperang-p2-fonts-cjk (文泉驿微米黑 WenQuanYi Micro Hei,
   Apache-2.0, 5 MB), a project dependency, so a fresh ``pip install`` can always print.
4. Other system fonts: Noto Serif / Sans CJK SC (Linux fonts-noto-cjk), 黑体 / 微软雅黑, WenQuanYi.
Why TrueType first: fpdf2 subsets CFF-outline fonts (Noto CJK) about ten times slower than
TrueType ones (1 ms per distinct character, twice per face), which breaks the 2-second goal
for a long report. Without a bold face the PDF helper strokes the regular one.
Characters the chosen font lacks (rare names such as 𠮷) are drawn from `find_fallback()`,
loaded only when such a character is printed.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROBE = "中文调解协议"


class FontMissing(Exception):
    """No usable Chinese font; `.message` says in Chinese how to fix it."""

    def __init__(self, message: str, english: str = ""):
        super().__init__(message)
        self.message = message
        self.english = english


@dataclass(frozen=True)
class FontChoice:
    """A font file (and face of a collection), its bold companion if any, and where it came from."""

    path: Path
    index: int
    bold_path: Path | None
    bold_index: int
    name: str
    source: str  # DESK_FONT / system / package


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _package_font() -> Path | None:
    try:
        import paperang_p2_fonts_cjk  # noqa: PLC0415  (optional until the lead pins it)
    except ImportError:
        return None
    path = Path(paperang_p2_fonts_cjk.__file__).parent / "fonts" / "wqy-microhei.ttc"
    return path if path.is_file() else None


def _candidates() -> list[tuple[str, Path | None, Path | None]]:
    """(source, regular, bold) in order of preference."""
    noto = [Path(p) for p in ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk",
                              "/usr/share/fonts/google-noto-cjk", "/usr/share/fonts/OTF")]
    out: list[tuple[str, Path | None, Path | None]] = []
    if sys.platform.startswith("win"):
        w = _windows_fonts()
        out.append(("system", w / "simsun.ttc", w / "simhei.ttf"))
    out.append(("package", _package_font(), None))
    for d in noto:
        out.append(("system", d / "NotoSerifCJK-Regular.ttc", d / "NotoSerifCJK-Bold.ttc"))
    if sys.platform.startswith("win"):
        w = _windows_fonts()
        out += [("system", w / "simhei.ttf", None), ("system", w / "msyh.ttc", w / "msyhbd.ttc")]
    for d in noto:
        out.append(("system", d / "NotoSansCJK-Regular.ttc", d / "NotoSansCJK-Bold.ttc"))
    if sys.platform.startswith("win"):
        out.append(("system", _windows_fonts() / "simsunb.ttf", None))  # 宋体 Ext-B: rare characters
    for p in ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
              "/System/Library/Fonts/Supplemental/Songti.ttc", "/Library/Fonts/Arial Unicode.ttf"):
        out.append(("system", Path(p), None))
    return out


def _face(path: Path, wanted: int | None = None, probe: str = PROBE) -> tuple[int, str] | None:
    """(face index, name) of the Chinese face in `path`, or None when it has no Chinese glyphs.
    In a collection the Simplified Chinese face (name ending in SC) is preferred."""
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
        sc = [i for i in order if str(fonts[i]["name"].getDebugName(1) or "").endswith(" SC")]
        order = sc + [i for i in order if i not in sc]
    for i in order:
        try:
            cmap = fonts[i].getBestCmap() or {}
        except Exception:  # a broken table: try the next face
            continue
        if cmap and all(ord(ch) in cmap for ch in probe):
            return i, str(fonts[i]["name"].getDebugName(4) or path.stem)
    return None


def _from_env(value: str) -> FontChoice:
    raw, _, face = value.partition("#")
    path = Path(raw.strip().strip('"')).expanduser()
    wanted = int(face) if face.strip().isdigit() else None
    found = _face(path, wanted) if path.is_file() else None
    if found is None:
        raise FontMissing(
            f"环境变量 DESK_FONT 指定的字体“{raw}”不存在或不含中文，请改为一个中文字体文件，"
            r"如 C:\Windows\Fonts\simsun.ttc。",
            f"DESK_FONT={raw!r} is missing or has no Chinese glyphs.",
        )
    return FontChoice(path, found[0], None, 0, found[1], "DESK_FONT")


@lru_cache(maxsize=4)
def find_font(env: str | None = None, *, prefer: str | None = None) -> FontChoice:
    """The font for PDFs (see the module docstring); `env` defaults to $DESK_FONT.
    `prefer='package'` picks the packaged font first (tests use it). Raises FontMissing."""
    env = os.environ.get("DESK_FONT", "") if env is None else env
    if env.strip():
        return _from_env(env)
    candidates = _candidates()
    if prefer:
        candidates.sort(key=lambda c: c[0] != prefer)
    for source, regular, bold in candidates:
        if regular is None or not regular.is_file():
            continue
        found = _face(regular)
        if found is None:
            continue
        bold_face = _face(bold) if bold is not None and bold.is_file() else None
        return FontChoice(regular, found[0], bold if bold_face else None,
                          bold_face[0] if bold_face else 0, found[1], source)
    raise FontMissing(
        "找不到中文字体，无法生成 PDF。请安装中文字体（Linux：sudo apt-get install fonts-noto-cjk），"
        "或设置环境变量 DESK_FONT 指向一个中文字体文件（如 C:\\Windows\\Fonts\\simsun.ttc）。",
        "No Chinese font found: install fonts-noto-cjk or set DESK_FONT to a .ttf/.ttc file.",
    )


@lru_cache(maxsize=4)
def find_fallback(primary: Path) -> FontChoice | None:
    """Another installed Chinese font for characters `primary` lacks, or None. Prefers the large
    CJK collections (Noto CJK, 宋体 Ext-B) that cover the rare characters of names."""
    def big(c) -> bool:
        return c[1] is not None and ("Noto" in c[1].name or c[1].name.lower() == "simsunb.ttf")

    for source, regular, _bold in sorted(_candidates(), key=lambda c: not big(c)):
        if regular is None or not regular.is_file() or regular.resolve() == Path(primary).resolve():
            continue
        found = _face(regular, probe="")
        if found is not None:
            return FontChoice(regular, found[0], None, 0, found[1], source)
    return None
