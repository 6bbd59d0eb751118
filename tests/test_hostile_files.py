"""Crafted and damaged files: each is imported or refused with a Vietnamese message naming it,
quickly, in bounded memory, and never crashes the importer or the command line.

Hundreds of mutants of the fixtures (`tests/mutants.py`, which also prints the figures for a
larger run) and, one by one, the files that broke the importer before (issue 17).
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from kiennghi.errors import InputError
from kiennghi.io.grid import read_with_calamine
from kiennghi.io.importer import plan_import
from tests.conftest import ROOT, fixture_path
from tests.mutants import figures, mutants, run, sources

MUTANTS = 400
SEED = 17


def refused(path: Path, config, within: float = 5.0) -> str:
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        plan_import(path, config, year=2025)
    assert time.monotonic() - start < within
    message = str(caught.value)
    assert path.name in message
    return message


def rezipped(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in original.namelist():
            copy.writestr(name, change(name, original.read(name)))
    return target


def with_sheet_data(tmp_path: Path, name: str, rows: bytes) -> Path:
    """mttq-2025.xlsx with its sheet's cells replaced by `rows`."""
    def change(part: str, data: bytes) -> bytes:
        if part != "xl/worksheets/sheet1.xml":
            return data
        start, end = data.index(b"<sheetData>") + len(b"<sheetData>"), data.index(b"</sheetData>")
        return data[:start] + rows + data[end:]

    return rezipped(fixture_path("mttq-2025.xlsx"), tmp_path / name, change)


# --- many mutants --------------------------------------------------------------------------------


def test_mutated_fixtures_are_imported_or_refused_clearly(tmp_path, capsys):
    made = mutants(MUTANTS, SEED, sources(tmp_path))
    outcomes = run(made, tmp_path)
    with capsys.disabled():
        print(f"\nmutants (seed {SEED}): {figures(outcomes)}")
    failed = [f"{o.mutant.name} ({o.mutant.how}): {o.detail}" for o in outcomes if o.result == "failed"]
    assert not failed, "\n".join(failed)
    assert {o.result for o in outcomes} == {"imported", "refused"}
    assert max(o.seconds for o in outcomes) < 20


def test_the_command_line_never_shows_a_traceback(tmp_path):
    made = mutants(60, SEED, sources(tmp_path))
    chosen = {}  # one mutant of each way of making them
    for mutant in made:
        chosen.setdefault(mutant.how.split(" ", 1)[1], mutant)
    (tmp_path / "config.toml").write_bytes((ROOT / "config.toml").read_bytes())
    env = {key: value for key, value in os.environ.items() if not key.startswith("KIENNGHI_")}
    for mutant in chosen.values():
        path = tmp_path / mutant.name
        path.write_bytes(mutant.data)
        done = subprocess.run([sys.executable, "-m", "kiennghi", "--db", str(tmp_path / "ward.db"), "import",
                               "--dry-run", path.name], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode in (0, 1, 2, 4), (mutant.how, done.returncode, done.stderr)
        assert "Traceback" not in done.stderr and "Lỗi không lường trước" not in done.stderr, (mutant.how, done.stderr)
    assert len(chosen) >= 6 and not (tmp_path / "ward.db").exists()


# --- the files that broke it ---------------------------------------------------------------------


@pytest.mark.parametrize("rows", [
    b'<row r="60000000"><c r="A60000000" t="inlineStr"><is><t>x</t></is></c></row>',  # 8 digits
    b'<row r="1000000"><c r="XFC1000000"><v>1</v></c><c r="XFD1000000"><v>1</v></c></row>',  # far from A1
    b"<row r='1'><c\ts='0'\nr = 'A60000000'><v>1</v></c></row>",  # attributes spelt otherwise
    b"<row>" + b"<c><v>1</v></c>" * 3000 + b"</row>",  # no references: one after the other
    b"<x:row>" + b"<x:c><x:v>1</x:v></x:c>" * 3000 + b"</x:row>",  # the same, with a prefix
])
def test_a_far_cell_in_an_xlsx_is_refused_before_it_is_laid_out(rows, config, tmp_path):
    message = refused(with_sheet_data(tmp_path, "xa-2025.xlsx", rows), config)
    assert "trang “Tổng hợp”" in message and "quá lớn" in message


def test_cells_with_their_reference_after_other_attributes_are_read(config, tmp_path):
    """The quick bound takes such cells for cells without a reference; the count that follows
    finds their place."""
    def cell(ref: str, text: str) -> bytes:
        return f'<c s="0" r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()

    rows = [b'<row r="1">' + cell("A1", "STT") + cell("B1", "Nội dung") + b"</row>"]
    for r in range(2, 1502):
        rows.append(b'<row r="%d">' % r + cell(f"A{r}", str(r - 1))
                    + cell(f"B{r}", f"Đề nghị sửa chữa đường ngõ {r} bị hỏng nặng lâu ngày")
                    + b"".join(cell(f"{letter}{r}", "x") for letter in "CDEFGHIJ") + b"</row>")
    plan = plan_import(with_sheet_data(tmp_path, "thu-tu-2025.xlsx", b"".join(rows)), config, strict=False)
    assert len(plan.items) == 1500


@pytest.mark.parametrize("name", ["mttq-2025-tcvn3.xlsx", "mttq-2025-tcvn3.xls", "mttq-2025-tcvn3.ods"])
@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods", ".csv"])
def test_a_workbook_under_another_format_s_name_is_read_by_its_bytes(name, suffix, config, tmp_path):
    path = tmp_path / f"doi-ten-2025{suffix}"
    path.write_bytes(fixture_path(name).read_bytes())  # TCVN3: openpyxl judged the name's suffix
    assert len(plan_import(path, config).items) == 72


def _xls_with_cell_at(row: int, column: int, tmp_path: Path) -> Path:
    data = bytearray(fixture_path("mttq-2025.xls").read_bytes())
    spot = data.rindex(b"\xfd\x00\x0a\x00")  # the last LABELSST record: row, column, format, string
    struct.pack_into("<HH", data, spot + 4, row, column)
    path = tmp_path / "xa-2025.xls"
    path.write_bytes(bytes(data))
    return path


def test_a_far_cell_in_an_xls_is_refused_before_it_is_laid_out(config, tmp_path):
    message = refused(_xls_with_cell_at(102, 65_000, tmp_path), config)  # calamine aborted the process
    assert "trang thứ 1" in message and "65001 cột" in message


def test_ods_repeats_that_are_not_numbers_are_refused(config, tmp_path):
    def change(name: str, data: bytes) -> bytes:
        return data.replace(b'table:number-columns-repeated="2"', b'table:number-columns-repeated="2e9"', 1)

    message = refused(rezipped(fixture_path("mttq-2025.ods"), tmp_path / "lap-2025.ods", change), config)
    assert "bị hỏng" in message and "2e9" in message


def test_damaged_styles_of_a_tcvn3_xlsx_are_refused(config, tmp_path):
    def change(name: str, data: bytes) -> bytes:
        return data[: len(data) // 2] if name == "xl/styles.xml" else data

    path = rezipped(fixture_path("mttq-2025-tcvn3.xlsx"), tmp_path / "tcvn3-hong-2025.xlsx", change)
    assert "bị hỏng hoặc không đọc được" in refused(path, config)


def test_a_damaged_tcvn3_xls_is_refused(config, tmp_path):
    data = fixture_path("mttq-2025-tcvn3.xls").read_bytes()
    for cut in (len(data) // 2, len(data) - 700):
        path = tmp_path / f"tcvn3-cut-{cut}-2025.xls"
        path.write_bytes(data[:cut])
        assert "bị hỏng hoặc không đọc được" in refused(path, config)


def test_a_panic_inside_calamine_is_a_refusal(tmp_path):
    """pyo3's PanicException derives from BaseException: a truncated .xls made it a traceback."""
    data = fixture_path("mttq-2025.xls").read_bytes()
    for cut in range(512, len(data), 512):
        try:
            CalamineWorkbook.from_filelike(io.BytesIO(data[:cut]))
        except Exception:  # noqa: BLE001 - an ordinary error, not the panic looked for
            continue
        except BaseException:  # noqa: BLE001
            break
    else:
        pytest.fail("no truncation of mttq-2025.xls makes calamine panic any more")
    path = tmp_path / "cut-2025.xls"
    path.write_bytes(data[:cut])
    with pytest.raises(InputError, match="cut-2025.xls bị hỏng hoặc không đọc được"):
        read_with_calamine(path)  # the reading the .xls module does once its checks pass


def test_a_very_wide_csv_is_refused_quickly(config, tmp_path):
    path = tmp_path / "rong-2025.csv"
    path.write_text(("STT,Nội dung," + ",".join(["x"] * 19_998) + "\n") * 1_000, "utf-8")  # took 61 s
    assert "20000 cột" in refused(path, config, within=3.0)


def test_line_separators_stay_inside_a_csv_cell(config, tmp_path):
    marks = ["\u2028", "\x85", "\x0b", "\x0c", "\u2029", "\x1c"]
    lines = ["STT,Nội dung,Tổ dân phố"] + [
        f"{n},Đề nghị sửa{mark}đường ngõ {n} bị hỏng nặng lâu ngày,TDP {n}" for n, mark in enumerate(marks, 1)]
    path = tmp_path / "dau-ngat-2025.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = plan_import(path, config).items
    assert [(item.content, item.to_dan_pho) for item in items] == [
        (f"Đề nghị sửa{mark}đường ngõ {n} bị hỏng nặng lâu ngày", f"TDP {n}") for n, mark in enumerate(marks, 1)]


def test_a_file_name_that_is_not_utf8_is_read_and_shown_plainly(config, tmp_path):
    name = os.fsdecode(b"t\xean-2025.xlsx")  # Latin-1 bytes: kept by Python as a lone surrogate
    path = tmp_path / name
    path.write_bytes(fixture_path("mttq-2025.xlsx").read_bytes())
    plan = plan_import(path, config)
    assert len(plan.items) == 72
    assert plan.batch().file_name == "t\\xean-2025.xlsx"
    assert {item.origin.file for item in plan.items} == {"t\\xean-2025.xlsx"}
    broken = tmp_path / os.fsdecode(b"h\xf4ng-2025.xlsx")
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(InputError) as caught:
        plan_import(broken, config)
    assert "h\\xf4ng-2025.xlsx" in str(caught.value)
    str(caught.value).encode("utf-8")  # no lone surrogate left to break a terminal or SQLite
