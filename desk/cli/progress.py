"""A progress line on stderr for the long commands (export, import): Chinese, at most about ten
updates a second on a terminal (one a second when stderr is a file or a pipe, each on its own
line), and always the final count."""

from __future__ import annotations

import sys
import time


class ProgressLine:
    """Call with (done, total) as often as you like; `close()` ends the line."""

    def __init__(self, what: str, unit: str = "件", stream=None, interval: float | None = None):
        self.what, self.unit = what, unit
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.1 if self.tty else 1.0)
        self.shown_at = float("-inf")
        self.last: tuple[int, int] | None = None
        self.open = False
        self.updates = 0  # how many times the line was written (tests)

    def text(self, done: int, total: int) -> str:
        share = f"（{done * 100 // total}%）" if total else ""
        return f"{self.what}：{done:,} / {total:,} {self.unit}{share}"

    def __call__(self, done: int, total: int) -> None:
        self.last = (done, total)
        now = time.monotonic()
        if now - self.shown_at < self.interval and done < total:
            return
        self.shown_at = now
        self._show(done, total)

    def _show(self, done: int, total: int) -> None:
        if self.tty:
            self.stream.write("\r" + self.text(done, total))
            self.open = True
        else:
            self.stream.write(self.text(done, total) + "\n")
        self.stream.flush()
        self.updates += 1

    def close(self) -> None:
        """Show the last count if it was skipped, and end the line."""
        if self.last is not None and self.shown_at == float("-inf"):
            self._show(*self.last)
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False
