"""The app's text fields: Textual's, taking keys in the order they were typed (see `key_order`:
Unikey's Backspace-and-letter bursts were applied out of order)."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from .key_order import KeysInOrder


class TextInput(KeysInOrder, Input):
    """A one-line field."""


class TextBox(KeysInOrder, TextArea):
    """A field of several lines."""
