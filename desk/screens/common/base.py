"""What every section screen shares: data loaded in a worker, F1 help text, reload on return."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.screen import Screen

from desk.messages import Loaded


class DeskScreen(Screen):
    """A section screen. Subclasses implement `load(engine)` (worker thread) and `show(data)`."""

    HELP = ""
    SECTION = ""  # home / register / checklist / report / backup / settings

    def load(self, engine) -> Any:  # runs in a thread: database work only, no widgets
        return None

    def show(self, data: Any) -> None:  # runs on the UI thread
        pass

    _loaded_once = False

    def on_mount(self) -> None:
        # Textual runs every class's on_mount along the MRO, and a subclass may also call
        # super(): load once here, and again only when the screen is returned to.
        if not self._loaded_once:
            self._loaded_once = True
            self.reload()

    def on_screen_resume(self) -> None:
        if self._resumed_once:
            self.reload()
        self._resumed_once = True

    _resumed_once = False

    def reload(self) -> None:
        if self.app.engine is not None:
            self._load()

    @work(thread=True, exclusive=True, group="db")
    def _load(self) -> None:
        data = self.load(self.app.engine)
        self.post_message(Loaded(data))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        try:
            self.show(message.data)
        except Exception as error:  # logged and said in Chinese; the screen stays usable
            self.app.report_error(error, f"show {type(self).__name__}")
