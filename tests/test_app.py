from __future__ import annotations

from kiennghi.io.importer import plan_import
from kiennghi.tui.app import KienNghiApp

from kiennghi.model import NewItem
from tests.conftest import fixture_path


async def test_app_shows_the_items_and_follows_the_cursor(config, store):
    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
    app = KienNghiApp(config, store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.year == 2025 and len(app.items) == 72
        status = str(app.query_one("#status").render())
        assert "Tổng 72" in status and "chưa phân loại 72" in status
        await pilot.press("j", "j")
        assert "KN-2025-003" in str(app.query_one("#detail").render())
        await pilot.press("left_square_bracket")
        assert app.year == 2024 and len(app.items) == 160
        assert "thuộc phường 112" in str(app.query_one("#status").render())


async def test_markup_in_data_is_shown_literally(config, store):
    from kiennghi.store import ImportBatch

    store.import_batch(ImportBatch("x.xlsx", "x", 2025, [NewItem("[/b] [phụ lục 2] [red]đỏ[/red]")]))
    app = KienNghiApp(config, store)
    async with app.run_test(size=(100, 30)):
        assert "[/b] [phụ lục 2] [red]đỏ[/red]" in str(app.query_one("#detail").render())


async def test_empty_store_says_how_to_start(config, store):
    app = KienNghiApp(config, store)
    async with app.run_test(size=(80, 24)):
        assert "kiennghi import" in str(app.query_one("#detail").render())


def test_items_screen_snapshot(config, tmp_path, snap_compare):
    from kiennghi.store import Store

    store = Store.open(tmp_path / "ward.db", user="officer")
    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    assert snap_compare(KienNghiApp(config, store), terminal_size=(120, 40), press=["j", "j"])


async def test_changes_by_another_officer_appear_without_a_key(config, store):
    from kiennghi.store import Store

    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    app = KienNghiApp(config, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")
        with Store.open(store.path, user="officer-b") as other:
            other.update_item("KN-2025-003", {"jurisdiction": "phuong", "owner": "KT-HT-DT"}, 1, "tui")
        await pilot.pause(1.5)
        assert "thuộc phường 1" in str(app.query_one("#status").render())
        assert app.query_one("DataTable").cursor_row == 2
        assert "Phòng Kinh tế, Hạ tầng và Đô thị" in str(app.query_one("#detail").render())


async def test_first_import_by_someone_else_fills_an_empty_app(config, store):
    from kiennghi.store import Store

    app = KienNghiApp(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        with Store.open(store.path, user="officer-b") as other:
            other.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
        await pilot.pause(1.5)
        assert app.year == 2025 and len(app.items) == 72


async def test_search_ignores_accents_and_escape_clears_it(config, store):
    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    app = KienNghiApp(config, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"ngap", "enter")
        assert app.search == "ngap" and app.items
        assert all("ngap" in app._search_keys[item.id] for item in app.items)
        assert len(app.items) < 72 and f"tìm “ngap”: {len(app.items)}" in str(app.query_one("#status").render())
        await pilot.press("slash", *"qjq")  # a new search replaces the old; keys like q are just typed
        assert app.is_running and app.search == "qjq" and app.items == []
        assert "Không có ý kiến nào khớp" in str(app.query_one("#detail").render())
        await pilot.press("escape")
        assert app.search == "" and len(app.items) == 72
