from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kiennghi import __version__
from kiennghi.cli import build_parser, main
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
                                     ["conference", "show"], ["conference", "set"]])
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
                                   "confidence", "reason", "duplicates", "carried_over"}
    assert all(s["jurisdiction"] in ("phuong", "cap-tren") and s["reason"] for s in suggestions)
