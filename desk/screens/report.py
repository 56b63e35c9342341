"""F5 月报: the month's figures and charts on screen; print, export, finalise."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding

from desk.screens.common.base import DeskScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.common.form import FormScreen
from desk.widgets.keybar import KeyBar
from desk.widgets.text import Static
from desk.widgets.textview import TextView, prepare
from forms.fields import FieldDef

MONTH_FORM = (FieldDef("month", "月份", "text", required=True, max_len=7, placeholder="如 2026-10"),)
REFINALISE_FORM = (FieldDef("note", "重新定稿的原因", "text", required=True, max_len=200),)


class ReportScreen(DeskScreen):
    """One month's report; [ and ] go to the month before / after."""

    SECTION = "report"
    QUIET_RESUME = True  # the month's figures are worked out again only if something was saved
    BINDINGS = [
        Binding("escape", "app.section('home')", "返回", id="report.back"),
        Binding("left_square_bracket", "month(-1)", "上月", id="report.prev"),
        Binding("right_square_bracket", "month(1)", "下月", id="report.next"),
        Binding("m", "choose", "选月份", id="report.choose"),
        Binding("p", "print", "打印", id="report.print"),
        Binding("x", "xlsx", "导出Excel", id="report.xlsx"),
        Binding("d", "finalise", "定稿", id="report.finalise"),
        Binding("left", "column(-1)", "左一栏", show=False, priority=True),
        Binding("right", "column(1)", "右一栏", show=False, priority=True),
    ]
    HELP = """## 月报
显示一个月的统计：受理、调解成功、不成、移交、撤回、仍在办理、成功率；书面和口头协议、履行、司法确认；涉及人数和金额、群体性纠纷；来源构成；预防效果；各屯组按纠纷类型的交叉表；与上月（环比）、去年同月（同比）和本年累计的比较；村事百晓当月的工作；月例会要过问的未结案件（超期的排在前面，写明调解员、包案领导和期限）和到期的回访；按类型的案件数和近12个月的走势图。

- **↑/↓** 上下滚动；**←/→** 表格宽出屏幕时，向左/向右移一栏
- **[** / **]** 上一个月 / 下一个月；**m** 输入月份（如 2026-10）
- **p** 打印：生成 A4 的 PDF（含图表），有默认打印机就送去打印，否则打开或告诉您文件在哪里
- **x** 导出 Excel（可在 WPS 或 Excel 里调整后打印）
- **d** 定稿：把本月数字存下来。定稿以后如果有人改了本月的数据，月报上会写明哪些数字变了、定稿时是多少，不会悄悄打印出别的数字。

月报里的身份证号都隐去出生日期。
"""

    def __init__(self) -> None:
        super().__init__()
        self.month = ""
        self.figures = None
        self.tables: list[tuple[int, list[int]]] = []  # each table's columns (←/→ go one at a time)

    def compose(self) -> ComposeResult:
        yield Static("月报", classes="screen-title", id="report-title")
        yield TextView("正在统计……", id="report-body")  # only the lines in view are drawn
        yield KeyBar()

    def prepare(self) -> None:
        self.month = f"{self.ctx.today:%Y-%m}"
        self.query_one("#report-title", Static).update(self._title(None))
        self.query_one("#report-body").focus()

    def load(self, engine):
        from db.session import DataError
        from db.stats.figures import monthly_figures
        from forms.monthly_report import render_report

        try:
            figures = monthly_figures(engine, self.month, today=self.ctx.today)
        except DataError as exc:
            return None, prepare(exc.message), []
        text = render_report(figures, "text")
        return figures, prepare(text), column_stops(text)  # the lines made ready here, off the UI thread

    def show(self, data) -> None:
        figures, text, tables = data
        self.figures = figures
        title = self._title(figures)
        heading = self.query_one("#report-title", Static)
        if str(heading.content) != title:  # an update lays the screen out again
            heading.update(title)
        self.query_one("#report-body", TextView).update(text)
        self.tables = tables

    def _title(self, figures) -> str:
        title = f"月报 {self.month}"
        if figures is not None and figures.final is not None:
            title += "  已定稿" + ("（定稿后数据有变动）" if figures.final.differences else "")
        return title

    # ---- keys ----------------------------------------------------------------------------

    def action_column(self, delta: int) -> None:
        """Scroll sideways to the next (or previous) column of the report's tables."""
        body = self.query_one("#report-body", TextView)
        x = round(body.scroll_x)
        stops = stops_at(self.tables, round(body.scroll_y), body.size.height)
        if delta > 0:
            target = next((stop for stop in stops if stop > x), x)
        else:
            target = next((stop for stop in reversed(stops) if stop < x), 0)
        body.scroll_to(x=min(target, body.max_scroll_x), animate=False)

    def action_month(self, delta: int) -> None:
        first = date.fromisoformat(self.month + "-01") + relativedelta(months=delta)
        if first > self.ctx.today:
            self.notify("还没到那个月。", severity="warning")
            return
        self.month = f"{first:%Y-%m}"
        self.reload()

    def action_choose(self) -> None:
        def check(values: dict) -> dict:
            from db.stats.model import parse_month

            try:
                parse_month(values["month"], self.ctx.today)
            except ValueError as exc:
                exc.field = "month"
                raise
            return values

        self.app.push_screen(
            FormScreen("选择月份", MONTH_FORM, values={"month": self.month}, save=check), self._chosen
        )

    def _chosen(self, values) -> None:
        if values:
            from db.stats.model import month_key, parse_month

            self.month = month_key(parse_month(values["month"], self.ctx.today)[0])
            self.reload()

    def action_print(self) -> None:
        self._write("pdf")

    def action_xlsx(self) -> None:
        self._write("xlsx")

    @work(thread=True, group="print")
    def _write(self, fmt: str) -> None:
        from desk.output import export_path, open_or_print
        from forms.monthly_report import render_report

        if self.figures is None:
            return
        path = export_path(self.ctx.db_path, f"月报-{self.month}", fmt)
        try:
            render_report(self.figures, fmt, path)
        except Exception as exc:  # FontMissing, OutputError: each carries a Chinese message
            message = getattr(exc, "message", None) or str(exc)
            self.app.call_from_thread(self.notify, f"没有生成：{message}", severity="error", timeout=15)
            return
        said = open_or_print(path) if fmt == "pdf" else f"已导出：{path}"
        self.app.call_from_thread(self.notify, said, timeout=12)

    def action_finalise(self) -> None:
        if self.figures is None:
            return
        if self.figures.final is None:
            question = f"把{self.month}的月报定稿吗？定稿后的数字会存下来，以后有变动会在月报上标明。"
            self.app.push_screen(ConfirmScreen(question), lambda yes: yes and self._finalise(""))
        else:
            self.app.push_screen(
                FormScreen(f"{self.month} 已定稿，重新定稿", REFINALISE_FORM, save=lambda v: v), self._refinalise
            )

    def _refinalise(self, values) -> None:
        if values:
            self._finalise(values["note"])

    @work(thread=True, group="write")
    def _finalise(self, note: str) -> None:
        from db.session import DataError
        from db.stats.finalise import finalise_month

        who = self.ctx.clerk
        try:
            finalise_month(self.ctx.engine, self.month, who, note=note, today=self.ctx.today)
        except DataError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self.notify, f"{self.month} 月报已定稿。")
        self.app.call_from_thread(self.reload)


def column_stops(text: str) -> list[tuple[int, list[int]]]:
    """For each table of the report, (its dashes' line, the cells where its columns start): the
    dashes under a table's heading ("------  ----------") mark them."""
    tables = []
    for n, line in enumerate(text.splitlines()):
        body = line.strip()
        if "--" in body and " " in body and set(body) <= {"-", " "}:
            tables.append((n, [i for i, ch in enumerate(line) if ch == "-" and (i == 0 or line[i - 1] == " ")]))
    return tables


def stops_at(tables: list[tuple[int, list[int]]], y: int, height: int) -> list[int]:
    """The column starts of the table in view (the last one heading above the middle of the
    view, else the first below), with 0."""
    middle = y + height // 2
    above = [stops for line, stops in tables if line <= middle]
    below = [stops for line, stops in tables if line > middle]
    chosen = above[-1] if above else (below[0] if below else [])
    return sorted({0, *chosen})
