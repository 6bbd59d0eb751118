"""The items table shows the truth at every position the cursor can reach: after every key, each
line the table hands Textual (through Textual's own line cache, as the screen gets it) is the line
a fresh drawing of that row's item would give, the cursor mark is on the cursor's row only, and
once the keys rest the details show that same item. At 80×24 and 120×40, over 1,000 items, with
j, k, PgDn, PgUp, g and G, and after another officer's change arrives. A walk in a real terminal
is in test_terminal.py."""

from __future__ import annotations

from datetime import date

import pytest
from kiennghi.tui.app import KienNghiApp
from textual.geometry import Region

from kiennghi.model import NewItem
from kiennghi.store import ImportBatch, Store
from tests.test_fields import burst, handled

TODAY = date(2025, 11, 3)
SECTORS = ("DO-THI", "GIAO-THONG", "MOI-TRUONG", "AN-NINH", None)
PLACES = ("ngõ 12 phố Ngọc Thụy", "chợ Gia Quất", "số nhà 25 ngõ 68", "đường Cổ Linh", "TDP 7")


def many_items(count: int) -> list[NewItem]:
    return [NewItem(content=f"Đề nghị kiểm tra, xử lý tình trạng số {n} tại {PLACES[n % len(PLACES)]}, "
                            f"người dân phản ánh nhiều lần chưa được giải quyết.",
                    stt=str(n), to_dan_pho=f"Tổ dân phố số {n % 45 + 1}", sector=SECTORS[n % len(SECTORS)],
                    jurisdiction="phuong" if n % 7 == 0 else None, owner="KT-HT-DT" if n % 7 == 0 else None)
            for n in range(1, count + 1)]


@pytest.fixture
def thousand(tmp_path):
    with Store.open(tmp_path / "ward.db", user="officer-a") as store:
        store.import_batch(ImportBatch("nghin-2025.xlsx", "9" * 64, 2025, many_items(1000)))
        yield store


def fresh_line(app: KienNghiApp, row: int) -> str:
    """The text of the table's line for `row`, drawn from nothing kept: the item as the store
    holds it now, the cursor and the selection as they are."""
    table = app.items_screen.table
    item = app.store.item(table.rows[row].id)
    gutter = ("▶" if row == table.cursor else " ") + ("●" if item.id in table.selected else " ")
    return gutter + "".join(segment.text for segment in table._body(app.items_screen.cells(item)))


def screen_lines(app: KienNghiApp) -> list[str]:
    """The table's lines as Textual's compositor gets them (through the widget's line cache)."""
    table = app.items_screen.table
    return [strip.text for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]


def check(app: KienNghiApp, where: str) -> None:
    table = app.items_screen.table
    lines = screen_lines(app)
    top = round(table.scroll_y)
    assert top <= table.cursor < top + len(lines) - 1, f"{where}: the cursor is off the screen"
    for y, line in enumerate(lines[1:], start=1):
        row = top + y - 1
        if row >= len(table.rows):
            assert not line.strip(), f"{where}: line {y} below the last row is not blank"
            continue
        assert line.rstrip() == fresh_line(app, row).rstrip(), f"{where}: line {y} (row {row}) is not what its item draws"
    marked = [y for y, line in enumerate(lines) if line.startswith("▶")]
    assert marked == [table.cursor - top + 1], f"{where}: the cursor mark is on lines {marked}"


async def details_follow(pilot, where: str) -> None:
    await pilot.pause(0.15)  # the keys rest: the details catch up
    app = pilot.app
    shown = str(app.query_one("#detail").render())
    assert app.items_screen.table.current is not None and shown.startswith(app.items_screen.table.current.id), \
        f"{where}: the details show {shown[:11]!r}, the cursor is on {app.items_screen.table.current.id}"


async def press(pilot, key: str) -> None:
    """A key as the terminal's driver hands it to the app, then every message it causes handled:
    `Pilot.press` also waits for the process to be idle, a tenth of a second per key here."""
    burst(pilot.app, [key])
    await handled(pilot)


async def walk(pilot) -> None:
    app = pilot.app
    steps = [("j", len(app.items_screen.items) - 1), ("k", len(app.items_screen.items) - 1), ("pagedown", 60), ("pageup", 60),
             ("G", 1), ("pageup", 5), ("g", 1), ("pagedown", 5), ("k", 3), ("G", 1), ("k", 40)]
    count = 0
    for key, times in steps:
        for _ in range(times):
            await press(pilot, key)
            count += 1
            check(app, f"after {key} #{count}")
            if count % 97 == 0:
                await details_follow(pilot, f"after {key} #{count}")
        await details_follow(pilot, f"after the {key} run")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_line_is_its_items_truth_at_every_cursor_position(config, thousand, size):
    app = KienNghiApp(config, thousand, today=TODAY)
    async with app.run_test(size=size) as pilot:
        for _ in range(200):
            if len(app.items_screen.items) == 1000 and app.items_screen.suggester is not None:
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        check(app, "at the start")
        await walk(pilot)


async def test_a_change_by_another_officer_is_drawn_where_the_table_has_scrolled(config, thousand):
    app = KienNghiApp(config, thousand, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            if len(app.items_screen.items) == 1000:
                break
            await pilot.pause(0.05)
        for key in ("G", "pageup", "pageup", "k", "k"):
            await pilot.press(key)
        await pilot.pause(0.5)
        top = round(app.items_screen.table.scroll_y)
        shown = [app.items_screen.table.rows[row] for row in range(top, top + 5)] + [app.items_screen.table.current]
        with Store.open(thousand.path, user="officer-b") as other:
            for item in shown:
                other.update_item(item.id, {"jurisdiction": "cap-tren", "forward_to": "SO-XD"}, item.version, "cli")
        for _ in range(40):
            await pilot.pause(0.1)
            if app.items_screen.by_id[shown[0].id].forward_to == "SO-XD" and app.items_screen.by_id[shown[-1].id].forward_to == "SO-XD":
                break
        await pilot.pause(0.3)
        check(app, "after officer-b's change")
        assert all("Sở Xây dựng" in fresh_line(app, row) or "SO-XD" in fresh_line(app, row) or "→" in fresh_line(app, row)
                   for row in range(top, top + 5))
        await details_follow(pilot, "after officer-b's change")
        assert "Sở Xây dựng" in str(app.query_one("#detail").render())
        await walk(pilot)


async def test_the_truth_holds_through_selection_search_resize_decisions_and_undo(config, thousand):
    app = KienNghiApp(config, thousand, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if len(app.items_screen.items) == 1000 and app.items_screen.suggester is not None:
                break
            await pilot.pause(0.05)
        for key in ("pagedown", "pagedown", "space", "j", "space", "j", "space"):
            await press(pilot, key)
            check(app, f"selecting, {key}")
        assert len(app.items_screen.table.selected) == 3
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        check(app, "after resizing to 80×24")
        for _ in range(30):
            await press(pilot, "j")
            check(app, "moving at 80×24")
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.2)
        check(app, "after resizing back")
        await press(pilot, "escape")  # the selection goes
        check(app, "after clearing the selection")
        await pilot.press("slash", *"so 3", "enter")
        await pilot.pause(0.6)
        assert 0 < len(app.items_screen.items) < 1000
        check(app, "after a search")
        for key in ("G", "k", "k", "g", "pagedown"):
            await press(pilot, key)
            check(app, f"in the search's results, {key}")
        await pilot.press("escape")
        await pilot.pause(0.3)
        check(app, "after the search is cleared")
        await press(pilot, "G")
        for _ in range(5):
            await press(pilot, "k")
        target = app.items_screen.table.current
        await pilot.press("1")  # within the ward: the owner picker, the first unit
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.store.item(target.id).jurisdiction == "phuong"
        check(app, "after a decision")
        await pilot.press("u")
        await pilot.pause(0.3)
        assert app.store.item(target.id).jurisdiction is None
        check(app, "after undo")
        await details_follow(pilot, "after undo")
