"""F1: help for the screen in front, and the keys that work everywhere."""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Markdown

from desk.widgets.keybar import KeyBar
from desk.widgets.text import Static, styled
from desk.widgets.text import lines as joined

BOLD = re.compile(r"\*\*([^*]+)\*\*")


GLOBAL_HELP = """## 到处都能用的键
- **F1** 本屏帮助
- **F2** 首页
- **F3** 调解台账
- **F4** 村事百晓
- **F5** 月报
- **F6** 备份与恢复
- **F7** 设置（村庄、屯组、干部）
- **Ctrl+P** 命令面板：输入命令名称查找所有功能
- **Esc** 返回 / 取消
- **Ctrl+Q** 退出（数据随时已保存）
"""


# ---- prose with keys in it: wrapped so that a key stays whole and beside its words ----------

ATOM = re.compile(r"\s+|[\x21-\x7e]+|.")  # a space run, an ASCII word, or one other character
CLOSING = set("，。；：、！？）」』”’》〉】,.;:!?)")  # never begin a line
OPENING = set("（「『“‘《〈【(")  # never end a line
ITEM = re.compile(r"^(\s*)([-*]|\d+\.)\s+(.*)$")


def _units(words: str) -> list[list[tuple[str, bool]]]:
    """`words` (with **key** spans) cut where a line may break: each unit is (text, bold)
    pieces drawn together. A key is one unit with whatever follows it up to its next word
    ("**Ctrl+S** 一" stays together); closing punctuation stays with what comes before it."""
    atoms: list[tuple[str, bool]] = []
    last = 0
    for m in BOLD.finditer(words):
        atoms += [(a, False) for a in ATOM.findall(words[last:m.start()])]
        atoms.append((m.group(1), True))
        last = m.end()
    atoms += [(a, False) for a in ATOM.findall(words[last:])]
    units: list[list[tuple[str, bool]]] = []
    glue = False  # the next word joins the unit before it (a key's, or an opening bracket's)
    for text, bold in atoms:
        space = not bold and text.isspace()
        if units and (glue or (not space and text[0] in CLOSING and not units[-1][-1][0].isspace())):
            units[-1].append((text, bold))
            glue = glue and space  # a key's spaces, then its next word
        else:
            units.append([(text, bold)])
            glue = False
        if bold or (not space and text[-1] in OPENING):
            glue = True
    return units


def wrap_words(words: str, width: int, first: str = "", rest: str = "") -> list[list[tuple[str, bool]]]:
    """The lines of `words` at `width` cells, each a list of (text, bold); `first` and `rest`
    begin the first and the other lines (a list item's bullet and its hanging indent)."""
    lines: list[list[tuple[str, bool]]] = [[(first, False)] if first else []]
    used = cell_len(first)
    for unit in _units(words):
        size = sum(cell_len(t) for t, _ in unit)
        if all(not b and t.isspace() for t, b in unit):  # a space: kept only inside a line
            if used > cell_len(first if len(lines) == 1 else rest) and used + size < width:
                lines[-1] += unit
                used += size
            continue
        if used + size > width and used > cell_len(first if len(lines) == 1 else rest):
            while lines[-1] and not lines[-1][-1][1] and lines[-1][-1][0].isspace():
                lines[-1].pop()
            lines.append([(rest, False)] if rest else [])
            used = cell_len(rest)
        lines[-1] += unit  # a unit wider than the line (never at 80 columns) is cut by the screen
        used += size
    while lines[-1] and not lines[-1][-1][1] and lines[-1][-1][0].isspace():
        lines[-1].pop()
    return lines


def _paragraphs(text: str) -> list[tuple[str, str, str]]:
    """Markdown prose as (first, rest, words): paragraphs and list items, lines of one joined."""
    out: list[tuple[str, str, str]] = []
    open_ = False
    for line in text.splitlines():
        if not line.strip():
            open_ = False
            continue
        if m := ITEM.match(line):
            mark = "•" if m.group(2) in "-*" else m.group(2)
            out.append((mark + " ", " " * (cell_len(mark) + 1), m.group(3).strip()))
        elif open_:
            first, rest, words = out[-1]
            join = "" if words[-1:] > "\x7f" and line.strip()[:1] > "\x7f" else " "
            out[-1] = (first, rest, words + join + line.strip())
        else:
            out.append(("", "", line.strip()))
        open_ = True
    return out


class HelpProse(Widget):
    """Help prose with keys in it (Markdown would fold "Ctrl+S" at any character of a long
    Chinese line, or leave a key alone at a line's end): wrapped by wrap_words at the
    widget's width, again whenever the width changes."""

    DEFAULT_CSS = """
    HelpProse { height: auto; padding: 0 2 0 2; margin: 0 0 1 0; }
    HelpProse.help-words { padding: 0; margin: 0; width: 1fr; }
    """

    def __init__(self, text: str, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.text = text

    def lines(self, width: int) -> list[list[tuple[str, bool]]]:
        """What is drawn at `width` cells (tests read it)."""
        out: list[list[tuple[str, bool]]] = []
        for first, rest, words in _paragraphs(self.text):
            out += wrap_words(words, max(width, 1), first, rest)
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return joined(styled(*[(t, "bold") if b else t for t, b in line])
                     for line in self.lines(self.content_size.width))


KEY_LINE = re.compile(r"^- (\*\*[^*]+\*\*.*)$")
KEY_START = re.compile(r"^\*\*([^*]+)\*\*\s*(.*)$")


def blocks(text: str) -> list[str | list[tuple[str, str]]]:
    """The help text in pieces: Markdown (str), and runs of key lines as (key, words) rows.

    "- **Enter** 打开案件；**n** 新建案件" gives the rows ("Enter", "打开案件"), ("n", "新建案件"):
    each key is drawn in a column of its own beside its words, so at any width (80x24
    included) a key never ends a line with its words on the next."""
    out: list[str | list[tuple[str, str]]] = []
    prose: list[str] = []
    for line in text.splitlines():
        m = KEY_LINE.match(line)
        if not m:
            prose.append(line)
            continue
        if prose:
            out.append("\n".join(prose))
            prose = []
        if not out or not isinstance(out[-1], list):
            out.append([])
        rows = out[-1]
        assert isinstance(rows, list)
        for part in re.split(r"[；。，]\s*(?=\*\*)", m.group(1)):  # one row per key
            k = KEY_START.match(part)
            rows.append((k.group(1), k.group(2)) if k else ("", part))
    if prose:
        out.append("\n".join(prose))
    return out


def prose(text: str):
    """The widgets of help prose: a paragraph or list with keys in it is a HelpProse, the
    rest is Markdown."""
    for block in re.split(r"\n\s*\n", text):  # paragraphs and lists
        if "**" in block:
            yield HelpProse(block)
        elif block.strip():
            yield Markdown(block)


class HelpScreen(ModalScreen[None]):
    """Markdown help; Esc or F1 closes it."""

    BINDINGS = [Binding("escape,f1,q", "close", "关闭帮助", id="help.close")]
    DEFAULT_CSS = """
    HelpScreen .help-key-row { height: auto; padding: 0 2 0 3; }
    HelpScreen .help-key { height: auto; }
    HelpScreen .help-words { width: 1fr; height: auto; }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            for block in blocks(self.text + "\n\n" + GLOBAL_HELP):
                if isinstance(block, str):
                    yield from prose(block)
                    continue
                width = max(cell_len(key) for key, _ in block) + 2
                for key, words in block:
                    with Horizontal(classes="help-key-row"):
                        key_cell = Static(styled((key, "bold")), classes="help-key")
                        key_cell.styles.width = width
                        yield key_cell
                        yield HelpProse(words, classes="help-words")
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
