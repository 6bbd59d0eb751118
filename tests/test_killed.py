"""kill -9 in the middle of an import or a merge (issue 17): the store holds all of it or none of
it, the change log agrees with the items, and nothing is left beside the store."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

from kiennghi.check import check_store
from kiennghi.store import Store
from tests.conftest import ROOT

ROWS = 6000
RESPONSE = "Đã xử lý xong, trả lời cử tri bằng văn bản"


def _sheet(path: Path, rows: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append(["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN NĂM 2025"])
    sheet.append(["STT", "Nội dung ý kiến, kiến nghị", "Tổ dân phố", "Người kiến nghị"])
    for n in range(1, rows + 1):
        sheet.append([n, f"Đề nghị sửa đường ống thoát nước tại ngõ {n % 200} khu dân cư số {n % 9}, "
                         f"mưa xuống nước tràn vào nhà dân (ý kiến số {n}).", f"Tổ dân phố số {n % 40 + 1}",
                      f"Bà Trần Thị Lan {n}"])
    book.save(path)
    return path


def _command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kiennghi", "--db", str(db), "--config", str(ROOT / "config.toml"), *args]


def _killed(command: list[str], delay: float, cwd: Path) -> int | None:
    """Run `command`, kill -9 it after `delay` seconds if still running; its exit code if it
    ended by itself first, else None."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    allowed = keep | {f"{name}{suffix}" for name in keep for suffix in ("-wal", "-shm", "-journal")}
    return sorted(p.name for p in folder.iterdir() if p.name not in allowed)


def _sound(db: Path) -> None:
    problems = [finding for finding in check_store(db) if not finding.ok]
    assert not problems, problems


def test_an_import_killed_at_any_moment_stores_all_of_it_or_none(tmp_path):
    rng = random.Random(1)
    sheet = _sheet(tmp_path / "tong-hop.xlsx", ROWS)
    db = tmp_path / "ward.db"
    started = time.monotonic()
    assert subprocess.run(_command(tmp_path / "timing.db", "import", str(sheet)), cwd=tmp_path,
                          capture_output=True).returncode == 0
    whole = time.monotonic() - started
    (tmp_path / "timing.db").unlink()
    for name in ("timing.db-wal", "timing.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    killed = 0
    for _ in range(6):  # each on a fresh store, killed in the first four fifths of an import's time
        for name in ("ward.db", "ward.db-wal", "ward.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        Store.open(db).close()
        code = _killed(_command(db, "import", str(sheet)), rng.uniform(0.2, 0.8 * whole), tmp_path)
        killed += code is None
        with Store.open(db) as store:
            count = len(store.items(2025))
            imports = store.imports()
        assert count in (0, ROWS) and len(imports) == (1 if count else 0), (code, count)
        _sound(db)
        assert _leftovers(tmp_path, {"ward.db", "tong-hop.xlsx"}) == []
    assert killed >= 3  # the kills came in the middle, not only after the end
    assert subprocess.run(_command(db, "import", str(sheet)), cwd=tmp_path,
                          capture_output=True).returncode in (0, 1)  # 1: imported already
    with Store.open(db) as store:
        assert len(store.items(2025)) == ROWS


def test_a_merge_killed_at_any_moment_applies_all_of_it_or_none(tmp_path):
    rng = random.Random(2)
    sheet = _sheet(tmp_path / "tong-hop.xlsx", ROWS // 2)
    db = tmp_path / "ward.db"
    assert subprocess.run(_command(db, "import", str(sheet)), cwd=tmp_path, capture_output=True).returncode == 0
    workbook = tmp_path / "theo-doi.xlsx"
    assert subprocess.run(_command(db, "export", "workbook", "--year", "2025", "-o", str(workbook)),
                          cwd=tmp_path, capture_output=True).returncode == 0
    book = openpyxl.load_workbook(workbook)
    sheet_ = book["Theo dõi"]
    header = [cell.value for cell in sheet_[2]]
    column = header.index("Kết quả giải quyết") + 1
    for row in range(3, sheet_.max_row + 1):
        sheet_.cell(row, column).value = RESPONSE
    book.save(workbook)
    started = time.monotonic()
    timing = tmp_path / "timing"
    timing.mkdir()
    (timing / "ward.db").write_bytes(db.read_bytes())
    assert subprocess.run(_command(timing / "ward.db", "merge", str(workbook)), cwd=timing,
                          capture_output=True).returncode == 0
    whole = time.monotonic() - started
    pristine = db.read_bytes()
    killed = 0
    for _ in range(6):  # each on the store as exported, killed in the first four fifths of a merge's time
        for name in ("ward.db-wal", "ward.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        db.write_bytes(pristine)
        killed += _killed(_command(db, "merge", str(workbook)), rng.uniform(0.2, 0.8 * whole), tmp_path) is None
        with Store.open(db) as store:
            answered = sum(item.response == RESPONSE for item in store.items(2025))
        assert answered in (0, ROWS // 2), answered
        _sound(db)
        assert _leftovers(tmp_path, {"ward.db", "tong-hop.xlsx", "theo-doi.xlsx", "timing"}) == []
    assert killed >= 3
