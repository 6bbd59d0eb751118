"""Merging the staff's edits of a tracking workbook back into the store.

For each row (matched by item ID) and each field, three values are compared: the cell, the value
the workbook was exported with (the row's version, rebuilt from the change log), and the store's
value now. Changed only in the workbook: applied. Changed in both, differently: a conflict, left
alone and reported. Everything else: nothing to do. So merging the same file twice changes
nothing the second time, and an officer's change made since the export is never overwritten.
A row of an item hidden since the export is reported and left alone. A cell holding a formula
saved without its value is invalid, never an edit: it reads as empty, and would clear the field.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from .config import Config
from .fields import EDITABLE, FIELD, Date, ItemRef, Kind
from .model import Conference, Item, NewItem, Origin
from .store import Edit, Store
from .describe import shown
from .text import clean_cell, excerpt

_ID = re.compile(r"^KN-(\d{4})-\d{3,}$")
# A cell holding a formula saved without its value (import and merge alike refuse it).
UNCOMPUTED = ("ô có công thức mà không có giá trị đã tính (tệp do một chương trình không tính công thức lưu): "
              "hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi làm lại")


@dataclass
class WorkbookRow:
    """One row of the workbook: sheet, row number (as Excel shows it), its cells' values, and
    per field the cell's place in them and its column letter (`columns`, one dict for all the
    rows of a sheet); `uncomputed`: the fields whose cell holds a formula saved without its
    value (read as empty)."""

    sheet: str
    number: int
    cells: Sequence[object]
    columns: dict[str, tuple[int, str]]
    uncomputed: frozenset[str] = frozenset()

    def fields(self) -> Iterator[tuple[str, str, object]]:
        """Each field the row has: its name, column letter and cell value."""
        cells = self.cells
        return ((name, letter, cells[c]) for name, (c, letter) in self.columns.items())

    def raw(self, name: str, default: object = "") -> object:
        """The value of the field's cell (`default` when the sheet has no such column)."""
        found = self.columns.get(name)
        return default if found is None else self.cells[found[0]]

    def letter(self, name: str, default: str = "?") -> str:
        """The field's column letter (`default` when the sheet has no such column)."""
        found = self.columns.get(name)
        return default if found is None else found[1]


@dataclass(frozen=True)
class Invalid:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"trang “{self.sheet}”, dòng {self.row}, cột {self.column}: {self.message}"


@dataclass(frozen=True)
class FieldChange:
    """A field the workbook changes: applied (or, for a conflict, not) with the values compared."""

    item_id: str
    field: str
    row: int
    column: str
    workbook: Any
    store: Any
    exported: Any


@dataclass
class MergePlan:
    """What merging a workbook would do; nothing is written until the store applies `edits()`."""

    file_name: str
    year: int | None
    changes: list[FieldChange] = field(default_factory=list)
    conflicts: list[FieldChange] = field(default_factory=list)
    # The changes of rows whose petition's words differ from the store's (a locked column edited,
    # or a row slid against its ID): none merged.
    locked: list[FieldChange] = field(default_factory=list)
    invalid: list[Invalid] = field(default_factory=list)
    new_rows: list[tuple[int, NewItem]] = field(default_factory=list)
    hidden: list[tuple[int, Item]] = field(default_factory=list)  # rows of items hidden: not merged
    added: list[tuple[int, Item]] = field(default_factory=list)  # new rows an earlier merge added
    rows: int = 0
    versions: dict[str, int] = field(default_factory=dict)  # each changed item's version when read

    def edits(self, accepted: Callable[[FieldChange], bool] = lambda change: True) -> list[Edit]:
        """The store edits for the accepted changes, one per item, based on the versions read."""
        by_item: dict[str, dict[str, Any]] = {}
        for change in self.changes:
            if accepted(change):
                by_item.setdefault(change.item_id, {})[change.field] = change.workbook
        return [Edit(item_id, values, self.versions[item_id]) for item_id, values in by_item.items()]

    def summary(self) -> str:
        items = len({c.item_id for c in self.changes})
        text = (f"{self.rows} dòng; áp dụng {len(self.changes)} thay đổi trên {items} ý kiến; "
                f"xung đột {len(self.conflicts)}; không hợp lệ {len(self.invalid)}")
        if self.locked:
            text += f"; {len({c.row for c in self.locked})} dòng có cột khóa khác với cơ sở dữ liệu (không gộp)"
        if self.new_rows:
            text += f"; {len(self.new_rows)} dòng mới chưa có mã"
        if self.hidden:
            text += f"; {len(self.hidden)} dòng của ý kiến đã ẩn (không gộp)"
        if self.added:
            text += f"; {len(self.added)} dòng mới đã thêm ở lần gộp trước"
        return text

    @property
    def empty(self) -> bool:
        """Nothing in the workbook differs from the store."""
        return not (self.changes or self.new_rows or self.conflicts or self.locked or self.invalid or self.hidden
                    or self.added)

    def notes(self, config: Config, width: int = 80) -> list[str]:
        """What is not merged, in words (conflicts, the petition's words changed, rows of hidden
        items), values cut to `width` characters."""
        def words(change: FieldChange, value: Any) -> str:
            return excerpt(shown(config, change.field, value), width)

        notes = [f"Xung đột {c.item_id}, {FIELD[c.field].label} (dòng {c.row}, cột {c.column}): "
                 f"trong sổ “{words(c, c.workbook)}”, trong cơ sở dữ liệu “{words(c, c.store)}” "
                 f"(lúc xuất: “{words(c, c.exported)}”); chưa gộp" for c in self.conflicts]
        rows: dict[int, list[FieldChange]] = {}
        for change in self.locked:
            rows.setdefault(change.row, []).append(change)
        for number, row in rows.items():
            petition = [c for c in row if FIELD[c.field].petition]
            first = petition[0]
            notes.append(f"Không gộp dòng {number} ({first.item_id}): {FIELD[first.field].label} trong sổ "
                         f"“{words(first, first.workbook)}” khác với ý kiến {first.item_id} trong cơ sở dữ liệu "
                         f"“{words(first, first.store)}” (cột {first.column}, cột khóa giữ lời ý kiến như khi nhập). "
                         f"Dòng có thể bị lệch so với mã (sắp xếp riêng một cột): không gộp gì của dòng này"
                         f"{f' ({len(row) - len(petition)} thay đổi khác)' if len(row) > len(petition) else ''}. "
                         "Muốn sửa lời ý kiến thì sửa trong kiennghi (phím e, hoặc kiennghi set)")
        notes += [f"Không gộp dòng {row}: {item.id} đã bị {item.deleted_by} ẩn (xóa) ngày {item.deleted_at[:10]}"
                  for row, item in self.hidden]
        notes += [f"Không thêm lại dòng {row}: lần gộp trước đã thêm nó thành {item.id}" for row, item in self.added]
        return notes


class _CellReader:
    """Cell values to field values, checked (see `Kind.from_cell`). Coded fields repeat a few
    values many times over, so each (field, cell) is read once. A date typed without a year
    ("20/11") is one of the conference of the row's year (see `parse_date`)."""

    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self.known: dict[tuple[str, object, int | None], Any] = {}
        self.conferences: dict[int, Conference] = {}

    def value(self, name: str, raw: object, year: int | None) -> Any:
        """The value a cell of a row of `year` gives a field; ValueError with the reason when it cannot."""
        field = FIELD[name]
        if type(field.kind) is Kind and type(raw) is str:
            return raw  # cells arrive cleaned (NFC, trimmed) from the sheet reader
        dated = isinstance(field.kind, Date)
        key = (name, raw, year if dated else None)  # cells hold text, numbers, dates or booleans
        if key not in self.known:
            try:
                self.known[key] = field.kind.from_cell(self.config, field, raw,
                                                       self.conference(year) if dated else None)
            except ValueError as error:
                self.known[key] = error
        found = self.known[key]
        if isinstance(found, ValueError):
            raise found
        return found

    def conference(self, year: int | None) -> Conference | None:
        if year is None:
            return None
        if year not in self.conferences:
            self.conferences[year] = self.store.conference(year) or Conference(year)
        return self.conferences[year]


def _row_id(row: WorkbookRow) -> str:
    raw = row.raw("id")
    return clean_cell(str(raw)).upper() if raw not in (None, "") else ""


def plan_merge(config: Config, file_name: str, rows: list[WorkbookRow], store: Store,
               year: int | None = None) -> MergePlan:
    """Compare the workbook's `rows` with the items in `store` (by ID); the values each row was
    exported with are rebuilt from the change log for the row's version. Reads, never writes.
    Rows without an ID are items of `year`, by default the year most of the IDs name."""
    ids = {_row_id(row) for row in rows} - {""}
    years = Counter(int(m.group(1)) for item_id in ids if (m := _ID.match(item_id)))
    plan = MergePlan(file_name, year or (years.most_common(1)[0][0] if years else None), rows=len(rows))
    items = {item.id: item for item in store.items_by_id(ids)}
    cells = _CellReader(config, store)
    matched: list[tuple[WorkbookRow, Item]] = []
    exported_versions: dict[str, int] = {}
    seen: dict[str, int] = {}
    for row in rows:
        plan.invalid += [Invalid(row.sheet, row.number, row.letter(name), UNCOMPUTED) for name in row.uncomputed]
        if row.uncomputed & {"id", "version"}:  # which item, or which version of it: not known
            continue
        item_id = _row_id(row)
        if not item_id:
            _new_row(plan, row, cells)
            continue
        letter = row.letter("id")
        if item_id in seen:
            plan.invalid.append(Invalid(row.sheet, row.number, letter,
                                        f"mã {excerpt(item_id, 40)} trùng với dòng {seen[item_id]}"))
            continue
        seen[item_id] = row.number
        item = items.get(item_id)
        if item is None:
            plan.invalid.append(Invalid(row.sheet, row.number, letter,
                                        f"mã “{excerpt(item_id, 40)}” không có trong cơ sở dữ liệu"))
            continue
        if item.hidden:
            plan.hidden.append((row.number, item))
            continue
        version_letter, raw_version = row.letter("version"), row.raw("version")
        version = raw_version if isinstance(raw_version, int) else None
        if isinstance(raw_version, str) and raw_version.strip().isdigit():
            version = int(raw_version)
        if version is None or not 1 <= version <= item.version:
            plan.invalid.append(Invalid(row.sheet, row.number, version_letter,
                                        f"phiên bản “{raw_version}” của {item_id} không đúng (cột này không được sửa)"))
            continue
        matched.append((row, item))
        exported_versions[item.id] = version
    # Only items changed since their row was exported need their values of then.
    before = store.values_at({i: v for i, v in exported_versions.items() if v < items[i].version})
    pending: dict[str, dict[str, Any]] = defaultdict(dict)  # the links the rows above write: a round between rows
    for row, item in matched:
        found: list[FieldChange] = []
        then = before.get(item.id, {})
        for name, letter, raw in row.fields():
            if name not in EDITABLE or name in row.uncomputed:
                continue
            try:
                value = cells.value(name, raw, item.year)
            except ValueError as error:
                plan.invalid.append(Invalid(row.sheet, row.number, letter, f"{item.id}: {error}"))
                continue
            kind = FIELD[name].kind
            if value and isinstance(kind, ItemRef) and kind.chained and item.id not in (
                    chain := store.followed(value, name, pending[name])):
                value = chain[-1]  # as the store writes it: the concern's first item
            current = getattr(item, name)
            if value == current:  # most cells: the same to any kind (`Kind.same` holds for equal values)
                continue
            base = then.get(name, current)
            if not (FIELD[name].kind.same(value, base) or FIELD[name].kind.same(value, current)):
                if why := store.bad_link(item, name, value, pending[name]):  # another item's ID that cannot be
                    plan.invalid.append(Invalid(row.sheet, row.number, letter, f"{item.id}: {why}"))
                    continue
                pending[name][item.id] = value
                found.append(FieldChange(item.id, name, row.number, letter, value, current, base))
        if any(FIELD[change.field].petition for change in found):
            # The petition's words differ from the ID's: staff edited a locked column, or the
            # row slid against its ID (one column sorted alone). Nothing of it is merged.
            plan.locked += found
            continue
        for change in found:
            same = FIELD[change.field].kind.same
            (plan.changes if same(change.store, change.exported) else plan.conflicts).append(change)
    plan.versions = {item_id: items[item_id].version for item_id in {c.item_id for c in plan.changes}}
    _added_before(plan, store)
    return plan


def _added_before(plan: MergePlan, store: Store) -> None:
    """New rows that an earlier merge of this file already added (the same file, sheet, row and
    content) are not new: merging the same workbook twice adds nothing the second time."""
    if not plan.new_rows or plan.year is None:
        return
    earlier = {(i.origin.file, i.origin.sheet, tuple(i.origin.rows), i.content): i for i in store.items(plan.year)}
    fresh = []
    for number, new in plan.new_rows:
        found = earlier.get((new.origin.file, new.origin.sheet, tuple(new.origin.rows), new.content))
        if found is None:
            fresh.append((number, new))
        else:
            plan.added.append((number, found))
    plan.new_rows = fresh


def _new_row(plan: MergePlan, row: WorkbookRow, cells: _CellReader) -> None:
    """A row without an ID: a new item of the plan's year, when its cells are valid and it has content."""
    new = NewItem(content="", source="hoi-nghi", origin=Origin(plan.file_name, row.sheet, [row.number]))
    problems = 0
    for name, letter, raw in row.fields():
        if name not in EDITABLE or isinstance(FIELD[name].kind, ItemRef) or name in row.uncomputed:
            continue
        try:
            setattr(new, name, cells.value(name, raw, plan.year))
        except ValueError as error:
            plan.invalid.append(Invalid(row.sheet, row.number, letter, f"dòng mới: {error}"))
            problems += 1
    if not new.content:
        if any(raw not in ("", None) for name, _, raw in row.fields() if name in EDITABLE):
            letter = row.letter("content")
            plan.invalid.append(Invalid(row.sheet, row.number, letter, "dòng mới không có mã và không có nội dung"))
        return
    if not problems:
        plan.new_rows.append((row.number, new))
