"""A list of one-line rows, grouped under headings, that draws only the lines on screen.

Textual's `OptionList` lays out every row when it is given them (2 s for the 3,500 overdue
items of 20,000); this list keeps the rows' texts and draws each visible line on demand through
the Line API, as the items table does. The cursor skips the headings (rows without an ID) and is
marked in a gutter (▶), visible without colour.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

GUTTER = "  "
CURSOR = "▶ "


class LineList(ScrollView, can_focus=True):
    """Rows of (ID, text): an ID's row can take the cursor, a row without one is a heading."""

    COMPONENT_CLASSES = {"line-list--heading", "line-list--cursor"}

    DEFAULT_CSS = """
    LineList {
        background: $surface;
        overflow-x: hidden;
    }
    LineList > .line-list--heading {
        text-style: bold;
    }
    LineList > .line-list--cursor {
        background: $block-cursor-blurred-background;
        text-style: bold;
    }
    LineList:focus > .line-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    BINDINGS = [
        Binding("down,j", "cursor(1)", "Xuống", show=False),
        Binding("up,k", "cursor(-1)", "Lên", show=False),
        Binding("pagedown", "page(1)", "Trang sau", show=False),
        Binding("pageup", "page(-1)", "Trang trước", show=False),
        Binding("home,g", "jump(1)", "Đầu", show=False),
        Binding("end,G", "jump(-1)", "Cuối", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str | None, Text]] = []
        self.cursor = 0

    @property
    def current(self) -> str | None:
        """The ID of the row at the cursor (None when no row has one)."""
        return self.rows[self.cursor][0] if 0 <= self.cursor < len(self.rows) else None

    def show(self, rows: list[tuple[str | None, Text]], keep: str | None = None) -> None:
        """Show `rows`, the cursor on `keep`'s row when it is still there, else on the first
        row with an ID."""
        self.rows = rows
        ids = [row_id for row_id, _ in rows]
        self.cursor = ids.index(keep) if keep is not None and keep in ids else self._next(-1, 1)
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows))
        self.scroll_to_cursor()
        self.refresh()

    def _next(self, start: int, step: int) -> int:
        """The first row with an ID from `start` + `step` on in the direction of `step`, or
        `start` when there is none."""
        index = start + step
        while 0 <= index < len(self.rows):
            if self.rows[index][0] is not None:
                return index
            index += step
        return start

    def move_cursor(self, row: int) -> None:
        """The cursor to `row`, or the nearest row with an ID past it (then before it)."""
        row = max(0, min(row, len(self.rows) - 1))
        if 0 <= row < len(self.rows) and self.rows[row][0] is None:
            found = self._next(row, 1)
            row = found if found != row else self._next(row, -1)
        if row != self.cursor and 0 <= row < len(self.rows) and self.rows[row][0] is not None:
            self.refresh_line(self.cursor)
            self.cursor = row
            self.refresh_line(row)
            self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self.cursor < top or self.cursor >= top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True)
        elif self.cursor - 1 >= 0 and self.rows[self.cursor - 1][0] is None and self.cursor - 1 < top:
            self.scroll_to(y=self.cursor - 1, animate=False, immediate=True)  # its heading with it

    def action_cursor(self, step: int) -> None:
        found = self._next(self.cursor, step)
        if found != self.cursor:
            self.move_cursor(found)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor + step * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, end: int) -> None:
        self.move_cursor(0 if end > 0 else len(self.rows) - 1)

    def on_click(self, event: Click) -> None:
        self.move_cursor(round(self.scroll_y) + event.y)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))
        self.scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row_id, text = self.rows[index]
        style = self.rich_style
        if row_id is None:
            style += self.get_component_rich_style("line-list--heading")
        elif index == self.cursor:
            style += self.get_component_rich_style("line-list--cursor")
        line = text.copy()
        line.no_wrap, line.end = True, ""
        line.truncate(max(0, width - len(GUTTER)), overflow="ellipsis", pad=True)
        gutter = CURSOR if index == self.cursor and row_id is not None else GUTTER
        segments = [Segment(gutter), *line.render(self.app.console)]
        return Strip(Segment.simplify(Segment.apply_style(segments, style)), width).crop_extend(0, width, None)
