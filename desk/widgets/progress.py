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


class StartupProgress:
    """progress(done, total) for work the app does while it opens its database (re-keying an
    older file's pinyin keys: db.pinyin_refresh): called from the worker thread, it shows a
    WorkProgress line on the screen in front, "正在更新拼音索引：35,000 / 100,000", at most
    about ten times a second; `close()` (on the app's thread) takes the line away."""

    ID = "startup-progress"

    def __init__(self, app, what: str, interval: float = 0.1) -> None:
        self.app, self.what, self.interval = app, what, interval
        self.last = float("-inf")
        self.shown: tuple[int, int] | None = None  # the last count shown (tests)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total <= 0 or (now - self.last < self.interval and done < total):
            return
        self.last = now
        try:
            self.app.call_from_thread(self._show, done, total)
        except RuntimeError:  # the app is closing: nothing to show it on
            pass

    async def _show(self, done: int, total: int) -> None:
        screen = self.app.screen
        bars = list(screen.query(f"#{self.ID}").results(WorkProgress))
        if bars:
            bar = bars[0]
        else:
            bar = WorkProgress(id=self.ID)
            await screen.mount(bar)
            bar.start(self.what)
        bar.show(done, total)
        self.shown = (done, total)

    def close(self) -> None:
        for screen in self.app.screen_stack:
            screen.query(f"#{self.ID}").remove()
