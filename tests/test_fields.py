"""Keys sent in a burst (as Unikey sends a Backspace and the accented letter) apply in order."""

from __future__ import annotations

import pytest
from kiennghi.tui.fields import TextBox, TextInput
from textual import events
from textual.app import App, ComposeResult


class Form(App):
    def __init__(self, field) -> None:
        super().__init__()
        self.field = field

    def compose(self) -> ComposeResult:
        yield self.field


def burst(app: App, keys: list[str]) -> None:
    """Post the keys as a terminal read would, without waiting for any of them."""
    for key in keys:
        character = {"backspace": "\x7f", "left": None, "home": None}.get(key, key)
        app.post_message(events.Key(key, character))


@pytest.mark.parametrize("field, value", [(TextInput, lambda f: f.value), (TextBox, lambda f: f.text)])
async def test_a_burst_of_keys_applies_in_order(field, value):
    form = Form(field())
    async with form.run_test() as pilot:
        # Unikey: "nga" then "f" gives Backspace + "à"; "Ong", two Backspaces, "ông"; a letter
        # typed after moving left.
        burst(form, [*"nga", "backspace", "à", " ", *"Ong", "backspace", "backspace", *"ông", "home", "X"])
        await pilot.pause(0.2)
        assert value(form.field) == "Xngà Oông"
