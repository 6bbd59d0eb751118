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

So the app (`KeysInOrderApp`) hands each key to the focused widget if that widget takes keys in
order (`KeysInOrder`: the text fields and the item table), one at a time: the next once the
widget is done with it. Such a widget runs what Textual would, in Textual's order: the priority
bindings (from the app down), its own handling (typing), then the other bindings (from the
widget up). Keys that come meanwhile wait in the app, in turn; so do keys that come while a
screen is being opened, until it is shown (and has focused its field). A key that finds its
widget no longer focused (the focus moved by other means) goes back to the head of the line.
Handing a widget keys while it still worked on one let the focus move under them: they came
back to the app behind keys typed after them.

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
        try:
            if app.focused is not self:  # a key before it moved the focus: the app routes it again, first
                app._held.appendleft(events.Key(event.key, event.character))
            elif not await app._check_bindings(event.key, priority=True):
                await super()._on_key(event)  # type: ignore[misc]
                if event._stop_propagation or not await app._check_bindings(event.key):
                    return
            event.stop()
            event.prevent_default()
        finally:
            app._key_done(self)

    def on_unmount(self) -> None:
        self.app._key_done(self)  # type: ignore[attr-defined]  # gone with a key handed to it not handled


class KeysInOrderApp(App):
    """An app that hands keys to a focused `KeysInOrder` widget one at a time, each once the one
    before is done (a key handed on while another is still being handled could land behind the
    keys typed after it, or in a widget the one before took the focus from), and holds them
    while a screen is being opened."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key] = deque()
        self._waiting: asyncio.Task[None] | None = None
        self._busy: KeysInOrder | None = None  # the widget handling a key handed to it

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._route(event)
        else:
            await super().on_event(event)

    async def _route(self, event: events.Key) -> None:
        if self._held or self._busy is not None or not self.screen.is_mounted:
            self._hold(event)
        else:
            await self._deliver(event)

    async def _deliver(self, event: events.Key) -> None:
        if isinstance(self.focused, KeysInOrder):
            self.app_focus = True
            self._busy = self.focused
            self.focused._forward_event(event)
        else:
            await super().on_event(event)

    def _key_done(self, widget: KeysInOrder) -> None:
        """`widget` is done with the key handed to it: the next one held goes on."""
        if self._busy is widget:
            self._busy = None
            if self._held and self._waiting is None:
                self._waiting = asyncio.create_task(self._wait_for(self.screen))

    def _hold(self, event: events.Key) -> None:
        self._held.append(event)
        if self._waiting is None:
            self._waiting = asyncio.create_task(self._wait_for(self.screen))

    async def _wait_for(self, screen: Screen) -> None:
        """Until `screen` is shown and the key handed on before is done, SCREEN_WAIT at most."""
        deadline = monotonic() + SCREEN_WAIT
        while (not screen.is_mounted or self._busy is not None) and monotonic() < deadline:
            await asyncio.sleep(0.005)
        self.call_later(self._release, screen, self._busy)

    async def _release(self, screen: Screen, stuck: KeysInOrder | None = None) -> None:
        """Hand on the keys held for `screen` (shown, or waited for long enough), in turn, each
        once the one before is done; a key among them that opens another screen holds those
        after it again. `stuck`: a widget that has not taken its key within SCREEN_WAIT holds
        nothing back any longer."""
        self._waiting = None
        if stuck is not None and self._busy is stuck:
            self._busy = None
        while self._held and self._busy is None:
            if self.screen is not screen and not self.screen.is_mounted:
                self._waiting = asyncio.create_task(self._wait_for(self.screen))
                return
            await self._deliver(self._held.popleft())
