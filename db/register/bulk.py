"""Many new cases at once (the spreadsheet import: 20,000 rows), in the caller's transaction.

create_dispute_in builds ORM objects and flushes each case and its parties (about 3.5 ms a
case: 72 s for 20,000). `add_cases_in` stores the same rows with three batched INSERTs and
writes the same audit entries (db.audit.insert_entries: one per case and per party, the fields
the audit hook would write), after the same checks (db.register.write: coerce, the case and
party rules, numbering); the database's own constraints still hold every row. Equivalence
with create_dispute_in is tested (tests/forms/test_import_fast.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace

from sqlalchemy import insert
from sqlmodel import Session

from db.audit import insert_entries
from db.models import AuditEntry, Dispute, Party, Village
from db.models.base import now
from db.pinyin import name_keys
from db.register.write import (
    _check_dispute,
    _check_party,
    _mark_issued,
    _next_seq,
    _party_values,
    _prefix,
    case_number,
    new_case_values,
    search_fields,
)
from db.session import DataError


class CaseRowError(DataError):
    """A case of the batch the register refuses: `index` is its place in the batch."""

    def __init__(self, index: int, error: DataError):
        super().__init__(error.message, error.field)
        self.index = index


def _defaults(model) -> dict:
    """Every column of `model` with its default (None when it has none), in column order."""
    out = {}
    for name in model.__table__.columns.keys():
        field = model.model_fields.get(name)
        out[name] = None if field is None or field.is_required() else field.get_default(call_default_factory=False)
    return out


def add_cases_in(s: Session, cases: Sequence[tuple[dict, Sequence[dict]]],
                 progress: Callable[[int, int], None] | None = None) -> list[int]:
    """Add each (case data, parties) as create_dispute_in would, in the session's transaction;
    returns the new ids in order. CaseRowError names the first case refused (nothing is kept
    when the caller's transaction then rolls back). `progress(cases checked, cases)` is called
    every thousand cases."""
    total = len(cases)
    village = s.get(Village, 1)
    prefix = _prefix(s)
    clerk = village.clerk if village else ""
    stamp = now()  # created_at and updated_at, as the models' default
    d_defaults, p_defaults = _defaults(Dispute), _defaults(Party)
    seqs: dict[int, int] = {}
    d_rows: list[dict] = []
    p_rows: list[list[dict]] = []
    for i, (data, parties) in enumerate(cases):
        try:
            vals = new_case_values(data, len(parties))
            vals.setdefault("registered_by", clerk)
            year = vals["accepted_on"].year
            seq = seqs[year] = (seqs[year] if year in seqs else _next_seq(s, year) - 1) + 1
            row = {**d_defaults, "created_at": stamp, "updated_at": stamp, **vals, "year": year, "seq": seq,
                   "number": case_number(prefix, year, seq)}
            _check_dispute(s, SimpleNamespace(**row))
            people = []
            for k, pdata in enumerate(parties):
                try:
                    p = {**p_defaults, "created_at": stamp, "updated_at": stamp, **_party_values(pdata, partial=False)}
                    p["initials"] = name_keys(p["name"])  # as db.register.parties does
                    checked = SimpleNamespace(**p)
                    _check_party(s, checked)
                    p.update(vars(checked))  # sex and birth date filled from an 18-digit ID
                except DataError as exc:
                    raise DataError(f"第 {k + 1} 位当事人：{exc.message}", exc.field) from exc
                people.append(p)
            row["search_text"], row["search_initials"] = search_fields(
                [SimpleNamespace(**p) for p in people], row["summary"])
        except DataError as exc:
            raise CaseRowError(i, exc) from exc
        d_rows.append(row)
        p_rows.append(people)
        if progress is not None and (i + 1) % 1000 == 0:
            progress(i + 1, total)
    if not d_rows:
        return []
    conn = s.connection()
    d_table, p_table = Dispute.__table__, Party.__table__
    # The ids SQLite would give one by one (max + 1: rows are never deleted), given here so
    # that the rows go in with one executemany each. A writer that got in since this
    # transaction read the table makes the insert fail (SQLite refuses a stale write), never
    # a row with a wrong id.
    for year, seq in seqs.items():  # the first write: this transaction now holds the write lock
        _mark_issued(s, year, seq)
    next_id = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM dispute").scalar_one()
    ids = list(range(next_id + 1, next_id + 1 + len(d_rows)))
    for dispute_id, row in zip(ids, d_rows, strict=True):
        row["id"] = dispute_id
    conn.execute(insert(d_table), d_rows)
    next_party = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM party").scalar_one()
    flat = []
    for dispute_id, people in zip(ids, p_rows, strict=True):
        for p in people:
            next_party += 1
            p["id"], p["dispute_id"] = next_party, dispute_id
            flat.append(p)
    if flat:
        conn.execute(insert(p_table), flat)
    d_cols, p_cols = d_table.columns.keys(), p_table.columns.keys()
    entries = insert_entries(s, d_table.name, [(row["id"], {k: row[k] for k in d_cols}) for row in d_rows])
    entries += insert_entries(s, p_table.name, [(p["id"], {k: p[k] for k in p_cols}) for p in flat])
    conn.execute(insert(AuditEntry.__table__), entries)
    if progress is not None:
        progress(total, total)
    return ids
