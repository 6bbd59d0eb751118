"""Last year's unfinished items in the app: v confirms the link an import suggested, V rejects
it, u takes either back; C carries last year's unresolved items into the year shown."""

from __future__ import annotations

import pytest

from kiennghi.carry import link_repeats, unresolved
from kiennghi.io.importer import plan_import
from kiennghi.model import CARRIED
from kiennghi.store import Store
from kiennghi.tui.prompts import ConfirmScreen
from tests.conftest import fixture_path
from tests.test_app import detail, make_app, ready, status


@pytest.fixture
def ward(config, tmp_path):
    """The 2024 tracking workbook, then the 2025 sheet imported as the app and the command line do."""
    with Store.open(tmp_path / "ward.db", user="officer-a") as store:
        store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
        store.import_batch(link_repeats(config, store, plan_import(fixture_path("mttq-2025.xlsx"), config).batch()))
        yield store


async def _to(pilot, item_id: str) -> None:
    screen = pilot.app.items_screen
    screen.table.move_cursor([item.id for item in screen.items].index(item_id))
    await pilot.pause(0.2)


async def test_v_confirms_the_suggested_link_v_rejects_it_and_u_takes_either_back(config, ward):
    first, second = [item for item in ward.items(2025) if item.carry_suggested][:2]
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await _to(pilot, first.id)
        assert f"Có thể tồn từ {first.carry_suggested} (v đúng, V không phải)" in detail(app)
        await pilot.press("v")
        item = ward.item(first.id)
        assert (item.carried_from, item.carry_suggested, item.version) == (first.carry_suggested, None, 2)
        assert f"Lịch sử của {first.carry_suggested} (năm 2024, ý kiến này tồn từ đó)" in detail(app)
        assert {c.field for c in ward.history(first.id) if c.source == "tui"} == {"carried_from", "carry_suggested"}
        await pilot.press("u")
        item = ward.item(first.id)
        assert (item.carried_from, item.carry_suggested) == (None, first.carry_suggested)
        assert "Có thể tồn từ" in detail(app)
        await _to(pilot, second.id)
        await pilot.press("V")
        item = ward.item(second.id)
        assert (item.carry_suggested, item.carry_rejected, item.carried_from) == (None, [second.carry_suggested], None)
        assert "Có thể tồn từ" not in detail(app)
        await pilot.press("u")
        assert ward.item(second.id).carry_suggested == second.carry_suggested
        await pilot.press("U")
        assert ward.item(second.id).carry_rejected == [second.carry_suggested]
        without = next(item for item in ward.items(2025) if not item.carry_suggested and not item.carried_from)
        await _to(pilot, without.id)
        await pilot.press("v")  # nothing to confirm: said, nothing written
        assert ward.item(without.id).version == without.version


async def test_c_carries_last_years_unresolved_items_once(config, ward):
    waiting = {item.carry_suggested for item in ward.items(2025) if item.carry_suggested}
    unresolved_2024 = [item.id for item in ward.items(2024) if unresolved(config, item)]
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("C")
        assert isinstance(app.screen, ConfirmScreen) and "năm 2024 sang năm 2025" in app.screen.title_text
        await pilot.press("escape")
        assert ward.count(2025) == 72
        await pilot.press("C", "enter")
        await pilot.pause(0.3)
        carried = [item for item in ward.items(2025) if item.source == CARRIED]
        assert sorted(item.carried_from for item in carried) == sorted(set(unresolved_2024) - waiting)
        assert len(app.items_screen.items) == 72 + len(carried)
        await pilot.press("C", "enter")  # again: nothing more
        await pilot.pause(0.3)
        assert ward.count(2025) == 72 + len(carried)
        await _to(pilot, carried[0].id)
        assert f"Lịch sử của {carried[0].carried_from} (năm 2024" in detail(app)
        assert "Tồn năm trước" in detail(app)
        await pilot.press("H")  # the history screen: the original's changes too, in their order
        title = str(app.screen.query_one("#history-title").render())
        assert f"Lịch sử thay đổi của {carried[0].id}, cùng ý kiến {carried[0].carried_from} mà ý kiến" in title
        table = app.screen.query_one("DataTable")
        shown = [str(table.get_row_at(r)[3]) for r in range(table.row_count)]
        assert set(shown) == {carried[0].id, carried[0].carried_from} and len(shown) == 3  # import, carried; created
        await pilot.press("escape")
        await pilot.press("f", "y")  # the filter of the items carried over
        await pilot.pause(0.2)
        assert [item.id for item in app.items_screen.items] == [item.id for item in carried]
        assert f"lọc: tồn năm trước: {len(carried)}" in status(app)
