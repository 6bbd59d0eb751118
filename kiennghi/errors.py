"""Errors that reach the officer: each carries a complete Vietnamese message."""

from __future__ import annotations


class KienNghiError(Exception):
    """An error the officer can act on; `str(error)` is the whole message, in Vietnamese."""


class ConfigError(KienNghiError):
    """The configuration file is missing, malformed or invalid."""


class InputError(KienNghiError):
    """A file given to kiennghi cannot be read as what it should be."""


class StoreError(KienNghiError):
    """The store refused an operation."""


class StaleEdit(StoreError):
    """An edit based on an old version of an item: another officer changed it first.

    `versions` maps each stale item to its current version; `changes` are the change-log rows
    (as dicts, with `item_id`) made since the version the officer saw.
    """

    def __init__(self, message: str, versions: dict[str, int], changes: list[dict]) -> None:
        super().__init__(message)
        self.versions = versions
        self.changes = changes


class TouchedItems(StoreError):
    """Taking an import back was refused: some of its items were triaged or edited since it was
    imported (`item_ids`, in their order); taking it back by force hides them all the same."""

    def __init__(self, message: str, item_ids: list[str]) -> None:
        super().__init__(message)
        self.item_ids = item_ids


class AccessDenied(KienNghiError):
    """The server's file permissions refuse what the officer asked: the message names the path,
    whose it is, and what to ask the administrator (`kiennghi.access.denied`)."""


class Undecided(KienNghiError):
    """A signed notice was refused: some items are not triaged yet (`item_ids`); a draft may
    count them."""

    def __init__(self, message: str, item_ids: list[str]) -> None:
        super().__init__(message)
        self.item_ids = item_ids


class NotPermitted(StoreError):
    """The officer's role (config.toml's `[roles]`, `kiennghi.roles`) does not allow what was
    asked: the message says who asked, what the role allows and whom to ask; `action` is what
    was refused ("edit", or one of `kiennghi.roles.ACTIONS`), `items` the items it concerned."""

    def __init__(self, message: str, action: str, items: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.action = action
        self.items = items
