"""The status board (B): a year's items by owner unit and result category, as counts and a bar
per unit, the unit most behind first, and the totals (`kiennghi.followup.status_board`).

Each category has its own block character as well as its colour (one of the 16 every terminal
has: `colours`), so that the bars read in a terminal without colour, or printed in black and white.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from rich import box
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from kiennghi.config import Config
from kiennghi.dates import short
from kiennghi.followup import Board, BoardRow, status_board
from kiennghi.store import Store
from kiennghi.text import printable

from .colours import CYAN, GREEN, MAGENTA, RED, YELLOW
from .live_view import LiveView

# Each result category's block and colour, from done (full) to not yet (dots).
GLYPHS = {
    "done": ("█", GREEN),
    "in-progress": ("▓", YELLOW),
    "explained": ("▒", CYAN),
    "cannot": ("░", MAGENTA),
    "not-yet": ("·", RED),
}
MIN_BAR = 10  # columns: a narrower bar says nothing
NAME_WIDTH = 22  # a unit's short name is cut (…) beyond this


def split(counts: Sequence[int], width: int) -> list[int]:
    """`width` cells shared among `counts` in proportion (largest remainders get the cells left
    over); every count above zero gets a cell while there are cells enough, taken from the
    largest share. All zero: no cells."""
    total = sum(counts)
    if total == 0 or width <= 0:
        return [0] * len(counts)
    cells = [count * width // total for count in counts]
    by_remainder = sorted(range(len(counts)), key=lambda n: (-(counts[n] * width % total), n))
    for n in by_remainder[:width - sum(cells)]:
        cells[n] += 1
    for n, count in enumerate(counts):
        if count and not cells[n]:
            largest = max(range(len(cells)), key=lambda m: cells[m])
            if cells[largest] > 1:
                cells[largest] -= 1
                cells[n] = 1
    return cells


class Bar:
    """A unit's items as one bar as wide as its column: each category's share in its block."""

    def __init__(self, categories: Sequence[str], counts: Sequence[int]) -> None:
        self.categories = categories
        self.counts = counts

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(MIN_BAR, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        bar = Text(no_wrap=True)
        for category, cells in zip(self.categories, split(self.counts, options.max_width)):
            glyph, colour = GLYPHS[category]
            bar.append(glyph * cells, style=colour)
        yield bar


def legend(board: Board) -> Columns:
    """Each category's block and words (the configuration's), side by side as they fit."""
    entries = []
    for category, words in board.categories:
        glyph, colour = GLYPHS[category]
        entries.append(Text.assemble((glyph * 2, colour), f" {printable(words)}"))
    return Columns(entries, padding=(0, 2))


def board_table(board: Board) -> Table:
    """The units, one row each with its bar, its counts by category, overdue and total; then the
    totals."""
    categories = [code for code, _ in board.categories]
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("Đơn vị", no_wrap=True, overflow="ellipsis", max_width=NAME_WIDTH)
    table.add_column("Kết quả giải quyết", ratio=1, min_width=MIN_BAR, no_wrap=True)
    for category in categories:
        glyph, colour = GLYPHS[category]
        table.add_column(Text(glyph, style=f"bold {colour}"), justify="right", no_wrap=True)
    table.add_column("Quá hạn", justify="right", no_wrap=True)
    table.add_column("Tổng", justify="right", no_wrap=True)

    def cells(row: BoardRow) -> list[object]:
        counts = [Text(str(count), style="" if count else "dim") for count in row.counts]
        overdue = Text(str(row.overdue), style=f"bold {RED}" if row.overdue else "dim")
        return [Text(printable(row.name)), Bar(categories, row.counts), *counts, overdue, Text(str(row.total))]

    for n, row in enumerate(board.rows):
        table.add_row(*cells(row), end_section=n == len(board.rows) - 1)
    table.add_row(*cells(board.total), style="bold")
    return table


class BoardScreen(LiveView):
    """A year's status board; [ and ] change the year."""

    AUTO_FOCUS = "#board-scroll"
    BINDINGS = [
        Binding("left_square_bracket", "year(-1)", "Năm trước"),
        Binding("right_square_bracket", "year(1)", "Năm sau"),
        Binding("escape,q", "app.pop_screen", "Đóng"),
    ]

    def __init__(self, config: Config, store: Store, year: int, today: date) -> None:
        super().__init__(store)
        self.config = config
        self.year = year
        self.today = today  # what overdue is judged against, as the title says
        self.board: Board | None = None  # what is shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Đang đọc các ý kiến…", style="dim"), id="board-title")
        yield Static(id="board-legend")
        with VerticalScroll(id="board-scroll"):
            yield Static(id="board")
        yield Footer()

    def compute(self, store: Store) -> Board:
        return status_board(self.config, self.year, store.items(self.year), self.today)

    def show(self, board: Board) -> None:
        self.board = board
        self.sub_title = "Bảng tiến độ giải quyết"
        title = (f"Năm {board.year} · {board.total.total} ý kiến · quá hạn {board.total.overdue} (tính đến "
                 f"{short(board.today)}) · chậm nhất ở trên")
        self.query_one("#board-title", Static).update(Text(title, style="bold"))
        self.query_one("#board-legend", Static).update(legend(board))
        self.query_one("#board", Static).update(board_table(board) if board.rows else
                                                Text(f"Năm {board.year} chưa có ý kiến nào."))

    def action_year(self, step: int) -> None:
        years = self.store.years()
        index = years.index(self.year) + step if self.year in years else -1
        if 0 <= index < len(years):
            self.year = years[index]
            self.reread()
