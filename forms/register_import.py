"""Importing a register the village already keeps in a spreadsheet (.xlsx or .csv).

`plan_import` reads and checks every row and changes nothing: it returns the rows that can be
added, every bad row (spreadsheet line, column, reason) and the headers it ignored.
`apply_import` adds all the planned rows in one transaction, or none. `write_template`
(forms.register_template) writes an empty spreadsheet with the recognised headers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from db.models.register import ID_TYPES
from db.register.bulk import CaseRowError, add_cases_in
from db.register.query import case_keys
from db.session import DataError, unit
from db.settings.village import list_cadres, list_hamlets, list_types
from forms import validate as v
from forms.id_documents import parse_document_number
from forms.register_template import COLUMNS, write_template  # noqa: F401  (write_template: re-exported)
from forms.table_read import QuoteProblems, RowError, read_rows

# The headers are COLUMNS (forms.register_template, in template order); then other spellings seen
# in village registers.
REQUIRED = ("受理日期", "纠纷类型", "申请人")
ALIASES = {
    # the register's own export (db.register.docs.REGISTER): an exported sheet reads back
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
# What the 调解结果 column may say -> status code. Checked in this order (substring match).
RESULTS = (
    (("调解不成", "不成", "失败", "未成", "未达成"), "failed"),
    (("成功", "达成"), "succeeded"),
    (("移交", "移送", "上报", "转交"), "referred"),
    (("撤回", "撤销", "撤诉", "放弃"), "withdrawn"),
    (("调解中", "正在", "处理中", "进行中"), "mediating"),
    (("受理", "未处理", "待调解"), "accepted"),
)
RESULT_WORDS = "成功、调解不成（失败）、移交、撤回，或空着表示还在调解"
NAME_SPLIT = re.compile(r"[、，,；;/]+")
HEADER_SEARCH_LINES = 5  # a title line or two above the headers is common


@dataclass
class ImportRow:
    """A row ready to add: create_dispute data and its parties."""

    line: int
    data: dict
    parties: list[dict]


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


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class _Lookups:
    """Names in the database -> ids, with the lists quoted in errors."""

    def __init__(self, engine: Engine):
        self.types = {t.name: t.id for t in list_types(engine, active_only=False)}
        self.hamlets = {h.name: h.id for h in list_hamlets(engine)}
        self.cadres = {c.cadre.name: c.cadre.id for c in list_cadres(engine)}

    def type_id(self, name: str) -> int:
        for candidate in (name, name.removesuffix("纠纷"), name + "纠纷"):
            if candidate in self.types:
                return self.types[candidate]
        raise v.ValidationError(f"没有“{name}”这个纠纷类型，请改为以下之一：{'、'.join(self.types)}。")

    def hamlet_id(self, name: str) -> int:
        if name in self.hamlets:
            return self.hamlets[name]
        known = "、".join(self.hamlets) or "（还没有设置屯组）"
        raise v.ValidationError(f"没有“{name}”这个屯组，请改为以下之一：{known}；新屯组请先在设置里添加。")

    def cadre_id(self, name: str) -> int:
        if name in self.cadres:
            return self.cadres[name]
        known = "、".join(self.cadres) or "（还没有设置村干部）"
        raise v.ValidationError(f"村干部里没有“{name}”，请改为以下之一：{known}；或先在设置里添加。")


def _status(text: str, mediator: bool) -> str:
    if not text:
        return "mediating" if mediator else "accepted"
    for words, code in RESULTS:
        if any(w in text for w in words):
            return code
    raise v.ValidationError(f"看不懂调解结果“{text}”，请填写：{RESULT_WORDS}。")


class _Row:
    """Check one spreadsheet row, collecting every problem instead of stopping at the first."""

    def __init__(self, line: int, cells: dict[str, tuple[str, object]], errors: list[RowError]):
        self.line, self.cells, self.errors = line, cells, errors
        self.bad = False
        self.texts: dict[str, str] = {}  # a column's text is asked for several times

    def raw(self, column: str):
        return self.cells.get(column, (column, None))[1]

    def text(self, column: str) -> str:
        if column not in self.texts:
            self.texts[column] = _cell_text(self.raw(column))
        return self.texts[column]

    def check(self, column: str, parse, *, required: bool = False):
        """parse(text, raw) for the column; None when blank (an error when required)."""
        text = self.text(column)
        if not text:
            if required:
                self.fail(column, f"“{column}”不能为空，请填写。")
            return None
        try:
            return parse(text, self.raw(column))
        except v.ValidationError as exc:
            self.fail(column, exc.message)
            return None

    def fail(self, column: str, reason: str) -> None:
        self.bad = True
        self.errors.append(RowError(self.line, self.cells.get(column, (column, None))[0], reason))


def _date(text: str, raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    return v.parse_date(text)


def _id_number(text: str, raw) -> tuple[str, str]:
    """(id_type, number): a bare number is a 居民身份证; "护照：E12345678" (as the export
    writes other documents) is checked as that document (forms.id_documents)."""
    kind, sep, number = v._nfkc(text).partition(":")
    id_type = next((code for code, label in ID_TYPES.items() if label == kind.strip()), None) if sep else None
    if id_type is not None:
        return id_type, parse_document_number(id_type, number)
    try:
        return "resident", v.parse_id_number(text)
    except v.ValidationError as exc:
        if isinstance(raw, (int, float)):
            raise v.ValidationError("身份证号在表格里被存成了数字，后几位可能已经变成 0；"
                                    "请把这一列设为“文本”格式后重新填写号码。") from exc
        raise


def _people(row: _Row, role: str, prefix: str, required: bool) -> list[dict]:
    """The parties of one role: names may be several, separated by 、 or commas; phones and
    ID numbers, when several, pair with the names in order."""
    names = [n for n in NAME_SPLIT.split(row.text(prefix)) if n.strip()]
    phones = [p for p in NAME_SPLIT.split(row.text(prefix + "电话")) if p.strip()]
    ids = [i for i in NAME_SPLIT.split(row.text(prefix + "身份证号")) if i.strip()]
    if not names:
        if required:
            row.fail(prefix, f"“{prefix}”不能为空，请填写姓名。")
        elif phones or ids:
            row.fail(prefix, f"填了{prefix}的电话或身份证号，却没有填{prefix}姓名，请补上姓名。")
        return []
    for column, values in ((prefix + "电话", phones), (prefix + "身份证号", ids)):
        if len(values) > len(names):
            row.fail(column, f"“{column}”有 {len(values)} 个，{prefix}只有 {len(names)} 位，请一人对应一个。")
            return []
    people = []
    for k, name in enumerate(names):
        person = {"role": role}
        try:
            person["name"] = v.parse_name(name)
        except v.ValidationError as exc:
            row.fail(prefix, exc.message)
            continue
        if k < len(phones):
            try:
                person["phone"] = v.parse_phone(phones[k])
            except v.ValidationError as exc:
                row.fail(prefix + "电话", exc.message)
                continue
        if k < len(ids):
            # A lone number keeps its raw cell: it tells whether Excel stored it as a number.
            raw = row.raw(prefix + "身份证号") if len(ids) == 1 else ids[k]
            try:
                id_type, person["id_number"] = _id_number(ids[k], raw)
                if id_type != "resident":  # a bare number is a 居民身份证, the party's default
                    person["id_type"] = id_type
            except v.ValidationError as exc:
                row.fail(prefix + "身份证号", exc.message)
                continue
        people.append(person)
    return people


MULTILINE_COLUMNS = ("纠纷简要情况",)


def _visible(row: _Row) -> bool:
    """Every cell of the row passes the one visibility check (no bidi override, zero-width or
    control character; line breaks only in the summary). False after naming each bad cell."""
    for column in COLUMNS:
        text = row.text(column)
        if text.isprintable():  # no control, format or separator character: nothing to refuse
            continue
        try:
            v.check_visible(text, column, multiline=column in MULTILINE_COLUMNS)
        except v.ValidationError as exc:
            row.fail(column, exc.message)
    return not row.bad


def _plan_row(line: int, cells: dict, look: _Lookups, errors: list[RowError],
              today: date | None = None) -> ImportRow | None:
    row = _Row(line, cells, errors)
    if not _visible(row):
        return None
    accepted = row.check("受理日期", _date, required=True)
    today = today or date.today()
    if accepted and accepted > today:
        row.fail("受理日期", f"受理日期 {accepted} 在今天（{today}）之后，还没到这一天，请核对后重新填写。")
    type_id = row.check("纠纷类型", lambda t, _r: look.type_id(t), required=True)
    hamlet_id = row.check("屯组", lambda t, _r: look.hamlet_id(t))
    mediators = [m.strip() for m in NAME_SPLIT.split(row.text("调解员")) if m.strip()]
    presiding_id = None
    if mediators:
        try:
            presiding_id = look.cadre_id(mediators[0])
        except v.ValidationError as exc:
            row.fail("调解员", exc.message)
    parties = _people(row, "applicant", "申请人", True) + _people(row, "respondent", "被申请人", False)
    summary = row.check("纠纷简要情况", lambda t, _r: v.parse_text(t, max_len=2000, what="纠纷简要情况")) or ""
    result_text = row.text("调解结果")
    status = row.check("调解结果", lambda t, _r: _status(t, bool(mediators)))
    closed = row.check("结案日期", _date)
    amount = row.check("涉及金额", lambda t, _r: v.parse_amount(t))
    people = row.check("涉及人数", lambda t, _r: v.parse_int(t, minimum=0, maximum=100_000, what="涉及人数"))
    if accepted and closed and closed < accepted:
        row.fail("结案日期", f"结案日期 {closed} 早于受理日期 {accepted}，请核对。")
    if closed and not result_text:
        row.fail("结案日期", "填了结案日期，但调解结果是空的，请在“调解结果”里写明成功、不成、移交或撤回。")
    elif closed and status in ("accepted", "mediating"):
        row.fail("结案日期", f"调解结果是“{result_text}”，案件还没办结，不能填结案日期；请删去结案日期或改写结果。")
    status = status or ("mediating" if mediators else "accepted")
    if row.bad:
        return None
    data = dict(accepted_on=accepted, type_id=type_id, hamlet_id=hamlet_id, summary=summary,
                presiding_id=presiding_id, other_mediators="、".join(mediators[1:])[:100], status=status,
                people_involved=people if people is not None else len(parties),
                amount_fen=int(amount * 100) if amount is not None else None)
    if closed:
        data["closed_on"] = closed
    if hamlet_id is not None:
        for p in parties:
            p["hamlet_id"] = hamlet_id
    return ImportRow(line, data, parties)


def _find_header(rows: list[tuple[int, list]]) -> tuple[int, dict[int, str], list[str]]:
    """(header line, column index -> canonical name, ignored headers) from the first lines."""
    for line, cells in rows[:HEADER_SEARCH_LINES]:
        names = [normalise_header(c) for c in cells]
        if sum(1 for n in names if n) >= 3:
            found: dict[int, str] = {}
            ignored = []
            for i, (cell, name) in enumerate(zip(cells, names, strict=True)):
                shown = _cell_text(cell)
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
    raw_headers = {i: _cell_text(header_cells[i]) for i in columns}
    plan = ImportPlan(path=path, header_line=header_line, ignored_headers=ignored)
    look = _Lookups(engine)
    total = max(0, len(rows) - header_line)
    if progress is not None:
        progress(0, total)
    for done, (line, cells) in enumerate(rows, start=1 - header_line):
        if progress is not None and done > 0 and done % 1000 == 0:
            progress(done, total)
        if line <= header_line or not any(_cell_text(c) for c in cells):
            continue
        named = {name: (raw_headers[i], cells[i] if i < len(cells) else None) for i, name in columns.items()}
        planned = _plan_row(line, named, look, plan.errors, today)
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
