"""The progress matrix of a round in a DataTable: questions down, hamlets across, one mark a cell.

Kept apart from the screen so the bench and the screen fill the table the same way.
Column keys: 'code', 'text', 'v' (the village-scope column) and 'h<id>'; row keys: question ids.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.widgets import DataTable

from desk.widgets.text import lines as join_lines
from desk.widgets.text import styled
from forms.checklist_fields import short_question

# state -> (mark, theme variable for its colour, bold)
MARKS = {
    "open": ("·", "", False),
    "answered": ("✓", "success", False),
    "action": ("！", "error", True),
    "acted": ("→", "primary", False),
}
FIXED = 2  # code and question stay on screen while the hamlets scroll by
QUESTION_WIDTH = 16


class Mark:
    """One cell's mark. A bare Rich renderable without __rich_measure__: the table skips
    measuring it (every mark column has a fixed width), which on 2,000 cells is most of the
    time the table needs to take a new round."""

    __slots__ = ("segment",)

    def __init__(self, text: str, style: str = "") -> None:
        self.segment = Segment(text, Style.parse(style) if style else None)

    def __rich_console__(self, console, options):
        yield self.segment


def marks(colours: dict[str, str]) -> dict[str | None, Mark]:
    """state -> its Mark in the theme's colours; None -> an empty cell."""
    out: dict[str | None, Mark] = {s: Mark(m, _style(s, colours)) for s, (m, _v, _b) in MARKS.items()}
    out[None] = Mark("")
    return out


def legend(counts: dict[str, int]) -> str:
    """'· 未答 800  ✓ 已答 1100 ...' for the line under the matrix."""
    from db.checklist.questions import STATE_LABELS

    return "  ".join(f"{MARKS[s][0]} {STATE_LABELS[s]} {counts.get(s, 0)}" for s in MARKS)


def column_key(hamlet_id: int | None) -> str:
    return "v" if hamlet_id is None else f"h{hamlet_id}"


def hamlet_of(column_key: str) -> int | None:
    """The hamlet id of a mark column ('v' -> None)."""
    return None if column_key == "v" else int(column_key[1:])


def mark_columns(matrix) -> list[tuple[str, str]]:
    """(column key, header) of every mark column: 全村 first when the round has village questions."""
    cols = [(column_key(h.id), h.name) for h in matrix.hamlets]
    if any(hid is None for _qid, hid in matrix.cells):
        cols.insert(0, ("v", "全村"))
    return cols


def first_column(matrix, question_id: int) -> str:
    """The key of the first mark column the question has a cell in (where the cursor starts)."""
    keys = [k for k, _n in mark_columns(matrix)]
    return next((k for k in keys if (question_id, hamlet_of(k)) in matrix.cells), keys[0] if keys else "text")


def assignment_at(matrix, keys: tuple[str, str] | None) -> int | None:
    """The assignment under the cursor keys (row key, column key); None on the question columns,
    on a cell the round does not have, or with no keys. No keys: the cell the cursor starts on."""
    if matrix is None or not matrix.questions:
        return None
    if keys is None:
        qid = matrix.questions[0].id
        keys = (str(qid), first_column(matrix, qid))
    if keys[1] in ("code", "text"):
        return None
    return matrix.assignment_ids.get((int(keys[0]), hamlet_of(keys[1])))


def fill(table: DataTable, matrix, colours: dict[str, str]) -> None:
    """Replace the table's columns and rows with the round's matrix. `colours` are the app's
    theme variables (App.get_css_variables()), so marks follow the theme."""
    shown = marks(colours)
    table.clear(columns=True)
    table.add_column("编号", key="code", width=4)
    table.add_column("问题", key="text", width=QUESTION_WIDTH)
    columns = mark_columns(matrix)
    for key, name in columns:
        # Two columns wide: the name reads downwards in the three-line header (大/塘/屯).
        table.add_column(Text(name[:3]), key=key, width=2)
    hamlet_ids = [hamlet_of(key) for key, _n in columns]
    cells = matrix.cells
    for q in matrix.questions:
        row = [Text(q.code), Text(short_question(q.text, QUESTION_WIDTH))]
        row += [shown[cells.get((q.id, hid))] for hid in hamlet_ids]
        table.add_row(*row, key=str(q.id))


def update(table: DataTable, old, new, colours: dict[str, str]) -> bool:
    """Change only the cells that differ (an answer saved, or another round of the same
    questions and hamlets): no re-measuring, and the cursor stays on the same question and
    hamlet. False when the rows or columns differ and the table must be filled again."""
    if old is None or [q.id for q in old.questions] != [q.id for q in new.questions] or (
            mark_columns(old) != mark_columns(new)):
        return False
    shown = marks(colours)
    for key in old.cells.keys() | new.cells.keys():
        state = new.cells.get(key)
        if old.cells.get(key) != state:
            table.update_cell(str(key[0]), column_key(key[1]), shown[state])
    return True


def _style(state: str, colours: dict[str, str]) -> str:
    _mark, var, bold = MARKS[state]
    return (f"bold {colours.get(var, '')}" if bold else colours.get(var, "")).strip()


def describe(cell) -> Content:
    """The detail under the matrix: the question, its hint, the answer, the case and follow-up
    items made from it, and earlier answers (their words literal, our labels styled)."""
    from db.checklist.questions import STATE_LABELS

    lines: list = [styled((f"{cell.code} {cell.hamlet_name}", "bold"), f"  负责：{cell.cadre_name}  ",
                          (STATE_LABELS[cell.state], "bold")),
                   cell.text]
    if cell.hint:
        lines.append(styled((f"说明：{cell.hint}", "dim")))
    a = cell.answer
    if a is None:
        lines.append("还没有答复，按 Enter 填写。")
    else:
        flag = ("  ", ("需跟进", "bold")) if a.needs_action else ()
        lines.append(styled(f"答复（{a.answered_on:%Y-%m-%d} {a.cadre_name}）：{a.text}", *flag))
        if a.dispute_id:
            lines.append(f"已转为调解案件 {a.dispute_number or '（已作废）'}  按 o 打开")
    for item in cell.items:
        state = f"{item.done_on:%m-%d}办结" if item.done_on else (("已超期", "bold") if item.overdue else "未办结")
        lines.append(styled(f"跟进事项：{item.title}  负责 {item.cadre_name}  期限 {item.due_on:%m-%d}  ", state))
    for old in cell.history:
        lines.append(styled((f"以前的答复（{old.answered_on:%Y-%m-%d} {old.cadre_name}）：{old.text}"
                             f"  {old.void_reason or ''}", "dim")))
    return join_lines(lines)
