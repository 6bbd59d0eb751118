from __future__ import annotations

from dataclasses import replace
from datetime import date
from time import monotonic

import kiennghi.tui.items_screen as items_module
import pytest
from kiennghi.io.importer import plan_import
from rich.cells import cell_len
from kiennghi.tui.app import KienNghiApp
from textual.app import App
from kiennghi.tui.imports_screen import ImportsScreen
from kiennghi.tui.pickers import PickerScreen
from kiennghi.tui.prompts import ConfirmScreen, ConflictScreen, PromptScreen, TextScreen

from kiennghi.model import Conference, NewItem
from kiennghi.store import ImportBatch, Store
from kiennghi.suggest import Suggester
from kiennghi.triage import default_deadline
from tests.conftest import ROOT, fixture_path

TODAY = date(2025, 11, 3)


@pytest.fixture
def ward(config, tmp_path):
    """A store holding the 2025 MTTQ sheet and the 2024 tracking workbook."""
    with Store.open(tmp_path / "ward.db", user="officer-a") as store:
        store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
        store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
        yield store


def notices(app) -> list[str]:
    """What `app` tells the officer from now on (its notifications' texts), kept in a list."""
    said: list[str] = []
    app.notify = lambda message, **options: said.append(str(message))
    return said


def make_app(config, store, **options) -> KienNghiApp:
    return KienNghiApp(config, store, today=TODAY, planner=plan_import, **options)


async def ready(pilot) -> None:
    """Wait until every item is read and the suggester has learned (a worker thread, after the
    first paint), and the screen has settled."""
    screen = pilot.app.items_screen
    for _ in range(600):  # a shared machine under load takes its time
        if screen.suggester is not None or not screen.years:  # (the year's items may not be read yet)
            break
        await pilot.pause(0.05)
    assert screen.suggester is not None or not screen.years, "the suggester was not built in 30 s"
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.5)  # the details, and the rows' suggestions, follow once keys rest


def changed_by_another_officer(ward, item_id: str, changes: dict, version: int, source: str = "cli") -> None:
    """Another officer, on their own connection, writes `changes` to the item."""
    with Store.open(ward.path, user="officer-b") as other:
        other.update_item(item_id, changes, version, source)


def status(app) -> str:
    return str(app.query_one("#status").render())


def detail(app) -> str:
    return str(app.query_one("#detail").render())


async def test_items_counts_cursor_and_years(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.items_screen.year == 2025 and len(app.items_screen.items) == 72
        assert "Tổng 72" in status(app) and "chưa phân loại 72" in status(app)
        await pilot.press("j", "j")
        assert "KN-2025-003" in detail(app)
        await pilot.press("G")
        assert app.items_screen.table.current.id == "KN-2025-072"
        await pilot.press("g", "pagedown")
        assert app.items_screen.table.current.id > "KN-2025-030"
        await pilot.press("left_square_bracket")
        assert app.items_screen.year == 2024 and len(app.items_screen.items) == 160
        assert "thuộc phường 112" in status(app)
        await pilot.press("right_square_bracket")
        assert app.items_screen.year == 2025


async def test_cursor_row_shows_whether_the_table_has_focus(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.items_screen.table

        def cursor_background():
            line = table.render_line(table.cursor - round(table.scroll_y) + 1)
            return next(iter(line)).style.bgcolor

        focused = cursor_background()
        await pilot.press("slash")
        assert app.focused is not table and cursor_background() != focused
        await pilot.press("escape")
        assert app.focused is table and cursor_background() == focused


async def test_1_picks_an_owner_by_typing_without_accents_and_moves_on(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"cong an", "enter")
        item = ward.item("KN-2025-001")
        assert (item.jurisdiction, item.owner, item.forward_to) == ("phuong", "CA", None)
        assert item.deadline == default_deadline(config, item.sector, TODAY)
        assert app.items_screen.table.current.id == "KN-2025-002"  # on to the next untriaged item
        assert "thuộc phường 1" in status(app)
        assert [c.user for c in ward.history("KN-2025-001")][-1] == "officer-a"


async def test_picker_matches_abbreviations_and_plus_adds_co_owners(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o", *"kt ha tang")
        assert [c.code for c in app.screen.shown] == ["KT-HT-DT"]
        await pilot.press(*("backspace",) * 10, *"cong an", "plus")
        await pilot.press(*("backspace",) * 7, *"van hoa", "enter")
        item = ward.item("KN-2025-001")
        assert item.owner == "VH-XH" and item.co_owners == ["CA"]


async def test_2_forwards_the_selection_and_keeps_the_reporting_unit(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space", "space")
        assert app.items_screen.selected == {"KN-2025-001", "KN-2025-002"} and "đang chọn 2" in status(app)
        await pilot.press("2")
        assert "2 ý kiến đang chọn" in str(app.screen.query_one("#picker-note").render())
        await pilot.press(*"evn", "enter")
        for item_id in ("KN-2025-001", "KN-2025-002"):
            item = ward.item(item_id)
            assert (item.jurisdiction, item.forward_to) == ("cap-tren", "EVN")
            assert item.owner is not None and item.deadline is not None


async def test_a_accepts_the_suggestion_and_goes_to_the_next_untriaged(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        suggestion = app.items_screen.suggestion(app.items_screen.table.current)
        assert "Gợi ý (a để nhận)" in detail(app) and suggestion.reason in detail(app)
        await pilot.press("a")
        item = ward.item("KN-2025-001")
        assert item.jurisdiction == suggestion.jurisdiction and item.owner == suggestion.owner
        assert item.deadline is not None
        assert app.items_screen.table.current.id == "KN-2025-002"


async def test_an_owner_chosen_before_a_shows_as_chosen_and_a_keeps_it(config, ward):
    """`o` on an item not triaged yet: its row shows the owner chosen, not the suggestion's,
    and `a` then takes the rest of the suggestion with that owner."""
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.items_screen
        suggestion = screen.suggestion(screen.table.current)
        other = next(code for code in config.units.codes if code != suggestion.owner and code != "VP-UBND")
        await pilot.press("o", *config.units.short(other).lower(), "enter")
        assert ward.item("KN-2025-001").owner == other
        item = ward.item("KN-2025-001")
        assert "≈" not in str(screen.cells(item)["owner"]) and config.units.short(other) in str(screen.cells(item)["owner"])
        await pilot.press("a")
        item = ward.item("KN-2025-001")
        assert item.owner == other and item.jurisdiction == suggestion.jurisdiction


async def test_sector_status_deadline_response_and_duplicate_keys(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("l", *"an ninh", "enter")
        assert ward.item("KN-2025-001").sector == "AN-NINH"
        await pilot.press("s", *"dang giai", "enter")
        assert ward.item("KN-2025-001").status == "dang-giai-quyet"
        await pilot.press("h")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"31/02", "enter")  # typing replaces the proposed date
        assert isinstance(app.screen, PromptScreen)  # not a real date: still asking
        assert "không phải là một ngày có thật" in str(app.screen.query_one("#prompt-error").render())
        await pilot.press("ctrl+u", *"+7", "enter")
        assert ward.item("KN-2025-001").deadline == date(2025, 11, 10)
        await pilot.press("h", "ctrl+u", *"28/11/2025", "enter")
        assert ward.item("KN-2025-001").deadline == date(2025, 11, 28)
        await pilot.press("r")
        assert isinstance(app.screen, TextScreen)
        await pilot.press(*"Đã xử lý", "enter", *"xong.", "ctrl+s")
        assert ward.item("KN-2025-001").response == "Đã xử lý\nxong."
        await pilot.press("d", *"kn-2025-005", "enter")
        assert ward.item("KN-2025-005").duplicate_of == "KN-2025-001"  # one concern, known by the older
        await pilot.press("b", "escape")  # cancelled: nothing changes
        assert ward.item("KN-2025-001").forward_to is None


async def test_bulk_decision_undo_and_redo(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"ngap", "enter", "asterisk")
        chosen = set(app.items_screen.selected)
        assert chosen and len(chosen) == len(app.items_screen.items)
        await pilot.press("1", *"kt", "enter")
        assert all(ward.item(i).owner == "KT-HT-DT" for i in chosen)
        await pilot.press("u")
        assert all(ward.item(i).owner is None for i in chosen)
        assert "hoàn tác: Thuộc phường, chủ trì" in ward.history(next(iter(chosen)))[-1].detail
        await pilot.press("U")
        assert all(ward.item(i).owner == "KT-HT-DT" for i in chosen)
        await pilot.press("escape", "escape")  # the search, then the selection
        assert app.items_screen.search == "" and app.items_screen.selected == set() and len(app.items_screen.items) == 72


async def test_filters_combine_and_show_in_the_status_line(config, ward):
    ward.update_item("KN-2025-001", {"jurisdiction": "phuong", "owner": "CA", "deadline": date(2025, 10, 1)},
                     None, "cli")
    ward.update_item("KN-2025-002", {"jurisdiction": "phuong", "owner": "KT-HT-DT"}, None, "cli")
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f", "c")
        assert len(app.items_screen.items) == 70 and "lọc: chưa phân loại" in status(app)
        await pilot.press("f", "c", "f", "p")
        assert len(app.items_screen.items) == 2
        await pilot.press("f", "o", *"cong an", "enter")
        assert [i.id for i in app.items_screen.items] == ["KN-2025-001"]
        assert "thuộc thẩm quyền" in status(app) and "chủ trì" in status(app)
        await pilot.press("f", "o")  # picking a set filter again clears it
        assert len(app.items_screen.items) == 2
        await pilot.press("f", "q")
        assert [i.id for i in app.items_screen.items] == ["KN-2025-001"] and "quá hạn (tính đến 03/11/2025) 1" in status(app)
        await pilot.press("f", "x")
        assert len(app.items_screen.items) == 72
        await pilot.press("f", "d", *"so 5", "enter")
        assert app.items_screen.items and all(i.to_dan_pho == app.items_screen.filters.to_dan_pho for i in app.items_screen.items)
        await pilot.press("escape")
        assert len(app.items_screen.items) == 72


async def test_markup_in_data_is_shown_literally(config, store):
    store.import_batch(ImportBatch("x.xlsx", "x", 2025, [NewItem("[/b] [phụ lục 2] [red]đỏ[/red]")]))
    app = make_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert "[/b] [phụ lục 2] [red]đỏ[/red]" in detail(app)


async def test_empty_store_says_how_to_start(config, store):
    app = KienNghiApp(config, store)  # no importer given: the details say how to import
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "kiennghi import" in detail(app)


async def test_first_import_by_someone_else_fills_an_empty_app(config, store):
    app = KienNghiApp(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        with Store.open(store.path, user="officer-b") as other:
            other.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
        await pilot.pause(1.5)
        assert app.items_screen.year == 2025 and len(app.items_screen.items) == 72


async def test_empty_store_opens_the_import_screen(config, store, tmp_path):
    app = make_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        assert type(app.screen).__name__ == "ImportScreen"
        path_input = app.screen.query_one("#path")
        path_input.value = str(fixture_path("mttq-2025.xlsx"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.screen.plan.items) == 72
        await pilot.press("enter")
        await pilot.pause()
        assert app.items_screen.year == 2025 and len(app.items_screen.items) == 72


async def test_import_screen_says_what_is_wrong(config, store, tmp_path):
    bad = tmp_path / "hỏng.xlsx"
    bad.write_bytes(b"not a workbook")
    app = make_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#path").value = str(bad)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "hỏng.xlsx" in str(app.screen.query_one("#preview-body").render())
        await pilot.press("escape")
        assert app.items_screen.items == []


async def test_changes_by_another_officer_appear_without_a_key(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")
        changed_by_another_officer(ward, "KN-2025-003", {"jurisdiction": "phuong", "owner": "KT-HT-DT"}, 1, "tui")
        await pilot.pause(1.5)
        assert "thuộc phường 1" in status(app)
        assert app.items_screen.table.current.id == "KN-2025-003"
        assert "Phòng Kinh tế, Hạ tầng và Đô thị" in detail(app) and "officer-b" in detail(app)


async def test_two_officers_deciding_the_same_item(config, ward, monkeypatch):
    """Two app instances on one store: the second decision is not applied silently."""
    monkeypatch.setattr("kiennghi.tui.items_screen.POLL_SECONDS", 60)  # B decides before it has looked again
    first = make_app(config, ward)
    with Store.open(ward.path, user="officer-b") as store_b:
        second = make_app(config, store_b)
        async with first.run_test(size=(120, 40)) as pilot_a, second.run_test(size=(120, 40)) as pilot_b:
            await pilot_a.press("1", *"cong an", "enter")
            await pilot_b.press("1", *"van hoa", "enter")  # B still sees version 1
            assert isinstance(second.screen, ConflictScreen)
            text = str(second.screen.query_one("#conflict-text").render())
            assert "officer-a" in text and "→ “Công an phường”" in text and "“CA”" not in text  # names, never codes
            await pilot_b.press("k")  # keep A's decision
            assert ward.item("KN-2025-001").owner == "CA"
            await pilot_b.press("k", "k")  # back on the item, which B now sees at its new version
            await pilot_b.press("g", "o", *"van hoa", "enter")
            assert ward.item("KN-2025-001").owner == "VH-XH"
            await pilot_a.press("k", "o", *"quan su", "enter")  # A is now the stale one
            assert isinstance(first.screen, ConflictScreen)
            await pilot_a.press("o")  # overwrite
            item = ward.item("KN-2025-001")
            assert item.owner == "QS" and {c.user for c in ward.history(item.id)} >= {"officer-a", "officer-b"}


async def test_del_hides_the_item_or_the_selection_after_asking_and_u_brings_it_back(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "delete")
        assert isinstance(app.screen, ConfirmScreen) and "KN-2025-002" in app.screen.title_text
        await pilot.press("escape")  # no
        assert not ward.item("KN-2025-002").hidden and len(app.items_screen.items) == 72
        await pilot.press("delete", "enter")
        hidden = ward.item("KN-2025-002")
        assert hidden.hidden and hidden.deleted_by == "officer-a"
        assert "KN-2025-002" not in {i.id for i in app.items_screen.items} and "Tổng 71" in status(app)
        assert app.items_screen.table.current.id == "KN-2025-003"  # the cursor stays on its row
        await pilot.press("u")
        assert not ward.item("KN-2025-002").hidden and len(app.items_screen.items) == 72
        assert ward.history("KN-2025-002")[-1].detail == "hoàn tác: Xóa KN-2025-002"
        await pilot.press("U")
        assert ward.item("KN-2025-002").hidden and len(app.items_screen.items) == 71
        await pilot.press("g", "space", "space", "delete")
        assert "2 ý kiến đang chọn" in app.screen.title_text
        await pilot.press("enter")
        assert ward.item("KN-2025-001").hidden and ward.item("KN-2025-003").hidden
        assert len(app.items_screen.items) == 69 and app.items_screen.selected == set()
        await pilot.press("u")
        assert not ward.item("KN-2025-001").hidden and not ward.item("KN-2025-003").hidden
        assert len(app.items_screen.items) == 71


async def test_imports_screen_takes_an_import_back_and_asks_again_before_hiding_work(config, ward):
    ward.update_item("KN-2025-003", {"owner": "CA"}, 1, "cli")
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"lan nhap")  # in help and the palette as every key is
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportsScreen)
        table = app.screen.query_one("DataTable")
        assert table.row_count == 2 and table.cursor_row == 1  # the newest: mttq-2025.xlsx
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen) and "Gỡ lần nhập 2 (mttq-2025.xlsx" in app.screen.title_text
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen) and app.screen.deliberate  # refused: an item was changed
        text = str(app.screen.query_one("#confirm-text").render())
        assert "KN-2025-003" in text and "officer-a" in text
        await pilot.press("enter")  # Enter says no to forcing it
        assert ward.imports()[1].undone_at is None and len(app.items_screen.items) == 72
        await pilot.press("I", "g", "enter", "f")
        assert ward.imports()[1].undone_by == "officer-a" and ward.count(2025) == 0
        assert app.items_screen.year == 2025 and app.items_screen.items == [] and "Tổng 0" in status(app)
        await pilot.press("I", "g")
        assert isinstance(app.screen, ImportsScreen)  # taken back already: nothing to ask
        await pilot.press("escape", "i")
        app.screen.query_one("#path").value = str(fixture_path("mttq-2025.xlsx"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.items_screen.year == 2025 and [i.id for i in app.items_screen.items][:1] == ["KN-2025-073"]  # IDs never reused


async def test_an_item_hidden_by_another_officer_leaves_the_table_within_a_second(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")
        with Store.open(ward.path, user="officer-b") as other:
            other.delete_items({"KN-2025-003": 1}, "tui")
            await pilot.pause(1.5)
            assert "KN-2025-003" not in {i.id for i in app.items_screen.items} and "Tổng 71" in status(app)
            assert app.items_screen.table.current.id == "KN-2025-004"
            other.restore_items({"KN-2025-003": None}, "tui")
            await pilot.pause(1.5)
            assert len(app.items_screen.items) == 72
            other.unimport(2, "tui", force=True)  # KN-2025-003 was hidden and shown again: changed
            await pilot.pause(1.5)
            assert app.items_screen.items == [] and "Tổng 0" in status(app)


async def test_a_conference_saved_meanwhile_by_another_officer_is_said_and_nothing_typed_is_lost(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        app.screen.query_one("#notice_number").value = "46-TB/ĐU"
        with Store.open(ward.path, user="officer-b") as other:
            theirs = other.conference(2025) or Conference(2025)
            other.save_conference(replace(theirs, place="Nhà văn hóa TDP 2"), "tui")
        await pilot.press("ctrl+s")
        assert type(app.screen).__name__ == "ConferenceScreen"
        assert "vừa được người khác sửa" in str(app.screen.query_one("#form-error").render())
        assert app.screen.query_one("#notice_number").value == "46-TB/ĐU"
        assert ward.conference(2025).place == "Nhà văn hóa TDP 2"
        await pilot.press("ctrl+s")
        assert type(app.screen).__name__ != "ConferenceScreen"
        assert ward.conference(2025).notice_number == "46-TB/ĐU"


async def test_new_item_edit_history_conference_help_and_palette(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Đề nghị lắp đèn ngõ 7", "tab", *"TDP 3", "tab", *"Ông Bình", "ctrl+s")
        added = ward.item("KN-2025-073")
        assert (added.source, added.content, added.submitter, added.to_dan_pho) == (
            "hoi-nghi", "Đề nghị lắp đèn ngõ 7", "Ông Bình", "TDP 3")
        assert app.items_screen.table.current.id == "KN-2025-073"
        await pilot.press("e")
        await pilot.press("end", *" [phụ lục]", "ctrl+s")
        assert ward.item("KN-2025-073").content == "Đề nghị lắp đèn ngõ 7 [phụ lục]"
        await pilot.press("H")
        assert type(app.screen).__name__ == "HistoryScreen"
        assert app.screen.query_one("DataTable").row_count == 2  # created, content
        await pilot.press("tab")
        assert app.screen.query_one("DataTable").row_count >= 3  # the year's import too
        await pilot.press("escape", "c")
        assert type(app.screen).__name__ == "ConferenceScreen"
        app.screen.query_one("#date").value = "30/10/2025"
        app.screen.query_one("#notice_number").value = "46-TB/ĐU"
        await pilot.press("ctrl+s")
        conference = ward.conference(2025)
        assert conference.date == date(2025, 10, 30) and conference.notice_number == "46-TB/ĐU"
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "ctrl+p")
        assert type(app.screen).__name__ == "CommandPalette"
        await pilot.press(*"hoan tac")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert ward.item("KN-2025-073").content == "Đề nghị lắp đèn ngõ 7"


async def test_forms_open_on_their_title_and_follow_the_focus_at_80x24(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, first in (("c", "date"), ("e", "content")):
            await pilot.press(key)
            await pilot.pause()
            form = app.screen.query_one("VerticalScroll")
            assert app.focused.id == first and form.scroll_y == 0  # the title and the first label show
            for _ in range(4):  # to the fifth field, below the form's fold at 24 lines
                await pilot.press("tab")
                await pilot.pause()
            assert form.scroll_y > 0 and form.region.contains_region(app.focused.region)
            await pilot.press("escape")


async def test_deadlines_count_from_the_conference_date(config, ward):
    from dataclasses import replace

    from kiennghi.edits import default_conference
    ward.save_conference(replace(default_conference(config, 2025), date=date(2025, 10, 30)), "cli")
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", *"cong an", "enter")
        sector = ward.item("KN-2025-001").sector
        days = config.sector_routing.get(sector, {}).get("deadline_days", 30)
        assert (ward.item("KN-2025-001").deadline - date(2025, 10, 30)).days == days


async def test_deadlines_from_today_before_the_conference_date_is_saved_are_said_once(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        said = notices(app)
        await pilot.press("1", *"cong an", "enter")
        assert ward.item("KN-2025-001").deadline is not None
        warned = [text for text in said if "Chưa có ngày hội nghị năm 2025" in text]
        assert len(warned) == 1 and "hạn giải quyết tính từ hôm nay" in warned[0]
        await pilot.press("2", *"so xay", "enter")
        assert len([text for text in said if "Chưa có ngày hội nghị" in text]) == 1  # once
    from dataclasses import replace

    from kiennghi.edits import default_conference
    ward.save_conference(replace(default_conference(config, 2025), date=date(2025, 10, 30)), "cli")
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        said = notices(app)
        await pilot.press("G", "1", *"cong an", "enter")
        assert not [text for text in said if "Chưa có ngày hội nghị" in text]


async def test_a_deadline_without_a_year_is_one_of_the_conference_and_overdue_says_against_which_day(config, ward):
    app = KienNghiApp(config, ward, today=date(2026, 3, 2), planner=plan_import)  # the 2025 items, in 2026
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("h")
        assert "28/11 (theo hội nghị năm 2025)" in str(app.screen.query_one("#prompt-hint").render())
        await pilot.press("ctrl+u", *"20/11", "enter")
        assert ward.item("KN-2025-001").deadline == date(2025, 11, 20)
        assert status(app) == (" Tổng 72 · chưa phân loại 72 · thuộc phường 0 · chuyển cấp trên 0 · "
                               "quá hạn (tính đến 02/03/2026) 1")
        ward.save_conference(Conference(2025, date=date(2025, 12, 12)), "cli")  # held in December
        await pilot.press("h", "ctrl+u", *"15/01", "enter")
        assert ward.item("KN-2025-001").deadline == date(2026, 1, 15)
        await pilot.press("h", "ctrl+u", *"+30", "enter")  # from today
        assert ward.item("KN-2025-001").deadline == date(2026, 4, 1) and "quá hạn (tính đến 02/03/2026) 0" in status(app)
        await pilot.press("space")
        await pilot.resize_terminal(80, 24)  # PuTTY: the counts that matter, and the selection, fit
        await pilot.pause()
        assert status(app) == " Tổng 72 · chưa phân loại 72 · quá hạn (tính đến 02/03/2026) 0 │ đang chọn 1"
        assert cell_len(status(app)) <= 80


async def test_the_conference_form_reads_dates_without_a_year_as_the_conferences(config, ward):
    app = KienNghiApp(config, ward, today=date(2026, 3, 2), planner=plan_import)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        app.screen.query_one("#date").value = "30/10"
        app.screen.query_one("#notice_date").value = "03/01"  # the notice after the conference: January next
        await pilot.press("ctrl+s")
        conference = ward.conference(2025)
        assert (conference.date, conference.notice_date) == (date(2025, 10, 30), date(2026, 1, 3))


async def test_a_keeps_a_decision_already_taken_by_another_officer(config, ward):
    """`a` accepts the suggestion for items not triaged yet only: an item another officer has just
    triaged (shown by the live refresh) keeps their decision, and the officer is told."""
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        first = app.items_screen.table.current
        changed_by_another_officer(ward, first.id, {"jurisdiction": "phuong", "owner": "CA"}, first.version, "cli")
        said = notices(app)
        await pilot.pause(items_module.POLL_SECONDS + 0.5)
        assert app.items_screen.table.current.owner == "CA"
        await pilot.press("a")
        await pilot.pause()
        assert ward.item(first.id).owner == "CA" and ward.item(first.id).version == first.version + 1
        assert any("đã được phân loại" in text for text in said), said
        # in a selection, the untriaged ones take their suggestion, the triaged one is kept
        await pilot.press("space", "space")
        await pilot.press("k", "k")
        await pilot.press("a")
        await pilot.pause()
        assert ward.item(first.id).owner == "CA" and ward.item(first.id).version == first.version + 1
        second = app.items_screen.items[1]
        assert ward.item(second.id).jurisdiction is not None


async def test_the_conference_form_holds_the_notices_opening(config, ward):
    """The basis, the reports heard, how many spoke and the results: written in the form, as in
    the conference's TOML, starting from the ward's defaults; a count of speakers in words is
    refused, nothing saved."""
    from kiennghi.edits import default_conference
    from kiennghi.notice import year_notice

    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        form = app.screen
        assert form.query_one("#basis").text == "\n".join(default_conference(config, 2025).basis)
        form.query_one("#basis").text = "Thực hiện Quyết định số 2200-QĐ/TU\nKế hoạch số 15-KH/ĐU"
        form.query_one("#reports_heard").text = "Báo cáo của UBND phường về kết quả giải quyết"
        form.query_one("#results").text = "Năm qua phường đã hoàn thành 9/10 chỉ tiêu."
        form.query_one("#speakers").value = "mười một"
        await pilot.press("ctrl+s")
        assert form is app.screen and "không phải một số" in str(form.query_one("#form-error").render())
        assert ward.conference(2025) is None
        form.query_one("#speakers").value = "11"
        await pilot.press("ctrl+s")
        assert form is not app.screen
    conference = ward.conference(2025)
    assert conference.basis == ["Thực hiện Quyết định số 2200-QĐ/TU", "Kế hoạch số 15-KH/ĐU"]
    assert (conference.speakers, conference.results) == (11, "Năm qua phường đã hoàn thành 9/10 chỉ tiêu.")
    assert conference.reports_heard == "Báo cáo của UBND phường về kết quả giải quyết"
    notice = year_notice(config, ward, 2025, draft=True)
    assert notice.speakers == "Hội nghị có 11 đại biểu phát biểu ý kiến."


async def test_search_finds_an_item_by_its_id_typed_key_by_key(config, ward):
    """"KN-2025-008" (any case, the search's narrowing as it is typed) finds that item; its
    first digits find the items they begin; a number alone is looked for in the texts only."""
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.items_screen
        for typed, expected in (("KN-2025-008", ["KN-2025-008"]),
                                ("kn-2025-00", [f"KN-2025-00{n}" for n in range(1, 10)])):
            await pilot.press("slash", "ctrl+u")
            for key in typed:  # each keystroke narrows the one before
                await pilot.press("minus" if key == "-" else key)
                await pilot.pause(0.4)
            await pilot.press("enter")
            assert [item.id for item in screen.items] == expected, typed
        await pilot.press("slash", "ctrl+u", *"2025", "enter")
        assert all("2025" in screen._search_keys[item.id, item.version] for item in screen.items)


async def test_search_ignores_accents_and_escape_clears_it(config, ward, monkeypatch):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"ngap", "enter")
        assert app.items_screen.search == "ngap" and app.items_screen.items
        assert all("ngap" in app.items_screen._search_keys[item.id, item.version] for item in app.items_screen.items)
        assert len(app.items_screen.items) < 72 and f"tìm “ngap”: {len(app.items_screen.items)}" in status(app)
        monkeypatch.setattr(items_module, "SEARCH_DELAY", 60.0)  # typing never rests long enough
        await pilot.press("slash", "ctrl+u", *"qjq")  # keys like q are just typed
        assert app.is_running and app.items_screen.search == "ngap"  # the search waits for typing to rest
        monkeypatch.setattr(items_module, "SEARCH_DELAY", 0.05)
        await pilot.press("backspace", "q")
        await pilot.pause(0.4)
        assert app.items_screen.search == "qjq" and app.items_screen.items == []
        assert "Không có ý kiến nào khớp" in detail(app)
        await pilot.press("escape")
        assert app.items_screen.search == "" and len(app.items_screen.items) == 72


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_items_screen_snapshot(config, ward, snap_compare, size):
    async def settle(pilot):
        await ready(pilot)
        await pilot.press("j", "j", "space")
        await ready(pilot)

    assert snap_compare(make_app(config, ward), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_owner_picker_snapshot(config, ward, snap_compare, size):
    async def open_picker(pilot):
        await ready(pilot)
        await pilot.press("1", *"phong")
        await pilot.pause(0.3)  # the picker's list follows the typing once it rests

    assert snap_compare(make_app(config, ward), terminal_size=size, run_before=open_picker)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("key", ["c", "e"])
def test_form_snapshot(config, ward, snap_compare, size, key):
    async def open_form(pilot):
        await ready(pilot)
        await pilot.press(key)

    assert snap_compare(make_app(config, ward), terminal_size=size, run_before=open_form)


def test_import_preview_snapshot(config, store, snap_compare):
    async def preview(pilot):
        await pilot.pause()
        await pilot.press("ctrl+u", *str(fixture_path("mttq-2025.xlsx").relative_to(ROOT)), "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    assert snap_compare(make_app(config, store), terminal_size=(80, 24), run_before=preview)


def test_help_snapshot(config, ward, snap_compare):
    async def open_help(pilot):
        await ready(pilot)
        await pilot.press("question_mark")

    assert snap_compare(make_app(config, ward), terminal_size=(120, 40), run_before=open_help)


async def test_roadmap_and_reason_are_written_in_the_app_like_the_response(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        target = app.items_screen.table.current
        for key, name, typed in (("t", "roadmap", "Quý I/2026 khảo sát"), ("y", "reason", "Chưa có vốn")):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, TextScreen)
            app.screen.query_one("TextArea").text = typed
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert getattr(ward.item(target.id), name) == typed
        await pilot.press("u")
        await pilot.pause()
        assert ward.item(target.id).reason == "" and ward.item(target.id).roadmap == "Quý I/2026 khảo sát"


async def test_ctrl_a_selects_all_in_a_text_box_and_a_field(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await pilot.pause()
        box = app.screen.query_one("TextArea")
        box.text = "dòng một\ndòng hai"
        await pilot.press("ctrl+a")
        assert box.selected_text == "dòng một\ndòng hai"
        await pilot.press("escape")
        await pilot.press("slash", *"nuoc", "ctrl+a")
        assert app.focused.selected_text == "nuoc"


async def test_vietnamese_where_textual_would_speak_english(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        said = notices(app)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("để thoát" in text for text in said), said
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"zzqxw")
        await pilot.pause(1.0)
        from textual.command import CommandList
        shown = [str(app.screen.query_one(CommandList).get_option_at_index(i).prompt)
                 for i in range(app.screen.query_one(CommandList).option_count)]
        assert any("Không có lệnh nào khớp" in text for text in shown)
        assert not any("No matches" in text for text in shown)


async def test_pickers_mark_the_suggestion_as_a_suggestion_and_mixed_values_without_none(config, ward):
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen) and picker.current is None and picker.suggested
        labels = [str(picker.query_one("OptionList").get_option_at_index(i).prompt)
                  for i in range(picker.query_one("OptionList").option_count)]
        assert any("(gợi ý)" in label for label in labels) and not any("(hiện tại)" in label for label in labels)
        await pilot.press("escape")
        for _ in range(8):
            await pilot.press("space", "j")
        await pilot.press("d")
        await pilot.pause()
        note = str(app.screen.query_one("#picker-note").render())
        assert "None" not in note and "(trống) 8" in note


async def test_history_and_conflicts_name_units_not_codes(config, ward, monkeypatch):
    monkeypatch.setattr(items_module, "POLL_SECONDS", 60)  # the officer decides before the app looks again
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        target = app.items_screen.table.current
        changed_by_another_officer(ward, target.id, {"jurisdiction": "phuong", "owner": "KT-HT-DT"}, target.version)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press(*"cong an", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        text = str(app.screen.query_one("#conflict-text").render())
        assert "Phòng Kinh tế, Hạ tầng" in text and "Thuộc thẩm quyền phường" in text and "KT-HT-DT" not in text
        await pilot.press("k")
        await pilot.pause(0.3)
        assert "→ Phòng Kinh tế, Hạ tầng và Đô thị" in detail(app) or "Phòng Kinh tế" in detail(app)
        assert "KT-HT-DT" not in detail(app)


async def test_control_characters_are_shown_as_marks_in_the_table_and_details(config, tmp_path):
    from textual.geometry import Region

    hostile = "Đề nghị sửa đèn\x1b]0;tiêu đề giả\x07 ngõ 5\x1b[2J"
    with Store.open(tmp_path / "ward.db") as store:
        store.import_batch(ImportBatch("doc.csv", "7" * 64, 2025, [NewItem(hostile, submitter="Ông A\x08\x08B")]))
        app = make_app(config, store)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            lines = "".join(strip.text for strip in app.items_screen.table.render_lines(Region(0, 0, 120, 10)))
            shown = detail(app)
            assert "␛" in lines and "␛" in shown and "␈" in shown
            assert not any(ch in lines + shown for ch in "\x1b\x07\x08")


async def test_hiding_an_item_another_officer_just_changed_asks_then_does_as_told(config, ward, monkeypatch):
    monkeypatch.setattr("kiennghi.tui.items_screen.POLL_SECONDS", 60)  # A has not looked again
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        target = app.items_screen.table.current
        changed_by_another_officer(ward, target.id, {"note": "đã xác minh"}, target.version, "cli")
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("enter")  # yes, hide it
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("o")  # overwrite: hide it all the same
        await pilot.pause(0.3)
        assert ward.item(target.id).hidden and ward.item(target.id).note == "đã xác minh"


async def test_messages_are_plain_text_whatever_names_they_carry(config, ward, monkeypatch):
    """A sheet named "Theo dõi[/]" crashed the app when a message named it (markup); a name
    with an escape sequence reached the terminal."""
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        shown: list[tuple[str, bool]] = []
        monkeypatch.setattr(App, "notify", lambda self, message, **options: shown.append((message, options["markup"])))
        app.notify("Trang “Theo dõi[/]” [bold]đậm[/bold] \x1b]52;c;SGVsbG8=\x07 xong")
        app.screen.notify("Tệp [red]đỏ[/]", severity="error")  # a widget's notify asks for markup
        await pilot.pause()
        assert shown == [("Trang “Theo dõi[/]” [bold]đậm[/bold] ␛]52;c;SGVsbG8=␇ xong", False),
                         ("Tệp [red]đỏ[/]", False)]


async def test_a_unit_officer_sees_and_uses_only_the_keys_of_their_role(config, tmp_path):
    """Roles (config.toml's [roles]): a unit's officer updates the results of the unit's items;
    the triage keys are out of the footer and the palette, and do nothing."""
    from kiennghi.roles import Role, Roles

    path = tmp_path / "ward.db"
    with Store.open(path, user="officer-a") as store:
        store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
        first = store.items(2025)[0]
        store.update_item(first.id, {"jurisdiction": "phuong", "owner": "KT-HT-DT"}, first.version, "cli")
    roles = Roles([Role("tri", "triage"), Role("ktht", "unit", "KT-HT-DT")])
    with Store.open(path, user="lan", roles=roles, groups=["ktht"]) as store:
        app = make_app(config, store)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            keys = {binding.action for _, binding, enabled, _ in app.active_bindings.values() if enabled}
            assert "decide_ward" not in keys and "accept" not in keys and "text('response')" in keys
            await pilot.press("1")
            assert type(app.screen).__name__ == "ItemsScreen"  # nothing opened
            await pilot.press("r", *"Đã sửa xong", "ctrl+s")
            assert store.item(first.id).response == "Đã sửa xong"


async def test_the_rows_suggestions_wait_for_a_held_key_to_rest(config, tmp_path, monkeypatch):
    """A held key goes past pages of rows: their suggestions are not worked out on the way, only
    those of the rows on screen once the cursor rests (SUGGEST_DELAY), all of them."""
    from tests.test_table_truth import many_items, press

    with Store.open(tmp_path / "ward.db") as store:
        store.import_batch(ImportBatch("nhieu-2025.xlsx", "7" * 64, 2025, many_items(400)))
        monkeypatch.setattr(items_module, "DETAIL_DELAY", 1.0)  # the details, which work one out too, wait
        app = make_app(config, store)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            worked_out = []
            suggest = app.items_screen.suggester.suggest
            monkeypatch.setattr(app.items_screen.suggester, "suggest", lambda item: worked_out.append(item.id) or suggest(item))
            started, page = monotonic(), app.items_screen.table.size.height
            while monotonic() - started < 2 * items_module.SUGGEST_DELAY or app.items_screen.table.cursor < 3 * page:
                await press(pilot, "j")  # keys far less than SUGGEST_DELAY apart
            assert worked_out == []
            await pilot.pause(items_module.SUGGEST_DELAY + 0.2)
            table = app.items_screen.table
            top = round(table.scroll_y)
            rows = [row for row in range(top, top + table.size.height - 1) if table.rows[row].jurisdiction is None]
            assert {table.rows[row].id for row in rows} <= set(worked_out)
            assert all("≈" in table.render_line(row - top + 1).text for row in rows)


async def test_the_suggester_built_with_the_items_shown_is_the_one_built_from_the_store(config, ward):
    """The items screen lends the year's items to the suggester rather than reading them again:
    every suggestion and likely duplicate equals that of a suggester built from the store, also
    after a switch of year and another officer's decision."""
    app = make_app(config, ward)

    def compared(screen) -> None:
        fresh = Suggester(config, ward.items())
        for item in screen.year_items:
            ours, theirs = screen.suggester.suggest(item), fresh.suggest(item)
            for found, suggester in ((ours, screen.suggester), (theirs, fresh)):
                suggester.find_duplicates(item, found, lambda other: other.sector)
            assert ours == theirs, item.id

    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.items_screen
        compared(screen)
        await pilot.press("[")  # the year before
        await ready(pilot)
        assert screen.year != max(ward.years())
        compared(screen)
        first = ward.items(screen.year)[0]
        changed_by_another_officer(ward, first.id, {"owner": "CA"}, first.version)
        await pilot.pause(1.5)  # the poll
        await ready(pilot)
        compared(screen)
