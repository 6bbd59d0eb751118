"""What the shared server lets the officer read and write, and a clear refusal when it does not.

On the shared server the store, its folder and the folders documents go to belong to the
officers' group (README, "Deployment on a shared server"). An officer outside the group, or a
folder only its owner may write, gets from the system a bare "Permission denied"; `denied` says
instead which path stands in the way, whose it is, and what to ask the administrator.
"""

from __future__ import annotations

import grp
import os
import pwd
import sqlite3
import stat
from pathlib import Path

from .errors import AccessDenied, StoreError
from .store import BUSY_TIMEOUT_MS, current_user

_GROUP_BIT = {os.R_OK: stat.S_IRGRP, os.W_OK: stat.S_IWGRP, os.X_OK: stat.S_IXGRP}
_RIGHT_NAME = {os.R_OK: "đọc", os.W_OK: "ghi", os.X_OK: "vào"}


def _blocker(path: Path, write: bool) -> tuple[Path, int, str] | None:
    """The first thing on the way to `path` that the officer may not use: (path, right, words)."""
    for folder in reversed(path.parents):
        if not os.access(folder, os.X_OK):
            return folder, os.X_OK, "vào thư mục"
    if not path.exists():
        return None if os.access(path.parent, os.W_OK) else (path.parent, os.W_OK, "tạo tệp hay thư mục trong thư mục")
    if path.is_dir():
        if not os.access(path, os.X_OK):
            return path, os.X_OK, "vào thư mục"
        return (path, os.W_OK, "ghi vào thư mục") if write and not os.access(path, os.W_OK) else None
    if not os.access(path, os.R_OK):
        return path, os.R_OK, "đọc tệp"
    if write and not os.access(path, os.W_OK):
        return path, os.W_OK, "ghi tệp"
    if write and not os.access(path.parent, os.W_OK):
        return path.parent, os.W_OK, "ghi vào thư mục"
    return None


def _name(lookup, number: int) -> str:
    try:
        return lookup(number)[0]
    except KeyError:
        return str(number)


def denied(path: str | os.PathLike[str], write: bool = True) -> AccessDenied:
    """The refusal to show when the system denies reading (or, with `write`, writing) `path`."""
    path = Path(os.path.abspath(path))
    user = current_user()
    found = _blocker(path, write)
    if found is None:  # an ACL, a read-only mount, a sticky folder: nothing the modes show
        return AccessDenied(f"Tài khoản {user} không được hệ thống cho {'ghi' if write else 'đọc'} {path}. "
                            "Hãy nhờ người quản trị kiểm tra quyền của tệp và thư mục đó.")
    blocked, right, doing = found
    info = blocked.stat()
    group = _name(grp.getgrgid, info.st_gid)
    where = (f"{blocked} (chủ {_name(pwd.getpwuid, info.st_uid)}, nhóm {group}, "
             f"quyền {stat.filemode(info.st_mode)[1:]})")
    if info.st_mode & _GROUP_BIT[right] and info.st_gid not in os.getgroups():
        ask = (f"thêm tài khoản {user} vào nhóm {group} (sudo usermod -aG {group} {user}), "
               "rồi đăng xuất và đăng nhập lại")
    else:
        ask = (f"cho nhóm các cán bộ quyền {_RIGHT_NAME[right]} ở đó (xem README, phần triển khai), "
               "hoặc chọn chỗ khác")
    return AccessDenied(f"Tài khoản {user} không có quyền {doing} {where}. Hãy nhờ người quản trị {ask}.")


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that reads the store at `path` and can write nothing to it (a check, a
    backup); a clear refusal when the file is missing or the officer may not read it."""
    try:
        if not path.is_file():
            raise StoreError(f"Chưa có cơ sở dữ liệu {path}.")
        if not os.access(path, os.R_OK):
            raise denied(path, write=False)
    except PermissionError:
        raise denied(path, write=False) from None
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    connection.row_factory = sqlite3.Row
    return connection
