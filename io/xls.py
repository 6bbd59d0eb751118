"""Excel 97-2003 workbooks (.xls, BIFF8; older BIFF5 files too).

Before calamine reads one, its cell records are walked (the workbook stream taken from the OLE2
container by xlrd's `compdoc`): each sheet's area, from A1 to its furthest cell, is taken from
the file's cell budget, so that a record placing a cell at column 65,000 is refused rather than
laid out.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from kiennghi.errors import InputError
from kiennghi.text import shown_name

from .grid import CellBudget, FontMap, Sheet, read_with_calamine
from .guard import damaged, reading
from .legacy import encoding_of_font

if TYPE_CHECKING:  # xlrd loads only for an .xls file; its reader only when the fonts say it holds legacy text
    import xlrd

# Font names as BIFF stores them: 8-bit or UTF-16LE.
_LEGACY_MARKS = (b".Vn", b".VN", b"VNI", ".Vn".encode("utf-16-le"), ".VN".encode("utf-16-le"),
                 "VNI".encode("utf-16-le"))
# What xlrd raises on a damaged workbook is whatever its pure-Python parser meets (XLRDError,
# CompDocError, IndexError, AssertionError, struct.error…): it only ever reads the file here.
XLRD_ERRORS = (Exception,)

_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
# Records that place a cell (row, then column, first in their body); MULRK and MULBLANK place a
# run of them, ending at the column in their last two bytes.
_CELLS = frozenset((0x0006, 0x0406, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0205, 0x0204, 0x00D6))
_RUNS = frozenset((0x00BD, 0x00BE))


def read(path: Path) -> list[Sheet]:
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise _locked(path)
    budget = CellBudget(path)
    for number, (rows, columns) in enumerate(_sheet_areas(path, data), 1):
        budget.take(f"trang thứ {number}", rows, columns)
    if not any(mark in data for mark in _LEGACY_MARKS):
        return read_with_calamine(path)
    import xlrd

    with reading(path, XLRD_ERRORS):
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO(),
                                  ignore_workbook_corruption=True)
    try:
        return read_with_calamine(path, lambda _index, name: _legacy_fonts(path, book, name))
    finally:
        book.release_resources()


def _locked(path: Path) -> InputError:
    return InputError(f"Tệp {shown_name(path)} được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại.")


def _sheet_areas(path: Path, data: bytes) -> Iterator[tuple[int, int]]:
    """Each sheet's rows and columns from A1 to its furthest cell, as its BOUNDSHEET record
    (which calamine follows) finds it."""
    from xlrd import compdoc

    with reading(path, XLRD_ERRORS):
        document = compdoc.CompDoc(data, logfile=io.StringIO(), ignore_workbook_corruption=True)
        stream, base, size = document.locate_named_stream("Workbook")
        if stream is None:
            stream, base, size = document.locate_named_stream("Book")
    if stream is None:
        raise InputError(damaged(path, "không có luồng Workbook"))
    areas: dict[int, list[int]] = {}  # a substream's offset (where its BOF is) → [rows, columns]
    sheets: list[int] = []
    open_areas: list[list[int]] = []
    position, end = base, min(base + size, len(stream))
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        if body + length > end:  # cut short: nothing after it can be read
            break
        if kind == _BOF:
            open_areas.append(areas.setdefault(position - base, [0, 0]))
        elif kind == _EOF and open_areas:
            open_areas.pop()
        elif kind == _FILEPASS:
            raise _locked(path)
        elif kind == _BOUNDSHEET and length >= 4:
            sheets.append(struct.unpack_from("<I", stream, body)[0])
        elif open_areas and length >= 4 and (kind in _CELLS or kind in _RUNS):
            row, column = struct.unpack_from("<HH", stream, body)
            if kind in _RUNS and length >= 6:
                column = max(column, struct.unpack_from("<H", stream, body + length - 2)[0])
            area = open_areas[-1]
            area[0], area[1] = max(area[0], row + 1), max(area[1], column + 1)
        position = body + length
    for offset in sheets:
        if offset not in areas:
            raise InputError(damaged(path, f"một trang bắt đầu ở vị trí {offset}, không phải đầu một bản ghi"))
        yield tuple(areas[offset])


def _legacy_fonts(path: Path, book: "xlrd.Book", sheet_name: str) -> FontMap:
    import xlrd

    fonts: dict[tuple[int, int], str] = {}
    with reading(path, XLRD_ERRORS):
        if sheet_name not in book.sheet_names():
            return {}
        sheet = book.sheet_by_name(sheet_name)
        legacy_xfs = {
            index for index, xf in enumerate(book.xf_list)
            if encoding_of_font(book.font_list[xf.font_index].name)[0]
        }
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                xf = sheet.cell_xf_index(r, c)
                if xf in legacy_xfs and sheet.cell_type(r, c) == xlrd.XL_CELL_TEXT:
                    fonts[(r, c)] = book.font_list[book.xf_list[xf].font_index].name
    return fonts
