"""Checking a store: the file sound, the change log whole and in agreement with the items.

What the store promises (`kiennghi.store`) and what is checked here:
- the SQLite file is sound (`PRAGMA integrity_check`) and every reference leads somewhere
  (`PRAGMA foreign_key_check`);
- the change log and the log of what roles refused are append-only: their triggers are there;
  the change log's rows are numbered 1, 2, 3 … with none missing (AUTOINCREMENT never gives a
  number twice, and a rolled-back row takes none), and their times follow their order;
- each item was made by an import whose row the log holds, or has a "created" row first; its
  version rises one step per logged change, from 1, and is what its last logged change says;
  it is hidden exactly when its last "hidden" row says so; each field the log changed holds the
  value of its last change (an edit made without kiennghi leaves none); each import still holds
  as many items as it brought (none removed outright).
The check reads only: it opens the store read-only, and never migrates it.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .access import read_only
from .fields import FIELD
from .store import MIGRATIONS

# How far a log row's time may go back from the row before it: an import takes its time before
# it waits for the write lock (up to the busy timeout), and a server's clock is set now and then.
CLOCK_SLACK = timedelta(minutes=5)
LISTED = 10  # values a finding lists before "… và N … khác"
GUARDS = ("change_log_no_update", "change_log_no_delete", "refusal_no_update", "refusal_no_delete")


@dataclass(frozen=True)
class Finding:
    """One check's outcome: `ok`, and what it found, in Vietnamese."""

    ok: bool
    text: str


def _listed(values: list, unit: str) -> str:
    shown = ", ".join(map(str, values[:LISTED]))
    return shown + (f" … và {len(values) - LISTED} {unit} khác" if len(values) > LISTED else "")


def check_store(db_path: Path) -> list[Finding]:
    """Every check of the store at `db_path`, in order; a failing one may end the list (a
    damaged file or a schema of another version cannot be read further)."""
    db = read_only(db_path)
    found: list[Finding] = []
    try:
        found.append(_integrity(db))
        if found[0].ok:
            found.append(_schema(db))
        if found[-1].ok:
            found += [_links(db), _guards(db), *_log_rows(db), *_items(db)]
        return found
    except sqlite3.DatabaseError as error:
        return [*found, Finding(False, f"Không đọc được cơ sở dữ liệu {db_path}: {error}.")]
    finally:
        db.close()


def _integrity(db: sqlite3.Connection) -> Finding:
    rows = [row[0] for row in db.execute("PRAGMA integrity_check(20)")]
    if rows == ["ok"]:
        return Finding(True, "Tệp cơ sở dữ liệu nguyên vẹn (PRAGMA integrity_check: ok).")
    return Finding(False, "Tệp cơ sở dữ liệu bị hỏng (PRAGMA integrity_check): " + "; ".join(rows[:5])
                   + ". Hãy dừng ghi và khôi phục từ bản sao lưu gần nhất mà kiennghi check báo là tốt.")


def _schema(db: sqlite3.Connection) -> Finding:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == len(MIGRATIONS):
        return Finding(True, f"Lược đồ phiên bản {version}, đúng với kiennghi này.")
    advice = "hãy cập nhật kiennghi" if version > len(MIGRATIONS) else "mở nó bằng kiennghi một lần để nâng cấp"
    return Finding(False, f"Lược đồ phiên bản {version}, kiennghi này dùng phiên bản {len(MIGRATIONS)}: "
                          f"{advice} rồi kiểm tra lại.")


def _links(db: sqlite3.Connection) -> Finding:
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if not broken:
        return Finding(True, "Mọi liên kết giữa các bảng đều trỏ tới dòng có thật.")
    where = [f"{row[0]} dòng {row[1]} → {row[2]}" for row in broken]
    return Finding(False, f"{len(broken)} liên kết trỏ tới dòng không có: {_listed(where, 'liên kết')}.")


def _guards(db: sqlite3.Connection) -> Finding:
    present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [name for name in GUARDS if name not in present]
    if not missing:
        return Finding(True, "Nhật ký thay đổi và nhật ký từ chối được bảo vệ: không sửa, không xóa được dòng nào.")
    return Finding(False, f"Nhật ký mất lớp bảo vệ chỉ-ghi-thêm (thiếu trigger {', '.join(missing)}): "
                          "lược đồ đã bị sửa ngoài kiennghi.")


def _log_rows(db: sqlite3.Connection) -> list[Finding]:
    rows = db.execute("SELECT id, at FROM change_log ORDER BY id").fetchall()
    sequence = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").fetchone()
    last = max(sequence[0] if sequence else 0, rows[-1][0] if rows else 0)
    found = []
    gaps, expected = [], 1
    for row_id, _ in rows:
        if row_id != expected:
            gaps.append(f"{expected}" if row_id == expected + 1 else f"{expected}–{row_id - 1}")
        expected = row_id + 1
    if expected <= last:
        gaps.append(f"{expected}" if expected == last else f"{expected}–{last}")
    if gaps:
        found.append(Finding(False, f"Nhật ký thay đổi thiếu {last - len(rows)} dòng (số {_listed(gaps, 'khoảng')}): "
                                    "có dòng đã bị xóa."))
    backwards, unreadable, latest = [], [], None
    for row_id, at in rows:
        try:
            moment = datetime.fromisoformat(at)
        except (TypeError, ValueError):
            unreadable.append(row_id)
            continue
        if latest is not None and moment < latest - CLOCK_SLACK:
            backwards.append(row_id)
        latest = moment if latest is None else max(latest, moment)
    if unreadable:
        found.append(Finding(False, f"{len(unreadable)} dòng nhật ký có thời gian không đọc được "
                                    f"(số {_listed(unreadable, 'dòng')})."))
    if backwards:
        found.append(Finding(False, f"{len(backwards)} dòng nhật ký ghi thời gian sớm hơn dòng trước nó quá "
                                    f"{CLOCK_SLACK.seconds // 60} phút (số {_listed(backwards, 'dòng')}): "
                                    "dòng chèn vào sau, hoặc đồng hồ máy chủ bị chỉnh lùi."))
    if not found:
        found.append(Finding(True, f"Nhật ký thay đổi: {len(rows)} dòng, liền mạch, thời gian theo đúng thứ tự."))
    return found


def _in_round(parents: dict[str, str], item_id: str) -> bool:
    """Whether following `item_id`'s links (item → the item it repeats) comes back to it."""
    seen, current = {item_id}, parents.get(item_id)
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return current == item_id


def _items(db: sqlite3.Connection) -> list[Finding]:
    recorded = {row[0] for row in db.execute(
        "SELECT id FROM import_batch AS batch WHERE EXISTS (SELECT 1 FROM change_log AS log"
        " WHERE log.item_id IS NULL AND log.field = 'import' AND log.at = batch.at AND log.detail = batch.file_name)")}
    logged = defaultdict(list)
    for item_id, name, new, version in db.execute(
            "SELECT item_id, field, new, version FROM change_log WHERE item_id IS NOT NULL ORDER BY id"):
        logged[item_id].append((name, new, version))
    unmade, jumps, versions, hidden, edited = [], [], [], [], []
    db.row_factory = sqlite3.Row
    items = db.execute(f"SELECT id, year, version, import_id, deleted_at, {', '.join(FIELD)} FROM item"
                       " ORDER BY year, seq").fetchall()
    db.row_factory = None
    for row in items:
        item_id, version, import_id, deleted_at = row["id"], row["version"], row["import_id"], row["deleted_at"]
        rows = logged.pop(item_id, [])
        last = {name: new for name, new, _ in rows if name in FIELD}
        edited += [f"{item_id} ({FIELD[name].label})" for name, new in last.items()
                   if not FIELD[name].kind.same(FIELD[name].kind.from_db(row[name]), FIELD[name].kind.from_log(new))]
        if (import_id not in recorded) if import_id is not None else (not rows or rows[0][0] != "created"):
            unmade.append(item_id)
            continue
        step = 0 if import_id is None else 1  # an imported item is version 1 before any row
        for name, new, logged_version in rows:
            if logged_version not in (step, step + 1):
                jumps.append(item_id)
                break
            step = logged_version
        else:
            if step != version:
                versions.append(f"{item_id} (là {version}, nhật ký nói {step})")
        shown = [new for name, new, _ in rows if name == "hidden"]
        if (bool(shown) and shown[-1] == "có") != (deleted_at is not None):
            hidden.append(item_id)
    parents = {row["id"]: row["duplicate_of"] for row in items if row["duplicate_of"]}
    rounds = [item_id for item_id in parents if _in_round(parents, item_id)]
    years = {row["id"]: row["year"] for row in items}
    later = [f"{item_id} → {parent}" for item_id, parent in parents.items()
             if parent in years and years[parent] > years[item_id]]
    # Each kind of disagreement: what was found, and how a finding begins and names them.
    disagreements = (
        (rounds, "ý kiến có liên kết “trùng với” dẫn vòng về chính nó (sửa bằng kiennghi set MÃ --duplicate-of '')",
         "ý kiến"),
        (later, "ý kiến “trùng với” một ý kiến của năm sau (sửa bằng kiennghi set MÃ --duplicate-of '')", "liên kết"),
        (unmade, "ý kiến không có bản ghi tạo hay nhập trong nhật ký", "ý kiến"),
        (jumps, "ý kiến có phiên bản trong nhật ký không tăng từng bước một", "ý kiến"),
        (versions, "ý kiến có phiên bản khác với nhật ký (bị sửa ngoài kiennghi)", "ý kiến"),
        (hidden, "ý kiến bị ẩn hay hiện khác với nhật ký", "ý kiến"),
        (edited, "trường của ý kiến khác với thay đổi cuối cùng trong nhật ký (bị sửa ngoài kiennghi)", "trường"),
    )
    found = [Finding(False, f"{len(listed)} {words}: {_listed(listed, unit)}.")
             for listed, words, unit in disagreements if listed]
    if logged:
        found.append(Finding(False, f"Nhật ký nói về {len(logged)} ý kiến không có trong cơ sở dữ liệu: "
                                    f"{_listed(sorted(logged), 'ý kiến')}."))
    short = [f"lần nhập {batch} (nhập {brought}, còn {held})" for batch, brought, held in db.execute(
        "SELECT batch.id, batch.item_count, COUNT(item.id) FROM import_batch AS batch"
        " LEFT JOIN item ON item.import_id = batch.id GROUP BY batch.id HAVING COUNT(item.id) <> batch.item_count")]
    if short:
        found.append(Finding(False, f"{len(short)} lần nhập thiếu ý kiến (bị xóa hẳn ngoài kiennghi): "
                                    f"{_listed(short, 'lần nhập')}."))
    if not found:
        found.append(Finding(True, f"{len(items)} ý kiến: mỗi ý kiến có bản ghi tạo hoặc nhập, phiên bản, "
                                   "trạng thái ẩn và các trường đã sửa khớp với nhật ký."))
    return found
