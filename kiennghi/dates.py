"""Dates as officers type them and as documents write them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Conference

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2}|\d{4}))?\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.]+)?\s*$")
_RELATIVE = re.compile(r"^\s*\+\s*(\d{1,4})\s*$")


def parse_date(text: str, today: date | None = None, conference: Conference | None = None) -> date:
    """Read "28/11/2025", "28-11-25", "2025-11-28", "28/11" or "+7" (7 days from today).

    A day and month without a year ("20/11") are a date of `conference`, not of the day they
    are typed: an item of the 2025 conference triaged in 2026 is due 20/11/2025. Once the
    conference's date is known they are the first such day on or after it (a conference held
    on 12/12/2025 reads "15/01" as 15/01/2026 and "20/12" as 20/12/2025); before, that day in
    the conference's year. Without a conference, in today's year. "+7" counts from today.

    Raises ValueError with a Vietnamese message when `text` is not a date.
    """
    today = today or date.today()
    if match := _RELATIVE.match(text):
        return today + timedelta(days=int(match.group(1)))
    try:
        if match := _ISO.match(text):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _DMY.match(text):
            day, month, year = match.groups()
            if year is None:
                full_year = _year_of(int(day), int(month), today, conference)
            else:
                full_year = int(year) + (2000 if len(year) == 2 else 0)
            return date(full_year, int(month), int(day))
    except ValueError:
        raise ValueError(f"“{text.strip()}” không phải là một ngày có thật") from None
    raise ValueError(f"“{text.strip()}” không phải là ngày (cần dạng 28/11/2025, 28/11, +7 hoặc 2025-11-28)")


def _year_of(day: int, month: int, today: date, conference: Conference | None) -> int:
    """The year of a day and month typed without one (see `parse_date`)."""
    if conference is None:
        return today.year
    held = conference.date
    if held is None:
        return conference.year
    return held.year + ((month, day) < (held.month, held.day))


def as_date(value: object) -> date | None:
    """A date from a spreadsheet value: a date cell, a datetime, or text in a known form."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(str(value))


def short(value: date | None) -> str:
    """The short form of documents: "28/11/2025"."""
    return value.strftime("%d/%m/%Y") if value else ""


def in_words(value: date, with_year: bool = True) -> str:
    """The long form of documents: "ngày 03 tháng 11 năm 2025", "ngày 05 tháng 7".

    Days below 10 take a leading zero, months only for January and February (01, 02).
    """
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month}"
    return f"{text} năm {value.year}" if with_year else text


def moment(at: str) -> str:
    """A time the store recorded (ISO, with its offset) as tables show it: "2025-11-03 14:05"."""
    return at[:16].replace("T", " ")
