"""Charts on a Doc page (bar, line): lines and rectangles only, no matplotlib, readable on a
black-and-white printer (the second series is dashed). A mixin of forms.render.pdf.Doc: it uses
the page's font, width, line_at, heading, para and ensure_room."""

from __future__ import annotations

import math
from collections.abc import Sequence

BLACK = (0, 0, 0)
GREY = (110, 110, 110)
BLUE = (40, 80, 150)
GREEN = (30, 120, 60)


class Charts:
    """Bar and line charts drawn on the page."""

    def bar_chart_height(self, n_items: int, bar_h: float = 5.2) -> float:
        return 14 + n_items * (bar_h + 1.6)

    def bar_chart(self, items: Sequence[tuple[str, int]], title: str, *, bar_h: float = 5.2,
                  empty: str = "本月无数据") -> None:
        """Horizontal bars, one per item, value at the end of each bar."""
        self.ensure_room(self.bar_chart_height(len(items), bar_h))
        self.heading(title, size=11)
        if not items or not any(v for _, v in items):
            self.para(empty, color=GREY)
            return
        self.font(9)
        label_w = max(self.width(lbl) for lbl, _ in items) + 3
        top_value = max(v for _, v in items)
        area = self.epw - label_w - 14
        self.ensure_room(len(items) * (bar_h + 1.6) + 4)
        y = self.y
        for label, value in items:
            self.font(9)
            self.line_at(self.l_margin, y + bar_h * 0.78, label, label_w - 2, "R")
            w = area * value / top_value if top_value else 0
            self.set_fill_color(*BLUE)
            if w > 0:
                self.rect(self.l_margin + label_w, y, w, bar_h, style="F")
            self.line_at(self.l_margin + label_w + w + 1.5, y + bar_h * 0.78, str(value), 0)
            y += bar_h + 1.6
        self.set_draw_color(*GREY)
        self.line(self.l_margin + label_w, self.y - 1, self.l_margin + label_w, y)
        self.set_draw_color(*BLACK)
        self.set_y(y + 3)
        self.font(10.5)

    def line_chart(self, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                   title: str, *, height: float = 62) -> None:
        """Lines over months: the first series solid blue, the second dashed green; values shown."""
        self.ensure_room(height + 26)
        self.heading(title, size=11)
        x0, y0 = self.l_margin + 12, self.y + 4
        w, h = self.epw - 16, height - 16
        top = max([1] + [v for _, vals in series for v in vals])
        step = _nice_step(top)
        top = step * math.ceil(top / step)
        self.font(8, color=GREY)
        self.set_draw_color(200, 200, 200)
        self.set_line_width(0.15)
        for k in range(int(top / step) + 1):
            yy = y0 + h - h * k * step / top
            self.line(x0, yy, x0 + w, yy)
            self.line_at(self.l_margin, yy + 1, str(int(k * step)), 10, "R")
        n = len(labels)
        dx = w / max(1, n - 1) if n > 1 else 0
        for i, label in enumerate(labels):
            self.line_at(x0 + i * dx - 8, y0 + h + 4.5, label, 16, "C")
        colors = [BLUE, GREEN]
        for s, (_name, vals) in enumerate(series):
            color = colors[s % 2]
            self.set_draw_color(*color)
            self.set_fill_color(*color)
            self.set_line_width(0.6)
            pts = [(x0 + i * dx, y0 + h - h * v / top) for i, v in enumerate(vals)]
            if s % 2:
                self.set_dash_pattern(dash=1.6, gap=1.0)
            for a, b in zip(pts, pts[1:], strict=False):
                self.line(a[0], a[1], b[0], b[1])
            self.set_dash_pattern()
            self.font(7.5, color=color)
            for (px, py), v in zip(pts, vals, strict=False):
                if s % 2:
                    self.rect(px - 0.9, py - 0.9, 1.8, 1.8, style="F")
                else:
                    self.circle(px - 1.0, py - 1.0, 1.0, style="F")
                self.line_at(px - 6, py - (1.6 if s == 0 else -3.6), str(v), 12, "C")
        # legend
        lx, ly = x0, y0 + h + 9
        for s, (name, _) in enumerate(series):
            color = colors[s % 2]
            self.set_draw_color(*color)
            self.set_line_width(0.6)
            if s % 2:
                self.set_dash_pattern(dash=1.6, gap=1.0)
            self.line(lx, ly - 1, lx + 8, ly - 1)
            self.set_dash_pattern()
            self.font(8.5)
            self.line_at(lx + 10, ly, name, 0)
            lx += 14 + self.width(name) + 6
        self.set_draw_color(*BLACK)
        self.set_line_width(0.2)
        self.set_y(ly + 4)
        self.font(10.5)


def _nice_step(top: float) -> float:
    """A round grid step giving about 4-6 lines up to `top`."""
    raw = top / 5
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return max(1, m * mag)
    return max(1, 10 * mag)
