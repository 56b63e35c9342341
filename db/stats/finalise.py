"""Finalising a month (定稿) and comparing today's figures with the finalised ones.

Above db.stats.figures (it computes the figures to store); the snapshot itself is read in
db.stats.final, which db.stats.figures uses, so neither needs an import inside a function.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.models.base import now
from db.models.reports import MonthlySnapshot
from db.session import DataError, unit
from db.stats.figures import monthly_figures
from db.stats.final import SNAPSHOT_VERSION, Difference, Snapshot


def finalise_month(engine: Engine, month: str, who: str, *, note: str = "",
                   today: date | None = None) -> Snapshot:
    """Store the month's figures as final. A second time needs `note` (the reason), else
    DataError; the replaced figures stay in the audit log with that reason."""
    fig = monthly_figures(engine, month, today=today)
    payload = json.dumps(
        {"version": SNAPSHOT_VERSION, "values": fig.as_dict(), "labels": fig.labels()},
        ensure_ascii=False, sort_keys=False,
    )
    who = (who or "").strip()
    with unit(engine, who=who or None, note=note.strip()) as s:
        row = s.exec(select(MonthlySnapshot).where(MonthlySnapshot.month == fig.month)).first()
        if row is not None and not note.strip():
            raise DataError(
                f"{fig.first.year}年{fig.first.month}月的月报已于{row.finalised_at:%Y-%m-%d %H:%M}"
                f"由{row.finalised_by or '他人'}定稿；如确需重新定稿，请写明原因。",
                "note",
            )
        if row is None:
            row = MonthlySnapshot(month=fig.month, figures=payload, finalised_by=who[:50])
            s.add(row)
        else:
            row.figures = payload
            row.finalised_at = now()
            row.finalised_by = who[:50]
        s.flush()
        return Snapshot(fig.month, row.finalised_at, row.finalised_by, fig.as_dict(), fig.labels())


def compare_with_final(engine: Engine, month: str, today: date | None = None) -> list[Difference]:
    """What changed since `month` was finalised; [] when nothing did or it is not finalised."""
    fig = monthly_figures(engine, month, today=today)
    return list(fig.final.differences) if fig.final else []
