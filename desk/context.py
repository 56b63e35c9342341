"""What a screen or a form builder needs from the app, typed: no bag of services.

`DeskApp.context` makes a new one each time it is asked, so a screen that keeps none never
holds an engine a restore has replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DeskContext:
    engine: Any  # sqlalchemy Engine, or None before the database is open / during a restore
    today: date  # the working date (fixed in tests)
    clerk: str  # the village's clerk, written into the audit log as the operator
    db_path: Path


class UsesContext:
    """Screens and dialogs read the context, never the app's attributes one by one."""

    app: Any

    @property
    def ctx(self) -> DeskContext:
        """The engine, the working date, the clerk and the database path, as of now."""
        return self.app.context
