"""Help (`?`): every key of the items screen, grouped, from the same table as the bindings."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .keys import KEYS, display


class HelpScreen(ModalScreen[None]):
    AUTO_FOCUS = "VerticalScroll"
    BINDINGS = [Binding("escape,q,question_mark", "dismiss(None)", "Đóng")]

    def compose(self) -> ComposeResult:
        """A title and a table of keys per group, the keys' column as wide as the widest key in
        every group (a group's title in that column made it as wide as the title)."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for key in KEYS:
            groups.setdefault(key.group, []).append((display(key.keys), key.description))
        groups["Trong danh sách chọn"] = [("gõ chữ", "lọc không cần dấu: “kt ha tang”, “cong an”"),
                                          ("↑ ↓ Enter Esc", "di chuyển, chọn, hủy; + thêm đơn vị phối hợp")]
        width = max(cell_len(keys) for rows in groups.values() for keys, _ in rows)
        with VerticalScroll(classes="dialog tall"):
            yield Static(Text("Các phím của kiennghi (Esc để đóng)", style="bold"))
            for group, rows in groups.items():
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", no_wrap=True, width=width)
                table.add_column()
                for keys, description in rows:
                    table.add_row(Text(keys), Text(description))
                yield Static(Text(f"\n{group}", style="bold underline"))
                yield Static(table)
