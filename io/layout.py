"""Reading the items out of a sheet laid out by hand, as MTTQ and office staff make them.

A sheet is a grid of cells. This module finds the header row (below title rows; possibly two
merged rows; possibly followed by a row of column numbers), maps the columns to fields through
the configured aliases, and walks the rows below: group rows ("I. LĨNH VỰC ĐÔ THỊ") set the
sector of the items under them, continuation rows (no STT, text only) join the item above,
blank rows are passed over and the footer (place and date, signatures) ends the table.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Callable

from kiennghi.config import Catalog, Config, Entry
from kiennghi.dates import as_date
from kiennghi.import_plan import GroupRow, Header, Problem, SheetResult, SkippedRow
from kiennghi.model import NewItem, Origin
from kiennghi.text import excerpt, fold

HEADER_SEARCH_ROWS = 40
MAX_HEADER_LABEL = 80

_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_ROMAN = re.compile(r"^(?=[IVXLC])(X{0,3})(IX|IV|V?I{0,3})$")
_GROUP_PREFIX = re.compile(r"^\s*(?P<num>[IVXLC]+|[A-Z])\s*[.)/:-]?\s+(?P<rest>\S.*)$", re.S)
_DATE_LINE = re.compile(r"\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\b")
_SIGNATURE = re.compile(
    r"^(tm|t m|kt|tl|t l|tuq|chu tich|pho chu tich|nguoi lap( bieu)?|truong ban|pho truong ban"
    r"|noi nhan|xac nhan|thu truong|can bo tong hop|bi thu|pho bi thu)\b"
)
_YEAR = re.compile(r"\bnam (20\d\d)\b")
_RESIDENTIAL_GROUP = re.compile(r"^(to dan pho|tdp|khu dan cu|cum dan cu)\b")

# Fields whose text is mapped to a code of a configured list.
_CODED = {"sector": "sectors", "jurisdiction": "jurisdictions", "owner": "units",
          "forward_to": "bodies", "status": "statuses"}
_TEXT_FIELDS = ("content", "to_dan_pho", "submitter", "response", "roadmap", "reason", "note")


def cell_text(value: object) -> str:
    """A cell as text: "" for empty, dates as dd/mm/yyyy, whole numbers without ".0"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != datetime.min.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- header -----------------------------------------------------------------------------------


class ColumnMatcher:
    """Maps header labels to fields by the configured aliases, ignoring accents and case."""

    def __init__(self, aliases: dict[str, tuple[str, ...]]) -> None:
        self._aliases = {name: [fold(a) for a in spellings if fold(a)] for name, spellings in aliases.items()}

    def score(self, label: str, name: str) -> int:
        key = fold(label)
        if not key or len(label) > MAX_HEADER_LABEL:
            return 0
        best = 0
        for alias in self._aliases[name]:
            if key == alias:
                return 3
            if key.startswith(alias + " "):
                best = max(best, 2)
            elif f" {alias} " in f" {key} ":
                best = max(best, 1)
        return best

    def map(self, labels: list[str]) -> tuple[dict[str, int], int]:
        """Each field to at most one column and back, best matches first; and the total score."""
        candidates = sorted(
            ((self.score(label, name), -c, name, c)
             for c, label in enumerate(labels) if label for name in self._aliases),
            reverse=True,
        )
        columns: dict[str, int] = {}
        taken: set[int] = set()
        total = 0
        for score, _, name, c in candidates:
            if score and name not in columns and c not in taken:
                columns[name] = c
                taken.add(c)
                total += score
        return columns, total


def find_header(rows: list[list[object]], matcher: ColumnMatcher) -> Header | None:
    """The best header in the first rows: the one mapping most fields, with a content column."""
    best: Header | None = None
    for r in range(min(len(rows), HEADER_SEARCH_ROWS)):
        labels = [cell_text(value) for value in rows[r]]
        if sum(1 for label in labels if label) < 2:
            continue
        options = [([r], labels)]
        if r + 1 < len(rows) and _is_subheader(rows[r + 1]):
            lower = [cell_text(value) for value in rows[r + 1]]
            width = max(len(labels), len(lower))
            combined = [
                (lower[c] if c < len(lower) and lower[c] else (labels[c] if c < len(labels) else ""))
                for c in range(width)
            ]
            options.append(([r, r + 1], combined))
        for header_rows, header_labels in options:
            columns, score = matcher.map(header_labels)
            if "content" not in columns:
                continue
            if best is None or score > best.score:
                best = Header([i + 1 for i in header_rows], columns, header_labels, score)
    return best


def _is_subheader(row: list[object]) -> bool:
    """A second header row: short text labels only, no numbers (not an item, not (1) (2))."""
    labels = [cell_text(value) for value in row if cell_text(value)]
    return bool(labels) and all(
        isinstance(value, str) and len(value) <= MAX_HEADER_LABEL and not _COLUMN_NUMBER.match(value)
        for value in row if cell_text(value)
    )


def closest_header_candidate(rows: list[list[object]]) -> tuple[int, list[str]] | None:
    """The row that looks most like a header (most short text cells), for the error message."""
    best = None
    for r in range(min(len(rows), HEADER_SEARCH_ROWS)):
        labels = [cell_text(v) for v in rows[r] if isinstance(v, str) and 0 < len(v) <= MAX_HEADER_LABEL]
        if labels and (best is None or len(labels) > len(best[1])):
            best = (r + 1, labels)
    return best


# --- rows ---------------------------------------------------------------------------------------


def is_column_number_row(texts: list[str]) -> bool:
    values = [t for t in texts if t]
    return len(values) >= 2 and all(_COLUMN_NUMBER.match(t) for t in values) and len(set(values)) == len(values)


def is_footer_row(texts: list[str]) -> bool:
    """Place and date ("Phúc Lợi, ngày 20 tháng 10 năm 2025") or a signature line."""
    for text in texts:
        key = fold(text)
        if len(text) <= 80 and (_DATE_LINE.search(key) or _SIGNATURE.match(key)):
            return True
    return False


def group_heading(stt: str, texts: list[str], content: str) -> str | None:
    """The heading of a group row, or None when the row is not one.

    "I" + "LĨNH VỰC ĐÔ THỊ" in two cells, "I. LĨNH VỰC ĐÔ THỊ" in one, or an unnumbered
    heading in capitals alone on its row.
    """
    filled = [t for t in texts if t]
    if stt and _ROMAN.match(stt.rstrip(".")) and content:
        others = [t for t in filled if t not in (stt, content)]
        return content if not others else None
    if len(filled) == 1:
        match = _GROUP_PREFIX.match(filled[0])
        if match and (_ROMAN.match(match["num"]) or len(match["num"]) == 1) and not stt.isdigit():
            return match["rest"].strip()
        if filled[0] == content and not stt and content.upper() == content and any(ch.isalpha() for ch in content):
            return content
    return None


class SheetParser:
    """Turns one sheet's rows into items, with everything the preview needs to explain it."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.matcher = ColumnMatcher(config.columns)
        self._conference_keys = [fold(name) for name in config.conference_sheets]
        self._skip_keys = [fold(name) for name in config.skip_sheets]

    def is_conference(self, name: str) -> bool:
        key = f" {fold(name)} "
        return any(f" {k} " in key for k in self._conference_keys if k)

    def parse(self, name: str, rows: list[list[object]], file_name: str, source: str | None) -> SheetResult:
        sheet_source = source or ("hoi-nghi" if self.is_conference(name) else "mttq")
        result = SheetResult(sheet=name, source=sheet_source)
        key = f" {fold(name)} "
        if any(f" {k} " in key for k in self._skip_keys if k):
            result.ignored = "trang hướng dẫn, không chứa ý kiến"
            return result
        if not any(cell_text(v) for row in rows for v in row):
            result.ignored = "trang trống"
            return result
        header = find_header(rows, self.matcher)
        if header is None:
            result.ignored = "không tìm thấy hàng tiêu đề có cột nội dung"
            return result
        result.header = header
        result.year_hint = _year_hint(rows[: header.rows[0] - 1], name)
        _RowWalker(self.config, result, rows, header, file_name, self.is_conference).walk()
        if not result.items and not result.problems:
            result.ignored = "có hàng tiêu đề nhưng không có ý kiến nào bên dưới"
        return result


def _year_hint(title_rows: list[list[object]], sheet_name: str) -> int | None:
    for text in [cell_text(v) for row in title_rows for v in row] + [sheet_name]:
        if match := _YEAR.search(fold(text)):
            return int(match.group(1))
    match = re.search(r"\b(20\d\d)\b", sheet_name)
    return int(match.group(1)) if match else None


class _RowWalker:
    """One pass over the rows under the header."""

    def __init__(self, config: Config, result: SheetResult, rows: list[list[object]],
                 header: Header, file_name: str, is_conference: Callable[[str], bool]) -> None:
        self.config = config
        self.result = result
        self.rows = rows
        self.columns = header.columns
        self.start = header.rows[-1]  # 0-based index of the first row under the header
        self.file_name = file_name
        self.sector: str | None = None
        self.source = result.source
        self._conference = is_conference
        self.text_columns = [(name, self.columns[name]) for name in _TEXT_FIELDS[1:] if name in self.columns]
        self.coded_fields = [(name, catalog) for name, catalog in _CODED.items() if name in self.columns]
        labels = header.labels
        self.header_key = tuple(fold(labels[self.columns[name]]) if name in self.columns else ""
                                for name in ("stt", "content"))
        self.to_dan_pho = ""  # from group rows that name a residential group

    def value(self, row: list[object], name: str) -> object:
        c = self.columns.get(name)
        return row[c] if c is not None and c < len(row) else ""

    def text(self, row: list[object], name: str) -> str:
        return cell_text(self.value(row, name))

    def walk(self) -> None:
        result = self.result
        footer = False
        for index in range(self.start, len(self.rows)):
            row = self.rows[index]
            number = index + 1
            stt = self.text(row, "stt")
            content = self.text(row, "content")
            if stt.isdigit() and content and not content.isdigit() and not footer:
                self.item(number, row, stt, content)  # the common case: a numbered item
                continue
            texts = [cell_text(v) for v in row]
            if not any(texts):
                result.blank_rows += 1
                continue
            if footer:
                result.skipped.append(SkippedRow(number, "chân trang", _excerpt(texts)))
                continue
            if is_column_number_row(texts):
                result.skipped.append(SkippedRow(number, "hàng đánh số cột", _excerpt(texts)))
                continue
            if (fold(stt), fold(content)) == self.header_key:
                result.skipped.append(SkippedRow(number, "hàng tiêu đề lặp lại", _excerpt(texts)))
                continue
            if not stt and result.items and is_footer_row(texts):
                footer = True
                result.skipped.append(SkippedRow(number, "chân trang (nơi, ngày, chữ ký)", _excerpt(texts)))
                continue
            heading = group_heading(stt, texts, content)
            if heading is not None:
                self.group(number, heading)
                continue
            if content and (stt or "stt" not in self.columns or not result.items):
                self.item(number, row, stt, content)
            elif content:
                self.continuation(number, row)
            elif stt:
                result.skipped.append(SkippedRow(number, f"STT {stt} nhưng không có nội dung", _excerpt(texts)))
            else:
                result.skipped.append(SkippedRow(number, "không có nội dung", _excerpt(texts)))

    def group(self, number: int, heading: str) -> None:
        """A group row: a sector's heading, a residential group's ("TỔ DÂN PHỐ SỐ 5"), or the
        start of the items raised at the conference."""
        if self._conference(heading):
            self.source = "hoi-nghi"
        if _RESIDENTIAL_GROUP.match(fold(heading)) and self.config.sectors.match(heading) is None:
            self.to_dan_pho = heading
            self.result.groups.append(GroupRow(number, heading, None))
            return
        entry = self.config.sectors.match(heading)
        self.sector = entry.code if entry else None
        self.result.groups.append(GroupRow(number, heading, self.sector))

    def item(self, number: int, row: list[object], stt: str, content: str) -> None:
        item = NewItem(
            content=content,
            stt=stt or None,
            source=self.source,
            sector=self.sector,
            origin=Origin(self.file_name, self.result.sheet, [number]),
        )
        width = len(row)
        for name, c in self.text_columns:
            value = row[c] if c < width else ""
            if value != "":
                setattr(item, name, value if type(value) is str else cell_text(value))
        if not item.to_dan_pho:
            item.to_dan_pho = self.to_dan_pho
        for name, catalog_name in self.coded_fields:
            text = self.text(row, name)
            if text:
                entry = self.lookup(getattr(self.config, catalog_name), text, number, name)
                if entry is not None:
                    setattr(item, name, entry.code)
        owners = self.text(row, "co_owners") if "co_owners" in self.columns else ""
        if owners:
            item.co_owners = [
                entry.code for part in re.split(r"[;\n]+", owners) if part.strip()
                if (entry := self.lookup(self.config.units, part, number, "co_owners")) is not None
            ]
        deadline = self.value(row, "deadline") if "deadline" in self.columns else ""
        if cell_text(deadline):
            try:
                item.deadline = as_date(deadline)
            except ValueError as error:
                self.problem(number, "deadline", f"hạn giải quyết {error}")
        self.result.items.append(item)

    def continuation(self, number: int, row: list[object]) -> None:
        """A row with no STT under an item: its text continues the item's cells."""
        item = self.result.items[-1]
        for name in _TEXT_FIELDS:
            extra = self.text(row, name)
            if extra:
                current = getattr(item, name)
                setattr(item, name, f"{current} {extra}" if current else extra)
        item.origin.rows.append(number)

    def lookup(self, catalog: Catalog, text: str, number: int, name: str) -> Entry | None:
        entry = catalog.match(text)
        if entry is None:
            known = ", ".join(e.short for e in catalog)
            self.problem(number, name, f"“{text}” không khớp mục nào trong danh sách {catalog.kind} "
                                       f"của cấu hình ({known}); hãy sửa ô hoặc thêm bí danh vào "
                                       f"[[{catalog.kind}]] aliases")
        return entry

    def problem(self, number: int, name: str, message: str) -> None:
        self.result.problems.append(Problem(number, self.columns[name], message))


def _excerpt(texts: list[str]) -> str:
    return excerpt(" | ".join(t for t in texts if t), 60)
