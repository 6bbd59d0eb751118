"""The overdue view (Q): every year's items still open that are overdue or due within N days, by
owner unit, the oldest deadline first: what the reminders to the units say now
(`kiennghi.followup.overdue_view`). Enter shows the item in the items screen; x writes the
reminders of the units shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from kiennghi.config import Config
from kiennghi.dates import short
from kiennghi.followup import overdue_view
from kiennghi.model import Item
from kiennghi.reminders import DEFAULT_DAYS, MAX_DAYS, Reminder, ReminderRow
from kiennghi.store import Store
from kiennghi.text import excerpt, printable

from .colours import RED, YELLOW
from .line_list import LineList
from .live_view import LiveView
from .pickers import Picked, PickerScreen, catalog_choices
from .prompts import PromptScreen

STATUS_WIDTH = 16  # a status's name is cut (…) beyond this
CONTENT_LIMIT = 200  # characters of an item's content on its line, more than a terminal is wide


@dataclass(frozen=True)
class Due:
    """What the view shows: the reminders, and the items they name (by ID)."""

    reminders: list[Reminder]
    items: dict[str, Item]


def row_line(row: ReminderRow, late: bool, widths: tuple[int, int, int]) -> Text:
    """An item's line: its ID, deadline, how late, status, each in its column, then its content,
    cut (…) where the line ends."""
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    for text, width, style in ((row.id, widths[0], ""), (row.deadline, 10, ""),
                               (row.when, widths[1], f"bold {RED}" if late else YELLOW),
                               (printable(row.status), widths[2], "")):
        cell = Text(text, style=style)
        cell.truncate(width, overflow="ellipsis", pad=True)
        line.append_text(cell)
        line.append(" ")
    line.append(excerpt(row.content, CONTENT_LIMIT))  # a whole petition made each line slow to lay out
    return line


def group_line(config: Config, reminder: Reminder) -> Text:
    """A unit's heading: its short name, how many of its items are overdue and coming."""
    return Text(f"{printable(config.units.short(reminder.unit_code))} — quá hạn {reminder.overdue}, "
                f"sắp đến hạn {reminder.coming}", style="bold underline")


def lines(config: Config, due: Due, today: date) -> list[tuple[str | None, Text]]:
    """The view's lines: each unit's heading (None), then its items' lines (their IDs), their
    columns as wide as the widest value among them."""
    rows = [row for reminder in due.reminders for row in reminder.rows]
    if not rows:
        return [(None, Text("Không có ý kiến nào quá hạn hoặc sắp đến hạn."))]
    widths = (max(cell_len(row.id) for row in rows), max(cell_len(row.when) for row in rows),
              min(STATUS_WIDTH, max(cell_len(row.status) for row in rows)))
    shown: list[tuple[str | None, Text]] = []
    for reminder in due.reminders:
        shown.append((None, group_line(config, reminder)))
        shown += [(row.id, row_line(row, due.items[row.id].deadline < today, widths)) for row in reminder.rows]
    return shown


def days_problem(text: str) -> str:
    """What is wrong with a number of days typed (0 to MAX_DAYS), or ""."""
    text = text.strip()
    return "" if text.isdecimal() and int(text) <= MAX_DAYS else f"Hãy gõ một số ngày từ 0 đến {MAX_DAYS}: 0, 7, 30…"


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

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Đang đọc các ý kiến…", style="dim"), id="overdue-title")
        yield LineList(id="overdue")
        yield Footer()

    def compute(self, store: Store) -> tuple[Due, list[tuple[str | None, Text]]]:
        """What is due, and its lines (made here too: 3,500 of them take a third of a second)."""
        items = store.items()
        found = overdue_view(self.config, items, self.today, self.days, self.unit)
        named = {row.id for reminder in found for row in reminder.rows}
        due = Due(found, {item.id: item for item in items if item.id in named})
        return due, lines(self.config, due, self.today)

    def show(self, found: tuple[Due, list[tuple[str | None, Text]]]) -> None:
        due, shown = found
        self.due = due
        self.sub_title = "Ý kiến quá hạn, sắp đến hạn"
        count = sum(len(reminder.rows) for reminder in due.reminders)
        who = self.config.units.short(self.unit) if self.unit else "mọi đơn vị"
        title = f"Tính đến {short(self.today)} · đến hạn trong {self.days} ngày · {printable(who)}: {count} ý kiến"
        self.query_one("#overdue-title", Static).update(Text(title, style="bold"))
        listed = self.query_one(LineList)
        listed.show(shown, keep=listed.current)

    def current_id(self) -> str | None:
        return self.query_one(LineList).current

    @property
    def row_ids(self) -> list[str | None]:
        """The item of each line shown (None: a unit's heading)."""
        return [item_id for item_id, _ in self.query_one(LineList).rows]

    def action_open(self) -> None:
        item_id = self.current_id()
        if item_id is not None and self.due is not None:
            self.dismiss(self.due.items[item_id])

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
                                          check=days_problem), chosen)

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
