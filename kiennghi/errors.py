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
