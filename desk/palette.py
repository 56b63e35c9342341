"""Ctrl+P, the command palette: every command found by its Chinese words, its full pinyin or
initials (`beifen`, `bf` -> 备份, also `备f`), and by the words the README and F1 use for it
(打印 finds 导出 and 打印); it answers in Chinese.

The commands are the app's own list (DeskApp.get_system_commands: sections, the keys of the
screen in front, help, quit). Textual's fuzzy matcher knows no pinyin and its palette says
"No matches found": both are replaced here.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from functools import lru_cache

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets.option_list import Option

from db.pinyin import is_han, name_keys, query_keys

NO_MATCHES = "没有找到这个命令。换个说法试试，或输入拼音首字母，如 bf（备份）、xj（新建）"
PLACEHOLDER = "输入要做的事，汉字、拼音或首字母都行，如：备份、beifen、bf"

# A word in a command's name -> the other words a clerk may type for it (the README's and the
# F1 pages' words). 打印 finds 导出 and 打印; 删除 finds 作废; 搜索 finds 查找.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "打印": ("导出", "PDF", "文书", "印"),
    "导出": ("打印", "Excel", "表格", "xlsx", "PDF"),
    "新建": ("新增", "添加", "登记", "录入"),
    "新增": ("新建", "添加", "登记", "录入"),
    "新一轮": ("新建", "新增", "排查"),
    "修改": ("编辑", "更改", "改正"),
    "作废": ("删除", "撤销"),
    "停用": ("删除", "作废"),
    "查找": ("搜索", "查询", "找人", "搜"),
    "筛选": ("过滤", "条件"),
    "备份": ("U盘", "拷贝", "复制"),
    "恢复": ("还原", "换电脑"),
    "台账": ("调解", "案件", "纠纷", "调解台账"),
    "百晓": ("村事百晓", "排查", "问题"),
    "月报": ("报表", "统计", "上报"),
    "设置": ("村庄信息", "屯组", "村干部", "干部", "纠纷类型"),
    "首页": ("主页", "提醒", "今天"),
    "帮助": ("说明", "F1"),
    "退出": ("关闭程序", "结束"),
    "结案": ("办结", "调解成功"),
    "导入": ("Excel", "表格", "读入"),
    "问题库": ("题库", "问题"),
    "转案件": ("调解案件", "案件"),
    "跟进": ("跟进事项", "事项"),
    "回访": ("回访记录",),
    "协议": ("协议书", "调解协议"),
    "定稿": ("上报", "月报定稿"),
    "保存": ("存",),
}


def synonyms(title: str) -> tuple[str, ...]:
    """The other words for a command's name: 导出 -> 打印, Excel, ..."""
    out: list[str] = []
    for word, others in SYNONYMS.items():
        if word in title:
            out += [w for w in others if w not in out and w not in title]
    return tuple(out)


@lru_cache(maxsize=512)
def _keys(text: str) -> frozenset[str]:
    """Pinyin keys of every run of Chinese (and letters) in `text`, from each of its characters
    on, so that the middle of a name is found too: '转到：备份与恢复' gives bfyhf, beifen, hf, huifu..."""
    keys: set[str] = set()
    for run in re.findall(r"\w+", unicodedata.normalize("NFKC", text)):
        for start, ch in enumerate(run):
            if is_han(ch) or ch.isascii():
                keys.update(name_keys(run[start:]).split())
    return frozenset(keys)


def help_words(help_text: str) -> tuple[str, ...]:
    """The words of a command's help line: its key and the section's other words
    ('F3：案件、纠纷、调解' -> F3, 案件, 纠纷, 调解; '按键 n' -> n)."""
    return tuple(w for w in re.findall(r"\w+", unicodedata.normalize("NFKC", help_text or ""))
                 if w not in ("按键",))


def score(query: str, title: str, help_text: str = "") -> float:
    """How well `query` finds the command `title` (0: not at all). Every word typed must be
    found: as characters in the name (1.0) or in one of its other words (0.8: SYNONYMS and
    the words of its help line, such as its key); as pinyin of the name (0.9) or of another
    word (0.7)."""
    words = unicodedata.normalize("NFKC", query or "").split()
    if not words:
        return 0.0
    others = synonyms(title) + help_words(help_text)
    plain_title = unicodedata.normalize("NFKC", title).lower()
    total = 1.0
    for word in words:
        low = word.lower()
        best = 0.0
        if low in plain_title:
            best = 1.0
        elif any(low in unicodedata.normalize("NFKC", w).lower() for w in others):
            best = 0.8
        else:
            typed = query_keys(word)
            if typed and any(k.startswith(t) for k in _keys(title) for t in typed):
                best = 0.9
            elif typed and any(k.startswith(t) for w in others for k in _keys(w) for t in typed):
                best = 0.7
        if not best:
            return 0.0
        total = min(total, best)
    # A shorter name is a closer match (备份 before 备份与恢复).
    return total * (0.9 + 0.1 / max(1, len(title)))


class DeskCommands(Provider):
    """The app's commands, found by characters, pinyin, initials and other words."""

    async def startup(self) -> None:
        # The readings table (pypinyin, 0.1-0.4 s) is loaded off the event loop while the
        # palette opens, not on the first key typed.
        await asyncio.to_thread(_keys, "备份")

    def _commands(self):
        return list(self.app.get_system_commands(self.screen))

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in self._commands():
            if discover:
                yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        for title, help_text, callback, *_ in self._commands():
            found = score(query, title, help_text)
            if found > 0:
                others = [w for w in synonyms(title) if w.lower() in query.lower()]
                shown = f"{title}（{'、'.join(others)}）" if others and query not in title else title
                yield Hit(found, Content(shown), callback, text=title, help=help_text)


class DeskPalette(CommandPalette):
    """Textual's palette, saying in Chinese that nothing matched."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("placeholder", PLACEHOLDER)
        kwargs.setdefault("id", "--command-palette")
        super().__init__(**kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # As CommandPalette's own (Textual 8.2.8), with the message in Chinese.
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)
