"""A progress line on stderr for the long commands (export, import): Chinese, at most about ten
updates a second on a terminal (one a second when stderr is a file or a pipe, each on its own
line). Nothing is shown for work that ends within half a second of its first count, and a
failure leaves only its one-line reason (on a terminal the progress line is wiped)."""

from __future__ import annotations

import sys
import time


class ProgressLine:
    """Call with (done, total) as often as you like; then `close()` when the work is done, or
    `abort()` when it failed."""

    def __init__(self, what: str, unit: str = "件", stream=None, interval: float | None = None,
                 delay: float = 0.5):
        self.what, self.unit = what, unit
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.1 if self.tty else 1.0)
        self.started: float | None = None  # the first count: the delay runs from there
        self.delay = delay
        self.shown_at = float("-inf")
        self.last: tuple[int, int] | None = None
        self.shown: tuple[int, int] | None = None
        self.open = False
        self.updates = 0  # how many times the line was written (tests)

    def text(self, done: int, total: int) -> str:
        share = f"（{done * 100 // total}%）" if total else ""
        return f"{self.what}：{done:,} / {total:,} {self.unit}{share}"

    def __call__(self, done: int, total: int) -> None:
        self.last = (done, total)
        now = time.monotonic()
        if self.started is None:
            self.started = now
        if now - self.started < self.delay:
            return
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
        self.shown = (done, total)
        self.updates += 1

    def close(self) -> None:
        """The work is done: show its last count if the line is showing, and end the line."""
        if self.updates and self.last is not None and self.last != self.shown:
            self._show(*self.last)
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False

    def abort(self) -> None:
        """The work failed: wipe the line on a terminal, so that the reason stands alone."""
        if self.open:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.open = False


REKEY_WHAT = "正在更新拼音索引"  # an older file's pinyin keys, re-made once (db.pinyin_refresh)


def rekey_progress(stream=None, delay: float = 0.5):
    """The progress(done, total) that open_database passes to the re-keying of an older file:
    "正在更新拼音索引：35,000 / 100,000 条（35%）" on stderr (nothing when it is quick), the
    line ended when the work is."""
    line = ProgressLine(REKEY_WHAT, unit="条", stream=stream, delay=delay)
    ended = [False]

    def progress(done: int, total: int) -> None:
        if ended[0]:
            return
        line(done, total)
        if done >= total:
            line.close()
            ended[0] = True

    return progress
