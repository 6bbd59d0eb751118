"""The Textual app: what is app-wide (the store it was opened on, the theme, the command palette,
help, the workers that write and read the office's files); officers work in its first screen,
`ItemsScreen`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual import work
from textual.command import CommandPalette
from textual.notifications import SeverityLevel

from kiennghi.config import Config
from kiennghi.errors import KienNghiError, Undecided
from kiennghi.roles import Roles
from kiennghi.store import Store
from kiennghi.text import printable

from .commands import KeyCommands
from .documents import Documents
from .help_screen import HelpScreen
from .import_screen import Planner
from .items_screen import ItemsScreen
from .key_order import KeysInOrderApp


class KienNghiApp(KeysInOrderApp):
    """kiennghi's terminal app: its first screen is the items screen."""

    TITLE = "kiennghi"
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#items"  # each dialog names its own first field
    COMMANDS = {KeyCommands}
    ENABLE_COMMAND_PALETTE = False  # Textual's own binding and commands speak English; ours below

    def __init__(self, config: Config, store: Store, year: int | None = None, *,
                 planner: Planner | None = None, documents: Documents | None = None,
                 today: date | None = None, empty_hint: str = "") -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.documents = documents
        self.items_screen = ItemsScreen(config, store, year, planner=planner, documents=documents, today=today,
                                        empty_hint=empty_hint)

    def get_default_screen(self) -> ItemsScreen:
        return self.items_screen

    def on_ready(self) -> None:
        self.items_screen.first_painted()

    @work(thread=True, exclusive=True, group="export")
    def write_documents(self, kind: str, year: int, target: Path) -> None:
        """Write the notice, the review report or the workbook(s) off the main thread (a PDF
        takes seconds). `kind`: "notice", "review", "workbook" or "by-owner"; a notice may end
        with "-draft" or "-public", and a document with "-pdf" for a PDF beside it."""
        from kiennghi.notice import year_notice  # loaded on first use, not before the first paint
        from kiennghi.review import year_review

        assert self.documents is not None
        document, *options = kind.split("-")
        try:
            with self.store.another() as store:
                if document in ("notice", "review"):
                    if document == "notice":
                        record = year_notice(self.config, store, year, draft="draft" in options,
                                             public="public" in options)
                        warnings = record.missing
                    else:
                        record = year_review(self.config, store, year)
                        warnings = record.warnings
                    if warnings:
                        self.call_from_thread(self.notify, "Chú ý: " + "; ".join(warnings), severity="warning",
                                              timeout=10)
                    written = [str(path) for path in self.documents.document(record, target, None, "pdf" in options)]
                else:
                    written = [f"{path} ({count} ý kiến)" for path, count in
                               self.documents.workbooks(self.config, store.items(year), year, target, None,
                                                        kind == "by-owner")]
        except Undecided as error:
            self.call_from_thread(self.items_screen.offer_draft, error, kind, year, target)
            return
        except KienNghiError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            return
        self._said_written(written, "Không có gì để ghi: chưa giao ý kiến nào cho đơn vị.")

    @work(thread=True, exclusive=True, group="export")
    def write_reminders(self, today: date, days: int, unit: str | None, folder: Path) -> None:
        """Write the reminders to the units (`unit`'s only, when given) into `folder`, as the
        command `kiennghi remind` does, off the main thread."""
        from kiennghi.reminders import file_name, nothing_due, reminders

        assert self.documents is not None
        try:
            with self.store.another() as store:
                found = reminders(self.config, store.items(), today, days, unit)
            written = [f"{path} ({len(reminder.rows)} ý kiến)" for reminder in found for path in
                       self.documents.document(reminder, folder / file_name(reminder.unit_code, today), None, False)]
        except KienNghiError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            return
        self._said_written(written, nothing_due(today, days))

    def _said_written(self, written: list[str], nothing: str) -> None:
        """From a worker: the files written, or `nothing` when there were none to write."""
        self.call_from_thread(self.notify, "Đã ghi " + ", ".join(written) if written else nothing, timeout=8)

    @work(thread=True, exclusive=True, group="merge")
    def read_merge(self, path: Path) -> None:
        """Read the workbook and compare it with the store, off the main thread."""
        from kiennghi.merge import plan_merge  # loaded on first use, not before the first paint

        assert self.documents is not None
        try:
            with self.store.another() as store:
                plan = plan_merge(self.config, path.name, self.documents.read_workbook(path, self.config), store)
        except KienNghiError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            return
        self.call_from_thread(self.items_screen.review_merge, plan)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A toast of plain text, whatever the caller says (widgets ask for markup by default):
        kiennghi's messages carry file, sheet and unit names and petitions, which are never
        markup; control characters show as visible marks."""
        super().notify(printable(message), title=printable(title), severity=severity,
                       timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C, which Textual keeps for copying: say how to quit, in Vietnamese."""
        self.notify("Nhấn q (hoặc Ctrl+Q) để thoát. Ctrl+C chép chữ đang chọn trong ô nhập.", title="Thoát?")

    def action_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Tìm lệnh (không cần dấu)…"))

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_overdue(self) -> None:
        """What is late, by unit; Enter on an item shows it in the items screen."""
        from .overdue_screen import OverdueScreen  # loaded on first use, not before the first paint

        self.push_screen(OverdueScreen(self.config, self.store, self.items_screen.today), self.items_screen.go_to)

    def action_board(self) -> None:
        from .board_screen import BoardScreen  # loaded on first use, not before the first paint

        screen = self.items_screen
        if screen.year is None:
            self.notify("Chưa có năm nào: hãy nhập bảng tổng hợp trước (i).", timeout=3)
            return
        self.push_screen(BoardScreen(self.config, self.store, screen.year, screen.today))


def run_app(config: Config, db_path: Any, year: int | None = None, planner: Planner | None = None,
            documents: Documents | None = None, empty_hint: str = "", roles: Roles | None = None) -> int:
    """The app on the store at `db_path`, for the officer's role among `roles` (None: everyone
    may do everything, as in the demo's own store)."""
    with Store.open(db_path, roles=roles) as store:
        KienNghiApp(config, store, year, planner=planner, documents=documents, empty_hint=empty_hint).run()
    return 0
