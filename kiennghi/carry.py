"""Last year's unfinished items come along (issue 16, point 4).

- When a year's sheet is imported, each new item that repeats an earlier year's unresolved item
  (the suggester's matching, `kiennghi.suggest`) is linked to it as a suggestion, with the
  reason (`link_repeats`); the officer confirms the link or rejects it (`confirm`, `reject`:
  edits like any decision, logged and undoable), and a rejected link is never suggested again.
- An earlier year's unresolved items can be carried into a later year (`carry_over`): each
  becomes an item of source "tồn năm trước" that keeps a link to the original (`carried_from`),
  whose history stays visible from it (`Store.lineage`).
- The new year's notice states last year's results in one sentence (`last_year_results`).

Unresolved: an item whose result category (`Config.category`) is still open, in progress or
not resolved yet (`kiennghi.triage.OPEN_GROUPS`).
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any, Sequence

from .config import Config
from .errors import KienNghiError
from .model import CARRIED, Item, NewItem
from .review import tally
from .store import Carried, ImportBatch, Store
from .suggest import suggest_year
from .text import excerpt
from .triage import OPEN_GROUPS, continued

REASON_EXCERPT = 90  # characters of the earlier item's text the reason quotes
ALSO_LISTED = 2  # further earlier items alike the reason names


def unresolved(config: Config, item: Item) -> bool:
    """Still to be followed: shown, and in progress or not resolved yet."""
    return not item.hidden and config.category(item.status) in OPEN_GROUPS


def _open_before(config: Config, store: Store, year: int) -> list[Item]:
    """The unresolved items of the years before `year` not yet followed in `year` (no item of
    `year` continues them)."""
    followed = continued(store.items(year))
    return [item for item in store.items() if item.year < year and unresolved(config, item)
            and item.id not in followed]


def _repeats(config: Config, earlier: Sequence[Item], items: Sequence[Item], year: int) -> dict[str, list[Item]]:
    """For each of `items` (of `year`) that repeats some of `earlier`, those, the most alike
    first, as the suggester's matching ranks them (`Suggestion.carried_over`); the earlier items
    an item's officer rejected left out."""
    by_id = {item.id: item for item in earlier}
    found = {}
    for suggestion in suggest_year(config, [*earlier, *items], year, only_untriaged=False):
        found[suggestion.id] = suggestion.carried_over
    rejected = {item.id: set(item.carry_rejected) for item in items}
    return {item_id: repeats for item_id, ids in found.items()
            if (repeats := [by_id[i] for i in ids if i in by_id and i not in rejected.get(item_id, ())])}


def link_repeats(config: Config, store: Store, batch: ImportBatch) -> ImportBatch:
    """`batch` with each item that repeats an earlier year's unresolved item carrying the
    suggestion (`carry_suggested`) and why (`carry_reason`). Reads the store, writes nothing:
    the import stores the suggestions with the items."""
    earlier = _open_before(config, store, batch.year)
    if not earlier or not batch.items:
        return batch
    # The new items as the suggester takes them, under IDs no stored item has.
    new = [Item(**{f.name: getattr(item, f.name) for f in fields(NewItem)}, id=f"+{n}", year=batch.year)
           for n, item in enumerate(batch.items)]
    found = _repeats(config, earlier, new, batch.year)
    return replace(batch, items=[
        replace(item, carry_suggested=found[candidate.id][0].id, carry_reason=reason(config, found[candidate.id]))
        if candidate.id in found else item for item, candidate in zip(batch.items, new)])


def suggest_links(config: Config, store: Store, year: int, source: str) -> list[Item]:
    """Look again, for the items of `year` stored without a link or a suggestion (imported
    before kiennghi looked, or after a suggestion was rejected), for an earlier year's
    unresolved item they repeat; a rejected one is never suggested again. Stores the
    suggestions found (logged); returns the items suggested."""
    items = [item for item in store.items(year) if not item.carried_from and not item.carry_suggested]
    earlier = _open_before(config, store, year)
    if not earlier or not items:
        return []
    found = _repeats(config, earlier, items, year)
    links = {item.id: (item.version, repeats[0].id, reason(config, repeats))
             for item in items if (repeats := found.get(item.id))}
    return store.suggest_links(links, source) if links else []


def reason(config: Config, repeats: Sequence[Item]) -> str:
    """Why an item seems to repeat `repeats[0]`: its year, where it stands, its words; the
    others alike."""
    first = repeats[0]
    status = config.statuses.name(first.status) or "chưa có tình trạng"
    text = f"nội dung gần giống ý kiến {first.id} năm {first.year}, {status.lower()}: “{excerpt(first.content, REASON_EXCERPT)}”"
    others = [item.id for item in repeats[1:1 + ALSO_LISTED]]
    return text + (f"; cũng gần giống {', '.join(others)}" if others else "")


def confirm(item: Item) -> dict[str, Any]:
    """The officer says `item` continues the earlier item suggested: the link, made."""
    if not item.carry_suggested:
        raise KienNghiError(f"{item.id} không có gợi ý tồn từ năm trước nào để xác nhận.")
    return {"carried_from": item.carry_suggested, "carry_suggested": None}


def reject(item: Item) -> dict[str, Any]:
    """The officer says `item` is not the earlier item suggested: never suggested again."""
    if not item.carry_suggested:
        raise KienNghiError(f"{item.id} không có gợi ý tồn từ năm trước nào để bác.")
    return {"carry_suggested": None, "carry_rejected": [*item.carry_rejected, item.carry_suggested]}


def carried_item(original: Item) -> NewItem:
    """The item that continues `original` in a later year: its petition, triage and follow-up
    so far, of source "tồn năm trước", linked to it; where it came from as the original's."""
    values = {f.name: getattr(original, f.name) for f in fields(NewItem)}
    values.update(stt=None, carried_from=original.id, carry_suggested=None, carry_reason="", carry_rejected=[],
                  not_duplicates=[])
    return NewItem(**{**values, "source": CARRIED})


def carry_candidates(config: Config, store: Store, source_year: int, year: int,
                     ids: Sequence[str] = ()) -> list[Item]:
    """The items of `source_year` to carry into `year`: its unresolved items, or those of them
    named by `ids` (refused, naming them, when one is not of `source_year` or not unresolved)."""
    if source_year >= year:
        raise KienNghiError(f"Chỉ mang được ý kiến của năm trước sang năm sau: năm {source_year} không trước năm {year}.")
    if not ids:
        if not store.count(source_year):
            years = ", ".join(str(y) for y in store.years() if store.count(y)) or "không năm nào"
            raise KienNghiError(f"Năm {source_year} không có ý kiến nào trong sổ (có ý kiến: {years}).")
        return [item for item in store.items(source_year) if unresolved(config, item)]
    wanted = [item_id.strip().upper() for item_id in ids]
    found = {item.id: item for item in store.items_by_id(wanted)}
    wrong = [f"{i} (không có)" if i not in found else f"{i} (năm {found[i].year})" if found[i].year != source_year
             else f"{i} (đã ẩn)" if found[i].hidden else f"{i} ({config.statuses.name(found[i].status).lower()})"
             for i in wanted if i not in found or found[i].year != source_year or not unresolved(config, found[i])]
    if wrong:
        raise KienNghiError(f"Không mang sang năm {year}: {', '.join(wrong)} không phải ý kiến chưa giải quyết xong "
                            f"của năm {source_year}; chưa mang ý kiến nào.")
    return [found[i] for i in dict.fromkeys(wanted)]


def carry_over(config: Config, store: Store, source_year: int, year: int, source: str,
               ids: Sequence[str] = (), dry_run: bool = False) -> Carried:
    """Carry the unresolved items of `source_year` (or those of them named by `ids`) into
    `year`, all or none: each as it was read (`StaleEdit` when one has changed since), once
    (an original already followed in `year` is not carried again); a `dry_run` says what would
    be carried, followed already or waiting, and writes nothing."""
    originals = carry_candidates(config, store, source_year, year, ids)
    return store.carry_items(year, {item.id: item.version for item in originals}, carried_item, source, dry_run)


def previous_year(store: Store, year: int) -> int | None:
    """The year before `year` that has items shown: the one whose items come along into `year`."""
    return next((y for y in reversed(store.years()) if y < year and store.count(y)), None)


def last_year_results(config: Config, store: Store, year: int, day: date | None = None) -> str:
    """The sentence on the results of the notice of the year before `year` (`previous_year`),
    from its items' result categories as they stood at the end of `day` (the conference's), or
    now; "" when there is no earlier year."""
    previous = previous_year(store, year)
    if previous is None:
        return ""
    items = store.items_as_of(previous, day) if day else store.items(previous)
    if not items:
        return ""
    conference = store.conference(previous)
    number = f" (số {conference.notice_number.strip()})" if conference and conference.notice_number.strip() else ""
    counted = tally(config, items)
    return (f"Kết quả thực hiện Thông báo kết luận Hội nghị đối thoại năm {previous}{number}: "
            f"trong {counted.total}, {counted.text}.")
