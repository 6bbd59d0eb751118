"""CSV files: UTF-8 (with or without BOM), UTF-16, Windows-1258, or legacy TCVN3/VNI bytes.

A CSV keeps no fonts, so legacy text is recognised by its own pattern, cell by cell.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from kiennghi.errors import InputError
from kiennghi.text import shown_name

from .grid import GUESS, CellBudget, Sheet, clean_rows
from .legacy import Encoding, decode, decode_cell, guess_encoding

_VIETNAMESE_LETTER = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_JUNK = re.compile("[\u0300\u0301\u0303\u0309\u0323§©®«¬¤¥¦¡¢£µ¶·¸¹»¼½¾\ufffd]")


def _score(text: str) -> int:
    return len(_VIETNAMESE_LETTER.findall(text)) - 3 * len(_JUNK.findall(text))


def decode_bytes(data: bytes) -> tuple[str, Encoding | None]:
    """The text of a CSV file, whatever of the supported encodings it was saved in, and the
    legacy encoding of its 8-bit text when it is TCVN3 or VNI bytes (the text is then left as
    Latin-1 characters for `legacy` to convert)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    # An 8-bit file: Windows-1258 (tone marks as combining characters), or the bytes of a
    # legacy font's text, kept as Latin-1 characters for `legacy` to convert cell by cell.
    as_1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    as_latin1 = data.decode("latin-1")
    if _score(as_1258) >= _score(decode_cell(as_latin1, None)):
        return as_1258, None
    return as_latin1, guess_encoding(as_latin1) or "tcvn3"


def _legacy_cell(value: object, encoding: Encoding) -> object:
    """A cell of a legacy 8-bit file: its own pattern decides, else the file's encoding."""
    if not isinstance(value, str) or value.isascii():
        return value
    return decode(value, guess_encoding(value) or encoding)


def read(path: Path) -> list[Sheet]:
    text, legacy = decode_bytes(path.read_bytes())
    if "\x00" in text:
        raise InputError(f"Tệp {shown_name(path)} không phải là tệp văn bản CSV.")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = _rows(path, text, dialect)
    if legacy:
        return [Sheet(path.stem, clean_rows([[_legacy_cell(v, legacy) for v in row] for row in rows], None))]
    return [Sheet(path.stem, clean_rows(rows, GUESS))]


def _rows(path: Path, text: str, dialect: type[csv.Dialect] | csv.Dialect) -> list[list[object]]:
    """The file's rows, as the csv module splits them: records end at a line break outside
    quotes, never at the other characters str.splitlines takes for one (U+2028, U+0085, VT, FF),
    which stay in their cell. Refused as soon as they exceed the cell budget."""
    budget = CellBudget(path)
    rows: list[list[object]] = []
    widest = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append(row)
            if len(row) > widest:
                widest = len(row)
            if not budget.fits(len(rows), widest):
                budget.take(f"đến dòng {len(rows)}", len(rows), widest)
    except csv.Error as error:
        raise InputError(f"Tệp {shown_name(path)} không đúng định dạng CSV: {error}.") from None
    return rows
