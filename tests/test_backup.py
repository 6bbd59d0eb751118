"""Backups taken while officers work, and the check of a store: what it finds sound, and each
kind of damage or tampering it reports, in Vietnamese, with exit code 1."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from kiennghi.backup import backup, backups
from kiennghi.check import check_store
from kiennghi.cli import main
from kiennghi.files import FOLDER_MODE
from kiennghi.model import Conference, NewItem, Origin
from kiennghi.store import MIGRATIONS, Edit, ImportBatch, Store


def _new(n: int, file: str = "a.xlsx") -> NewItem:
    return NewItem(f"Ý kiến số {n} về ngõ {n}", stt=str(n), submitter=f"Ông Nguyễn Văn {n}",
                   origin=Origin(file, "S", [n]))


def _import(store: Store, count: int, sha: str, year: int = 2025, **options) -> list[str]:
    return store.import_batch(ImportBatch(f"{sha}.xlsx", sha, year, [_new(n) for n in range(1, count + 1)]),
                              **options)


@pytest.fixture
def worked(store):
    """A store with every kind of write kiennghi makes: imports (one taken back, one replacing
    another), edits of one and several fields, hiding and showing again, items typed in and
    merged, a conference saved twice."""
    first = _import(store, 5, "one")
    store.update_item(first[0], {"owner": "CA", "co_owners": ["VH-XH"], "status": "dang-giai-quyet"}, 1, "cli")
    store.update_items([Edit(first[1], {"note": "gọi lại"}, 1), Edit(first[2], {"response": "Đã sửa"}, None)], "tui")
    store.delete_items({first[3]: 1}, "tui")
    store.restore_items({first[3]: None}, "cli")
    store.delete_items({first[4]: None}, "cli")
    typed = store.add_item(2025, _new(99, "hội nghị"), "tui")
    store.update_item(typed.id, {"owner": "CA"}, typed.version, "tui")
    store.merge([Edit(first[0], {"response": "Xong"}, None)], [_new(100)], 2025, "theo-doi.xlsx")
    store.import_batch(ImportBatch("two.xlsx", "two", 2024, [_new(n) for n in range(1, 4)]))
    store.unimport(store.imports()[-1].id, "cli")
    store.import_batch(ImportBatch("two-b.xlsx", "two-b", 2024, [_new(n) for n in range(1, 4)]))
    store.import_batch(ImportBatch("two-c.xlsx", "two-c", 2024, [_new(n) for n in range(1, 4)]),
                       replacing=store.imports()[-1].id)
    conference = store.save_conference(Conference(year=2025, place="Hội trường"), "cli")
    store.save_conference(Conference(year=2025, place="Hội trường", attendees="80", version=conference.version), "tui")
    return store


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, " ".join(captured.out.split()), " ".join(captured.err.split())


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


# --- backup ---------------------------------------------------------------------------------------


_OFFICER = """
import sys, time
from kiennghi.store import Edit, Store
with Store.open(sys.argv[1], user="officer-b") as store:
    ids = [item.id for item in store.items(2025)]
    print("ready", flush=True)
    end, n = time.monotonic() + float(sys.argv[2]), 0
    while time.monotonic() < end:
        n += 1
        store.update_items([Edit(i, {"note": f"lần {n}", "response": f"trả lời {n}"}, None) for i in ids[:40]], "cli")
        store.delete_items({ids[n % len(ids)]: None}, "cli")
        store.restore_items({ids[n % len(ids)]: None}, "cli")
    print(n, flush=True)
"""


def test_a_backup_taken_while_an_officer_writes_is_one_consistent_moment(store, tmp_path):
    _import(store, 400, "big")
    officer = subprocess.Popen([sys.executable, "-c", _OFFICER, str(store.path), "3"], stdout=subprocess.PIPE,
                               text=True, cwd=ROOT, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert officer.stdout.readline().strip() == "ready"
    folder, made = tmp_path / "sao-luu", []
    while officer.poll() is None and len(made) < 12:
        copy, _ = backup(store.path, folder, keep=20)
        made.append(copy)
        time.sleep(0.1)
        os.rename(copy, folder / f"{len(made):02}.db")  # one name per second: keep each one here
    assert int(officer.stdout.readline()) > 10 and officer.wait(timeout=30) == 0
    assert len(made) >= 3
    versions = set()
    for copy in sorted(folder.iterdir()):
        findings = check_store(copy)
        assert all(finding.ok for finding in findings), [f.text for f in findings if not f.ok]
        with _raw(copy) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            versions.add(db.execute("SELECT SUM(version) FROM item").fetchone()[0])
    assert len(versions) >= 2  # taken at different moments of the officer's work


def test_a_backup_is_0640_in_a_2770_folder_whatever_the_umask(store, tmp_path):
    _import(store, 3, "a")
    before = os.umask(0o077)
    try:
        copy, removed = backup(store.path, tmp_path / "a" / "sao-luu")
    finally:
        os.umask(before)
    assert removed == [] and copy.name.startswith("ward-") and copy.suffix == ".db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert stat.S_IMODE(copy.parent.stat().st_mode) == stat.S_IMODE((tmp_path / "a").stat().st_mode) == FOLDER_MODE
    assert os.listdir(copy.parent) == [copy.name]  # no -wal, no -shm, no work folder
    with _raw(copy) as db:
        assert db.execute("SELECT COUNT(*) FROM item").fetchone()[0] == 3


def test_the_last_n_backups_are_kept_and_nothing_else_is_touched(store, tmp_path):
    folder = tmp_path / "sao-luu"
    folder.mkdir()
    old = [folder / f"ward-2025010{day}-013000.db" for day in range(1, 6)]
    others = [folder / "ward-ghi-chu.db", folder / "other-20250101-013000.db", folder / "ward-20250101-013000.db.txt"]
    for path in old + others:
        path.write_bytes(b"x")
    copy, removed = backup(store.path, folder, keep=3)
    assert removed == old[:3]
    assert backups(store.path, folder) == [old[3], old[4], copy]
    assert sorted(folder.iterdir()) == sorted([old[3], old[4], copy, *others])


def test_backup_on_the_command_line(workdir, capsys):
    store_path = workdir / "srv" / "phuc-loi.db"
    store_path.parent.mkdir()
    Store.open(store_path).close()
    (workdir / "srv" / "sao-luu").mkdir()
    (workdir / "srv" / "sao-luu" / "phuc-loi-20200101-000000.db").write_bytes(b"x")
    code, out, _ = _run(capsys, "--db", str(store_path), "backup", "--keep", "1")
    made = backups(store_path, store_path.parent / "sao-luu")
    assert code == 0 and len(made) == 1
    assert out == (f"Đã sao lưu {store_path} vào {made[0]}. "
                   "Đã xóa 1 bản sao lưu cũ (giữ 1 bản mới nhất): phuc-loi-20200101-000000.db.")
    code, _, err = _run(capsys, "--db", str(workdir / "none.db"), "backup", str(workdir / "b"))
    assert code == 1 and err == f"Lỗi: Chưa có cơ sở dữ liệu {workdir / 'none.db'}."
    assert not (workdir / "none.db").exists() and not (workdir / "b").exists()
    with pytest.raises(SystemExit):
        main(["backup", "--keep", "0"])
    assert "cần một số nguyên từ 1 trở lên, không phải “0”" in capsys.readouterr().err


# --- check ----------------------------------------------------------------------------------------


def test_a_store_worked_in_every_way_kiennghi_writes_is_sound(worked, capsys):
    findings = check_store(worked.path)
    assert all(finding.ok for finding in findings), [f.text for f in findings if not f.ok]
    code, out, err = _run(capsys, "--db", str(worked.path), "check")
    assert code == 0 and err == ""
    assert "✓ Tệp cơ sở dữ liệu nguyên vẹn (PRAGMA integrity_check: ok)." in out
    assert "✓ 16 ý kiến: mỗi ý kiến có bản ghi tạo hoặc nhập, phiên bản, trạng thái ẩn và các trường đã sửa khớp với nhật ký." in out
    assert out.endswith(f"{worked.path}: không có vấn đề gì.")


def test_the_check_writes_nothing_and_never_makes_a_store(worked, capsys, tmp_path):
    worked.close()
    before = worked.path.read_bytes()
    assert _run(capsys, "--db", str(worked.path), "check")[0] == 0
    assert worked.path.read_bytes() == before  # SQLite may make the -wal and -shm files, as any reader
    assert {p.name for p in worked.path.parent.iterdir()} <= {"ward.db", "ward.db-wal", "ward.db-shm"}
    code, _, err = _run(capsys, "--db", str(tmp_path / "none.db"), "check")
    assert code == 1 and err == f"Lỗi: Chưa có cơ sở dữ liệu {tmp_path / 'none.db'}." and not (tmp_path / "none.db").exists()


def _tampered(worked: Store, *statements: str) -> list[str]:
    with _raw(worked.path) as db:
        for statement in statements:
            db.execute(statement)
    return [finding.text for finding in check_store(worked.path) if not finding.ok]


def test_rows_taken_out_of_the_change_log_are_found(worked):
    problems = _tampered(worked, "DROP TRIGGER change_log_no_delete",
                         "DELETE FROM change_log WHERE id IN (3, 4, 9)",
                         "DELETE FROM change_log WHERE id = (SELECT MAX(id) FROM change_log)")
    last = sqlite3.connect(worked.path).execute("SELECT seq FROM sqlite_sequence").fetchone()[0]
    assert problems[0] == ("Nhật ký mất lớp bảo vệ chỉ-ghi-thêm (thiếu trigger change_log_no_delete): "
                           "lược đồ đã bị sửa ngoài kiennghi.")
    assert problems[1] == f"Nhật ký thay đổi thiếu 4 dòng (số 3–4, 9, {last}): có dòng đã bị xóa."
    assert any("phiên bản trong nhật ký không tăng từng bước một" in p or "khác với nhật ký" in p for p in problems)


def test_an_item_changed_outside_kiennghi_is_found(worked):
    problems = _tampered(worked, "UPDATE item SET version = version + 1 WHERE id = 'KN-2025-002'",
                         "UPDATE item SET deleted_at = '2025-01-01', deleted_by = 'x' WHERE id = 'KN-2025-003'",
                         "INSERT INTO item (id, year, seq, source, content) VALUES ('KN-2025-050', 2025, 50, 'mttq', 'x')")
    assert problems == [
        "1 ý kiến không có bản ghi tạo hay nhập trong nhật ký: KN-2025-050.",
        "1 ý kiến có phiên bản khác với nhật ký (bị sửa ngoài kiennghi): KN-2025-002 (là 3, nhật ký nói 2).",
        "1 ý kiến bị ẩn hay hiện khác với nhật ký: KN-2025-003.",
    ]


def test_log_rows_out_of_order_or_about_no_item_are_found(worked):
    problems = _tampered(
        worked,
        "INSERT INTO change_log (item_id, year, field, old, new, version, user, at, source)"
        " VALUES ('KN-2025-001', 2025, 'note', '', 'x', 9, 'x', '2020-01-01T00:00:00+07:00', 'cli')",
        "INSERT INTO change_log (item_id, year, field, old, new, version, user, at, source)"
        " VALUES ('KN-2031-001', 2031, 'note', '', 'x', 2, 'x', '2099-01-01T00:00:00+07:00', 'cli')")
    last = sqlite3.connect(worked.path).execute("SELECT MAX(id) FROM change_log").fetchone()[0]
    assert problems == [
        f"1 dòng nhật ký ghi thời gian sớm hơn dòng trước nó quá 5 phút (số {last - 1}): dòng chèn vào sau, "
        "hoặc đồng hồ máy chủ bị chỉnh lùi.",
        "1 ý kiến có phiên bản trong nhật ký không tăng từng bước một: KN-2025-001.",
        "1 trường của ý kiến khác với thay đổi cuối cùng trong nhật ký (bị sửa ngoài kiennghi): KN-2025-001 (ghi chú).",
        "Nhật ký nói về 1 ý kiến không có trong cơ sở dữ liệu: KN-2031-001.",
    ]


def test_an_import_without_its_log_row_and_a_broken_link_are_found(worked):
    problems = _tampered(worked, "PRAGMA foreign_keys = OFF", "DROP TRIGGER change_log_no_update",
                         "UPDATE change_log SET detail = 'khác.xlsx' WHERE field = 'import' AND detail = 'one.xlsx'",
                         "UPDATE item SET duplicate_of = 'KN-1999-001' WHERE id = 'KN-2025-001'")
    assert problems[0] == "1 liên kết trỏ tới dòng không có: item dòng 1 → item."
    assert "thiếu trigger change_log_no_update" in problems[1]
    assert problems[2].startswith("5 ý kiến không có bản ghi tạo hay nhập trong nhật ký: KN-2025-001, ")


def test_a_damaged_file_and_another_schema_are_reported_without_a_traceback(worked, capsys):
    worked.close()
    with _raw(worked.path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    code, _, err = _run(capsys, "--db", str(worked.path), "check")
    assert code == 1 and f"✗ Lược đồ phiên bản {len(MIGRATIONS) + 1}, kiennghi này dùng phiên bản {len(MIGRATIONS)}: hãy cập nhật kiennghi" in err
    data = bytearray(worked.path.read_bytes())
    page = 4096
    data[2 * page:4 * page] = b"\x5a" * (2 * page)  # two pages of the tables overwritten
    worked.path.write_bytes(bytes(data))
    code, out, err = _run(capsys, "--db", str(worked.path), "check")
    assert code == 1 and "Traceback" not in err and "không lường trước" not in err
    assert ("✗ Tệp cơ sở dữ liệu bị hỏng (PRAGMA integrity_check)" in err
            or "✗ Không đọc được cơ sở dữ liệu" in err), err
    assert err.endswith("vấn đề. Hãy báo người quản trị, và giữ các bản sao lưu cho tới khi xử lý xong.")


def test_a_field_edited_or_an_item_removed_outside_kiennghi_is_found(worked):
    """An auditor's cases: a decision changed with sqlite3, leaving no log row; an imported item
    deleted outright."""
    edited = next(row for row in sqlite3.connect(worked.path).execute(
        "SELECT item_id, field FROM change_log WHERE field IN ('owner', 'status', 'forward_to')"
        " AND item_id IN (SELECT id FROM item) ORDER BY id DESC"))
    removed = sqlite3.connect(worked.path).execute(
        "SELECT id, import_id FROM item WHERE import_id IS NOT NULL AND id NOT IN"
        " (SELECT item_id FROM change_log WHERE item_id IS NOT NULL) ORDER BY id").fetchone()
    problems = _tampered(worked, f"UPDATE item SET {edited[1]} = 'sua-len' WHERE id = '{edited[0]}'",
                         "PRAGMA foreign_keys = OFF", f"DELETE FROM item WHERE id = '{removed[0]}'")
    assert any(p.startswith("1 trường của ý kiến khác với thay đổi cuối cùng") and edited[0] in p for p in problems)
    assert any(p.startswith("1 lần nhập thiếu ý kiến") and f"lần nhập {removed[1]}" in p for p in problems)


def test_items_linked_in_a_round_are_found(worked):
    """Links that come back round (written outside kiennghi, or by a version that let them) are
    reported with how to undo them."""
    problems = _tampered(worked, "UPDATE item SET duplicate_of = 'KN-2025-002' WHERE id = 'KN-2025-001'",
                         "UPDATE item SET duplicate_of = 'KN-2025-001' WHERE id = 'KN-2025-002'")
    assert "2 ý kiến có liên kết “trùng với” dẫn vòng về chính nó (sửa bằng kiennghi set MÃ --duplicate-of ''): " \
           "KN-2025-001, KN-2025-002." in problems


def test_an_item_repeating_a_later_years_is_found(worked):
    """A link to a later year's item (an older version's picker let one be made) is reported."""
    with _raw(worked.path) as db:
        db.execute("INSERT INTO item (id, year, seq, source, content) VALUES ('KN-2026-001', 2026, 1, 'mttq', 'x')")
    problems = _tampered(worked, "UPDATE item SET duplicate_of = 'KN-2026-001' WHERE id = 'KN-2025-001'")
    assert "1 ý kiến “trùng với” một ý kiến của năm sau (sửa bằng kiennghi set MÃ --duplicate-of ''): " \
           "KN-2025-001 → KN-2026-001." in problems
