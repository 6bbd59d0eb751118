"""A formula saved without its value (as openpyxl and some tools save them) reads as an empty cell:
the merge reports it as invalid, naming sheet, row and column, and never clears the field."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import openpyxl
import pytest

from kiennghi.cli import main
from kiennghi.errors import InputError
from kiennghi.io.importer import plan_import
from kiennghi.io.sheets import uncomputed_formulas
from kiennghi.io.tracking import COLUMNS, export_workbook, read_workbook
from kiennghi.merge import UNCOMPUTED, plan_merge
from tests.conftest import fixture_path

LETTERS = {c.field: openpyxl.utils.get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}


@pytest.fixture
def tracked(config, store):
    store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
    return store


def _export(config, store, path: Path) -> Path:
    return export_workbook(config, store.items(2024), 2024, path)


def _rewrite_sheet(path: Path, change) -> None:
    """Rewrite the tracking sheet's XML (the workbook's first sheet) with `change(xml) -> xml`."""
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            archive.writestr(info, data)


def test_openpyxl_formulas_are_invalid_and_clear_nothing(config, tracked, tmp_path, capsys):
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    first, second = tracked.items(2024)[:2]
    assert first.response
    book = openpyxl.load_workbook(path)  # writes <f>A3</f><v></v>: no value computed
    sheet = book["Theo dõi"]
    sheet[f"{LETTERS['response']}3"] = "=A3"
    sheet[f"{LETTERS['note']}4"] = "đã kiểm tra"
    book.save(path)
    rows = read_workbook(path, config)
    assert rows[0].uncomputed == {"response"} and rows[0].raw("response") == "" and not rows[1].uncomputed
    assert main(["--db", str(tracked.path), "merge", str(path)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"trang “Theo dõi”, dòng 3, cột {LETTERS['response']}: {UNCOMPUTED}" in err
    assert main(["--db", str(tracked.path), "merge", str(path), "--skip-invalid"]) == 0
    assert tracked.item(first.id).response == first.response and tracked.item(second.id).note == "đã kiểm tra"


def test_xlsx_formulas_with_and_without_values(config, tracked, tmp_path):
    path = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    response, note, roadmap = (LETTERS[f] for f in ("response", "note", "roadmap"))

    def formulas(xml: str) -> str:
        for ref, cell in ((f"{response}3", f'<c r="{response}3"><f>B3&amp;"x"</f></c>'),  # no <v>
                          (f"{response}4", f'<c r="{response}4" t="str"><f>"Đã xong"</f><v>Đã xong</v></c>'),
                          (f"{note}5", f'<c r="{note}5" t="str"><f>""</f><v></v></c>'),  # computed: ""
                          (f"{roadmap}6", f'<c r="{roadmap}6"><f t="shared" si="0"/></c>'),
                          ("A7", '<c r="A7"><f>"KN-2024-006"</f></c>')):
            xml, count = re.subn(rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)', cell, xml, count=1)
            if not count:  # an empty cell XlsxWriter did not write: at the end of its row
                xml, count = re.subn(rf'(<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"[^>]*>.*?)</row>',
                                     lambda found: found.group(1) + cell + "</row>", xml, count=1)
            assert count == 1, ref
        return xml

    _rewrite_sheet(path, formulas)
    assert uncomputed_formulas(path, "Theo dõi", range(len(COLUMNS))) == {
        (2, COLUMNS.index(next(c for c in COLUMNS if c.field == "response"))),
        (5, COLUMNS.index(next(c for c in COLUMNS if c.field == "roadmap"))), (6, 0)}
    assert (3, 1) in uncomputed_formulas(path, "Tổng hợp", range(3))  # kiennghi writes its summary so
    plan = plan_merge(config, path.name, read_workbook(path, config), tracked)
    assert [(i.row, i.column, i.message) for i in plan.invalid] == [
        (3, response, UNCOMPUTED), (6, roadmap, UNCOMPUTED), (7, "A", UNCOMPUTED)]
    items = tracked.items(2024)
    assert {(c.item_id, c.field, c.workbook) for c in plan.changes} == {
        (items[1].id, "response", "Đã xong"), *({(items[2].id, "note", "")} if items[2].note else set())}
    assert not plan.new_rows  # the row whose ID is a formula without value is not a new item


def _ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal .ods of one sheet "Theo dõi"; each cell is given as its XML attributes and content."""
    body = "".join("<table:table-row>" + "".join(rows_cell for rows_cell in row) + "</table:table-row>"
                   for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Theo dõi">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def _text(value: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def _number(value: int) -> str:
    return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'


def _formula(formula: str, cached: str = "", repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if cached:
        return (f'<table:table-cell table:formula={quoteattr(formula)} office:value-type="string" '
                f'office:string-value={quoteattr(cached)}{repeated}><text:p>{escape(cached)}</text:p></table:table-cell>')
    return f"<table:table-cell table:formula={quoteattr(formula)}{repeated}/>"


def test_ods_formulas_without_values_are_invalid(config, tracked, tmp_path, capsys):
    items = tracked.items(2024)[:3]
    header = [_text(h) for h in ("Mã ý kiến", "Nội dung ý kiến, kiến nghị", "Kết quả giải quyết", "Ghi chú",
                                 "Phiên bản (không sửa)")]
    rows = [header,
            [_text(items[0].id), _text(items[0].content), _formula("of:=[.A2]"), _text(items[0].note),
             _number(items[0].version)],
            [_text(items[1].id), _text(items[1].content), _formula("of:=\"Đã xong\"", cached="Đã xong"),
             _text(items[1].note), _number(items[1].version)],
            [_text(items[2].id), _text(items[2].content), _formula("of:=1", repeat=2), _number(items[2].version)]]
    path = _ods(tmp_path / "theo-doi.ods", rows)
    assert uncomputed_formulas(path, "Theo dõi", range(5)) == {(1, 2), (3, 2), (3, 3)}
    plan = plan_merge(config, path.name, read_workbook(path, config), tracked)
    assert sorted((i.row, i.column) for i in plan.invalid) == [(2, "C"), (4, "C"), (4, "D")]
    assert all(i.message == UNCOMPUTED for i in plan.invalid)
    assert [(c.item_id, c.field, c.workbook) for c in plan.changes] == (
        [] if items[1].response == "Đã xong" else [(items[1].id, "response", "Đã xong")])
    assert main(["--db", str(tracked.path), "merge", str(path), "--skip-invalid"]) == 0
    assert [tracked.item(i.id).response for i in (items[0], items[2])] == [items[0].response, items[2].response]
    assert [tracked.item(i.id).note for i in (items[0], items[2])] == [items[0].note, items[2].note]


def test_damaged_workbooks_with_formulas_are_refused_never_a_crash(config, tracked, tmp_path):
    """Mutants of a tracking workbook holding formulas without values (.xlsx and .ods), read as
    a merge reads them: rows, or a Vietnamese refusal naming the file."""
    from tests.mutants import mutants

    items = tracked.items(2024)[:2]
    xlsx = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    book = openpyxl.load_workbook(xlsx)
    book["Theo dõi"][f"{LETTERS['response']}3"] = "=A3"
    book.save(xlsx)
    ods = _ods(tmp_path / "theo-doi.ods", [
        [_text(h) for h in ("Mã ý kiến", "Nội dung ý kiến, kiến nghị", "Kết quả giải quyết", "Phiên bản (không sửa)")],
        *([_text(i.id), _text(i.content), _formula("of:=1", repeat=3), _number(i.version)] for i in items)])
    outcomes = {"read": 0, "refused": 0}
    for mutant in mutants(120, 17, [xlsx, ods]):
        path = tmp_path / mutant.name
        path.write_bytes(mutant.data)
        try:
            plan_merge(config, path.name, read_workbook(path, config), tracked)
            outcomes["read"] += 1
        except InputError as error:
            assert path.name in str(error), mutant.how
            outcomes["refused"] += 1
        path.unlink()
    assert outcomes["read"] and outcomes["refused"]


def test_trailing_rows_of_formulas_alone_are_found_past_the_rows_read(config, tracked, tmp_path):
    """calamine ends a sheet at its last cell with a value: rows after it made only of formulas
    without values were not looked at, and their items lost without a word (import), or their
    edits (merge). In .xlsx and .ods, one such row or several."""
    for extra in (1, 3):
        sheet_rows = [["STT", "Nội dung ý kiến", "Tổ dân phố"]] + [
            [str(n), f"Đề nghị sửa đường ngõ {n}", f"TDP {n}"] for n in range(1, 6)]
        formulas = [["=ROW()-1", f'="Đề nghị nạo vét cống ngõ {n}"', f'="TDP {n}"'] for n in range(6, 6 + extra)]
        workbook = openpyxl.Workbook()
        for row in sheet_rows + formulas:
            workbook.active.append(row)
        xlsx_path = tmp_path / f"mttq-2025-{extra}.xlsx"
        workbook.save(xlsx_path)
        ods_rows = [[_text(cell) for cell in row] for row in sheet_rows] + [
            [_formula("of:" + cell) for cell in row] for row in formulas]
        ods_path = _ods(tmp_path / f"mttq-2025-{extra}.ods", ods_rows)
        for path in (xlsx_path, ods_path):
            with pytest.raises(InputError) as refused:
                plan_import(path, config, year=2025)
            message = str(refused.value)
            assert f"có {3 * extra} ô không hợp lệ" in message and f"ô A7: {UNCOMPUTED}" in message, path.name
            assert f"ô C{6 + extra}: {UNCOMPUTED}" in message, path.name

    exported = _export(config, tracked, tmp_path / "theo-doi.xlsx")
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Theo dõi"]
    last = sheet.max_row
    sheet[f"{LETTERS['response']}{last + 1}"] = '="Đã xong"'
    workbook.save(exported)
    rows = read_workbook(exported, config)
    assert rows[-1].number == last + 1 and rows[-1].uncomputed == {"response"}
