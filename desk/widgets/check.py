"""A checkbox that says on or off by its symbol: [√] 是, [ ] 否.

Textual's Checkbox draws the same ▐X▌ either way and tells on from off by colour alone, which
the office's monitors (and a clerk who does not know the convention) do not show. √ is what a
Chinese form ticks.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox as _Checkbox

ON, OFF = "[√]", "[ ]"


class Checkbox(_Checkbox):
    """Checkbox whose label is literal and whose box shows [√] when on and [ ] when off."""

    def __init__(self, label: str = "", value: bool = False, **kwargs) -> None:
        super().__init__(Content(str(label)), value, **kwargs)

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble((ON if self.value else OFF, style))
