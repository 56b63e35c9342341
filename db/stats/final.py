"""A finalised month (定稿): the stored snapshot, read back, and differences from it.
Finalising and comparing are in db.stats.finalise (they compute the figures, db.stats.figures).

The choice: a month is finalised once. Finalising it again is refused unless a reason (note)
is given; then the stored figures are replaced and the audit log keeps the old ones with the
reason (monthly_snapshot rows are audited like every other table). The snapshot holds every
number of `MonthlyFigures.as_dict()` and its label, so a difference can be named even after a
hamlet or a type is renamed. A key missing on one side counts as 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

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
