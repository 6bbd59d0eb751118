"""Filters (`f`): pick one to switch it on or off; those that need a value open a picker.
Filters combine; the status line names those in force."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiennghi.config import Config
from kiennghi.model import Item
from kiennghi.triage import Filters, entry_haystack

from .pickers import Choice, Picked, PickerScreen, catalog_choices

# (key, filter field, words); a field with a value picks it from a list.
CHOICES = (
    ("c", "untriaged", "Chưa phân loại"),
    ("p", "jurisdiction:phuong", "Thuộc thẩm quyền phường"),
    ("t", "jurisdiction:cap-tren", "Chuyển cấp trên"),
    ("q", "overdue", "Quá hạn"),
    ("n", "source:hoi-nghi", "Phát biểu tại hội nghị"),
    ("y", "source:ton-nam-truoc", "Tồn năm trước"),
    ("o", "owner", "Theo đơn vị chủ trì…"),
    ("l", "sector", "Theo lĩnh vực…"),
    ("d", "to_dan_pho", "Theo tổ dân phố…"),
    ("s", "status", "Theo tình trạng…"),
    ("x", "", "Bỏ mọi bộ lọc"),
)


class FilterScreen(ModalScreen[Filters | None]):
    AUTO_FOCUS = "OptionList"
    BINDINGS = [Binding("escape", "dismiss(None)", "Đóng")] + [
        Binding(key, f"choose({index})", show=False) for index, (key, _, _) in enumerate(CHOICES)
    ]

    def __init__(self, config: Config, filters: Filters, items: Sequence[Item]) -> None:
        super().__init__()
        self.config = config
        self.filters = filters
        self.items = items

    def compose(self) -> ComposeResult:
        options = []
        for key, field, words in CHOICES:
            name, _, value = field.partition(":")
            current = getattr(self.filters, name) if name else None
            on = bool(current) and (not value or current == value)
            text = Text(f"{'■' if on else '□'} {key}  {words}")
            if on and not value and not isinstance(current, bool):
                text.append(f"  ({self.value_name(name, current)})", style="italic")
            options.append(Option(text))
        with Vertical(classes="dialog"):
            yield Static(Text("Lọc (các bộ lọc kết hợp; chọn lại để bỏ)", style="bold"))
            yield OptionList(*options, id="filters")
            yield Static(Text("phím chữ hoặc ↑↓ Enter · Esc: đóng", style="dim"))

    def value_name(self, name: str, value: str) -> str:
        catalogs = {"owner": self.config.units, "sector": self.config.sectors, "status": self.config.statuses}
        return catalogs[name].short(value) if name in catalogs else value

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option_index)

    def action_choose(self, index: int) -> None:
        _, field, words = CHOICES[index]
        if not field:
            self.dismiss(Filters())
            return
        name, _, value = field.partition(":")
        if value or name in ("untriaged", "overdue"):
            self.dismiss(self.filters.toggle(name, value or True))
            return
        if getattr(self.filters, name):
            self.dismiss(self.filters.toggle(name, getattr(self.filters, name)))
            return
        self.app.push_screen(PickerScreen(words.rstrip("…"), self.choices(name)),
                             lambda picked: self.picked(name, picked))

    def choices(self, name: str) -> list[Choice]:
        if name == "to_dan_pho":
            groups = sorted({item.to_dan_pho for item in self.items if item.to_dan_pho})
            return [Choice(group, group, entry_haystack(group)) for group in groups]
        catalog = {"owner": self.config.units, "sector": self.config.sectors, "status": self.config.statuses}[name]
        return catalog_choices(catalog)

    def picked(self, name: str, picked: Picked | None) -> None:
        if picked is not None:
            self.dismiss(self.filters.toggle(name, picked.code))
