"""Text fields that take keys in the order they come.

Textual (8.2; Textualize/textual#6605) checks a key's priority bindings when the key reaches
the app, types it into the focused field a moment later, and runs the field's and the screen's
other bindings (Backspace, arrows, Home/End, Enter, Tab, Esc) only once the key has bubbled back
up to the app. Keys that come in a burst are then applied out of order. Vietnamese input methods
send such bursts all the time: Unikey turns "nga" and a typed "f" into a Backspace and "à" sent
together, which arrive over SSH in one read, and the field kept "nga" ("Ong", two Backspaces and
"ông Bình" gave "Ongông Bì"). A slow link delivers typed keys together too: then a priority key
(Ctrl+S in a form, Enter in a picker) ran before the letters typed ahead of it, and a Tab left
the letters after it in the field before.

While one of these fields has the focus, the app hands it every key as it comes
(`KeysInOrderApp`), and the field runs what Textual would, in Textual's order, before the next
key: the priority bindings (from the app down), its own typing, then the other bindings (from
the field up). Keys it was handed after one that moved the focus go back to the app, in turn.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.widgets import Input, TextArea


class _KeysInOrder:
    async def _on_key(self, event: events.Key) -> None:
        app = self.app  # type: ignore[attr-defined]
        if app.focused is not self:  # a key before it in the burst moved the focus: the app routes it again
            app.post_message(events.Key(event.key, event.character))
        elif not await app._check_bindings(event.key, priority=True):
            await super()._on_key(event)  # type: ignore[misc]
            if event._stop_propagation or not await app._check_bindings(event.key):
                return
        event.stop()
        event.prevent_default()


class TextInput(_KeysInOrder, Input):
    """A one-line field."""


class TextBox(_KeysInOrder, TextArea):
    """A field of several lines."""


class KeysInOrderApp(App):
    """An app that gives the keys to a focused `TextInput` or `TextBox` as they come."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and isinstance(self.focused, _KeysInOrder):
            self.focused._forward_event(event)  # it runs the key's bindings itself, in turn
            return
        await super().on_event(event)
