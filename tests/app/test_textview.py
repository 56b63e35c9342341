"""The report's text view: literal text, only lines in view drawn, scrolled both ways."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App

from desk.widgets.textview import TextView
from tests.app.helpers import screen_text
from tests.hostile import hostile_text


class One(App):
    def compose(self):
        yield TextView("", id="view")


async def test_text_is_shown_as_it_is_and_scrolls_both_ways():
    app = One()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(TextView)
        lines = [f"第{n}行 [/x] [b]粗[/b] 曾𠮷祥 " + "宽" * (n % 30) for n in range(500)]
        view.update("\n".join(lines))
        await pilot.pause()
        assert view.text == "\n".join(lines)
        assert view.virtual_size.height == 500
        assert view.virtual_size.width == max(cell_len(line) for line in lines)
        shown = screen_text(app)
        # 10 rows: 9 lines and the horizontal scrollbar
        assert "第0行 [/x] [b]粗[/b]" in shown and "第8行" in shown and "第9行" not in shown
        view.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "第499行" in screen_text(app)
        view.scroll_to(x=6, y=0, animate=False, immediate=True)
        await pilot.pause()
        assert screen_text(app).splitlines()[0].startswith("[/x]")
        view.update("新的一页")  # a new text starts at its first line and column
        await pilot.pause()
        assert (view.scroll_x, view.scroll_y) == (0, 0)
        assert screen_text(app).splitlines()[0].startswith("新的一页")


@settings(max_examples=6, deadline=None)
@given(batch=st.lists(hostile_text(control=True), min_size=8, max_size=8))
def test_hostile_text_never_breaks_the_view(batch):
    """Brackets, backslashes, control and bidi characters, emoji, rare CJK (8 texts to each app
    start): the view stays up, the brackets are shown, no control character reaches the terminal."""

    async def run():
        app = One()
        async with app.run_test(size=(30, 6)) as pilot:
            view = app.query_one(TextView)
            for words in batch:
                w = words.replace("\n", " ")
                view.update(f"甲[/x]{w}\x1b[31m\x07\n{w}乙")
                await pilot.pause()
                shown = screen_text(app)
                assert "甲[/x]" in shown
                assert "\x1b" not in shown and "\x07" not in shown
                assert view.virtual_size.height == len(view.text.split("\n")) == 2

    asyncio.run(run())
