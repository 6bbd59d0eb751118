"""The items table: renders only the lines on screen, so 20,000 items cost what 30 do.

Textual's `DataTable` builds every row up front (4 s for 20,000 items); this table keeps the
items as a list and draws each visible line on demand through the Line API, caching lines
until the items, the columns or the selection change. A two-character gutter marks the
cursor (▶) and selected items (●), visible without colour (`NO_COLOR`, 16-colour PuTTY).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kiennghi.model import Item

GUTTER = 2
_STATES = ((False, False), (False, True), (True, False), (True, True))  # (cursor, selected)
CACHED_ROWS = 1000  # lines kept drawn: more than a screen, not every row a held key went past


@dataclass(frozen=True)
class Column:
    """A column: its header label, the key of its cell, its width, and how soon it is dropped
    when the terminal is narrow (the lowest `keep` goes first). The flexible column takes
    whatever width is left."""

    label: str
    key: str
    width: int
    keep: int
    flexible: bool = False
    min_width: int = 0


class ItemTable(ScrollView, can_focus=True):
    """A virtual table of items with a cursor row and a set of selected items."""

    COMPONENT_CLASSES = {"item-table--header", "item-table--cursor", "item-table--selected"}

    DEFAULT_CSS = """
    ItemTable {
        background: $surface;
        overflow-x: hidden;
    }
    ItemTable > .item-table--header {
        text-style: bold;
        background: $panel;
    }
    ItemTable > .item-table--cursor {
        background: $block-cursor-blurred-background;
        text-style: bold;
    }
    ItemTable:focus > .item-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    ItemTable > .item-table--selected {
        background: $boost;
        text-style: italic;
    }
    """

    BINDINGS = [
        Binding("down,j", "cursor(1)", "Xuống", show=False),
        Binding("up,k", "cursor(-1)", "Lên", show=False),
        Binding("pagedown", "page(1)", "Trang sau", show=False),
        Binding("pageup", "page(-1)", "Trang trước", show=False),
        Binding("home,g", "jump(0)", "Đầu bảng", show=False),
        Binding("end,G", "jump(-1)", "Cuối bảng", show=False),
    ]

    def __init__(self, columns: Sequence[Column], cells: Callable[[Item], dict[str, Text]],
                 highlighted: Callable[[Item | None], None], *, id: str | None = None) -> None:
        """`cells` gives an item's cells; `highlighted` is called when the cursor is on another
        item (or on none), at once: a message would reach the app a frame after the cursor moved,
        and the screen would be drawn twice per key."""
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.cells = cells
        self.highlighted = highlighted
        self.rows: list[Item] = []
        self.selected: set[str] = set()
        self.cursor = 0
        self._layout: list[tuple[Column, int]] = []
        # Per item and (cursor, selected): its line as drawn, with the item's version then (the
        # cursor passing over a line draws it once with the cursor, and finds it drawn without);
        # per item: its cells drawn before the row's style, with the version.
        self._lines: LRUCache[tuple[str, bool, bool], tuple[int, Strip]] = LRUCache(2 * CACHED_ROWS)
        self._bodies: LRUCache[str, tuple[int, list[Segment]]] = LRUCache(CACHED_ROWS)
        self._header: Strip | None = None
        # A row's style by (cursor, selected): working out `rich_style` costs more than the line.
        self._row_styles: dict[tuple[bool, bool], Style] = {}

    # --- data ------------------------------------------------------------------------------

    @property
    def current(self) -> Item | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def show(self, rows: list[Item], keep: str | None = None) -> None:
        """Show `rows`; the cursor stays on item `keep` when it is still shown, else on its row."""
        self.rows = rows
        row = self.cursor
        if keep is not None:
            row = next((index for index, item in enumerate(rows) if item.id == keep), row)
        self._forget_all()
        self.virtual_size = Size(self._width, len(rows) + 1)
        self.move_cursor(row, force=True)
        self.refresh()

    def visible_rows(self) -> list[Item]:
        top = round(self.scroll_y)
        return self.rows[top:top + max(0, self.size.height - 1)]

    def redraw(self) -> None:
        """Draw every line again (the cells' content changed, e.g. suggestions arrived)."""
        self._forget_all()
        self.refresh()

    @property
    def _width(self) -> int:
        return self.scrollable_content_region.width

    def on_resize(self) -> None:
        self._layout = self._fit(self._width - GUTTER)
        self._header = None
        self._forget_all()
        self.virtual_size = Size(self._width, len(self.rows) + 1)
        self.scroll_to_cursor()

    def notify_style_update(self) -> None:
        """The theme, the CSS or the focus changed (the cursor row looks different when the
        table is not focused): the lines are styled again."""
        super().notify_style_update()
        self._row_styles.clear()
        self._header = None
        self._lines.clear()
        self.refresh()

    def _fit(self, width: int) -> list[tuple[Column, int]]:
        """The columns that fit in `width`, dropping the least wanted first; the flexible
        column takes the room left (each column is followed by one space)."""
        shown = list(self.columns)
        while True:
            fixed = sum(c.width + 1 for c in shown if not c.flexible)
            flexible = [c for c in shown if c.flexible]
            room = width - fixed - len(flexible)
            if all(room >= c.min_width for c in flexible) or len(shown) <= len(flexible) + 1:
                break
            shown.remove(min((c for c in shown if not c.flexible), key=lambda c: c.keep))
        return [(c, max(room, c.min_width) if c.flexible else c.width) for c in shown]

    # --- cursor ----------------------------------------------------------------------------

    def move_cursor(self, row: int, force: bool = False) -> None:
        row = max(0, min(row, len(self.rows) - 1))
        if row == self.cursor and not force:
            return
        old = self.cursor
        self.cursor = row
        self._repaint(old)
        self._repaint(row)
        self.scroll_to_cursor()
        self.highlighted(self.current)

    def scroll_to_cursor(self) -> None:
        """Keep the cursor on screen. When it leaves, the table jumps to put it in the middle
        rather than creeping a line per key: a held key redraws the whole table once per half
        page, not on every key (and over a slow link, far fewer bytes)."""
        visible = max(1, self.size.height - 1)
        top = round(self.scroll_y)
        if top <= self.cursor < top + visible:
            return
        top = max(0, min(self.cursor - visible // 2, len(self.rows) - visible))
        self.scroll_to(y=top, animate=False, immediate=True)

    def _repaint(self, row: int) -> None:
        """Have Textual ask for `row`'s line again. `refresh_line` takes the line's place in the
        whole table (the header is line 0, row r is line r + 1), not on screen: Textual
        subtracts the scroll."""
        if 0 <= row < len(self.rows):
            self.refresh_line(row + 1)

    def _forget_all(self) -> None:
        self._lines.clear()
        self._bodies.clear()

    def redraw_items(self, ids: set[str]) -> None:
        """Draw again the lines of these items (their cells changed): now for those on screen,
        when they come on screen for the others (their kept lines are forgotten too)."""
        for item_id in ids:
            self._bodies.discard(item_id)
            for state in _STATES:
                self._lines.discard((item_id, *state))
        top = round(self.scroll_y)
        for row in range(top, min(len(self.rows), top + self.size.height)):
            if self.rows[row].id in ids:
                self._repaint(row)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor + step * max(1, self.size.height - 2))

    def action_jump(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else len(self.rows) - 1)

    def on_click(self, event: Click) -> None:
        if event.y >= 1:
            self.move_cursor(round(self.scroll_y) + event.y - 1)

    # --- selection -------------------------------------------------------------------------

    def set_selected(self, ids: set[str]) -> None:
        self.selected = ids
        self.redraw()

    # --- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        if not self._layout:
            self._layout = self._fit(self._width - GUTTER)
        if y == 0:
            if self._header is None:
                style = self.get_component_rich_style("item-table--header")
                cells = {c.key: Text(c.label) for c, _ in self._layout}
                self._header = self._strip(" " * GUTTER, self._body(cells), style)
            return self._header
        row = round(self.scroll_y) + y - 1
        if row >= len(self.rows):
            return Strip.blank(self._width, self.rich_style)
        item = self.rows[row]
        is_cursor = row == self.cursor
        is_selected = item.id in self.selected
        key = (item.id, is_cursor, is_selected)
        drawn = self._lines.get(key)
        if drawn is not None and drawn[0] == item.version:
            return drawn[1]
        style = self._row_styles.get((is_cursor, is_selected))
        if style is None:
            style = self.rich_style
            if is_selected:
                style += self.get_component_rich_style("item-table--selected")
            if is_cursor:
                style += self.get_component_rich_style("item-table--cursor")
            self._row_styles[is_cursor, is_selected] = style
        gutter = ("▶" if is_cursor else " ") + ("●" if is_selected else " ")
        body = self._bodies.get(item.id)
        if body is None or body[0] != item.version:  # the cursor moving on or off only restyles
            body = (item.version, self._body(self.cells(item)))
            self._bodies.set(item.id, body)
        line = self._strip(gutter, body[1], style)
        self._lines.set(key, (item.version, line))
        return line

    def _strip(self, gutter: str, body: list[Segment], style: Style) -> Strip:
        """One line: the gutter and the cells, in the row's style, neighbours of the same style
        joined (each frame divides, filters and sends a line segment by segment)."""
        return Strip(Segment.simplify(Segment.apply_style([Segment(gutter), *body], style)), self._width)

    def _body(self, cells: dict[str, Text]) -> list[Segment]:
        """Each shown column's cell cut or padded to its width and a space, to the table's
        width less the gutter (the cells are made for this line, so they are changed in place)."""
        console = self.app.console
        segments = []
        used, width = 0, self._width - GUTTER
        for column, column_width in self._layout:
            text = cells.get(column.key) or Text()
            text.no_wrap = True
            text.truncate(column_width, overflow="ellipsis", pad=True)
            text.end = ""
            segments.extend(text.render(console))
            segments.append(Segment(" "))
            used += column_width + 1
        if used > width:
            return list(Strip(segments).crop_extend(0, width, None))
        segments.append(Segment(" " * (width - used)))
        return segments
