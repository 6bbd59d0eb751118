"""Backups of the store: a consistent copy taken while officers work, the last few kept.

SQLite's online backup API copies the store page by page inside one read transaction: what the
copy holds is the store as one moment left it, whatever officers commit meanwhile (WAL readers
and writers do not wait for each other). The copy is written in a work folder of our own and
renamed into place (`kiennghi.files`), mode 0640: the group may read it back, other users of the
server cannot (it holds residents' names). Backups are named by the store and the moment,
"phuc-loi-20250601-013000.db", so that their names sort as their times; past the last `keep`,
the oldest are removed, and nothing else in the folder is touched.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from .access import denied, read_only
from .errors import StoreError
from .files import FILE_MODE, make_folders, work_folder

DEFAULT_KEEP = 14  # two weeks of nightly backups
DEFAULT_FOLDER = "sao-luu"  # the default folder, beside the store (in its 2770 folder)


def backup_folder(db_path: Path) -> Path:
    """Where backups go when no folder is given: `sao-luu` beside the store."""
    return db_path.parent / DEFAULT_FOLDER


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(db_path.stem)}-\d{{8}}-\d{{6}}\.db")


def backups(db_path: Path, folder: Path) -> list[Path]:
    """The backups of this store in `folder`, the oldest first."""
    pattern = _pattern(db_path)
    return sorted(path for path in folder.iterdir() if pattern.fullmatch(path.name))


def backup(db_path: Path, folder: Path, keep: int = DEFAULT_KEEP) -> tuple[Path, list[Path]]:
    """Copy the store at `db_path` into `folder` and keep the last `keep` backups there (a
    second backup within the same second replaces the first). Returns the new backup and the
    old ones removed."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    source = read_only(db_path)
    try:
        make_folders(folder)
        name = f"{db_path.stem}-{datetime.now():%Y%m%d-%H%M%S}.db"
        with work_folder(folder) as work:
            copy = sqlite3.connect(work / name)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one file: no -wal, no -shm beside it
            finally:
                copy.close()
            os.chmod(work / name, FILE_MODE)
            os.replace(work / name, folder / name)
        removed = backups(db_path, folder)[:-keep]
        for old in removed:
            old.unlink()
    except PermissionError as error:
        raise denied(error.filename or folder) from None
    except sqlite3.DatabaseError as error:
        raise StoreError(f"Không sao lưu được cơ sở dữ liệu {db_path}: {error}.") from None
    finally:
        source.close()
    return folder / name, removed
