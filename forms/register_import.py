"""Importing a register the village already keeps in a spreadsheet (.xlsx or .csv).

`plan_import` reads the sheet (finds the header line, names the columns) and checks every row
(forms.register_rows), changing nothing: it returns the rows that can be added, every bad row
(spreadsheet line, column, reason) and the headers it ignored.
`apply_import` adds all the planned rows in one transaction, or none. `write_template`
(forms.register_template) writes an empty spreadsheet with the recognised headers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from db.register.bulk import CaseRowError, add_cases_in
from db.register.query import case_keys
from db.session import DataError, unit
from forms.register_rows import ImportRow, Lookups, cell_text, plan_row
from forms.register_template import COLUMNS, write_template  # noqa: F401  (write_template: re-exported)
from forms.table_read import QuoteProblems, RowError, read_rows

# The headers are COLUMNS (forms.register_template, in template order); then other spellings seen
# in village registers.
REQUIRED = ("受理日期", "纠纷类型", "申请人")
ALIASES = {
    # the register's own export (db.register.columns.REGISTER): an exported sheet reads back
    "状态": "调解结果", "涉及金额（元）": "涉及金额",
    "登记日期": "受理日期", "受理时间": "受理日期", "日期": "受理日期",
    "纠纷类别": "纠纷类型", "类型": "纠纷类型", "类别": "纠纷类型",
    "村民小组": "屯组", "组别": "屯组", "屯": "屯组", "组": "屯组", "所在屯组": "屯组",
    "申请人姓名": "申请人", "当事人": "申请人",
    "申请人联系电话": "申请人电话", "申请人手机": "申请人电话", "申请人手机号": "申请人电话",
    "申请人身份证": "申请人身份证号", "申请人身份证号码": "申请人身份证号",
    "被申请人姓名": "被申请人", "对方当事人": "被申请人",
    "被申请人联系电话": "被申请人电话", "被申请人手机": "被申请人电话", "被申请人手机号": "被申请人电话",
    "被申请人身份证": "被申请人身份证号", "被申请人身份证号码": "被申请人身份证号",
    "简要情况": "纠纷简要情况", "纠纷情况": "纠纷简要情况", "案情简介": "纠纷简要情况",
    "纠纷简况": "纠纷简要情况", "纠纷事由": "纠纷简要情况",
    "调解人": "调解员", "主持调解员": "调解员", "承办人": "调解员",
    "结果": "调解结果", "处理结果": "调解结果",
    "结案时间": "结案日期", "办结日期": "结案日期",
    "金额": "涉及金额", "涉案金额": "涉及金额", "争议金额": "涉及金额",
    "人数": "涉及人数", "涉及人员": "涉及人数",
}
HEADER_SEARCH_LINES = 5  # a title line or two above the headers is common


@dataclass
class ImportPlan:
    """What an import would do. `ok` when there is no error; `duplicates` are rows that look
    already registered (same accepted date and applicant) and are skipped unless asked."""

    path: Path
    header_line: int = 1
    rows_ok: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    duplicates: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise_header(text) -> str:
    """The canonical column name for a header cell ('' when not recognised).

    Full-width letters and spaces, stray spaces inside, a leading * and a unit in brackets
    (涉及金额（元）) are tolerated.
    """
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = re.sub(r"\s+", "", s).lstrip("*").rstrip(":：")
    s = re.sub(r"\((元|万元|人|个|必填|选填|年-月-日)\)$", "", s)
    if s in COLUMNS:
        return s
    return ALIASES.get(s, "")


def _find_header(rows: list[tuple[int, list]]) -> tuple[int, dict[int, str], list[str]]:
    """(header line, column index -> canonical name, ignored headers) from the first lines."""
    for line, cells in rows[:HEADER_SEARCH_LINES]:
        names = [normalise_header(c) for c in cells]
        if sum(1 for n in names if n) >= 3:
            found: dict[int, str] = {}
            ignored = []
            for i, (cell, name) in enumerate(zip(cells, names, strict=True)):
                shown = cell_text(cell)
                if name and name not in found.values():
                    found[i] = name
                elif shown:
                    ignored.append(shown)
            return line, found, ignored
    raise DataError(f"在表格前 {HEADER_SEARCH_LINES} 行里没有找到表头，请让第一行写明"
                    f"“受理日期、纠纷类型、申请人”等列名（可用 --template 生成模板）。", "header")


def plan_import(engine: Engine, path: Path | str, *, today: date | None = None,
                progress: Callable[[int, int], None] | None = None) -> ImportPlan:
    """Read and check `path` (.xlsx or .csv) without changing anything. A CSV whose quotes do
    not pair gives a plan with one error per such line and no rows (nothing can be applied).
    `progress(rows checked, rows)` is called once the file is read, every thousand rows, and
    at the end."""
    path = Path(path)
    try:
        rows = list(read_rows(path))
    except QuoteProblems as exc:
        plan = ImportPlan(path=path)
        plan.errors.extend(RowError(line, "", reason) for line, reason in exc.problems)
        return plan
    header_line, columns, ignored = _find_header(rows)
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        raise DataError(f"表格缺少“{'”“'.join(missing)}”列，请在表头加上后再导入。", "header")
    header_cells = next(cells for line, cells in rows if line == header_line)
    raw_headers = {i: cell_text(header_cells[i]) for i in columns}
    plan = ImportPlan(path=path, header_line=header_line, ignored_headers=ignored)
    look = Lookups(engine)
    total = max(0, len(rows) - header_line)
    if progress is not None:
        progress(0, total)
    for done, (line, cells) in enumerate(rows, start=1 - header_line):
        if progress is not None and done > 0 and done % 1000 == 0:
            progress(done, total)
        if line <= header_line or not any(cell_text(c) for c in cells):
            continue
        named = {name: (raw_headers[i], cells[i] if i < len(cells) else None) for i, name in columns.items()}
        planned = plan_row(line, named, look, plan.errors, today)
        if planned is not None:
            plan.rows_ok.append(planned)
    _mark_duplicates(engine, plan)
    if progress is not None:
        progress(total, total)
    return plan


def _mark_duplicates(engine: Engine, plan: ImportPlan) -> None:
    if not plan.rows_ok:
        return
    dates = [r.data["accepted_on"] for r in plan.rows_ok]
    known = case_keys(engine, min(dates), max(dates))
    seen: set[tuple[date, str]] = set()
    for r in plan.rows_ok:
        key = (r.data["accepted_on"], r.parties[0]["name"])
        if key in known:
            plan.duplicates.append(RowError(r.line, "申请人", f"台账里已有 {key[0]} 受理、申请人为{key[1]}的案件，可能重复。"))
        elif key in seen:
            plan.duplicates.append(RowError(r.line, "申请人", f"表格里前面已有 {key[0]} 受理、申请人为{key[1]}的一行，可能重复。"))
        seen.add(key)


def apply_import(engine: Engine, plan: ImportPlan, *, include_duplicates: bool = False,
                 who: str | None = None, progress: Callable[[int, int], None] | None = None) -> list[int]:
    """Add every planned row in one transaction (oldest first, so case numbers follow the
    dates), or nothing. Refused while the plan has errors. Returns the new case ids.
    `progress(rows done, rows)` is called every thousand rows and at the end."""
    if plan.errors:
        raise DataError(f"表格里有 {len(plan.errors)} 处错误，请改正后再导入；这次一行也没有导入。", "errors")
    skip = set() if include_duplicates else {d.line for d in plan.duplicates}
    rows = sorted((r for r in plan.rows_ok if r.line not in skip), key=lambda r: (r.data["accepted_on"], r.line))
    with unit(engine, who=who) as s:
        try:
            return add_cases_in(s, [(r.data, r.parties) for r in rows], progress)
        except CaseRowError as exc:
            raise DataError(f"第 {rows[exc.index].line} 行：{exc.message}这次一行也没有导入。", exc.field) from exc
