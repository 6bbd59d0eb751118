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
from kiennghi.text import clean_cell, printable, shown_name

from .guard import reading
from .legacy import decode_cell

# Five times the largest tracking workbook (bench: 20,000 items of 17 columns); a ward's petition
# sheet holds a few hundred rows of a dozen columns. 1,024 columns is LibreOffice's old limit
# (AMJ); finding the header in a sheet takes time by the column too (120 rows of 16,384 took 47 s).
MAX_ROWS = 100_000
MAX_COLUMNS = 1_024
MAX_CELLS = 2_000_000
CALAMINE_ERRORS = (CalamineError, OSError, ValueError)

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
    """Read every worksheet with calamine; `fonts(index, name)` gives a sheet's legacy fonts.

    The format module has bounded the sheets' areas from the file's bytes already; a sheet that
    calamine still finds larger than MAX_CELLS (laid out from A1) is refused before its cells
    reach Python."""
    with reading(path, CALAMINE_ERRORS):
        try:
            with path.open("rb") as handle:  # calamine's own path handling loses names that are not UTF-8
                workbook = CalamineWorkbook.from_filelike(handle)
        except PasswordError:
            raise InputError(
                f"Tệp {shown_name(path)} được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu (File › Info › "
                "Protect Workbook) rồi lưu lại."
            ) from None
        metadata = workbook.sheets_metadata
    sheets = []
    budget = CellBudget(path)
    for index, meta in enumerate(metadata):
        if meta.typ == SheetTypeEnum.ChartSheet:
            continue
        with reading(path, CALAMINE_ERRORS):
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end
            budget.take(f"trang “{printable(meta.name)}”", *((end[0] + 1, end[1] + 1) if end else (0, 0)))
            values = sheet.to_python(skip_empty_area=False)
            merges = sheet.merged_cell_ranges or ()
        rows = clean_rows(values, fonts(index, meta.name) if fonts else None)
        fill_merged_down(rows, merges)
        sheets.append(Sheet(meta.name, rows, meta.visible == SheetVisibleEnum.Visible))
    return sheets


class CellBudget:
    """What one file may lay out, each sheet from A1: MAX_COLUMNS columns a sheet, MAX_ROWS rows
    and MAX_CELLS cells all its sheets together (finding the items takes time by the row and the
    column, memory by the cell). A reader takes each sheet's area from it before the sheet is laid
    out, from the file's own bytes, before any library does."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = MAX_ROWS
        self.cells = MAX_CELLS

    def fits(self, rows: int, columns: int) -> bool:
        return rows <= self.rows and columns <= MAX_COLUMNS and rows * columns <= self.cells

    def take(self, sheet: str, rows: int, columns: int) -> None:
        fits = self.fits(rows, columns)
        self.rows -= rows
        self.cells -= rows * columns
        if fits:
            return
        alone = rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS
        whole = "" if alone else ", tính cả các trang trước"
        raise InputError(
            f"Tệp {shown_name(self.path)}, {sheet}: vùng dữ liệu quá lớn ({rows} dòng × {columns} cột{whole}; "
            f"giới hạn {_thousands(MAX_ROWS)} dòng, {_thousands(MAX_COLUMNS)} cột và {_thousands(MAX_CELLS)} ô): "
            "đây không phải một bảng tổng hợp ý kiến bình thường, kiennghi từ chối đọc."
        )


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


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
