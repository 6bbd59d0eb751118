"""The details of the item under the cursor, drawn through the Line API.

The text is wrapped once per item by Rich and kept as lines; the pane's size never depends on
its content, so moving the cursor redraws this pane without a layout pass. (A `Static` wraps
through Textual's content pipeline on every update, which costs more than the table itself.)
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class DetailPane(Widget):
    """Shows a Rich `Text`, wrapped to the pane's width, cut at its height."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self._lines: list[Strip] = []
        self._width = 0

    def update(self, text: Text) -> None:
        """Show `text`; only the lines that differ from those shown are drawn again (the labels,
        the blank lines below the text and often the history stay as they were)."""
        self.text = text
        old, width = self._lines, self.content_region.width
        if not old or width != self._width:
            self._lines = []
            self.refresh()
            return
        self._lines = self._wrap(width)
        blank = self._blank(width)
        changed = [y for y in range(self.size.height)
                   if (self._lines[y] if y < len(self._lines) else blank) != (old[y] if y < len(old) else blank)]
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def render(self) -> Text:  # what str(widget.render()) gives in tests and snapshots
        return self.text

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if width != self._width or not self._lines:
            self._width = width
            self._lines = self._wrap(width)
        if y < len(self._lines):
            return self._lines[y]
        return self._blank(width)

    def _wrap(self, width: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update_width(max(1, width))
        lines = console.render_lines(self.text, options, style=self.rich_style, pad=True)
        return [Strip(line, width) for line in lines[: max(self.size.height, 1)]]

    def _blank(self, width: int) -> Strip:
        return Strip([Segment(" " * width, self.rich_style)], width)
