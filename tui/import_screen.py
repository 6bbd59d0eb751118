"""Import (`i`, and at once when the store is empty): a path with completion, the importer's
preview (header, mapping, groups, skipped rows, first items), then Enter to store it all."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from kiennghi.config import Config
from kiennghi.errors import KienNghiError
from kiennghi.import_plan import ImportPlan
from kiennghi.store import Store

from .fields import TextInput
from .preview import first_items, plan_summary, sheet_renderable

Planner = Callable[[Path, Config], ImportPlan]
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv")


class PathSuggester(Suggester):
    """Completes a path: the first folder or spreadsheet whose name starts with what is typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        typed = Path(value).expanduser()
        folder, prefix = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(entry for entry in folder.iterdir()
                           if entry.name.startswith(prefix) and not entry.name.startswith(".")
                           and (entry.is_dir() or entry.suffix.lower() in SHEET_SUFFIXES))
        except OSError:
            return None
        if not names:
            return None
        found = names[0]
        completed = value + found.name[len(prefix):]
        return completed + "/" if found.is_dir() else completed


class ImportScreen(ModalScreen[int | None]):
    """Returns the year imported, or None."""

    AUTO_FOCUS = "Input"
    BINDINGS = [Binding("escape", "dismiss(None)", "Hủy"), Binding("enter", "submit", "Xem trước, nhập", priority=True)]

    def __init__(self, config: Config, store: Store, planner: Planner) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.planner = planner
        self.plan: ImportPlan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall wide"):
            yield Static(Text("Nhập bảng tổng hợp ý kiến của MTTQ (hoặc sổ theo dõi)", style="bold"))
            yield TextInput(str(Path.cwd()) + "/", id="path", suggester=PathSuggester(),
                        placeholder="đường dẫn tới tệp .xlsx, .xls, .ods, .csv")
            yield Static(Text("→ hoặc End: nhận gợi ý đường dẫn · Enter: xem trước · Esc: hủy", style="dim"),
                         id="import-hint")
            with VerticalScroll(id="preview"):
                yield Static(id="preview-body")

    def show(self, renderable: Text | Group) -> None:
        self.query_one("#preview-body", Static).update(renderable)

    def on_input_changed(self) -> None:
        self.plan = None

    def action_submit(self) -> None:
        if self.plan is not None:
            self.store_plan(self.plan)
            return
        path = Path(self.query_one(Input).value.strip()).expanduser()
        if not path.is_file():
            self.show(Text(f"Không có tệp {path}.", style="bold red"))
            return
        self.show(Text(f"Đang đọc {path.name}…"))
        self.read(path)

    @work(thread=True, exclusive=True)
    def read(self, path: Path) -> None:
        try:
            plan = self.planner(path, self.config)
        except KienNghiError as error:
            self.app.call_from_thread(self.show, Text(str(error), style="bold red"))
            return
        self.app.call_from_thread(self.previewed, plan)

    def previewed(self, plan: ImportPlan) -> None:
        self.plan = plan
        parts = [sheet_renderable(sheet, self.config) for sheet in plan.sheets]
        self.show(Group(plan_summary(plan), Text("Nhấn Enter lần nữa để nhập, Esc để hủy.", style="bold green"),
                        Text(""), first_items(plan, self.config), Text(""), *parts))

    def store_plan(self, plan: ImportPlan) -> None:
        try:
            self.store.import_batch(plan.batch())
        except KienNghiError as error:
            self.plan = None
            self.show(Text(str(error), style="bold red"))
            return
        self.dismiss(plan.year)
