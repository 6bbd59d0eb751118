"""Importing a petition sheet: read the file, find the items on every sheet, check them.

`plan_import` writes nothing: it returns an `ImportPlan` that the preview shows and that the
store then takes whole (`Store.import_batch`), or refuses whole.
"""

from __future__ import annotations

import gc
import hashlib
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kiennghi.config import Config
from kiennghi.errors import InputError
from kiennghi.import_plan import ImportPlan, SheetResult, column_letter

from .layout import HEADER_SEARCH_ROWS, SheetParser, closest_header_candidate
from .sheets import read_sheets

MAX_PROBLEMS_SHOWN = 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def plan_import(path: Path, config: Config, *, year: int | None = None,
                sheet: str | None = None, source: str | None = None) -> ImportPlan:
    """Read `path` and return what importing it would store; raise `InputError` if it cannot
    be imported as a whole (nothing found, or cells that must be fixed first)."""
    with _no_gc():
        return _plan(path, config, year, sheet, source)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector: a large sheet makes hundreds of thousands of objects and no
    cycles, and collecting over and over would cost a third of the import."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plan(path: Path, config: Config, year: int | None, sheet: str | None, source: str | None) -> ImportPlan:
    sheets = read_sheets(path)
    if sheet is not None:
        chosen = [s for s in sheets if s.name == sheet]
        if not chosen:
            names = ", ".join(f"“{s.name}”" for s in sheets)
            raise InputError(f"Tệp {path.name} không có trang “{sheet}” (các trang: {names}).")
        sheets = chosen
    parser = SheetParser(config)
    results = [
        parser.parse(s.name, s.rows, path.name, source) if s.visible or sheet is not None
        else SheetResult(s.name, source or "mttq", ignored="trang ẩn (chọn bằng --sheet nếu cần nhập)")
        for s in sheets
    ]
    _refuse_problems(path, results)
    if not any(result.items for result in results):
        raise InputError(_nothing_found(path, sheets, results, config))
    year, year_source = _decide_year(path, results, year)
    return ImportPlan(path, file_sha256(path), year, results, year_source)


def _refuse_problems(path: Path, results: list[SheetResult]) -> None:
    problems = [(result.sheet, problem) for result in results for problem in result.problems]
    if not problems:
        return
    lines = [
        f"  • trang “{sheet}”, ô {column_letter(p.column)}{p.row}: {p.message}"
        for sheet, p in problems[:MAX_PROBLEMS_SHOWN]
    ]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  … và {len(problems) - MAX_PROBLEMS_SHOWN} ô khác.")
    raise InputError(
        f"Tệp {path.name} có {len(problems)} ô không hợp lệ; chưa nhập gì cả:\n" + "\n".join(lines)
    )


def _nothing_found(path: Path, sheets: list, results: list[SheetResult], config: Config) -> str:
    lines = [f"Không tìm thấy ý kiến nào trong tệp {path.name}."]
    for sheet, result in zip(sheets, results):
        lines.append(f"  • trang “{result.sheet}”: {result.ignored}.")
        if result.header is None and result.ignored and "tiêu đề" in result.ignored:
            candidate = closest_header_candidate(sheet.rows)
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
