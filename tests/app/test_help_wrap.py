"""F1 at 80 and 100 columns: a key (**Ctrl+S**) is never cut across two lines, and never left
alone at a line's end with its words on the next (desk.screens.help.HelpProse)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rich.cells import cell_len

from desk.app import make_app
from desk.screens.help import BOLD, GLOBAL_HELP, HelpProse, blocks, wrap_words
from desk.sections import SECTIONS
from tests.app.helpers import TODAY, screen_text, settle

DESK = Path(__file__).resolve().parents[2] / "desk"
HELPS = {f"{path.relative_to(DESK)}:{i}": m.group(1)
         for path in sorted(DESK.rglob("*.py"))
         for i, m in enumerate(re.finditer(r'HELP = """(.*?)"""', path.read_text(encoding="utf-8"), re.S))}
HELPS["help.py:GLOBAL_HELP"] = GLOBAL_HELP


def _ends(text: str) -> Counter:
    """The keys that end a paragraph or a line of the source (nothing after them to keep near)."""
    return Counter(m.group(1) for m in re.finditer(r"\*\*([^*]+)\*\*[ \t]*(?=\n|$)", text))


def _line_end_keys(lines) -> Counter:
    out: Counter = Counter()
    for line in lines:
        parts = [(t, b) for t, b in line if b or t.strip()]
        if parts and parts[-1][1]:
            out[parts[-1][0]] += 1
    return out


def _check_prose(text: str, width: int) -> None:
    lines = HelpProse(text).lines(width)
    drawn = [part for line in lines for part in line]
    assert [t for t, b in drawn if b] == BOLD.findall(text)  # every key drawn whole, in order
    assert _line_end_keys(lines) == _ends(text), (text, width)  # none alone at a line's end
    assert all(cell_len("".join(t for t, _ in line)) <= width for line in lines), (text, width)


def test_the_help_text_of_the_sample_issue_wraps_with_its_keys():
    text = "没有错误时按 **Ctrl+S** 一次导入全部（要么全部导入，要么一个也不导入）。**Ctrl+T** 写出空白模板。"
    for width in range(12, 80):
        lines = wrap_words(text, width)
        for line in lines[:-1]:
            assert not line[-1][1], (width, lines)  # a key never ends a line...
        for line in lines:
            for i, (_, bold) in enumerate(line):
                if bold:  # ... and the word after it is on its line
                    assert "".join(x for x, _ in line[i + 1:]).strip(), (width, lines)
    assert wrap_words("四页：**村庄信息**、**屯组**。", 10) == [[("四", False), ("页", False), ("：", False)],
                                                               [("村庄信息", True), ("、", False)],
                                                               [("屯组", True), ("。", False)]]


@pytest.mark.parametrize("width", [76, 96])  # 80 and 100 columns less the help's padding
@pytest.mark.parametrize("name", sorted(HELPS))
def test_every_help_text_keeps_its_keys_whole_and_beside_their_words(name, width):
    for block in blocks(HELPS[name]):
        if isinstance(block, str):
            for piece in re.split(r"\n\s*\n", block):
                if "**" in piece:
                    _check_prose(piece, width)
            continue
        key_width = max(cell_len(k) for k, _ in block) + 2
        for _key, words in block:
            _check_prose(words, width - 3 - key_width)


@pytest.mark.slow  # 14 s: CI runs it; the everyday tier keeps the test of every help text above
async def test_f1_on_every_section_keeps_keys_with_their_words(db_path, engine):
    """At 80x24, then (the same app, the terminal made larger) at 100x30."""
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in ((80, 24), (100, 30)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert app.size == size
            for section in SECTIONS:
                app.action_section(section.name)
                await settle(pilot)
                assert getattr(app.screen, "SECTION", None) == section.name
                help_text = app.screen.HELP
                await pilot.press("f1")
                await settle(pilot)
                shown_keys: list[str] = []
                for prose in app.screen.query(HelpProse):
                    lines = prose.lines(prose.content_size.width)
                    assert prose.content_size.width > 0 and prose.size.height == len(lines)
                    assert _line_end_keys(lines) == _ends(prose.text), (size, section.name, prose.text)
                    assert all(cell_len("".join(t for t, _ in ln)) <= prose.content_size.width for ln in lines)
                    shown_keys += [t for line in lines for t, b in line if b]
                for key in app.screen.query(".help-key"):  # the key column beside its rows' words
                    words = key.parent.query_one(".help-words")
                    assert key.region.y == words.region.y
                # On the screen itself (as far as it scrolls into view): no key cut across two lines.
                rows = [row.strip() for row in screen_text(app).splitlines()]
                for k in set(BOLD.findall(help_text + GLOBAL_HELP)) | set(shown_keys):
                    if len(k) > 1:
                        assert "".join(rows).count(k) == sum(row.count(k) for row in rows), (size, section.name, k)
                await pilot.press("escape")
                await settle(pilot)
