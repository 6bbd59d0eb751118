"""What an import would store, and how each sheet was read: the plan the preview shows.

Pure data: `kiennghi.io` produces it from a file, the store takes its batch, and the CLI and
the app show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import NewItem
from .text import fold, shown_name
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
class LayoutChoices:
    """What the officer says of a sheet where kiennghi is unsure, applied over what it found.

    `columns`: column (0-based) → field name, or "" for a column to leave out; `rows`: row
    (1-based) → "item", "group" or "skip"; `end`: the table's last row; `values`: a text as folded
    (`kiennghi.text.fold`) → the code it stands for, in whichever list the field it appears in
    takes its codes from.
    """

    columns: dict[int, str] = field(default_factory=dict)
    rows: dict[int, str] = field(default_factory=dict)
    end: int | None = None
    values: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set, compare=False)  # the values a reading looked up

    def __bool__(self) -> bool:
        return bool(self.columns or self.rows or self.end or self.values)

    def value(self, text: str) -> str | None:
        """The code the officer said `text` stands for, if any (remembered as used)."""
        key = fold(text)
        code = self.values.get(key)
        if code is not None:
            self.used.add(key)
        return code


@dataclass(frozen=True)
class Mark:
    """What an "x" in a check column means: a field and its value, from the column's label."""

    field: str  # "jurisdiction", "status" (a code) or "proposed" (the unit's name as written)
    value: str
    label: str


@dataclass
class Header:
    """The header found: its rows (1-based), and each mapped field's column and label.

    `labels` are the header's labels (the lower row's where the header has two), `upper` the
    upper row's, carried across merged cells; `marks` the check columns; `split` a column
    holding both the submitter and the place ("Ông A, TDP 5"); `guessed` the columns known by
    their content alone; `chosen` the columns the officer named.
    """

    rows: list[int]
    columns: dict[str, int]
    labels: list[str]
    score: int
    upper: list[str] = field(default_factory=list)
    marks: dict[int, Mark | None] = field(default_factory=dict)
    split: int | None = None
    guessed: dict[int, str] = field(default_factory=dict)
    chosen: set[int] = field(default_factory=set)

    def field_of(self, column: int) -> str | None:
        return next((name for name, c in self.columns.items() if c == column), None)

    def signature(self) -> str:
        """The shape of this header, the same for every sheet laid out the same way."""
        return fold(" | ".join(self.labels)) + (" || " + fold(" | ".join(self.upper)) if self.upper != self.labels else "")


@dataclass
class GroupRow:
    """A heading row: a sector's group, a sub-heading within one (`sub`), a residential group's
    or the start of the items raised at the conference. `alternatives`: the other sectors a
    heading names ("GIÁO DỤC, Y TẾ")."""

    row: int
    text: str
    sector: str | None
    alternatives: tuple[str, ...] = ()
    sub: bool = False


@dataclass
class Doubt:
    """Something kiennghi is not sure of in a sheet: shown in the preview for the officer to
    confirm or fix (`LayoutChoices`). `kind`, for tests and tools: header-below-items,
    column-disagrees, unknown-value, two-sectors, no-sector, looks-like-name,
    looks-like-signature, looks-like-total, continuation-looks-like-item, mark-conflict,
    items-after-end, looks-like-item, not-a-petition, loose-row, repeated-sheet, source-unsure."""

    kind: str
    message: str
    row: int | None = None  # 1-based
    column: int | None = None  # 0-based


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
    doubts: list[Doubt] = field(default_factory=list)
    ignored: str | None = None  # why the sheet yields nothing, when it does not
    year_hint: int | None = None
    blank_rows: int = 0
    remembered: str | None = None  # when the officer's saved column choices were applied

    @property
    def confidence(self) -> int:
        """0-100: how sure kiennghi is of this sheet's reading. Each doubtful row weighs as
        one item; a doubtful column as a tenth of the sheet; a guessed content column a third."""
        if self.ignored or self.header is None:
            return 100 if self.ignored else 0
        size = max(1, len(self.items))
        rows = {d.row for d in self.doubts if d.row is not None and d.column is None}
        columns = {d.column for d in self.doubts if d.column is not None}
        loss = len(rows) / size + 0.1 * len(columns)
        content = self.header.columns.get("content")
        if content in self.header.guessed:
            loss += 1 / 3
        return max(0, round(100 * (1 - loss)))


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

    @property
    def doubts(self) -> list[tuple[str, Doubt]]:
        return [(sheet.sheet, doubt) for sheet in self.sheets for doubt in sheet.doubts]

    @property
    def problems(self) -> list[tuple[str, Problem]]:
        return [(sheet.sheet, problem) for sheet in self.sheets for problem in sheet.problems]

    def batch(self) -> ImportBatch:
        return ImportBatch(shown_name(self.path), self.sha256, self.year, self.items)
