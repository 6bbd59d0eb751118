"""Excel 2007+ workbooks (.xlsx, .xlsm; .xlsb read without fonts)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from typing import TYPE_CHECKING, Iterator

from kiennghi.errors import InputError
from kiennghi.text import printable

from .grid import MAX_CELLS, CellBudget, FontMap, Sheet, read_with_calamine
from .guard import ZIP_ERRORS, damaged, reading
from .legacy import encoding_of_font

# What openpyxl raises on a damaged workbook is whatever its XML parser and its readers meet
# (lxml's syntax errors, KeyError, IndexError, TypeError…): it only ever reads the file here.
OPENPYXL_ERRORS = (Exception,)

if TYPE_CHECKING:  # openpyxl loads only for a workbook whose fonts say it holds legacy text
    import openpyxl

_FONT_NAME = re.compile(rb'<(?:\w+:)?name\s+val="([^"]*)"')
# Where calamine places rows and cells: at the reference in their r attribute, else just after the
# row or cell before. Scanned in one spelling of the attributes (`_PLAIN`), through literal
# prefixes the regular expression engine skips ahead to; any element's r is taken, to be safe.
_PLAIN = bytes.maketrans(b"\t\n\r'", b'   "')
_SPACED_EQUALS = re.compile(rb" r *= *")
_REF_ROW = re.compile(rb' r="[A-Z]{0,12}(\d{1,18})"')
_REF_COLUMN = re.compile(rb' r="([A-Z]{1,12})\d')
_HUGE_REF = re.compile(rb' r="(?:[A-Z]{13}|[A-Z]*\d{19})')
_PREFIXED = re.compile(rb"<\w+:(c|row)[ />]")
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")  # <f>, <x:f …/>: at most a few false alarms
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAX_TAG = 1 << 20  # bytes from a tag's "<" to the next one: a cell's text (32,767 characters) is far shorter
MAX_ELEMENTS = 4 * MAX_CELLS  # a cell with a formula and its value is three elements, in its row


def read(path: Path) -> list[Sheet]:
    with reading(path, ZIP_ERRORS), zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        budget = CellBudget(path)
        sheets = _sheet_names(archive)
        for part in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            _take_extent(path, archive, part, sheets.get(part, part), budget)
        legacy = "xl/styles.xml" in names and _declares_legacy_font(archive.read("xl/styles.xml"))
    if not legacy:
        return read_with_calamine(path)
    import openpyxl

    with reading(path, OPENPYXL_ERRORS):  # given the bytes: openpyxl would judge a name by its suffix
        workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    try:
        return read_with_calamine(path, lambda _index, name: _legacy_fonts(path, workbook, name))
    finally:
        workbook.close()


def _declares_legacy_font(styles: bytes) -> bool:
    return any(encoding_of_font(name.decode("utf-8", "replace"))[0] for name in _FONT_NAME.findall(styles))


def _legacy_fonts(path: Path, workbook: "openpyxl.Workbook", sheet_name: str) -> FontMap:
    fonts: dict[tuple[int, int], str] = {}
    with reading(path, OPENPYXL_ERRORS):
        if sheet_name not in workbook.sheetnames:
            return {}
        sheet = workbook[sheet_name]
        sheet.reset_dimensions()  # its <dimension> may claim any area: each row as its cells are
        for row in sheet.iter_rows():
            for cell in row:
                font = getattr(cell, "font", None)
                name = font.name if font is not None else None
                if isinstance(cell.value, str) and name and encoding_of_font(name)[0]:
                    fonts[(cell.row - 1, cell.column - 1)] = name
    return fonts


def _take_extent(path: Path, archive: zipfile.ZipFile, part: str, sheet: str, budget: CellBudget) -> None:
    """Take from `budget` the area a worksheet part lays out, from A1 to its furthest cell: the
    furthest reference, plus the rows and the cells that may have none, bound it from above.

    Rows and cells are taken to have a reference when it is their first attribute, as every
    writer puts it; only when that bound is too large are the elements counted one by one.
    """
    rows, columns = _extent(path, archive, part, precise=False)
    if not budget.fits(rows, columns):
        rows, columns = _extent(path, archive, part, precise=True)
    budget.take(f"trang “{printable(sheet)}”", rows, columns)


def _extent(path: Path, archive: zipfile.ZipFile, part: str, precise: bool) -> tuple[int, int]:
    furthest_row = furthest_column = loose_rows = loose_cells = 0
    for data in _tags(path, archive, part):
        data = data.translate(_PLAIN)
        if b" r " in data or b" r= " in data:
            data = _SPACED_EQUALS.sub(b" r=", data)
        if _HUGE_REF.search(data):
            furthest_row = 10**18
        furthest_row = max(furthest_row, max(map(int, _REF_ROW.findall(data)), default=0))
        if letters := _REF_COLUMN.findall(data):
            furthest_column = max(furthest_column, _column_number(max(letters, key=lambda ref: (len(ref), ref))))
        loose_rows += _loose(data, b"row", precise)
        loose_cells += _loose(data, b"c", precise)
    return furthest_row + loose_rows, furthest_column + loose_cells


def _loose(data: bytes, name: bytes, precise: bool) -> int:
    """How many `name` elements in `data` may lack a reference: at most."""
    if precise:
        return len(re.findall(rb"<(?:\w+:)?" + name + rb'(?=[ />])(?![^>]* r="[A-Z]*\d)', data))
    tags = sum(data.count(b"<" + name + end) for end in (b" ", b">", b"/>"))
    if b":" + name in data:
        tags += _PREFIXED.findall(data).count(name)
    return max(0, tags - data.count(b"<" + name + b' r="'))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's sheet name, from the workbook and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {link.get("Id"): "xl/" + link.get("Target", "").lstrip("/").removeprefix("xl/") for link in links}
    return {targets.get(sheet.get(_RELATIONSHIP_ID), ""): sheet.get("name", "") for sheet in workbook.iter(_SHEET)}


def _tags(path: Path, archive: zipfile.ZipFile, part: str, size: int = 1 << 22):
    """The part's bytes in chunks that each end before a tag begins, so that no tag is cut in two."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(size):
            data = tail + chunk
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 else cut
            if len(data) - cut > MAX_TAG:
                raise InputError(damaged(path, f"{part}: một thẻ XML dài quá {MAX_TAG >> 20} MB"))
            yield data[:cut]
            tail = data[cut:]
    yield tail


def uncomputed(path: Path, sheet: str) -> Iterator[tuple[int, int]]:
    """The cells of `sheet` (row, column, 0-based) holding a formula saved without its value: an
    `<f>` with no `<v>`, or with an empty one where the cell is not text (openpyxl writes
    `<v></v>`), which calamine reads as empty. A row or cell is where its `r` says, else just
    after the one before, as calamine places them. Read as a stream, each row let go once read."""
    elements, r = 0, -1
    with reading(path, (*ZIP_ERRORS, ElementTree.ParseError)), zipfile.ZipFile(path) as archive:
        part = next((part for part, name in _sheet_names(archive).items() if name == sheet), None)
        if part is None or part not in archive.namelist() or not any(
                tag in data for data in _tags(path, archive, part) for tag in _FORMULA_TAGS):
            return  # most sheets hold no formula: told by their bytes, far faster than parsing them
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                elements += 1
                if elements > MAX_ELEMENTS:
                    raise InputError(damaged(path, f"{part}: hơn {MAX_ELEMENTS} phần tử"))
                if element.tag.rpartition("}")[2] != "row":
                    continue
                number = element.get("r", "")
                r = int(number) - 1 if number.isdecimal() and len(number) < 19 else r + 1
                c = -1
                for cell in element:
                    letters = cell.get("r", "").rstrip("0123456789")
                    c = _column_number(letters.encode()) - 1 if letters.isascii() and letters.isupper() else c + 1
                    children = {child.tag.rpartition("}")[2]: child for child in cell}
                    value = children.get("v")
                    if "f" in children and "is" not in children and (
                            value is None or (not value.text and cell.get("t") != "str")):
                        yield r, c
                element.clear()
