"""History: who changed what, when and from where, for an item or for the whole conference."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kiennghi.config import Config
from kiennghi.describe import change_text
from kiennghi.dates import moment
from kiennghi.edits import change_name
from kiennghi.store import Store
from kiennghi.text import excerpt

SOURCES = {"import": "nhập tệp", "cli": "dòng lệnh", "tui": "ứng dụng", "merge": "gộp sổ theo dõi"}


class HistoryScreen(ModalScreen[None]):
    """Tab switches between the item's history and the whole year's."""

    AUTO_FOCUS = "DataTable"
    BINDINGS = [Binding("escape,q", "dismiss(None)", "Đóng"), Binding("tab", "switch", "Ý kiến/cả hội nghị")]

    def __init__(self, config: Config, store: Store, year: int, item_id: str | None) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.year = year
        self.item_id = item_id
        self.whole_year = item_id is None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall wide"):
            yield Static(id="history-title")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            yield Static(Text("Tab: ý kiến này / cả hội nghị · Esc: đóng", style="dim"))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Lúc", "Người", "Từ", "Ý kiến", "Trường", "Cũ", "Mới", "Ghi chú"):
            table.add_column(label)
        self.fill()

    def fill(self) -> None:
        """The year's changes, or the item's with those of the earlier items it continues
        (`Store.lineage`: last year's item it was carried from), in the order they were made."""
        if self.whole_year:
            changes = self.store.history(year=self.year)
            title = f"Lịch sử thay đổi năm {self.year} ({len(changes)})"
        else:
            earlier = [item.id for item in self.store.lineage(self.item_id)]
            changes = [change for item_id in (self.item_id, *earlier) for change in self.store.history(item_id)]
            changes.sort(key=lambda change: change.at)
            also = f", cùng ý kiến {', '.join(earlier)} mà ý kiến này tồn từ đó" if earlier else ""
            title = f"Lịch sử thay đổi của {self.item_id}{also} ({len(changes)})"
        self.query_one("#history-title", Static).update(Text(title, style="bold"))
        table = self.query_one(DataTable)
        table.clear()
        for change in reversed(changes):
            table.add_row(*(Text(value) for value in (
                moment(change.at), change.user, SOURCES.get(change.source, change.source),
                change.item_id or "", change_name(change.field),
                excerpt(change_text(self.config, change.field, change.old), 30),
                excerpt(change_text(self.config, change.field, change.new), 30),
                excerpt(change.detail or "", 40),
            )))

    def action_switch(self) -> None:
        if self.item_id is not None:
            self.whole_year = not self.whole_year
            self.fill()
