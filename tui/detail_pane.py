"""The details of the item under the cursor, drawn through the Line API.

The text is wrapped once per item and kept as lines; the pane's size never depends on its
content, so moving the cursor redraws this pane without a layout pass. (A `Static` wraps
through Textual's content pipeline on every update, which costs more than the table itself.)
Wrapping is done here, on the text's plain string and spans: Rich's own wrapping divides and
copies `Text` objects for every line, the largest cost of a cursor move.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

_WORD = re.compile(r"\s*\S+\s*")
# Latin letters with Vietnamese diacritics, precomposed (NFC), dashes, quotes and arrows: one
# cell each. Rich looks each such character up in its width table, the costliest step of drawing
# a line.
ONE_CELL_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x1E00, 0x1EFF), (0x2010, 0x2027), (0x2030, 0x205E),
                   (0x2190, 0x21FF))
_ONE_CELL_CLASS = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ONE_CELL_RANGES)
_ONE_CELL = re.compile(f"[{_ONE_CELL_CLASS}]*")
_ONE_CELL_LINES = re.compile(f"[\\n{_ONE_CELL_CLASS}]*")  # a whole text, its paragraphs


def cells(text: str) -> int:
    """How many cells `text` takes on a terminal."""
    return len(text) if _ONE_CELL.fullmatch(text) else cell_len(text)


def wrap(plain: str, width: int, height: int) -> list[tuple[int, int]]:
    """Where the lines of `plain` wrapped to `width` cells begin and end (offsets into
    `plain`), at most `height` of them: paragraphs break at "\\n", lines between words, and a
    word longer than a line is cut. A line's trailing spaces may pass the width (they are cut
    when drawn)."""
    lines: list[tuple[int, int]] = []
    measure = len if _ONE_CELL_LINES.fullmatch(plain) else cells
    start = 0
    for paragraph in plain.split("\n"):
        end = start + len(paragraph)
        line_start, used = start, 0
        for match in _WORD.finditer(plain, start, end):
            word_start, word_end = match.span()
            word = match.group()
            whole = measure(word)
            visible = whole - (len(word) - len(word.rstrip()))  # trailing spaces: a cell each
            if used and used + visible > width:
                lines.append((line_start, word_start))
                line_start, used = word_start, 0
            if visible > width:  # a long word (an address, a URL): cut it
                pieces = chop_cells(plain[word_start:word_end], width)
                for piece in pieces[:-1]:
                    lines.append((line_start, line_start + len(piece)))
                    line_start += len(piece)
                used = measure(pieces[-1])
            else:
                used += whole
            if len(lines) >= height:
                return lines[:height]
        lines.append((line_start, end))
        if len(lines) >= height:
            return lines
        start = end + 1
    return lines


class DetailPane(Widget):
    """Shows a Rich `Text`, wrapped to the pane's width, cut at its height. The margins (a cell
    each side) and the rule that parts the pane from the table (on its left beside the table,
    on top below it) are drawn here, not by CSS padding and border, and the pane has none:
    its lines go to the screen with only the app's line filters applied. Textual would pass
    each of them through the widget's styles cache (border, padding, tint, opacity) again on
    every frame, which cost more than the pane's text."""

    COMPONENT_CLASSES = {"detail-pane--rule"}
    DEFAULT_CSS = """
    DetailPane > .detail-pane--rule {
        color: $accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self._rows: list[list[Segment]] = []  # the text wrapped, a line's segments with the margins
        self._strips: dict[int, Strip] = {}  # the lines drawn so far
        self._width = 0
        self._styles: dict[tuple[Style, str | Style], Style] = {}
        self._base = Style()
        self._rule_style = Style()
        self._margins: list[Segment] = []  # on the left; the right one is a space
        self._blank_line: Strip | None = None

    @property
    def beside(self) -> bool:
        """Beside the table (the rule on the left), or below it (the rule on top) where the
        layout stacks them; the pane changes size either way, and draws itself again."""
        layout = self.parent.styles.layout if self.parent is not None else None
        return layout is None or layout.name != "vertical"

    def update(self, text: Text) -> None:
        """Show `text`; only the lines that differ from those shown are drawn again (the labels,
        the blank lines below the text and often the history stay as they were)."""
        self.text = text
        width = self.content_region.width
        if not self._rows or width != self._width:
            self._forget()
            return
        old_rows, old_strips = self._rows, self._strips
        self._rows, self._strips = self._wrap(width), {}
        changed = []
        for y in range(self.size.height):
            row = self._rows[y] if y < len(self._rows) else None
            if row != (old_rows[y] if y < len(old_rows) else None):
                changed.append(y)
            elif y in old_strips:
                self._strips[y] = old_strips[y]
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def render(self) -> Text:  # what str(widget.render()) gives in tests and snapshots
        return self.text

    def render_lines(self, crop: Region) -> list[Strip]:
        filters = self.app.get_line_filters()
        background = self.background_colors[1]
        lines = [self.render_line(y) for y in crop.line_range]
        for line_filter in filters:
            lines = [line.apply_filter(line_filter, background) for line in lines]
        x1, x2 = crop.column_span
        if (x1, x2) != (0, self.size.width):
            lines = [line.crop(x1, x2) for line in lines]
        return lines

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if width != self._width or not self._rows:
            self._width = width
            self._rows, self._strips = self._wrap(width), {}
        strip = self._strips.get(y)
        if strip is None:
            if y < len(self._rows):
                strip = self._strips[y] = Strip(self._rows[y], width)
            else:
                strip = self._blank_line or Strip.blank(width)
        return strip

    def on_resize(self) -> None:
        self._forget()  # the lines were wrapped to the old width and cut at the old height

    def notify_style_update(self) -> None:
        """The theme or the CSS changed: the pane's style is worked out again."""
        super().notify_style_update()
        self._forget()

    def _forget(self) -> None:
        """Wrap and draw everything again."""
        self._blank_line = None
        self._rows, self._strips = [], {}
        self.refresh()

    def _wrap(self, width: int) -> list[list[Segment]]:
        """The text's lines, with the margins; the blank line and the pane's style too, when
        the width or the styles have changed (working out `rich_style` costs more than drawing
        a line)."""
        if self._blank_line is None or self._blank_line.cell_length != width:
            base = self._base = self.rich_style
            self._rule_style = base + self.get_component_rich_style("detail-pane--rule", partial=True)
            left = [Segment("│", self._rule_style), Segment(" ", base)] if self.beside else [Segment(" ", base)]
            self._margins = left
            self._blank_line = Strip([*left, Segment(" " * (width - len(left)), base)], width)
        base, left = self._base, self._margins
        inner = max(1, width - len(left) - 1)
        plain, spans = self.text.plain, self.text.spans
        measure = len if _ONE_CELL_LINES.fullmatch(plain) else cells
        rows = [] if self.beside else [[Segment("─" * width, self._rule_style)]]
        for start, end in wrap(plain, inner, max(self.size.height - len(rows), 1)):
            used = measure(plain[start:end])
            if used > inner:  # trailing spaces past the edge
                end = start + len(plain[start:end].rstrip())
                used = measure(plain[start:end])
            segments = [*left, *(Segment(plain[a:b], self._style(style)) for a, b, style in _runs(start, end, spans))]
            segments.append(Segment(" " * (inner - used + 1), base))  # with the right margin
            rows.append(list(Segment.simplify(segments)))  # fewer segments, less to filter and send
        return rows

    def _style(self, style: str | Style | None) -> Style:
        """The pane's style with a span's style on top (worked out once per style)."""
        key = (self._base, style or "")
        found = self._styles.get(key)
        if found is None:
            extra = self.app.console.get_style(style) if isinstance(style, str) and style else style
            found = self._styles[key] = self._base + extra if extra else self._base
        return found


def _runs(start: int, end: int, spans: list[Span]) -> list[tuple[int, int, str | Style | None]]:
    """[start, end) cut where the spans begin and end, each piece with its span's style (the
    last span wins where spans overlap; the detail text's spans do not)."""
    cuts = {start, end}
    for span in spans:
        if span.start < end and span.end > start:
            cuts.update(c for c in (span.start, span.end) if start < c < end)
    points = sorted(cuts)
    runs = []
    for a, b in zip(points, points[1:]):
        style = None
        for span in spans:
            if span.start <= a and b <= span.end:
                style = span.style
        runs.append((a, b, style))
    return runs
