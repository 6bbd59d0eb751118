"""Keys that come in a burst (Unikey's Backspace and accented letter; keys a slow link sends in
one packet) are applied in the order they were typed."""

from __future__ import annotations

import pytest
from kiennghi.tui.fields import KeysInOrderApp, TextBox, TextInput
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding


class Form(KeysInOrderApp):
    BINDINGS = [Binding("ctrl+s", "save", priority=True), Binding("escape", "clear")]

    def __init__(self, *fields) -> None:
        super().__init__()
        self.fields = fields
        self.saved: list[str] = []

    def compose(self) -> ComposeResult:
        yield from self.fields

    def action_save(self) -> None:
        self.saved.append(value(self.focused))

    def action_clear(self) -> None:
        self.saved.clear()


def value(field) -> str:
    return field.text if isinstance(field, TextBox) else field.value


def burst(app: KeysInOrderApp, keys: list[str]) -> None:
    """Post the keys as a terminal read would, without waiting for any of them."""
    for key in keys:
        character = {"backspace": "\x7f", "tab": "\t", "escape": "\x1b", "ctrl+s": "\x13"}.get(key, key)
        app.post_message(events.Key(key, character if len(key) == 1 or key in ("backspace", "tab") else None))


@pytest.mark.parametrize("field", [TextInput, TextBox])
async def test_editing_keys_apply_in_order(field):
    form = Form(field())
    async with form.run_test() as pilot:
        # Unikey: "nga" then "f" sends Backspace + "à"; "Ong", two Backspaces, "ông"; a letter
        # typed after Home.
        burst(form, [*"nga", "backspace", "à", " ", *"Ong", "backspace", "backspace", *"ông", "home", "X"])
        await pilot.pause(0.2)
        assert value(form.fields[0]) == "Xngà Oông"


async def test_the_screens_and_the_apps_keys_wait_for_the_typing_before_them():
    form = Form(TextInput(id="a"), TextInput(id="b"))
    async with form.run_test() as pilot:
        burst(form, [*"cong an", "ctrl+s", "tab", *"ba", "ctrl+s"])
        await pilot.pause(0.2)
        assert (form.fields[0].value, form.fields[1].value) == ("cong an", "ba")
        assert form.saved == ["cong an", "ba"]  # Ctrl+S (a priority key) saved what was typed before it
        burst(form, ["escape", *"n", "ctrl+s"])
        await pilot.pause(0.2)
        assert form.saved == ["ban"]
