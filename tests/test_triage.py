from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from kiennghi.io.importer import plan_import

from kiennghi.errors import StaleEdit, StoreError
from kiennghi.model import NewItem
from kiennghi.store import Edit, ImportBatch, Store
from kiennghi.suggest import Suggestion
from kiennghi.triage import (
    Filters,
    accept,
    default_deadline,
    entry_haystack,
    forward,
    is_overdue,
    query_matches,
    within_ward,
)
from kiennghi.undo import EditSession
from tests.conftest import fixture_path

TODAY = date(2025, 11, 3)


def test_pickers_match_without_accents_codes_and_initials(config):
    unit = config.units.get("KT-HT-DT")
    haystack = entry_haystack(unit.code, unit.name, unit.short, *unit.aliases)
    assert query_matches("kt ha tang", haystack)
    assert query_matches("Hạ  tầng", haystack)
    police = config.units.get("CA")
    assert query_matches("cong an", entry_haystack(police.name))
    assert not query_matches("cong an", haystack)


def test_filters_combine_and_toggle(config):
    items = [
        NewItem("a", sector="DO-THI", jurisdiction="phuong", owner="KT-HT-DT", deadline=date(2025, 11, 1)),
        NewItem("b", sector="DO-THI", jurisdiction="phuong", owner="KT-HT-DT", deadline=date(2025, 11, 1),
                status="da-giai-quyet"),
        NewItem("c", sector="AN-NINH"),
    ]
    from kiennghi.model import Item
    stored = [Item(**{f.name: getattr(n, f.name) for f in fields(n)}, id=f"KN-2025-00{i}")
              for i, n in enumerate(items, 1)]
    overdue = Filters(overdue=True)
    assert [i.content for i in stored if overdue.matches(i, config, TODAY)] == ["a"]
    both = overdue.toggle("sector", "DO-THI")
    assert both.describe(config) == [f"lĩnh vực {config.sectors.short('DO-THI')}", "quá hạn"]
    assert both.toggle("sector", "DO-THI") == overdue
    assert not Filters().toggle("untriaged").toggle("untriaged")
    assert [i.content for i in stored if Filters(untriaged=True).matches(i, config, TODAY)] == ["c"]
    assert not is_overdue(stored[0], config, date(2025, 10, 1))


def test_decisions(config):
    from kiennghi.model import Item
    item = Item("x", id="KN-2025-001", sector="AN-NINH", owner=None)
    assert default_deadline(config, "AN-NINH", TODAY) == date(2025, 11, 18)
    assert default_deadline(config, None, TODAY) == date(2025, 12, 3)
    ward = within_ward(config, item, "CA", ["CA", "QS"], TODAY)
    assert ward == {"jurisdiction": "phuong", "owner": "CA", "co_owners": ["QS"], "forward_to": None,
                    "deadline": date(2025, 11, 18)}
    up = forward(config, item, "EVN", "KT-HT-DT", TODAY)
    assert up["owner"] == "KT-HT-DT" and up["forward_to"] == "EVN" and up["jurisdiction"] == "cap-tren"
    suggestion = Suggestion("KN-2025-001", jurisdiction="cap-tren", owner="KT-HT-DT", forward_to="SO-XD",
                            sector="DO-THI")
    assert accept(config, Item("y", id="KN-2025-002"), suggestion, TODAY) == {
        "sector": "DO-THI", "jurisdiction": "cap-tren", "forward_to": "SO-XD", "owner": "KT-HT-DT",
        "deadline": date(2025, 12, 3)}
    # What the officer chose before pressing `a` stays: an owner, a body (which sends it above).
    chosen = accept(config, Item("y", id="KN-2025-002", owner="VP-UBND"), suggestion, TODAY)
    assert (chosen["jurisdiction"], chosen["forward_to"], chosen["owner"]) == ("cap-tren", "SO-XD", "VP-UBND")
    ward_suggested = Suggestion("KN-2025-002", jurisdiction="phuong", owner="VP-DU", sector="KHAC")
    chosen = accept(config, Item("y", id="KN-2025-002", owner="VP-UBND"), ward_suggested, TODAY)
    assert (chosen["jurisdiction"], chosen["owner"]) == ("phuong", "VP-UBND")
    chosen = accept(config, Item("y", id="KN-2025-002", forward_to="EVN"), ward_suggested, TODAY)
    assert (chosen["jurisdiction"], chosen["forward_to"], chosen["owner"]) == ("cap-tren", "EVN", "VP-DU")


@pytest.fixture
def triage_store(tmp_path, config):
    with Store.open(tmp_path / "ward.db", user="officer-a") as store:
        store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
        yield store


def test_bulk_edit_is_all_or_nothing_and_names_the_stale_items(triage_store):
    store = triage_store
    with Store.open(store.path, user="officer-b") as other:
        other.update_item("KN-2025-002", {"owner": "CA"}, 1, "tui")
    edits = [Edit(f"KN-2025-00{n}", {"owner": "VH-XH"}, 1) for n in (1, 2, 3)]
    with pytest.raises(StaleEdit) as caught:
        store.update_items(edits, "tui")
    assert caught.value.versions == {"KN-2025-002": 2}
    assert caught.value.changes[0]["user"] == "officer-b" and caught.value.changes[0]["new"] == "CA"
    assert "officer-b" in str(caught.value)
    assert store.item("KN-2025-001").owner is None  # nothing applied
    results = store.update_items([Edit(e.item_id, e.changes, None) for e in edits], "tui")
    assert [after.version for _, after in results] == [2, 3, 2]


def test_undo_and_redo_are_logged_and_refuse_to_undo_others_work(triage_store):
    store = triage_store
    session = EditSession(store)
    session.apply("1 thuộc phường", [Edit("KN-2025-001", {"jurisdiction": "phuong", "owner": "CA"}, 1),
                                      Edit("KN-2025-002", {"jurisdiction": "phuong", "owner": "CA"}, 1)])
    session.apply("h hạn", [Edit("KN-2025-001", {"deadline": date(2025, 12, 1)}, 2)])
    session.undo()
    assert store.item("KN-2025-001").deadline is None
    session.undo()
    assert store.item("KN-2025-002").owner is None and store.item("KN-2025-002").version == 3
    assert session.undo() is None
    session.redo()
    assert store.item("KN-2025-002").owner == "CA"
    details = [c.detail for c in store.history("KN-2025-002")]
    assert "hoàn tác: 1 thuộc phường" in details and "làm lại: 1 thuộc phường" in details
    with Store.open(store.path, user="officer-b") as other:
        other.update_item("KN-2025-002", {"note": "đã gọi điện"}, None, "tui")
    with pytest.raises(StaleEdit):
        session.undo()
    assert store.item("KN-2025-002").owner == "CA" and len(session.undo_stack) == 1
    session.undo(force=True)
    assert store.item("KN-2025-002").owner is None and store.item("KN-2025-002").note == "đã gọi điện"
    session.apply("s", [Edit("KN-2025-003", {"status": "dang-giai-quyet"}, 1)])
    assert session.redo_stack == []  # a new step forgets what was undone


def test_a_deletion_is_a_step_undone_and_redone_and_refuses_to_undo_others_work(triage_store):
    store = triage_store
    session = EditSession(store)
    session.apply("1 thuộc phường", [Edit("KN-2025-001", {"jurisdiction": "phuong", "owner": "CA"}, 1)])
    session.delete("Xóa 2 ý kiến", {"KN-2025-001": 2, "KN-2025-002": 1})
    assert store.count(2025) == 70 and store.item("KN-2025-001").owner == "CA"
    session.undo()
    assert store.count(2025) == 72 and store.item("KN-2025-002").version == 3
    session.redo()
    assert store.item("KN-2025-002").hidden
    assert [c.detail for c in store.history("KN-2025-002")[1:]] == [
        "Xóa 2 ý kiến", "hoàn tác: Xóa 2 ý kiến", "làm lại: Xóa 2 ý kiến"]
    with Store.open(store.path, user="officer-b") as other:
        other.restore_items({"KN-2025-002": None}, "cli")
    with pytest.raises(StaleEdit, match="officer-b"):
        session.undo()
    with pytest.raises(StoreError, match="không bị ẩn"):  # shown again already: nothing to undo
        session.undo(force=True)
    assert store.item("KN-2025-001").hidden and len(session.undo_stack) == 2
    with pytest.raises(StoreError, match="khôi phục trước"):  # the decision before: on a hidden item
        EditSession(store).apply("s", [Edit("KN-2025-001", {"status": "dang-giai-quyet"}, None)])


def test_new_item_from_the_conference_is_logged_as_created(triage_store, config):
    item = triage_store.add_item(2025, NewItem("Đề nghị lắp đèn ngõ 5", source="hoi-nghi", to_dan_pho="TDP 3"),
                                 "tui")
    assert item.id == "KN-2025-073" and item.source == "hoi-nghi"
    assert [c.field for c in triage_store.history(item.id)] == ["created"]


def test_store_of_one_year_only(tmp_path):
    with Store.open(tmp_path / "x.db") as store:
        store.import_batch(ImportBatch("x.xlsx", "x", 2025, [NewItem("a")]))
        assert store.update_items([], "tui") == []


def test_counts_are_each_item_counted_once_for_any_mix_of_items(config):
    """The status line's counts, for random mixes of jurisdictions, deadlines and statuses."""
    import random

    from kiennghi.model import Item
    from kiennghi.triage import Counts, is_overdue

    rng = random.Random(7)
    today = date(2026, 3, 1)
    statuses = [None, *config.statuses.codes]
    for _ in range(50):
        items = [Item(f"Ý kiến {n}", id=f"KN-2025-{n:03d}", jurisdiction=rng.choice([None, "phuong", "cap-tren"]),
                      deadline=rng.choice([None, date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]),
                      status=rng.choice(statuses)) for n in range(rng.randrange(0, 40))]
        counts = Counts.of(config, items, today)
        assert counts.total == len(items)
        assert counts.untriaged == sum(i.jurisdiction is None for i in items)
        assert counts.ward == sum(i.jurisdiction == "phuong" for i in items)
        assert counts.upward == sum(i.jurisdiction == "cap-tren" for i in items)
        assert counts.overdue == sum(is_overdue(i, config, today) for i in items)
