"""The overdue view (Q): every year's items still open that are overdue or due within N days, by
owner unit, the oldest deadline first: what the reminders to the units say now
(`kiennghi.followup.overdue_view`). Enter shows the item in the items screen; x writes the
reminders of the units shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from kiennghi.config import Config
from kiennghi.dates import short
from kiennghi.followup import overdue_view
from kiennghi.model import Item
from kiennghi.reminders import DEFAULT_DAYS, Reminder, ReminderRow
from kiennghi.store import Store
from kiennghi.text import printable

from .colours import RED, YELLOW
from .live_view import LiveView
from .pickers import Picked, PickerScreen, catalog_choices
from .prompts import PromptScreen

STATUS_WIDTH = 16  # a status's name is cut (…) beyond this


@dataclass(frozen=True)
class Due:
    """What the view shows: the reminders, and the items they name (by ID)."""

    reminders: list[Reminder]
    items: dict[str, Item]


def row_line(row: ReminderRow, late: bool, widths: tuple[int, int, int]) -> Table:
    """An item's line: its ID, deadline, how late, status, then its content cut to the width."""
    id_width, when_width, status_width = widths
    line = Table.grid(padding=(0, 1), expand=True)
    line.add_column(width=id_width, no_wrap=True)
    line.add_column(width=10, no_wrap=True)
    line.add_column(width=when_width, no_wrap=True)
    line.add_column(width=status_width, no_wrap=True, overflow="ellipsis")
    line.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    line.add_row(Text(row.id), Text(row.deadline), Text(row.when, style=f"bold {RED}" if late else YELLOW),
                 Text(printable(row.status)), Text(printable(row.content)))
    return line


def group_line(config: Config, reminder: Reminder) -> Text:
    """A unit's heading: its short name, how many of its items are overdue and coming."""
    return Text(f"{printable(config.units.short(reminder.unit_code))} — quá hạn {reminder.overdue}, "
                f"sắp đến hạn {reminder.coming}", style="bold underline")


def lines(config: Config, due: Due, today: date) -> list[tuple[str | None, Text | Table]]:
    """The view's lines: each unit's heading (None), then its items' lines (their IDs), their
    columns as wide as the widest value among them."""
    rows = [row for reminder in due.reminders for row in reminder.rows]
    if not rows:
        return [(None, Text("Không có ý kiến nào quá hạn hoặc sắp đến hạn."))]
    widths = (max(cell_len(row.id) for row in rows), max(cell_len(row.when) for row in rows),
              min(STATUS_WIDTH, max(cell_len(row.status) for row in rows)))
    shown: list[tuple[str | None, Text | Table]] = []
    for reminder in due.reminders:
        shown.append((None, group_line(config, reminder)))
        shown += [(row.id, row_line(row, due.items[row.id].deadline < today, widths)) for row in reminder.rows]
    return shown


class OverdueScreen(LiveView):
    """Enter: the item in the items screen (dismissed with it); o: one unit or all; h: the
    number of days; x: the reminders of the units shown."""

    AUTO_FOCUS = "#overdue"
    BINDINGS = [
        Binding("enter", "open", "Xem ý kiến", priority=True),
        Binding("o", "unit", "Đơn vị"),
        Binding("h", "days", "Số ngày"),
        Binding("x", "write", "Ghi phiếu nhắc việc"),
        Binding("escape,q", "dismiss(None)", "Đóng"),
    ]

    def __init__(self, config: Config, store: Store, today: date, days: int = DEFAULT_DAYS) -> None:
        super().__init__(store)
        self.config = config
        self.today = today  # what is late is judged against it, as the title says
        self.days = days
        self.unit: str | None = None  # every unit
        self.due: Due | None = None  # what is shown
        self.row_ids: list[str | None] = []  # the item of each line (None: a unit's heading)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="overdue-title")
        yield OptionList(id="overdue")
        yield Footer()

    def compute(self, store: Store) -> Due:
        items = store.items()
        found = overdue_view(self.config, items, self.today, self.days, self.unit)
        named = {row.id for reminder in found for row in reminder.rows}
        return Due(found, {item.id: item for item in items if item.id in named})

    def show(self, due: Due) -> None:
        self.due = due
        self.sub_title = "Ý kiến quá hạn, sắp đến hạn"
        count = sum(len(reminder.rows) for reminder in due.reminders)
        who = self.config.units.short(self.unit) if self.unit else "mọi đơn vị"
        title = f"Tính đến {short(self.today)} · đến hạn trong {self.days} ngày · {printable(who)}: {count} ý kiến"
        self.query_one("#overdue-title", Static).update(Text(title, style="bold"))
        current = self.current_id()
        shown = lines(self.config, due, self.today)
        self.row_ids = [item_id for item_id, _ in shown]
        options = self.query_one(OptionList)
        options.set_options([Option(prompt, disabled=item_id is None) for item_id, prompt in shown])
        if current is not None and current in self.row_ids:
            options.highlighted = self.row_ids.index(current)
        elif any(self.row_ids):
            options.highlighted = next(n for n, item_id in enumerate(self.row_ids) if item_id)

    def current_id(self) -> str | None:
        highlighted = self.query_one(OptionList).highlighted
        return self.row_ids[highlighted] if highlighted is not None and highlighted < len(self.row_ids) else None

    def action_open(self) -> None:
        item_id = self.current_id()
        if item_id is not None and self.due is not None:
            self.dismiss(self.due.items[item_id])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()  # a click

    def action_unit(self) -> None:
        def chosen(picked: Picked | None) -> None:
            if picked is not None:
                self.unit = picked.code or None
                self.reread()

        self.app.push_screen(PickerScreen("Xem ý kiến đến hạn của đơn vị", catalog_choices(self.config.units),
                                          current=self.unit, clearable="Mọi đơn vị"), chosen)

    def action_days(self) -> None:
        def chosen(text: str | None) -> None:
            if text is not None:
                self.days = int(text)
                self.reread()

        self.app.push_screen(PromptScreen("Đến hạn trong bao nhiêu ngày tới", str(self.days),
                                          hint="0: chỉ các ý kiến đã quá hạn và đến hạn hôm nay",
                                          check=lambda text: "" if text.strip().isdigit() else
                                          "Hãy gõ một số ngày: 0, 7, 30…"), chosen)

    def action_write(self) -> None:
        """The reminders of the units shown, one .docx each, into a folder."""
        if self.app.documents is None:  # type: ignore[attr-defined]
            self.notify("Ghi phiếu nhắc việc bằng lệnh: kiennghi remind", timeout=5)
            return
        today, days, unit = self.today, self.days, self.unit
        self.app.push_screen(
            PromptScreen("Ghi phiếu nhắc việc (mỗi đơn vị một tệp) vào thư mục trên máy chủ",
                         f"nhac-viec-{today.isoformat()}",
                         hint="Enter để ghi, Esc để hủy. Tệp đang mở trong Word sẽ không bị ghi đè."),
            lambda folder: folder and self.app.write_reminders(  # type: ignore[attr-defined]
                today, days, unit, Path(folder.strip()).expanduser()))
