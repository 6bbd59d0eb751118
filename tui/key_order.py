"""Keys applied in the order they were typed.

Textual (8.2; Textualize/textual#6605) checks a key's priority bindings when the key reaches
the app, hands it to the focused widget, and runs the other bindings (the widget's own and its
screen's and the app's) only once the key has bubbled back up to the app. Keys that come in a
burst are then applied out of order. Vietnamese input methods send such bursts all the time:
Unikey turns "nga" and a typed "f" into a Backspace and "à" sent together, which arrive over SSH
in one read, and the field kept "nga" ("Ong", two Backspaces and "ông Bình" gave "Ongông Bì").
A slow link delivers typed keys together too: a priority key (Ctrl+S in a form, Enter in a
picker) ran before the letters typed ahead of it, a Tab left the letters after it in the field
before, and "1ca" typed at once opened the owner picker and lost "ca" (the keys had gone to the
table, and then to a picker not yet shown).

So the app (`KeysInOrderApp`) hands each key, as it comes, to the focused widget if that widget
takes keys in order (`KeysInOrder`: the text fields and the item table), and such a widget runs
what Textual would, in Textual's order, before its next key: the priority bindings (from the app
down), its own handling (typing), then the other bindings (from the widget up). A key it was
handed after one that moved the focus goes back to the app; keys that come while a screen is
being opened wait until it is shown (and has focused its field), then go on in turn.

What Enter does in a field is done in a binding (priority: the field's own Enter would submit):
`Input.Submitted` is a message, which reaches the screen after the field has taken the keys
typed after Enter. The prompts, pickers, the import screen and the search line do so.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen

SCREEN_WAIT = 1.0  # seconds: keys wait at most this long for a screen being opened


class KeysInOrder:
    """A widget that runs each key's bindings itself, as the key comes (list it first among the
    widget's bases)."""

    async def _on_key(self, event: events.Key) -> None:
        app = self.app  # type: ignore[attr-defined]
        if app.focused is not self:  # a key before it moved the focus: the app routes it again
            app.post_message(events.Key(event.key, event.character))
        elif not await app._check_bindings(event.key, priority=True):
            await super()._on_key(event)  # type: ignore[misc]
            if event._stop_propagation or not await app._check_bindings(event.key):
                return
        event.stop()
        event.prevent_default()


class KeysInOrderApp(App):
    """An app that hands keys to a focused `KeysInOrder` widget as they come, and holds them
    while a screen is being opened."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key] = deque()
        self._waiting: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._route(event)
        else:
            await super().on_event(event)

    async def _route(self, event: events.Key) -> None:
        if self._held or not self.screen.is_mounted:
            self._hold(event)
        else:
            await self._deliver(event)

    async def _deliver(self, event: events.Key) -> None:
        if isinstance(self.focused, KeysInOrder):
            self.app_focus = True
            self.focused._forward_event(event)
        else:
            await super().on_event(event)

    def _hold(self, event: events.Key) -> None:
        self._held.append(event)
        if self._waiting is None:
            self._waiting = asyncio.create_task(self._wait_for(self.screen))

    async def _wait_for(self, screen: Screen) -> None:
        deadline = monotonic() + SCREEN_WAIT
        while not screen.is_mounted and monotonic() < deadline:
            await asyncio.sleep(0.005)
        self.call_later(self._release, screen)

    async def _release(self, screen: Screen) -> None:
        """Hand on the keys held for `screen` (shown, or waited for long enough), in turn; a key
        among them that opens another screen holds those after it again."""
        self._waiting = None
        held, self._held = self._held, deque()
        for event in held:
            if self._held or (self.screen is not screen and not self.screen.is_mounted):
                self._hold(event)
            else:
                await self._deliver(event)
