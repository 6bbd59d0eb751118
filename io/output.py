"""Writing the files kiennghi hands out: whole or not at all, never over a file open in an office
suite, nothing left behind.

A file is written in a work folder of our own beside its target (`kiennghi.files.work_folder`),
then renamed over the target, so that a reader never sees half a file, a failure leaves the old
file as it was, and not even a kill -9 leaves a copy behind for long. Word and LibreOffice leave a
lock file beside a document they have open ("~$thong-bao.docx", ".~lock.thong-bao.docx#");
kiennghi refuses to replace such a file rather than pull it from under the officer.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

from kiennghi.access import denied
from kiennghi.errors import InputError
from kiennghi.files import FILE_MODE, make_folders, work_folder


def lock_file(path: Path) -> Path | None:
    """The office suite's lock file that says `path` is open, if there is one."""
    for name in (f".~lock.{path.name}#", f"~${path.name}", f"~${path.name[2:]}"):
        candidate = path.with_name(name)
        if candidate.exists():
            return candidate
    return None


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write` with a temporary path (that does not exist yet) for `path`, then rename it to
    `path`. Missing folders are made 2770; the file is 0640 (it holds residents' personal data).

    Raises InputError when `path` is open in Word or LibreOffice or its folder cannot be
    written, AccessDenied when the server's permissions refuse it.
    """
    path = Path(path)
    lock = lock_file(path)
    if lock is not None:
        raise InputError(
            f"Tệp {path} đang được mở trong Word/Excel/LibreOffice (có tệp khóa {lock.name}). "
            "Hãy đóng tệp đó, hoặc ghi ra tên khác bằng -o."
        )
    folder = path.parent
    with ExitStack() as stack:
        try:
            make_folders(folder)
            work = stack.enter_context(work_folder(folder))
        except OSError as error:
            raise InputError(f"Không ghi được vào thư mục {folder}: {error.strerror}.") from None
        temp = work / path.name
        write(temp)
        os.chmod(temp, FILE_MODE)
        try:
            os.replace(temp, path)
        except PermissionError:
            raise denied(folder) from None
    return path
