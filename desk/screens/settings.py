"""F7 设置: the village, its hamlets, its cadres and the dispute types, all by keyboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, TabbedContent, TabPane

from desk.screens.common.base import DeskScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.common.form import FormScreen
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static
from forms.fields import CADRE_FORM, HAMLET_FORM, TYPE_FORM, VILLAGE_FORM

TABS = ("village", "hamlets", "cadres", "types")


class SettingsScreen(DeskScreen):
    """Four tabs; the keys act on the tab in front."""

    SECTION = "settings"
    BINDINGS = [
        Binding("escape", "app.section('home')", "返回", id="settings.back"),
        Binding("left", "tab(-1)", "上一页", show=False),
        Binding("right", "tab(1)", "下一页", show=False),
        Binding("n", "new", "新增", id="settings.new"),
        Binding("e", "edit", "修改", id="settings.edit"),
        Binding("delete", "retire", "停用/恢复", id="settings.retire"),
        Binding("ctrl+up", "move(-1)", "上移", id="settings.up"),
        Binding("ctrl+down", "move(1)", "下移", id="settings.down"),
    ]
    HELP = """## 设置
四页：**村庄信息**、**屯组**、**村干部**、**纠纷类型**。用 **←/→** 换页，**↑/↓** 选行。

- **e** 修改选中的一项（村庄信息页：修改村名、乡镇、案号简称等）
- **n** 新增屯组、干部或纠纷类型
- **Delete** 停用（再按一次恢复）。停用的屯组、干部、类型不再出现在选择列表里，但过去的记录都保留
- **Ctrl+↑ / Ctrl+↓** 调整屯组的顺序（报表按这个顺序排列）
- **Esc** 返回首页
"""

    def compose(self) -> ComposeResult:
        yield Static("设置", classes="screen-title")
        with TabbedContent(id="settings-tabs"):
            with TabPane("村庄信息", id="village"):
                yield Table(id="village-table", cursor_type="row", zebra_stripes=True)
            with TabPane("屯组", id="hamlets"):
                yield Table(id="hamlet-table", cursor_type="row", zebra_stripes=True)
            with TabPane("村干部", id="cadres"):
                yield Table(id="cadre-table", cursor_type="row", zebra_stripes=True)
            with TabPane("纠纷类型", id="types"):
                yield Table(id="type-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def prepare(self) -> None:
        self.query_one("#village-table", DataTable).add_columns("项目", "内容")
        self.query_one("#hamlet-table", DataTable).add_columns("顺序", "屯组", "负责干部", "状态")
        self.query_one("#cadre-table", DataTable).add_columns("姓名", "职务", "电话", "负责屯组", "状态")
        self.query_one("#type-table", DataTable).add_columns("顺序", "纠纷类型", "状态")
        self.call_after_refresh(self._focus_table)

    # ---- data ----------------------------------------------------------------------------

    def load(self, engine):
        from db.settings import village as st

        return {
            "village": st.get_village(engine),
            "hamlets": st.list_hamlets(engine),
            "cadres": st.list_cadres(engine),
            "types": st.list_types(engine, active_only=False),
        }

    def show(self, data) -> None:
        self.data = data
        self.refresh_bindings()
        v = data["village"]
        table = self.query_one("#village-table", DataTable)
        keep = table.cursor_row
        table.clear()
        if v is not None:
            for f in VILLAGE_FORM:
                table.add_row(f.label, f.show(getattr(v, f.name)), key=f.name)
        table.move_cursor(row=keep)
        names = {h.id: h.name for h in data["hamlets"]}
        leaders: dict[int, list[str]] = {}
        for view in data["cadres"]:
            if view.cadre.active:
                for hid in view.hamlet_ids:
                    leaders.setdefault(hid, []).append(view.cadre.name)
        self._fill("#hamlet-table", [
            (h.id, (str(h.position) if h.active else "", h.name, "、".join(leaders.get(h.id, [])) or "（无）",
                    "在用" if h.active else "已停用"))
            for h in data["hamlets"]
        ])
        self._fill("#cadre-table", [
            (c.cadre.id, (c.cadre.name, "、".join(c.cadre.role_list), c.cadre.phone,
                          "、".join(names.get(i, "?") for i in c.hamlet_ids), "在职" if c.cadre.active else "已停用"))
            for c in data["cadres"]
        ])
        self._fill("#type-table", [
            (t.id, (str(t.position) if t.active else "", t.name, "在用" if t.active else "已停用"))
            for t in data["types"]
        ])

    def _fill(self, selector: str, rows) -> None:
        table = self.query_one(selector, DataTable)
        keep = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=str(key))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))

    # ---- keys ----------------------------------------------------------------------------

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def _focus_table(self) -> None:
        pane = self.query_one(f"#{self.tab}", TabPane)
        pane.query_one(DataTable).focus()

    def action_tab(self, delta: int) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + delta) % len(TABS)]
        self.call_after_refresh(self._focus_table)

    def on_tabbed_content_tab_activated(self, _event) -> None:
        self.call_after_refresh(self._focus_table)

    def _selected_id(self) -> int | None:
        table = self.query_one(f"#{self.tab}", TabPane).query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key and key.isdigit() else None

    def check_action(self, action: str, parameters) -> bool | None:
        if not hasattr(self, "data"):
            return action in ("tab", "app.section") or None
        if action in ("move",):
            return self.tab == "hamlets"
        if action in ("new", "retire"):
            return self.tab != "village"
        return True

    def action_new(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        if self.tab == "village":
            self._edit_village()
        else:
            row_id = self._selected_id()
            if row_id is not None:
                self._open_form(row_id)

    def _edit_village(self) -> None:
        from db.settings.village import save_village

        v = self.data["village"]
        values = {f.name: getattr(v, f.name) for f in VILLAGE_FORM}
        engine = self.ctx.engine
        self.app.push_screen(
            FormScreen("修改村庄信息", VILLAGE_FORM, values=values, save=lambda vals: save_village(engine, **vals)),
            self._village_saved,
        )

    def _village_saved(self, village) -> None:
        if village is not None:
            self.app.village_changed(village)
            self.notify("村庄信息已保存。")

    def _open_form(self, row_id: int | None) -> None:
        from db.settings import village as st

        engine = self.ctx.engine
        tab = self.tab
        if tab == "hamlets":
            hamlet = next((h for h in self.data["hamlets"] if h.id == row_id), None)
            title = "新增屯组" if hamlet is None else f"修改屯组：{hamlet.name}"
            save = (lambda v: st.add_hamlet(engine, v["name"])) if hamlet is None else (
                lambda v: st.rename_hamlet(engine, hamlet.id, v["name"]))
            form = FormScreen(title, HAMLET_FORM, values={"name": hamlet.name if hamlet else ""}, save=save)
        elif tab == "cadres":
            view = next((c for c in self.data["cadres"] if c.cadre.id == row_id), None)
            values = {"active": True, "roles": [], "hamlet_ids": []}
            if view is not None:
                c = view.cadre
                values = {"name": c.name, "roles": c.role_list, "phone": c.phone,
                          "hamlet_ids": view.hamlet_ids, "active": c.active}
            choices = {"hamlet_ids": [(h.name, h.id) for h in self.data["hamlets"] if h.active]}
            cadre_id = view.cadre.id if view else None
            form = FormScreen(
                "新增村干部" if view is None else f"修改村干部：{view.cadre.name}", CADRE_FORM,
                values=values, choices=choices,
                save=lambda v: st.save_cadre(engine, cadre_id, name=v["name"], roles=v["roles"], phone=v["phone"] or "",
                                             hamlet_ids=v["hamlet_ids"], active=v["active"]),
            )
        elif tab == "types":
            t = next((t for t in self.data["types"] if t.id == row_id), None)
            form = FormScreen(
                "新增纠纷类型" if t is None else f"修改纠纷类型：{t.name}", TYPE_FORM,
                values={"name": t.name if t else ""},
                save=lambda v: st.save_type(engine, t.id if t else None, v["name"]),
            )
        else:
            return
        self.app.push_screen(form, self._saved)

    def _saved(self, result) -> None:
        if result is not None:
            self.notify("已保存。")
            self.reload()

    def action_retire(self) -> None:
        row_id = self._selected_id()
        if row_id is None:
            return
        from db.settings import village as st

        engine = self.ctx.engine
        if self.tab == "hamlets":
            row = next(h for h in self.data["hamlets"] if h.id == row_id)
            question = f"停用屯组“{row.name}”吗？过去的记录都会保留。" if row.active else f"恢复屯组“{row.name}”吗？"
            act = lambda: st.set_hamlet_active(engine, row_id, not row.active)  # noqa: E731
        elif self.tab == "cadres":
            view = next(c for c in self.data["cadres"] if c.cadre.id == row_id)
            c = view.cadre
            question = f"把“{c.name}”设为不在职吗？过去的记录都会保留。" if c.active else f"把“{c.name}”恢复为在职吗？"
            act = lambda: st.save_cadre(engine, c.id, name=c.name, roles=c.role_list, phone=c.phone,  # noqa: E731
                                        hamlet_ids=view.hamlet_ids, active=not c.active)
        elif self.tab == "types":
            t = next(t for t in self.data["types"] if t.id == row_id)
            question = f"停用纠纷类型“{t.name}”吗？过去的案件不受影响。" if t.active else f"恢复纠纷类型“{t.name}”吗？"
            act = lambda: st.set_type_active(engine, row_id, not t.active)  # noqa: E731
        else:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(act)

        self.app.push_screen(ConfirmScreen(question), answered)

    def action_move(self, delta: int) -> None:
        row_id = self._selected_id()
        if row_id is None:
            return
        from db.settings.village import move_hamlet

        engine = self.ctx.engine
        table = self.query_one("#hamlet-table", DataTable)
        target = max(0, table.cursor_row + delta)
        self._run(lambda: move_hamlet(engine, row_id, delta), cursor=target)

    def _run(self, fn, cursor: int | None = None) -> None:
        def job():
            try:
                fn()
            except ValueError as exc:
                self.app.call_from_thread(self.notify, getattr(exc, "message", str(exc)), severity="error")
            self.app.call_from_thread(self._after_change, cursor)

        self.run_worker(job, thread=True, group="write")

    def _after_change(self, cursor: int | None) -> None:
        if cursor is not None:
            self.query_one("#hamlet-table", DataTable).move_cursor(row=cursor)
        self.reload()
