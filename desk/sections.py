"""The app's sections, listed once: their F-keys, the key line, the palette and F1 come from here.

Each section names its screen with a real import inside a small function rather than at the
top of this module: the screens pull in SQLModel through forms (about 1 s on the office PC), and
the first frame is drawn before that (bench/startup.py). An import that fails is an error like
any other (logged and said), never a section quietly "not installed".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual.screen import Screen


def _home() -> type[Screen]:
    from desk.screens.home import HomeScreen

    return HomeScreen


def _register() -> type[Screen]:
    from desk.screens.register.screen import RegisterScreen  # late: SQLModel via forms

    return RegisterScreen


def _checklist() -> type[Screen]:
    from desk.screens.checklist.screen import ChecklistScreen  # late: SQLModel via forms

    return ChecklistScreen


def _report() -> type[Screen]:
    from desk.screens.report import ReportScreen  # late: SQLModel via forms

    return ReportScreen


def _backup() -> type[Screen]:
    from desk.screens.backup.screen import BackupScreen  # late: SQLModel via forms

    return BackupScreen


def _settings() -> type[Screen]:
    from desk.screens.settings import SettingsScreen  # late: SQLModel via forms

    return SettingsScreen


def _meeting() -> type[Screen]:
    from desk.screens.meeting.screen import MeetingScreen  # late: SQLModel via forms

    return MeetingScreen


def _reception() -> type[Screen]:
    from desk.screens.reception.screen import ReceptionScreen  # late: SQLModel via forms

    return ReceptionScreen
def _network() -> type[Screen]:
    from desk.screens.network.screen import NetworkScreen  # late: SQLModel via forms

    return NetworkScreen


def _plans() -> type[Screen]:
    from desk.screens.plans.screen import PlansScreen  # late: SQLModel via forms

    return PlansScreen


@dataclass(frozen=True)
class Section:
    name: str  # the action's argument: section('register')
    title: str  # its Chinese name (palette, F1)
    key: str | None  # its F-key, or None (reached by the palette and the home screen)
    short: str  # the key line's word
    screen: Callable[[], type[Screen]]
    shown: bool = True  # on the key line
    words: tuple[str, ...] = field(default=())  # more words the palette finds it by


SECTIONS: tuple[Section, ...] = (
    Section("home", "首页", "f2", "首页", _home, words=("主页", "提醒")),
    Section("register", "调解台账", "f3", "台账", _register, words=("案件", "纠纷", "调解")),
    Section("checklist", "村事百晓", "f4", "百晓", _checklist, words=("排查", "问题", "待办")),
    Section("report", "月报", "f5", "月报", _report, words=("统计", "报表", "打印")),
    Section("backup", "备份与恢复", "f6", "备份", _backup, words=("恢复", "U盘", "还原")),
    Section("settings", "设置", "f7", "设置", _settings, shown=False, words=("村庄", "屯组", "干部", "纠纷类型")),
    Section("meeting", "形势分析会", "f8", "分析会", _meeting, shown=False, words=("会议", "议定事项", "会议记录")),
    Section("reception", "来访来电登记", "f9", "来访", _reception, shown=False, words=("来电", "信访", "答复", "群众反映")),
    Section("network", "调解网络", None, "网络", _network, shown=False,
            words=("三级调解网络", "调委会", "调解小组", "信息员", "十户长", "义务调解员", "名册", "联系公示")),
    Section("plans", "应急预案", None, "预案", _plans, shown=False,
            words=("防汛", "地质灾害", "森林防火", "火灾", "群体性纠纷", "演练", "避险", "安置点")),
)

BY_NAME = {s.name: s for s in SECTIONS}
