"""The app's text fields: Textual's, taking keys in the order they were typed (see `key_order`:
Unikey's Backspace-and-letter bursts were applied out of order)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input, TextArea

from .key_order import KeysInOrder

# Ctrl+A selects the whole text, as in Word (Textual's fields move to the line's start).
SELECT_ALL = Binding("ctrl+a", "select_all", "Chọn hết", show=False)


class TextInput(KeysInOrder, Input):
    """A one-line field."""

    BINDINGS = [SELECT_ALL]


class TextBox(KeysInOrder, TextArea):
    """A field of several lines."""

    BINDINGS = [SELECT_ALL]
