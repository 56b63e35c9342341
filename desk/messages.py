"""Messages the app and its screens pass around."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class DatabaseReady(Message):
    """The database is open (and migrated); `village` is None on a brand-new file."""

    engine: Any
    village: Any
    drafts: list


@dataclass
class DatabaseFailed(Message):
    """The database could not be opened; `message` says why in Chinese."""

    message: str


@dataclass
class Loaded(Message):
    """A screen's data arrived from its worker, with the database's change stamp read before
    it (None for a screen that reloads whenever it comes back: DeskScreen.QUIET_RESUME)."""

    data: Any
    stamp: Any = None


@dataclass
class HomeLoaded(Message):
    """The home screen's data, read before the full data layer is loaded (None: no village)."""

    data: Any
