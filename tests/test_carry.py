"""Last year's unfinished items come along (issue 16, point 4): the links an import suggests,
the officer's confirmation or rejection, carrying items into the next year, the notice's
sentence on last year's results, and the links through a tracking workbook's round trip."""

from __future__ import annotations

import re

import sqlite3
import threading
from datetime import date

import docx
import openpyxl
import pytest

from kiennghi.carry import (carried_item, carry_candidates, carry_over, confirm, last_year_results, link_repeats,
                            reject, suggest_links, unresolved)
from kiennghi.check import check_store
from kiennghi.cli import main
from kiennghi.errors import StaleEdit, StoreError
from kiennghi.io.importer import plan_import
from kiennghi.io.tracking import COLUMNS, export_workbook, read_workbook
from kiennghi.merge import plan_merge
from kiennghi.model import CARRIED, Conference, NewItem
from kiennghi.notice import year_notice
from kiennghi.review import percent
from kiennghi.store import MIGRATIONS, ImportBatch, Store
from tests.carry_corpus import OPEN, earlier_year, later_sheet, write_sheet
from tests.conftest import ROOT, fixture_path, labels
from tests.test_tracking import HEADERS, NEEDS_OFFICE, _office

SEEDS = range(8)
LETTERS = {c.field: openpyxl.utils.get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}


def _earlier(store: Store, seed: int) -> tuple[list, list[str]]:
    earlier = earlier_year(seed)
    return earlier, store.import_batch(ImportBatch(f"theo-doi-2024-{seed}.xlsx", f"sha-{seed}", 2024,
                                                   [e.item for e in earlier]))


# --- the links an import suggests -------------------------------------------------------------


def test_an_import_links_each_repeat_of_an_unresolved_item_and_nothing_else(config, workdir, capsys):
    """Generated years: a 2024 item of each status, and a 2025 sheet saying some of them again
    in other words (reworded, "from last year", without accents) beside the same concerns at
    other places. Every link suggested is to the item the petition repeats, which is unresolved;
    nearly every repeat of an unresolved item is found."""
    expected = found = 0
    for seed in SEEDS:
        db = workdir / f"ward-{seed}.db"
        with Store.open(db) as store:
            earlier, ids = _earlier(store, seed)
        rows = later_sheet(seed, earlier)
        sheet = write_sheet(workdir / f"mttq-2025-{seed}.xlsx", 2025, rows)
        assert main(["--db", str(db), "import", str(sheet)]) == 0
        out = capsys.readouterr().out
        with Store.open(db) as store:
            items = store.items(2025)
        assert [item.content for item in items] == [row.content for row in rows]
        for row, item in zip(rows, items):
            repeated = earlier[row.repeats] if row.repeats is not None else None
            wanted = ids[row.repeats] if repeated and repeated.item.status in OPEN else None
            if item.carry_suggested:
                assert item.carry_suggested == wanted, (seed, item.content)
                assert item.carry_reason.startswith(f"nội dung gần giống ý kiến {wanted} năm 2024")
                assert repeated.item.content[:40] in item.carry_reason
            expected += wanted is not None
            found += wanted is not None and item.carry_suggested == wanted
            assert item.carried_from is None and item.version == 1  # suggested, not linked
        linked = sum(bool(item.carry_suggested) for item in items)
        assert (f"{linked} ý kiến có vẻ lặp lại" in out) == bool(linked)
    print(f"repeats of unresolved items found: {found}/{expected}")
    assert expected > 50 and found >= 0.9 * expected


def test_the_fixtures_repeats_of_last_years_unresolved_items(config, store):
    """The 2025 sheet against the 2024 tracking workbook: the labels' concern groups (shared
    across years) say which 2025 petitions repeat a 2024 one; those of unresolved ones are
    linked, nothing else is."""
    store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
    groups: dict[str, set[str]] = {}
    for label, item in zip(labels("theo-doi-2024.labels.jsonl"), store.items(2024)):
        if label.get("dup_group") and unresolved(config, item):
            groups.setdefault(label["dup_group"], set()).add(item.id)
    batch = link_repeats(config, store, plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    pairs = list(zip(labels("mttq-2025.labels.jsonl"), batch.items))
    expected = [(label, item) for label, item in pairs if groups.get(label["dup_group"])]
    for label, item in pairs:
        if item.carry_suggested:
            assert item.carry_suggested in groups.get(label["dup_group"], ()), item.content
    found = sum(item.carry_suggested is not None for _, item in expected)
    assert len(expected) >= 5 and found >= len(expected) - 1


def test_a_link_is_confirmed_or_rejected_logged_and_a_rejected_one_never_comes_back(config, workdir, capsys):
    db = workdir / "ward.db"
    with Store.open(db) as store:
        earlier, ids = _earlier(store, 3)
    rows = later_sheet(3, earlier)
    assert main(["--db", str(db), "import", str(write_sheet(workdir / "mttq-2025.xlsx", 2025, rows))]) == 0
    with Store.open(db) as store:
        first, second = [item for item in store.items(2025) if item.carry_suggested][:2]
    assert main(["--db", str(db), "link", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert first.id in listed and first.carry_suggested in listed
    assert main(["--db", str(db), "link", "confirm", first.id]) == 0
    assert main(["--db", str(db), "link", "reject", second.id]) == 0
    assert main(["--db", str(db), "link", "confirm", second.id]) == 1  # nothing left to confirm
    assert "không có gợi ý" in capsys.readouterr().err
    with Store.open(db) as store:
        confirmed, rejected = store.item(first.id), store.item(second.id)
        assert (confirmed.carried_from, confirmed.carry_suggested) == (first.carry_suggested, None)
        assert (rejected.carried_from, rejected.carry_suggested) == (None, None)
        assert rejected.carry_rejected == [second.carry_suggested]
        logged = {(c.field, c.old, c.new, c.user) for c in store.history(first.id)}
        assert ("carried_from", None, first.carry_suggested, store.user) in logged
        # Looking again finds the same repeat for the rejected item, and leaves it out.
        again = store.item(second.id)
        assert not any(i.id == second.id for i in suggest_links(config, store, 2025, "cli"))
        assert store.item(second.id).version == again.version
        # …which it would find, were it not rejected.
        store.update_item(second.id, {"carry_rejected": []}, again.version, "cli")
        assert main(["--db", str(db), "link", "suggest"]) == 0
    with Store.open(db) as store:
        assert store.item(second.id).carry_suggested == second.carry_suggested
        assert all(f.ok for f in check_store(db))


def test_a_link_names_an_earlier_years_item_that_exists(config, store):
    _earlier(store, 1)
    store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, [NewItem("Ý kiến mới"), NewItem("Ý kiến khác")]))
    item = store.item("KN-2025-001")
    for ref, why in (("KN-2024-999", "không có ý kiến nào"), ("KN-2025-002", "không phải ý kiến của năm trước"),
                     ("KN-2025-001", "là chính ý kiến này")):
        with pytest.raises(StoreError, match=why):
            store.update_item(item.id, {"carried_from": ref}, item.version, "cli")
    assert store.update_item(item.id, {"carried_from": "KN-2024-003"}, item.version, "cli").carried_from == "KN-2024-003"


# --- carrying items into the next year ----------------------------------------------------------


def test_a_dry_run_waits_for_no_writer(config, workdir, capsys, monkeypatch):
    """While another officer's write holds the store, the preview answers at once (it took the
    write lock, and waited the busy timeout to fail with "đang bận")."""
    import sqlite3
    from time import monotonic

    import kiennghi.store as store_module

    db = workdir / "ward.db"
    with Store.open(db) as store:
        _earlier(store, 1)
        store.import_batch(ImportBatch("mttq-2025.xlsx", "sha-25", 2025, [NewItem("Ý kiến năm nay")]))
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 3000)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        started = monotonic()
        assert main(["--db", str(db), "carry", "--from", "2024", "--dry-run"]) == 0
        assert monotonic() - started < 2.5
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert re.search(r"^KN-2024-\d+\t", capsys.readouterr().out, re.M)


def test_a_dry_run_over_items_changed_since_they_were_listed_is_no_conflict(config, store):
    """Another officer changed an item between the listing and the preview: the preview says
    what carrying would do now (it said "thay đổi của bạn chưa được ghi" of a change never made);
    carrying for real still refuses, so that nothing is carried as it no longer is."""
    _earlier(store, 2)
    store.import_batch(ImportBatch("mttq-2025.xlsx", "sha-25", 2025, [NewItem("Ý kiến năm nay")]))
    listed = carry_candidates(config, store, 2024, 2025)
    versions = {item.id: item.version for item in listed}
    first = listed[0]
    store.update_item(first.id, {"note": "sửa bởi cán bộ khác"}, first.version, "cli")
    preview = store.carry_items(2025, versions, carried_item, "cli", dry_run=True)
    assert [original for original, _ in preview.carried] == [item.id for item in listed]
    with pytest.raises(StaleEdit):
        store.carry_items(2025, versions, carried_item, "cli")
    assert len(store.items(2025)) == 1


def test_carrying_makes_each_unresolved_item_once_with_its_link_and_history(config, workdir, capsys):
    for seed in SEEDS:
        db = workdir / f"ward-{seed}.db"
        with Store.open(db) as store:
            earlier, ids = _earlier(store, seed)
            store.import_batch(ImportBatch("mttq-2025.xlsx", f"sha-25-{seed}", 2025, [NewItem("Ý kiến năm nay")]))
            originals = {item.id: item for item in store.items(2024)}
        assert main(["--db", str(db), "carry", "--from", "2024", "--dry-run"]) == 0
        preview = capsys.readouterr().out
        assert main(["--db", str(db), "carry", "--from", "2024"]) == 0
        done = capsys.readouterr().out
        # the dry run lists what the carry then carried (one row each through a pipe), and wrote nothing
        previewed = re.findall(r"^(KN-2024-\d+)\t", preview, re.M)
        assert len(previewed) == int(re.search(r"Đã mang (\d+)", done).group(1)) and "chưa ghi gì" in preview
        assert main(["--db", str(db), "carry", "--dry-run"]) == 0  # after it: nothing left to carry
        after = capsys.readouterr().out
        assert not re.search(r"^KN-2024-\d+\t", after, re.M) and f"{len(previewed)} ý kiến đã có ở năm 2025" in after
        assert main(["--db", str(db), "carry"]) == 0  # again: nothing more
        out = capsys.readouterr().out
        with Store.open(db) as store:
            carried = [item for item in store.items(2025) if item.source == CARRIED]
            open_ids = [i for i in ids if originals[i].status in OPEN]
            assert [item.carried_from for item in carried] == open_ids
            assert previewed == open_ids
            for item in carried:
                original = originals[item.carried_from]
                same = ("content", "to_dan_pho", "sector", "jurisdiction", "status", "owner", "deadline", "response")
                assert {f: getattr(item, f) for f in same} == {f: getattr(original, f) for f in same}
                assert store.lineage(item.id) == [store.item(original.id)]
                assert [c.field for c in store.history(original.id)][-1] == "carried"
            assert f"{len(open_ids)} ý kiến đã có ở năm 2025, không mang lần nữa" in out
            assert all(f.ok for f in check_store(db))
    assert main(["--db", str(db), "show", carried[0].id]) == 0
    assert f"Lịch sử của {carried[0].carried_from} (năm 2024), ý kiến này tồn từ đó" in capsys.readouterr().out


def test_carrying_is_all_or_none_and_refuses_an_item_changed_since_it_was_read(config, store):
    _earlier(store, 5)
    store.import_batch(ImportBatch("n.xlsx", "sha-n", 2025, [NewItem("Ý kiến năm nay")]))
    read = carry_candidates(config, store, 2024, 2025)
    with store.another() as other:  # another officer marks one done meanwhile
        other.update_item(read[-1].id, {"status": "da-giai-quyet"}, read[-1].version, "cli")
    with pytest.raises(StaleEdit):
        store.carry_items(2025, {item.id: item.version for item in read}, carried_item, "cli")
    assert store.count(2025) == 1
    done = carry_over(config, store, 2024, 2025, "cli")  # read again: the one done stays behind
    assert read[-1].id not in {old for old, _ in done.carried} and len(done.carried) == len(read) - 1


def test_two_officers_carrying_at_once_carry_each_item_once(config, tmp_path):
    with Store.open(tmp_path / "ward.db", user="a") as store:
        _earlier(store, 2)
        store.import_batch(ImportBatch("n.xlsx", "sha-n", 2025, [NewItem("Ý kiến năm nay")]))
        wanted = len(carry_candidates(config, store, 2024, 2025))
    results, failures = [], []

    def officer(name: str) -> None:
        try:
            with Store.open(tmp_path / "ward.db", user=name) as mine:
                results.append(carry_over(config, mine, 2024, 2025, "tui"))
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=officer, args=(name,)) for name in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert sum(len(r.carried) for r in results) == wanted
    with Store.open(tmp_path / "ward.db") as store:
        carried = [item.carried_from for item in store.items(2025) if item.source == CARRIED]
        assert len(carried) == len(set(carried)) == wanted


def test_an_item_suggested_to_repeat_an_original_holds_it_back_until_decided(config, store):
    earlier, ids = _earlier(store, 4)
    rows = later_sheet(4, earlier)
    tmp = store.path.parent / "mttq-2025.xlsx"
    batch = link_repeats(config, store, plan_import(write_sheet(tmp, 2025, rows), config).batch())
    store.import_batch(batch)
    suggested = {item.carry_suggested: item for item in store.items(2025) if item.carry_suggested}
    done = carry_over(config, store, 2024, 2025, "cli")
    assert {old for old, _ in done.waiting} == set(suggested)
    assert not {old for old, _ in done.carried} & set(suggested)
    item = next(iter(suggested.values()))
    store.update_item(item.id, reject(item), item.version, "cli")
    again = carry_over(config, store, 2024, 2025, "cli")
    assert [old for old, _ in again.carried] == [item.carry_suggested]


def test_carrying_names_what_it_cannot_carry(config, store):
    _earlier(store, 6)
    done = next(i for i in store.items(2024) if not unresolved(config, i))
    with pytest.raises(Exception, match=f"{done.id} .*không phải ý kiến chưa giải quyết xong của năm 2024"):
        carry_candidates(config, store, 2024, 2025, [done.id])
    with pytest.raises(Exception, match="năm 2025 không trước năm 2024"):
        carry_candidates(config, store, 2025, 2024)
    with pytest.raises(Exception, match=r"Năm 2019 không có ý kiến nào trong sổ \(có ý kiến: 2024\)"):
        carry_candidates(config, store, 2019, 2025)


# --- the schema ------------------------------------------------------------------------------------


def test_a_store_of_schema_8_is_migrated_with_its_items_and_log(config, tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:8]:
        for statement in script.split(";\n"):
            if statement.strip():
                db.execute(statement)
    db.execute("PRAGMA user_version = 8")
    db.execute("INSERT INTO item (id, year, seq, source, content, status, co_owners) VALUES"
               " ('KN-2024-001', 2024, 1, 'hoi-nghi', 'Ý kiến cũ', 'dang-giai-quyet', '[\"CA\"]')")
    db.execute("INSERT INTO change_log (item_id, year, field, old, new, version, user, at, source) VALUES"
               " ('KN-2024-001', 2024, 'created', NULL, 'Ý kiến cũ', 1, 'a', '2024-11-01T08:00:00+07:00', 'tui')")
    db.close()
    with Store.open(path) as store:
        item = store.item("KN-2024-001")
        assert (item.content, item.status, item.co_owners, item.carried_from, item.carry_rejected) == (
            "Ý kiến cũ", "dang-giai-quyet", ["CA"], None, [])
        store.import_batch(ImportBatch("n.xlsx", "sha-n", 2025, [NewItem("Năm nay")]))
        assert carry_over(config, store, 2024, 2025, "cli").carried == [("KN-2024-001", "KN-2025-002")]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert all(f.ok for f in check_store(path))


# --- the notice's sentence on last year's results ------------------------------------------------


def test_the_notice_states_last_years_results_from_its_items_categories(config, store):
    for seed in SEEDS:
        items = [e.item for e in earlier_year(seed)]
        with Store.open(store.path.parent / f"w{seed}.db") as ward:
            if seed % 2:  # a year before last year too: the sentence is on the latest
                ward.import_batch(ImportBatch("a.xlsx", "sha-a", 2023, [NewItem("Năm trước nữa")]))
            ward.import_batch(ImportBatch("b.xlsx", "sha-b", 2024, items))
            ward.import_batch(ImportBatch("c.xlsx", "sha-c", 2025, [NewItem("Năm nay", jurisdiction="phuong")]))
            sentence = last_year_results(config, ward, 2025)
            assert sentence.startswith("Kết quả thực hiện Thông báo kết luận Hội nghị đối thoại năm 2024: ")
            n = len(items)
            for group, words in config.categories.items():
                k = sum(config.category(i.status) == group for i in items)
                part = f"{words} {k:02d}/{n} ý kiến (chiếm {percent(k, n)}%)"
                assert (part in sentence) == bool(k), (group, sentence)
            assert year_notice(config, ward, 2025, draft=True).last_year == sentence
            before = last_year_results(config, ward, 2024)
            assert before.startswith("Kết quả thực hiện Thông báo kết luận Hội nghị đối thoại năm 2023: trong 01 ý kiến, "
                                     "chưa giải quyết 01/01 ý kiến (chiếm 100%).") if seed % 2 else before == ""


def test_the_notice_of_the_fixture_year_counts_the_2024_labels(config, store, tmp_path, capsys):
    store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    statuses = [label["status"] for label in labels("theo-doi-2024.labels.jsonl")]
    sentence = last_year_results(config, store, 2025)
    for group, words in config.categories.items():
        k = sum(config.category(s) == group for s in statuses)
        if k:
            assert f"{words} {k}/{len(statuses)} ý kiến (chiếm {percent(k, len(statuses))}%)" in sentence
    store.save_conference(Conference(2024, notice_number="46-TB/ĐU"), "cli")
    assert "năm 2024 (số 46-TB/ĐU): trong 160 ý kiến" in last_year_results(config, store, 2025)
    # The shipped template prints it; the template checker knows the name.
    target = tmp_path / "tb.docx"
    assert main(["--db", str(store.path), "export", "notice", "--draft", "-o", str(target)]) == 0
    text = "\n".join(p.text for p in docx.Document(target).paragraphs)
    assert last_year_results(config, store, 2025) in text
    assert main(["template", "check", str(ROOT / "templates" / "thong-bao-ket-luan.docx")]) == 0
    capsys.readouterr()


def test_carried_items_are_named_in_the_summary_not_counted_as_raised_or_answered(config, store):
    store.import_batch(ImportBatch("a.xlsx", "sha-a", 2024, [
        NewItem("Đường làng ngập", status="dang-giai-quyet", jurisdiction="phuong", response="Đã khảo sát")]))
    store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, [NewItem("Ý kiến mới", jurisdiction="phuong")]))
    carry_over(config, store, 2024, 2025, "cli")
    notice = year_notice(config, store, 2025, draft=True)
    assert "01 ý kiến, kiến nghị do Ủy ban Mặt trận Tổ quốc phường tổng hợp và 01 ý kiến chưa giải quyết xong " \
           "từ năm trước chuyển sang" in notice.summary
    assert (notice.counts.carried, notice.counts.hoi_nghi, notice.counts.answered) == ("01", "00", "00")
    store.add_item(2025, NewItem("Phát biểu tại hội nghị", source="hoi-nghi", jurisdiction="phuong"), "tui")
    assert "01 ý kiến, kiến nghị do Ủy ban Mặt trận Tổ quốc phường tổng hợp, 01 ý kiến phát biểu tại Hội nghị và " \
           "01 ý kiến chưa giải quyết xong từ năm trước chuyển sang, đều thuộc thẩm quyền" in \
           year_notice(config, store, 2025, draft=True).summary


# --- the tracking workbook ----------------------------------------------------------------------


def test_carried_over_links_survive_an_export_and_merge_round_trip(config, store, tmp_path):
    earlier, ids = _earlier(store, 7)
    rows = later_sheet(7, earlier)
    store.import_batch(link_repeats(config, store, plan_import(write_sheet(tmp_path / "m-2025.xlsx", 2025, rows),
                                                              config).batch()))
    linked = next(item for item in store.items(2025) if item.carry_suggested)
    store.update_item(linked.id, confirm(linked), linked.version, "tui")
    carry_over(config, store, 2024, 2025, "cli")
    items = store.items(2025)
    links = {item.id: item.carried_from for item in items}
    assert sum(bool(v) for v in links.values()) >= 2
    path = export_workbook(config, items, 2025, tmp_path / "theo-doi-2025.xlsx")
    # Staff edit another column, and sort the rows; the links come back as they went.
    book = openpyxl.load_workbook(path)
    sheet = book["Theo dõi"]
    row_of = {sheet[f"A{r}"].value: r for r in range(3, sheet.max_row + 1)}
    carried = next(item for item in items if item.source == CARRIED)
    sheet[f"{LETTERS['status']}{row_of[carried.id]}"].value = "Đã giải quyết xong"
    assert sheet[f"{LETTERS['carried_from']}{row_of[carried.id]}"].value == carried.carried_from
    assert sheet[f"{LETTERS['carried_from']}2"].value == "Tồn từ ý kiến"
    book.save(path)
    rows_read = read_workbook(path, config)
    plan = plan_merge(config, path.name, rows_read, store)
    assert [(c.item_id, c.field) for c in plan.changes] == [(carried.id, "status")] and not plan.invalid
    store.merge(plan.edits(), [], 2025, path.name)
    assert {item.id: item.carried_from for item in store.items(2025)} == links
    # A link staff type or clear in the workbook merges like any field; one to no earlier item is refused whole.
    book = openpyxl.load_workbook(path)
    book["Theo dõi"][f"{LETTERS['carried_from']}{row_of[linked.id]}"].value = None
    book["Theo dõi"][f"{LETTERS['carried_from']}{row_of[items[-1].id]}"].value = "KN-2025-001"
    book.save(path)
    plan = plan_merge(config, path.name, read_workbook(path, config), store)
    assert [str(i) for i in plan.invalid] == [
        f"trang “Theo dõi”, dòng {row_of[items[-1].id]}, cột {LETTERS['carried_from']}: {items[-1].id}: tồn từ ý kiến "
        "“KN-2025-001” không phải ý kiến của năm trước năm 2025"]
    assert [(c.item_id, c.field, c.workbook) for c in plan.changes] == [(linked.id, "carried_from", None)]
    assert main(["--db", str(store.path), "merge", str(path)]) == 1  # an invalid cell: nothing merged
    assert {item.id: item.carried_from for item in store.items(2025)} == links
    assert main(["--db", str(store.path), "merge", str(path), "--skip-invalid"]) == 0
    assert store.item(linked.id).carried_from is None
    # A new row staff add names no link: it is made in kiennghi, checked.
    book = openpyxl.load_workbook(path)
    sheet = book["Theo dõi"]
    sheet[f"{LETTERS['carried_from']}{row_of[items[-1].id]}"].value = None  # the invalid cell, set right
    new_row = sheet.max_row + 1
    sheet[f"{LETTERS['content']}{new_row}"].value = "Ý kiến staff thêm"
    sheet[f"{LETTERS['carried_from']}{new_row}"].value = "KN-2099-001"
    book.save(path)
    plan = plan_merge(config, path.name, read_workbook(path, config), store)
    assert [new.carried_from for _, new in plan.new_rows] == [None] and not plan.invalid


def test_an_item_carried_over_is_reminded_of_once_as_the_new_years(config, store):
    from kiennghi.reminders import reminders

    late = date(2024, 12, 31)
    store.import_batch(ImportBatch("a.xlsx", "sha-a", 2024, [
        NewItem(f"Việc {n} chưa xong", owner="CA", jurisdiction="phuong", status="dang-giai-quyet", deadline=late)
        for n in range(4)]))
    store.import_batch(ImportBatch("b.xlsx", "sha-b", 2025, [NewItem("Ý kiến năm nay")]))
    today = date(2025, 3, 1)
    before = [row.id for row in reminders(config, store.items(), today)[0].rows]
    carry_over(config, store, 2024, 2025, "cli", ["KN-2024-001", "KN-2024-003"])
    after = [row.id for row in reminders(config, store.items(), today)[0].rows]
    assert before == ["KN-2024-001", "KN-2024-002", "KN-2024-003", "KN-2024-004"]
    assert after == ["KN-2024-002", "KN-2024-004", "KN-2025-002", "KN-2025-003"]
    # A new petition linked as repeating KN-2024-002, not triaged yet: the original stays the one
    # reminded of (it went missing from the reminders and the overdue view); once the repeat has
    # an owner and a deadline, it is reminded of instead.
    store.import_batch(ImportBatch("c.xlsx", "sha-c", 2025, [NewItem("Việc 1 vẫn chưa xong", carried_from="KN-2024-002")]))
    repeat = store.items(2025)[-1]
    assert [row.id for row in reminders(config, store.items(), today)[0].rows] == after
    store.update_item(repeat.id, {"owner": "CA", "jurisdiction": "phuong", "deadline": late}, repeat.version, "cli")
    assert [row.id for row in reminders(config, store.items(), today)[0].rows] == [
        "KN-2024-004", "KN-2025-002", "KN-2025-003", repeat.id]


@NEEDS_OFFICE
def test_the_links_come_back_from_libreoffice_as_xlsx_xls_and_ods(config, store, tmp_path):
    """Staff open the workbook in LibreOffice Calc, insert a column, change a carried item's
    status and save it in each format; every link comes back as it went."""
    _earlier(store, 2)
    store.import_batch(ImportBatch("n.xlsx", "sha-n", 2025, [NewItem("Ý kiến năm nay")]))
    carry_over(config, store, 2024, 2025, "cli")
    items = store.items(2025)
    links = {item.id: item.carried_from for item in items}
    carried = next(item for item in items if item.source == CARRIED)
    path = export_workbook(config, items, 2025, tmp_path / "theo-doi-2025.xlsx")
    saved = [(tmp_path / f"lo.{ext}", name) for ext, name in (("xlsx", "Calc MS Excel 2007 XML"),
                                                              ("xls", "MS Excel 97"), ("ods", "calc8"))]
    _office(path, {"sheet": "Theo dõi", "header_row": 2, "insert_column_before": 2,
                   "edits": [{"id": carried.id, "header": HEADERS["status"], "text": "Đã giải quyết xong"}],
                   "save": [[str(file), name] for file, name in saved]}, tmp_path)
    for file, _ in saved:
        copy = tmp_path / f"store-{file.suffix[1:]}.db"
        with sqlite3.connect(store.path) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        with Store.open(copy) as ward:
            plan = plan_merge(config, file.name, read_workbook(file, config), ward)
            assert [(c.item_id, c.field, c.workbook) for c in plan.changes] == [
                (carried.id, "status", "da-giai-quyet")], file.name
            assert not plan.invalid and not plan.conflicts
            ward.merge(plan.edits(), [], 2025, file.name)
            assert {item.id: item.carried_from for item in ward.items(2025)} == links
