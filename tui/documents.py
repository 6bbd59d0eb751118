"""The files the app writes and reads besides the store, passed in by the command line (`tui`
does not import `kiennghi.io`): the documents from Word templates (the notice, the review
report), the tracking workbook, and reading it back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from kiennghi.config import Config
from kiennghi.model import Item

if TYPE_CHECKING:  # the app loads these only when a file is written or merged
    from kiennghi.merge import WorkbookRow


@dataclass(frozen=True)
class Documents:
    """`document(record, target, template, pdf)` → paths written (a notice, a review: see
    `kiennghi.io.word.export`); `workbooks(config, items, year,
    target, owner, by_owner)` → (path, items) written; `read_workbook(path, config)` → rows;
    `add_aliases(config, [(list, code, spelling)])` → (config file, backup) or None."""

    document: Callable[[object, Path, Path | None, bool], list[Path]]
    workbooks: Callable[[Config, Sequence[Item], int, Path, str | None, bool], list[tuple[Path, int]]]
    read_workbook: Callable[[Path, Config], list[WorkbookRow]]
    add_aliases: Callable[[Config, list[tuple[str, str, str]]], tuple[Path, Path] | None] | None = None
