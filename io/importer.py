"""Importing a petition sheet: read the file, find the items on every sheet, check them.

`plan_import` writes nothing: it returns an `ImportPlan` that the preview shows and that the
store then takes whole (`Store.import_batch`), or refuses whole.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kiennghi.bulk import collector_paused
from kiennghi.config import Config
from kiennghi.errors import InputError
from kiennghi.import_plan import ImportPlan, LayoutChoices, SheetResult, column_letter

from .cells import MAX_LABEL, cell_text
from .columns import HEADER_SEARCH_ROWS
from .layout import SheetParser
from .sheets import read_sheets

MAX_PROBLEMS_SHOWN = 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def plan_import(path: Path, config: Config, *, year: int | None = None, sheet: str | None = None,
                source: str | None = None, choices: LayoutChoices | None = None,
                remembered: dict[str, LayoutChoices] | None = None, strict: bool = True) -> ImportPlan:
    """Read `path` and return what importing it would store; raise `InputError` if it cannot
    be imported as a whole (nothing found; with `strict`, cells that must be fixed first —
    without it the plan carries them, for a preview that shows everything).

    `choices` are the officer's corrections of how the sheets are read; `remembered` the
    column choices saved for sheets of a known shape (by `Header.signature`).
    """
    with collector_paused():
        plan = _plan(path, config, year, sheet, source, choices, remembered)
    if strict and plan.problems:
        raise InputError(refusal(plan))
    return plan


def _plan(path: Path, config: Config, year: int | None, sheet: str | None, source: str | None,
          choices: LayoutChoices | None, remembered: dict[str, LayoutChoices] | None) -> ImportPlan:
    sheets = read_sheets(path)
    if sheet is not None:
        chosen = [s for s in sheets if s.name == sheet]
        if not chosen:
            names = ", ".join(f"“{s.name}”" for s in sheets)
            raise InputError(f"Tệp {path.name} không có trang “{sheet}” (các trang: {names}).")
        sheets = chosen
    parser = SheetParser(config)
    results = [
        parser.parse(s.name, s.rows, path.name, source, choices, remembered) if s.visible or sheet is not None
        else SheetResult(s.name, source or "mttq", ignored="trang ẩn (chọn bằng --sheet nếu cần nhập)")
        for s in sheets
    ]
    if not any(result.items for result in results):
        raise InputError(_nothing_found(path, sheets, results, config))
    year, year_source = _decide_year(path, results, year)
    return ImportPlan(path, file_sha256(path), year, results, year_source)


def refusal(plan: ImportPlan) -> str:
    """Why `plan` cannot be stored as it is: its invalid cells, each with its place."""
    problems = plan.problems
    lines = [
        f"  • trang “{sheet}”, ô {column_letter(p.column)}{p.row}: {p.message}"
        for sheet, p in problems[:MAX_PROBLEMS_SHOWN]
    ]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  … và {len(problems) - MAX_PROBLEMS_SHOWN} ô khác.")
    return f"Tệp {plan.path.name} có {len(problems)} ô không hợp lệ; chưa nhập gì cả:\n" + "\n".join(lines)


def _nothing_found(path: Path, sheets: list, results: list[SheetResult], config: Config) -> str:
    lines = [f"Không tìm thấy ý kiến nào trong tệp {path.name}."]
    for sheet, result in zip(sheets, results):
        lines.append(f"  • trang “{result.sheet}”: {result.ignored}.")
        if result.header is None and result.ignored and "tiêu đề" in result.ignored:
            candidate = _closest_header_candidate(sheet.rows)
            if candidate:
                row, labels = candidate
                shown = ", ".join(f"“{label}”" for label in labels[:8])
                lines.append(f"    Dòng giống tiêu đề nhất là dòng {row}: {shown}.")
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
            return result.year_hint, f"tiêu đề trang “{result.sheet}”"
    if match := re.search(r"(?<!\d)(20\d\d)(?!\d)", path.stem):
        return int(match.group(1)), "tên tệp"
    raise InputError(
        f"Không xác định được năm của tệp {path.name} (không thấy “năm 20..” trong tiêu đề hay "
        "tên tệp). Hãy chỉ rõ bằng --year, ví dụ --year 2025."
    )
