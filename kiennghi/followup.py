"""Following items to their end, as the app shows it: what is late and whose it is (the overdue
view), and how each unit stands by result category (the status board).

Both are built from what the reminders and the review already work out. The overdue view is the
letters `kiennghi.reminders` would write now, one group per unit (a forwarded item is its
reporting unit's to chase); the board counts, as the review report does, each unit's own items
of the ward (`review.grouped`) by result category (`review.tally`), with how many are overdue
(`triage.is_overdue`), the unit most behind first, and the forwarded items on a line of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from .config import Config
from .model import Item
from .reminders import DEFAULT_DAYS, Reminder, due_by_unit, reminder
from .notice import BEYOND
from .review import UNASSIGNED, grouped, tally
from .triage import OPEN_GROUPS, is_overdue

TOTAL = "Tổng cộng"
FORWARDED = "Chuyển cấp trên"


def overdue_view(config: Config, items: Sequence[Item], today: date, days: int = DEFAULT_DAYS,
                 unit: str | None = None) -> list[Reminder]:
    """The reminders the units would get now (only `unit`'s when given): each unit's items
    overdue or due within `days`, the oldest deadline first; the unit whose oldest deadline is
    the oldest comes first (the configuration's order among equals)."""
    due = due_by_unit(config, items, today, days)
    codes = sorted((code for code in due if unit in (None, code)), key=lambda code: due[code][0].deadline)
    return [reminder(config, code, due[code], today, days) for code in codes]


@dataclass(frozen=True)
class BoardRow:
    """One line of the board: an owner unit's items counted by result category."""

    unit: str | None       # the unit's code; None for the ward's items no unit owns yet, the forwarded
                           # items and the totals
    name: str              # its short name ("Phòng KT-HT-ĐT"), "Chưa giao đơn vị", "Chuyển cấp trên", "Tổng cộng"
    counts: tuple[int, ...]  # by result category, in the order of `Board.categories`
    open: int              # still to be resolved (not yet, or in progress): what can still be missed
    overdue: int           # of those, past their deadline

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Board:
    """The status board of a year's items, judged against `today`."""

    year: int
    today: date
    categories: tuple[tuple[str, str], ...]  # (the group's code, its words), the configuration's order
    rows: tuple[BoardRow, ...]  # the units, the one most behind first; then the ward's items no unit
                                # owns, and the forwarded items
    total: BoardRow


def _row(config: Config, code: str | None, name: str, items: Sequence[Item], today: date) -> BoardRow:
    shares = tally(config, items).shares
    return BoardRow(unit=code, name=name, counts=tuple(share.count for share in shares),
                    open=sum(share.count for share in shares if share.category in OPEN_GROUPS),
                    overdue=sum(is_overdue(item, config, today) for item in items))


def status_board(config: Config, year: int, items: Sequence[Item], today: date) -> Board:
    """`year`'s `items`: the ward's by owner unit and result category, the units most behind
    first (the most items overdue, then the most still open, then the configuration's order);
    then those no unit owns yet, and the forwarded items together."""
    ward = [item for item in items if item.jurisdiction != BEYOND]
    rows = [_row(config, code, config.units.short(code) if code else UNASSIGNED, owned, today)
            for code, owned in grouped(ward, "owner", config.units)]
    units = sorted((row for row in rows if row.unit is not None), key=lambda row: (-row.overdue, -row.open))
    rest = [row for row in rows if row.unit is None]
    forwarded = [item for item in items if item.jurisdiction == BEYOND]
    if forwarded:
        rest.append(_row(config, None, FORWARDED, forwarded, today))
    return Board(year=year, today=today, categories=tuple(config.categories.items()), rows=tuple(units + rest),
                 total=_row(config, None, TOTAL, items, today))
