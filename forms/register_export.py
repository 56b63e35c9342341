"""The register (调解台账) exported to xlsx, one row per case, for the township or for WPS.

ID numbers are masked (birth date hidden) unless `mask_ids=False`: an export leaves the
committee. Rows are streamed (openpyxl write-only), so 100,000 cases fit in little memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from sqlalchemy.engine import Engine

from db.register.columns import REGISTER_COLUMNS, REGISTER_WIDTHS, register_rows
from db.register.filters import DisputeFilter, matching_ids
from forms.validate import mask_id_number


def _filters(filters) -> DisputeFilter:
    if filters is None:
        return DisputeFilter()
    if isinstance(filters, DisputeFilter):
        return filters
    filters = dict(filters)
    if "statuses" in filters:
        filters["statuses"] = tuple(filters["statuses"])
    return DisputeFilter(**filters)


def export_register(engine: Engine, path: str | os.PathLike, filters: DisputeFilter | dict | None = None,
                    *, mask_ids: bool = True, today: date | None = None,
                    progress: Callable[[int, int], None] | None = None) -> int:
    """Write the register to `path` (xlsx, written safely); returns how many cases it holds.
    `filters`: the register list's own DisputeFilter (the export holds what the list shows) or
    a dict of its fields (year, month, statuses, hamlet_id, type_id, include_voided, q ...).
    `progress(cases written, cases in all)` is called every thousand cases or so and at the end
    (the counts only grow). Raises OutputError when the file cannot be written."""
    from sqlalchemy import text

    from forms.render.xlsx import new_workbook, save_workbook, table_sheet

    f = _filters(filters)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT name FROM village WHERE id = 1")).first()
    village = row[0] if row else ""
    count = 0

    ids = matching_ids(engine, f)
    total = len(ids)

    def rows():
        nonlocal count
        for r in register_rows(engine, ids, mask_id_number if mask_ids else (lambda s: s)):
            count += 1
            yield r

    if progress is not None:
        progress(0, total)

    what = []
    if f.year:
        what.append(f"{f.year}年")
    if f.month:
        what.append(f"{f.month}")
    if f.q:
        what.append(f"查找“{f.q}”")
    note = (f"导出日期：{(today or date.today()):%Y-%m-%d}" + (f"；范围：{' '.join(what)}" if what else "")
            + ("；身份证号已隐藏出生日期" if mask_ids else "；含完整身份证号，请妥善保管"))
    wb = new_workbook(streamed=True)
    table_sheet(wb, "调解台账", f"{village}矛盾纠纷调解台账", REGISTER_COLUMNS, rows(), note=note,
                widths=REGISTER_WIDTHS, landscape=True,
                progress=None if progress is None else (lambda done: progress(done, total)))
    save_workbook(wb, path)
    return count
