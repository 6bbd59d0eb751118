"""Reading any spreadsheet file into sheets (`kiennghi.io.grid.Sheet`).

The format is told by the file's bytes, not its name. Hostile files are refused before they are
read: too large, a zip bomb; the format modules refuse areas of millions of cells before any
library lays them out, and turn what the libraries raise on damaged bytes into a refusal
(`kiennghi.io.guard`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Collection

from kiennghi.errors import InputError
from kiennghi.text import shown_name, shown_path

from . import csvfile, ods, xls, xlsx
from .grid import MAX_ROWS, Sheet
from .guard import ZIP_ERRORS, reading

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the workbook or CSV file at `path`."""
    head = _head(path)
    if head.startswith(ZIP_MAGIC):
        return ods.read(path) if _zip_kind(path) == "ods" else xlsx.read(path)
    if head.startswith(OLE_MAGIC):
        return xls.read(path)
    if b"<html" in head[:1024].lower() or b"<?xml" in head[:64]:
        raise InputError(
            f"Tệp {shown_name(path)} là trang HTML/XML mang đuôi bảng tính, không phải bảng tính thật. "
            "Hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx."
        )
    if path.suffix.lower() in (".csv", ".txt", ".tsv") or not _looks_binary(head):
        return csvfile.read(path)
    raise InputError(
        f"Tệp {shown_name(path)} không phải là bảng tính (cần .xlsx, .xlsm, .xls, .ods hoặc .csv)."
    )


def uncomputed_formulas(path: Path, sheet: str, columns: Collection[int]) -> set[tuple[int, int]]:
    """The cells of `sheet` in the workbook `path` already read by `read_sheets` (row, column,
    0-based, in `columns`) that hold a formula saved without its value: some tools (scripts,
    openpyxl) leave computing formulas to the next office suite, and calamine reads such a cell
    as empty, and ends the sheet before trailing rows made only of them (so they are looked for
    as far as a sheet may reach, not only among the rows read). An .xls keeps a value with every
    formula; a CSV has no formulas."""
    if not _head(path).startswith(ZIP_MAGIC):
        return set()
    wanted = set(columns)
    if _zip_kind(path) == "ods":
        cells = ods.uncomputed(path, sheet, MAX_ROWS, max(wanted, default=-1) + 1)
    else:
        cells = ((r, c) for r, c in xlsx.uncomputed(path, sheet) if r < MAX_ROWS)
    return {(r, c) for r, c in cells if c in wanted}


def _head(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(f"{shown_path(path)} không phải là một tệp.")
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise InputError(f"Không tìm thấy tệp {shown_path(path)}.") from None
    except PermissionError:
        raise InputError(f"Không có quyền đọc tệp {shown_path(path)}.") from None
    except OSError as error:
        raise InputError(f"Không đọc được tệp {shown_path(path)}: {error.strerror}.") from None
    if size == 0:
        raise InputError(f"Tệp {shown_name(path)} rỗng (0 byte).")
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"Tệp {shown_name(path)} quá lớn ({size / 1e6:.0f} MB, giới hạn {MAX_FILE_BYTES / 1e6:.0f} MB)."
        )
    return head


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _zip_kind(path: Path) -> str:
    """"xlsx" or "ods", after checking the archive is sound and not a zip bomb."""
    with reading(path, ZIP_ERRORS), zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        total = sum(member.file_size for member in members)
    if len(members) > 10_000 or total > MAX_UNZIPPED_BYTES:
        raise InputError(
            f"Tệp {shown_name(path)} giải nén ra quá lớn ({total / 1e6:.0f} MB, {len(members)} thành phần): "
            "không phải một bảng tổng hợp ý kiến bình thường, kiennghi từ chối đọc."
        )
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "word/document.xml" in names:
        raise InputError(f"Tệp {shown_name(path)} là văn bản Word, không phải bảng tính.")
    raise InputError(f"Tệp {shown_name(path)} là tệp nén nhưng không phải bảng tính Excel hay ODS.")
