from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat

import pytest

from kiennghi.errors import StaleEdit, StoreError, TouchedItems
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


def test_a_store_of_schema_2_migrates_and_keeps_its_items(tmp_path):
    """A store as kiennghi left it before imports could be taken back (schema 2): the imports'
    table is made anew without its UNIQUE file hash, and its items and history are kept."""
    path = tmp_path / "ward.db"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO import_batch VALUES (1, 'a.xlsx', 'sha-a', 2025, 2, 'lan', '2025-10-01T09:00:00+07:00')")
    db.executemany("INSERT INTO item (id, year, seq, source, content, origin_file, origin_sheet, import_id)"
                   " VALUES (?, 2025, ?, 'mttq', ?, 'a.xlsx', 'Tổng hợp', 1)",
                   [("KN-2025-001", 1, "Sửa đường"), ("KN-2025-002", 2, "Lắp đèn")])
    db.execute("UPDATE item SET note = 'gọi lại', version = 2 WHERE id = 'KN-2025-002'")
    db.execute("INSERT INTO change_log (item_id, year, field, old, new, version, user, at, source)"
               " VALUES ('KN-2025-002', 2025, 'note', '', 'gọi lại', 2, 'lan', '2025-10-02T08:00:00+07:00', 'cli')")
    db.commit()
    db.close()
    with Store.open(path, user="minh") as store:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert [(i.id, i.file_name, i.sheets, i.item_count, i.live, i.user) for i in store.imports()] == [
            (1, "a.xlsx", ["Tổng hợp"], 2, 2, "lan")]
        assert [i.note for i in store.items(2025)] == ["", "gọi lại"]
        assert [c.field for c in store.history("KN-2025-002")] == ["created", "note"]
        assert store.unimport(1, "cli", force=True) == ["KN-2025-001", "KN-2025-002"]
        again = store.import_batch(ImportBatch("a.xlsx", "sha-a", 2025, [NewItem("Sửa đường"), NewItem("Lắp đèn")]))
        assert again == ["KN-2025-003", "KN-2025-004"]
        assert store._db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_unimport_hides_the_items_never_reuses_their_ids_and_lets_the_file_in_again(store):
    add(store, 3)
    before = store.last_change()
    assert store.unimport(1, "cli") == ["KN-2025-001", "KN-2025-002", "KN-2025-003"]
    assert store.items(2025) == [] and store.count(2025) == 0 and store.years() == [2025]
    hidden = store.item("KN-2025-002")
    assert hidden.hidden and hidden.deleted_by == store.user and hidden.version == 2
    assert [(c.field, c.old, c.new, c.user, c.detail) for c in store.history("KN-2025-002")[1:]] == [
        ("hidden", "không", "có", store.user, "gỡ lần nhập 1 (a.xlsx, ngày " + hidden.deleted_at[:10] + ")")]
    assert store.changes_since(before)[2] is True  # the others' apps read the year again
    (first,) = store.imports()
    assert (first.live, first.undone_by) == (0, store.user)
    with pytest.raises(StoreError, match="đã được .* gỡ"):
        store.unimport(1, "cli")
    assert add(store, 3) == ["KN-2025-004", "KN-2025-005", "KN-2025-006"]  # the same file, new IDs
    assert len(store.items(2025, hidden=True)) == 3
    with pytest.raises(StoreError, match="Không có lần nhập số 9"):
        store.unimport(9, "cli")


def test_unimport_is_refused_when_an_item_was_changed_unless_forced(store):
    add(store, 3)
    with Store.open(store.path, user="officer-b") as other:
        other.update_item("KN-2025-003", {"owner": "CA"}, 1, "tui")
    with pytest.raises(TouchedItems) as refused:
        store.unimport(1, "cli")
    assert refused.value.item_ids == ["KN-2025-003"]
    assert "KN-2025-003" in str(refused.value) and "officer-b" in str(refused.value)
    assert "1 trong 3 ý kiến" in str(refused.value)
    assert len(store.items(2025)) == 3 and store.imports()[0].undone_at is None
    assert len(store.unimport(1, "cli", force=True)) == 3
    assert store.item("KN-2025-003").owner == "CA"  # hidden as it was: nothing is lost


def test_a_corrected_copy_of_a_sheet_is_refused_naming_its_import(store):
    add(store, 4)
    corrected = [NewItem(f"Y KIEN SO {n}.") for n in range(1, 4)] + [NewItem("Ý kiến mới")]
    with pytest.raises(StoreError) as refused:
        store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, corrected))
    message = str(refused.value)
    assert "3 trong 4 ý kiến" in message and "lần nhập 1 (a.xlsx" in message and store.user in message
    assert "kiennghi unimport 1" in message and "kiennghi import b.xlsx --replace 1" in message
    assert store.count(2025) == 4
    assert store.import_batch(ImportBatch("b-2024.xlsx", "sha-b-2024", 2024, corrected))  # another year
    ids = store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, corrected), replacing=1)
    assert ids == ["KN-2025-005", "KN-2025-006", "KN-2025-007", "KN-2025-008"]
    assert [i.id for i in store.items(2025)] == ids
    assert store.history("KN-2025-001")[-1].detail.startswith("nhập b.xlsx thay cho lần nhập 1 (a.xlsx")


def test_replace_is_one_transaction(store):
    """A failing import inside a replacement leaves the import it would replace in place."""
    add(store, 3)
    store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, [NewItem("Khác hẳn")]))
    with pytest.raises(StoreError, match="đã được nhập"):  # b.xlsx's import stands
        store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, [NewItem("Khác hẳn")]), replacing=1)
    broken = [NewItem("Ý kiến số 1"), NewItem("Ý kiến số 2", source="nowhere")]
    with pytest.raises(sqlite3.IntegrityError):
        store.import_batch(ImportBatch("c.xlsx", "sha-c", 2025, broken), replacing=1)
    store.update_item("KN-2025-002", {"note": "đã gọi"}, 1, "cli")
    with pytest.raises(TouchedItems):
        store.import_batch(ImportBatch("c.xlsx", "sha-c", 2025, broken[:1]), replacing=1)
    assert [i.id for i in store.items(2025)] == ["KN-2025-001", "KN-2025-002", "KN-2025-003", "KN-2025-004"]
    assert [i.undone_at for i in store.imports()] == [None, None]
    assert [c.field for c in store.history("KN-2025-001")] == ["created"]


def test_delete_and_restore_are_logged_with_the_user_and_bump_the_version(store):
    add(store, 3)
    (hidden,) = store.delete_items({"kn-2025-002": 1}, "cli")
    assert (hidden.id, hidden.hidden, hidden.deleted_by, hidden.version) == ("KN-2025-002", True, store.user, 2)
    assert [i.id for i in store.items(2025)] == ["KN-2025-001", "KN-2025-003"] and store.count(2025) == 2
    assert [i.id for i in store.items(2025, hidden=True)] == ["KN-2025-002"]
    with pytest.raises(StoreError, match="đã bị ẩn từ trước"):
        store.delete_items({"KN-2025-002": None}, "cli")
    with pytest.raises(StoreError, match="khôi phục trước"):
        store.update_item("KN-2025-002", {"note": "x"}, None, "cli")
    with pytest.raises(StoreError, match="không bị ẩn"):
        store.restore_items({"KN-2025-001": None, "KN-2025-002": None}, "cli")  # all or none
    (shown,) = store.restore_items({"KN-2025-002": None}, "tui", "hoàn tác: xóa")
    assert (shown.hidden, shown.version) == (False, 3) and store.count(2025) == 3
    assert [(c.field, c.new, c.version, c.user, c.source) for c in store.history("KN-2025-002")[1:]] == [
        ("hidden", "có", 2, store.user, "cli"), ("hidden", "không", 3, store.user, "tui")]


def test_an_officer_deletes_while_another_edits_the_same_item(store):
    """Two officers on one item: a stale edit of a hidden item is refused, and says it was hidden;
    a stale deletion of an edited item is refused too. Neither is applied silently."""
    add(store, 2)
    with Store.open(store.path, user="officer-b") as other:
        seen_by_b = other.item("KN-2025-001")
        store.delete_items({"KN-2025-001": 1}, "tui", "Xóa")
        with pytest.raises(StaleEdit) as caught:
            other.update_item("KN-2025-001", {"status": "da-giai-quyet"}, seen_by_b.version, "tui")
        assert "bị" in str(caught.value) and "ẩn" in str(caught.value) and store.user in str(caught.value)
        with pytest.raises(StoreError, match="khôi phục trước"):  # overwriting: still not on a hidden item
            other.update_item("KN-2025-001", {"status": "da-giai-quyet"}, None, "tui")
        other.update_item("KN-2025-002", {"status": "da-giai-quyet"}, 1, "tui")
        with pytest.raises(StaleEdit, match="officer-b"):
            store.delete_items({"KN-2025-002": 1}, "tui")
    assert store.item("KN-2025-001").status is None and store.item("KN-2025-001").hidden
    assert store.item("KN-2025-002").status == "da-giai-quyet" and not store.item("KN-2025-002").hidden


def test_an_item_of_an_import_taken_back_is_not_restored_beside_its_new_copy(tmp_path, config):
    from kiennghi.model import NewItem
    from kiennghi.store import ImportBatch

    with Store.open(tmp_path / "ward.db") as store:
        first = store.import_batch(ImportBatch("a.xlsx", "1" * 64, 2025, [NewItem("Đề nghị sửa đèn ngõ 5 phố Phúc Lợi")]))
        store.import_batch(ImportBatch("a-sua.xlsx", "2" * 64, 2025, [NewItem("Đề nghị sửa đèn ngõ 5 phố Phúc Lợi.")]),
                           replacing=1)
        with pytest.raises(StoreError, match="đang hiện ở ý kiến khác"):
            store.restore_items({first[0]: None}, "cli")
        assert store.item(first[0]).hidden
