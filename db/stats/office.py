"""The office's own records in the monthly report: the last meeting's decisions and their
state, and the month's requests (来访来电) by channel, category and handling.

Read as of the report's day (`fig.as_of`: the month's last day, or today within the month),
like every other figure: a decision done after that day is still 在办 or 逾期 in the report.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from db.meeting.query import last_meeting_decisions
from db.reception.query import month_counts
from db.stats.model import MonthlyFigures


def office_records(fig: MonthlyFigures, conn: Connection) -> None:
    """Fill fig.meeting, fig.decisions and fig.reception."""
    fig.meeting, fig.decisions = last_meeting_decisions(conn, fig.month, fig.as_of)
    fig.reception = month_counts(conn, fig.first, fig.last, fig.as_of)
