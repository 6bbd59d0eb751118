"""Sheets as plain grids of Unicode cells, read with python-calamine (fast, the same for every
format). The format modules add what calamine does not give: which cells' fonts say their text
is in a legacy encoding (`kiennghi.io.legacy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from kiennghi.errors import InputError
from kiennghi.text import clean_cell

from .legacy import decode_cell

MAX_CELLS = 20_000_000

# Per sheet: (row, column) 0-based → font name, for the cells whose font is a legacy one;
# or GUESS: the format keeps fonts where kiennghi cannot read them, so each cell is judged by
# its text's own pattern.
FontMap = Mapping[tuple[int, int], str]
GUESS: FontMap = {}


@dataclass
class Sheet:
    """One sheet: its name, whether it is visible, and its rows of cells from row 1, column A.

    Text cells are NFC Unicode, trimmed; numbers, dates and booleans keep their types;
    empty cells are "".
    """

    name: str
    rows: list[list[object]]
    visible: bool = True


def read_with_calamine(path: Path, fonts: Callable[[int, str], FontMap] | None = None) -> list[Sheet]:
    """Read every worksheet with calamine; `fonts(index, name)` gives a sheet's legacy fonts."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise InputError(
            f"Tệp {path.name} được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu (File › Info › "
            "Protect Workbook) rồi lưu lại."
        ) from None
    except (CalamineError, OSError, ValueError) as error:
        raise InputError(f"Tệp {path.name} bị hỏng hoặc không đọc được: {error}.") from None
    sheets = []
    try:
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.typ == SheetTypeEnum.ChartSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            cells = sheet.height * sheet.width
            if cells > MAX_CELLS:
                raise InputError(
                    f"Tệp {path.name}, trang “{meta.name}”: vùng dữ liệu quá lớn "
                    f"({sheet.height} dòng × {sheet.width} cột)."
                )
            font_map = fonts(index, meta.name) if fonts else None
            rows = clean_rows(sheet.to_python(skip_empty_area=False), font_map)
            fill_merged_down(rows, sheet.merged_cell_ranges or ())
            sheets.append(Sheet(meta.name, rows, meta.visible == SheetVisibleEnum.Visible))
    except (CalamineError, OSError, ValueError) as error:
        raise InputError(f"Tệp {path.name} bị hỏng hoặc không đọc được: {error}.") from None
    return sheets


def fill_merged_down(rows: list[list[object]], merges) -> None:
    """A cell merged down over several rows ("TDP 4" beside three items) holds its value in its
    first row only: give it to every row it covers, in its first column. In place."""
    for (top, left), (bottom, _right) in merges:
        if bottom > top and top < len(rows) and left < len(rows[top]):
            value = rows[top][left]
            for row in rows[top + 1:bottom + 1]:
                if left < len(row) and row[left] == "":
                    row[left] = value


def clean_rows(rows: list[list[object]], fonts: FontMap | None) -> list[list[object]]:
    """Text to NFC Unicode, converted from a legacy encoding where the cell's font (or, with
    GUESS, its pattern) says so; whole-number floats to int; the rest as is. In place."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if type(value) is str:
                if not value:
                    continue
                if fonts is GUESS:
                    value = decode_cell(value, None)
                elif fonts and (font := fonts.get((r, c))):
                    value = decode_cell(value, font)
                row[c] = clean_cell(value)
            elif type(value) is float and value.is_integer():
                row[c] = int(value)
    return rows
