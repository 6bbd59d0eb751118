"""Text fields that apply keys in the order they come.

Textual (8.2; Textualize/textual#6605) types a character where the field receives it, but runs
a key bound on the field itself (Backspace, Delete, arrows, Home/End, Enter) only once the key
has bubbled up to the app; when keys come in a burst, a later character is typed first.
Vietnamese input methods send such bursts all the time: Unikey turns "nga" and a typed "f" into
a Backspace and "à" sent together, which arrive over SSH in one read, and the field kept "nga"
("Ong", two Backspaces and "ông Bình" gave "Ongông Bì"). These fields run their own bindings as
each key arrives, which is what Textual does later (the focused widget's bindings come first).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea


class _KeysInOrder:
    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):  # type: ignore[attr-defined]
            if not binding.priority and await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)  # type: ignore[misc]


class TextInput(_KeysInOrder, Input):
    """A one-line field."""


class TextBox(_KeysInOrder, TextArea):
    """A field of several lines."""
