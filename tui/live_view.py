"""Screens that show what the store holds without changing it (the overdue view, the status
board): worked out off the main thread from a connection of their own, and again whenever another
officer commits, as the items screen follows the store (it polls SQLite's `data_version`)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.screen import Screen

from kiennghi.store import Store

from . import items_screen


class LiveView(Screen[Any]):
    """A read-only screen: `compute(store)` reads and works out what it shows (in a worker
    thread), `show(found)` shows it (on the main thread); `reread()` after the officer changes
    what it shows."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._data_version = store.data_version()

    def on_mount(self) -> None:
        self.reread()
        self.set_interval(items_screen.POLL_SECONDS, self.follow_store)

    def follow_store(self) -> None:
        version = self.store.data_version()
        if version != self._data_version:
            self._data_version = version  # read before the data: a commit meanwhile is seen next time
            self.reread()

    @work(thread=True, exclusive=True, group="live-view")
    def reread(self) -> None:
        with self.store.another() as store:
            found = self.compute(store)
        self.app.call_from_thread(self._show, found)

    def _show(self, found: Any) -> None:
        if self.is_attached:  # not closed meanwhile
            self.show(found)

    def compute(self, store: Store) -> Any:
        raise NotImplementedError

    def show(self, found: Any) -> None:
        raise NotImplementedError
