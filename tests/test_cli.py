from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from rich.cells import cell_len

from kiennghi import __version__
from kiennghi.cli import build_parser, main
from kiennghi.notice import number, year_notice
from kiennghi.store import Store, current_user
from tests.conftest import fixture_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_stdlib_io_is_untouched():
    result = subprocess.run([sys.executable, "-c", "import io, kiennghi.io; print(io.__file__)"],
                            capture_output=True, text=True, check=True)
    assert "kiennghi" not in result.stdout


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", [[], ["app"], ["import"], ["list"], ["show"], ["set"], ["conference"],
                                     ["conference", "show"], ["conference", "set"], ["imports"], ["unimport"],
                                     ["delete"], ["restore"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: kiennghi") and "tùy chọn:" in out


def test_import_list_show_set_round_trip(workdir, capsys):
    code, out, _ = run(capsys, "import", str(fixture_path("mttq-2025.xlsx")), "--dry-run")
    assert code == 0 and "chưa ghi gì" in out and not (workdir / "kiennghi.db").exists()
    code, out, _ = run(capsys, "import", str(fixture_path("mttq-2025.xlsx")))
    assert code == 0 and "Đã nhập 72 ý kiến" in out
    code, _, err = run(capsys, "import", str(fixture_path("mttq-2025.xlsx")))
    assert code == 1 and "đã được nhập" in err
    code, out, _ = run(capsys, "list", "--json")
    items = json.loads(out)
    assert len(items) == 72
    assert set(items[0]) >= {"id", "year", "stt", "source", "content", "to_dan_pho", "submitter", "sector",
                             "jurisdiction", "owner", "co_owners", "forward_to", "deadline", "status",
                             "response", "note", "duplicate_of", "origin", "version"}
    assert items[0]["origin"] == {"file": "mttq-2025.xlsx", "sheet": "Tổng hợp", "rows": [10]}
    code, _, _ = run(capsys, "set", "KN-2025-003", "--jurisdiction", "cap-tren", "--owner", "KT-HT-DT",
                     "--forward-to", "SO-XD", "--deadline", "28/11/2025", "--co-owner", "CA")
    assert code == 0
    code, _, err = run(capsys, "set", "KN-2025-003", "--status", "xong-roi")
    assert code == 1 and "tình trạng" in err
    code, _, err = run(capsys, "set", "KN-2025-003", "--note", "cũ", "--expect-version", "1")
    assert code == 1 and "phiên bản 2" in err
    code, out, _ = run(capsys, "show", "KN-2025-003", "--json")
    shown = json.loads(out)
    assert (shown["jurisdiction"], shown["forward_to"], shown["deadline"], shown["co_owners"]) == \
           ("cap-tren", "SO-XD", "2025-11-28", ["CA"])
    assert [h["field"] for h in shown["history"]] == ["created", "jurisdiction", "owner", "co_owners", "forward_to", "deadline"]
    code, out, _ = run(capsys, "list", "--json", "--search", "ngap", "--jurisdiction", "cap-tren")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "list", "--json", "--search", "NGAP")
    assert json.loads(out) and all("ngập" in i["content"].lower() or "ngập" in i["to_dan_pho"].lower()
                                   for i in json.loads(out))


def test_conference_show_and_set(workdir, capsys):
    run(capsys, "import", str(fixture_path("mttq-2025.xlsx")))
    code, out, _ = run(capsys, "conference", "show")
    assert code == 0 and "year = 2025" in out and 'signing_authority = "T/L BAN THƯỜNG VỤ"' in out
    (workdir / "hn.toml").write_text(
        'year = 2025\ndate = 2025-10-31\nnotice_number = "46-TB/ĐU"\nnotice_date = "03/11/2025"\n'
        'chairs = ["Đồng chí Nguyễn Thế Thạch - Bí thư Đảng ủy"]\nsigner_name = "Nguyễn Văn A"\n', "utf-8")
    code, _, _ = run(capsys, "conference", "set", "hn.toml")
    assert code == 0
    code, out, _ = run(capsys, "conference", "show", "--year", "2025")
    assert "date = 2025-10-31" in out and 'notice_number = "46-TB/ĐU"' in out and "notice_date = 2025-11-03" in out
    assert 'signer_title = "CHÁNH VĂN PHÒNG"' in out  # default kept
    (workdir / "bad.toml").write_text('year = 2025\ncolour = "red"\n', "utf-8")
    code, _, err = run(capsys, "conference", "set", "bad.toml")
    assert code == 1 and "colour" in err


def test_bad_input_exits_non_zero_without_traceback(workdir, capsys):
    (workdir / "x.xlsx").write_bytes(b"not a workbook at all")
    code, _, err = run(capsys, "import", "x.xlsx")
    assert code == 1 and "Traceback" not in err and "x.xlsx" in err
    assert not (workdir / "kiennghi.db").exists() or True


def test_environment_selects_the_database(workdir, monkeypatch, capsys):
    monkeypatch.setenv("KIENNGHI_DB", str(workdir / "env.db"))
    run(capsys, "import", str(fixture_path("mttq-2025.csv")))
    assert (workdir / "env.db").exists()
    code, out, _ = run(capsys, "--db", str(workdir / "env.db"), "list", "--json")
    assert len(json.loads(out)) == 72


def test_demo_imports_the_samples_once(workdir, capsys):
    assert run(capsys, "demo", "--no-app")[0] == 0
    assert run(capsys, "demo", "--no-app")[0] == 0
    code, out, _ = run(capsys, "--db", "kiennghi-demo.db", "list", "--json", "--year", "2024")
    assert len(json.loads(out)) == 160
    code, out, _ = run(capsys, "--db", "kiennghi-demo.db", "list", "--json")
    assert len(json.loads(out)) == 72


def test_suggest_json(workdir, capsys):
    run(capsys, "import", str(fixture_path("theo-doi-2024.xlsx")))
    run(capsys, "import", str(fixture_path("mttq-2025.xlsx")))
    code, out, _ = run(capsys, "suggest", "--json")
    suggestions = json.loads(out)
    assert code == 0 and len(suggestions) == 72
    assert set(suggestions[0]) == {"id", "jurisdiction", "owner", "owners_ranked", "forward_to", "forward_ranked", "sector",
                                   "confidence", "reason", "duplicates", "carried_over", "why_duplicate"}
    assert all(s["jurisdiction"] in ("phuong", "cap-tren") and s["reason"] for s in suggestions)


def flat(text: str) -> str:
    """Output as one line: the console wraps messages at the terminal's width."""
    return " ".join(text.split())


def flat_run(capsys, *args: str) -> tuple[int, str, str]:
    code, out, err = run(capsys, *args)
    return code, flat(out), flat(err)


def _corrected(source: Path, target: Path) -> Path:
    """The MTTQ sheet as it comes back corrected: one petition's wording fixed, the rest the same
    with different spacing and case (what a retyped sheet looks like)."""
    book = openpyxl.load_workbook(source)
    sheet = book["Tổng hợp"]
    sheet["B10"] = "Đề nghị kiểm tra 4 nhà trong ngách 25/8 Phúc Lợi cơi nới ban công."
    sheet["B11"] = sheet["B11"].value.upper()
    book.save(target)
    return target


def test_imports_unimport_and_the_same_file_again(workdir, capsys):
    sheet = str(fixture_path("mttq-2025.xlsx"))
    run(capsys, "import", sheet)
    code, out, _ = run(capsys, "imports", "--json")
    (entry,) = json.loads(out)
    assert code == 0 and {k: entry[k] for k in ("id", "file", "sheets", "year", "items", "live", "undone")} == {
        "id": 1, "file": "mttq-2025.xlsx", "sheets": ["Tổng hợp"], "year": 2025, "items": 72, "live": 72,
        "undone": None}
    assert entry["who"] and entry["when"]
    code, out, _ = flat_run(capsys, "imports")
    assert code == 0 and "mttq-2025" in out and "Tổng hợp" in out and "72" in out
    run(capsys, "set", "KN-2025-003", "--owner", "CA")
    run(capsys, "set", "KN-2025-007", "--note", "gọi lại")
    code, _, err = flat_run(capsys, "unimport", "1")
    assert code == 1 and "KN-2025-003, KN-2025-007" in err and "--force" in err
    assert len(json.loads(run(capsys, "list", "--json")[1])) == 72
    code, out, _ = flat_run(capsys, "unimport", "1", "--force")
    assert code == 0 and "ẩn 72 ý kiến" in out
    assert json.loads(run(capsys, "list", "--json")[1]) == []
    code, out, _ = run(capsys, "imports", "--json")
    assert json.loads(out)[0]["live"] == 0 and json.loads(out)[0]["undone"]["who"] == entry["who"]
    code, _, err = flat_run(capsys, "unimport", "1")
    assert code == 1 and "đã được" in err
    code, out, _ = flat_run(capsys, "import", sheet)  # taken back: the same file comes in again
    assert code == 0 and "KN-2025-073 … KN-2025-144" in out  # the old IDs are never given again
    code, out, _ = run(capsys, "show", "KN-2025-003", "--json")
    shown = json.loads(out)
    assert shown["owner"] == "CA" and shown["deleted"]["by"] == entry["who"]
    assert shown["history"][-1]["field"] == "hidden" and shown["history"][-1]["detail"].startswith("gỡ lần nhập 1")
    code, out, _ = run(capsys, "list", "--json", "--deleted")
    assert len(json.loads(out)) == 72 and json.loads(out)[0]["id"] == "KN-2025-001"


def test_a_corrected_sheet_is_refused_then_replaces_its_import_in_one_step(workdir, capsys):
    sheet = fixture_path("mttq-2025.xlsx")
    corrected = _corrected(sheet, workdir / "mttq-2025-sua.xlsx")
    run(capsys, "import", str(sheet))
    code, _, err = flat_run(capsys, "import", str(corrected))
    assert code == 1 and "71 trong 72 ý kiến" in err and "lần nhập 1 (mttq-2025.xlsx" in err
    assert "kiennghi unimport 1" in err and "kiennghi import mttq-2025-sua.xlsx --replace 1" in err
    run(capsys, "set", "KN-2025-010", "--status", "da-giai-quyet")
    code, _, err = flat_run(capsys, "import", str(corrected), "--replace", "1")
    assert code == 1 and "KN-2025-010" in err and "--force" in err
    assert [i["id"] for i in json.loads(run(capsys, "list", "--json")[1])][:1] == ["KN-2025-001"]
    code, out, _ = flat_run(capsys, "import", str(corrected), "--replace", "1", "--force")
    assert code == 0 and "thay cho lần nhập 1" in out
    items = json.loads(run(capsys, "list", "--json")[1])
    assert len(items) == 72 and items[0]["id"] == "KN-2025-073" and items[0]["content"].startswith("Đề nghị kiểm tra 4")
    imports = json.loads(run(capsys, "imports", "--json")[1])
    assert [(i["file"], i["live"], bool(i["undone"])) for i in imports] == [
        ("mttq-2025.xlsx", 0, True), ("mttq-2025-sua.xlsx", 72, False)]


def test_a_failing_import_inside_replace_leaves_the_old_import(workdir, capsys):
    run(capsys, "import", str(fixture_path("theo-doi-2024.xlsx")))
    run(capsys, "import", str(fixture_path("mttq-2025.xlsx")))
    code, _, err = flat_run(capsys, "import", str(fixture_path("mttq-2025.xlsx")), "--replace", "1")
    assert code == 1 and "đã được nhập" in err  # its own import stands: refused after taking 1 back
    imports = json.loads(run(capsys, "imports", "--json")[1])
    assert [i["live"] for i in imports] == [160, 72] and not any(i["undone"] for i in imports)
    assert len(json.loads(run(capsys, "list", "--json", "--year", "2024")[1])) == 160


def test_delete_and_restore_leave_hidden_items_out_of_everything_that_lists_or_counts(workdir, capsys, config):
    run(capsys, "import", str(fixture_path("mttq-2025.xlsx")))
    code, out, _ = flat_run(capsys, "delete", "kn-2025-001", "KN-2025-008")  # KN-2025-008 is like KN-2025-005
    assert code == 0 and "KN-2025-001 KN-2025-008" in out
    code, _, err = flat_run(capsys, "delete", "KN-2025-008", "KN-2025-003")
    assert code == 1 and "đã bị ẩn từ trước" in err
    code, _, err = flat_run(capsys, "set", "KN-2025-001", "--note", "x")
    assert code == 1 and "kiennghi restore KN-2025-001" in err
    listed = json.loads(run(capsys, "list", "--json")[1])
    assert len(listed) == 70 and listed[0]["id"] == "KN-2025-002" and listed[0]["deleted"] is None
    suggestions = json.loads(run(capsys, "suggest", "--json")[1])
    assert len(suggestions) == 70
    named = {s["id"] for s in suggestions} | {d for s in suggestions for d in s["duplicates"]}
    assert not {"KN-2025-001", "KN-2025-008"} & named
    with Store.open(workdir / "kiennghi.db") as store:
        notice = year_notice(config, store, 2025, draft=True)
        assert notice.counts.total == number(70) and len([r for r in notice.annex_rows if not r.heading]) == 70
        assert store.count(2025) == 70
    code, out, _ = flat_run(capsys, "export", "workbook", "-o", "theo-doi.xlsx")
    assert code == 0 and "(70 ý kiến)" in out
    ids = [row[0].value for row in openpyxl.load_workbook(workdir / "theo-doi.xlsx")["Theo dõi"].iter_rows(min_row=3)]
    assert len(ids) == 70 and "KN-2025-001" not in ids
    code, out, _ = flat_run(capsys, "show", "KN-2025-001")
    user = current_user()
    assert code == 0 and f"đã bị {user} xóa (ẩn)" in out and "kiennghi restore KN-2025-001" in out
    assert "ẩn (xóa)" in out  # the history names the row
    deleted = json.loads(run(capsys, "list", "--json", "--deleted")[1])
    assert [(i["id"], i["deleted"]["by"]) for i in deleted] == [("KN-2025-001", user), ("KN-2025-008", user)]
    code, out, _ = flat_run(capsys, "restore", "KN-2025-008")
    assert code == 0 and len(json.loads(run(capsys, "list", "--json")[1])) == 71
    suggested = {s["id"]: s for s in json.loads(run(capsys, "suggest", "--json")[1])}
    assert suggested["KN-2025-005"]["duplicates"] == ["KN-2025-008"]
    shown = json.loads(run(capsys, "show", "KN-2025-008", "--json")[1])
    assert [(h["field"], h["new"], h["user"], h["version"]) for h in shown["history"][1:]] == [
        ("hidden", "có", user, 2), ("hidden", "không", user, 3)]
    code, _, err = flat_run(capsys, "restore", "KN-2025-008")
    assert code == 1 and "không bị ẩn" in err


# --- dates of the conference --------------------------------------------------------------------


def test_set_deadline_without_a_year_is_one_of_the_items_conference(workdir, capsys):
    run(capsys, "import", str(fixture_path("mttq-2025.xlsx")))
    code, out, _ = flat_run(capsys, "set", "KN-2025-003", "--deadline", "20/11")
    assert code == 0 and "hạn giải quyết 20/11/2025" in out  # whatever year it is today
    assert json.loads(run(capsys, "show", "KN-2025-003", "--json")[1])["deadline"] == "2025-11-20"
    (workdir / "hn.toml").write_text('year = 2025\ndate = "12/12"\nnotice_date = "05/01"\n', "utf-8")
    assert run(capsys, "conference", "set", "hn.toml")[0] == 0  # held in December, its notice in January
    code, out, _ = run(capsys, "conference", "show", "--year", "2025")
    assert "date = 2025-12-12" in out and "notice_date = 2026-01-05" in out
    code, out, _ = flat_run(capsys, "set", "KN-2025-003", "--deadline", "15/01")
    assert code == 0 and "hạn giải quyết 15/01/2026" in out
    code, out, _ = flat_run(capsys, "set", "KN-2025-003", "--deadline", "+30")
    assert code == 0 and f"hạn giải quyết {(date.today() + timedelta(days=30)):%d/%m/%Y}" in out
    code, _, err = flat_run(capsys, "set", "KN-2025-999", "--deadline", "20/11")
    assert code == 1 and "KN-2025-999" in err


# --- the command line at 80 columns, and through a pipe --------------------------------------------


_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
BOX = set("┏┓┗┛┃━│─┌┐└┘┡┩╇┳┻╋")


def in_a_terminal(folder: Path, *args: str, columns: int = 80) -> str:
    """`kiennghi ARGS` run in `folder` with a terminal of `columns` columns for its output (a
    pseudo-terminal, COLUMNS set as a login shell sets it): the text the officer reads."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")}
    process = subprocess.Popen([sys.executable, "-m", "kiennghi", *args], cwd=folder, stdout=follower,
                               stderr=follower, env={**environment, "COLUMNS": str(columns), "TERM": "xterm"})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # EIO: the command ended and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    return _ESCAPES.sub("", b"".join(chunks).decode()).replace("\r\n", "\n")


def _triaged_sheet(capsys) -> list[dict]:
    run(capsys, "import", str(fixture_path("mttq-2025.xlsx")))
    run(capsys, "set", "KN-2025-005", "--jurisdiction", "cap-tren", "--owner", "KT-HT-DT", "--forward-to", "SO-XD",
        "--deadline", "20/11/2025", "--status", "dang-giai-quyet")
    return json.loads(run(capsys, "list", "--json")[1])


def test_list_at_80_columns_shows_every_items_whole_content(workdir, capsys):
    items = _triaged_sheet(capsys)
    screen = in_a_terminal(workdir, "list")
    lines = screen.splitlines()
    assert lines[0] == "Ý kiến năm 2025 (72)"
    assert max(cell_len(line.rstrip()) for line in lines) <= 80
    assert not BOX & set(screen) and "…" not in screen  # no table squeezed to a column of "…"
    words = " ".join(screen.split())
    assert all(" ".join(item["content"].split()) in words for item in items)
    assert ("KN-2025-005 · TDP Vinhomes Riverside 2 · Đô thị - Xây dựng · Cấp trên · Phòng KT-HT-ĐT → Sở Xây dựng"
            " · hạn 20/11/2025 · Đang giải quyết") in words
    assert "KN-2025-001 · Tổ dân phố số 3 · Đô thị - Xây dựng · chưa phân loại" in words
    wide = in_a_terminal(workdir, "list", columns=220)
    assert "┃ Mã          ┃ Nội dung" in wide and "│ KN-2025-005 │" in wide  # a table where it fits


def test_list_through_a_pipe_is_one_plain_line_per_item(workdir, capsys):
    items = _triaged_sheet(capsys)
    piped = subprocess.run([sys.executable, "-m", "kiennghi", "list"], cwd=workdir, capture_output=True,
                           text=True, env={**os.environ, "COLUMNS": "80"}, check=True).stdout
    assert "\x1b" not in piped and not BOX & set(piped)
    rows = [line.split("\t") for line in piped.splitlines()]
    assert len(rows) == 72 and {len(row) for row in rows} == {8}
    assert [row[0] for row in rows] == [item["id"] for item in items]
    assert rows[4] == ["KN-2025-005", " ".join(items[4]["content"].split()), "TDP Vinhomes Riverside 2",
                       "Đô thị - Xây dựng", "Cấp trên", "Phòng KT-HT-ĐT → Sở Xây dựng", "20/11/2025",
                       "Đang giải quyết"]
    assert rows[0][4:] == ["", "", "", ""]  # not triaged: empty fields, not words
    run(capsys, "delete", "KN-2025-002")
    code, out, _ = run(capsys, "list", "--deleted")  # capsys: not a terminal either
    (row,) = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and row[0] == "KN-2025-002" and len(row) == 9 and row[8].startswith(current_user())


def test_show_suggest_and_imports_at_80_columns_and_through_a_pipe(workdir, capsys):
    _triaged_sheet(capsys)
    run(capsys, "set", "KN-2025-005", "--response", "Đã chuyển Sở Xây dựng; Sở đã trả lời bằng văn bản số 123, "
                                                    "hẹn kiểm tra hạ tầng khu đô thị trong quý I.")
    shown = in_a_terminal(workdir, "show", "KN-2025-005")
    assert max(cell_len(line.rstrip()) for line in shown.splitlines()) <= 80 and not BOX & set(shown)
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d · \S+ · cli · hạn giải quyết · cũ: — · mới: 20/11/2025$", shown, re.M)
    imports = in_a_terminal(workdir, "imports")
    assert max(cell_len(line.rstrip()) for line in imports.splitlines()) <= 80
    assert re.search(r"^lần nhập 1 · mttq-2025\.xlsx · trang Tổng hợp · năm 2025 · 72 ý kiến\n"
                     r"  · còn hiện 72 · nhập bởi \S+ \d{4}-\d\d-\d\d \d\d:\d\d$", imports, re.M)
    suggested = in_a_terminal(workdir, "suggest")
    assert max(cell_len(line.rstrip()) for line in suggested.splitlines()) <= 80 and not BOX & set(suggested)
    assert re.search(r"^KN-2025-001 · Phường · .+ · độ tin \d+%$", suggested, re.M)
    code, out, _ = run(capsys, "imports")
    assert out.splitlines()[0].split("\t")[:6] == ["1", "mttq-2025.xlsx", "Tổng hợp", "2025", "72", "72"]
    code, out, _ = run(capsys, "show", "KN-2025-005")
    history = out[out.index("Lịch sử thay đổi"):].splitlines()[1:]
    assert not BOX & set(out) and [line.split("\t")[2:4] for line in history][:2] == [
        ["import", "tạo mới"], ["cli", "thẩm quyền"]]


# --- after the demo --------------------------------------------------------------------------------


def test_demo_says_where_its_store_is_and_how_to_open_it_again(workdir, capsys, monkeypatch):
    ward = workdir / "phuong.db"
    monkeypatch.setenv("KIENNGHI_DB", str(ward))  # the ward's store, as a server sets it
    code, out, _ = run(capsys, "demo", "--no-app")
    demo = (workdir / "kiennghi-demo.db").resolve()
    assert code == 0 and f"Dữ liệu mẫu ở {demo}. Mở lại bằng:\n  kiennghi --db {demo}\n" in out
    assert f"kiennghi không kèm --db mở cơ sở dữ liệu của phường: {ward}" in out
    assert not ward.exists()  # the samples never go into the ward's store
    code, out, _ = run(capsys, "demo", "--no-app")  # the second time: nothing imported, the way back said
    assert code == 0 and "Đã nhập" not in out and f"kiennghi --db {demo}" in out


def test_an_empty_store_says_how_to_import_a_sheet_or_open_the_demo(workdir, capsys):
    code, out, err = run(capsys, "list")
    store = (workdir / "kiennghi.db").resolve()
    assert code == 0 and out == ""
    assert f"Cơ sở dữ liệu {store} chưa có ý kiến nào." in err
    assert "kiennghi import TỆP.xlsx  (trong ứng dụng: phím i)" in err and err.rstrip().endswith("kiennghi demo")
    assert run(capsys, "list", "--json")[1] == "[]\n"
    run(capsys, "demo", "--no-app")
    code, _, err = run(capsys, "list")
    assert code == 0 and f"Xem thử trên dữ liệu mẫu:     kiennghi --db {(workdir / 'kiennghi-demo.db').resolve()}" in err
    code, _, err = run(capsys, "suggest")  # the other commands that need a year refuse, saying the same
    assert code == 1 and "kiennghi import TỆP.xlsx" in err and "kiennghi-demo.db" in err


def test_plain_kiennghi_on_an_empty_store_says_how_to_begin_in_the_app_and_after_it(workdir, capsys, monkeypatch):
    from kiennghi.tui.app import KienNghiApp

    run(capsys, "demo", "--no-app")
    seen = []

    def look(app: KienNghiApp) -> None:  # instead of the terminal: the app headless, as an officer opens it
        async def session():
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                if type(app.screen).__name__ == "ImportScreen":  # it opens at once on an empty store
                    await pilot.press("escape")
                seen.append(" ".join(str(app.query_one("#detail").render()).split()))
        asyncio.run(session())

    monkeypatch.setattr(KienNghiApp, "run", look)
    assert main([]) == 0
    demo, store = (workdir / "kiennghi-demo.db").resolve(), (workdir / "kiennghi.db").resolve()
    assert seen == [f"Chưa có ý kiến nào. Nhấn i để nhập bảng tổng hợp của MTTQ, hoặc: kiennghi import TỆP.xlsx "
                    f"Cơ sở dữ liệu đang mở: {store} Xem thử trên dữ liệu mẫu: kiennghi --db {demo}"]
    out = capsys.readouterr().out
    assert f"Cơ sở dữ liệu {store} chưa có ý kiến nào." in out and f"kiennghi --db {demo}" in out
    run(capsys, "import", str(fixture_path("mttq-2025.csv")))
    assert main([]) == 0 and "chưa có ý kiến nào" not in capsys.readouterr().out


@pytest.mark.parametrize("args", [["remind", "--days", "abc"], ["list", "--year", "2025a"], ["carry", "--from", "x"]])
def test_a_number_option_given_no_number_says_so_in_vietnamese(args, workdir, capsys):
    with pytest.raises(SystemExit) as exited:
        main(args)
    err = capsys.readouterr().err
    assert exited.value.code == 2 and f"“{args[-1]}” không phải một số nguyên" in err and "int" not in err, err


@pytest.mark.parametrize(("args", "words"), [
    (["import"], "kiennghi import: lỗi: thiếu tham số bắt buộc: TỆP"),
    (["frob"], "kiennghi: lỗi: tham số LỆNH: lựa chọn 'frob' không hợp lệ (chọn một trong 'app',"),
    (["list", "--bogus"], "kiennghi: lỗi: tham số không hiểu được: --bogus"),
    (["set", "KN-1", "--deadline"], "kiennghi set: lỗi: tham số --deadline: cần một giá trị"),
    (["export", "foo"], "kiennghi export: lỗi: tham số LOẠI: lựa chọn 'foo' không hợp lệ"),
])
def test_argument_errors_are_worded_in_vietnamese_after_the_usage(args, words, workdir, capsys):
    with pytest.raises(SystemExit) as exited:
        main(args)
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err.startswith("cách dùng: kiennghi") and words in err, err
    assert not any(english in err for english in ("usage", "error", "argument", "invalid", "required")), err
