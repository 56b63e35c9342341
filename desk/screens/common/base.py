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

    def on_screen_resume(self) -> None:
        if self._resumed_once:
            self.reload()
        self._resumed_once = True

    _resumed_once = False

    def reload(self) -> None:
        if self.ctx.engine is not None:
            self._load()

    @work(thread=True, exclusive=True, group="db")
    def _load(self) -> None:
        data = self.load(self.ctx.engine)
        self.post_message(Loaded(data))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        try:
            self.show(message.data)
        except Exception as error:  # logged and said in Chinese; the screen stays usable
            self.app.report_error(error, f"show {type(self).__name__}")
