"""See everything at 80x24 (issue 12): labels on one line, checkboxes on/off by a symbol, a field's
error not covered by a toast, no Textual English on the key line."""

from __future__ import annotations

from rich.cells import cell_len

from desk.app import make_app
from desk.screens.common.form import FormScreen
from desk.widgets.check import Checkbox
from desk.widgets.keybar import KeyBar
from desk.widgets.text import SelectionList
from tests.app.helpers import TODAY, screen_text, settle


async def _new_case_form(pilot) -> FormScreen:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormScreen)
    return pilot.app.screen


async def test_no_label_wraps_and_a_field_error_is_not_covered_by_a_toast_at_80x24(db_path, engine):
    """The new-case form at 80x24: every label on one line; saving it empty shows the field's
    error in full, said at the top of the form and not in a toast (one app for both looks)."""
    app = make_app(db_path, today=TODAY)
    said = []
    notify = app.notify
    app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))[1]
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _new_case_form(pilot)
        labels = list(form.query(".field-label"))
        texts = [str(label.render()) for label in labels]
        assert any("被申请人身份证号" in t for t in texts)
        for label in labels:
            await pilot.pause()
            label.scroll_visible()
            text = str(label.render())
            assert label.size.height == 1, text  # one line: not wrapped
            assert label.size.width >= cell_len(text.rstrip()), text
        # The error of a field is not covered by a toast.
        await pilot.press("ctrl+s")  # nothing filled in: refused
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#err-type_id").render()).strip()
        assert "请选择" in error
        form.query_one("#err-type_id").scroll_visible()
        await pilot.pause()
        shown = screen_text(app)
        assert error in shown  # the whole red line, nothing drawn over it
        assert shown.count("有填写不对的地方") == 1 and said == []  # said at the top: no toast
        top = form.query_one("#form-error")
        assert not top.has_class("hidden") and "Ctrl+S" in str(top.render())


async def test_checkboxes_show_on_and_off_by_a_symbol(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f")  # the filter form: 只看超期 ... are checkboxes
        await settle(pilot)
        box = app.screen.query_one("#f-overdue_only", Checkbox)
        box.value = False
        await pilot.pause()
        off = str(box.render())
        box.value = True
        await pilot.pause()
        on = str(box.render())
        assert off.startswith("[ ]") and on.startswith("[√]") and "只看超期" in on
        assert "X" not in on and "▐" not in on


async def test_a_selection_list_shows_its_ticks_as_symbols(db_path, engine):
    from textual.app import App

    class One(App):
        def compose(self):
            yield SelectionList(("一组", 1, True), ("二组", 2, False))

    app = One()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        widget = app.query_one(SelectionList)
        lines = ["".join(seg.text for seg in widget.render_line(y)) for y in range(2)]
        assert lines[0].startswith("[√] 一组") and lines[1].startswith("[ ] 二组"), lines


async def test_an_open_select_says_its_key_in_chinese(db_path, engine):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 24)) as pilot:
        form = await _new_case_form(pilot)
        form.query_one("#f-type_id").focus()
        await pilot.press("enter")  # open the menu
        await settle(pilot)
        line = str(app.screen.query_one(KeyBar).render())
        assert "Dismiss" not in line and "收起菜单" in line, line
        await pilot.press("escape")


async def test_ctrl_c_says_how_to_quit_in_chinese(db_path, engine):
    app = make_app(db_path, today=TODAY)
    said = []
    notify = app.notify
    app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))[1]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert said == ["要关闭程序，请按 Ctrl+Q。"]


async def test_f1_keeps_each_key_beside_its_words_at_80x24(db_path, engine):
    from desk.screens.help import blocks
    from desk.screens.register.screen import RegisterScreen

    rows = [row for block in blocks(RegisterScreen.HELP) if isinstance(block, list) for row in block]
    assert ("Esc", "清除查找") in rows and ("Home/End", rows[[k for k, _ in rows].index("Home/End")][1]) in rows
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        for key in app.screen.query(".help-key"):
            words = key.parent.query_one(".help-words")
            assert key.region.y == words.region.y  # the key's words start on the key's line
            assert key.size.height == 1 and str(key.render()).strip()
        shown = screen_text(app)
        assert "Enter" in shown and "打开案件" in shown
        line = next(row for row in shown.splitlines() if "Enter" in row)
        assert "打开案件" in line


async def test_the_report_at_80x24_scrolls_a_column_at_a_time(db_path, engine):
    from db.demo.register import add_demo_cases
    from desk.screens.report import ReportScreen, column_stops

    add_demo_cases(engine, TODAY, count=60)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        text = screen.query_one("#report-body").text
        body = screen.query_one("#report-body")
        widest = max(cell_len(line) for line in text.splitlines())
        assert body.max_scroll_x >= widest - 80  # lines are not wrapped: the pane scrolls sideways
        first = column_stops(text)[0][1]  # the first table: 项目 本月 上月 ...
        assert len(first) >= 4
        await pilot.press("right")
        await pilot.pause()
        assert body.scroll_x == first[1]
        await pilot.press("right")
        await pilot.pause()
        assert body.scroll_x == first[2]
        await pilot.press("left", "left")
        await pilot.pause()
        assert body.scroll_x == 0
