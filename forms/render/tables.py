"""Tables, label-value forms and signature lines on a Doc page, with our own character-level
wrapping (fpdf2's table() takes ~2.5 ms a row, too slow for a 100,000-case register). A mixin of
forms.render.pdf.Doc: it uses the page's font, width, wrap, line_at and ensure_room."""

from __future__ import annotations

from collections.abc import Sequence

from forms.render.charts import BLACK

LIGHT = (235, 235, 235)


class Tables:
    """Ruled tables, forms of labelled fields, and signature lines."""

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
              *, aligns: Sequence[str] | None = None, size: float = 9, min_row: float = 0,
              header_fill=LIGHT, bold_first_col: bool = False, repeat_header: bool = True,
              width: float | None = None) -> None:
        """A bordered table; cells wrap, rows split across pages with the header repeated.
        `widths` are relative, scaled to `width` mm (default: the text width; a narrower table
        is centred); `min_row` (mm) leaves room to write."""
        full = min(width or self.epw, self.epw)
        left = self.l_margin + (self.epw - full) / 2
        total = float(sum(widths))
        cols = [w * full / total for w in widths]
        aligns = list(aligns or ["L"] * len(cols))
        pad = 1.2
        lh = size * 0.353 * 1.42

        def draw_row(cells, bold=False, fill=None, center=False):
            self.font(size, bold=bold)
            wrapped = [self.wrap("" if c is None else str(c), w - 2 * pad) for c, w in zip(cells, cols, strict=False)]
            height = max(max(len(x) for x in wrapped) * lh + 2 * pad, min_row)
            max_h = self.page_break_trigger - self.t_margin - 12
            if height > max_h:  # a monster cell: keep what fits one page
                keep = int((max_h - 2 * pad) // lh)
                wrapped = [x[:keep] for x in wrapped]
                height = max_h
            if self.y + height > self.page_break_trigger:
                self.add_page()
                if repeat_header and headers and not center:
                    draw_row(headers, bold=True, fill=header_fill, center=True)
                    self.font(size, bold=bold)
            x, top = left, self.y
            self.set_draw_color(*BLACK)
            self.set_line_width(0.2)
            for i, (lines, w) in enumerate(zip(wrapped, cols, strict=False)):
                if fill:
                    self.set_fill_color(*fill)
                    self.rect(x, top, w, height, style="DF")
                else:
                    self.rect(x, top, w, height)
                if bold_first_col and i == 0 and not center:
                    self.font(size, bold=True)
                for k, line in enumerate(lines):
                    self.line_at(x + pad, top + pad + k * lh + lh * 0.74, line, w - 2 * pad,
                                 "C" if center else aligns[i])
                if bold_first_col and i == 0 and not center:
                    self.font(size, bold=bold)
                x += w
            self.set_y(top + height)

        if headers:
            self.ensure_room(lh * 4 + 8)
            draw_row(headers, bold=True, fill=header_fill, center=True)
        for row in rows:
            draw_row(row)
        self.set_y(self.y + 2)
        self.font(10.5)

    def fields(self, pairs: Sequence[tuple[str, object]], *, cols: int = 2, label_w: float = 26,
               size: float = 10, min_row: float = 8, keep_with: float = 0) -> None:
        """A form grid: label | value cells, `cols` pairs per line; a value "=" spans the line.
        `keep_with`: its last row stays on one page with the next `keep_with` mm (signatures)."""
        rows: list[list[tuple[str, str]]] = []
        cur: list[tuple[str, str]] = []
        for label, value in pairs:
            value = "" if value is None else str(value)
            if label.startswith("="):  # a full-width pair
                if cur:
                    rows.append(cur)
                    cur = []
                rows.append([(label[1:], value)])
                continue
            cur.append((label, value))
            if len(cur) == cols:
                rows.append(cur)
                cur = []
        if cur:
            rows.append(cur)
        for k, row in enumerate(rows):
            keep = keep_with + 2 if k == len(rows) - 1 else 0
            if len(row) == 1 and cols > 1:
                widths = [label_w, self.epw - label_w]
                cells = [row[0][0], row[0][1]]
            else:
                row = row + [("", "")] * (cols - len(row))
                value_w = (self.epw - cols * label_w) / cols
                widths = [label_w, value_w] * cols
                cells = [x for pair in row for x in pair]
            self._form_row(cells, widths, size, min_row, keep)
        self.set_y(self.y + 2)

    def _form_row(self, cells, widths, size, min_row, keep: float = 0) -> None:
        pad, lh = 1.5, size * 0.353 * 1.5
        self.font(size)
        wrapped = [self.wrap(c, w - 2 * pad) for c, w in zip(cells, widths, strict=False)]
        height = max(max(len(x) for x in wrapped) * lh + 2 * pad, min_row)
        if keep:
            self.keep_together(height + keep)
        self.ensure_room(height)
        x, top = self.l_margin, self.y
        for i, (lines, w) in enumerate(zip(wrapped, widths, strict=False)):
            label = i % 2 == 0
            if label:
                self.set_fill_color(*LIGHT)
                self.rect(x, top, w, height, style="DF")
            else:
                self.rect(x, top, w, height)
            self.font(size, bold=label)
            first = top + (height - len(lines) * lh) / 2 if label else top + pad
            for k, line in enumerate(lines):
                self.line_at(x + pad, first + k * lh + lh * 0.74, line, w - 2 * pad, "C" if label else "L")
            x += w
        self.font(10.5)
        self.set_y(top + height)

    def signature_lines(self, labels: Sequence[str], *, per_line: int = 2, with_date: bool = True,
                        gap: float = 13) -> None:
        """Lines to sign on: "申请人（签名/捺印）：________  年  月  日"; the whole block
        stays on one page (see signature_height)."""
        col = self.epw / per_line
        self.keep_together(self.signature_height(len(labels), per_line=per_line, with_date=with_date, gap=gap))
        for start in range(0, len(labels), per_line):
            self.ensure_room(gap + 2)
            self.set_y(self.y + gap)
            base = self.y
            for j, label in enumerate(labels[start:start + per_line]):
                x = self.l_margin + j * col
                self.font(10.5)
                self.line_at(x, base, label, 0)
                lx = x + self.width(label) + 1
                end = x + col - 6
                if with_date:
                    self.line_at(end - 22, base + 7, "年    月    日", 0)
                self.line(lx, base + 1, end, base + 1)
        self.set_y(self.y + (10 if with_date else 4))

    @staticmethod
    def signature_height(n: int, *, per_line: int = 2, with_date: bool = True, gap: float = 13) -> float:
        """The height (mm) signature_lines takes for `n` labels."""
        return -(-n // per_line) * gap + (10 if with_date else 4) + 2
