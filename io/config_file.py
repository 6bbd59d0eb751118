"""Teaching `config.toml` a new spelling: an alias added to a unit, body, sector, status or
jurisdiction, in place, the file's comments and order kept.

The new `aliases = [...]` line is written with tomli-w and put where the entry's old one was
(or after its `short` line); the result is read back and must equal the old configuration with
only those aliases added, or the whole file is written again with tomli-w (comments lost, as
the library cannot keep them). The old file is kept beside it as `config.toml.bak`, and the new
one replaces it whole, with the same permissions.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from kiennghi.config import Config
from kiennghi.errors import InputError
from kiennghi.text import fold


def add_aliases(config: Config, additions: list[tuple[str, str, str]]) -> tuple[Path, Path] | None:
    """Add each (kind, code, spelling) as an alias of that entry of `config`'s file; return the
    file and its backup, or None when every spelling was known already."""
    path = Path(config.source)
    if not path.is_file():
        raise InputError("Đang dùng cấu hình mặc định đi kèm kiennghi nên không lưu được cách viết mới. "
                         "Hãy chép config.toml ra thư mục làm việc (hoặc /etc/kiennghi/) rồi chạy lại.")
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise InputError(f"Không đọc được {path}: {error.strerror}.") from None
    data = tomllib.loads(text)
    wanted = copy.deepcopy(data)
    changed = False
    for kind, code, spelling in additions:
        entries = wanted.get(kind, [])
        index = next((i for i, entry in enumerate(entries) if entry.get("code") == code), None)
        if index is None:
            raise InputError(f"{path} không có mục mã “{code}” trong [[{kind}]].")
        entry = entries[index]
        known = {fold(str(entry.get(key, ""))) for key in ("code", "name", "short")}
        known |= {fold(alias) for alias in entry.get("aliases", [])}
        if fold(spelling) in known:
            continue
        entry["aliases"] = [*entry.get("aliases", []), spelling]
        text = _splice(text, kind, index, entry["aliases"])
        changed = True
    if not changed:
        return None
    if _loads(text) != wanted:
        text = tomli_w.dumps(wanted)
    backup = path.with_name(path.name + ".bak")
    try:
        shutil.copy2(path, backup)
        _replace(path, text)
    except OSError as error:
        raise InputError(f"Không ghi được {path}: {error.strerror}. Cấu hình chưa thay đổi.") from None
    return path, backup


def _loads(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _splice(text: str, kind: str, index: int, aliases: list[str]) -> str:
    """`text` with the aliases line of the `index`-th `[[kind]]` table replaced or added."""
    line = "aliases = [" + ", ".join(tomli_w.dumps({"a": a}).strip()[len("a = "):] for a in aliases) + "]"
    starts = [m.start() for m in re.finditer(rf"(?m)^\[\[{re.escape(kind)}\]\][ \t]*(#.*)?$", text)]
    if index >= len(starts):
        return text
    start = starts[index]
    following = re.compile(r"(?m)^\[").search(text, start + 1)
    end = following.start() if following else len(text)
    block = text[start:end]
    existing = re.search(r"(?ms)^aliases\s*=\s*\[.*?\][ \t]*$", block)
    if existing:
        block = block[:existing.start()] + line + block[existing.end():]
    else:
        short = re.search(r"(?m)^short\s*=.*$", block)
        at = short.end() if short else len(block.rstrip("\n"))
        block = block[:at] + "\n" + line + block[at:]
    return text[:start] + block + text[end:]


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` whole: a temporary file beside it, then renamed over it."""
    mode = path.stat().st_mode & 0o777
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
