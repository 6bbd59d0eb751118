"""The overdue view and the status board in the core (issue 16, point 3), on generated items:
each worked out again here from the items' fields, without the functions under test."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from conftest import fixture_path

from kiennghi.io.importer import plan_import
from kiennghi.followup import FORWARDED, TOTAL, overdue_view, status_board
from kiennghi.model import Item
from kiennghi.review import UNASSIGNED, build_review
from kiennghi.store import Store

TODAY = date(2031, 3, 14)
UNKNOWN_UNIT = "PHONG-CU"  # a code a sheet brought that the configuration no longer has
UNKNOWN_STATUS = "tam-dung"


def generated(config, seed: int) -> tuple[list[Item], int]:
    """Items of several years with every kind of jurisdiction, owner, status and deadline; and a
    number of days."""
    rng = random.Random(seed)
    owners = [*config.units.codes, UNKNOWN_UNIT, None, ""]
    statuses = [*config.statuses.codes, None, UNKNOWN_STATUS]
    items = []
    for n in range(rng.randint(0, 60)):
        year = rng.choice((2029, 2030, 2031))
        deadline = None if rng.random() < 0.15 else TODAY + timedelta(days=rng.randint(-400, 40))
        items.append(Item(id=f"KN-{year}-{n:03d}", year=year, seq=n, content=f"Nội dung {n}\n[b]đậm[/b]",
                          jurisdiction=rng.choice((None, "phuong", "cap-tren")), owner=rng.choice(owners),
                          status=rng.choice(statuses), deadline=deadline))
    return items, rng.choice((0, 1, 7, 30))


def is_open(config, item: Item) -> bool:
    """Not resolved yet, or in progress (a status the configuration does not know counts as open)."""
    return item.status not in config.statuses or config.statuses.get(item.status).group in ("not-yet", "in-progress")


def category(config, item: Item) -> str:
    return config.statuses.get(item.status).group if item.status in config.statuses else "not-yet"


def unit_order(config, code: str) -> tuple[int, str]:
    codes = config.units.codes
    return (codes.index(code), "") if code in codes else (len(codes), code)


@pytest.mark.parametrize("seed", range(60))
def test_the_overdue_view_is_every_open_item_due_by_then_by_unit_oldest_first(config, seed):
    items, days = generated(config, seed)
    view = overdue_view(config, items, TODAY, days)
    due = [i for i in items if i.owner and i.deadline and i.deadline <= TODAY + timedelta(days=days)
           and is_open(config, i)]
    assert sorted(row.id for r in view for row in r.rows) == sorted(i.id for i in due)
    by_id = {i.id: i for i in items}
    for reminder in view:
        mine = [by_id[row.id] for row in reminder.rows]
        assert {i.owner for i in mine} == {reminder.unit_code}
        assert [(i.deadline, i.year, i.seq) for i in mine] == sorted((i.deadline, i.year, i.seq) for i in mine)
        late = [(TODAY - i.deadline).days for i in mine]
        assert [row.when for row in reminder.rows] == [
            f"quá hạn {d} ngày" if d > 0 else "đến hạn hôm nay" if d == 0 else f"còn {-d} ngày" for d in late]
        assert int(reminder.overdue.split()[0]) == sum(d > 0 for d in late)
        assert int(reminder.coming.split()[0]) == sum(d <= 0 for d in late)
    oldest = [(by_id[r.rows[0].id].deadline, unit_order(config, r.unit_code)) for r in view]
    assert oldest == sorted(oldest)
    for unit in {i.owner for i in due}:
        if unit in config.units:
            assert overdue_view(config, items, TODAY, days, unit) == [r for r in view if r.unit_code == unit]


@pytest.mark.parametrize("seed", range(60))
def test_the_board_counts_each_units_items_by_category_most_behind_first(config, seed):
    items, _ = generated(config, seed)
    board = status_board(config, 2031, items, TODAY)
    groups = [code for code, _ in board.categories]
    assert groups == list(config.categories)

    def expected(owned: list[Item]) -> tuple[tuple[int, ...], int, int]:
        return (tuple(sum(category(config, i) == g for i in owned) for g in groups),
                sum(is_open(config, i) for i in owned),
                sum(bool(i.deadline and i.deadline < TODAY and is_open(config, i)) for i in owned))

    ward = [i for i in items if i.jurisdiction != "cap-tren"]
    forwarded = [i for i in items if i.jurisdiction == "cap-tren"]
    units = [row for row in board.rows if row.unit is not None]
    rest = board.rows[len(units):]
    assert all(r.unit is not None for r in board.rows[:len(units)])  # the units first
    assert {row.unit for row in units} == {i.owner for i in ward if i.owner}
    assert [r.name for r in rest] == [UNASSIGNED] * any(not i.owner for i in ward) + [FORWARDED] * bool(forwarded)
    for row in board.rows:
        counted = (forwarded if row.name == FORWARDED else
                   [i for i in ward if (i.owner or None) == row.unit])
        assert (row.counts, row.open, row.overdue) == expected(counted)
        assert row.total == len(counted) > 0
        if row.unit:
            assert row.name == config.units.short(row.unit)
    keys = [(-r.overdue, -r.open, unit_order(config, r.unit)) for r in units]
    assert keys == sorted(keys)
    assert (board.total.name, board.total.counts, board.total.open, board.total.overdue) == (TOTAL, *expected(items))
    assert [sum(r.counts[n] for r in board.rows) for n in range(len(groups))] == list(board.total.counts)
    # The same counts as the review report's, unit by unit, and its forwarded items' together.
    review = build_review(config, 2031, items)
    assert {(config.units.name(r.unit) if r.unit else r.name): r.counts for r in board.rows if r.name != FORWARDED} == {
        t.name: tuple(s.count for s in t.shares) for t in review.by_unit}
    assert [r.counts for r in rest if r.name == FORWARDED] == [
        tuple(map(sum, zip(*(tuple(s.count for s in t.shares) for t in review.by_body))))] * bool(forwarded)


def test_the_board_and_the_view_of_the_2024_history(config, tmp_path):
    """The tracking workbook's statuses: every item counted once, under its owner."""
    with Store.open(tmp_path / "ward.db") as store:
        store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
        items = store.items(2024)
    board = status_board(config, 2024, items, date(2025, 11, 3))
    assert board.total.total == len(items) == 160 and sum(r.total for r in board.rows) == 160
    late = [row for r in overdue_view(config, items, date(2025, 11, 3), 0) for row in r.rows if row.when.startswith("quá")]
    assert board.total.overdue == len(late) == 28
    assert board.rows[0].overdue == max(r.overdue for r in board.rows)
