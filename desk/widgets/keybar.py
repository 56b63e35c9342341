"""The line of keys at the bottom of every screen.

It shows what Textual's Footer shows (the screen's keys that can be used now, then the
command palette on the right), drawn as one line of text. The Footer builds one widget per key
and rebuilds them all whenever the keys change; on the F4 matrix that was about a tenth of a
second of every screen opening. This one redraws a line. A click on a key presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    """The keys of the screen it is on, refreshed when they change."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .keybar--separator {
        color: $foreground 20%;
    }
    """
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--separator"}

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end cell, key) of each key

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.refresh()

    def keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str] | None]:
        """(key, shown key, description, enabled) of each key to show, one per action, and
        the command palette's key."""
        app = self.app
        shown: list[tuple[str, str, str, bool]] = []
        actions: set[str] = set()
        active = self.screen.active_bindings
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            shown.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            binding = active[app.COMMAND_PALETTE_BINDING].binding
            palette = (binding.key, app.get_key_display(binding), binding.description)
        return shown, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        separator_style = self.get_component_rich_style("keybar--separator")
        width = self.size.width
        shown, palette = self.keys()
        right = Text()
        if palette is not None:
            right.append("▏", separator_style)
            right.append(f"{palette[1]} ", key_style)
            right.append(f"{palette[2]} ", description_style)
        room = max(0, width - right.cell_len)
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str]] = []
        for key, display, description, enabled in shown:
            part = Text.assemble((f" {display} ", key_style), (f"{description} ", description_style))
            if not enabled:
                part.stylize("dim")
            start = line.cell_len
            if start + part.cell_len > room:  # no room for the whole key: leave it out
                break
            line.append_text(part)
            spans.append((start, line.cell_len, key))
        line.append(" " * (room - line.cell_len))
        if palette is not None and width >= right.cell_len:
            spans.append((room, width, palette[0]))
            line.append_text(right)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
