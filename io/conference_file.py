"""A conference's details as a TOML file (`kiennghi conference show` / `set`)."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from datetime import date
from pathlib import Path

import tomli_w

from kiennghi.dates import parse_date
from kiennghi.errors import InputError
from kiennghi.model import Conference
from kiennghi.text import clean_cell

_LISTS = ("chairs", "recipients")
_DATES = ("date", "notice_date")
KEYS = tuple(f.name for f in fields(Conference) if f.name != "version")


def dumps(conference: Conference) -> str:
    """TOML text of the details; unset dates are left out (TOML has no null)."""
    data = {key: getattr(conference, key) for key in KEYS}
    return tomli_w.dumps({key: value for key, value in data.items() if value is not None})


def load(path: Path) -> dict[str, object]:
    """The details a conference file gives (always `year`), checked; every problem names the key."""
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"Không tìm thấy tệp {path}.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"Tệp {path} không đúng cú pháp TOML: {error}") from None
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise InputError(f"Tệp {path}: khóa không hỗ trợ {', '.join(unknown)} (các khóa: {', '.join(KEYS)}).")
    year = raw.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InputError(f"Tệp {path}: khóa `year` phải là năm (số, ví dụ 2025), đang là {year!r}.")
    values: dict[str, object] = {"year": year}
    for key in KEYS[1:]:
        if key not in raw:
            continue
        value = raw[key]
        if key in _DATES:  # "date" comes first: a notice date without a year is on or after it
            held = values.get("date")
            values[key] = _date(path, key, value, Conference(year, date=held if isinstance(held, date) else None))
        elif key in _LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"Tệp {path}: khóa `{key}` phải là danh sách chuỗi.")
            values[key] = [clean_cell(v) for v in value]
        elif isinstance(value, str):
            values[key] = clean_cell(value)
        else:
            raise InputError(f"Tệp {path}: khóa `{key}` phải là chuỗi, đang là {value!r}.")
    return values


def _date(path: Path, key: str, value: object, conference: Conference) -> date | None:
    """A date of the file; "30/10" is one of `conference` (see `parse_date`)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return parse_date(value, conference=conference)
        except ValueError as error:
            raise InputError(f"Tệp {path}: khóa `{key}`: {error}.") from None
    raise InputError(f"Tệp {path}: khóa `{key}` phải là ngày (2025-10-31 hoặc \"31/10/2025\").")
