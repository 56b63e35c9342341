"""Snapshots hold still: a text cursor blinks every half second, so on a slow machine the
picture could be taken with the cursor on or off. Before each snapshot the blinking stops
(the cursor stays shown, as it is the moment a key is typed)."""

from __future__ import annotations

import pytest


@pytest.fixture
def snap_compare(snap_compare):
    def compare(app, *args, run_before=None, **kwargs):
        async def before(pilot):
            if run_before is not None:
                await run_before(pilot)
            for widget in pilot.app.screen.query("*"):
                if hasattr(widget, "cursor_blink"):
                    widget.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, *args, run_before=before, **kwargs)

    return compare
