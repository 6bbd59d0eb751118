"""The app's text fields: Textual's, with Ctrl+A selecting the whole text."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input, TextArea

# Ctrl+A selects the whole text, as in Word (Textual's fields move to the line's start).
SELECT_ALL = Binding("ctrl+a", "select_all", "Chọn hết", show=False)


class TextInput(Input):
    """A one-line field."""

    BINDINGS = [SELECT_ALL]


class TextBox(TextArea):
    """A field of several lines."""

    BINDINGS = [SELECT_ALL]
