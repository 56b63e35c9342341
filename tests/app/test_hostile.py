"""Text is always text: names, summaries, searches full of markup, backslashes, emoji,
combining marks, long words and right-to-left marks reach the screen as they were typed, and
never crash or restyle a screen.

Three layers: the helpers themselves (desk/widgets/text.py, desk/widgets/table.py, the app's notify) with many
hostile values; a source check that desk/ has no other way to put words into a widget; and
the whole app driven over every screen with hostile data stored in one database.
"""

from __future__ import annotations

import ast
import asyncio
import shutil
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App
from textual.content import Content

from desk.app import DeskApp, make_app
from desk.widgets.table import Table
from desk.widgets.text import (
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    cell,
    lines,
    literal,
    styled,
)
from tests.app.helpers import TODAY, screen_text, settle, type_text
from tests.hostile import hostile_text, storable_text

DESK = Path(__file__).resolve().parents[2] / "desk"

# Stored as names, summaries, questions ... (each one fits a 50-character name).
HOSTILE = [
    "[/x]",
    "[reverse]反白[/reverse]",
    "张[/]三[b]",
    "\\[转义\\]\\",
    "[@click=app.quit]点我[/]",
    "[link=http://x]链[/link]",
    "曾𠮷祥😀👨‍👩‍👧",
    "e\u0301a\u0308\u0304组",
    "Donaudampfschifffahrtsgesellschaftskapitaenswitwe",
    "\u200f右到左\u200e",
    "{0}%s$x`'\";--",
]


def _plain(visual) -> str:
    return visual.plain if isinstance(visual, Content | Text) else str(visual)


# ---- the helpers, with many hostile values ----------------------------------------------------


def _acts(ch: str) -> bool:
    """A character a terminal would act on: C0/C1 controls but line break and tab; line and
    paragraph separators; bidi overrides and isolates."""
    return ((unicodedata.category(ch) == "Cc" and ch not in "\t\n")
            or ch in "\u2028\u2029" or "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069")


@settings(max_examples=200, deadline=None)
@given(hostile_text(control=True))
def test_literal_and_cells_keep_every_character(s):
    # Every character is kept but those that act on the terminal (controls, bidi overrides),
    # which show as U+FFFD: one for one, nothing else changes.
    expected = "".join("\ufffd" if _acts(ch) else ch for ch in s)
    assert literal(s).plain == expected
    assert styled(("x", "bold"), s, (s, "reverse")).plain == "x" + expected + expected
    assert lines([s, ("y", "dim"), s]).plain == f"{expected}\ny\n{expected}"
    assert cell(s).plain == expected  # a DataTable cell: plain text, never read as markup
    assert not cell(s).spans


async def test_widgets_show_hostile_words_as_they_are():
    """Static, Label, OptionList, SelectionList, Select and Table from desk: a str is literal."""
    words = HOSTILE

    class Probe(App):
        def compose(self):
            for i, w in enumerate(words):
                yield Static(w, id=f"s{i}")
                yield Label(w, id=f"l{i}")
            yield OptionList(*words, id="ol")
            yield SelectionList(*[(w, i) for i, w in enumerate(words)], id="sl")
            yield Select([(w, i) for i, w in enumerate(words)], value=0, id="sel")
            yield Table(id="t")

    app = Probe()
    async with app.run_test(size=(120, 80)) as pilot:
        table = app.query_one("#t", Table)
        table.add_column("[b]名[/b]", key="a")
        for i, w in enumerate(words):
            table.add_row(w, key=str(i))
        table.update_cell("0", "a", "[/x]再改")
        await pilot.pause()
        for i, w in enumerate(words):
            assert _plain(app.query_one(f"#s{i}", Static).render()) == Content(w).plain
            assert _plain(app.query_one(f"#l{i}", Label).render()) == Content(w).plain
        assert [_plain(t) for t in table.get_column("a")] == ["[/x]再改"] + words[1:]
        assert table.ordered_columns[0].label.plain == "[b]名[/b]"
        text = screen_text(app)
        for w in ("[/x]", "[reverse]反白[/reverse]", "张[/]三[b]", "[@click=app.quit]点我[/]"):
            assert w in text


async def test_desk_notify_is_literal(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        for w in HOSTILE[:6]:
            app.notify(w)
            app.screen.notify(w, title="[/x]", markup=True)  # asked for markup: still literal
        await settle(pilot)
        text = screen_text(app)
        assert "[/x]" in text and "[reverse]反白[/reverse]" in text
        assert app.is_running


# ---- no other way into a widget -----------------------------------------------------------------

RAW_WIDGETS = {"Static", "Label", "OptionList", "SelectionList", "Select", "Markdown", "Pretty", "Log",
               "RichLog", "Button", "Link", "Tree", "ListView", "ListItem"}
ALLOWED_MARKUP_FILES = {"text.py"}


def _sources():
    for path in sorted(DESK.rglob("*.py")):
        if path.name.startswith("cli"):
            continue  # the command line prints to a terminal, not into widgets
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_desk_uses_only_the_literal_widgets():
    """desk/ takes Static, Label, OptionList, SelectionList and Select from desk.widgets.text (they show
    a str as it is); no escape() by hand; markup only from constants (ours("...")); no
    DataTable but desk.widgets.table.Table; no toast asks for markup."""
    problems = []
    for path, tree in _sources():
        rel = path.relative_to(DESK.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(("textual", "rich")):
                names = {a.name for a in node.names}
                if path.name != "text.py" and node.module == "textual.widgets" and names & RAW_WIDGETS - {"Markdown"}:
                    problems.append(f"{rel}:{node.lineno} imports {sorted(names & RAW_WIDGETS)} from textual")
                if node.module in ("rich.markup", "textual.markup") and "escape" in names:
                    problems.append(f"{rel}:{node.lineno} escapes by hand: use desk.widgets.text")
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == "from_markup" and path.name not in ALLOWED_MARKUP_FILES:
                    problems.append(f"{rel}:{node.lineno} from_markup outside desk/widgets/text.py: use ours()")
                if name == "ours" and not (node.args and isinstance(node.args[0], ast.Constant)):
                    problems.append(f"{rel}:{node.lineno} ours() of something built: use styled()")
                if name == "DataTable":
                    problems.append(f"{rel}:{node.lineno} DataTable(): use desk.widgets.table.Table")
                if name == "notify" and any(k.arg == "markup" and not (isinstance(k.value, ast.Constant)
                                                                       and k.value.value is False)
                                            for k in node.keywords):
                    problems.append(f"{rel}:{node.lineno} notify(markup=...)")
                if name == "Markdown" and node.args and not isinstance(node.args[0], ast.Constant | ast.BinOp
                                                                      | ast.Attribute | ast.Name):
                    problems.append(f"{rel}:{node.lineno} Markdown of data")
    assert problems == []


def test_markdown_shows_only_our_help():
    """The only Markdown widget (F1) shows the screens' HELP constants."""
    src = (DESK / "screens" / "help.py").read_text(encoding="utf-8")
    assert "Markdown(block)" in src and "blocks(self.text + " in src  # pieces of the HELP text
    app_src = (DESK / "app.py").read_text(encoding="utf-8")
    assert 'text = getattr(self.screen, "HELP", "")' in app_src


# ---- the whole app with hostile data ------------------------------------------------------------


def _seed(engine, words: list[str], *, tag: str = "") -> dict:
    """Store `words` everywhere a clerk types: village, hamlets, cadres, types, parties,
    summaries, records, a checklist question, round, answer and follow-up item."""
    from db.checklist import questions as c
    from db.checklist.answers import add_follow_up_item
    from db.register.records import add_proceeding
    from db.register.write import create_dispute
    from db.settings.village import add_hamlet, save_cadre, save_type, save_village

    save_village(engine, name=words[3][:50], committee=words[0])
    hamlets = [add_hamlet(engine, (w + tag)[:50]).id for w in words]
    cadres = [save_cadre(engine, None, name=(w + tag)[:50], roles=["调解员", "片长"], phone="",
                         hamlet_ids=[h]).id for w, h in zip(words[:3], hamlets, strict=False)]
    types = [save_type(engine, None, (w + tag)[:50]).id for w in words[:2]]
    cases = []
    for i, w in enumerate(words):
        d = create_dispute(engine, dict(accepted_on=TODAY - timedelta(days=i), type_id=types[i % len(types)],
                                        hamlet_id=hamlets[i], summary=w, request=w,
                                        presiding_id=cadres[i % len(cadres)]),
                           [dict(name=w[:50]), dict(name=words[-1 - i][:50], role="respondent", address=w)])
        add_proceeding(engine, d.id, dict(held_on=TODAY, kind="mediation", place=w, mediators=w, statements=w,
                                          rights_notified=True))
        cases.append(d.id)
    c.load_default_bank(engine)
    q = c.add_question(engine, "Z99", words[1][:20], words[2], hint=words[3], scope="village")
    rnd = c.open_round(engine, words[0][:30], date(2026, 10, 1), date(2026, 12, 31))
    m = c.matrix(engine, rnd.id)
    aid = m.assignment_ids[(q.id, None)]
    from db.checklist.answers import answer

    answer(engine, aid, words[4], TODAY, cadres[0], needs_action=True)
    add_follow_up_item(engine, words[5][:50], cadres[0], TODAY + timedelta(days=3), hamlets[0], opened_on=TODAY)
    return dict(cases=cases, question=q.id, round=rnd.id)


def _visible(app, words) -> list[str]:
    """The words (the part that fits a line) not on the screen."""
    text = screen_text(app)
    return [w for w in words if Content(w).plain[:12] not in text]


async def _tour(pilot, words: list[str], *, search: str) -> None:
    """Every screen with the hostile data on it; after each step the app still runs."""
    app = pilot.app
    await settle(pilot)
    assert _visible(app, [words[0]]) == []  # F2: the committee's name

    await pilot.press("f3")
    await settle(pilot)
    table = app.screen.query_one(Table)
    shown = [_plain(table.get_cell_at((r, 4))) for r in range(table.row_count)]
    assert all(any(x.startswith(w[:6]) for x in shown) for w in words), (shown, words)
    # A search holding markup: kept as typed, shown in the filter line as typed.
    await pilot.press("slash")
    await type_text(pilot, search)
    await pilot.press("enter")
    await settle(pilot)
    q = app.screen.filters.q  # what the box took (a key that is no character types nothing)
    assert q == app.screen.query_one("#register-search").value.strip()
    if q:
        assert f"查找“{q}”" in _plain(app.screen.query_one("#register-filters").render())
    await pilot.press("c")
    await settle(pilot)
    # The case screen (its forms too: Select lists of hostile hamlets, types, cadres).
    await pilot.press("enter")
    await settle(pilot)
    case = app.screen
    facts = _plain(case.query_one("#case-facts").render())
    assert words[0] in facts or Content(words[0]).plain in facts
    assert _visible(app, [words[0]]) == []
    for key in ("e", "a", "r", "v", "p"):
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is not case
        await pilot.press("escape")
        await settle(pilot)
        if app.screen is not case:  # "放弃修改吗？"
            await pilot.press("y")
            await settle(pilot)
        assert app.screen is case
    await pilot.press("escape")
    await settle(pilot)
    # F3 again: the stored names are drawn again (they once crashed every later F3).
    await pilot.press("f2", "f3")
    await settle(pilot)
    assert app.screen.total == len(words)

    await pilot.press("f4")
    await settle(pilot)
    assert _visible(app, [words[0][:10]]) == []  # the round's name
    for key in ("i", "g", "b"):
        await pilot.press(key)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    await pilot.press("b", "slash")
    await type_text(pilot, search)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("escape", "escape")
    await settle(pilot)

    for key in ("f5", "f6", "f7"):
        await pilot.press(key)
        await settle(pilot)
    for _ in range(3):  # settings: hamlets, cadres, types
        await pilot.press("right")
        await settle(pilot)
    await pilot.press("f1")
    await settle(pilot)
    await pilot.press("escape", "ctrl+p")
    await settle(pilot)
    await type_text(pilot, search)
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    assert app.is_running


def _run(tmp_path_factory, empty_file, words: list[str], search: str) -> None:
    """Store the fixed hostile words and `words` in one new database (a copy of the empty one,
    made once by tests/conftest.py); tour it in one app run."""
    from db.engine import dispose_engine
    from db.schema import open_database
    from db.settings.village import setup_village
    from desk.screens.register.case import CaseScreen

    extra = [w.strip()[:40] for w in words]
    path = tmp_path_factory.mktemp("hostile") / "village.db"
    shutil.copyfile(empty_file, path)
    path.chmod(0o600)
    engine = open_database(path)
    setup_village(engine, dict(name="青石村", committee="青石村委", case_prefix="青调", clerk="李文书"), ["一组"])
    ids = _seed(engine, HOSTILE)
    _seed_more(engine, extra)
    everything = HOSTILE + extra
    DeskApp.errors_reported.clear()

    async def run():
        app = make_app(path, today=TODAY)
        async with app.run_test(size=(160, 50)) as pilot:
            await _tour(pilot, everything, search=search)
            # The case of the markup-named party, its table and records, word for word.
            await app.push_screen(CaseScreen(ids["cases"][2]))
            await settle(pilot)
            table = app.screen.query_one("#case-parties", Table)
            assert _plain(table.get_cell_at((0, 1))) == "张[/]三[b]"
            assert "张[/]三[b]" in screen_text(app)
            assert "张[/]三[b]" in _plain(app.screen.query_one("#case-records").render())
            assert app.is_running

    try:
        asyncio.run(run())
    finally:
        dispose_engine(path)
    assert DeskApp.errors_reported == []


def _seed_more(engine, words: list[str]) -> None:
    """Generated words as hamlets and parties of more cases (names stay unique with a tag)."""
    from db.register.write import create_dispute
    from db.settings.village import add_hamlet

    for i, w in enumerate(words):
        h = add_hamlet(engine, f"{w}·{i}"[:50]).id
        create_dispute(engine, dict(accepted_on=TODAY - timedelta(days=30 + i), type_id=1, hamlet_id=h,
                                    summary=w, request=w), [dict(name=w[:50], address=w)])


WORDS = st.lists(storable_text(max_size=6), min_size=6, max_size=6)
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # a Pilot run per try: shrinking takes hours


@settings(max_examples=1, deadline=None, phases=NO_SHRINK, suppress_health_check=list(HealthCheck))
@given(WORDS, hostile_text(max_size=5))
def test_every_screen_shows_hostile_data_as_typed(tmp_path_factory, _template_files, words, search):
    """The fixed hostile words and one generated batch, in one database, over every screen."""
    _run(tmp_path_factory, _template_files["empty"], words, search)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, phases=NO_SHRINK, suppress_health_check=list(HealthCheck))
@given(WORDS, hostile_text(max_size=5))
def test_many_generated_batches_survive_every_screen(tmp_path_factory, _template_files, words, search):
    _run(tmp_path_factory, _template_files["empty"], words, search)


async def test_a_name_typed_with_markup_is_offered_saved_and_shown(db_path, engine):
    """The party form: typing "[/x]" lists the people already registered (their names
    literal), the name is saved as typed, the case shows it, its edit form is titled with it."""
    from db.register.write import create_dispute
    from desk.screens.common.form import FormScreen
    from desk.screens.register.case import CaseScreen

    d = create_dispute(engine, dict(accepted_on=TODAY, type_id=1, summary="[reverse]案情"),
                       [dict(name="[/x]李[b]", phone="13907710011")])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(CaseScreen(d.id))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-name").focus()
        await type_text(pilot, "[/x]")
        await settle(pilot)
        known = form.query_one("#known-people")
        assert known.option_count == 1 and "[/x]李[b]" in screen_text(app)
        await type_text(pilot, "王\\[b]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        names = [_plain(c) for c in app.screen.query_one("#case-parties", Table).get_column_at(1)]
        assert names == ["[/x]李[b]", "[/x]王\\[b]"]
        assert "[/x]王\\[b]" in screen_text(app) and "[reverse]案情" in screen_text(app)
        table = app.screen.query_one("#case-parties", Table)
        table.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert "修改当事人 [/x]王\\[b]" in screen_text(app)
        assert app.is_running
