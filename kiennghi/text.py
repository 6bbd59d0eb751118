"""Vietnamese text rules: NFC inside, accent-insensitive keys for matching and search."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import PurePath

_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_NOT_CHARACTERS = {0xFFFE: None, 0xFFFF: None}  # no XML file can hold them


def nfc(text: str) -> str:
    """Return `text` in composed form (NFC), the only form kiennghi stores."""
    return unicodedata.normalize("NFC", text)


def _without_marks(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


# Every precomposed Latin letter (Vietnamese among them) to its base letters, worked out once.
_BASE_LETTERS = {ord(ch): _without_marks(ch) for ch in map(chr, range(0xC0, 0x250)) if _without_marks(ch) != ch}
_BASE_LETTERS |= {ord(ch): _without_marks(ch) for ch in map(chr, range(0x1E00, 0x1F00)) if _without_marks(ch) != ch}
_BASE_LETTERS |= {ord("đ"): "d", ord("Đ"): "D"}


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics, mapping đ/Đ to d/D as officers type them."""
    if text.isascii():
        return text
    stripped = text.translate(_BASE_LETTERS)
    if stripped.isascii():
        return stripped
    return "".join(ch for ch in unicodedata.normalize("NFD", stripped) if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """A matching key: no accents, lower case, words separated by single spaces.

    >>> fold("  Lĩnh vực ĐÔ THỊ, xây dựng ")
    'linh vuc do thi xay dung'
    """
    return _NON_WORD.sub(" ", strip_accents(text).lower()).strip()


WORD = re.compile(r"\w+", re.UNICODE)  # a word of a text, as regular expressions see one


def find_written(text: str, key: str) -> str | None:
    """The words of `text` that `key` (compared as `fold` keys) stands for, as the text writes
    them; None when the text does not hold them all, one after another.

    >>> find_written("Đèn ngõ 140 Hoa Lâm hỏng", "hoa lam")
    'Hoa Lâm'
    """
    wanted = fold(key).split()
    text, spans, keys = _word_keys(text)
    for start in range(len(keys) - len(wanted) + 1) if wanted else ():
        if keys[start:start + len(wanted)] == wanted:
            return text[spans[start][0]:spans[start + len(wanted) - 1][1]]
    return None


@lru_cache(maxsize=256)
def _word_keys(text: str) -> tuple[str, list[tuple[int, int]], list[str]]:
    """`text` in NFC, where its words are, and their `fold` keys (asked of one text again and
    again while a reason is worded)."""
    text = nfc(text)
    words = list(WORD.finditer(text))
    return text, [word.span() for word in words], [fold(word.group()) for word in words]


def as_written(text: str, phrase: str) -> str:
    """`phrase` (a place, a matter, read from `text` without accents) with each run of its
    words that `text` holds as the text writes them, the longest runs first.

    >>> as_written("Đèn N.140 Hoa Lâm hỏng", "ngõ 140 hoa lam")
    'ngõ 140 Hoa Lâm'
    """
    parts, shown, at = phrase.split(), [], 0
    while at < len(parts):
        for end in range(len(parts), at, -1):
            found = find_written(text, " ".join(parts[at:end]))
            if found is not None:
                shown.append(found)
                at = end
                break
        else:
            shown.append(parts[at])
            at += 1
    return " ".join(shown)

# Control characters as visible marks (a terminal would obey them: ESC starts a sequence that
# can clear the screen, set the title or write the clipboard): C0 as their Unicode pictures
# ("␛" for ESC), DEL "␡", C1 (U+0080–U+009F, CSI among them) "�". Line breaks and tabs stay.
# Bidirectional overrides and isolates, which make "‮gnóđ 000.01‬" read "10.000 đồng", as "�" too.
_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"}
_BIDI = {code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_VISIBLE |= {0x7F: "␡", **{code: "\ufffd" for code in range(0x80, 0xA0)}, **_BIDI}
# What XML 1.0 (a .docx) cannot hold, and what would mislead its reader or print as a box over
# the letters (a font has no picture of "␛"): left out of a document, with whole terminal escape
# sequences ("ESC[31m", "ESC]52;…BEL"), which mean nothing on paper. The app shows them as marks.
_ESCAPE_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                              r"|\x1b[ -/]+[0-~]|\x1b[@-_]?")
_DOCUMENT = {code: None for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if chr(code) not in "\n\t\r"}
_DOCUMENT |= {0xFFFE: None, 0xFFFF: None, **dict.fromkeys(_BIDI)}


def document_text(text: str) -> str:
    """`text` as a document (.docx) may hold it: without control characters, terminal escape
    sequences and bidirectional controls (a control character made the office library re-read
    the whole document and drop every "&" and "<" in it; "␛" printed as a box over a letter)."""
    return text if text.isprintable() else _ESCAPE_SEQUENCE.sub("", text).translate(_DOCUMENT)


def printable(text: str) -> str:
    """`text` safe to show on a terminal: every control character as a visible mark (the
    stored text is never changed; only what is shown)."""
    return text if text.isprintable() else text.translate(_VISIBLE)


def shown_path(path: PurePath) -> str:
    """A file's path as a message shows it: bytes that are not UTF-8 (Python keeps them as lone
    surrogates, which no terminal, SQLite or XML file takes) as \\xNN, controls as marks."""
    return printable(os.fsencode(path).decode("utf-8", "backslashreplace"))


def shown_name(path: PurePath) -> str:
    """A file's name (without its folder) as a message shows it, as `shown_path`."""
    return shown_path(PurePath(path.name))


def excerpt(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis, safe for a terminal."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def clean_cell(text: str) -> str:
    """Normalise a cell's text: NFC, unified line breaks, runs of spaces collapsed, trimmed,
    the noncharacters U+FFFE and U+FFFF dropped.

    Line breaks inside the cell are kept (officers use them inside a petition).
    """
    if not text:
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Tidy already (the common case): no line breaks, tabs or odd spaces (none of them is
    # printable), no space at either end, no double space.
    if text.isprintable() and text[0] != " " and text[-1] != " " and "  " not in text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_NOT_CHARACTERS)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
