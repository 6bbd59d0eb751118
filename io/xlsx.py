"""Excel 2007+ workbooks (.xlsx, .xlsm; .xlsb read without fonts)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from kiennghi.errors import InputError

from .grid import MAX_CELLS, FontMap, Sheet, read_with_calamine
from .legacy import encoding_of_font

if TYPE_CHECKING:  # openpyxl loads only for a workbook whose fonts say it holds legacy text
    import openpyxl

_FONT_NAME = re.compile(rb'<(?:\w+:)?name\s+val="([^"]*)"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s+r="([A-Z]{1,3})(\d{1,7})"')
# Literal prefixes let the regex engine skip ahead quickly through large sheets.
_ROW_REF = re.compile(rb'row r="(\d{1,7})"')
_WIDE_REF = re.compile(rb' r="[A-Z]{3}\d')


def read(path: Path) -> list[Sheet]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        _check_extent(path, archive, sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")))
        legacy = "xl/styles.xml" in names and _declares_legacy_font(archive.read("xl/styles.xml"))
    if not legacy:
        return read_with_calamine(path)
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return read_with_calamine(path, lambda _index, name: _legacy_fonts(workbook, name))
    finally:
        workbook.close()


def _declares_legacy_font(styles: bytes) -> bool:
    return any(encoding_of_font(name.decode("utf-8", "replace"))[0] for name in _FONT_NAME.findall(styles))


def _legacy_fonts(workbook: "openpyxl.Workbook", sheet_name: str) -> FontMap:
    if sheet_name not in workbook.sheetnames:
        return {}
    fonts: dict[tuple[int, int], str] = {}
    for row in workbook[sheet_name].iter_rows():
        for cell in row:
            font = getattr(cell, "font", None)
            name = font.name if font is not None else None
            if isinstance(cell.value, str) and name and encoding_of_font(name)[0]:
                fonts[(cell.row - 1, cell.column - 1)] = name
    return fonts


def _check_extent(path: Path, archive: zipfile.ZipFile, sheet_parts: list[str]) -> None:
    """Refuse a sheet whose cells span more than MAX_CELLS, before calamine lays it out densely.

    Row numbers, and whether any column lies past ZZ, bound the area cheaply; only a sheet
    that this bound does not clear has every cell reference read.
    """
    for part in sheet_parts:
        rows: list[int] = []
        wide = False
        for data in _chunks(archive, part):
            rows.extend(map(int, _ROW_REF.findall(data)))
            wide = wide or _WIDE_REF.search(data) is not None
        if rows and (max(rows) - min(rows) + 1) * (16384 if wide else 702) <= MAX_CELLS:
            continue
        max_row = max_col = 0
        min_row = min_col = 1 << 30
        for data in _chunks(archive, part):
            for letters, digits in _CELL_REF.findall(data):
                col = 0
                for letter in letters:
                    col = col * 26 + letter - 64
                row = int(digits)
                max_row, min_row = max(max_row, row), min(min_row, row)
                max_col, min_col = max(max_col, col), min(min_col, col)
        if max_row and (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_CELLS:
            raise InputError(
                f"Tệp {path.name}: một trang có vùng dữ liệu quá lớn (đến dòng {max_row}, cột "
                f"{max_col}); đây không phải một bảng tổng hợp ý kiến bình thường."
            )


def _chunks(archive: zipfile.ZipFile, part: str, size: int = 1 << 22):
    """The part's bytes in chunks that overlap by 64 bytes, so no reference is cut in two."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(size):
            yield tail + chunk
            tail = chunk[-64:]
