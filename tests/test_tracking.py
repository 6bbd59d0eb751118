"""The tracking workbook: what staff receive, and their edits merged back exactly."""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from conftest import FIXTURES, ROOT, fixture_path
from kiennghi.io.importer import plan_import
from kiennghi.io import tracking
from kiennghi.io.office import convert
from kiennghi.io.tracking import COLUMNS, export_workbook, read_workbook

from kiennghi.cli import main
from kiennghi.config import parse_config
from kiennghi.fields import FIELD
from kiennghi.merge import plan_merge
from kiennghi.model import Conference
from kiennghi.store import Store
from kiennghi.text import clean_cell, fold

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
HAS_UNO = shutil.which("soffice") is not None and Path("/usr/lib/python3/dist-packages/uno.py").exists()
NEEDS_OFFICE = pytest.mark.skipif(not HAS_UNO and not os.environ.get("CI"),
                                  reason="LibreOffice with python3-uno is not installed (CI installs it)")
HEADERS = {c.field: c.header for c in COLUMNS}
LETTERS = {c.field: openpyxl.utils.get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}


@pytest.fixture
def tracked(config, store):
    """Last year's tracking workbook imported: 160 triaged items of 2024."""
    store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
    return store


def _export(config, store, path: Path) -> Path:
    return export_workbook(config, store.items(2024), 2024, path)


def _merge(config, store, path: Path):
    return plan_merge(config, path.name, read_workbook(path, config), store)


def _sheet_xml(path: Path, name: str) -> str:
    """The XML of the sheet `name`, found as Excel finds it: workbook.xml, then its relationships."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        sheet_id = next(sheet.get(f"{{{_RELATIONSHIPS}}}id") for sheet in book.iter(f"{{{_MAIN}}}sheet")
                        if sheet.get("name") == name)
        target = next(link.get("Target") for link in links if link.get("Id") == sheet_id)
        return archive.read(target.lstrip("/") if target.startswith("/") else f"xl/{target}").decode()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _edit(path: Path, changes: dict[tuple[int, str], object], out: Path | None = None) -> Path:
    """Edit cells with openpyxl (data row n, field) the way a script would; keeps the rest."""
    book = openpyxl.load_workbook(path)
    sheet = book["Theo dõi"]
    for (n, field), value in changes.items():
        sheet[f"{LETTERS[field]}{2 + n}"] = value
    book.save(out or path)
    return out or path


# --- export ---------------------------------------------------------------------------------------


def test_the_workbook_is_ready_for_staff(config, tracked, tmp_path):
    items = tracked.items(2024)
    first = items[0]
    tracked.update_item(first.id, {"note": "=HYPERLINK(\"http://x\")", "response": "+84 912", "roadmap": "@all"},
                        first.version, "cli")
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Theo dõi", "Tổng hợp", "Danh mục"]
    assert book["Danh mục"].sheet_state == "hidden"
    sheet = book["Theo dõi"]
    assert [c.value for c in sheet[2]] == [c.header for c in COLUMNS]
    assert sheet.max_row == 2 + len(items)
    assert sheet.freeze_panes == "C3" and sheet.auto_filter.ref == f"A2:{LETTERS['version']}{2 + len(items)}"
    assert sheet.print_title_rows == "$2:$2"
    # The first columns print, whole columns (openpyxl does not read such a print area).
    printed = sum(c.printed for c in COLUMNS)
    assert [c.printed for c in COLUMNS] == [True] * printed + [False] * (len(COLUMNS) - printed)
    with zipfile.ZipFile(path) as archive:
        assert f"'Theo dõi'!$A:${LETTERS[COLUMNS[printed - 1].field]}<" in archive.read("xl/workbook.xml").decode()
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    # One page wide (1, the default, is left out), as many tall as it takes.
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions[LETTERS["version"]].hidden
    assert sheet.protection.sheet and not sheet.protection.password and not sheet.protection.autoFilter
    assert sheet["A3"].protection.locked and not sheet[f"{LETTERS['status']}3"].protection.locked
    assert sheet[f"{LETTERS['content']}3"].alignment.wrap_text
    deadline = sheet[f"{LETTERS['deadline']}3"]
    assert deadline.value.date() == items[0].deadline and deadline.number_format == "dd/mm/yyyy"
    assert sheet[f"{LETTERS['version']}3"].value == 2
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    status = validations[f"{LETTERS['status']}3"]
    assert status.type == "list" and status.showErrorMessage and status.formula1.startswith("'Danh mục'!$E$2")
    assert [c.value for c in book["Danh mục"]["E"][1:] if c.value] == [e.name for e in config.statuses]
    assert any("TODAY()" in rule.formula[0] for rules in sheet.conditional_formatting for rule in rules.rules)
    # Text that looks like a formula stays text: a shared or inline string, never <f>.
    assert "<f>" not in _sheet_xml(path, "Theo dõi") and "<f>" in _sheet_xml(path, "Tổng hợp")
    with zipfile.ZipFile(path) as archive:
        assert any("=HYPERLINK" in archive.read(name).decode() for name in archive.namelist())
    assert sheet[f"{LETTERS['note']}3"].data_type == "s" and sheet[f"{LETTERS['note']}3"].quotePrefix
    summary = book["Tổng hợp"]
    assert summary["A4"].value == config.units.name(config.units.codes[0])
    assert summary["B4"].value.startswith(f"=COUNTIF('Theo dõi'!${LETTERS['owner']}:${LETTERS['owner']},")


def test_by_owner_writes_one_workbook_per_unit(config, tracked, workdir):
    db = str(tracked.path)
    assert main(["--db", db, "export", "workbook", "--year", "2024", "--by-owner", "gui-di"]) == 0
    files = sorted(p.name for p in (workdir / "gui-di").iterdir())
    assert "theo-doi-2024-CA.xlsx" in files
    sheet = openpyxl.load_workbook(workdir / "gui-di" / "theo-doi-2024-CA.xlsx")["Theo dõi"]
    ids = [row[0].value for row in sheet.iter_rows(min_row=3)]
    expected = [i.id for i in tracked.items(2024) if i.owner == "CA" or "CA" in i.co_owners]
    assert ids == expected and "CÔNG AN PHƯỜNG" in sheet["A1"].value
    assert main(["--db", db, "export", "workbook", "--year", "2024", "--owner", "KHONG-CO"]) == 1


# The workbook as the openpyxl writer of commit 89c5372 wrote it, from the store that
# `_as_the_reference_was` prepares (see tests/fixtures/README.md).
REFERENCE = FIXTURES / "theo-doi-2024-xuat-openpyxl.xlsx"
# The fields given a column since the reference was written.
ADDED_SINCE = ("expected", "answer_no", "answer_date", "responsible", "recommendation", "reply_body", "reply_no",
               "reply_date", "reply_text", "carried_from", "duplicate_of")


def _config_of_then():
    """The configuration the reference was written with: no status of the result category
    "explained", added since, and the summary's words of then."""
    text = (ROOT / "config.toml").read_text("utf-8")
    start = text.index('[[statuses]]\ncode = "da-giai-trinh"')
    text = text[:start] + text[text.index("[[statuses]]", start + 1):]
    text += '\n[categories]\ndone = "đã giải quyết"\n'
    return parse_config(text, "config.toml", ROOT)


def _as_the_reference_was(store) -> None:
    first = store.items(2024)[0]
    store.update_item(first.id, {"note": '=HYPERLINK("http://x")', "response": "+84 912", "roadmap": "@all",
                                 "reason": "-5 hộ"}, first.version, "cli")


def _rgb(color) -> str | None:
    return color.rgb[-6:] if color is not None and color.type == "rgb" and color.rgb[-6:] != "000000" else None


def _look(sheet, row: int, column: int) -> tuple:
    """A cell's value and type, and the format Excel gives it: its own, or its row's when the
    file leaves the cell out."""
    cell = sheet.cell(row, column)
    style = cell
    if not cell.has_style and row in sheet.row_dimensions and sheet.row_dimensions[row].has_style:
        style = sheet.row_dimensions[row]
    font, fill, border, alignment = style.font, style.fill, style.border, style.alignment
    return (
        cell.value, cell.data_type if cell.value is not None else None, style.number_format,
        (font.name, font.sz, bool(font.b)),
        (fill.fill_type, _rgb(fill.fgColor)) if fill.fill_type else None,
        tuple((side.style, _rgb(side.color)) for side in (border.left, border.right, border.top, border.bottom)),
        (alignment.horizontal, alignment.vertical, bool(alignment.wrap_text)),
        style.protection.locked, bool(style.quotePrefix),
    )


def _columns(sheet) -> dict[int, tuple]:
    """Each column's width and whether it is hidden (one <col> may span several columns)."""
    return {n: (dimension.width, dimension.hidden)
            for dimension in sheet.column_dimensions.values() for n in range(dimension.min, dimension.max + 1)}


def _sheet_setup(sheet) -> dict:
    protection, margins, setup = sheet.protection, sheet.page_margins, sheet.page_setup
    rules = [(str(formats.sqref), rule.type, rule.formula, _rgb(rule.dxf.fill.bgColor) or _rgb(rule.dxf.fill.fgColor))
             for formats in sheet.conditional_formatting for rule in formats.rules]
    validations = sorted((str(v.sqref), v.type, v.operator, v.formula1, bool(v.allow_blank), bool(v.showErrorMessage),
                          v.errorTitle, v.error, bool(v.showDropDown), bool(v.showInputMessage))
                         for v in sheet.data_validations.dataValidation)
    return {
        "state": sheet.sheet_state, "size": (sheet.max_row, sheet.max_column), "columns": _columns(sheet),
        "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref, "titles": sheet.print_title_rows,
        "page": (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight,
                 bool(sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage)),
        "margins": (margins.left, margins.right, margins.top, margins.bottom, margins.header, margins.footer),
        "protection": {name: getattr(protection, name) for name in (
            "sheet", "password", "objects", "scenarios", "formatCells", "formatRows", "formatColumns", "insertColumns",
            "insertRows", "insertHyperlinks", "deleteColumns", "deleteRows", "selectLockedCells",
            "selectUnlockedCells", "sort", "autoFilter", "pivotTables")},
        "rules": rules, "validations": validations,
    }


def _since(look: tuple, wrapped: bool) -> tuple:
    """A cell's look in the reference as the changes since make it: an editable column wrapped,
    and the workbook's default font (a cell's without a format of its own) Times New Roman 12."""
    value, kind, number_format, font, *rest = look
    if font == ("Calibri", 11, False):
        font = ("Times New Roman", 12, False)
    if wrapped:
        horizontal, vertical, _ = rest[2]
        rest[2] = (horizontal, vertical, True)
    return (value, kind, number_format, font, *rest)


def test_the_workbook_is_the_one_written_before_cell_by_cell(config, tracked, tmp_path, monkeypatch):
    """The export is the workbook that openpyxl and the rows spliced into its XML wrote: every
    cell's value, type and format (font, fill, borders, alignment, number format, locked, quote
    prefix), the hidden columns, the validations, the overdue rule, the protection and the page
    setup of every sheet; with the columns of then, in their order of then. But for the changes
    since: every editable column is wrapped (the dates and "Thẩm quyền" were not), so that their
    empty cells can be left out of the file and take the row's format (see `tracking._rows`);
    the default font is the cells' (Times New Roman 12, was Calibri 11), which the columns'
    widths count in; the print setup of the tracking sheet (`test_a_units_workbook_prints_legibly`)
    and of the summary (A4 landscape, one page wide, its names wrapped)."""
    old = openpyxl.load_workbook(REFERENCE)
    order = [cell.value for cell in old["Theo dõi"][2]]
    columns = sorted((c for c in COLUMNS if c.field not in ADDED_SINCE), key=lambda c: order.index(c.header))
    monkeypatch.setattr(tracking, "COLUMNS", tuple(columns))
    _as_the_reference_was(tracked)
    new = openpyxl.load_workbook(_export(_config_of_then(), tracked, tmp_path / "theo-doi.xlsx"))
    assert new.sheetnames == old.sheetnames
    wrapped_since = {n for n, c in enumerate(columns, start=1) if c.editable}
    for name in old.sheetnames:
        before, after = _sheet_setup(old[name]), _sheet_setup(new[name])
        if name == "Tổng hợp":
            assert after.pop("page") == ("landscape", 9, 1, 0, True) and before.pop("page")
        for setup in (before, after):
            setup["columns"] = {n: hidden for n, (_, hidden) in setup["columns"].items() if hidden}
            if name == "Theo dõi":
                del setup["margins"]
        assert after == before, name
        for row in range(1, old[name].max_row + 1):
            for column in range(1, old[name].max_column + 1):
                wrapped = (name == "Theo dõi" and row > 2 and column in wrapped_since
                           or name == "Tổng hợp" and column == 1 and old[name].cell(row, 1).border.left.style)
                expected = _since(_look(old[name], row, column), wrapped)
                assert _look(new[name], row, column) == expected, (name, row, column)


def test_an_unedited_workbook_merges_back_to_nothing(config, tracked, tmp_path):
    """Control characters (a soft line break pasted from Word, a bell, NUL), Excel's own escape
    spelled out ("_x0041_"), text that XlsxWriter would take for rich-text XML, noncharacters and
    text that looks like a formula come back as they went, and merging changes nothing."""
    items = tracked.items(2024)
    odd = {
        (items[0].id, "content"): "<r><t>chèn XML</t></r>",
        (items[0].id, "response"): "Word\x0bxuống dòng mềm; chuông\x07; NUL\x00.",
        (items[1].id, "roadmap"): "_x0041_ không phải A; <b>thẻ</b> & {{ x }}",
        (items[1].id, "note"): "<r>",
        (items[2].id, "note"): "=SUM(A1:A9)",
        (items[2].id, "response"): "+84 912 345 678",
        (items[2].id, "roadmap"): "-5 hộ",
        (items[2].id, "reason"): "@all",
        (items[3].id, "reason"): "'trích dẫn",
        (items[4].id, "note"): "hai kí tự không phải chữ: \ufffe\uffff.",
    }
    for item in items[:5]:
        tracked.update_item(item.id, {field: text for (item_id, field), text in odd.items() if item_id == item.id},
                            item.version, "cli")
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    rows = {row.raw("id"): row for row in read_workbook(path, config)}
    for (item_id, field), text in odd.items():
        assert rows[item_id].raw(field) == clean_cell(text), (item_id, field)
    plan = _merge(config, tracked, path)
    assert (plan.changes, plan.conflicts, plan.invalid, plan.new_rows) == ([], [], [], [])
    assert "<f>" not in _sheet_xml(path, "Theo dõi")
    sheet = openpyxl.load_workbook(path)["Theo dõi"]
    for (item_id, field), text in odd.items():
        cell = sheet[f"{LETTERS[field]}{2 + [i.id for i in items].index(item_id) + 1}"]
        assert cell.data_type == "s" and cell.quotePrefix == text.startswith(("=", "+", "-", "@")), (item_id, field)


# --- merge ----------------------------------------------------------------------------------------


def test_edits_only_in_the_workbook_are_applied_once(config, tracked, tmp_path):
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    _edit(path, {(1, "status"): "Đã giải quyết xong", (1, "response"): "Đã nạo vét xong.",
                 (2, "deadline"): date(2025, 3, 31), (3, "owner"): "Công an phường",
                 (3, "co_owners"): "Phòng VH-XH; MTTQ phường"})
    items = tracked.items(2024)
    plan = _merge(config, tracked, path)
    assert sorted((c.item_id, c.field) for c in plan.changes) == sorted([
        (items[0].id, "status"), (items[0].id, "response"), (items[1].id, "deadline"),
        (items[2].id, "owner"), (items[2].id, "co_owners")])
    assert not plan.conflicts and not plan.invalid
    tracked.merge(plan.edits(), [], 2024, path.name)
    after = tracked.items_by_id([i.id for i in items[:3]])
    assert after[0].status == "da-giai-quyet" and after[0].response == "Đã nạo vét xong."
    assert after[1].deadline == date(2025, 3, 31)
    assert after[2].owner == "CA" and after[2].co_owners == ["VH-XH", "MTTQ"]
    untouched = {i.id: i for i in tracked.items(2024)[3:]}
    assert untouched == {i.id: i for i in items[3:]}  # nothing else changed
    log = tracked.history(items[0].id)
    assert {c.source for c in log[-2:]} == {"merge"} and log[-1].detail == "theo-doi.xlsx"
    again = _merge(config, tracked, path)
    assert not again.changes and not again.conflicts  # merging the same file twice changes nothing


# The answer as offices record it (schema 7): what staff type in its columns, and what is stored.
ANSWER = {
    "answer_no": ("125/UBND-KTHTĐT", "125/UBND-KTHTĐT"),
    "answer_date": (date(2024, 11, 5), date(2024, 11, 5)),
    "responsible": ("Đ/c Trần Văn B, Phó Chủ tịch UBND phường", "Đ/c Trần Văn B, Phó Chủ tịch UBND phường"),
    "recommendation": ("Đề nghị Thành phố bố trí vốn năm 2025", "Đề nghị Thành phố bố trí vốn năm 2025"),
    "reply_body": ("Sở Xây dựng", "SO-XD"),
    "reply_no": ("4567/SXD-QLGT", "4567/SXD-QLGT"),
    "reply_date": ("20/12/2024", date(2024, 12, 20)),
    "reply_text": ("Sở đã đưa tuyến đường vào kế hoạch duy tu <năm 2025> & giao chủ đầu tư thực hiện.",
                   "Sở đã đưa tuyến đường vào kế hoạch duy tu <năm 2025> & giao chủ đầu tư thực hiện."),
}


def test_the_answer_goes_out_and_merges_back(config, tracked, tmp_path):
    """Each field of the answer has its column, headed by its title; what staff type in it
    (text, a date cell or typed, a body by its name) comes back as a change, then nothing."""
    assert set(ANSWER) <= {column.field for column in COLUMNS}
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    header = [c.value for c in openpyxl.load_workbook(path)["Theo dõi"][2]]
    assert all(FIELD[name].title in header for name in ANSWER)
    _edit(path, {(1, name): typed for name, (typed, _) in ANSWER.items()})
    item = tracked.items(2024)[0]
    plan = _merge(config, tracked, path)
    assert not plan.invalid and sorted(c.field for c in plan.changes) == sorted(ANSWER)
    tracked.merge(plan.edits(), [], 2024, path.name)
    after = tracked.item(item.id)
    assert {name: getattr(after, name) for name in ANSWER} == {name: stored for name, (_, stored) in ANSWER.items()}
    again = _export(config, tracked, tmp_path / "lai.xlsx")
    assert not _merge(config, tracked, again).changes


def test_both_changed_is_a_conflict_and_is_not_applied(config, tracked, tmp_path):
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    item = tracked.items(2024)[0]
    tracked.update_item(item.id, {"status": "khong-thuc-hien-duoc", "note": "cán bộ sửa"}, item.version, "tui")
    _edit(path, {(1, "status"): "Đã giải quyết xong", (1, "roadmap"): "Quý I/2025", (1, "note"): "cán bộ sửa"})
    plan = _merge(config, tracked, path)
    [conflict] = plan.conflicts
    assert (conflict.item_id, conflict.field, conflict.workbook, conflict.store, conflict.exported) == \
        (item.id, "status", "da-giai-quyet", "khong-thuc-hien-duoc", item.status)
    assert [(c.field, c.workbook) for c in plan.changes] == [("roadmap", "Quý I/2025")]
    tracked.merge(plan.edits(), [], 2024, path.name)
    now = tracked.item(item.id)
    assert now.status == "khong-thuc-hien-duoc" and now.roadmap == "Quý I/2025"


def test_invalid_cells_refuse_the_whole_merge(config, tracked, tmp_path, capsys):
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    _edit(path, {(1, "status"): "Xong rồi nhé", (2, "deadline"): "cuối năm", (3, "owner"): "Phòng Tài chính",
                 (4, "note"): "hợp lệ"})
    before = tracked.items(2024)
    assert main(["--db", str(tracked.path), "merge", str(path)]) == 1
    captured = capsys.readouterr()
    out, err = " ".join(captured.out.split()), " ".join(captured.err.split())
    for column, row in ((LETTERS["status"], 3), (LETTERS["deadline"], 4), (LETTERS["owner"], 5)):
        assert f"trang “Theo dõi”, dòng {row}, cột {column}" in err
    assert "không hợp lệ 3" in out and tracked.items(2024) == before
    assert main(["--db", str(tracked.path), "merge", str(path), "--skip-invalid"]) == 0
    assert tracked.item(before[3].id).note == "hợp lệ" and tracked.item(before[0].id).status == before[0].status


def test_a_row_of_an_item_hidden_since_the_export_is_reported_not_merged(config, tracked, tmp_path, capsys):
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    _edit(path, {(1, "response"): "Đã xử lý xong.", (2, "response"): "Đã trả lời."})
    first, second = tracked.items(2024)[:2]
    tracked.delete_items({first.id: first.version}, "cli")
    plan = _merge(config, tracked, path)
    assert [(row, item.id) for row, item in plan.hidden] == [(3, first.id)]
    assert [(c.item_id, c.field) for c in plan.changes] == [(second.id, "response")] and not plan.invalid
    assert "1 dòng của ý kiến đã ẩn (không gộp)" in plan.summary()
    assert main(["--db", str(tracked.path), "merge", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"Không gộp dòng 3: {first.id} đã bị {tracked.user} ẩn (xóa)" in out
    assert tracked.item(first.id).response == first.response and tracked.item(second.id).response == "Đã trả lời."
    again = _export(config, tracked, tmp_path / "theo-doi-2.xlsx")
    ids = [row[0].value for row in openpyxl.load_workbook(again)["Theo dõi"].iter_rows(min_row=3)]
    assert first.id not in ids and len(ids) == len(tracked.items(2024)) == 159


def test_rows_without_an_id_need_accept_new(config, tracked, tmp_path, capsys):
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    count = len(tracked.items(2024))
    book = openpyxl.load_workbook(path)
    sheet = book["Theo dõi"]
    new_row = sheet.max_row + 1
    sheet[f"{LETTERS['content']}{new_row}"] = "Đề nghị lắp thêm đèn đường ngõ 9"
    sheet[f"{LETTERS['owner']}{new_row}"] = "Phòng KT-HT-ĐT"
    sheet.delete_rows(3)  # a deleted row deletes nothing
    book.save(path)
    db = str(tracked.path)
    assert main(["--db", db, "merge", str(path)]) == 0
    assert "--accept-new" in capsys.readouterr().out.replace("\n", "") and len(tracked.items(2024)) == count
    assert main(["--db", db, "merge", str(path), "--accept-new"]) == 0
    added = tracked.items(2024)[-1]
    assert len(tracked.items(2024)) == count + 1
    assert (added.content, added.owner, added.source) == ("Đề nghị lắp thêm đèn đường ngõ 9", "KT-HT-DT", "hoi-nghi")
    capsys.readouterr()
    assert main(["--db", db, "merge", str(path), "--accept-new"]) == 0  # the same workbook again
    assert len(tracked.items(2024)) == count + 1
    assert f"lần gộp trước đã thêm nó thành {added.id}" in capsys.readouterr().out.replace("\n", "")


def test_a_workbook_that_is_not_ours_is_refused(config, tracked, workdir, capsys):
    assert main(["--db", str(tracked.path), "merge", str(fixture_path("mttq-2025.xlsx"))]) == 1
    assert "không phải sổ theo dõi" in capsys.readouterr().err


def test_values_at_rebuilds_the_exported_values(config, tracked):
    item = tracked.items(2024)[0]
    tracked.update_item(item.id, {"status": "khong-thuc-hien-duoc", "co_owners": ["CA", "QS"]}, item.version, "cli")
    tracked.update_item(item.id, {"status": "dang-giai-quyet", "deadline": date(2026, 1, 2)}, item.version + 1, "cli")
    assert tracked.values_at({item.id: item.version}) == {
        item.id: {"status": item.status, "co_owners": item.co_owners, "deadline": item.deadline}}
    assert tracked.values_at({item.id: item.version + 2}) == {}


# --- with LibreOffice as the staff's office suite ---------------------------------------------------


def _office(workbook: Path, plan: dict, tmp_path: Path) -> dict:
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), "utf-8")
    done = subprocess.run([SYSTEM_PYTHON, str(HERE / "office_edit.py"), str(workbook), str(plan_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@NEEDS_OFFICE
def test_round_trip_through_libreoffice_as_xlsx_and_xls(config, tracked, tmp_path):
    # Odd text in rows nobody edits: it must come back as it went (but where ODF cannot hold it).
    odd = {"note": "=SUM(A1:A9)", "roadmap": "<r><t>x</t></r>", "reason": "Word\x0bxuống dòng mềm, chuông\x07"}
    quiet = tracked.items(2024)[10]
    tracked.update_item(quiet.id, odd, quiet.version, "cli")
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    items = tracked.items(2024)
    row_of = {item.id: n for n, item in enumerate(items, start=3)}
    empty_editable = next(i for i in items if not i.roadmap)  # left out of the file: its row's format
    empty_locked = next(i for i in items if not i.submitter)  # written, locked
    undated = [i for i in items[5:] if not i.deadline][:2]  # left out too, as any empty editable cell
    probe = {"empty editable": f"{LETTERS['roadmap']}{row_of[empty_editable.id]}",
             "empty date": f"{LETTERS['deadline']}{row_of[undated[0].id]}",
             "empty locked": f"{LETTERS['submitter']}{row_of[empty_locked.id]}",
             "below the table": f"{LETTERS['roadmap']}{len(items) + 3}", "beside the title": "B1"}
    done_before = sum(config.statuses.get(i.status).group == "done" for i in items if i.owner == "CA")
    target = next(i for i in items if i.owner == "CA" and config.statuses.get(i.status).group != "done")
    edits = [
        {"id": target.id, "header": HEADERS["status"], "text": "Đã giải quyết xong"},
        {"id": items[1].id, "header": HEADERS["deadline"], "date": "2025-12-28"},
        {"id": items[2].id, "header": HEADERS["response"], "text": "=Đã trả lời & xong <b> {{ x }}"},
        {"id": items[3].id, "header": HEADERS["roadmap"], "text": "Quý II/2025\nhoàn thành"},
        {"id": items[4].id, "header": HEADERS["co_owners"], "text": "Công an phường; BCH Quân sự"},
        # Typed into empty date cells: a date LibreOffice reads as one in any locale, and one it
        # keeps as text unless its locale writes the day first (the merge reads that text).
        {"id": undated[0].id, "header": HEADERS["deadline"], "typed": "2025-12-28"},
        {"id": undated[1].id, "header": HEADERS["deadline"], "typed": "28/12/2025"},
    ]
    report = _office(path, {
        "sheet": "Theo dõi", "header_row": 2, "insert_column_before": 3, "hide_column": "Ghi chú",
        "probe": list(probe.values()), "edits": edits,
        "save": [[str(tmp_path / "lo.xlsx"), "Calc MS Excel 2007 XML"], [str(tmp_path / "lo.xls"), "MS Excel 97"],
                 [str(tmp_path / "lo.ods"), "calc8"]],
    }, tmp_path)
    # The drop-downs work in LibreOffice: a list from the hidden sheet, with an error on bad values.
    assert report["validations"]["Tình trạng"]["type"] == "LIST"
    assert report["validations"]["Tình trạng"]["show_error"]
    assert "Danh mục" in report["validations"]["Đơn vị chủ trì"]["formula"]
    # The summary's formulas, computed by LibreOffice, follow the edits; they are computed when
    # the file opens too (a cached result in the file would be shown as it is: XlsxWriter's 0).
    ca = next(row for row in report["summary"] if row[0] == "Công an phường")
    assert int(ca[1]) == sum(i.owner == "CA" for i in items) and int(ca[2]) == done_before + 1
    ca = next(row for row in report["loaded"]["summary"] if row[0] == "Công an phường")
    assert int(ca[1]) == sum(i.owner == "CA" for i in items) and int(ca[2]) == done_before
    # Every cell looks and is protected as before, empty ones too, in LibreOffice.
    cells = {name: report["loaded"]["cells"][ref] for name, ref in probe.items()}
    data = {"border": True, "wrap": True, "font": "Times New Roman", "size": 12.0, "string": ""}
    assert cells["empty editable"] == cells["empty date"] == {**data, "locked": False}
    assert cells["empty locked"] == {**data, "locked": True}
    for outside in ("below the table", "beside the title"):  # the default format
        assert not cells[outside]["border"] and cells[outside]["locked"] and not cells[outside]["wrap"]
    expected = {
        (target.id, "status"): "da-giai-quyet", (items[1].id, "deadline"): date(2025, 12, 28),
        (items[2].id, "response"): "=Đã trả lời & xong <b> {{ x }}",
        (items[3].id, "roadmap"): "Quý II/2025\nhoàn thành", (items[4].id, "co_owners"): ["CA", "QS"],
        (undated[0].id, "deadline"): date(2025, 12, 28), (undated[1].id, "deadline"): date(2025, 12, 28),
    }
    # ODF is XML 1.0, which has no control characters: LibreOffice drops them from the .ods.
    dropped = {(quiet.id, "reason"): "Wordxuống dòng mềm, chuông"}
    for saved in ("lo.xlsx", "lo.xls", "lo.ods"):
        copy = tmp_path / f"store-{saved}.db"
        with sqlite3.connect(tracked.path) as source, sqlite3.connect(copy) as target_db:
            source.backup(target_db)  # a copy with what the WAL holds
        with Store.open(copy) as store:
            plan = _merge(config, store, tmp_path / saved)
            wanted = {**expected, **dropped} if saved == "lo.ods" else expected
            assert {(c.item_id, c.field): c.workbook for c in plan.changes} == wanted, saved
            assert not plan.conflicts and not plan.invalid and not plan.new_rows, saved
            store.merge(plan.edits(), [], 2024, saved)
            changed = [i for i, before in zip(store.items(2024), items) if i != before]
            assert {i.id for i in changed} == {item_id for item_id, _ in wanted}, saved
            assert not _merge(config, store, tmp_path / saved).changes, saved


def test_roadmap_and_reason_are_fields_like_the_others(config, tracked, capsys):
    item = tracked.items(2024)[0]
    assert main(["--db", str(tracked.path), "set", item.id, "--roadmap", "Quý I/2025", "--reason", ""]) == 0
    assert tracked.item(item.id).roadmap == "Quý I/2025"
    assert main(["--db", str(tracked.path), "show", item.id]) == 0
    assert "Lộ trình" in capsys.readouterr().out


def test_a_deadline_typed_without_a_year_is_one_of_the_items_conference(config, tracked, tmp_path, capsys):
    """Typed as text in the workbook ("20/11"), not as a date cell: 2024's items get 2024's dates,
    whatever year the workbook is merged in; after a December conference, January is the next year."""
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    _edit(path, {(1, "deadline"): "20/11", (2, "deadline"): "15/01"})
    items = tracked.items(2024)
    deadlines = {c.item_id: c.workbook for c in _merge(config, tracked, path).changes if c.field == "deadline"}
    assert deadlines == {items[0].id: date(2024, 11, 20), items[1].id: date(2024, 1, 15)}
    tracked.save_conference(Conference(2024, date=date(2024, 12, 10)), "cli")
    deadlines = {c.item_id: c.workbook for c in _merge(config, tracked, path).changes if c.field == "deadline"}
    assert deadlines == {items[0].id: date(2025, 11, 20), items[1].id: date(2025, 1, 15)}
    assert main(["--db", str(tracked.path), "merge", str(path)]) == 0
    assert tracked.item(items[1].id).deadline == date(2025, 1, 15)
    assert "15/01/2025" in capsys.readouterr().out  # the report says the date as it was read


# --- printed, by LibreOffice ------------------------------------------------------------------------

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_ID_WORD = re.compile(r"KN-\d{4}-\d{3,}")


def _printed_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (points, from the top left), as poppler reads them."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(float(a), float(b), float(c), float(d), html.unescape(text)) for a, b, c, d, text in _WORD.findall(page)]
            for page in out.split("<page ")[1:]]


def _letters(text: str) -> Counter:
    """The letters and digits of a text, accents off (a PDF's words may split at a diacritic)."""
    return Counter(fold(text).replace(" ", ""))


def _at_full_size(path: Path, tmp_path: Path) -> Path:
    """A copy of the workbook printed at 100 %, to measure the print's scale against."""
    book = openpyxl.load_workbook(path)
    sheet = book["Theo dõi"]
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    sheet.page_setup.scale = 100
    book.save(tmp_path / "full-size.xlsx")
    return convert(tmp_path / "full-size.xlsx", "pdf", tmp_path / "full-size.pdf")


def _shown(config, item, column) -> str:
    value = tracking.cell_value(config, item, column.field)
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


@NEEDS_OFFICE
def test_a_units_workbook_prints_legibly(config, tracked, tmp_path):
    """A unit's workbook printed by LibreOffice: A4 landscape, the printed columns one page wide at
    70 % or more, the header on every page, every item's row whole (its cells' every letter within
    the row, in the order of the items), no text over other text. With answers of every length,
    line breaks among them (a generator: the row heights are counted, not measured)."""
    rng = random.Random(165)
    words = " ".join(item.content for item in tracked.items(2024)).split()
    mine = [i for i in tracked.items(2024) if i.owner == "CA" or "CA" in i.co_owners]
    for item in mine:
        lines = [" ".join(rng.choices(words, k=rng.choice((0, 1, 3, 8, 20, 45)))) for _ in range(rng.randint(1, 3))]
        note = " ".join(rng.choices(words, k=rng.choice((0, 0, 2, 9))))
        tracked.update_item(item.id, {"response": "\n".join(lines).strip(), "note": note}, item.version, "cli")
    mine = tracked.items_by_id([i.id for i in mine])
    mine.sort(key=lambda i: i.seq)
    [(path, count)] = tracking.export_workbooks(config, tracked.items(2024), 2024, tmp_path / "ca.xlsx", owner="CA")
    assert count == len(mine) > 10
    pdf = convert(path, "pdf", tmp_path / "ca.pdf")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+(.*)", info)
    assert sizes and all(re.fullmatch(r"841\.\d+ x 595\.\d+ pts \(A4\)", size) for size in sizes), sizes  # landscape
    printed = [c for c in COLUMNS if c.printed]
    pages = _printed_words(pdf)
    summary = next(n for n, page in enumerate(pages) if "tonghopketqua" in fold("".join(w[4] for w in page)))
    rows: list[tuple[str, Counter]] = []
    for page in pages[:summary]:  # the tracking sheet's: no page of columns cut off the others
        ids = sorted((w for w in page if _ID_WORD.fullmatch(w[4])), key=lambda w: w[1])
        assert ids, "a page without items"
        header = sum((_letters(w[4]) for w in page if w[1] < ids[0][1] - 1), Counter())
        assert not sum((_letters(c.header) for c in printed), Counter()) - header, "the header on every page"
        cores = [(x0, y0 + 0.3 * (y1 - y0), x1, y1 - 0.3 * (y1 - y0), text) for x0, y0, x1, y1, text in page]
        for n, first in enumerate(cores):  # no word over another (a box's middle: lines' boxes touch)
            for second in cores[n + 1:]:
                assert min(first[2], second[2]) - max(first[0], second[0]) < 0.5 or \
                    min(first[3], second[3]) - max(first[1], second[1]) < 0.5, (first, second)
        footer = max(w[1] for w in page)  # "Trang n/m", below every row
        for n, word in enumerate(ids):
            bottom = ids[n + 1][1] if n + 1 < len(ids) else footer
            rows.append((word[4], sum((_letters(w[4]) for w in page if word[1] - 1 <= w[1] < bottom - 1), Counter())))
    assert [item_id for item_id, _ in rows] == [i.id for i in mine]
    # The summary, one page wide: every unit's whole name.
    summary_letters = sum((_letters(w[4]) for page in pages[summary:] for w in page), Counter())
    assert not sum((_letters(entry.name) for entry in config.units), Counter()) - summary_letters
    for item, (_, letters) in zip(mine, rows):
        wanted = sum((_letters(_shown(config, item, c)) for c in printed), Counter())
        assert not wanted - letters, (item.id, wanted - letters)
    # The scale: the IDs' height against theirs printed at 100 %.
    def height(pdf_path: Path) -> float:
        return statistics.median(w[3] - w[1] for w in _printed_words(pdf_path)[0] if _ID_WORD.fullmatch(w[4]))
    assert height(pdf) / height(_at_full_size(path, tmp_path)) >= 0.7


def test_items_linked_as_one_concern_say_so_and_staff_link_them_in_the_workbook(config, tracked, tmp_path, capsys):
    """The workbook's "Trùng với" column gives the item each row repeats (one concern); what staff
    type in it (any case, spaces around) links the row, or, cleared, unlinks it, and an ID that is
    no item, a round of links or two rows linking to each other refuse the merge, naming the cell."""
    first, second, third, fourth = tracked.items(2024)[:4]
    tracked.update_item(second.id, {"duplicate_of": first.id}, second.version, "tui")
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    sheet = openpyxl.load_workbook(path)["Theo dõi"]
    header = [c.value for c in sheet[2]]
    column = header.index(FIELD["duplicate_of"].title)
    assert [row[column].value for row in sheet.iter_rows(min_row=3, max_row=5)] == [None, first.id, None]
    _edit(path, {(3, "duplicate_of"): f"  {first.id.lower()} ", (2, "duplicate_of"): ""})
    plan = _merge(config, tracked, path)
    assert sorted((c.item_id, c.field) for c in plan.changes) == [(second.id, "duplicate_of"), (third.id, "duplicate_of")]
    tracked.merge(plan.edits(), [], 2024, path.name)
    assert (tracked.item(second.id).duplicate_of, tracked.item(third.id).duplicate_of) == (None, first.id)
    again = _export(config, tracked, tmp_path / "lai.xlsx")
    fifth, sixth = tracked.items(2024)[4:6]
    _edit(again, {(4, "duplicate_of"): "KN-2024-999", (1, "duplicate_of"): third.id,  # 3 repeats 1: a round
                  (5, "duplicate_of"): sixth.id, (6, "duplicate_of"): fifth.id})  # two rows linked to each other
    before = tracked.items(2024)
    assert main(["--db", str(tracked.path), "merge", str(again)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"dòng 6, cột {LETTERS['duplicate_of']}" in err and "KN-2024-999" in err
    assert f"dòng 3, cột {LETTERS['duplicate_of']}" in err and f"dẫn vòng lại ý kiến này ({third.id} → {first.id})" in err
    assert f"dòng 8, cột {LETTERS['duplicate_of']}" in err and f"({fifth.id} → {sixth.id})" in err
    assert tracked.items(2024) == before
