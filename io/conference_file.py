"""A conference's details as a TOML file (`kiennghi conference show` / `set`).

The chair's conclusions are a table `[conclusions]` keyed by sector code, and the topics not
tied to a sector an array `[[topics]]` of `title` and `text`."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

import tomli_w

from kiennghi.dates import parse_date
from kiennghi.errors import InputError
from kiennghi.config import Config
from kiennghi.model import Conference, Topic
from kiennghi.text import clean_cell

_LISTS = ("chairs", "recipients", "basis")
_DATES = ("date", "notice_date")
_TABLES = ("conclusions", "topics")  # written last: TOML puts tables after plain keys
KEYS = tuple(f.name for f in fields(Conference) if f.name != "version")


def dumps(conference: Conference) -> str:
    """TOML text of the details; unset dates and counts are left out (TOML has no null); the
    conclusions as a table `[conclusions]`, the topics as `[[topics]]`, after the plain keys."""
    data = {key: getattr(conference, key) for key in KEYS if key not in _TABLES}
    parts = [tomli_w.dumps({key: value for key, value in data.items() if value is not None})]
    if conference.conclusions:
        parts.append(tomli_w.dumps({"conclusions": conference.conclusions}, multiline_strings=True))
    parts += ["[[topics]]\n" + tomli_w.dumps(asdict(topic), multiline_strings=True) for topic in conference.topics]
    return "\n".join(parts)


def load(path: Path, config: Config) -> dict[str, object]:
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
        elif key == "speakers":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10_000:
                raise InputError(f"Tệp {path}: khóa `speakers` phải là số người phát biểu (ví dụ 11), "
                                 f"đang là {value!r}.")
            values[key] = value
        elif key == "conclusions":
            values[key] = _conclusions(path, value, config)
        elif key == "topics":
            values[key] = _topics(path, value)
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


def _conclusions(path: Path, value: object, config: Config) -> dict[str, str]:
    """`[conclusions]`: a sector code of the configuration = the chair's conclusion on it."""
    if not isinstance(value, dict):
        raise InputError(f"Tệp {path}: `conclusions` phải là bảng [conclusions], mỗi dòng: MÃ_LĨNH_VỰC = \"kết luận\".")
    unknown = sorted(code for code in value if code not in config.sectors)
    if unknown:
        raise InputError(f"Tệp {path}: [conclusions]: mã lĩnh vực không có trong cấu hình: {', '.join(unknown)} "
                         f"(các mã: {', '.join(config.sectors.codes)}).")
    conclusions = {}
    for code, text in value.items():
        if not isinstance(text, str):
            raise InputError(f"Tệp {path}: [conclusions] `{code}` phải là chuỗi, đang là {text!r}.")
        if clean_cell(text):
            conclusions[code] = clean_cell(text)
    return conclusions


def _topics(path: Path, value: object) -> list[Topic]:
    """`[[topics]]`: each a `title` and a `text`, both text."""
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise InputError(f"Tệp {path}: `topics` phải là các bảng [[topics]], mỗi bảng có `title` và `text`.")
    topics = []
    for n, topic in enumerate(value, start=1):
        extra = sorted(set(topic) - {"title", "text"})
        title, text = topic.get("title"), topic.get("text")
        if extra or not isinstance(title, str) or not isinstance(text, str) or not clean_cell(title):
            raise InputError(f"Tệp {path}: [[topics]] thứ {n} phải có đúng hai khóa `title` (không rỗng) và "
                             f"`text`, là chuỗi.")
        topics.append(Topic(clean_cell(title), clean_cell(text)))
    return topics
