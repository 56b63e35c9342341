"""g on the matrix: progress of the round per cadre and per hamlet, and what is still open."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from wcwidth import wcswidth

from desk.screens.common.base import DeskScreen
from desk.widgets.keybar import KeyBar
from desk.widgets.text import Static, styled
from desk.widgets.text import lines as join_lines

BAR = 10


@dataclass
class ProgressData:
    cadres: list
    hamlets: list
    still_open: object


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns (Chinese counts two)."""
    return text + " " * max(0, width - max(wcswidth(text), 0))


def progress_line(p) -> Content:
    """'覃美玲    ████████░░  80%  已答 160/200  待处理 2  已处理 5'"""
    full = round(p.share * BAR)
    bar = "█" * full + "░" * (BAR - full)
    action = ("  ", (f"待处理 {p.action}", "bold")) if p.action else ()
    return styled(f"{pad(p.name, 10)}{bar} {p.share:4.0%}  已答 {p.answered:>4}/{p.total:<4}", *action,
                  f"  已处理 {p.acted}" if p.acted else "")


class ProgressScreen(DeskScreen):
    """Read-only: how far each cadre and each hamlet has got, and the cells not yet answered."""

    SECTION = "checklist-progress"
    BINDINGS = [Binding("escape", "back", "返回", id="progress.back")]
    HELP = """## 排查进度
一轮排查按干部、按屯组的进度：已答多少、需要跟进还没处理的（待处理）、已经转为案件或跟进事项的（已处理）。最下面按屯组列出还没答的问题编号和负责人，快到结束日期时先催这些。**↑/↓ PgUp/PgDn** 翻看，**Esc** 返回进度表。
"""

    def __init__(self, round_id: int) -> None:
        super().__init__()
        self.round_id = round_id

    def compose(self) -> ComposeResult:
        yield Static("排查进度", classes="screen-title", id="progress-title")
        with VerticalScroll(id="progress-body"):
            yield Static("正在读取……", id="progress-text")
        yield KeyBar()

    def prepare(self) -> None:
        self.query_one("#progress-body").focus()

    def load(self, engine) -> ProgressData:
        from db.checklist import questions as c

        return ProgressData(c.progress_by_cadre(engine, self.round_id), c.progress_by_hamlet(engine, self.round_id),
                            c.still_open(engine, self.round_id, self.ctx.today))

    def show(self, data: ProgressData) -> None:
        so = data.still_open
        self.query_one("#progress-title", Static).update(f"排查进度：{so.round_name}")
        if so.days_left > 0:
            when = f"还有{so.days_left}天结束"
        else:
            when = "今天结束" if so.days_left == 0 else f"已过结束日期{-so.days_left}天"
        lines = [("按干部", "bold")] + [progress_line(p) for p in data.cadres]
        lines += ["", ("按屯组", "bold")] + [progress_line(p) for p in data.hamlets]
        lines += ["", styled((f"还没答的：{so.count}项", "bold"), f"（{so.ends_on:%Y-%m-%d}结束，{when}）")]
        groups: dict[str, list[str]] = {}
        for cell in so.cells:
            groups.setdefault(f"{cell.hamlet_name}（{cell.cadre_name}）", []).append(cell.code)
        lines += [f"{where}：{' '.join(codes)}" for where, codes in groups.items()]
        if not so.cells:
            lines.append("全部问题都已答复。")
        self.query_one("#progress-text", Static).update(join_lines(lines))

    def action_back(self) -> None:
        self.app.pop_screen()
