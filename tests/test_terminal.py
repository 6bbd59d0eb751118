"""The app in a real terminal: tmux runs `kiennghi`, keys go in with send-keys, the screen comes
back with capture-pane, and the store is checked afterwards."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
from contextlib import contextmanager

import pytest
from kiennghi.io.importer import plan_import

from kiennghi.store import Store
from tests.conftest import ROOT, fixture_path

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def wait_for(session: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared; the screen:\n{screen}")
        time.sleep(0.1)


@pytest.fixture
def sheet_db(config, tmp_path):
    """A store holding the 2025 MTTQ sheet (72 items), closed."""
    db = tmp_path / "ward.db"
    with Store.open(db) as store:
        store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    return db


@contextmanager
def running(tmp_path, db, environment: str = "TERM=xterm-256color", size: tuple[int, int] = (100, 30)):
    """`kiennghi` on `db` in a new tmux session in `tmp_path`: the session's name; the session
    is gone afterwards."""
    session = f"kiennghi-test-{tmp_path.name}"
    # COLUMNS and LINES reach the pane (80×24) when tmux is started from pytest, and the app took
    # them over the window's size: the tests ran at 80×24 whatever size they asked for.
    command = (f"cd {shlex.quote(str(tmp_path))} && unset COLUMNS LINES && {environment} "
               f"{shlex.quote(sys.executable)} -m kiennghi"
               f" --config {shlex.quote(str(ROOT / 'config.toml'))} --db {shlex.quote(str(db))}")
    tmux("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), command)
    try:
        yield session
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def quit_app(session: str) -> None:
    tmux("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and subprocess.run(
            ["tmux", "has-session", "-t", session], capture_output=True).returncode == 0:
        time.sleep(0.1)  # the app quits, and its session with it


def test_search_decide_and_quit_in_a_real_terminal(sheet_db, tmp_path):
    with running(tmp_path, sheet_db) as session:
        wait_for(session, "KN-2025-001")
        wait_for(session, "≈")  # the suggestions are in
        tmux("send-keys", "-t", session, "/")
        time.sleep(0.3)  # the search line takes the focus; then type, as a person does
        tmux("send-keys", "-t", session, *"nuoc chua chay", "Enter")
        screen = wait_for(session, "KN-2025-038")
        assert "Trụ nước chữa cháy" in screen
        tmux("send-keys", "-t", session, "1")
        wait_for(session, "đơn vị chủ trì")
        tmux("send-keys", "-t", session, *"cong an")
        time.sleep(0.5)
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "chưa phân loại 71")  # 100 columns: the narrow status line
        quit_app(session)
    with Store.open(sheet_db) as store:
        decided = [item for item in store.items(2025) if item.jurisdiction]
        assert len(decided) == 1 and decided[0].owner == "CA" and "nuoc chua chay" in decided[0].search_key()
        assert store.history(decided[0].id)[-1].source == "tui"


def test_first_import_in_a_real_terminal(tmp_path):
    """An empty store opens on the import screen; the importer is loaded when the file is read."""
    shutil.copy(fixture_path("mttq-2025.xlsx"), tmp_path / "mttq-2025.xlsx")
    db = tmp_path / "ward.db"
    with running(tmp_path, db) as session:
        wait_for(session, "Nhập bảng tổng hợp")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, *"mttq-2025.xlsx", "Enter")  # after the folder shown
        wait_for(session, "Nhấn Enter lần nữa để nhập")
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "Tổng 72")
        quit_app(session)
    with Store.open(db) as store:
        assert len(store.items(2025)) == 72


@pytest.mark.parametrize("environment", ["TERM=xterm", "TERM=xterm NO_COLOR=1"])
def test_sixteen_colours_and_no_colour(sheet_db, tmp_path, environment):
    """PuTTY's default (TERM=xterm) gets the 16 ANSI colours only; NO_COLOR gets no hue at all
    (greys, bold and reverse); the cursor row stays visible by its marker either way."""
    with running(tmp_path, sheet_db, environment, size=(80, 24)) as session:
        wait_for(session, "≈")
        tmux("send-keys", "-t", session, "j")
        screen = wait_for(session, "▶ KN-2025-002")
        codes = set(re.findall(r"\x1b\[([0-9;]*)m", tmux("capture-pane", "-p", "-e", "-t", session)))
        quit_app(session)
    assert "Tổng 72" in screen
    parameters = {int(p) for code in codes for p in code.split(";") if p}
    assert parameters and not parameters & {38, 48}  # no 256-colour or RGB colours
    if "NO_COLOR" in environment:
        hues = set(range(31, 37)) | set(range(41, 47)) | set(range(91, 97)) | set(range(101, 107))
        assert not parameters & hues


def test_unikey_and_decomposed_typing_in_a_real_terminal(sheet_db, tmp_path):
    """Unikey replaces letters by sending Backspaces and the accented letters together; other
    input methods send decomposed letters (e + U+0302 + U+0300 for "ề"). The store gets NFC."""
    with running(tmp_path, sheet_db) as session:
        wait_for(session, "KN-2025-001")
        tmux("send-keys", "-t", session, "n")
        wait_for(session, "Thêm ý kiến phát biểu")
        tmux("send-keys", "-t", session, "-l", unicodedata.normalize("NFD", "Đề nghị lắp đèn ngõ 7"))
        time.sleep(0.3)  # a person moves on to the next field (Tab is the screen's key, not the field's)
        tmux("send-keys", "-t", session, "Tab", "Tab")  # past the residential group to the submitter
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "-l", "Ong Binh")  # then "Oo" and "f", as Unikey sends them:
        tmux("send-keys", "-t", session, "Home", "Right", "BSpace", "Ô", "End", *["BSpace"] * 3, "ình")
        wait_for(session, "Ông Bình")
        tmux("send-keys", "-t", session, "C-s")
        wait_for(session, "Tổng 73")
        quit_app(session)
    with Store.open(sheet_db) as store:
        added = store.item("KN-2025-073")
    assert (added.content, added.submitter) == ("Đề nghị lắp đèn ngõ 7", "Ông Bình")


def test_keys_sent_in_one_burst_in_a_real_terminal(sheet_db, tmp_path):
    """What a slow link delivers at once, in one write: moves, a decision through the owner
    picker, a move, a forward through the body picker, a search, the top of its results and
    moves."""
    with running(tmp_path, sheet_db, size=(120, 40)) as session:
        wait_for(session, "≈")
        tmux("send-keys", "-t", session, "-l", "jj1cong an\rj2so xay\r/ngap\rgjj")
        wait_for(session, "▶ KN-2025-025")  # the third match (a notice covers the status line)
        time.sleep(0.5)  # the rest of the frame
        screen = tmux("capture-pane", "-p", "-t", session)
        shown = [found for line in screen.splitlines() for found in re.findall(r"KN-2025-\d+", line[:16])]
        assert shown == ["KN-2025-022", "KN-2025-024", "KN-2025-025", "KN-2025-026", "KN-2025-047"]
        quit_app(session)
    with Store.open(sheet_db) as store:
        decided = {item.id: (item.jurisdiction, item.owner, item.forward_to)
                   for item in store.items(2025) if item.jurisdiction}
    assert decided == {"KN-2025-003": ("phuong", "CA", None), "KN-2025-005": ("cap-tren", "KT-HT-DT", "SO-XD")}


def test_the_marked_row_is_the_detailed_item_at_every_scroll_position_in_a_real_terminal(config, tmp_path):
    """The walk the Pilot tests do (test_table_truth.py), in tmux: down past several screens,
    to the end and back up, at 80×24. After each key, once it rests: one ▶ on screen, on the
    row the details show, and every untriaged row on screen with its suggestion (≈: worked out
    once the keys settle, so waited for)."""
    from kiennghi.store import ImportBatch
    from tests.test_table_truth import many_items

    db = tmp_path / "ward.db"
    with Store.open(db) as store:
        store.import_batch(ImportBatch("nghin-2025.xlsx", "9" * 64, 2025, many_items(300)))
    keys = ["j"] * 45 + ["G"] + ["k"] * 30 + ["pagedown", "g", "pagedown", "pagedown", "pageup"]
    with running(tmp_path, db, size=(80, 24)) as session:
        wait_for(session, "≈")
        for step, key in enumerate(keys, 1):
            tmux("send-keys", "-t", session, {"pagedown": "PageDown", "pageup": "PageUp"}.get(key, key))
            deadline = time.monotonic() + 10
            while True:
                time.sleep(0.15)
                screen = tmux("capture-pane", "-p", "-t", session)
                marked = re.findall(r"^▶ (KN-2025-\d{3})", screen, re.M)
                detailed = re.findall(r"(KN-2025-\d{3})  STT", screen)
                rows = re.findall(r"^[▶ ] KN-2025-(\d{3}) (.*)$", screen, re.M)
                untriaged = [line for number, line in rows if int(number) % 7 != 0]  # as many_items makes them
                if len(marked) == 1 and detailed == marked and rows and all("≈" in line for line in untriaged):
                    break
                assert time.monotonic() < deadline, f"step {step} ({key}): marked {marked}, details {detailed}, " \
                                                    f"or a row without its ≈\n{screen}"
        quit_app(session)
