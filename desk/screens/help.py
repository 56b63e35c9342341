"""F1: help for the screen in front, and the keys that work everywhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from desk.widgets.keybar import KeyBar

GLOBAL_HELP = """## 到处都能用的键
| 键 | 作用 |
|---|---|
| F1 | 本屏帮助 |
| F2 | 首页 |
| F3 | 调解台账 |
| F4 | 村事百晓 |
| F5 | 月报 |
| F6 | 备份与恢复 |
| F7 | 设置（村庄、屯组、干部） |
| Ctrl+P | 命令面板：输入命令名称查找所有功能 |
| Esc | 返回 / 取消 |
| Ctrl+Q | 退出（数据随时已保存） |
"""


class HelpScreen(ModalScreen[None]):
    """Markdown help; Esc or F1 closes it."""

    BINDINGS = [Binding("escape,f1,q", "close", "关闭帮助", id="help.close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(self.text + "\n\n" + GLOBAL_HELP)
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
