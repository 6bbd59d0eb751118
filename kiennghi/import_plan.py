"""What an import would store, and how each sheet was read: the plan the preview shows.

Pure data: `kiennghi.io` produces it from a file, the store takes its batch, and the CLI and
the app show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import NewItem
from .store import ImportBatch


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Header:
    """The header found: its rows (1-based), and each mapped field's column and label."""

    rows: list[int]
    columns: dict[str, int]
    labels: list[str]
    score: int

    def unmapped(self) -> list[tuple[int, str]]:
        used = set(self.columns.values())
        return [(c, label) for c, label in enumerate(self.labels) if label and c not in used]


@dataclass
class GroupRow:
    row: int
    text: str
    sector: str | None


@dataclass
class SkippedRow:
    row: int
    reason: str
    text: str = ""


@dataclass
class Problem:
    """A cell kiennghi cannot accept: the import is refused until it is fixed."""

    row: int
    column: int
    message: str


@dataclass
class SheetResult:
    """What one sheet yields, and everything the preview shows about how."""

    sheet: str
    source: str
    header: Header | None = None
    groups: list[GroupRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    items: list[NewItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: str | None = None  # why the sheet yields nothing, when it does not
    year_hint: int | None = None
    blank_rows: int = 0


@dataclass
class ImportPlan:
    """Everything an import would store, and how each sheet was read."""

    path: Path
    sha256: str
    year: int
    sheets: list[SheetResult]
    year_source: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[NewItem]:
        return [item for sheet in self.sheets for item in sheet.items]

    def batch(self) -> ImportBatch:
        return ImportBatch(self.path.name, self.sha256, self.year, self.items)
