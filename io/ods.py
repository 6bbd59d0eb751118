"""OpenDocument spreadsheets (.ods, LibreOffice's own format).

Values come from calamine. When the document declares a legacy Vietnamese font, the cells'
fonts are read from `content.xml` (cell style, else the row's or the column's default style,
each style's font inherited from its parent) so that TCVN3 and VNI text is converted by its font.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO, Iterator
from xml.etree import ElementTree

from kiennghi.errors import InputError
from kiennghi.text import printable

from .grid import MAX_CELLS, CellBudget, FontMap, Sheet, read_with_calamine
from .guard import ZIP_ERRORS, damaged, reading
from .legacy import encoding_of_font

_FONT_FAMILY = re.compile(rb'(?:svg:font-family|style:font-name)="([^"]*)"')
MAX_ELEMENTS = 3 * MAX_CELLS  # a cell holding text is two elements, with its paragraph
_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


_CACHED = tuple(_q("office", name) for name in ("value", "date-value", "time-value", "boolean-value", "string-value"))


def read(path: Path) -> list[Sheet]:
    with reading(path, (*ZIP_ERRORS, ElementTree.ParseError)), zipfile.ZipFile(path) as archive:
        if "content.xml" not in archive.namelist():
            raise InputError(damaged(path, "không có content.xml"))
        with archive.open("content.xml") as stream:
            _take_extent(path, stream, CellBudget(path))
        parts = {name: archive.read(name) for name in ("content.xml", "styles.xml") if name in archive.namelist()}
    declared = b"".join(parts.values())
    if not any(encoding_of_font(n.decode("utf-8", "replace").strip("'"))[0] for n in _FONT_FAMILY.findall(declared)):
        return read_with_calamine(path)
    with reading(path, (ElementTree.ParseError,)):
        content = ElementTree.fromstring(parts["content.xml"])
        styles = ElementTree.fromstring(parts["styles.xml"]) if parts.get("styles.xml") else None
    fonts = _legacy_fonts(path, content, styles)
    return read_with_calamine(path, lambda _index, name: fonts.get(name, {}))


def _style_fonts(root: ElementTree.Element, faces: dict[str, str],
                 fonts: dict[str, str | None], parents: dict[str, str]) -> None:
    """Collect each cell style's own font family (None when it sets none) and its parent."""
    for face in root.iter(_q("style", "font-face")):
        faces[face.get(_q("style", "name"), "")] = face.get(_q("svg", "font-family"), "").strip("'\"")
    for style in root.iter(_q("style", "style")):
        name = style.get(_q("style", "name"), "")
        props = style.find(_q("style", "text-properties"))
        font = props.get(_q("style", "font-name")) if props is not None else None
        fonts[name] = faces.get(font, font) if font else None
        if parent := style.get(_q("style", "parent-style-name")):
            parents[name] = parent


def _legacy_fonts(path: Path, content: ElementTree.Element, styles: ElementTree.Element | None) -> dict[str, FontMap]:
    """Per sheet name, the (row, column) of every text cell whose font is a legacy one."""
    faces: dict[str, str] = {}
    own: dict[str, str | None] = {}
    parents: dict[str, str] = {}
    if styles is not None:
        _style_fonts(styles, faces, own, parents)
    _style_fonts(content, faces, own, parents)

    def font_of(style: str | None) -> str | None:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if own.get(style):
                return own[style]
            style = parents.get(style)
        return own.get("Default")

    result: dict[str, FontMap] = {}
    for sheet in content.iter(_q("table", "table")):
        cells: dict[tuple[int, int], str] = {}
        column_styles: list[str | None] = []
        for column in sheet.iter(_q("table", "table-column")):
            repeat = min(_repeated(path, column, "number-columns-repeated"), 16384 - len(column_styles))
            column_styles.extend([column.get(_q("table", "default-cell-style-name"))] * max(repeat, 0))
        r = 0
        for row in sheet.iter(_q("table", "table-row")):
            row_style = row.get(_q("table", "default-cell-style-name"))
            c = 0
            for cell in row:
                repeat = _repeated(path, cell, "number-columns-repeated")
                if cell.find(_q("text", "p")) is not None:
                    style = cell.get(_q("table", "style-name")) or row_style or (
                        column_styles[c] if c < len(column_styles) else None)
                    font = font_of(style)
                    if font and encoding_of_font(font)[0]:
                        for offset in range(min(repeat, 1024)):
                            cells[(r, c + offset)] = font
                c += repeat
            r += _repeated(path, row, "number-rows-repeated")
        result[sheet.get(_q("table", "name"), "")] = cells
    return result


def _walk(path: Path, stream: IO[bytes]) -> Iterator[tuple[str, int, int, int, int, ElementTree.Element | None]]:
    """content.xml's cells as they are read: (sheet, row, how many rows it repeats over, column,
    how many columns, the cell), 0-based; at each sheet's end (sheet, 0, 0, 0, 0, None). Read as a
    stream, each row let go once read; more elements than MAX_ELEMENTS are refused."""
    table, row, cell, covered = (_q("table", name) for name in ("table", "table-row", "table-cell",
                                                                   "covered-table-cell"))
    name, elements, r, c, rows = "", 0, 0, 0, 1
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "start":
            elements += 1
            if elements > MAX_ELEMENTS:
                raise InputError(damaged(path, f"content.xml có hơn {MAX_ELEMENTS} phần tử"))
            if tag == table:
                name, r = element.get(_q("table", "name"), ""), 0
            elif tag == row:
                rows, c = _repeated(path, element, "number-rows-repeated"), 0
        elif tag == cell or tag == covered:
            repeat = _repeated(path, element, "number-columns-repeated")
            yield name, r, rows, c, repeat, element
            c += repeat
            element.clear()
        elif tag == row:
            r += rows
            element.clear()
        elif tag == table:
            yield name, 0, 0, 0, 0, None


def _take_extent(path: Path, stream: IO[bytes], budget: CellBudget) -> None:
    """Take from `budget` each sheet's area, from A1 to its furthest cell holding something: a few
    bytes of repeated rows and columns can ask calamine for billions of cells."""
    value_type = _q("office", "value-type")
    furthest_row = furthest_column = 0
    for name, r, rows, c, repeat, element in _walk(path, stream):
        if element is None:
            budget.take(f"trang “{printable(name)}”", furthest_row, furthest_column)
            furthest_row = furthest_column = 0
        elif len(element) or element.get(value_type):
            furthest_row, furthest_column = max(furthest_row, r + rows), max(furthest_column, c + repeat)


def _repeated(path: Path, element: ElementTree.Element, attribute: str) -> int:
    """How many times a row, column or cell repeats (table:number-…-repeated)."""
    value = element.get(_q("table", attribute), "1")
    if not value.isdecimal():
        raise InputError(damaged(path, f"table:{attribute}=“{printable(value[:20])}”"))
    return int(value) if len(value) <= 18 else 10**18


_FORMULA_ATTRIBUTE = b":formula="  # table:formula="…", whatever the prefix


def uncomputed(path: Path, sheet: str, rows: int, columns: int) -> Iterator[tuple[int, int]]:
    """The cells of `sheet` (row, column, 0-based, within its first `rows` rows and `columns`
    columns) holding a formula saved without its value (`table:formula` with no `office:…value`
    and no text), which calamine reads as empty."""
    formula, paragraph = _q("table", "formula"), _q("text", "p")
    with reading(path, (*ZIP_ERRORS, ElementTree.ParseError)), zipfile.ZipFile(path) as archive:
        if not _holds_formula(archive):
            return  # most workbooks hold none: told by their bytes, far faster than walking them
        with archive.open("content.xml") as stream:
            for name, r, repeat_rows, c, repeat, element in _walk(path, stream):
                if name != sheet:
                    continue
                if element is None:
                    return
                if element.get(formula) and element.find(paragraph) is None and not any(
                        element.get(n) for n in _CACHED):
                    for at in range(r, min(r + repeat_rows, rows)):
                        yield from ((at, column) for column in range(c, min(c + repeat, columns)))


def _holds_formula(archive: zipfile.ZipFile, size: int = 1 << 22) -> bool:
    """Whether the workbook's content holds any formula at all, by its bytes."""
    tail = b""
    with archive.open("content.xml") as stream:
        while chunk := stream.read(size):
            data = tail + chunk
            if _FORMULA_ATTRIBUTE in data:
                return True
            tail = data[-len(_FORMULA_ATTRIBUTE):]
    return False
