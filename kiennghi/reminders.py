"""Reminders to the units (*nhắc việc*): each unit's items overdue or due within a few days, the
oldest deadline first, as the short letter the office sends it (`templates/nhac-viec.docx`).

An item is due while its result is still open (as `kiennghi.triage.is_overdue` says: not yet
resolved, or in progress); it belongs to its owner unit. Every year's items count: last year's unfinished
ones are as late as this year's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

from .config import Config
from .dates import short
from .errors import InputError
from .model import Item
from .notice import BEYOND, count, dated_place, number
from .triage import followed_elsewhere, is_overdue

DEFAULT_DAYS = 7
MAX_DAYS = 3650  # ten years ahead: a reminder further on says nothing


@dataclass
class ReminderRow:
    stt: str
    id: str
    content: str
    to_dan_pho: str
    deadline: str      # "28/11/2025"
    when: str          # "quá hạn 12 ngày", "đến hạn hôm nay", "còn 3 ngày"
    status: str        # the status's name, or "Chưa cập nhật"
    body: str          # a forwarded item's body above (its whole name), else ""
    answered: bool     # a forwarded item whose answer from above is recorded


@dataclass
class Reminder:
    """One unit's letter: everything the reminder template may show."""

    unit_code: str
    unit: str          # "Phòng Kinh tế, Hạ tầng và Đô thị"
    ward: str
    people_committee: str
    place_date: str    # "Phúc Lợi, ngày 05 tháng 3 năm 2026"
    today: str         # "05/03/2026"
    days: str          # "07" (due within so many days)
    overdue: str       # "03 ý kiến" past their deadline
    coming: str        # "02 ý kiến" due within `days`
    situation: str     # "03 ý kiến đã quá hạn giải quyết và 02 ý kiến đến hạn trong 07 ngày tới", what there is
    request: str       # what the unit is asked to do ("Đề nghị đơn vị khẩn trương giải quyết, …")
    rows: list[ReminderRow]


def is_due(config: Config, item: Item, today: date, days: int) -> bool:
    """Still open and due by `days` days from `today` (overdue ones included): overdue the day after."""
    return is_overdue(item, config, today + timedelta(days=days + 1))


def when(deadline: date, today: date) -> str:
    late = (today - deadline).days
    if late > 0:
        return f"quá hạn {late} ngày"
    return "đến hạn hôm nay" if late == 0 else f"còn {-late} ngày"


def due_by_unit(config: Config, items: Sequence[Item], today: date, days: int = DEFAULT_DAYS) -> dict[str, list[Item]]:
    """Each owner unit's due items (in the configuration's order of units), the oldest deadline
    first; items without an owner are nobody's to remind, nor an earlier year's item that a later
    one continues (carried over, or linked: `kiennghi.carry`) once that one has an owner and a
    deadline: it is reminded of as that one."""
    mine: dict[str, list[Item]] = defaultdict(list)
    followed = followed_elsewhere(items)
    for item in items:
        if item.owner and item.id not in followed and is_due(config, item, today, days):
            mine[item.owner].append(item)
    order = [c for c in config.units.codes if c in mine] + sorted(c for c in mine if c not in config.units)
    return {code: sorted(mine[code], key=lambda i: (i.deadline, i.year, i.seq)) for code in order}


def unowned_due(config: Config, items: Sequence[Item], today: date, days: int = DEFAULT_DAYS) -> list[Item]:
    """The due items no reminder can go to, for want of an owner unit (as `due_by_unit` leaves
    them out), the oldest deadline first: to be said, not dropped in silence."""
    followed = followed_elsewhere(items)
    return sorted((i for i in items if not i.owner and i.id not in followed and is_due(config, i, today, days)),
                  key=lambda i: (i.deadline, i.year, i.seq))


def file_name(unit_code: str, today: date) -> str:
    """The file a unit's reminder is written to: "nhac-viec-CA-2026-03-05.docx"."""
    return f"nhac-viec-{unit_code}-{today.isoformat()}.docx"


def reminder(config: Config, code: str, due: Sequence[Item], today: date, days: int) -> Reminder:
    """Unit `code`'s letter about its `due` items (as `due_by_unit` gives them)."""
    late = sum(i.deadline < today for i in due)
    rows = [ReminderRow(stt=str(n), id=i.id, content=" ".join(i.content.split()), to_dan_pho=i.to_dan_pho,
                        deadline=short(i.deadline), when=when(i.deadline, today),
                        status=config.statuses.name(i.status) or "Chưa cập nhật",
                        body=config.bodies.name(i.forward_to) if i.jurisdiction == BEYOND else "",
                        answered=i.jurisdiction == BEYOND and answered_above(i))
            for n, i in enumerate(due, start=1)]
    return Reminder(
        unit_code=code, unit=config.units.name(code), ward=config.ward.name,
        people_committee=config.ward.people_committee, place_date=dated_place(config.ward.place, today, today.year),
        today=short(today), days=f"{days:02d}", overdue=count(late), coming=count(len(due) - late),
        situation=situation(late, len(due) - late, days), request=request(config, due), rows=rows)


def situation(late: int, coming: int, days: int) -> str:
    """How many are late and how many come due, saying only what there is ("03 ý kiến đã quá
    hạn giải quyết", not "… và 00 ý kiến đến hạn trong 00 ngày tới")."""
    within = "hôm nay" if days == 0 else f"trong {number(days)} ngày tới"
    parts = ([f"{count(late)} đã quá hạn giải quyết"] if late else []) + (
        [f"{count(coming)} đến hạn {within}"] if coming else [])
    return " và ".join(parts)


def request(config: Config, due: Sequence[Item]) -> str:
    """What the letter asks of the unit: to resolve its own items; for those forwarded upward
    and not yet answered (no reply recorded), to keep in touch with the body that received them
    until it answers in writing (a ward does not direct a department); then to record the
    results and report."""
    forwarded = [i for i in due if i.jurisdiction == BEYOND]
    answered = sum(1 for i in forwarded if answered_above(i))
    own, waiting = len(due) - len(forwarded), len(forwarded) - answered
    tail = f"cập nhật kết quả vào sổ theo dõi và báo cáo Ủy ban nhân dân {config.ward.name}."
    if not forwarded:
        return f"Đề nghị đơn vị khẩn trương giải quyết, {tail}"
    asks = [f"khẩn trương giải quyết {count(own)} thuộc thẩm quyền"] if own else []
    if waiting:
        asks.append(f"theo dõi, liên hệ cơ quan cấp trên đã tiếp nhận {count(waiting)} để sớm có văn bản trả lời")
    if answered:
        asks.append(f"thông tin văn bản trả lời của cấp trên về {count(answered)} cho cử tri")
    return f"Đề nghị đơn vị {'; '.join(asks + [tail])}"


def answered_above(item: Item) -> bool:
    """Whether a forwarded item's answer from above is recorded (any part of it)."""
    return bool(item.reply_body or item.reply_no or item.reply_date or item.reply_text.strip())


def nothing_due(today: date, days: int) -> str:
    """What is said when no unit has anything to be reminded of."""
    return f"Không có ý kiến nào quá hạn hoặc đến hạn trong {days} ngày tới (tính đến {short(today)})."


def reminders(config: Config, items: Sequence[Item], today: date, days: int = DEFAULT_DAYS,
              unit: str | None = None) -> list[Reminder]:
    """One reminder per unit with due items (only `unit`'s when given), in the configuration's
    order of units."""
    if unit is not None and unit not in config.units:
        raise InputError(f"Không có đơn vị mã “{unit}” (các mã: {', '.join(config.units.codes)}).")
    return [reminder(config, code, due, today, days)
            for code, due in due_by_unit(config, items, today, days).items() if unit in (None, code)]
