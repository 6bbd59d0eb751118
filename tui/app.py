"""The Textual app officers work in: the conference's items, a detail pane and live counts.

This first version reads the store and follows it live: what another officer commits shows
within a second (the app polls SQLite's `data_version`). The triage keys, the pickers and the
other screens come with the app issue.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Static

from kiennghi.config import Config
from kiennghi.dates import short
from kiennghi.describe import item_details
from kiennghi.model import SOURCE_NAMES, Item
from kiennghi.store import Store
from kiennghi.text import excerpt, fold

POLL_SECONDS = 1.0


class KienNghiApp(App[None]):
    """The conference's items: a table, the selected item's details, counts in the status line."""

    TITLE = "kiennghi"
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#items"
    BINDINGS = [
        Binding("q", "quit", "Thoát"),
        Binding("j", "cursor_down", "Xuống", show=False),
        Binding("k", "cursor_up", "Lên", show=False),
        Binding("left_square_bracket", "year(-1)", "Năm trước"),
        Binding("right_square_bracket", "year(1)", "Năm sau"),
        Binding("slash", "search", "Tìm"),
        Binding("escape", "clear_search", "Bỏ tìm", show=False),
    ]

    def __init__(self, config: Config, store: Store, year: int | None = None) -> None:
        super().__init__()
        self.config = config
        self.store = store
        years = store.years()
        self.years = years
        self.year = year if year is not None else (years[-1] if years else None)
        self.items: list[Item] = []  # the rows shown
        self.year_items: list[Item] = []
        self._search_keys: dict[str, str] = {}
        self.search = ""  # folded: "ngap" finds "ngập", "dat" finds "đất"
        self._data_version = store.data_version()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
            yield Static(id="detail")
        yield Input(placeholder="/ tìm trong nội dung, tổ dân phố, người kiến nghị (không cần dấu)", id="search")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in (("Mã", "id", 11), ("STT", "stt", 4), ("Nội dung", "content", 40),
                                  ("TDP", "tdp", 14), ("Lĩnh vực", "sector", 12),
                                  ("Thẩm quyền", "jur", 9), ("Chủ trì", "owner", 12),
                                  ("Hạn", "deadline", 10), ("Tình trạng", "status", 12)):
            table.add_column(label, key=key, width=width)
        self.load()
        self.set_interval(POLL_SECONDS, self.follow_store)

    def follow_store(self) -> None:
        """Reload when another connection has committed since the last look."""
        version = self.store.data_version()
        if version != self._data_version:
            self._data_version = version
            self.years = self.store.years()
            if self.year is None and self.years:
                self.year = self.years[-1]
            self.load()

    def load(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        self.year_items = self.store.items(self.year) if self.year is not None else []
        self._search_keys = {}  # made on the first search, not on the way to the first paint
        self.fill_table(cursor)

    def fill_table(self, cursor: int = 0) -> None:
        table = self.query_one(DataTable)
        table.clear()
        if self.search and not self._search_keys:
            self._search_keys = {item.id: item.search_key() for item in self.year_items}
        self.items = [item for item in self.year_items
                      if not self.search or self.search in self._search_keys[item.id]]
        self.sub_title = f"{self.config.ward.name} — năm {self.year}" if self.year else self.config.ward.name
        for item in self.items:
            table.add_row(*self.cells(item), key=item.id)
        self.show_status()
        if self.items:
            table.move_cursor(row=min(max(cursor, 0), len(self.items) - 1))
            self.show_detail(self.items[table.cursor_row])
        elif self.year_items:
            self.query_one("#detail", Static).update(Text(f"Không có ý kiến nào khớp “{self.search}”."))
        else:
            self.query_one("#detail", Static).update(Text(
                "Chưa có ý kiến nào. Hãy nhập bảng tổng hợp của MTTQ:\n\n  kiennghi import TỆP.xlsx"
            ))

    def cells(self, item: Item) -> list[Text]:
        config = self.config
        return [Text(item.id), Text(item.stt or ""), Text(excerpt(item.content, 60)), Text(item.to_dan_pho),
                Text(config.sectors.short(item.sector)),
                Text(config.jurisdictions.short(item.jurisdiction) or "—"),
                Text(config.units.short(item.owner)),
                Text(short(item.deadline)),
                Text(config.statuses.name(item.status))]

    def show_status(self) -> None:
        items = self.year_items
        untriaged = sum(1 for item in items if item.jurisdiction is None)
        ward = sum(1 for item in items if item.jurisdiction == "phuong")
        upward = sum(1 for item in items if item.jurisdiction == "cap-tren")
        line = f" Tổng {len(items)} · chưa phân loại {untriaged} · thuộc phường {ward} · chuyển cấp trên {upward}"
        if self.search:
            line += f" · tìm “{self.search}”: {len(self.items)}"
        self.query_one("#status", Static).update(Text(line))

    def action_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search = fold(event.value)
        self.fill_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_clear_search(self) -> None:
        self.query_one("#search", Input).value = ""
        self.search = ""
        self.fill_table()
        self.query_one(DataTable).focus()

    def show_detail(self, item: Item) -> None:
        text = Text()
        text.append(f"{item.id}", style="bold")
        text.append(f"  STT {item.stt or '—'} · {SOURCE_NAMES.get(item.source, item.source)}\n\n")
        text.append(item.content + "\n\n")
        for label, value in item_details(self.config, item):
            if value:
                text.append(f"{label}: ", style="bold")
                text.append(value + "\n")
        self.query_one("#detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.items):
            self.show_detail(self.items[event.cursor_row])

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_year(self, step: int) -> None:
        if self.year is None or self.year not in self.years:
            return
        index = self.years.index(self.year) + step
        if 0 <= index < len(self.years):
            self.year = self.years[index]
            self.load()


def run_app(config: Config, db_path: Path, year: int | None = None) -> int:
    with Store.open(db_path) as store:
        KienNghiApp(config, store, year).run()
    return 0
