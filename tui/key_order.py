"""Keys applied in the order they were typed.

Textual (8.2; Textualize/textual#6605) checks a key's priority bindings when the key reaches
the app, hands it to the focused widget, and runs the other bindings (the widget's own and its
screen's and the app's) only once the key has bubbled back up to the app. It takes the next key
meanwhile: keys that come in a burst are then applied out of order. Vietnamese input methods
send such bursts all the time: Unikey turns "nga" and a typed "f" into a Backspace and "à" sent
together, which arrive over SSH in one read, and the field kept "nga" ("Ong", two Backspaces and
"ông Bình" gave "Ongông Bì"). A slow link delivers typed keys together too: a priority key
(Ctrl+S in a form, Enter in a picker) ran before the letters typed ahead of it, a Tab left the
letters after it in the field before, and "1ca" typed at once opened the owner picker and lost
"ca" (the keys had gone to the table, and then to a picker not yet shown).

So the app (`KeysInOrderApp`) lets Textual handle one key at a time, as Textual would, and holds
the keys that come meanwhile, in turn: the next goes on once the one before is done, that is once
its priority binding has run, or once it has passed up from the focused widget through each of
its ancestors to the app (which runs its other bindings) or been stopped on the way, and once
the app has done what the key's actions left to it (Textual moves the focus in a callback). The
app follows a key up with a callback posted to each node behind it: a node takes its messages in
turn, so the callback runs once the node is done with the key. Keys that come while a screen is
being opened wait too, until it is shown (and has focused its field).

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
from textual.message_pump import MessagePump
from textual.screen import Screen

SCREEN_WAIT = 1.0  # seconds: keys wait at most this long for a screen being opened, or a key


class KeysInOrderApp(App):
    """An app that takes each key once the one before is done (a key handed on while another
    was still being handled could land behind the keys typed after it, or in a widget the one
    before took the focus from), and holds keys while a screen is being opened."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key] = deque()
        self._waiting: asyncio.Task[None] | Screen | None = None  # what the held keys wait for
        self._busy: events.Key | None = None  # the key on its way up from the focused widget

    @property
    def keys_done(self) -> bool:
        """Every key typed so far has been handled (none held, none on its way)."""
        return not self._held and self._busy is None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held or self._busy is not None or not self.screen.is_mounted:
                self._hold(event)
            else:
                await self._deliver(event)
        else:
            await super().on_event(event)

    async def _deliver(self, key: events.Key) -> None:
        target = self.focused or self.screen  # where Textual hands a key no priority binding took
        self._busy = key
        await super().on_event(key)
        if key.is_forwarded:
            self._follow(key, target)
        else:  # a priority binding took it: done once what its action left to the app is done
            self.call_later(self._key_done, key)

    def _follow(self, key: events.Key, node: MessagePump) -> None:
        """Once `node` is done with `key`, follow it to the node's parent."""
        if not node.call_later(self._passed, key, node):
            self._key_done(key)  # the node is closing: the key goes no further

    def _passed(self, key: events.Key, node: MessagePump) -> None:
        parent = node.parent
        if parent is self:  # the key is done once the app has handled it, if it got there,
            self.call_later(self.call_later, self._key_done, key)  # and what that left to do
        elif parent is None:
            self._key_done(key)
        else:
            self._follow(key, parent)

    def _key_done(self, key: events.Key) -> None:
        """`key` is done with: the next one held goes on."""
        if self._busy is key:
            self._busy = None
            self._next()

    def _hold(self, key: events.Key) -> None:
        self._held.append(key)
        self._next()

    def _next(self) -> None:
        """The next key held goes on once nothing holds it back any longer: at once if the
        screen is shown and no key is on its way, else once they are, SCREEN_WAIT at most."""
        if not self._held or self._waiting is not None:
            return
        if self.screen.is_mounted and self._busy is None:
            self._waiting = self.screen
            self.call_later(self._release, self.screen)
        else:
            self._waiting = asyncio.create_task(self._wait_for(self.screen))

    async def _wait_for(self, screen: Screen) -> None:
        """Until `screen` is shown and the key before is done, SCREEN_WAIT at most."""
        deadline = monotonic() + SCREEN_WAIT
        while (not screen.is_mounted or self._busy is not None) and monotonic() < deadline:
            await asyncio.sleep(0.005)
        self.call_later(self._release, screen, self._busy)

    async def _release(self, screen: Screen, stuck: events.Key | None = None) -> None:
        """Hand on the keys held for `screen` (shown, or waited for long enough), in turn, each
        once the one before is done; a key among them that opens another screen holds those
        after it again. `stuck`: a key not done with within SCREEN_WAIT (its widget went away
        with it) holds nothing back any longer."""
        self._waiting = None
        if stuck is not None and self._busy is stuck:
            self._busy = None
        while self._held and self._busy is None:
            if self.screen is not screen and not self.screen.is_mounted:
                self._next()
                return
            await self._deliver(self._held.popleft())
