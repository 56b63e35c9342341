"""Checking one row of an imported register (forms.register_import reads the sheet and adds
the rows): every cell of the row is checked and every problem named (spreadsheet line, column,
reason) rather than stopping at the first; a good row becomes create_dispute data and parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine

from db.models.register import ID_TYPES
from db.settings.village import list_cadres, list_hamlets, list_types
from forms import validate as v
from forms.id_documents import parse_document_number
from forms.register_template import COLUMNS
from forms.table_read import RowError

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


@dataclass
class ImportRow:
    """A row ready to add: create_dispute data and its parties."""

    line: int
    data: dict
    parties: list[dict]


def cell_text(value) -> str:
    """A cell as the text the checks read (a whole float without .0, a date as 2026-03-05)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class Lookups:
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
            self.texts[column] = cell_text(self.raw(column))
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


def plan_row(line: int, cells: dict, look: Lookups, errors: list[RowError],
             today: date | None = None) -> ImportRow | None:
    """The row at spreadsheet `line` (cells: column -> (header as written, raw value)) as an
    ImportRow, or None after adding every problem it has to `errors`."""
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
