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


async def settle(pilot, rounds: int = 2) -> None:
    """Let workers finish and their messages be handled.

    A save is a chain (a dialog's callback starts a write worker, which starts a reload worker,
    whose result is a message): on a slow machine a link can start after a round has looked,
    so keep going, at least `rounds` rounds, until a whole round changed nothing that a link
    leaves behind (no worker unfinished, no new worker, the same screens and focus); if
    anything changed on the way, pause once more. Each round costs a Pilot pause, about 12 ms
    of CPU on a form (Pilot visits every widget of the screen): a settle with nothing to wait
    for stops after two.
    """
    app = pilot.app
    first = last = _activity(app)
    changed = False
    for done in range(1, 60):
        await _workers_done(app)
        await pilot.pause()
        now = _activity(app)
        changed = changed or now != first
        if done >= rounds and now == last and all(w.is_finished for w in app.workers):
            break
        last = now
    if changed:
        await pilot.pause()


def _activity(app) -> tuple:
    """What a link of a chain changes: the workers (and their states), the screens, the focus."""
    return (tuple((id(w), w.state) for w in app.workers), tuple(id(s) for s in app.screen_stack),
            id(app.focused))


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


async def paste_text(pilot, text: str) -> None:
    """Text pasted into the focused field, as a terminal sends it (bracketed paste: one Paste
    event): for a file's path, which a clerk pastes from the file manager. Typing is tested by
    type_text; a long path typed key by key costs seconds of the test's waiting for idle."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Send each character as the terminal does when an IME commits text.

    Pilot.press loses punctuation such as the middle dot (it looks up the key name
    'middle_dot' as a Unicode name and gets nothing), so such characters are sent as the
    Key event a real terminal produces: key name plus the character itself. A run of letters
    and digits goes in one Pilot.press, which still waits for the app to be idle after each
    key (the screen is visited once per run, not once per character: that costs CPU).
    """
    run: list[str] = []
    for ch in text:
        if ch == " ":
            run.append("space")
        elif ch.isalnum() or unicodedata.category(ch).startswith("L"):
            run.append(ch)
        else:
            if run:
                await pilot.press(*run)
                run = []
            pilot.app.post_message(events.Key(_key_name(ch), ch))
            await pilot.pause()
    if run:
        await pilot.press(*run)


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
