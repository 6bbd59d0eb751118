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
being opened wait too, until it is shown (and has focused its field). So do a paste and a click
that come among keys (a slow link sends them together): a paste goes to the focused field, a
click to the screen, which focuses what it hits; keys typed before them stay where they were.

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

SCREEN_WAIT = 1.0  # seconds: keys wait at most this long for a screen being opened
KEY_WAIT = 5.0  # seconds: and for the key before (lost, if it is not done by then)
# What the officer does, in the order done: typed, pasted, clicked.
Input = events.Key | events.Paste | events.MouseDown | events.MouseUp


class KeysInOrderApp(App):
    """An app that takes each key (a paste, a click) once the one before is done (a key handed
    on while another was still being handled could land behind the keys typed after it, or in a
    widget the one before took the focus from), and holds them while a screen is being opened."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[Input] = deque()
        self._waiting: asyncio.Task[None] | Screen | None = None  # what the held keys wait for
        self._busy: Input | None = None  # the key on its way up from the focused widget
        self._lost: asyncio.TimerHandle | None = None  # when it is taken for lost

    @property
    def keys_done(self) -> bool:
        """Every key the app has taken from its queue so far is done with (none held, none on
        its way); keys still queued behind other messages are not counted."""
        return not self._held and self._busy is None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, Input) and not event.is_forwarded:
            if self._held or self._busy is not None or not self.screen.is_mounted:
                self._hold(event)
            else:
                await self._deliver(event)
        else:
            await super().on_event(event)

    async def _deliver(self, event: Input) -> None:
        # Where Textual hands it when no priority binding takes it: the focused widget, or the
        # screen (which hands a click to the widget under the mouse).
        target = self.screen if isinstance(event, events.MouseEvent) else self.focused or self.screen
        self._busy = event
        self._lost = asyncio.get_running_loop().call_later(KEY_WAIT, self._key_done, event)
        await super().on_event(event)
        if event.is_forwarded:
            self._follow(event, target)
        else:  # a priority binding took it: done once what its action left to the app is done
            self.call_later(self._key_done, event)

    def _follow(self, event: Input, node: MessagePump) -> None:
        """Once `node` is done with `event`, follow it to the node's parent."""
        if not node.call_later(self._passed, event, node):
            self._key_done(event)  # the node is closing: the key goes no further

    def _passed(self, event: Input, node: MessagePump) -> None:
        parent = node.parent
        if parent is self:  # the key is done once the app has handled it, if it got there,
            self.call_later(self.call_later, self._key_done, event)  # and what that left to do
        elif parent is None:
            self._key_done(event)
        else:
            self._follow(event, parent)

    def _key_done(self, event: Input) -> None:
        """`event` is done with (or lost, KEY_WAIT after it went on): the next one held goes on."""
        if self._busy is event:
            self._busy = None
            if self._lost is not None:
                self._lost.cancel()
            self._next()

    def _hold(self, event: Input) -> None:
        self._held.append(event)
        self._next()

    def _next(self) -> None:
        """The next key held goes on once nothing holds it back: at once if the screen is shown
        and no key is on its way; once the screen is shown (SCREEN_WAIT at most); or when the
        key on its way is done (`_key_done` calls this again)."""
        if not self._held or self._waiting is not None or self._busy is not None:
            return
        if self.screen.is_mounted:
            self._waiting = self.screen
            self.call_later(self._release, self.screen)
        else:
            self._waiting = asyncio.create_task(self._wait_for(self.screen))

    async def _wait_for(self, screen: Screen) -> None:
        """Until `screen` is shown, SCREEN_WAIT at most."""
        deadline = monotonic() + SCREEN_WAIT
        while not screen.is_mounted and monotonic() < deadline:
            await asyncio.sleep(0.005)
        self.call_later(self._release, screen)

    async def _release(self, screen: Screen) -> None:
        """Hand on the keys held for `screen` (shown, or waited for long enough), in turn, each
        once the one before is done; a key among them that opens another screen holds those
        after it again."""
        self._waiting = None
        while self._held and self._busy is None:
            if self.screen is not screen and not self.screen.is_mounted:
                self._next()
                return
            await self._deliver(self._held.popleft())
