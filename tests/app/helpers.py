"""Pilot helpers: wait for the database workers, type Chinese text key by key."""

from __future__ import annotations

import unicodedata
from datetime import date

from textual import events
from textual.keys import _character_to_key
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
            pilot.app.post_message(events.Key(_character_to_key(ch), ch))
            await pilot.pause()


def screen_text(app) -> str:
    """The characters on the screen in front, line by line (what the terminal would show)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
