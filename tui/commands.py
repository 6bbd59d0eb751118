"""The command palette (Ctrl+P): every action of the items screen, found by its words."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider

from kiennghi.triage import entry_haystack, query_matches

from .keys import KEYS, display


class KeyCommands(Provider):
    """One command per key of the items screen, matched without accents."""

    def _commands(self) -> list[tuple[str, str, str]]:
        """The keys' actions the screen allows (a role may not use some: `check_action`)."""
        return [(f"{key.description[0].upper()}{key.description[1:]}", display(key.keys), key.action)
                for key in KEYS if key.action and key.action != "app.palette" and self._allowed(key.action)]

    def _allowed(self, action: str) -> bool:
        namespace, name, parameters = parse(action)
        return bool(namespace) or self.screen.check_action(name, parameters) is not False

    async def discover(self) -> Hits:
        for title, keys, action in self._commands():
            yield DiscoveryHit(title, partial(self.screen.run_action, action), help=f"phím {keys}")

    async def search(self, query: str) -> Hits:
        found = False
        for title, keys, action in self._commands():
            if query_matches(query, entry_haystack(title, action)):
                found = True
                yield Hit(1.0, title, partial(self.screen.run_action, action), help=f"phím {keys}")
        if not found:  # said in Vietnamese, before Textual says "No matches found"
            yield Hit(0.0, Text(f"Không có lệnh nào khớp “{query}”"), self.app.bell,
                      help="gõ từ khác, không cần dấu; ? liệt kê mọi phím")
