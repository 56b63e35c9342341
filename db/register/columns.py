"""The register's columns, defined once: the sheet's (REGISTER: label, width, value; the export
writes them and the import reads the export's labels back) and the F3 list's (LIST: the same
columns, short, each naming the REGISTER column it abbreviates), and the sheet's rows."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.models.register import AGREEMENT_FORMS, ID_TYPES, PERFORMANCE, SOURCES, STATUSES
from db.session import as_date

if TYPE_CHECKING:
    from db.register.query import DisputeRow


# ---- the register export --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the register as exported (and read back by the import where the import
    knows its label): the header, its width in the sheet, and how a case's value is got."""

    label: str
    width: float
    value: Callable[[Mapping[str, Any]], Any]


def _names(role: str, part: int) -> Callable[[Mapping[str, Any]], str]:
    return lambda r: "、".join(p[part] for p in r["people"].get(role, ()) if p[part])


REGISTER: tuple[Column, ...] = (
    Column("编号", 22, lambda r: r["number"]),
    Column("受理日期", 11, lambda r: as_date(r["accepted_on"])),
    Column("来源", 13, lambda r: SOURCES.get(r["source"], r["source"])),
    Column("纠纷类型", 11, lambda r: r["type_name"]),
    Column("屯组", 9, lambda r: r["hamlet_name"] or ""),
    Column("申请人", 14, _names("applicant", 0)),
    Column("申请人身份证号", 21, _names("applicant", 1)),
    Column("申请人电话", 14, _names("applicant", 2)),
    Column("被申请人", 14, _names("respondent", 0)),
    Column("被申请人身份证号", 21, _names("respondent", 1)),
    Column("被申请人电话", 14, _names("respondent", 2)),
    Column("第三人", 12, _names("third", 0)),
    Column("纠纷简要情况", 40, lambda r: r["summary"]),
    Column("涉及人数", 8, lambda r: r["people_involved"]),
    Column("涉及金额（元）", 12, lambda r: None if r["amount_fen"] is None else r["amount_fen"] / 100),
    Column("群体性", 7, lambda r: "是" if r["is_mass"] else ""),
    Column("主持调解员", 10, lambda r: r["presiding_name"] or ""),
    Column("包案领导", 10, lambda r: r["leader_name"] or ""),
    Column("办理期限", 11, lambda r: as_date(r["deadline"])),
    Column("状态", 9, lambda r: STATUSES.get(r["status"], r["status"])),
    Column("协议形式", 9, lambda r: AGREEMENT_FORMS.get((r["agreement"] or "").partition(":")[0], "")),
    Column("履行情况", 9, lambda r: PERFORMANCE.get((r["agreement"] or "").partition(":")[2], "")),
    Column("结案日期", 11, lambda r: as_date(r["closed_on"])),
    Column("作废", 6, lambda r: "作废" if r["voided"] else ""),
)
REGISTER_COLUMNS = tuple(c.label for c in REGISTER)
REGISTER_WIDTHS = tuple(c.width for c in REGISTER)


# ---- the register list (F3): the same columns, short ---------------------------------------------


@dataclass(frozen=True)
class ListColumn:
    """One column of the F3 list: its key, short header and width (terminal cells; the eight
    together fit 80 columns), how a list row (db.register.query.DisputeRow) shows in it, and
    `of`, the REGISTER column it abbreviates. get gives a str, or (text, ending) for a cell
    whose ending is never cut (张三…等3人)."""

    key: str
    label: str
    width: int
    get: Callable[[DisputeRow], str | tuple[str, str]]
    of: str


# Short words so the list fits 80 columns; the case screen says them in full.
SHORT_STATUS = {"accepted": "受理", "mediating": "调解中", "succeeded": "成功", "failed": "不成",
                "referred": "移交", "withdrawn": "撤回"}


def short_number(number: str) -> str:
    """(2026)青调字第012号 -> 2026-012; a number of another shape is left whole."""
    m = re.match(r"\((\d{4})\)\D*?(\d+)号?$", number)
    return f"{m.group(1)}-{m.group(2)}" if m else number


def _people(r: DisputeRow) -> tuple[str, str]:
    count = r.more_parties + bool(r.applicant) + bool(r.respondent)
    return r.applicant or r.respondent, f"等{count}人" if count > 1 else ""


def _short_status(r: DisputeRow) -> str:
    if r.voided:
        return "已作废"
    return (SHORT_STATUS.get(r.status, r.status_label) + (" 超期" if r.overdue else "")
            + (" 已结" if r.closed_on else ""))


LIST: tuple[ListColumn, ...] = (
    ListColumn("number", "案号", 8, lambda r: short_number(r.number), of="编号"),
    ListColumn("accepted", "受理", 5, lambda r: f"{r.accepted_on:%m-%d}", of="受理日期"),
    ListColumn("type", "类型", 8, lambda r: r.type_name, of="纠纷类型"),
    ListColumn("hamlet", "屯组", 6, lambda r: r.hamlet_name, of="屯组"),
    ListColumn("parties", "当事人", 11, _people, of="申请人"),
    ListColumn("status", "状态", 11, _short_status, of="状态"),
    ListColumn("mediator", "调解员", 6, lambda r: r.presiding_name, of="主持调解员"),
    ListColumn("deadline", "期限", 5, lambda r: f"{r.deadline:%m-%d}", of="办理期限"),
)


def _typed_number(id_type: str, number: str) -> str:
    """A number in the export's ID column: a document other than 居民身份证 says which
    (护照：E12345678), so that the import reads it back with its type."""
    return number if id_type == "resident" else f"{ID_TYPES.get(id_type, id_type)}：{number}"


def register_rows(engine: Engine, ids: Sequence[int],
                  id_text: Callable[[str], str] = lambda s: s) -> Iterator[tuple]:
    """The register rows (REGISTER's columns) of the cases `ids`, in that order (the caller
    chooses them with db.register.filters.matching_ids, the list's own filter), streamed in
    batches so 100,000 cases need little memory. Each ID number passes through `id_text`; one
    of another document than 居民身份证 is written with its type (护照：E12345678)."""
    sql = """
    SELECT d.id, d.number, d.accepted_on, d.source, t.name AS type_name, h.name AS hamlet_name,
           d.summary, d.people_involved, d.amount_fen, d.is_mass, c1.name AS presiding_name,
           c2.name AS leader_name, d.deadline, d.status, d.closed_on, d.voided,
           (SELECT a.form || ':' || a.performance FROM agreement a WHERE a.dispute_id = d.id
              AND a.voided = 0 ORDER BY a.signed_on DESC, a.id DESC LIMIT 1) AS agreement
    FROM dispute d JOIN dispute_type t ON t.id = d.type_id
    LEFT JOIN hamlet h ON h.id = d.hamlet_id
    LEFT JOIN cadre c1 ON c1.id = d.presiding_id
    LEFT JOIN cadre c2 ON c2.id = d.leader_id
    WHERE d.id IN (SELECT value FROM json_each(:ids)) ORDER BY d.accepted_on, d.id"""
    # The batch's ids as one JSON parameter: no limit on bound variables, and the party index
    # is used for each id.
    party_sql = """
    SELECT p.dispute_id, p.role, p.name, p.id_number, p.phone, p.id_type FROM party p
    WHERE p.dispute_id IN (SELECT value FROM json_each(:ids)) AND p.voided = 0 ORDER BY p.dispute_id, p.id"""
    getters = [c.value for c in REGISTER]
    with engine.connect() as conn:
        for start in range(0, len(ids), 2000):
            chunk = json.dumps([int(i) for i in ids[start:start + 2000]])
            batch = conn.execute(text(sql), {"ids": chunk}).mappings().all()
            people: dict[int, dict[str, list]] = {}
            for did, role, name, idn, phone, kind in conn.execute(text(party_sql), {"ids": chunk}):
                number = _typed_number(kind, id_text(idn)) if idn else ""
                people.setdefault(did, {}).setdefault(role, []).append((name, number, phone or ""))
            for r in batch:
                case = dict(r, people=people.get(r["id"], {}))
                yield tuple(get(case) for get in getters)
