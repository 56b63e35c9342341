"""Ctrl+P finds every command by its characters, its full pinyin or initials and by the words the
README and F1 use (打印 finds 导出 and 打印), and says in Chinese when nothing matches."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from textual.command import CommandList, CommandPalette

from db.pinyin import name_keys
from db.register import write as r
from desk.app import make_app
from desk.palette import NO_MATCHES, DeskPalette, score, synonyms
from desk.screens.backup.screen import BackupScreen
from desk.screens.register.case import CaseScreen
from desk.screens.register.screen import RegisterScreen
from desk.sections import SECTIONS
from tests.app.helpers import TODAY, settle, type_text
from tests.hostile import hostile_text


def _shown(pilot) -> list[str]:
    """The lines the palette lists now (plain text)."""
    options = pilot.app.screen.query_one(CommandList).options
    return [str(o.prompt) if not hasattr(o.prompt, "plain") else o.prompt.plain for o in options]


async def _ask(pilot, query: str, until=None) -> list[str]:
    """The palette's lines for `query`: once `until(lines)` holds (the palette streams its
    results), or else past its half-second wait before it says nothing matched."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one("#--input Input").value = ""
    await type_text(pilot, query)
    await settle(pilot)
    if until is not None:
        for _ in range(40):
            if until(_shown(pilot)):
                return _shown(pilot)
            await pilot.pause(0.05)
    await pilot.pause(0.7)
    return _shown(pilot)


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
async def test_palette_by_pinyin_initials_and_other_words(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, DeskPalette)
        for query in ("bf", "beifen", "备份", "beif", "备f", "BF", "还原"):
            shown = await _ask(pilot, query)
            assert any("备份与恢复" in line for line in shown), (query, shown)
            assert not any("调解台账" in line for line in shown), (query, shown)
        shown = await _ask(pilot, "tz")
        assert any("调解台账" in line for line in shown), shown
        # Nothing matches: said in Chinese, never Textual's English.
        shown = await _ask(pilot, "qqqxx")
        assert any(NO_MATCHES in line for line in shown), shown
        assert not any("No matches" in line for line in shown)
        # Enter runs the best match: bf goes to F6.
        await _ask(pilot, "bf")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BackupScreen), app.screen


async def test_dayin_finds_export_on_the_list_and_print_on_a_case(db_path, engine):
    d = r.create_dispute(engine, dict(accepted_on=date(2026, 11, 2), type_id=2, hamlet_id=1),
                         [dict(name="曾𠮷祥")])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for query in ("打印", "dayin", "dy"):
            shown = await _ask(pilot, query, until=lambda s: any(line.startswith("导出") for line in s))
            assert any(line.startswith("导出") for line in shown), (query, shown)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.rows[0].id == d.id
        await pilot.press("enter")  # the list's one case
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen), app.screen
        await pilot.press("ctrl+p")
        await settle(pilot)
        printing = lambda s: any(line.startswith("打印") for line in s)  # noqa: E731
        shown = await _ask(pilot, "打印", until=printing)
        assert any(line.startswith("打印") for line in shown), shown
        shown = await _ask(pilot, "daochu", until=printing)  # the other way round: 导出 finds 打印
        assert any(line.startswith("打印") for line in shown), shown


def _commands(app, screen) -> list[tuple[str, str]]:
    return [(c.title, c.help) for c in app.get_system_commands(screen)]


async def test_every_command_is_found_by_characters_pinyin_and_initials(db_path, engine):
    """On every section's screen, every command the palette offers is found by its name, by
    the full pinyin and by the initials of each word of its name. One app visits each section
    in turn (an app start per section cost more than the checks)."""
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for section in [s.name for s in SECTIONS]:
            app.action_section(section)
            await settle(pilot)
            commands = _commands(app, app.screen)
            assert len(commands) >= len(SECTIONS) + 2, section
            for title, help_text in commands:
                best = max(score(title, *c) for c in commands)
                assert score(title, title, help_text) == best > 0, (section, title)
                for word in re.findall(r"[\u4e00-\u9fff]+", title):
                    keys = name_keys(word).split()
                    initials, full = keys[0], next(k for k in keys if len(k) > len(word) or k == keys[-1])
                    for query in (word, initials, full):
                        assert score(query, title, help_text) > 0, (section, title, query)


@settings(max_examples=40, deadline=None)
@given(hostile_text(max_size=5, control=True))
def test_any_typing_is_scored_without_error(query):
    for title, help_text in (("转到：备份与恢复", "F6：恢复、U盘"), ("导出", "按键 p"), ("退出程序", "Ctrl+Q")):
        assert 0 <= score(query, title, help_text) <= 1


def test_synonyms_come_from_the_readme_and_f1_words():
    assert "打印" in synonyms("导出") and "导出" in synonyms("打印")
    assert "删除" in synonyms("作废") and "搜索" in synonyms("查找")
    assert score("打印", "导出", "按键 p") > 0 and score("打印", "打印", "按键 p") > score("打印", "导出", "按键 p")
    assert score("xxxx", "导出", "按键 p") == 0
    assert score("f3", "转到：调解台账", "F3：案件、纠纷") > 0  # the key, from the help line
    assert score("jiufen", "转到：调解台账", "F3：案件、纠纷") > 0  # the section's words (desk.sections)
    assert score("anjian", "新建", "按键 n") == 0
