"""An officer's session of edits, undoable and redoable step by step.

Each step is one decision (on one item or on a whole selection), or a deletion (items hidden).
Undoing writes the old values back through the store like any edit, or shows the items again,
so it is logged too, and it is refused (`StaleEdit`) when another officer has changed one of
those items since: nobody's work is undone silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .fields import EDITABLE
from .model import Item
from .store import Edit, Store


@dataclass(frozen=True)
class Step:
    """One decision as applied: per item, the fields' values before and after; or the items a
    deletion hid (`hidden`, with no values)."""

    label: str
    before: dict[str, dict[str, Any]]
    after: dict[str, dict[str, Any]]
    hidden: tuple[str, ...] = ()


class EditSession:
    """Applies an officer's edits to the store and remembers them for undo and redo.

    Undo and redo expect each item at the version this session last wrote: an item another
    officer has changed since is not overwritten unless the officer says so (`force`).
    """

    def __init__(self, store: Store, source: str = "tui") -> None:
        self.store = store
        self.source = source
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []
        self._written: dict[str, int] = {}  # item → the version this session's last write left

    def apply(self, label: str, edits: Sequence[Edit]) -> list[Item]:
        """Apply `edits` as one step; raises `StaleEdit` (nothing applied) on a conflict."""
        results = self.store.update_items(edits, self.source, label)
        step = self._step(label, results)
        if step.before:
            self.undo_stack.append(step)
            self.redo_stack.clear()
        return [after for _, after in results]

    def delete(self, label: str, versions: dict[str, int | None]) -> list[Item]:
        """Hide items as one step, each based on the version the officer saw; raises `StaleEdit`
        (nothing hidden) on a conflict."""
        hidden = self.store.delete_items(versions, self.source, label)
        for item in hidden:
            self._written[item.id] = item.version
        self.undo_stack.append(Step(label, {}, {}, tuple(item.id for item in hidden)))
        self.redo_stack.clear()
        return hidden

    def undo(self, force: bool = False) -> Step | None:
        """Write back the values before the last step. `force` overwrites later changes by others."""
        return self._replay(self.undo_stack, self.redo_stack, "hoàn tác", force)

    def redo(self, force: bool = False) -> Step | None:
        """Apply again the last step undone."""
        return self._replay(self.redo_stack, self.undo_stack, "làm lại", force)

    def _replay(self, source: list[Step], target: list[Step], word: str, force: bool) -> Step | None:
        """Write the last step of `source` back (its old values when undoing, its new ones when
        redoing; a deletion's items shown again or hidden again) and move it to `target`;
        nothing moves when the store refuses."""
        if not source:
            return None
        step = source[-1]
        undoing = source is self.undo_stack
        detail = f"{word}: {step.label}"
        if step.hidden:
            versions = {item_id: None if force else self._written[item_id] for item_id in step.hidden}
            written = (self.store.restore_items if undoing else self.store.delete_items)(versions, self.source, detail)
        else:
            values = step.before if undoing else step.after
            edits = [Edit(item_id, changes, None if force else self._written[item_id])
                     for item_id, changes in values.items()]
            written = [new for _, new in self.store.update_items(edits, self.source, detail)]
        for new in written:
            self._written[new.id] = new.version
        target.append(source.pop())
        return step

    def _step(self, label: str, results: Sequence[tuple[Item, Item]]) -> Step:
        before: dict[str, dict[str, Any]] = {}
        after: dict[str, dict[str, Any]] = {}
        for old, new in results:
            if new.version == old.version:
                continue
            changed = [name for name in EDITABLE if getattr(old, name) != getattr(new, name)]
            before[new.id] = {name: getattr(old, name) for name in changed}
            after[new.id] = {name: getattr(new, name) for name in changed}
            self._written[new.id] = new.version
        return Step(label, before, after)
