"""F4 村事百晓: the progress matrix of a round (questions x hamlets), answered cell by cell.

The other parts open from here by one key: follow-up items (i), progress (g), the question
bank (b), printing (p). Forms are built in desk/screens/checklist/forms.py.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnDoesNotExist, RowDoesNotExist

from desk.screens.checklist import forms as kf
from desk.screens.checklist import matrix as mx
from desk.screens.checklist.rounds import RoundActions
from desk.screens.common.base import DeskScreen
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.register.forms import open_form
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static, ours, styled

NEAR_END_DAYS = 14  # from then on the round line counts what is still open
# Mount and resume both load: two workers must not both find the bank empty and fill it.
_BANK_LOCK = threading.Lock()


@dataclass
class ChecklistData:
    """What the worker reads: every round (newest first) and the matrix of the chosen one."""

    rounds: list
    matrix: object | None
    cell: object | None = None  # the cell the cursor will be on, read in the same go


class ChecklistScreen(RoundActions, DeskScreen):
    """The matrix; Enter answers the cell under the cursor."""

    SECTION = "checklist"
    DRAFT_KINDS = ("check_answer",)
    BINDINGS = [
        Binding("escape", "back", "返回", id="checklist.back"),
        Binding("enter", "answer", "答复", show=False, id="checklist.answer"),
        Binding("c", "case", "转案件", id="checklist.case"),
        Binding("t", "item", "跟进", id="checklist.item"),
        Binding("a", "assign", "分配", show=False, id="checklist.assign"),
        Binding("o", "open_case", "看案件", id="checklist.open_case"),
        Binding("i", "items", "事项", id="checklist.items"),
        Binding("g", "progress", "进度", id="checklist.progress"),
        Binding("b", "bank", "问题库", id="checklist.bank"),
        Binding("p", "print", "打印", id="checklist.print"),
        Binding("n", "new_round", "新一轮", id="checklist.new_round"),
        Binding("left_square_bracket", "round(1)", "上一轮", show=False, id="checklist.older"),
        Binding("right_square_bracket", "round(-1)", "下一轮", show=False, id="checklist.newer"),
        Binding("r", "pick_round", "选择轮次", show=False, id="checklist.pick_round"),
        Binding("x", "close_round", "结束或重新打开本轮", show=False, id="checklist.close_round"),
    ]
    HELP = """## 村事百晓
上面是一轮排查的进度表：每行一个问题，每列一个屯组（“全村”一列是全村只答一次的问题）。格子里：**·** 未答，**✓** 已答，**！** 需要跟进还没处理，**→** 已转为案件或跟进事项。下方显示光标所在格子的问题、说明、答复、转成的案件和事项，以及以前的答复。

- **方向键、PgUp/PgDn** 移动；**Home/End** 到最左/最右一列；**Ctrl+Home/Ctrl+End** 到第一个/最后一个问题
- **Enter** 填写或修改答复（日期默认今天，答复人默认负责的片长；发现需要办的事就勾选“需要跟进处理”）
- **c** 把需要跟进的答复转为调解案件（来源“排查发现”，案情自动写好），然后可以直接打开案件；**o** 打开已转成的案件
- **t** 把答复转为跟进事项：写明要办的事、负责人和完成期限，办结前一直显示在首页
- **a** 把光标所在的格子改派给另一位干部；勾选“整组改派”，就把这个屯组（或“全村”一列）还没答的格子一起改派，已答的不变
- **i** 全部跟进事项（没办结的在前，超期的标出），在事项上按 **Enter** 办结
- **g** 按干部、按屯组看进度，以及快到结束日期时还有哪些没答
- **b** 问题库：查找、新增、修改、停用、调整顺序、导出和导入 Excel
- **p** 打印：空白排查登记表、本轮排查情况汇总、包片干部联系公示
- **n** 新建一轮排查（如 2026年第四季度）；**[** 和 **]** 换到上一轮、下一轮，**r** 从列表选择；**x** 结束本轮或重新打开（会先询问）
"""

    def __init__(self) -> None:
        super().__init__()
        self.round_id: int | None = None
        self.rounds: list = []
        self.matrix = None
        self.cell = None  # the CellView under the cursor, read in a worker
        self._bank_checked = False
        self._loading = False  # a load is on its way (mount and resume both ask for one)
        self._started = False  # ... and has begun reading
        self._again = False
        self._cursor_hint: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("村事百晓", classes="screen-title")
        yield Static("正在读取……", id="checklist-round")
        yield Table(id="checklist-matrix", cursor_type="cell", header_height=3, fixed_columns=mx.FIXED)
        yield Static("", id="checklist-legend")
        with VerticalScroll(id="checklist-detail"):
            yield Static("", id="checklist-cell")
        yield KeyBar()

    def prepare(self) -> None:
        self.query_one(DataTable).focus()

    # ---- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Load again. Asked again before the load on its way has begun reading, that load
        serves both; asked after, one more load follows it (never two at the same time)."""
        if self._loading:
            self._again = self._again or self._started
        elif self.ctx.engine is not None:
            self._loading, self._started = True, False
            self._cursor_hint = self._cursor_keys() if self.matrix is not None else None
            super().reload()

    def load(self, engine) -> ChecklistData:
        from db.checklist import questions as c

        self._started = True

        with _BANK_LOCK:
            if not self._bank_checked:  # a new village starts with the default 100 questions
                c.load_default_bank(engine)
                self._bank_checked = True
        rounds = c.list_rounds(engine)
        rid = self.round_id
        if rid not in {r.id for r in rounds}:
            current = c.pick_current(rounds, self.ctx.today)
            rid = current.id if current else None
        m = c.matrix(engine, rid) if rid else None
        # The cursor stays on the same question and hamlet: read that cell now rather than in
        # a second worker after the table is drawn.
        aid = mx.assignment_at(m, self._cursor_hint if m and self.round_id == rid else None)
        return ChecklistData(rounds, m, c.get_cell(engine, aid, today=self.ctx.today) if aid else None)

    def show(self, data: ChecklistData) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.reload()
        self.rounds = data.rounds
        old, self.matrix = self.matrix, data.matrix
        table = self.query_one(DataTable)
        m = data.matrix
        if table.display != (m is not None):  # setting it at all lays the screen out again
            table.display = m is not None
        if m is None:
            self.round_id = None
            self.cell = None
            self.query_one("#checklist-round", Static).update("还没有排查轮次。")
            self.query_one("#checklist-legend", Static).update("")
            self.query_one("#checklist-cell", Static).update(ours(
                "按 [b]n[/b] 新建一轮排查（如 2026年第四季度）：每个问题、每个屯组都会分给负责的片长。\n"
                "按 [b]b[/b] 查看和修改问题库。"))
            self.refresh_bindings()
            return
        self.round_id = m.round.id
        if old is None:  # the table was hidden (no round yet): the focus went elsewhere
            table.focus()
        colours = self.app.get_css_variables()
        if not mx.update(table, old, m, colours):
            where = self._cursor_keys() if old is not None else None  # same question and hamlet
            mx.fill(table, m, colours)
            self._restore_cursor(where)
        self._show_round()
        if data.cell is not None and data.cell.assignment_id == self._cursor_assignment():
            self._set_cell(data.cell, mx.describe(data.cell))
        else:
            self._load_cell()
        self.refresh_bindings()  # the round's keys (x, [ ], p ...)

    def _show_round(self) -> None:
        r = self.matrix.round
        state = ("已结束", "bold") if r.closed else "进行中"
        tail = ""
        days = (r.ends_on - self.ctx.today).days
        if not r.closed and days < 0:
            tail = f"  已过结束日期{-days}天"
        elif not r.closed and days <= NEAR_END_DAYS:
            tail = f"  还有{days}天结束，{r.total - r.answered}项未答"
        self.query_one("#checklist-round", Static).update(styled(
            (r.name, "bold"), f"  {r.starts_on:%Y-%m-%d}至{r.ends_on:%m-%d}  ", state,
            f"  已答 {r.answered}/{r.total}（{r.share:.0%}）{tail}"))
        hint = ("  ", ("[ ] 换轮次", "dim")) if len(self.rounds) > 1 else ()
        self.query_one("#checklist-legend", Static).update(styled(mx.legend(self.matrix.counts()), *hint))

    # ---- the cursor and the cell under it ------------------------------------------------

    def _cursor_keys(self) -> tuple[str, str] | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate)
        return key.row_key.value, key.column_key.value

    def _restore_cursor(self, where: tuple[str, str] | None) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        try:
            row, col = (table.get_row_index(where[0]), table.get_column_index(where[1])) if where else (0, -1)
        except (RowDoesNotExist, ColumnDoesNotExist):  # gone (a question retired): from the top
            row, col = 0, -1
        if col < mx.FIXED:  # the first cell of the row that can be answered
            qid = int(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value)
            col = table.get_column_index(mx.first_column(self.matrix, qid))
        table.move_cursor(row=row, column=col, animate=False)

    def _cursor_assignment(self) -> int | None:
        keys = self._cursor_keys()
        return None if keys is None else mx.assignment_at(self.matrix, keys)

    @on(DataTable.CellHighlighted)
    def _highlighted(self, _event) -> None:
        aid = self._cursor_assignment()
        if aid is None or self.cell is None or self.cell.assignment_id != aid:
            self._load_cell()  # (the load after a change already read the cell in place)

    def _load_cell(self) -> None:
        aid = self._cursor_assignment()
        if aid is None:
            self._set_cell(None, self._no_cell_text())
        else:
            self._read_cell(aid)

    def _set_cell(self, cell, text) -> None:
        self.cell = cell
        self.query_one("#checklist-cell", Static).update(text)
        self.refresh_bindings()

    def _no_cell_text(self):
        keys = self._cursor_keys()
        if keys is None or self.matrix is None:
            return ""
        q = next((q for q in self.matrix.questions if str(q.id) == keys[0]), None)
        text = ((q.code, "bold"), f" {q.text}\n") if q else ()
        if keys[1] in ("code", "text"):
            return styled(*text, "用 → 把光标移到要填写的屯组那一格，按 Enter 填写答复。")
        return styled(*text, "这一格不用填写：全村一次的问题在“全村”一列，其余问题每个屯组各答一次。")

    @work(thread=True, exclusive=True, group="cell")
    def _read_cell(self, assignment_id: int) -> None:
        from db.checklist.questions import get_cell
        from db.session import DataError

        try:
            cell = get_cell(self.ctx.engine, assignment_id, today=self.ctx.today)
        except DataError as exc:  # gone meanwhile (another window, a restore): say so, no crash
            self.app.call_from_thread(self._set_cell, None, exc.message)
            return
        self.app.call_from_thread(self._show_cell, cell)

    def _show_cell(self, cell) -> None:
        if cell.assignment_id != self._cursor_assignment():
            return  # the cursor moved on meanwhile
        self._set_cell(cell, mx.describe(cell))

    # ---- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("back", "new_round", "bank", "items"):
            return True
        if self.matrix is None:
            return False
        a = self.cell.answer if self.cell is not None else None
        if action == "case":
            return bool(a and a.needs_action and not a.dispute_number)
        if action == "item":
            return bool(a and a.needs_action)
        if action == "assign":
            return self.cell is not None and not self.matrix.round.closed
        if action == "open_case":
            return bool(a and a.dispute_id and a.dispute_number)
        if action in ("round", "pick_round"):
            return len(self.rounds) > 1
        return True

    def action_back(self) -> None:
        self.app.action_section("home")

    @on(DataTable.CellSelected)
    def _selected(self, _event) -> None:
        self.action_answer()

    def action_answer(self) -> None:
        aid = self._cursor_assignment()
        if aid is None:
            self.notify(str(self._no_cell_text()).split("\n")[-1], severity="warning")
        elif self.matrix.round.closed:
            self.notify(f"“{self.matrix.round.name}”已结束，不能再填写答复；如需补填，请先按 x 重新打开这一轮。",
                        severity="warning")
        else:
            open_form(self.app, lambda: kf.answer_form(self.ctx, aid), self._saved)

    def resume_draft(self, key: str, raw: dict) -> None:
        """Reopen an answer form from its draft (after a crash or power cut)."""
        aid = key.partition(":")[2]
        if aid.isdigit():
            open_form(self.app, lambda: kf.answer_form(self.ctx, int(aid), raw=raw), self._saved)

    def _saved(self, result) -> None:
        if result is not None:
            self.notify("已保存。")
            self.reload()

    def action_case(self) -> None:
        cell = self.cell
        open_form(self.app, lambda: kf.case_form(self.ctx, cell), self._case_made)

    def _case_made(self, result) -> None:
        if result is None:
            return
        case_id, number = result
        self.reload()

        def answered(yes: bool | None) -> None:
            if yes:  # the case opens with the party form in front: a finding names no parties yet
                from desk.screens.register.case import CaseScreen

                self.app.push_screen(CaseScreen(case_id, resume=("party:new", {})))

        self.app.push_screen(
            ConfirmScreen(f"已登记为调解案件 {number}（来源：排查发现），答复和案件已互相关联。"
                          f"案件还没有当事人：现在打开案件，添加答复里说到的当事人吗？"),
            answered)

    def action_open_case(self) -> None:
        from desk.screens.register.case import CaseScreen

        self.app.push_screen(CaseScreen(self.cell.answer.dispute_id))

    def action_item(self) -> None:
        cell = self.cell
        open_form(self.app, lambda: kf.item_form(self.ctx, cell), self._item_made)

    def _item_made(self, result) -> None:
        if result is not None:
            self.notify("已添加跟进事项，办结前会显示在首页。")
            self.reload()

    def action_assign(self) -> None:
        cell = self.cell
        if cell.assignment_id != self._cursor_assignment():  # the cursor moved: its cell is on its way
            self.notify("正在读取这一格，请再按一次。", severity="warning")
            return
        open_form(self.app, lambda: kf.assign_form(self.ctx, cell), self._assigned)

    def _assigned(self, changed) -> None:
        if changed is not None:
            self.notify(f"已改派 {changed} 格。" if changed else "负责人没有变。")
            self.reload()

    def action_items(self) -> None:
        from desk.screens.checklist.items import ItemsScreen

        self.app.push_screen(ItemsScreen())

    def action_progress(self) -> None:
        from desk.screens.checklist.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.round_id))

    def action_bank(self) -> None:
        from desk.screens.checklist.bank import BankScreen

        self.app.push_screen(BankScreen())

    def action_print(self) -> None:
        from desk.screens.checklist.printing import print_menu

        keys = self._cursor_keys()
        hid = mx.hamlet_of(keys[1]) if keys and keys[1] not in ("code", "text") else None
        name = next((h.name for h in self.matrix.hamlets if h.id == hid), None)
        print_menu(self, self.matrix.round, hid, name if hid else None)
