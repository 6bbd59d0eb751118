"""Importing a petition sheet: read the file, find the items on every sheet, check them.

`plan_import` writes nothing: it returns an `ImportPlan` that the preview shows and that the
store then takes whole (`Store.import_batch`), or refuses whole.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Sequence

from kiennghi.bulk import collector_paused
from kiennghi.config import Config
from kiennghi.errors import InputError
from kiennghi.import_plan import Doubt, ImportPlan, LayoutChoices, Problem, SheetResult, column_letter
from kiennghi.merge import UNCOMPUTED
from kiennghi.text import fold, printable, shown_name

from .cells import MAX_LABEL, cell_text
from .columns import HEADER_SEARCH_ROWS
from .grid import MAX_COLUMNS
from .layout import NO_CONTENT, SheetParser
from .sheets import read_sheets, uncomputed_formulas

MAX_PROBLEMS_SHOWN = 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def plan_import(path: Path, config: Config, *, year: int | None = None, sheets: Sequence[str] = (),
                source: str | None = None, sheet_sources: dict[str, str] | None = None,
                choices: LayoutChoices | None = None,
                remembered: dict[str, LayoutChoices] | None = None, strict: bool = True) -> ImportPlan:
    """Read `path` and return what importing it would store; raise `InputError` if it cannot
    be imported as a whole (nothing found; with `strict`, cells that must be fixed first —
    without it the plan carries them, for a preview that shows everything).

    `sheets` names the sheets to read (all the visible ones when empty; names compared without
    accents or case); `source` is every sheet's source, `sheet_sources` one sheet's (by name),
    over what the sheet's name and title say; `choices` are the officer's corrections of how
    the sheets are read; `remembered` the column choices saved for sheets of a known shape (by
    `Header.signature`).
    """
    with collector_paused():
        plan = _plan(path, config, year, sheets, source, sheet_sources or {}, choices, remembered)
    if strict and plan.problems:
        raise InputError(refusal(plan))
    return plan


def _plan(path: Path, config: Config, year: int | None, wanted: Sequence[str], source: str | None,
          sheet_sources: dict[str, str], choices: LayoutChoices | None,
          remembered: dict[str, LayoutChoices] | None) -> ImportPlan:
    sheets = read_sheets(path)
    by_name = {fold(s.name): s for s in sheets}
    for name in [*wanted, *sheet_sources]:
        if fold(name) not in by_name:
            names = ", ".join(f"“{printable(s.name)}”" for s in sheets)
            raise InputError(f"Tệp {shown_name(path)} không có trang “{printable(name)}” (các trang: {names}).")
    if wanted:
        sheets = [s for s in sheets if any(fold(s.name) == fold(name) for name in wanted)]
    sources = {fold(name): value for name, value in sheet_sources.items()}
    parser = SheetParser(config)
    results = [
        parser.parse(s.name, s.rows, shown_name(path), sources.get(fold(s.name), source), choices, remembered)
        if s.visible or wanted
        else SheetResult(s.name, source or "mttq", ignored="trang ẩn (chọn bằng --sheet nếu cần nhập)")
        for s in sheets
    ]
    _drop_repeated_sheets(results)
    for result in results:
        _refuse_uncomputed(path, result)
    if not any(result.items for result in results):
        raise InputError(_nothing_found(path, sheets, results, config))
    year, year_source = _decide_year(path, results, year)
    return ImportPlan(path, file_sha256(path), year, results, year_source)


def _refuse_uncomputed(path: Path, result: SheetResult) -> None:
    """A formula saved without its value, read as empty, is a problem where it loses something:
    in a read column of an item's row (its cell would be lost), or in a row that is no item
    where the content is one (the petition itself would be: each of its cells). A row read as
    something else (a totals row) or a lone number past the last item loses nothing."""
    if result.header is None or result.ignored:
        return
    columns = set(result.header.columns.values()) | set(result.header.marks)
    content = result.header.columns.get("content")
    below = max(result.header.rows)  # 1-based: the rows after it are 0-based `below` on
    items = {row for item in result.items for row in item.origin.rows}
    # Rows read as something else by their own words (a totals row, a footer). Not a row skipped
    # for its empty content, nor a heading (a row of a group's name alone): the empty content
    # may be the formula.
    other = {s.row for s in result.skipped if not s.reason.endswith(NO_CONTENT)}
    cells = sorted((row + 1, column) for row, column in uncomputed_formulas(path, result.sheet, columns)
                   if row >= below and row + 1 not in other)
    lost = items | {number for number, column in cells if column == content}  # and each of its cells
    result.problems += [Problem(number, column, UNCOMPUTED) for number, column in cells if number in lost]


REPEATED_SHARE = 0.8  # a sheet this much made of another's items repeats it


def _drop_repeated_sheets(results: list[SheetResult]) -> None:
    """A workbook of a summary sheet and one sheet per residential group holds each petition
    twice. A sheet whose items are mostly on a fuller sheet already (the same text, copied within
    the workbook: compared without case or spacing; and the same residential group where both
    name one) repeats it: its repeated items are not imported again; when some of its items are
    its own, they are kept, with a doubt. A few petitions worded alike on sheets that do not
    repeat each other are left to the duplicate suggestions."""
    if sum(1 for result in results if result.items) < 2:
        return
    seen: dict[str, list[tuple[str, str]]] = {}  # content -> (sheet, place), as `_same` keys them

    def first_sheet(item) -> str | None:
        place = _place(item.to_dan_pho)
        return next((sheet for sheet, other in seen.get(_same(item.content), ())
                     if not place or not other or place == other), None)

    for result in sorted(results, key=lambda r: -len(r.items)):
        found = [(item, first_sheet(item)) for item in result.items]
        repeats = [(item, sheet) for item, sheet in found if sheet is not None]
        if result.items and len(repeats) >= REPEATED_SHARE * len(result.items):
            first = repeats[0][1]
            own = [item for item, sheet in found if sheet is None]
            result.items = own
            if not own:
                result.ignored = f"mọi ý kiến của trang đã có ở trang “{first}”: không nhập lại"
                result.doubts, result.problems = [], []  # of a sheet set aside: nothing to fix
                continue
            result.doubts.append(Doubt(
                "repeated-sheet", f"{len(repeats)} ý kiến của trang đã có ở trang “{first}”: không nhập lại; "
                f"{len(own)} ý kiến chỉ trang này có (dòng {', '.join(str(i.origin.rows[0]) for i in own[:8])}) vẫn "
                f"được nhập. Nếu cần nhập riêng trang này, dùng --sheet “{result.sheet}”.", row=own[0].origin.rows[0]))
        for item in result.items:
            seen.setdefault(_same(item.content), []).append((result.sheet, _place(item.to_dan_pho)))


def _place(text: str) -> str:
    """A residential group however it is written: "Tổ dân phố số 18", "TDP số 18" → "tdp 18"."""
    key = re.sub(r"\b(to dan pho|t d p|tdp)\b", "tdp", fold(text))
    return " ".join(word for word in key.split() if word != "so")


def _same(text: str) -> str:
    """A text as copied within a workbook compares: without case or spacing."""
    return " ".join(text.casefold().split())


def refusal(plan: ImportPlan) -> str:
    """Why `plan` cannot be stored as it is: its invalid cells, each with its place."""
    problems = plan.problems
    lines = [
        f"  • trang “{sheet}”, ô {column_letter(p.column)}{p.row}: {p.message}"
        for sheet, p in problems[:MAX_PROBLEMS_SHOWN]
    ]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  … và {len(problems) - MAX_PROBLEMS_SHOWN} ô khác.")
    return f"Tệp {shown_name(plan.path)} có {len(problems)} ô không hợp lệ; chưa nhập gì cả:\n" + "\n".join(lines)


def _uncomputed_note(path: Path, sheet: str) -> list[str]:
    """Formulas without values, read as empty, may be why a sheet shows no header (its labels,
    or its petitions, are such formulas): said, with the first of them."""
    cells = sorted(uncomputed_formulas(path, sheet, range(MAX_COLUMNS)))
    if not cells:
        return []
    row, column = cells[0]
    return [f"    {len(cells)} ô, từ ô {column_letter(column)}{row + 1}: {UNCOMPUTED}."]


def _nothing_found(path: Path, sheets: list, results: list[SheetResult], config: Config) -> str:
    lines = [f"Không tìm thấy ý kiến nào trong tệp {shown_name(path)}."]
    for sheet, result in zip(sheets, results):
        lines.append(f"  • trang “{result.sheet}”: {result.ignored}.")
        if result.header is None and result.ignored and "tiêu đề" in result.ignored:
            candidate = _closest_header_candidate(sheet.rows)
            if candidate:
                row, labels = candidate
                shown = ", ".join(f"“{label}”" for label in labels[:8])
                lines.append(f"    Dòng giống tiêu đề nhất là dòng {row}: {shown}.")
        if result.header is None:
            lines += _uncomputed_note(path, result.sheet)
    wanted = ", ".join(f"“{a}”" for a in config.columns["content"][:4])
    lines.append(
        f"kiennghi tìm trong {HEADER_SEARCH_ROWS} dòng đầu một hàng tiêu đề có cột nội dung ({wanted}…). "
        "Có thể thêm tên cột vào [columns] trong config.toml."
    )
    return "\n".join(lines)


def _closest_header_candidate(rows: list[list[object]]) -> tuple[int, list[str]] | None:
    """The row that looks most like a header (most short text cells), for the error message."""
    best = None
    for r in range(min(len(rows), HEADER_SEARCH_ROWS)):
        labels = [cell_text(v) for v in rows[r] if isinstance(v, str) and 0 < len(v) <= MAX_LABEL]
        if labels and (best is None or len(labels) > len(best[1])):
            best = (r + 1, labels)
    return best


def _decide_year(path: Path, results: list[SheetResult], year: int | None) -> tuple[int, str]:
    if year is not None:
        return year, "--year"
    for result in results:
        if result.items and result.year_hint:
            return result.year_hint, f"tiêu đề trang “{printable(result.sheet)}”"
    if match := re.search(r"(?<!\d)(20\d\d)(?!\d)", path.stem):
        return int(match.group(1)), "tên tệp"
    raise InputError(
        f"Không xác định được năm của tệp {shown_name(path)} (không thấy “năm 20..” trong tiêu đề hay "
        "tên tệp). Hãy chỉ rõ bằng --year, ví dụ --year 2025."
    )
