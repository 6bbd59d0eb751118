"""What the reading libraries throw at a damaged file, turned into the officer's refusal.

Every call into a library that parses the file's bytes (python-calamine, xlrd, openpyxl, zipfile,
ElementTree) runs inside `reading(path, errors)`. The library's own errors for bad input end as an
`InputError` naming the file. python-calamine is written in Rust: a panic there reaches Python as
pyo3's `PanicException`, which derives from `BaseException` (not `Exception`) and has no public
name to catch it by, so a `BaseException` that is none of Python's own ends the same way.
"""

from __future__ import annotations

import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kiennghi.errors import InputError
from kiennghi.text import excerpt, shown_name

# What zipfile raises on a damaged archive or member: a bad header or CRC, a cut stream, a
# compression method or version it does not know, an encrypted member, a name flagged UTF-8 that
# is not (UnicodeDecodeError, a ValueError).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError)
# Python's own BaseExceptions, never the file's doing: they go on.
_PASSING = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError, InputError)


def damaged(path: Path, why: str) -> str:
    return (f"Tệp {shown_name(path)} bị hỏng hoặc không đọc được ({excerpt(why, 160)}). "
            "Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập bản đã lưu.")


@contextmanager
def reading(path: Path, errors: tuple[type[Exception], ...]) -> Iterator[None]:
    """Around a library's reading of `path`: `errors` (what the library raises for bad input)
    and a panic of python-calamine end as an `InputError` naming the file; the rest goes on."""
    try:
        yield
    except _PASSING:
        raise
    except errors as error:
        raise InputError(damaged(path, f"{type(error).__name__}: {error}")) from None
    except Exception:
        raise
    except BaseException as error:  # noqa: BLE001 - pyo3's PanicException: a panic inside calamine
        raise InputError(damaged(path, f"thư viện đọc bảng tính dừng giữa chừng: {error}")) from None
