"""F1: help for the screen in front, and the keys that work everywhere."""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from desk.widgets.keybar import KeyBar
from desk.widgets.text import Static, styled

BOLD = re.compile(r"\*\*([^*]+)\*\*")


def ours_plain(words: str):
    """Help words: our own constant text; **x** inside stays bold."""
    parts: list = []
    last = 0
    for m in BOLD.finditer(words):
        parts += [words[last:m.start()], (m.group(1), "bold")]
        last = m.end()
    parts.append(words[last:])
    return styled(*parts)

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
                    if block.strip():
                        yield Markdown(block)
                    continue
                width = max(cell_len(key) for key, _ in block) + 2
                for key, words in block:
                    with Horizontal(classes="help-key-row"):
                        key_cell = Static(styled((key, "bold")), classes="help-key")
                        key_cell.styles.width = width
                        yield key_cell
                        yield Static(ours_plain(words), classes="help-words")
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
