"""Pilot helpers: wait for the database workers, type Chinese text key by key."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date

from rich.cells import cell_len
from textual import events
from textual.worker import WorkerCancelled, WorkerFailed

TODAY = date(2026, 11, 28)


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and their messages be handled.

    A save is a chain (a dialog's callback starts a write worker, which starts a reload worker,
    whose result is a message): on a slow machine a link can start after a round has looked,
    so keep going until no worker is left unfinished.
    """
    for _ in range(rounds):
        await _workers_done(pilot.app)
        await pilot.pause()
    for _ in range(50):
        if all(w.is_finished for w in pilot.app.workers):
            break
        await _workers_done(pilot.app)
        await pilot.pause()
    await pilot.pause()


async def _workers_done(app) -> None:
    """Wait for the workers. A form's save worker ends by closing its form, and Textual then
    cancels the closing screen's workers: one can be 'cancelled' after its save is done.
    A worker that failed was reported by the app (DeskApp.errors_reported, which every app
    test checks at its end: tests/app/conftest.py)."""
    try:
        await app.workers.wait_for_complete()
    except (WorkerCancelled, WorkerFailed):
        pass


def _key_name(ch: str) -> str:
    """The key name a terminal gives a punctuation character (Textual's own rule, written out
    here so the tests use no private name): its Unicode name in lower case with underscores."""
    return unicodedata.name(ch, ch).lower().replace("-", "_").replace(" ", "_")


async def type_text(pilot, text: str) -> None:
    """Send each character as the terminal does when an IME commits text.

    Pilot.press loses punctuation such as the middle dot (it looks up the key name
    'middle_dot' as a Unicode name and gets nothing), so such characters are sent as the
    Key event a real terminal produces: key name plus the character itself.
    """
    for ch in text:
        if ch == " ":
            await pilot.press("space")
        elif ch.isalnum() or unicodedata.category(ch).startswith("L"):
            await pilot.press(ch)
        else:
            pilot.app.post_message(events.Key(_key_name(ch), ch))
            await pilot.pause()


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([0-9.]+)" y="[0-9.]+" textLength="[0-9.]+" '
                       r'clip-path="url\(#[^"]*?line-([0-9]+)\)">(.*?)</text>')


def screen_text(app) -> str:
    """The characters on the screen in front, line by line (what the terminal would show).

    Read from Textual's public screenshot (SVG): each run of text is put back at its column."""
    svg = app.export_screenshot()
    rows: dict[int, str] = {}
    for x, line, chunk in _SVG_TEXT.findall(svg):
        row = rows.get(int(line), "")
        column = round(float(x) / 12.2)
        row += " " * max(0, column - cell_len(row))
        rows[int(line)] = row + html.unescape(chunk).replace("\xa0", " ")
    return "\n".join(rows.get(i, "") for i in range(max(rows, default=-1) + 1))
