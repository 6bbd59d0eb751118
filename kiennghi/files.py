"""Folders and files kiennghi writes on the shared server: shared with the group, never left half
done, never left behind.

- A folder kiennghi creates is 2770 whatever the umask, as the store's folder is (README,
  "Deployment on a shared server"): the officers' group reads and writes it, new files in it get
  its group, other users of the server see nothing.
- A file handed out is 0640: the group reads it, other users cannot (residents' names).
- A file is written inside a work folder of the process's own (`.kiennghi-…`, 0700) beside its
  target, then renamed into place. The work folder is removed afterwards; one that a kill -9 left
  behind is removed by the next writing in the same folder: each work folder is locked (flock)
  by the process that made it, and the lock dies with that process, so a folder nobody holds is a
  leftover and a folder still held is never touched.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .access import denied

FOLDER_MODE = 0o2770
FILE_MODE = 0o640
WORK_PREFIX = ".kiennghi-"


def make_folders(folder: Path) -> None:
    """Create `folder` and whichever of its parents are missing, each 2770."""
    missing = []
    try:
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for created in reversed(missing):
            try:
                created.mkdir(mode=0o700)  # nobody else gets in before its mode is set
            except FileExistsError:  # made by another officer meanwhile: theirs to set
                continue
            os.chmod(created, FOLDER_MODE)  # the umask may have taken the group's rights away
    except PermissionError as error:
        raise denied(error.filename or folder) from None


def clear_leftovers(folder: Path) -> None:
    """Remove the work folders that this user's killed processes left in `folder`."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # writing there will say why it cannot
    for entry in entries:
        if not entry.name.startswith(WORK_PREFIX):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.geteuid():
                continue
            handle = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(entry.path, ignore_errors=True)
        except BlockingIOError:
            pass  # a living process is writing there
        finally:
            os.close(handle)


def _locked_folder(beside: Path) -> tuple[Path, int]:
    """A new work folder in `beside` and the descriptor holding its lock."""
    while True:
        work = tempfile.mkdtemp(prefix=WORK_PREFIX, dir=beside)
        try:
            handle = os.open(work, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue
        fcntl.flock(handle, fcntl.LOCK_EX)
        if os.fstat(handle).st_nlink:  # not taken for a leftover between mkdtemp and flock
            return Path(work), handle
        os.close(handle)


@contextmanager
def work_folder(beside: Path) -> Iterator[Path]:
    """A work folder of this process's own in `beside`, removed afterwards (see the module)."""
    clear_leftovers(beside)
    try:
        work, handle = _locked_folder(beside)
    except PermissionError:
        raise denied(beside) from None
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.close(handle)
