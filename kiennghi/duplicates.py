"""Petitions an officer linked as one concern: each duplicate names (`duplicate_of`) the item it
repeats, of the same year or an earlier one; a concern is every item reached from the same
first one, its root. Linking and unlinking are worked out here as the changes to write (the
store writes them, logged and undoable)."""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from .model import Item


def root_of(by_id: Mapping[str, Item], item_id: str) -> str:
    """The first item of `item_id`'s concern: its links followed up to one that links nowhere
    (or to an item not in `by_id`); links that come back round: the oldest of the round."""
    chain = [item_id]
    while True:
        item = by_id.get(chain[-1])
        parent = item.duplicate_of if item is not None else None
        if not parent or parent not in by_id:
            return chain[-1]
        if parent in chain:
            round_ = chain[chain.index(parent):]
            return min(round_, key=lambda i: (by_id[i].year, by_id[i].seq, i))
        chain.append(parent)


def concern_of(items: Sequence[Item], item_id: str) -> list[Item]:
    """Every item of `items` in the same concern as `item_id` (itself too), in their order."""
    by_id = {item.id: item for item in items}
    root = root_of(by_id, item_id)
    return [item for item in items if root_of(by_id, item.id) == root]


def concern_key(by_id: Mapping[str, Item], item_id: str) -> str:
    """What tells `item_id`'s concern among the items of `by_id`: its root, or the item outside
    them that the root links to (last year's, which several of this year's may repeat)."""
    root = root_of(by_id, item_id)
    outside = by_id[root].duplicate_of if root in by_id else None
    return outside if outside and outside not in by_id else root


def concerns(items: Sequence[Item]) -> list[list[Item]]:
    """`items` grouped by concern, each group in the items' order, the groups in the order of
    their first item: items linked to the same item outside `items` are one concern."""
    by_id = {item.id: item for item in items}
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(concern_key(by_id, item.id), []).append(item)
    return list(groups.values())


def link(by_id: Mapping[str, Item], items: Iterable[Item], original: Item) -> dict[str, str]:
    """The changes (item ID: the item it duplicates) that make `items` one concern with
    `original`: the concerns' roots link to the oldest of them (an earlier year's, or the
    first of the year), and their duplicates follow; items already one concern change nothing."""
    roots = {root_of(by_id, item.id) for item in (original, *items)}
    root = min(roots, key=lambda i: (by_id[i].year, by_id[i].seq, i))
    return {other: root for other in sorted(roots - {root})}


def unlink(by_id: Mapping[str, Item], item: Item) -> dict[str, str | None]:
    """The changes that take `item` out of its concern and leave the others as one: the items
    linked to it link to what it linked to (to the first of them, when it was the root)."""
    children = sorted((other for other in by_id.values() if other.duplicate_of == item.id and other.id != item.id),
                      key=lambda other: (other.year, other.seq, other.id))
    changes: dict[str, str | None] = {}
    if item.duplicate_of:
        changes[item.id] = None
        parent = by_id.get(item.duplicate_of)
        for child in children:  # alone, where it cannot: the item it linked to, or of a later year
            fits = child.id != item.duplicate_of and (parent is None or parent.year <= child.year)
            changes[child.id] = item.duplicate_of if fits else None
    elif children:
        first, *rest = children
        changes[first.id] = None
        for child in rest:
            changes[child.id] = first.id
    return changes
