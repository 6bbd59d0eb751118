"""OpenDocument spreadsheets (.ods, LibreOffice's own format)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .legacy import encoding_of_font
from .sheets import GUESS, Sheet, read_with_calamine

_FONT_FAMILY = re.compile(rb'(?:svg:font-family|style:font-name)="([^"]*)"')


def read(path: Path) -> list[Sheet]:
    """Read with calamine. When the document declares a legacy Vietnamese font, each text
    cell is judged by its own pattern (calamine does not report ODS cell styles)."""
    with zipfile.ZipFile(path) as archive:
        declared = b"".join(
            archive.read(part) for part in ("content.xml", "styles.xml") if part in archive.namelist()
        )
    legacy = any(
        encoding_of_font(name.decode("utf-8", "replace").strip("'"))[0]
        for name in _FONT_FAMILY.findall(declared)
    )
    return read_with_calamine(path, (lambda _index, _name: GUESS) if legacy else None)
