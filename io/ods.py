"""OpenDocument spreadsheets (.ods, LibreOffice's own format).

Values come from calamine. When the document declares a legacy Vietnamese font, the cells'
fonts are read from `content.xml` (cell style, else the row's or the column's default style,
each style's font inherited from its parent) so that TCVN3 and VNI text is converted by its font.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from kiennghi.errors import InputError

from .grid import MAX_CELLS, FontMap, Sheet, read_with_calamine
from .legacy import encoding_of_font

_FONT_FAMILY = re.compile(rb'(?:svg:font-family|style:font-name)="([^"]*)"')
_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


def read(path: Path) -> list[Sheet]:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in ("content.xml", "styles.xml") if name in archive.namelist()}
    try:
        content = ElementTree.fromstring(parts["content.xml"])
    except (KeyError, ElementTree.ParseError) as error:
        raise InputError(f"Tệp {path.name} bị hỏng (content.xml: {error}).") from None
    _check_extent(path, content)
    declared = b"".join(parts.values())
    if not any(encoding_of_font(n.decode("utf-8", "replace").strip("'"))[0] for n in _FONT_FAMILY.findall(declared)):
        return read_with_calamine(path)
    fonts = _legacy_fonts(content, parts.get("styles.xml"))
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


def _legacy_fonts(content: ElementTree.Element, styles: bytes | None) -> dict[str, FontMap]:
    """Per sheet name, the (row, column) of every text cell whose font is a legacy one."""
    faces: dict[str, str] = {}
    own: dict[str, str | None] = {}
    parents: dict[str, str] = {}
    if styles:
        _style_fonts(ElementTree.fromstring(styles), faces, own, parents)
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
            repeat = min(int(column.get(_q("table", "number-columns-repeated"), "1")), 16384)
            column_styles.extend([column.get(_q("table", "default-cell-style-name"))] * repeat)
        r = 0
        for row in sheet.iter(_q("table", "table-row")):
            row_style = row.get(_q("table", "default-cell-style-name"))
            c = 0
            for cell in row:
                repeat = int(cell.get(_q("table", "number-columns-repeated"), "1"))
                if cell.find(_q("text", "p")) is not None:
                    style = cell.get(_q("table", "style-name")) or row_style or (
                        column_styles[c] if c < len(column_styles) else None)
                    font = font_of(style)
                    if font and encoding_of_font(font)[0]:
                        for offset in range(min(repeat, 1024)):
                            cells[(r, c + offset)] = font
                c += repeat
            r += int(row.get(_q("table", "number-rows-repeated"), "1"))
        result[sheet.get(_q("table", "name"), "")] = cells
    return result


def _check_extent(path: Path, content: ElementTree.Element) -> None:
    """Refuse a sheet whose repeated rows and columns of data would lay out more than MAX_CELLS
    cells (a few bytes of XML can ask calamine for billions)."""
    for sheet in content.iter(_q("table", "table")):
        r = max_row = max_col = 0
        for row in sheet.iter(_q("table", "table-row")):
            rows = int(row.get(_q("table", "number-rows-repeated"), "1"))
            c = 0
            for cell in row:
                c += int(cell.get(_q("table", "number-columns-repeated"), "1"))
                if len(cell) or cell.get(_q("office", "value-type")):
                    max_col = max(max_col, c)
                    max_row = max(max_row, r + rows)
            r += rows
        if max_row * max_col > MAX_CELLS:
            raise InputError(
                f"Tệp {path.name}, trang “{sheet.get(_q('table', 'name'))}”: vùng dữ liệu quá lớn "
                f"({max_row} dòng × {max_col} cột); đây không phải một bảng tổng hợp ý kiến bình thường."
            )
