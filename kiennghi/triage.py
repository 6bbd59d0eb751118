"""Triage in the core: which items a filter shows, and what each decision key changes.

The app maps keys to these functions; the CLI's `list` filters with the same `Filters`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any, Sequence

from .config import Config
from .model import SOURCE_NAMES, Conference, Item
from .suggest import Suggestion
from .text import fold

OPEN_GROUPS = ("not-yet", "in-progress", None)  # statuses whose deadline can still be missed


@dataclass(frozen=True)
class Filters:
    """What the officer narrowed the items to; every filter set must hold (they combine)."""

    untriaged: bool = False
    jurisdiction: str | None = None
    owner: str | None = None
    sector: str | None = None
    to_dan_pho: str | None = None
    status: str | None = None
    source: str | None = None
    overdue: bool = False
    concern: tuple[str, ...] = ()  # one concern's items (the first named): linked and likely duplicates

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def toggle(self, name: str, value: Any = True) -> "Filters":
        """These filters with `name` set to `value`, or cleared when it already holds it."""
        current = getattr(self, name)
        cleared = False if isinstance(current, bool) else None
        return replace(self, **{name: cleared if current == value else value})

    def matches(self, item: Item, config: Config, today: date) -> bool:
        if self.untriaged and item.jurisdiction is not None:
            return False
        for name in ("jurisdiction", "owner", "sector", "to_dan_pho", "status", "source"):
            wanted = getattr(self, name)
            if wanted is not None and getattr(item, name) != wanted:
                return False
        if self.concern and item.id not in self.concern:
            return False
        return not self.overdue or is_overdue(item, config, today)

    def describe(self, config: Config) -> list[str]:
        """Each active filter in words, for the status line."""
        parts = []
        if self.untriaged:
            parts.append("chưa phân loại")
        if self.jurisdiction:
            parts.append(config.jurisdictions.name(self.jurisdiction).lower() or self.jurisdiction)
        if self.owner:
            parts.append(f"chủ trì {config.units.short(self.owner)}")
        if self.sector:
            parts.append(f"lĩnh vực {config.sectors.short(self.sector)}")
        if self.to_dan_pho:
            parts.append(self.to_dan_pho)
        if self.status:
            parts.append(config.statuses.name(self.status).lower())
        if self.source:
            name = SOURCE_NAMES.get(self.source, self.source)
            parts.append(name if name[:2].isupper() else name[:1].lower() + name[1:])  # "MTTQ" stays
        if self.overdue:
            parts.append("quá hạn")
        if self.concern:
            parts.append(f"cùng nội dung với {self.concern[0]}")
        return parts


def is_overdue(item: Item, config: Config, today: date) -> bool:
    """Past its deadline and neither done nor declared impossible."""
    if item.deadline is None or item.deadline >= today:
        return False
    group = config.statuses.get(item.status).group if item.status in config.statuses else None
    return group in OPEN_GROUPS


def continued(items: Sequence[Item]) -> set[str]:
    """The IDs of the earlier items that one of `items` (shown) continues (`carried_from`): an
    item carried into a later year, or repeated there and linked, is followed there."""
    return {item.carried_from for item in items if item.carried_from and not item.hidden}


def followed_elsewhere(items: Sequence[Item]) -> set[str]:
    """The IDs of the earlier items whose continuation among `items` has taken them over: it has
    an owner and a deadline. Until then (a repeat linked but not triaged yet) the earlier item is
    still the one its unit is reminded of."""
    return {item.carried_from for item in items
            if item.carried_from and not item.hidden and item.owner and item.deadline}


def default_deadline(config: Config, sector: str | None, start: date) -> date:
    """The sector's default deadline (or the conference's) counted from `start`."""
    days = config.sector_routing.get(sector or "", {}).get("deadline_days")
    if days is None:
        days = config.conference.get("default_deadline_days", 30)
    return start + timedelta(days=days)


def deadline_start(conference: Conference | None, today: date) -> date:
    """Deadlines count from the conference's date once it is known, from today before."""
    return conference.date if conference and conference.date else today


def within_ward(config: Config, item: Item, owner: str, co_owners: Sequence[str], start: date) -> dict[str, Any]:
    """Decision `1`: the ward resolves the item; `owner` leads, `co_owners` help."""
    return {
        "jurisdiction": "phuong", "owner": owner, "co_owners": [c for c in co_owners if c != owner],
        "forward_to": None, "deadline": item.deadline or default_deadline(config, item.sector, start),
    }


def forward(config: Config, item: Item, body: str, owner: str | None, start: date) -> dict[str, Any]:
    """Decision `2`: forwarded to `body`; the ward unit compiling the report stays the owner."""
    return {
        "jurisdiction": "cap-tren", "forward_to": body, "owner": item.owner or owner,
        "deadline": item.deadline or default_deadline(config, item.sector, start),
    }


def accept(config: Config, item: Item, suggestion: Suggestion, start: date) -> dict[str, Any]:
    """Decision `a`: the suggestion, with the default deadline, for what the officer has not
    chosen yet: an owner or a body picked before (`o`, `b`) stays, a body sending it above."""
    sector = item.sector or suggestion.sector
    changes: dict[str, Any] = {"sector": sector}
    item = replace(item, sector=sector)
    owner = item.owner or suggestion.owner
    body = item.forward_to or (suggestion.forward_to if suggestion.jurisdiction == "cap-tren" else None)
    if body:
        changes.update(forward(config, item, body, owner, start))
    elif owner:
        changes.update(within_ward(config, item, owner, item.co_owners, start))
    return changes


# What a decision sets: a concern's items (`kiennghi.duplicates`) share it, and its sector, as
# the notice counts the concern once, in one sector.
DECISION = ("jurisdiction", "owner", "co_owners", "forward_to", "deadline", "sector")


def decision(item: Item) -> dict[str, Any]:
    """The decision taken on `item` (None of it when it is not triaged)."""
    return {name: getattr(item, name) for name in DECISION}


def reporting_unit(config: Config, item: Item, suggestion: Suggestion | None) -> str | None:
    """The ward unit that compiles the report on a forwarded item: the suggestion's owner when
    it has been worked out, else the sector's default owner."""
    if suggestion is not None:
        return suggestion.owner
    return config.sector_routing.get(item.sector or "", {}).get("owner")


@dataclass(frozen=True)
class Counts:
    """A year's items counted for the status line: by jurisdiction, and overdue against `today`."""

    total: int
    untriaged: int
    ward: int
    upward: int
    overdue: int
    today: date

    @classmethod
    def of(cls, config: Config, items: Sequence[Item], today: date) -> Counts:
        untriaged = ward = overdue = 0
        for item in items:
            if item.jurisdiction is None:
                untriaged += 1
            elif item.jurisdiction == "phuong":
                ward += 1
            if item.deadline is not None and is_overdue(item, config, today):
                overdue += 1
        return cls(len(items), untriaged, ward, len(items) - untriaged - ward, overdue, today)


def suggestion_text(config: Config, item: Item, suggestion: Suggestion) -> str:
    """What kiennghi suggests for `item`, in words: where it goes, who leads, the sector when
    the item has none, how sure, and why."""
    if suggestion.jurisdiction == "cap-tren":
        parts = [f"chuyển {config.bodies.name(suggestion.forward_to)}",
                 f"đơn vị tổng hợp {config.units.short(suggestion.owner)}"]
    else:
        parts = [f"thuộc phường, chủ trì {config.units.name(suggestion.owner)}"]
    if not item.sector and suggestion.sector:
        parts.append(f"lĩnh vực {config.sectors.short(suggestion.sector)}")
    parts.append(f"độ tin {suggestion.confidence:.0%}")
    parts.append(f"vì {suggestion.reason}")
    return "; ".join(parts)


def value_counts(items: Sequence[Item], name: str) -> Counter[Any]:
    """How many of `items` hold each value of `name` (lists as tuples): a picker shows them
    when a selection holds mixed values."""
    return Counter(tuple(v) if isinstance(v, list) else v for v in (getattr(item, name) for item in items))


def query_matches(query: str, haystack: str) -> bool:
    """Every word of `query` begins a word of `haystack` (both folded): "kt ha tang" finds the
    "Phòng Kinh tế, Hạ tầng và Đô thị" whose folded spellings include its code "kt-ht-dt";
    "cong an" finds "Công an phường" but not "…hành chính công" ("an" only inside "hanh")."""
    padded = f" {haystack}"
    return all(f" {word}" in padded for word in fold(query).split())


def entry_haystack(*spellings: str) -> str:
    """What a picker matches a typed query against: every spelling folded, plus initials
    ("Kinh tế, Hạ tầng" → "kt ht")."""
    folded = [fold(s) for s in spellings if s]
    initials = ["".join(word[0] for word in s.split()) for s in folded]
    return " | ".join(folded + initials)
