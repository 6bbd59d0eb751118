"""Dates as officers type them: a day and month without a year belong to the conference."""

from __future__ import annotations

from datetime import date

import pytest

from kiennghi.dates import parse_date
from kiennghi.model import Conference

LATER = date(2026, 3, 2)  # triaging the 2025 conference in the spring after it


def test_a_day_and_month_are_in_the_conference_year_not_todays():
    assert parse_date("20/11", LATER, Conference(2025)) == date(2025, 11, 20)
    assert parse_date("15/01", LATER, Conference(2025)) == date(2025, 1, 15)  # its date not known yet
    assert parse_date(" 5.1 ", LATER, Conference(2025)) == date(2025, 1, 5)
    assert parse_date("20/11", LATER) == date(2026, 11, 20)  # no conference: today's year


def test_once_the_conference_date_is_known_they_are_the_first_such_day_on_or_after_it():
    december = Conference(2025, date=date(2025, 12, 12))
    assert parse_date("15/01", LATER, december) == date(2026, 1, 15)  # a deadline in January after it
    assert parse_date("20/12", LATER, december) == date(2025, 12, 20)
    assert parse_date("12/12", LATER, december) == date(2025, 12, 12)  # the day itself
    assert parse_date("11/12", LATER, december) == date(2026, 12, 11)
    october = Conference(2025, date=date(2025, 10, 30))
    assert parse_date("20/11", LATER, october) == date(2025, 11, 20)
    assert parse_date("28/02", LATER, october) == date(2026, 2, 28)


def test_a_full_date_and_days_from_today_ignore_the_conference():
    december = Conference(2025, date=date(2025, 12, 12))
    assert parse_date("+30", LATER, december) == date(2026, 4, 1)
    assert parse_date("20/11/2027", LATER, december) == date(2027, 11, 20)
    assert parse_date("20-11-24", LATER, december) == date(2024, 11, 20)
    assert parse_date("2025-01-15", LATER, december) == date(2025, 1, 15)


def test_a_day_that_year_does_not_have_is_refused():
    with pytest.raises(ValueError, match="không phải là một ngày có thật"):
        parse_date("29/02", LATER, Conference(2025))
    leap = Conference(2027, date=date(2027, 12, 1))  # on or after 01/12/2027: February 2028
    assert parse_date("29/02", LATER, leap) == date(2028, 2, 29)
    with pytest.raises(ValueError, match="cần dạng 28/11/2025, 28/11"):
        parse_date("hai mươi", LATER, leap)
