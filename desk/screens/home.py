"""F2 首页: the village's name and what needs attention today."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets.option_list import Option

from desk.screens.common.base import DeskScreen
from desk.widgets.keybar import KeyBar
from desk.widgets.text import OptionList, Static, ours, styled

MENU = [
    ("register", "1  调解台账", "F3"),
    ("checklist", "2  村事百晓", "F4"),
    ("report", "3  月报", "F5"),
    ("backup", "4  备份与恢复", "F6"),
    ("settings", "5  设置", "F7"),
    ("meeting", "6  形势分析会", "F8"),
    ("reception", "7  来访来电登记", "F9"),
    ("network", "8  调解网络", "命令"),
    ("plans", "9  应急预案", "命令"),
]


class HomeScreen(DeskScreen):
    """The first screen: drawn at once, filled in when the database is open."""

    SECTION = "home"
    BINDINGS = [
        Binding("1", "app.section('register')", "台账", show=False),
        Binding("2", "app.section('checklist')", "百晓", show=False),
        Binding("3", "app.section('report')", "月报", show=False),
        Binding("4", "app.section('backup')", "备份", show=False),
        Binding("5", "app.section('settings')", "设置", show=False),
        Binding("6", "app.section('meeting')", "分析会", show=False),
        Binding("7", "app.section('reception')", "来访", show=False),
        Binding("8", "app.section('network')", "调解网络", show=False),
        Binding("9", "app.section('plans')", "应急预案", show=False),
        Binding("r", "refresh", "刷新", id="home.refresh"),
    ]
    HELP = """## 首页
首页列出今天需要注意的事：超期和快到期的案件、到期的回访、快过司法确认期限的协议、村事百晓的待办事项、过期未办的分析会议定事项、过期未答复的来访来电，以及多久没有备份到U盘。

- **1-9** 或 **F3-F9** 进入各部分（调解网络、应急预案没有 F 键：按 8、9 或 Ctrl+P）；在右边的提醒上按 **Enter** 直接转过去
- **r** 刷新提醒
"""

    def compose(self) -> ComposeResult:
        yield Static("村委工作台", id="home-title")
        yield Static("正在打开数据库……", id="home-village")
        with Horizontal(id="home-body"):
            with Vertical(id="home-menu-box"):
                yield Static(ours("[b]功能[/b]"), classes="box-title")
                yield OptionList(
                    *[Option(f"{label}  ({key})", id=name) for name, label, key in MENU], id="home-menu"
                )
            with Vertical(id="home-attention-box"):
                yield Static(ours("[b]需要注意[/b]"), classes="box-title")
                yield OptionList(Option("正在读取……", disabled=True), id="home-attention")
        yield KeyBar()

    def load(self, engine):
        from db.attention import home_data

        return home_data(self.ctx.db_path, self.ctx.today)

    def show(self, data) -> None:
        if data is None:
            return
        village = data.village
        place = "".join(x for x in (village["county"], village["township"]) if x)
        self.query_one("#home-village", Static).update(
            styled((village["committee"] or village["name"], "bold"), f"  {place}    今天：{self.ctx.today:%Y年%m月%d日}")
        )
        box = self.query_one("#home-attention", OptionList)
        box.clear_options()
        data = data.items
        if not data:
            box.add_option(Option("今天没有需要特别注意的事。", disabled=True))
            return
        for i, item in enumerate(data):
            box.add_option(Option(f"{item.mark} {item.text}", id=f"att-{i}-{item.section}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if event.option_list.id == "home-menu":
            self.app.action_section(option_id)
        elif option_id.startswith("att-"):
            section = option_id.split("-", 2)[2]
            if section:
                self.app.action_section(section)

    def action_refresh(self) -> None:
        self.reload()
