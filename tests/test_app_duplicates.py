"""Duplicates in the app (issue 19, point 2): a concern shown together in the details, v for
only its items, D to link with one key, T to unlink, undo and redo; across years too."""

from __future__ import annotations

import pytest
from kiennghi import store as store_module
from kiennghi.model import NewItem
from kiennghi.store import Store
from kiennghi.duplicates import concern_of
from kiennghi.triage import decision
from tests.test_app import detail, make_app, notices, ready, status


def assert_concerns_fresh(screen, store) -> None:
    """The screen's index of links and each item's concern are what the store's items give
    when worked out afresh."""
    every = store.items()
    linked = {}
    for item in every:
        if item.year == screen.year and item.duplicate_of:
            linked.setdefault(item.duplicate_of, []).append(item.id)
    assert screen._linked == linked
    dismissed = {}
    for item in every:
        if item.year == screen.year:
            for other in item.not_duplicates:
                dismissed.setdefault(other, []).append(item.id)
    assert screen._dismissed == dismissed
    for item in screen.year_items:
        fresh = concern_of(every, item.id)
        assert {i.id for i in screen.concern(item)} == {i.id for i in fresh if i.year == screen.year
                                                         or i.id == fresh[0].id}

PETITIONS_2024 = [
    ("Điểm tập kết rác trước cổng chợ Ô Cách bốc mùi, đề nghị di chuyển vào trong chợ", "MOI-TRUONG"),
    ("Đề nghị sửa nhà văn hóa TDP 3 bị dột", "VH-XH"),
]
PETITIONS_2025 = [
    ("Ngõ 12 Ngọc Thụy ban đêm không có đèn, người dân đi lại rất nguy hiểm", "DO-THI"),
    ("Hệ thống đèn chiếu sáng ngõ 12 phố Ngọc Thụy hỏng gần 3 tháng nay, đề nghị thay thế", "DO-THI"),
    ("Đề nghị tổ chức lớp học bơi miễn phí cho thiếu nhi dịp hè", "VH-XH"),
    ("Rác vẫn dồn ở cổng chợ Ô Cách, kiến nghị từ năm trước chưa được giải quyết", None),
]


@pytest.fixture
def concerns_ward(config, tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "_now", lambda: "2025-11-03T09:00:00+07:00")  # the history shown is fixed
    with Store.open(tmp_path / "ward.db", user="officer-a") as store:
        for year, petitions in ((2024, PETITIONS_2024), (2025, PETITIONS_2025)):
            for content, sector in petitions:
                item = store.add_item(year, NewItem(content=content, sector=sector, source="mttq"), "cli")
                if year == 2024:
                    store.update_item(item.id, {"jurisdiction": "phuong", "owner": "KT-HT-DT",
                                                "status": "dang-giai-quyet"}, item.version, "cli")
        yield store


async def test_link_show_filter_unlink_and_undo(config, concerns_ward):
    ward = concerns_ward
    app = make_app(config, ward)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        screen = app.items_screen
        await pilot.press("j")  # KN-2025-002, the same lane's lighting said otherwise
        await ready(pilot)
        assert screen.table.current.id == "KN-2025-002"
        shown = detail(app)
        assert "Có thể trùng (D để gộp với KN-2025-001" in shown and "cùng địa điểm (ngõ 12" in shown
        await pilot.press("D")
        assert ward.item("KN-2025-002").duplicate_of == "KN-2025-001"
        assert "Cùng một nội dung, đã gộp (2 ý kiến" in detail(app)
        assert_concerns_fresh(app.items_screen, ward)
        await pilot.press("w")
        assert [i.id for i in screen.items] == ["KN-2025-001", "KN-2025-002"]
        assert "cùng nội dung với KN-2025-002" in status(app)
        await pilot.press("w")
        assert len(screen.items) == 4
        await pilot.press("T")
        assert ward.item("KN-2025-002").duplicate_of is None
        assert "đã gộp" not in detail(app)
        assert_concerns_fresh(app.items_screen, ward)
        await pilot.press("u")
        assert ward.item("KN-2025-002").duplicate_of == "KN-2025-001"
        assert_concerns_fresh(app.items_screen, ward)
        await pilot.press("U")
        assert ward.item("KN-2025-002").duplicate_of is None
        # A selection made one concern with one key: linked to the oldest of them.
        await pilot.press("g", "space", "j", "space")  # space moves down: 001 and 003
        await pilot.press("D")
        assert ward.item("KN-2025-003").duplicate_of == "KN-2025-001"
        assert_concerns_fresh(app.items_screen, ward)
        await pilot.press("escape", "u")
        assert ward.item("KN-2025-003").duplicate_of is None


async def test_a_repeat_of_an_earlier_year_links_to_it(config, concerns_ward):
    ward = concerns_ward
    app = make_app(config, ward)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.press("G")
        await ready(pilot)
        assert app.items_screen.table.current.id == "KN-2025-004"
        assert "KN-2024-001" in detail(app) and "tồn từ năm trước" in detail(app)
        await pilot.press("D")
        assert ward.item("KN-2025-004").duplicate_of == "KN-2024-001"
        shown = detail(app)
        assert "đã gộp (2 ý kiến" in shown and "KN-2024-001  Điểm tập kết rác" in shown
        assert_concerns_fresh(app.items_screen, ward)
        await pilot.press("T")
        assert ward.item("KN-2025-004").duplicate_of is None


def decisions(store, *ids):
    return [decision(store.item(item_id)) for item_id in ids]


async def test_a_concern_is_decided_together(config, concerns_ward):
    """A decision on one item of a concern is the concern's: its other items of the year take
    it (1, 2, o, h); an earlier year's item it repeats keeps its own."""
    ward = concerns_ward
    ward.update_item("KN-2025-002", {"duplicate_of": "KN-2025-001"}, 1, "cli")
    ward.update_item("KN-2025-004", {"duplicate_of": "KN-2024-001"}, 1, "cli")
    last_year = decision(ward.item("KN-2024-001"))
    app = make_app(config, ward)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.press("j")  # KN-2025-002, the lane's second item
        await pilot.press("1", *"cong an", "enter")
        first, second = decisions(ward, "KN-2025-001", "KN-2025-002")
        assert first == second and first["owner"] == "CA" and first["deadline"] is not None
        assert ward.item("KN-2025-003").jurisdiction is None  # not of the concern
        await pilot.press("k", "2", *"so xay", "enter")
        first, second = decisions(ward, "KN-2025-001", "KN-2025-002")
        assert first == second and first["jurisdiction"] == "cap-tren" and first["forward_to"] == "SO-XD"
        await pilot.press("u")  # one undo: both as they were
        first, second = decisions(ward, "KN-2025-001", "KN-2025-002")
        assert first == second and first["owner"] == "CA" and first["forward_to"] is None
        await pilot.press("G", "1", *"van hoa", "enter")  # KN-2025-004, a repeat of 2024's item
        assert ward.item("KN-2025-004").owner == "VH-XH"
        assert decision(ward.item("KN-2024-001")) == last_year


async def test_an_item_linked_to_a_decided_concern_takes_its_decision(config, concerns_ward):
    ward = concerns_ward
    app = make_app(config, ward)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.press("1", *"cong an", "enter")  # KN-2025-001 decided; the cursor goes on to 002
        await ready(pilot)
        assert app.items_screen.table.current.id == "KN-2025-002"
        await pilot.press("D")  # linked with its likely duplicate, 001
        assert ward.item("KN-2025-002").duplicate_of == "KN-2025-001"
        assert decisions(ward, "KN-2025-001") == decisions(ward, "KN-2025-002")
        await pilot.press("u")  # the link and the decision it brought, undone together
        assert ward.item("KN-2025-002").duplicate_of is None and ward.item("KN-2025-002").jurisdiction is None
        await pilot.press("d", *"kn-2025-001", "enter")  # picked rather than suggested: the same
        assert ward.item("KN-2025-002").duplicate_of == "KN-2025-001"
        assert decisions(ward, "KN-2025-001") == decisions(ward, "KN-2025-002")


async def test_accepting_a_suggestion_keeps_a_decision_taken_in_the_concern(config, concerns_ward):
    """`a` decides only items not triaged yet: in a concern too (one triaged by the command line
    after the link keeps its decision)."""
    ward = concerns_ward
    ward.update_item("KN-2025-002", {"duplicate_of": "KN-2025-001"}, 1, "cli")
    ward.update_item("KN-2025-002", {"jurisdiction": "phuong", "owner": "VP-UBND"}, 2, "cli")
    app = make_app(config, ward)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await ready(pilot)
        await pilot.press("a")
        assert ward.item("KN-2025-001").jurisdiction is not None
        assert ward.item("KN-2025-002").owner == "VP-UBND"


async def test_x_says_a_likely_duplicate_is_not_one(config, concerns_ward):
    ward = concerns_ward
    app = make_app(config, ward)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.press("j")  # KN-2025-002: likely KN-2025-001
        await ready(pilot)
        assert "Có thể trùng (D để gộp với KN-2025-001, X nếu không trùng" in detail(app)
        await pilot.press("X")
        await ready(pilot)
        assert ward.item("KN-2025-002").not_duplicates == ["KN-2025-001"]
        assert "Có thể trùng" not in detail(app)
        assert "Không trùng với: KN-2025-001" in detail(app)
        assert_concerns_fresh(app.items_screen, ward)
        await pilot.press("k")  # nor is 002 suggested for 001, which says so too
        await ready(pilot)
        assert "Có thể trùng" not in detail(app) and "Không trùng với: KN-2025-002" in detail(app)
        await pilot.press("j", "u")
        await ready(pilot)
        assert ward.item("KN-2025-002").not_duplicates == []
        assert "Có thể trùng (D để gộp với KN-2025-001" in detail(app)


async def test_linking_items_decided_otherwise_is_said(config, concerns_ward):
    ward = concerns_ward
    ward.update_item("KN-2025-001", {"jurisdiction": "phuong", "owner": "CA"}, 1, "cli")
    ward.update_item("KN-2025-002", {"jurisdiction": "phuong", "owner": "KT-HT-DT"}, 1, "cli")
    app = make_app(config, ward)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        said = notices(app)
        await pilot.press("j")
        await ready(pilot)
        await pilot.press("D")
        assert ward.item("KN-2025-002").duplicate_of == "KN-2025-001"
        [warned] = [text for text in said if "quyết định khác nhau" in text]
        assert "KN-2025-001: phường, Công an phường" in warned and "KN-2025-002: phường, Phòng KT-HT-ĐT" in warned


async def test_a_concern_takes_one_suggestion_and_one_sector_in_a_selection_too(config, concerns_ward):
    """`*` then `a`: the items of a concern take the suggestion for the first of them; `1` gives
    a member without a sector the decided item's."""
    ward = concerns_ward
    ward.update_item("KN-2025-004", {"duplicate_of": "KN-2025-001"}, 1, "cli")  # no sector of its own
    app = make_app(config, ward)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.pause(1.0)
        await pilot.press("asterisk", "a")
        first, member = ward.item("KN-2025-001"), ward.item("KN-2025-004")
        assert first.jurisdiction and decision(first) == decision(member) and first.sector == member.sector
        await pilot.press("u", "escape")
        assert ward.item("KN-2025-004").sector is None
        await pilot.press("g", "1", *"cong an", "enter")
        assert ward.item("KN-2025-004").sector == ward.item("KN-2025-001").sector == "DO-THI"


def test_concern_details_snapshot(config, concerns_ward, snap_compare):
    async def linked(pilot):
        await ready(pilot)
        await pilot.press("j")
        await ready(pilot)
        await pilot.press("D")
        await ready(pilot)

    assert snap_compare(make_app(config, concerns_ward), terminal_size=(120, 40), run_before=linked)


async def test_d_links_a_repeat_of_its_year_before_an_earlier_years_and_the_picker_no_later_one(config, concerns_ward):
    """D on an item that repeats one of its year and one of last year links it with this year's
    first; an earlier item the officer said it does not carry on (V) is no likely duplicate; the
    d picker lists no item of a later year (an item repeats one of its year or before)."""
    ward = concerns_ward
    again = ward.add_item(2025, NewItem(content="Điểm tập kết rác ở cổng chợ Ô Cách vẫn bốc mùi, chưa được di dời",
                                        source="mttq"), "cli")
    ward.add_item(2026, NewItem(content="Rác ở cổng chợ Ô Cách năm nay vẫn còn", source="mttq"), "cli")
    app = make_app(config, ward, year=2025)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        screen = app.items_screen
        await pilot.press("G")
        await ready(pilot)
        assert screen.table.current.id == again.id
        assert {"KN-2025-004", "KN-2024-001"} <= set(screen.suggestion(screen.table.current).duplicates)
        await pilot.press("D")
        assert ward.item(again.id).duplicate_of == "KN-2025-004"
        await pilot.press("u", "d")
        assert not any(choice.code.startswith("KN-2026") for choice in app.screen.shown)
        await pilot.press("escape")
    ward.update_item("KN-2025-004", {"carry_rejected": ["KN-2024-001"]}, None, "cli")
    app = make_app(config, ward, year=2025)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.press("G", "k")
        await ready(pilot)
        screen = app.items_screen
        assert screen.table.current.id == "KN-2025-004"
        assert "KN-2024-001" not in screen.suggestion(screen.table.current).duplicates
