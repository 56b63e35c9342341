"""What every section screen shares: data loaded in a worker, F1 help text, reload on return."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.screen import Screen

from desk.context import UsesContext
from desk.messages import Loaded


class DeskScreen(UsesContext, Screen):
    """A section screen. Subclasses implement `load(engine)` (worker thread) and `show(data)`."""

    HELP = ""
    SECTION = ""  # home / register / checklist / report / backup / settings

    def load(self, engine) -> Any:  # runs in a thread: database work only, no widgets
        return None

    def show(self, data: Any) -> None:  # runs on the UI thread
        pass

    def prepare(self) -> None:
        """Columns, focus, timers: what a screen sets up once, before its first load."""

    def on_mount(self) -> None:
        # Defined here only: Textual runs an on_mount of every class along the MRO, so
        # subclasses set themselves up in prepare() and the first load happens once.
        self.prepare()
        self.reload()

    # True for a screen that shows only what the database holds (and the working date) and keeps
    # no loading state of its own (reload not overridden): coming back to it from help, a dialog
    # or a screen that saved nothing, it is not read and drawn again. Whether anything was saved meanwhile is told by db.audit.change_stamp, read before
    # the data (so a change made while it was read makes the next return read it again).
    QUIET_RESUME = False

    def on_screen_resume(self) -> None:
        if self._resumed_once:
            if self.QUIET_RESUME and self.ctx.engine is not None:
                self._load(only_if_changed=True)
            else:
                self.reload()
        self._resumed_once = True

    _resumed_once = False
    _shown_stamp = None

    def reload(self) -> None:
        self._shown_stamp = None  # what is shown is to change (a filter, a month): a return reads it too
        if self.ctx.engine is not None:
            self._load()

    @work(thread=True, exclusive=True, group="db")
    def _load(self, only_if_changed: bool = False) -> None:
        ctx = self.ctx
        stamp = None
        if self.QUIET_RESUME:
            from db.audit import change_stamp  # late: the data layer loads after the first frame

            stamp = (ctx.engine, ctx.today, change_stamp(ctx.engine))
            if only_if_changed and stamp == self._shown_stamp:
                return
        data = self.load(ctx.engine)
        self.post_message(Loaded(data, stamp))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        self._shown_stamp = None
        try:
            self.show(message.data)
            self._shown_stamp = message.stamp
        except Exception as error:  # logged and said in Chinese; the screen stays usable
            self.app.report_error(error, f"show {type(self).__name__}")
