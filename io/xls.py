"""Excel 97-2003 workbooks (.xls, BIFF8; older BIFF5 files too)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiennghi.errors import InputError

from .grid import FontMap, Sheet, read_with_calamine
from .legacy import encoding_of_font

if TYPE_CHECKING:  # xlrd loads only for a workbook whose fonts say it holds legacy text
    import xlrd

# Font names as BIFF stores them: 8-bit or UTF-16LE.
_LEGACY_MARKS = (b".Vn", b".VN", b"VNI", ".Vn".encode("utf-16-le"), ".VN".encode("utf-16-le"),
                 "VNI".encode("utf-16-le"))


def read(path: Path) -> list[Sheet]:
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise InputError(
            f"Tệp {path.name} được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại."
        )
    if not any(mark in data for mark in _LEGACY_MARKS):
        return read_with_calamine(path)
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        try:
            return read_with_calamine(path, lambda _index, name: _legacy_fonts(book, name))
        finally:
            book.release_resources()
    except xlrd.XLRDError as error:
        raise InputError(f"Tệp {path.name} bị hỏng hoặc không đọc được: {error}.") from None


def _legacy_fonts(book: "xlrd.Book", sheet_name: str) -> FontMap:
    import xlrd

    if sheet_name not in book.sheet_names():
        return {}
    sheet = book.sheet_by_name(sheet_name)
    legacy_xfs = {
        index for index, xf in enumerate(book.xf_list)
        if encoding_of_font(book.font_list[xf.font_index].name)[0]
    }
    fonts: dict[tuple[int, int], str] = {}
    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            xf = sheet.cell_xf_index(r, c)
            if xf in legacy_xfs and sheet.cell_type(r, c) == xlrd.XL_CELL_TEXT:
                fonts[(r, c)] = book.font_list[book.xf_list[xf].font_index].name
    return fonts
