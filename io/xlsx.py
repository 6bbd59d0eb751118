"""Excel 2007+ workbooks (.xlsx, .xlsm; .xlsb read without fonts)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from kiennghi.errors import InputError

from .legacy import encoding_of_font
from .sheets import MAX_CELLS, FontMap, Sheet, read_with_calamine

_FONT_NAME = re.compile(rb'<(?:\w+:)?name\s+val="([^"]*)"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s+r="([A-Z]{1,3})(\d{1,7})"')


def read(path: Path) -> list[Sheet]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        _check_extent(path, archive, sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")))
        legacy = "xl/styles.xml" in names and _declares_legacy_font(archive.read("xl/styles.xml"))
    if not legacy:
        return read_with_calamine(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return read_with_calamine(path, lambda _index, name: _legacy_fonts(workbook, name))
    finally:
        workbook.close()


def _declares_legacy_font(styles: bytes) -> bool:
    return any(encoding_of_font(name.decode("utf-8", "replace"))[0] for name in _FONT_NAME.findall(styles))


def _legacy_fonts(workbook: openpyxl.Workbook, sheet_name: str) -> FontMap:
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
    """Refuse a sheet whose cells span more than MAX_CELLS, before calamine lays it out densely."""
    for part in sheet_parts:
        max_row = max_col = 0
        min_row = min_col = 1 << 30
        tail = b""
        with archive.open(part) as stream:
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                for letters, digits in _CELL_REF.findall(data):
                    col = 0
                    for letter in letters:
                        col = col * 26 + letter - 64
                    row = int(digits)
                    max_row, min_row = max(max_row, row), min(min_row, row)
                    max_col, min_col = max(max_col, col), min(min_col, col)
                tail = data[-64:]
        if max_row and (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_CELLS:
            raise InputError(
                f"Tệp {path.name}: một trang có vùng dữ liệu quá lớn (đến dòng {max_row}, cột "
                f"{max_col}); đây không phải một bảng tổng hợp ý kiến bình thường."
            )
