"""Writing the files kiennghi hands out: whole or not at all, never over a file open in an office suite.

A file is written to a temporary name beside its target, then renamed over it, so that a reader
never sees half a file and a failure leaves the old file as it was. Word and LibreOffice leave a
lock file beside a document they have open ("~$thong-bao.docx", ".~lock.thong-bao.docx#");
kiennghi refuses to replace such a file rather than pull it from under the officer.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from kiennghi.errors import InputError


def lock_file(path: Path) -> Path | None:
    """The office suite's lock file that says `path` is open, if there is one."""
    for name in (f".~lock.{path.name}#", f"~${path.name}", f"~${path.name[2:]}"):
        candidate = path.with_name(name)
        if candidate.exists():
            return candidate
    return None


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write` with a temporary path beside `path`, then rename it to `path`.

    The file is readable by its owner and group only (it holds residents' personal data).
    Raises InputError when `path` is open in Word or LibreOffice or its folder cannot be written.
    """
    path = Path(path)
    lock = lock_file(path)
    if lock is not None:
        raise InputError(
            f"Tệp {path} đang được mở trong Word/Excel/LibreOffice (có tệp khóa {lock.name}). "
            "Hãy đóng tệp đó, hoặc ghi ra tên khác bằng -o."
        )
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=folder)
    except OSError as error:
        raise InputError(f"Không ghi được vào thư mục {folder}: {error.strerror}.") from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        os.chmod(temp, 0o640)
        write(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path
