"""The 村事百晓 question bank to and from an xlsx sheet (编号, 类别, 问题, 说明, 范围, 状态).

Import is two steps: `plan_bank_import` reads the sheet and reports every bad row (line,
column, reason) without touching the database; `apply_bank_import` stores a clean plan in one
transaction (new codes added at the end of their category, existing codes reworded, 状态
retires or restores). A plan with any problem saves nothing. Questions missing from the sheet
are left as they are; the sheet cannot reorder the bank (use the bank screen for that).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from db.checklist.questions import CODE_RE, categories, list_questions, save_questions
from db.models.checklist import SCOPES
from db.session import DataError
from forms.table_read import RowError

SHEET = "问题库"
# (key, header written, width); the import matches a header by its text before any bracket.
COLUMNS = (
    ("code", "编号", 8),
    ("category", "类别", 26),
    ("text", "问题", 60),
    ("hint", "说明", 44),
    ("scope", "范围（每个屯组/全村一次）", 22),
    ("status", "状态（在用/停用）", 16),
)
REQUIRED = ("code", "category", "text")
STATUS = {"在用": True, "停用": False}
SCOPE_BY_LABEL = {label: key for key, label in SCOPES.items()}
LIMITS = {"text": 300, "hint": 300}


def _short(header: str) -> str:
    return re.split(r"[（(]", header, maxsplit=1)[0].strip()


LABELS = {key: _short(header) for key, header, _w in COLUMNS}


@dataclass
class PlannedQuestion:
    """One good row: what it will store and whether it adds, changes or leaves a question."""

    line: int
    code: str
    category: str
    text: str
    hint: str
    scope: str
    active: bool
    action: str  # add / update / same


@dataclass
class BankImportPlan:
    """What an import would do; `problems` empty means it can be applied."""

    path: str
    rows: list[PlannedQuestion] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def summary(self) -> str:
        """One Chinese sentence for the dry-run screen."""
        if self.problems:
            return f"表格里有{len(self.problems)}处问题，请改正后再导入；现在什么都没有保存。"
        return (f"将新增{self.count('add')}个问题，修改{self.count('update')}个，"
                f"{self.count('same')}个没有变化。")


def export_bank(engine: Engine, path: Path | str) -> Path:
    """Write the whole bank (retired questions too, 状态 停用) to an xlsx file at `path`."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from forms.render.xlsx import append_row, new_workbook

    path = Path(path)
    questions = sorted(list_questions(engine, include_retired=True), key=lambda q: (q.position, q.id))
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    append_row(ws, [header for _k, header, _w in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for q in questions:  # text, never a formula: append_row makes every str a string cell
        append_row(ws, [q.code, q.category, q.text, q.hint, SCOPES[q.scope], "在用" if q.active else "停用"])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for i, (_k, _h, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    last = max(len(questions) + 200, 500)  # room for rows the clerk adds
    for col, values in (("E", SCOPES.values()), ("F", STATUS)):
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    os.replace(tmp, path)  # never leave a half-written file under the real name
    return path


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_rows(path: Path) -> list[tuple]:
    from openpyxl import load_workbook

    if not path.is_file():
        raise DataError(f"找不到文件 {path}，请检查文件位置。", "path")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not xlsx
        raise DataError(f"打不开 {path.name}：请选择 .xlsx 格式的问题库表格。", "path") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.active
        return [tuple(row) for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _header_map(header: tuple, problems: list[RowError]) -> dict[str, int]:
    by_label = {label: key for key, label in LABELS.items()}
    columns: dict[str, int] = {}
    for i, value in enumerate(header):
        key = by_label.get(_short(_cell_text(value)))
        if key and key not in columns:
            columns[key] = i
    for key in REQUIRED:
        if key not in columns:
            problems.append(RowError(1, LABELS[key], f"表头缺少“{LABELS[key]}”这一列。"))
    return columns


def _visible(line: int, v: dict, problems: list[RowError]) -> bool:
    """Every cell through the one visibility check (line breaks only in 问题 and 说明)."""
    from forms.validate import ValidationError, check_visible

    ok = True
    for key, label in LABELS.items():
        try:
            check_visible(v[key], label, multiline=key in LIMITS)
        except ValidationError as exc:
            problems.append(RowError(line, label, exc.message))
            ok = False
    return ok


def _check_row(line: int, v: dict, known: set[str], seen: dict[str, int],
               problems: list[RowError]) -> tuple | None:
    """(code, category, text, hint, scope, active) of a row, or None after adding its problems."""
    before = len(problems)

    def bad(key: str, reason: str) -> None:
        problems.append(RowError(line, LABELS[key], reason))

    code = v["code"].upper()
    if not code:
        bad("code", "编号不能为空，请填写如 A01 的编号。")
    elif not CODE_RE.fullmatch(code):
        bad("code", f"编号“{v['code']}”不对：只能用字母和数字，最多10位，如 A01。")
    elif code in seen:
        bad("code", f"编号 {code} 与第{seen[code]}行重复。")
    else:
        seen[code] = line
    if not v["category"]:
        bad("category", "类别不能为空。")
    elif v["category"] not in known:
        bad("category", f"没有“{v['category']}”这个类别，请填写问题库已有的类别，如“人口与户籍”。")
    if not v["text"]:
        bad("text", "问题不能为空。")
    for key, limit in LIMITS.items():
        if len(v[key]) > limit:
            bad(key, f"{LABELS[key]}最多{limit}个字，现在有{len(v[key])}个字。")
    scope = SCOPE_BY_LABEL.get(v["scope"], v["scope"] if v["scope"] in SCOPES else None)
    if not v["scope"]:
        scope = "hamlet"
    elif scope is None:
        bad("scope", f"范围只能填“每个屯组”或“全村一次”，这里是“{v['scope']}”。")
    active = STATUS.get(v["status"] or "在用")
    if active is None:
        bad("status", f"状态只能填“在用”或“停用”，这里是“{v['status']}”。")
    if len(problems) > before:
        return None
    return code, v["category"], v["text"], v["hint"], scope, active


def plan_bank_import(engine: Engine, path: Path | str) -> BankImportPlan:
    """Read a question-bank sheet and report what it would change and every bad row.
    Nothing is stored. An unreadable file raises DataError."""
    path = Path(path)
    plan = BankImportPlan(str(path))
    rows = _read_rows(path)
    if not rows:
        plan.problems.append(RowError(1, "", "表格是空的，没有表头和问题。"))
        return plan
    columns = _header_map(rows[0], plan.problems)
    if plan.problems:
        return plan
    known = set(categories(engine))
    current = {q.code: q for q in list_questions(engine, include_retired=True)}
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], 2):
        v = {key: _cell_text(row[i]) if i < len(row) else "" for key, i in columns.items()}
        for key in LABELS:
            v.setdefault(key, "")
        if not any(v.values()):
            continue  # blank lines are allowed anywhere
        if not _visible(line, v, plan.problems):
            continue
        checked = _check_row(line, v, known, seen, plan.problems)
        if checked is None:
            continue
        code, category, text, hint, scope, active = checked
        old = current.get(code)
        if old is None:
            action = "add"
        elif (old.category, old.text, old.hint, old.scope, old.active) == (category, text, hint, scope, active):
            action = "same"
        else:
            action = "update"
        plan.rows.append(PlannedQuestion(line, code, category, text, hint, scope, active, action))
    if not plan.rows and not plan.problems:
        plan.problems.append(RowError(2, "", "表格里没有问题可导入。"))
    return plan


def apply_bank_import(engine: Engine, plan: BankImportPlan) -> dict[str, int]:
    """Store a clean plan in one transaction; returns {"added", "updated", "unchanged"}.
    A plan with problems is refused and nothing is saved."""
    if plan.problems:
        lines = "、".join(str(n) for n in sorted({p.line for p in plan.problems})[:10])
        raise DataError(f"表格里有{len(plan.problems)}处问题（第{lines}行），请改正后重新导入；"
                        "这次什么都没有保存。", "path")
    return save_questions(engine, [
        dict(code=r.code, category=r.category, text=r.text, hint=r.hint, scope=r.scope, active=r.active)
        for r in plan.rows
    ])
