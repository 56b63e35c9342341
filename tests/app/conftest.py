"""Snapshots hold still.

A text cursor blinks every half second, so on a slow machine the picture could be taken with
the cursor on or off: before each snapshot the blinking stops (the cursor stays shown, as it is
the moment a key is typed). A DataTable measures its new rows when it is next idle: the picture
waits until every table has done so, or columns could show at the width of their headers.
"""

from __future__ import annotations

import pytest

from desk.app import DeskApp


@pytest.fixture(autouse=True)
def no_unexpected_errors():
    """The app logs an unexpected error and carries on (desk/app.py): a test would not notice
    it, so every app test ends by checking that none happened. A test that makes one on
    purpose clears the list."""
    DeskApp.errors_reported.clear()
    DeskApp.errors_seen.clear()
    yield
    if DeskApp.errors_reported:
        import traceback

        seen = "".join("".join(traceback.format_exception(e)) for e in DeskApp.errors_seen)
        raise AssertionError(f"the app reported unexpected errors {DeskApp.errors_reported}:\n{seen}")


@pytest.fixture
def snap_compare(snap_compare):
    def compare(app, *args, run_before=None, **kwargs):
        async def before(pilot):
            if run_before is not None:
                await run_before(pilot)
            for widget in pilot.app.screen.query("*"):
                if hasattr(widget, "cursor_blink"):
                    widget.cursor_blink = False
            # Settled when two screenshots in a row are the same (public API only).
            last = None
            for _ in range(100):
                await pilot.pause()
                shot = pilot.app.export_screenshot()
                if shot == last:
                    break
                last = shot

        return snap_compare(app, *args, run_before=before, **kwargs)

    return compare
