"""Pickers: a list that filters as the officer types, without accents ("kt ha tang", "cong an").

`PickerScreen` returns the chosen code ("" clears the field) or None when cancelled; with
`co_owners`, `+` marks further units and it returns the owner and the marked units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kiennghi.config import Catalog
from kiennghi.text import nfc
from kiennghi.triage import entry_haystack, query_matches

from .fields import TextInput

MAX_SHOWN = 200  # a long list (items) shows its first matches; typing narrows it


@dataclass(frozen=True)
class Choice:
    """One line of a picker: the value it gives, its words, and what a query matches."""

    code: str
    label: str
    haystack: str
    hint: str = ""


def catalog_choices(catalog: Catalog, first: Sequence[str] = ()) -> list[Choice]:
    """A catalog's entries, those in `first` (e.g. ranked by the suggestion) on top."""
    entries = sorted(catalog, key=lambda e: (first.index(e.code) if e.code in first else len(first)))
    return [Choice(e.code, e.name, entry_haystack(e.code, e.name, e.short, *e.aliases),
                   e.short if e.short != e.name else "") for e in entries]


@dataclass(frozen=True)
class Picked:
    """What a picker gives back: a code ("" clears), and the co-owners marked with `+`."""

    code: str
    marked: tuple[str, ...] = ()


class PickerScreen(ModalScreen[Picked | None]):
    """Type to filter, ↑/↓ to move, Enter to choose, Esc to cancel."""

    AUTO_FOCUS = "Input"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Hủy"),
        Binding("enter", "choose", "Chọn", priority=True),
        Binding("down", "move(1)", "Xuống", show=False, priority=True),
        Binding("up", "move(-1)", "Lên", show=False, priority=True),
        Binding("pagedown", "move(10)", "Trang sau", show=False, priority=True),
        Binding("pageup", "move(-10)", "Trang trước", show=False, priority=True),
        Binding("plus", "mark", "Phối hợp", priority=True),
    ]

    def __init__(self, title: str, choices: Sequence[Choice], *, current: str | None = None,
                 suggested: str | None = None, note: str = "", clearable: str = "",
                 co_owners: Sequence[str] | None = None) -> None:
        """`current`: the value the item holds (marked "hiện tại"); `suggested`: kiennghi's
        suggestion (marked "gợi ý"); the list opens on the first of them there is."""
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        if clearable:
            self.choices.append(Choice("", clearable, entry_haystack(clearable, "bỏ trống xóa")))
        self.current = current
        self.suggested = suggested
        self.note = note
        self.marking = co_owners is not None
        self.marked: list[str] = list(co_owners or [])
        self.shown: list[Choice] = []
        self.typed = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Text(self.title_text, style="bold"), id="picker-title")
            if self.note:
                yield Static(Text(self.note), id="picker-note")
            yield TextInput(placeholder="gõ để lọc (không cần dấu)", id="picker-filter")
            yield OptionList(id="picker-options")
            hint = "↑↓ chọn · Enter đồng ý · Esc hủy"
            if self.marking:
                hint = "↑↓ chọn · + thêm/bỏ đơn vị phối hợp · Enter chọn đơn vị chủ trì · Esc hủy"
            yield Static(Text(hint, style="dim"), id="picker-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without co-owners, "+" is just typed into the filter.
        return self.marking if action == "mark" else True

    def on_mount(self) -> None:
        self.fill("")

    def fill(self, query: str) -> None:
        self.typed = query
        options = self.query_one(OptionList)
        highlighted = self.shown[options.highlighted].code if self.shown and options.highlighted is not None else None
        self.shown = [c for c in self.choices if query_matches(query, c.haystack)][:MAX_SHOWN]
        options.clear_options()
        options.add_options([self.option(choice) for choice in self.shown])
        wanted = highlighted if query else (self.current or self.suggested)
        index = next((i for i, c in enumerate(self.shown) if c.code == wanted), 0)
        if self.shown:
            options.highlighted = index

    def option(self, choice: Choice) -> Option:
        text = Text()
        if self.marking:
            text.append("[+] " if choice.code in self.marked else "    ", style="bold")
        text.append(choice.label)
        if choice.hint:
            text.append(f"  {choice.hint}", style="dim")
        if choice.code == self.current:
            text.append("  (hiện tại)", style="italic")
        elif choice.code == self.suggested:
            text.append("  (gợi ý)", style="italic")
        return Option(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(nfc(event.value))

    def action_move(self, step: int) -> None:
        self.catch_up()
        options = self.query_one(OptionList)
        if self.shown:
            options.highlighted = max(0, min(len(self.shown) - 1, (options.highlighted or 0) + step))

    def action_mark(self) -> None:
        self.catch_up()
        options = self.query_one(OptionList)
        if not self.shown or options.highlighted is None:
            return
        code = self.shown[options.highlighted].code
        if code in self.marked:
            self.marked.remove(code)
        else:
            self.marked.append(code)
        options.replace_option_prompt_at_index(options.highlighted, self.option(self.shown[options.highlighted]).prompt)

    def catch_up(self) -> None:
        """Filter by what the input holds now: Enter, + or an arrow may come before the Changed
        message of the last keys typed (a fast typist, a paste over SSH)."""
        query = nfc(self.query_one(Input).value)
        if query != self.typed:
            self.fill(query)

    def action_choose(self) -> None:
        self.catch_up()
        options = self.query_one(OptionList)
        if self.shown and options.highlighted is not None:
            self.dismiss(Picked(self.shown[options.highlighted].code, tuple(self.marked)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Picked(self.shown[event.option_index].code, tuple(self.marked)))
