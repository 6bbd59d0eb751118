"""Forms: an item's fields in words (`e`, and `n` for an item raised at the conference) and the
conference's details (`c`). Ctrl+S or F2 saves, Esc cancels; every value is checked first."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static, TextArea

from kiennghi.config import Config
from kiennghi.dates import parse_date, short
from kiennghi.edits import CONFERENCE_FIELD_NAMES
from kiennghi.fields import FIELDS, Code, Date, ItemRef, Units
from kiennghi.model import Conference, Item
from kiennghi.text import clean_cell, nfc

from .fields import TextBox, TextInput

SAVE_HINT = "Ctrl+S hoặc F2: lưu · Tab: ô sau · Esc: hủy"


class FormScreen(ModalScreen[Any]):
    """A form's frame: a title, the fields, a line for what is wrong, the keys."""

    BINDINGS = [Binding("ctrl+s,f2", "save", "Lưu", priority=True), Binding("escape", "dismiss(None)", "Hủy")]

    def on_mount(self) -> None:
        # The first field takes the focus before the form is laid out, when Textual cannot tell
        # that it is in sight and centres it: the title and the field's label went out of sight.
        self.call_after_refresh(self.query_one(VerticalScroll).scroll_home, animate=False)

    def problem(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(message, style="bold red"))

    def text_of(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        value = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        return clean_cell(nfc(value))

    def lines_of(self, widget_id: str) -> list[str]:
        return [line for line in self.text_of(widget_id).split("\n") if line]


class ItemEditorScreen(FormScreen):
    """Every field of an item written in words (its own words, the sector, the dates, the
    results): returns the fields changed, or every field of a new item (item None). Coded
    fields other than the sector, and duplicates, have their own keys. A date typed without a
    year is one of `conference`."""

    AUTO_FOCUS = "#content"
    FIELDS = tuple(f for f in FIELDS
                   if f.editable and (f.name == "sector" or not isinstance(f.kind, (Code, Units, ItemRef))))

    def __init__(self, config: Config, item: Item | None, conference: Conference | None = None) -> None:
        super().__init__()
        self.config = config
        self.item = item
        self.conference = conference

    def compose(self) -> ComposeResult:
        item = self.item
        title = f"Sửa {item.id}" if item else "Thêm ý kiến phát biểu tại hội nghị"
        with VerticalScroll(classes="dialog tall"):
            yield Static(Text(title, style="bold"))
            for field in self.FIELDS:
                yield Label(field.title)
                value = getattr(item, field.name) if item else field.kind.empty
                if isinstance(field.kind, Code):
                    yield Select([(entry.name, entry.code) for entry in field.kind.catalog(self.config)],
                                 value=value or Select.NULL, id=field.name, prompt="(chưa rõ)")
                elif field.long:
                    yield TextBox(value, id=field.name, soft_wrap=True,
                                  classes="" if field.name == "content" else "short")
                else:
                    yield TextInput(field.words(self.config, value), id=field.name,
                                    placeholder="28/11/2025" if isinstance(field.kind, Date) else "")
            yield Static(id="form-error")
            yield Static(Text(SAVE_HINT, style="dim"))

    def action_save(self) -> None:
        values: dict[str, Any] = {}
        for field in self.FIELDS:
            if isinstance(field.kind, Code):
                chosen = self.query_one(f"#{field.name}", Select).value
                values[field.name] = None if chosen is Select.NULL else chosen
                continue
            try:
                values[field.name] = field.parse(self.config, self.text_of(field.name), self.conference)
            except ValueError as error:
                self.problem(str(error).capitalize())
                self.query_one(f"#{field.name}").focus()
                return
        if self.item is not None:
            values = {name: value for name, value in values.items() if getattr(self.item, name) != value}
        self.dismiss(values)


class ConferenceScreen(FormScreen):
    """A year's conference details: returns them as edited (with the version they were read
    at), or None; `problem` says why the last save was refused."""

    AUTO_FOCUS = "#date"
    # In the notice's order: the conference, its opening (basis, reports, speakers, results), the
    # notice's number and signature. Each one a line, a box of lines or a box of text.
    LINES = ("place", "attendees", "notice_number", "signing_authority", "signer_title", "signer_name")
    LISTS = ("chairs", "basis", "recipients")
    TEXTS = ("reports_heard", "results")
    DATES = ("date", "notice_date")
    ORDER = ("date", "place", "chairs", "attendees", "basis", "reports_heard", "speakers", "results",
             "notice_number", "notice_date", "signing_authority", "signer_title", "signer_name", "recipients")

    def __init__(self, config: Config, conference: Conference, problem: str = "") -> None:
        super().__init__()
        self.config = config
        self.conference = conference
        self.year = conference.year
        self.refused = problem

    def compose(self) -> ComposeResult:
        conference = self.conference
        with VerticalScroll(classes="dialog tall"):
            yield Static(Text(f"Thông tin hội nghị năm {self.year}", style="bold"))
            for name in self.ORDER:
                label = CONFERENCE_FIELD_NAMES[name].capitalize()
                value = getattr(conference, name)
                if name in self.LISTS:
                    yield Label(f"{label} (mỗi dòng một mục)")
                    yield TextBox("\n".join(value), id=name, classes="short")
                elif name in self.TEXTS:
                    yield Label(label)
                    yield TextBox(value, id=name, classes="short", soft_wrap=True)
                elif name in self.DATES:
                    yield Label(label)
                    yield TextInput(short(value), id=name, placeholder="28/11/2025")
                elif name == "speakers":
                    yield Label(f"{label} (để trống nếu không nêu)")
                    yield TextInput("" if value is None else str(value), id=name, placeholder="11")
                else:
                    yield Label(label)
                    yield TextInput(value, id=name)
            yield Static(Text(self.refused, style="bold red"), id="form-error")
            yield Static(Text(SAVE_HINT, style="dim"))

    def action_save(self) -> None:
        values: dict[str, Any] = {name: self.text_of(name) for name in (*self.LINES, *self.TEXTS)}
        for name in self.DATES:  # "30/10": in the conference's year; a notice on or after it
            text = self.text_of(name)
            held = replace(self.conference, date=values.get("date"))
            try:
                values[name] = parse_date(text, conference=held) if text else None
            except ValueError as error:
                self.problem(f"{CONFERENCE_FIELD_NAMES[name].capitalize()}: {error}")
                return
        speakers = self.text_of("speakers")
        if speakers and not (speakers.isdigit() and speakers.isascii()):
            self.problem(f"{CONFERENCE_FIELD_NAMES['speakers'].capitalize()}: “{speakers}” không phải một số "
                         "(ví dụ 11), hoặc để trống")
            return
        values["speakers"] = int(speakers) if speakers else None
        for name in self.LISTS:
            values[name] = self.lines_of(name)
        self.dismiss(replace(self.conference, **values))
