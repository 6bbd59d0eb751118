"""Merging a tracking workbook (`m`): every change the workbook makes, each accepted or not,
with the conflicts and invalid cells listed above them; Ctrl+S or F2 merges what is ticked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from kiennghi.config import Config
from kiennghi.fields import FIELD
from kiennghi.describe import shown
from kiennghi.merge import FieldChange, MergePlan
from kiennghi.model import NewItem
from kiennghi.text import excerpt

MAX_LISTED = 30  # conflicts and invalid cells listed in full up to this many


class MergeScreen(ModalScreen[tuple[list[FieldChange], list[NewItem]] | None]):
    """Returns the changes and new rows accepted, or None when cancelled."""

    AUTO_FOCUS = "SelectionList"
    BINDINGS = [
        Binding("ctrl+s,f2", "merge", "Gộp", priority=True),
        Binding("a", "toggle_all", "Chọn/bỏ hết"),
        Binding("escape", "dismiss(None)", "Hủy"),
    ]

    def __init__(self, config: Config, plan: MergePlan) -> None:
        super().__init__()
        self.config = config
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(classes="dialog wide tall"):
            yield Static(Text(f"Gộp {plan.file_name}: {plan.summary()}", style="bold"))
            notes = Text()
            listed = plan.notes(self.config, 40)
            for note in listed[:MAX_LISTED]:
                notes.append(f"{note}\n", style="yellow")
            for problem in plan.invalid[:MAX_LISTED]:
                notes.append(f"Không hợp lệ: {problem} — bỏ qua\n", style="red")
            hidden = max(0, len(listed) - MAX_LISTED) + max(0, len(plan.invalid) - MAX_LISTED)
            if hidden:
                notes.append(f"… và {hidden} dòng nữa (xem bằng lệnh kiennghi merge --dry-run)\n", style="dim")
            if notes:
                with VerticalScroll(id="merge-notes"):
                    yield Static(notes)
            options = [Selection(self._change_text(change), n, True) for n, change in enumerate(plan.changes)]
            options += [Selection(Text(f"Dòng mới {row}: {excerpt(new.content, 70)}"), -1 - n, False)
                        for n, (row, new) in enumerate(plan.new_rows)]
            yield SelectionList[int](*options, id="merge-changes")
            yield Static(Text("Space chọn/bỏ · a chọn/bỏ hết · Ctrl+S hoặc F2 gộp các thay đổi đã chọn · Esc hủy",
                              style="dim"))

    def _change_text(self, change: FieldChange) -> Text:
        return Text(f"{change.item_id} · {FIELD[change.field].label}: "
                    f"{excerpt(shown(self.config, change.field, change.store), 30)} → "
                    f"{excerpt(shown(self.config, change.field, change.workbook), 50)}")

    def action_toggle_all(self) -> None:
        changes = self.query_one(SelectionList)
        if len(changes.selected) == changes.option_count:
            changes.deselect_all()
        else:
            changes.select_all()

    def action_merge(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        changes = [change for n, change in enumerate(self.plan.changes) if n in chosen]
        new_items = [new for n, (_, new) in enumerate(self.plan.new_rows) if -1 - n in chosen]
        self.dismiss((changes, new_items))
