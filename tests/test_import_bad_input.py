"""Bad and hostile files end with a clear Vietnamese message and nothing written."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest
from kiennghi.io.importer import plan_import

from kiennghi.errors import InputError, StoreError
from kiennghi.merge import UNCOMPUTED
from kiennghi.store import Store
from tests.conftest import FOREIGN, fixture_path


def refused(path: Path, config) -> str:
    with pytest.raises(InputError) as caught:
        plan_import(path, config)
    return str(caught.value)


def test_missing_file(config, tmp_path):
    assert "Không tìm thấy tệp" in refused(tmp_path / "khong-co.xlsx", config)


def test_empty_file(config, tmp_path):
    (tmp_path / "rong.xlsx").write_bytes(b"")
    assert "rỗng" in refused(tmp_path / "rong.xlsx", config)


def test_not_a_spreadsheet(config, tmp_path):
    path = tmp_path / "anh.xlsx"
    path.write_bytes(bytes(range(256)) * 20)
    message = refused(path, config)
    assert "anh.xlsx" in message and "không phải là bảng tính" in message


def test_word_document_named_xlsx(config, tmp_path):
    path = tmp_path / "van-ban.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "văn bản Word" in refused(path, config)


def test_truncated_workbook(config, tmp_path):
    data = fixture_path("mttq-2025.xlsx").read_bytes()
    path = tmp_path / "hong.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "bị hỏng" in refused(path, config)


def test_no_header_names_what_was_looked_for_and_the_closest_row(config, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append(["Danh sách hộ"])
    sheet.append(["Mã hộ", "Chủ hộ", "Số nhân khẩu"])
    sheet.append(["H01", "Nguyễn Văn A", 4])
    path = tmp_path / "ho-dan.xlsx"
    workbook.save(path)
    message = refused(path, config)
    assert "trang “Số liệu”" in message
    assert "Dòng giống tiêu đề nhất là dòng 2" in message and "“Chủ hộ”" in message
    assert "cột nội dung" in message


def test_huge_cell_area_is_refused_before_reading(config, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "STT"
    sheet["B1"] = "Nội dung"
    sheet["XFD1048576"] = "x"
    path = tmp_path / "bom.xlsx"
    workbook.save(path)
    assert "quá lớn" in refused(path, config)


def test_zip_bomb_is_refused(config, tmp_path):
    path = tmp_path / "bom-nen.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(1100):
                member.write(block)
    assert "quá lớn" in refused(path, config)


def test_cells_that_cannot_be_mapped_refuse_the_whole_file(config, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nội dung", "Thẩm quyền", "Đơn vị chủ trì", "Hạn giải quyết", "Tình trạng"])
    sheet.append([1, "Sửa đường", "Thuộc thẩm quyền phường", "Phòng Kinh tế, Hạ tầng và Đô thị", "31/12/2024", "Đã giải quyết xong"])
    sheet.append([2, "Lắp đèn", "Thuộc thẩm quyền phường", "Phòng Không Tồn Tại", "31/02/2024", "Đã giải quyết xong"])
    path = tmp_path / "theo-doi-2024-loi.xlsx"
    workbook.save(path)
    message = refused(path, config)
    assert "2 ô không hợp lệ" in message
    assert "ô D3" in message and "Phòng Không Tồn Tại" in message
    assert "ô E3" in message and "31/02/2024" in message


def test_duplicate_import_is_refused_and_nothing_is_written_twice(config, tmp_path):
    with Store.open(tmp_path / "ward.db") as store:
        store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
        with pytest.raises(StoreError, match="đã được nhập"):
            store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
        assert len(store.items(2025)) == 72


def test_import_is_one_transaction(config, tmp_path, monkeypatch):
    with Store.open(tmp_path / "ward.db") as store:
        batch = plan_import(fixture_path("mttq-2025.xlsx"), config).batch()
        batch.items[40].source = "nowhere"  # violates the schema half way through
        with pytest.raises(sqlite3.IntegrityError):
            store.import_batch(batch)
        assert store.items(2025) == []
        assert store.history(year=2025) == []


def test_year_must_be_known(config, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["STT", "Nội dung"])
    workbook.active.append([1, "Đề nghị sửa đèn"])
    path = tmp_path / "tong-hop.xlsx"
    workbook.save(path)
    assert "--year" in refused(path, config)
    assert plan_import(path, config, year=2026).year == 2026


def test_unknown_sheet_name(config):
    with pytest.raises(InputError, match="không có trang “Không có”"):
        plan_import(fixture_path("mttq-2025.xlsx"), config, sheets=["Không có"])


FOREIGN_FILES = sorted(p.name for p in FOREIGN.glob("*") if p.suffix != ".md") if FOREIGN.is_dir() else []


@pytest.mark.skipif(not FOREIGN_FILES, reason="../shared/fixtures-foreign is not here")
@pytest.mark.parametrize("name", FOREIGN_FILES)
def test_foreign_workbooks_import_or_are_refused_clearly(name, config):
    try:
        plan = plan_import(FOREIGN / name, config, year=2025)
    except InputError as error:
        assert name in str(error)
    else:
        assert plan.items


def test_ods_with_huge_repeats_is_refused(config, tmp_path):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="Bom"><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="1000" office:value-type="string">'
        '<text:p>x</text:p></table:table-cell></table:table-row></table:table>'
        '</office:spreadsheet></office:body></office:document-content>'
    )
    path = tmp_path / "bom.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    message = refused(path, config)
    assert "quá lớn" in message and "Bom" in message


def test_corrupted_parts_are_reported_not_raised(config, tmp_path):
    ods = tmp_path / "hong.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content><unclosed>")
    assert "hong.ods" in refused(ods, config)
    xls = tmp_path / "hong.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    assert "hong.xls" in refused(xls, config)


@pytest.mark.parametrize("seed", range(4))
def test_a_formula_saved_without_its_value_refuses_the_import_and_names_its_cell(config, tmp_path, seed):
    """openpyxl (and scripts built on it) save formulas without their values; read as empty, the
    item's text or the whole row would be lost without a word. Sheets of several shapes (title
    rows, column order, where the formula is), each refused naming the cell, and the same
    sheet with the formula's text typed in is imported."""
    import random

    rng = random.Random(seed)
    headers = ["STT", "Nội dung ý kiến, kiến nghị", "Tổ dân phố", "Người kiến nghị"]
    order = rng.sample(range(4), 4)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = rng.choice(["Tổng hợp", "Sheet1", "YK 2025"])
    titles = rng.randrange(0, 4)
    for _ in range(titles):
        sheet.append(["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI NĂM 2025"])
    sheet.append([headers[i] for i in order])
    rows = [[n, f"Đề nghị sửa đèn chiếu sáng ngõ {n * 3} phố Hòa Bình", f"TDP {n}", f"Ông Nguyễn Văn {n}"]
            for n in range(1, 7)]
    target_row, target_field = rng.randrange(6), rng.choice([1, 2, 3])
    for index, row in enumerate(rows):
        cells = list(row)
        if index == target_row:
            cells[target_field] = f'="{row[target_field]}"'  # openpyxl keeps no value for it
        sheet.append([cells[i] for i in order])
    path = tmp_path / "mttq-2025-cong-thuc.xlsx"
    workbook.save(path)
    message = refused(path, config)
    cell = f"{openpyxl.utils.get_column_letter(order.index(target_field) + 1)}{titles + 2 + target_row}"
    assert f"ô {cell}: {UNCOMPUTED}" in message and "chưa nhập gì" in message
    assert "có 1 ô không hợp lệ" in message  # only that cell

    sheet.cell(titles + 2 + target_row, order.index(target_field) + 1, rows[target_row][target_field])
    workbook.save(path)
    assert len(plan_import(path, config).batch().items) == 6


@pytest.mark.parametrize("where", ["header", "contents"])
def test_a_sheet_whose_header_or_petitions_are_formulas_without_values_says_so(config, tmp_path, where):
    """Its labels (or every petition) read as empty, no header is found: the message says that
    formulas without values may be why, from which cell, instead of only pointing at [columns]."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["TỔNG HỢP Ý KIẾN CỬ TRI NĂM 2025"])
    sheet.append(['="STT"', '="Nội dung ý kiến"', '="Tổ dân phố"'] if where == "header" else
                 ["STT", "Nội dung ý kiến", "Tổ dân phố"])
    for n in range(1, 5):
        sheet.append([n, f'="Đề nghị sửa cống ngõ {n}"', f"TDP {n}"] if where == "contents" else
                     [n, f"Đề nghị sửa cống ngõ {n}", f"TDP {n}"])
    path = tmp_path / "mttq-2025.xlsx"
    workbook.save(path)
    message = refused(path, config)
    first = "A2" if where == "header" else "B3"
    assert f"ô, từ ô {first}: {UNCOMPUTED}" in message, message


def test_formulas_that_lose_nothing_do_not_refuse_the_import(config, tmp_path):
    """A totals row's count, a heading's formula, a number dragged down past the last item:
    each row is read as what it is (or is empty), and no petition is lost, so the sheet imports;
    a petition's text as a formula past the last item still refuses it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nội dung ý kiến", "Tổ dân phố"])
    for n in range(1, 6):
        sheet.append([n, f"Đề nghị sửa đèn chiếu sáng ngõ {n}", f"TDP {n}"])
    sheet.append(["Tổng cộng", "=COUNTA(B2:B6)", None])
    sheet.append(["=ROW()-2", None, None])
    path = tmp_path / "mttq-2025-tong.xlsx"
    workbook.save(path)
    assert len(plan_import(path, config).batch().items) == 5
    sheet.append([None, '="Đề nghị nạo vét cống ngõ 9"', None])
    workbook.save(path)
    assert f"ô B9: {UNCOMPUTED}" in refused(path, config)


@pytest.mark.parametrize("row", [2, 4, 6])
def test_a_petition_whose_number_and_text_are_formulas_is_never_read_as_a_heading(config, tmp_path, row):
    """With its STT and content empty, the row's residential group alone looked like a heading
    (or a continuation of the row above): the petition would go without a word."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nội dung ý kiến", "Tổ dân phố"])
    for n in range(1, 6):
        formula = n + 1 == row
        sheet.append(["=ROW()-1" if formula else n, '="Đề nghị nạo vét cống"' if formula else f"Đề nghị sửa đèn ngõ {n}",
                      f"TDP {n}"])
    path = tmp_path / "mttq-2025.xlsx"
    workbook.save(path)
    message = refused(path, config)
    assert f"ô A{row}: {UNCOMPUTED}" in message and f"ô B{row}: {UNCOMPUTED}" in message
