"""The imports (`I`): each file imported, its sheets and items, who imported it and who took it
back; Del or g on one returns it to the app, which asks and takes it back."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kiennghi.dates import moment
from kiennghi.store import ImportInfo


class ImportsScreen(ModalScreen[ImportInfo | None]):
    """Returns the import to take back, or None; the newest has the cursor."""

    AUTO_FOCUS = "DataTable"
    BINDINGS = [Binding("escape,q", "dismiss(None)", "Đóng"), Binding("delete,g", "take_back", "Gỡ lần nhập")]

    def __init__(self, imports: Sequence[ImportInfo]) -> None:
        super().__init__()
        self.imports = list(imports)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall wide"):
            yield Static(Text(f"Các lần nhập tệp ({len(self.imports)})", style="bold"))
            yield DataTable(id="imports", cursor_type="row", zebra_stripes=True)
            yield Static(Text("Del hoặc g: gỡ lần nhập ở con trỏ (ẩn các ý kiến của nó, có hỏi lại) · Esc: đóng",
                              style="dim"), id="imports-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Số", "Tệp", "Trang", "Năm", "Ý kiến", "Còn hiện", "Nhập bởi, lúc", "Gỡ bởi, lúc"):
            table.add_column(label)
        for entry in self.imports:
            undone = f"{entry.undone_by} {moment(entry.undone_at)}" if entry.undone_at else "—"
            table.add_row(*(Text(value) for value in (
                str(entry.id), entry.file_name, ", ".join(entry.sheets), str(entry.year), str(entry.item_count),
                str(entry.live), f"{entry.user} {moment(entry.at)}", undone)))
        table.move_cursor(row=len(self.imports) - 1)

    def action_take_back(self) -> None:
        if not self.imports:
            return
        entry = self.imports[self.query_one(DataTable).cursor_row]
        if entry.undone_at:
            self.notify(f"Lần nhập {entry.id} đã được {entry.undone_by} gỡ lúc {moment(entry.undone_at)}.", timeout=4)
            return
        self.dismiss(entry)
