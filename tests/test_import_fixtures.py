"""Every fixture workbook imports with exactly the items of its labels file."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from kiennghi.io.importer import plan_import

from tests.conftest import fixture_path, labels

SHAPES = [
    "mttq-2025.xlsx",
    "mttq-2025.xls",
    "mttq-2025.ods",
    "mttq-2025-tcvn3.xlsx",
    "mttq-2025-tcvn3.xls",
    "mttq-2025-tcvn3.ods",  # made here from the .xlsx by LibreOffice: cell fonts in content.xml
    "mttq-2025-nfd.xlsx",
    "mttq-2025-dong-noi-tiep.xlsx",
    "mttq-2025-don-gian.xlsx",
    "mttq-2025.csv",
    "mttq-2025-tieu-de-hai-dong.xlsx",
    "mttq-2025-nhieu-sheet.xlsx",
]
# Sheets that say nothing of the sector (no group rows, no sector column).
WITHOUT_SECTOR = {"mttq-2025-nhieu-sheet.xlsx"}


def collapse(text: str) -> str:
    return " ".join(text.split())


def key(record, with_sector: bool) -> tuple:
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name)
    return (collapse(get("content")), get("to_dan_pho"), get("submitter"),
            get("sector") if with_sector else None)


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_yields_the_labelled_items(name, config):
    plan = plan_import(fixture_path(name), config)
    with_sector = name not in WITHOUT_SECTOR
    expected = [key(label, with_sector) for label in labels("mttq-2025.labels.jsonl")]
    got = [key(item, with_sector) for item in plan.items]
    assert Counter(got) == Counter(expected)
    assert plan.year == 2025
    assert all(item.source == "mttq" for item in plan.items)


@pytest.mark.parametrize("name", [n for n in SHAPES if n not in WITHOUT_SECTOR])
def test_items_keep_sheet_order_and_stt(name, config):
    plan = plan_import(fixture_path(name), config)
    expected = [collapse(label["content"]) for label in labels("mttq-2025.labels.jsonl")]
    if name in ("mttq-2025-don-gian.xlsx", "mttq-2025.csv", "mttq-2025-tieu-de-hai-dong.xlsx"):
        expected = sorted(expected)  # these sheets list the items in another order
        assert sorted(collapse(i.content) for i in plan.items) == expected
    else:
        assert [collapse(i.content) for i in plan.items] == expected
        assert [i.stt for i in plan.items] == [str(label["stt"]) for label in labels("mttq-2025.labels.jsonl")]


def test_origin_rows_point_at_the_sheet(config):
    plan = plan_import(fixture_path("mttq-2025.xlsx"), config)
    for item, label in zip(plan.items, labels("mttq-2025.labels.jsonl")):
        assert item.origin.rows == [label["row"]]
        assert item.origin.sheet == "Tổng hợp"
        assert item.origin.file == "mttq-2025.xlsx"


def test_continuation_rows_join_their_item_and_line_breaks_are_kept(config):
    plan = plan_import(fixture_path("mttq-2025-dong-noi-tiep.xlsx"), config)
    joined = [item for item in plan.items if len(item.origin.rows) > 1]
    assert joined, "the fixture has continued items"
    assert all(item.origin.rows == list(range(item.origin.rows[0], item.origin.rows[-1] + 1)) for item in joined)
    assert any("\n" in item.content for item in plan.items)


def test_text_is_nfc_everywhere(config):
    for name in ("mttq-2025-nfd.xlsx", "mttq-2025-tcvn3.xls", "mttq-2025-tcvn3.ods"):
        for item in plan_import(fixture_path(name), config).items:
            for text in (item.content, item.to_dan_pho, item.submitter):
                assert unicodedata.is_normalized("NFC", text)


def test_skipped_rows_are_explained(config):
    sheet = plan_import(fixture_path("mttq-2025.xlsx"), config).sheets[0]
    reasons = {row.row: row.reason for row in sheet.skipped}
    assert reasons[8] == "hàng đánh số cột"
    assert reasons[97].startswith("chân trang")
    assert [group.row for group in sheet.groups][:2] == [9, 21]
    assert sheet.header.rows == [7]


def test_two_row_header_is_combined(config):
    sheet = plan_import(fixture_path("mttq-2025-tieu-de-hai-dong.xlsx"), config).sheets[0]
    assert sheet.header.rows == [3, 4]
    assert set(sheet.header.columns) >= {"stt", "content", "to_dan_pho", "submitter", "sector"}


def test_instruction_sheet_is_not_imported(config):
    plan = plan_import(fixture_path("mttq-2025-nhieu-sheet.xlsx"), config)
    assert plan.sheets[0].ignored and not plan.sheets[0].items
    assert {item.origin.sheet for item in plan.items} == {s.sheet for s in plan.sheets[1:]}


def test_tracking_workbook_imports_its_triage(config):
    plan = plan_import(fixture_path("theo-doi-2024.xlsx"), config)
    assert plan.year == 2024
    expected = labels("theo-doi-2024.labels.jsonl")
    assert len(plan.items) == len(expected)
    for item, label in zip(plan.items, expected):
        assert collapse(item.content) == collapse(label["content"])
        assert (item.to_dan_pho, item.sector) == (label["to_dan_pho"], label["sector"])  # no submitter column
        assert (item.jurisdiction, item.owner, item.forward_to) == (label["jurisdiction"], label["owner"], label["forward_to"])
        assert item.status == label["status"]
        assert item.deadline == (date.fromisoformat(label["deadline"]) if label["deadline"] else None)
    assert sum(1 for item in plan.items if item.response) > 100


def test_conference_sheet_gets_source_hoi_nghi(config, tmp_path: Path):
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Tổng hợp"
    first.append(["STT", "Nội dung", "Tổ dân phố"])
    first.append([1, "Đề nghị sửa đường ngõ 5", "TDP 1"])
    second = workbook.create_sheet("Phát biểu tại hội nghị")
    second.append(["STT", "Nội dung ý kiến", "Người phát biểu"])
    second.append([1, "Đề nghị lắp camera an ninh", "Ông A"])
    path = tmp_path / "hoi-nghi-2025.xlsx"
    workbook.save(path)
    plan = plan_import(path, config)
    assert [item.source for item in plan.items] == ["mttq", "hoi-nghi"]
    forced = plan_import(path, config, source="hoi-nghi", sheets=["Tổng hợp"])
    assert [item.source for item in forced.items] == ["hoi-nghi"]


def test_hidden_sheets_are_passed_over_unless_named(config, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    shown = workbook.active
    shown.title = "Năm nay"
    shown.append(["STT", "Nội dung"])
    shown.append([1, "Đề nghị sửa đèn chiếu sáng ngõ 3"])
    hidden = workbook.create_sheet("Năm cũ")
    hidden.append(["STT", "Nội dung"])
    hidden.append([1, "Ý kiến cũ đã xong"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "tong-hop-2025.xlsx"
    workbook.save(path)
    plan = plan_import(path, config)
    assert [i.content for i in plan.items] == ["Đề nghị sửa đèn chiếu sáng ngõ 3"]
    assert plan.sheets[1].ignored.startswith("trang ẩn")
    assert [i.content for i in plan_import(path, config, sheets=["nam cu"]).items] == ["Ý kiến cũ đã xong"]


def test_sheets_grouped_by_residential_group_with_repeated_headers(config, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["TỔNG HỢP Ý KIẾN CỬ TRI NĂM 2025"])
    sheet.append(["TT", "Nội dung kiến nghị", "Ghi chú"])
    sheet.append([1, 2, 3])
    sheet.append(["I", "TỔ DÂN PHỐ SỐ 5"])
    sheet.append(["1.", "Đề nghị sửa rãnh thoát nước ngõ 3", None])
    sheet.append(["TT", "Nội dung kiến nghị", "Ghi chú"])  # the header again, on the next printed page
    sheet.append(["(1)", "(2)", "(3)"])
    sheet.append(["II", "TDP HỘI XÁ 1"])
    sheet.append(["2.", "Đề nghị lắp đèn chiếu sáng", "gấp"])
    path = tmp_path / "theo-to.xlsx"
    workbook.save(path)
    plan = plan_import(path, config)
    assert [(i.stt, i.content, i.to_dan_pho, i.note) for i in plan.items] == [
        ("1.", "Đề nghị sửa rãnh thoát nước ngõ 3", "TỔ DÂN PHỐ SỐ 5", ""),
        ("2.", "Đề nghị lắp đèn chiếu sáng", "TDP HỘI XÁ 1", "gấp"),
    ]
    reasons = [row.reason for row in plan.sheets[0].skipped]
    assert reasons == ["hàng đánh số cột", "hàng tiêu đề lặp lại", "hàng đánh số cột"]
