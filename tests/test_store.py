from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat

import pytest

from kiennghi.errors import StaleEdit, StoreError
from kiennghi.model import NewItem, Origin
from kiennghi.store import MIGRATIONS, ImportBatch, Store


def add(store: Store, count: int = 3, year: int = 2025) -> list[str]:
    items = [NewItem(f"Ý kiến số {n}", stt=str(n), origin=Origin("a.xlsx", "S", [n])) for n in range(1, count + 1)]
    return store.import_batch(ImportBatch("a.xlsx", f"sha-{year}-{count}", year, items))


def test_new_file_is_shared_with_the_group_only(tmp_path):
    os.umask(0o022)
    Store.open(tmp_path / "ward.db").close()
    assert stat.S_IMODE((tmp_path / "ward.db").stat().st_mode) == 0o660


def test_wal_and_schema_version(store):
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_ids_are_stable_and_per_year(store):
    assert add(store, 2) == ["KN-2025-001", "KN-2025-002"]
    assert add(store, 1, year=2024) == ["KN-2024-001"]
    assert store.years() == [2024, 2025]


def test_stale_edit_is_refused_with_who_changed_what(store, tmp_path):
    add(store)
    other = Store.open(store.path, user="officer-b")
    other.update_item("KN-2025-001", {"status": "da-giai-quyet"}, 1, "tui")
    with pytest.raises(StaleEdit) as caught:
        store.update_item("KN-2025-001", {"status": "dang-giai-quyet"}, 1, "tui")
    assert "officer-b" in str(caught.value)
    assert caught.value.changes[0]["new"] == "da-giai-quyet"
    assert store.item("KN-2025-001").status == "da-giai-quyet"
    other.close()


def test_change_log_records_user_and_source_and_is_append_only(store):
    add(store)
    store.update_item("KN-2025-002", {"owner": "CA", "co_owners": ["VH-XH"]}, None, "cli")
    history = store.history("KN-2025-002")
    assert [(c.field, c.old, c.new, c.source, c.user) for c in history[1:]] == [
        ("owner", None, "CA", "cli", store.user),
        ("co_owners", "", "VH-XH", "cli", store.user),
    ]
    db = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM change_log")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE change_log SET user = 'x'")


def test_unchanged_values_are_not_logged(store):
    add(store)
    item = store.update_item("KN-2025-001", {"note": ""}, 1, "cli")
    assert item.version == 1 and len(store.history("KN-2025-001")) == 1


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "ward.db"
    Store.open(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="mới hơn"):
        Store.open(path)


def _increment(path: str, item_id: str, rounds: int) -> None:
    with Store.open(path) as store:
        for _ in range(rounds):
            while True:
                item = store.item(item_id)
                try:
                    store.update_item(item_id, {"note": str(int(item.note or 0) + 1)}, item.version, "cli")
                    break
                except StaleEdit:
                    continue


def test_no_lost_update_between_processes(store):
    add(store)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_increment, args=(str(store.path), "KN-2025-001", 25)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    item = store.item("KN-2025-001")
    assert item.note == "100" and item.version == 101


def test_an_import_is_logged_once_and_each_item_knows_it(store):
    add(store, 3)
    log = store.history(year=2025)
    assert [(c.field, c.source, c.detail) for c in log] == [("import", "import", "a.xlsx")]
    created = store.history("KN-2025-002")[0]
    assert (created.field, created.source, created.detail, created.user) == ("created", "import", "a.xlsx", store.user)


def test_changes_since_names_the_items_changed_and_whether_items_were_added(tmp_path):
    with Store.open(tmp_path / "ward.db", user="a") as store:
        store.import_batch(ImportBatch("x.xlsx", "x", 2025, [NewItem("một"), NewItem("hai")]))
        start = store.last_change()
        assert store.changes_since(start) == (start, set(), False)
        store.update_item("KN-2025-002", {"note": "gọi lại"}, None, "cli")
        last, changed, added = store.changes_since(start)
        assert last > start and changed == {"KN-2025-002"} and not added
        assert [item.note for item in store.items_by_id(changed)] == ["gọi lại"]
        store.add_item(2025, NewItem("ba", source="hoi-nghi"), "tui")
        assert store.changes_since(last)[2] is True
