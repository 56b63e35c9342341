"""A progress line for long work done in a worker (the register's export and import): a label
with the count, and a ProgressBar. Hidden until started. The worker posts counts through
`reporter()`, at most about ten times a second, whatever the work's own pace."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar

from desk.widgets.text import Static


class WorkProgress(Horizontal):
    DEFAULT_CSS = """
    WorkProgress { height: 1; display: none; }
    WorkProgress.running { display: block; }
    WorkProgress > Static { width: auto; padding-right: 1; }
    WorkProgress > ProgressBar { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.what = ""
        self.shown: tuple[int, int] | None = None  # the last count shown (tests)

    def compose(self) -> ComposeResult:
        yield Static("", classes="work-label")
        yield ProgressBar(total=None, show_eta=False)

    def start(self, what: str) -> None:
        """Show the line (on the app's thread) for the work called `what`."""
        self.what = what
        self.shown = None
        self.query_one(Static).update(f"{what}…")
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.add_class("running")

    def stop(self) -> None:
        self.remove_class("running")

    def show(self, done: int, total: int) -> None:
        self.shown = (done, total)
        self.query_one(Static).update(f"{self.what}：{done:,} / {total:,}")
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def reporter(self, interval: float = 0.1) -> Callable[[int, int], None]:
        """A progress(done, total) callback for a worker thread (throttled; the end always shows)."""
        last = [float("-inf")]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] < interval and done < total:
                return
            last[0] = now
            self.app.call_from_thread(self.show, done, total)

        return progress
