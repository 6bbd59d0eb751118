"""Small dialogs: a one-line answer checked as it is typed, a multi-line text, a yes or no
before hiding items, and the choice an officer makes when another officer changed the same
items first."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Static, TextArea

from kiennghi.config import Config
from kiennghi.describe import change_text
from kiennghi.edits import change_name
from kiennghi.errors import StaleEdit
from kiennghi.text import clean_cell, excerpt, nfc

from .fields import TextBox, TextInput


class PromptScreen(ModalScreen[str | None]):
    """One line, checked by `check` (which returns a Vietnamese reason, or "" when fine); the
    value given is selected (typing replaces it) unless `select` is False (typing adds to it)."""

    AUTO_FOCUS = "Input"
    BINDINGS = [Binding("escape", "dismiss(None)", "Hủy"), Binding("enter", "submit", "Đồng ý", priority=True)]

    def __init__(self, title: str, value: str = "", *, hint: str = "",
                 check: Callable[[str], str] | None = None, suggester: Suggester | None = None,
                 select: bool = True) -> None:
        super().__init__()
        self.select = select
        self.title_text = title
        self.value = value
        self.hint = hint
        self.check = check or (lambda text: "")
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield TextInput(self.value, id="prompt-input", select_on_focus=self.select, suggester=self.suggester)
            yield Static(Text(self.hint, style="dim"), id="prompt-hint")
            yield Static(id="prompt-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Static).update(Text(self.check(nfc(event.value)), style="bold red"))

    def action_submit(self) -> None:
        value = nfc(self.query_one(Input).value)
        problem = self.check(value)
        if problem:
            self.query_one("#prompt-error", Static).update(Text(problem, style="bold red"))
            return
        self.dismiss(value)


class TextScreen(ModalScreen[str | None]):
    """Several lines (a response, a petition's wording): Ctrl+S or F2 saves, Esc cancels."""

    AUTO_FOCUS = "TextArea"
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Lưu", priority=True),
        Binding("escape", "dismiss(None)", "Hủy"),
    ]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall"):
            yield Static(Text(self.title_text, style="bold"))
            yield TextBox(self.value, id="text-area", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("Ctrl+S hoặc F2: lưu · Esc: hủy", style="dim"))

    def action_save(self) -> None:
        self.dismiss(clean_cell(nfc(self.query_one(TextArea).text)))


class ConfirmScreen(ModalScreen[bool]):
    """A yes or no before items are hidden: True when the officer says yes. Enter says yes,
    Esc no; when `deliberate` (the items hold other officers' work), Enter says no and only
    `f` or the button says yes."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Thôi"), Binding("f", "dismiss(True)", "Đồng ý")]

    def __init__(self, title: str, text: str, yes: str, *, deliberate: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.yes = yes
        self.deliberate = deliberate
        self.AUTO_FOCUS = "#no" if deliberate else "#yes"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `f` says yes only where the button says so.
        return self.deliberate if (action, parameters) == ("dismiss", (True,)) else True

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Static(Text(self.text), id="confirm-text")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} ({'f' if self.deliberate else 'Enter'})", id="yes",
                             variant="error" if self.deliberate else "primary")
                yield Button("Thôi (Esc)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ConflictScreen(ModalScreen[bool | None]):
    """Another officer changed these items first: show who changed what, then let the officer
    overwrite (True), keep the other change (False), or think again (None)."""

    AUTO_FOCUS = "#keep"  # Enter keeps the other officer's work; overwriting takes a deliberate key
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Để sau"),
        Binding("o", "dismiss(True)", "Ghi đè"),
        Binding("k", "dismiss(False)", "Giữ của họ"),
    ]

    def __init__(self, config: Config, error: StaleEdit, mine: str) -> None:
        super().__init__()
        self.config = config
        self.error = error
        self.mine = mine

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(str(self.error) + "\n\n", style="bold")
        for change in self.error.changes[:12]:
            text.append(f"• {change['item_id']} {change['at'][:16].replace('T', ' ')} {change['user']}: ")
            old, new = (change_text(self.config, change["field"], change[key]) for key in ("old", "new"))
            text.append(f"{change_name(change['field'])} “{excerpt(old, 30)}” → “{excerpt(new, 30)}”\n")
        if len(self.error.changes) > 12:
            text.append(f"… và {len(self.error.changes) - 12} thay đổi khác\n")
        text.append(f"\nThay đổi của bạn: {self.mine}")
        with Vertical(classes="dialog tall"):
            yield Static(text, id="conflict-text")
            with Horizontal(classes="buttons"):
                yield Button("Ghi đè bằng của tôi (o)", id="overwrite", variant="warning")
                yield Button("Giữ của họ (k)", id="keep", variant="primary")
                yield Button("Để sau (Esc)", id="later")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"overwrite": True, "keep": False}.get(event.button.id or ""))
