"""Finalising a month (定稿) and showing later changes as differences.

The choice: a month is finalised once. Finalising it again is refused unless a reason (note)
is given; then the stored figures are replaced and the audit log keeps the old ones with the
reason (monthly_snapshot rows are audited like every other table). The snapshot holds every
number of `MonthlyFigures.as_dict()` and its label, so a difference can be named even after a
hamlet or a type is renamed. A key missing on one side counts as 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import select

from db.models.base import now
from db.models.reports import MonthlySnapshot
from db.session import DataError, unit
from db.stats.model import FinalState

SNAPSHOT_VERSION = 1


@dataclass
class Difference:
    """One figure that differs from the finalised report."""

    key: str
    label: str
    final: float | int | None
    now: float | int | None


@dataclass
class Snapshot:
    """A finalised month, as plain data."""

    month: str
    finalised_at: datetime
    finalised_by: str
    values: dict
    labels: dict


def _load(raw: str) -> tuple[dict, dict]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}, {}
    return dict(data.get("values", {})), dict(data.get("labels", {}))


def differences(final: dict, final_labels: dict, now_values: dict, now_labels: dict) -> list[Difference]:
    """Figures whose value differs, in the report's order (missing key = 0)."""
    out = []
    keys = list(now_values) + [k for k in final if k not in now_values]
    for key in keys:
        default = None if key == "success_rate" else 0
        old, new = final.get(key, default), now_values.get(key, default)
        if old != new:
            out.append(Difference(key, now_labels.get(key) or final_labels.get(key, key), old, new))
    return out


def final_state(conn: Connection, fig):
    """FinalState for `fig` (with its differences), or None when the month is not finalised."""
    row = conn.execute(
        text("SELECT figures, finalised_at, finalised_by FROM monthly_snapshot WHERE month = :m"),
        {"m": fig.month},
    ).first()
    if row is None:
        return None
    values, labels = _load(row[0])
    at = row[1] if isinstance(row[1], datetime) else datetime.fromisoformat(str(row[1]))
    return FinalState(at, row[2] or "", differences(values, labels, fig.as_dict(), fig.labels()))


def get_snapshot(engine: Engine, month: str) -> Snapshot | None:
    """The finalised figures of `month` ('YYYY-MM'), or None."""
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT month, figures, finalised_at, finalised_by FROM monthly_snapshot WHERE month = :m"),
            {"m": month},
        ).first()
    if row is None:
        return None
    values, labels = _load(row[1])
    at = row[2] if isinstance(row[2], datetime) else datetime.fromisoformat(str(row[2]))
    return Snapshot(row[0], at, row[3] or "", values, labels)


def finalise_month(engine: Engine, month: str, who: str, *, note: str = "",
                   today: date | None = None) -> Snapshot:
    """Store the month's figures as final. A second time needs `note` (the reason), else
    DataError; the replaced figures stay in the audit log with that reason."""
    from db.stats.figures import monthly_figures

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
    from db.stats.figures import monthly_figures

    fig = monthly_figures(engine, month, today=today)
    return list(fig.final.differences) if fig.final else []
