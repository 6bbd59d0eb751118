"""What kiennghi writes on the shared server: folders the group shares, files only the group
reads, and nothing left behind, not even by a kill -9 in the middle of an export."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from kiennghi.io import office
from kiennghi.io.output import write_atomically

from kiennghi.backup import backup
from kiennghi.files import FOLDER_MODE, WORK_PREFIX, clear_leftovers, make_folders
from kiennghi.model import NewItem, Origin
from kiennghi.store import ImportBatch, Store

ITEMS = 3000  # an export of these takes a second or so: long enough to be killed in the middle


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set the umask for the test (an officer's may be anything), restored afterwards."""
    before = os.umask(0o022)
    yield os.umask
    os.umask(before)


def _run_python(code: str, *args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, **options)


_HOLD = """
import os, sys
from pathlib import Path
from kiennghi.files import work_folder
with work_folder(Path(sys.argv[1])) as work:
    (work / "theo-doi.xlsx").write_text("Nguyễn Văn A")
    print(work, flush=True)
    if sys.argv[2] == "die":
        os.kill(os.getpid(), 9)
    sys.stdin.readline()
"""


def dead_work_folder(folder: Path) -> Path:
    """A work folder (holding a file) left by a process killed with -9 while it wrote."""
    process = _run_python(_HOLD, str(folder), "die")
    work = Path(process.stdout.readline().strip())
    assert process.wait(timeout=30) == -signal.SIGKILL
    assert (work / "theo-doi.xlsx").exists()
    return work


def test_folders_made_for_documents_are_shared_with_the_group_whatever_the_umask(tmp_path, umask):
    for mask, name in ((0o022, "a"), (0o077, "b")):
        umask(mask)
        make_folders(tmp_path / name / "2025" / "don-vi")
        for made in (tmp_path / name, tmp_path / name / "2025", tmp_path / name / "2025" / "don-vi"):
            assert _mode(made) == FOLDER_MODE  # rwxrws---: the group writes, new files get its group
    os.chmod(tmp_path / "a", 0o750)
    make_folders(tmp_path / "a")  # a folder that is there already keeps its mode
    assert _mode(tmp_path / "a") == 0o750


def test_an_exported_file_is_0640_in_a_2770_folder_and_nothing_else_is_left(tmp_path, umask):
    umask(0o077)
    target = tmp_path / "xuat" / "theo-doi.xlsx"
    write_atomically(target, lambda temp: temp.write_bytes(b"new"))
    assert target.read_bytes() == b"new" and _mode(target) == 0o640
    assert _mode(target.parent) == FOLDER_MODE
    assert os.listdir(target.parent) == ["theo-doi.xlsx"]


def test_a_failing_writer_leaves_the_old_file_and_nothing_else(tmp_path):
    target = tmp_path / "theo-doi.xlsx"
    target.write_bytes(b"old")

    def fail(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        write_atomically(target, fail)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["theo-doi.xlsx"]


def test_the_next_writing_removes_what_a_killed_one_left_and_nothing_else(tmp_path):
    left = dead_work_folder(tmp_path)
    other = tmp_path / ".kiennghi-notes.txt"  # not a folder of ours
    other.write_text("x")
    lookalike = tmp_path / "kiennghi-ban-sao"
    lookalike.mkdir()
    write_atomically(tmp_path / "theo-doi.xlsx", lambda temp: temp.write_bytes(b"new"))
    assert not left.exists()
    assert sorted(os.listdir(tmp_path)) == sorted([other.name, lookalike.name, "theo-doi.xlsx"])


def test_a_work_folder_still_in_use_is_never_removed(tmp_path):
    holder = _run_python(_HOLD, str(tmp_path), "hold", stdin=subprocess.PIPE)
    try:
        work = Path(holder.stdout.readline().strip())
        clear_leftovers(tmp_path)
        write_atomically(tmp_path / "other.xlsx", lambda temp: temp.write_bytes(b"x"))
        assert (work / "theo-doi.xlsx").exists()
    finally:
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0
    assert not work.exists()  # its own process removed it


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_another_officers_leftover_is_left_to_them(tmp_path):
    left = dead_work_folder(tmp_path)
    os.chown(left, 65534, 65534)
    clear_leftovers(tmp_path)
    assert left.exists()


def test_a_killed_backup_leaves_nothing_after_the_next(store, tmp_path):
    folder = tmp_path / "sao-luu"
    folder.mkdir()
    left = dead_work_folder(folder)
    made, _ = backup(store.path, folder)
    assert not left.exists() and os.listdir(folder) == [made.name]


def test_a_conversion_leaves_nothing_in_the_temporary_folder(tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(office.tempfile, "gettempdir", lambda: str(temp))
    monkeypatch.setattr(office, "soffice", lambda: "soffice")
    folders = []

    def libreoffice(command, **options):  # writes the PDF where it is told, as LibreOffice does
        folders.append(Path(command[command.index("--outdir") + 1]))
        (folders[0] / "thong-bao.pdf").write_bytes(b"%PDF")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(office.subprocess, "run", libreoffice)
    left = dead_work_folder(temp)
    source = tmp_path / "thong-bao.docx"
    source.write_bytes(b"docx")
    office.convert(source, "pdf", tmp_path / "thong-bao.pdf")
    assert (tmp_path / "thong-bao.pdf").read_bytes() == b"%PDF"
    assert folders[0].parent == temp and folders[0].name.startswith(WORK_PREFIX)
    assert os.listdir(temp) == [] and not left.exists()


# --- kill -9 during an export ---------------------------------------------------------------------


def _complete(path: Path) -> bool:
    """A whole tracking workbook of the ITEMS items: a sound zip holding the last item."""
    with zipfile.ZipFile(path) as archive:
        return archive.testzip() is None and f"KN-2025-{ITEMS}".encode() in archive.read("xl/sharedStrings.xml")


def test_an_export_killed_at_any_moment_leaves_the_old_or_the_new_file_and_no_leftover(tmp_path):
    with Store.open(tmp_path / "ward.db") as opened:
        opened.import_batch(ImportBatch("a.xlsx", "sha", 2025, [
            NewItem(f"Ý kiến số {n} về ngõ {n}", stt=str(n), submitter=f"Ông Nguyễn Văn {n}",
                    origin=Origin("a.xlsx", "S", [n])) for n in range(1, ITEMS + 1)]))
    out = tmp_path / "xuat"
    out.mkdir()
    target = out / "theo-doi-2025.xlsx"
    target.write_bytes(b"the old file")
    command = [sys.executable, "-m", "kiennghi", "--config", str(ROOT / "config.toml"), "--db",
               str(tmp_path / "ward.db"), "export", "workbook", "-o", str(target)]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    moments = random.Random(17)
    left = set()
    for run in range(8):
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if run % 2:  # a moment from the start: loading, reading the store, writing, renaming
            time.sleep(moments.uniform(0.1, 2.0))
        else:  # a moment while the workbook is written
            deadline = time.monotonic() + 30
            while process.poll() is None and not any(n.startswith(WORK_PREFIX) for n in os.listdir(out)):
                assert time.monotonic() < deadline
                time.sleep(0.005)
            # the first two at once (the writing, however fast the machine, is then under way), the
            # others a moment later
            time.sleep(0 if run < 4 else moments.uniform(0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert target.read_bytes() == b"the old file" or _complete(target)
        others = set(os.listdir(out)) - {target.name}
        assert all(name.startswith(WORK_PREFIX) for name in others), others  # nothing but our work folders
        left |= others
    assert left, "no kill fell while the workbook was written"
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert os.listdir(out) == [target.name] and _complete(target)
