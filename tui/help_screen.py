"""Help (`?`): every key of the items screen, grouped, from the same table as the bindings."""

from __future__ import annotations

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
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        group = None
        for key in KEYS:
            if key.group != group:
                group = key.group
                table.add_row(Text(""), Text(""))
                table.add_row(Text(group, style="bold underline"), Text(""))
            table.add_row(Text(display(key.keys)), Text(key.description))
        table.add_row(Text(""), Text(""))
        table.add_row(Text("Trong danh sách chọn", style="bold underline"), Text(""))
        table.add_row(Text("gõ chữ"), Text("lọc không cần dấu: “kt ha tang”, “cong an”"))
        table.add_row(Text("↑ ↓ Enter Esc"), Text("di chuyển, chọn, hủy; + thêm đơn vị phối hợp"))
        with VerticalScroll(classes="dialog tall"):
            yield Static(Text("Các phím của kiennghi (Esc để đóng)", style="bold"))
            yield Static(table)
