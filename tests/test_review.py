"""The review report (issue 16, point 2): its counts and shares, the state at a past date from the
change log, its appendices, and the .docx and PDF it makes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import fixture_path, labels
from docx import Document

from kiennghi import store as store_module
from kiennghi.cli import main
from kiennghi.io.importer import plan_import
from kiennghi.io.word import check_template, default_template
from kiennghi.model import Item, NewItem
from kiennghi.errors import KienNghiError
from kiennghi.model import CARRIED
from kiennghi.review import NO_REPLY, Review, build_review, percent, share, year_review
from kiennghi.store import Edit, ImportBatch

NEEDS_OFFICE = pytest.mark.skipif(not shutil.which("soffice") and not os.environ.get("CI"),
                                  reason="LibreOffice (soffice) is not installed")


def _expected_share(part: int, whole: int) -> str:
    """A share as the report must print it, worked out here from the rule: a leading zero below
    ten, "." for thousands, two decimals rounded half up without trailing zeros, a decimal comma."""
    def n(k: int) -> str:
        return f"{k:02d}" if k < 10 else f"{k:,}".replace(",", ".")
    value = Decimal(100 * part) / Decimal(whole)
    text = format(value.quantize(Decimal("0.01"), ROUND_HALF_UP), "f").rstrip("0").rstrip(".")
    return f"{n(part)}/{n(whole)} ý kiến (chiếm {text.replace('.', ',')}%)"


@pytest.mark.parametrize("part, whole, text", [
    (84, 93, "90,32"), (1, 2, "50"), (1, 8, "12,5"), (2, 3, "66,67"), (0, 7, "0"), (7, 7, "100"), (1, 200, "0,5"),
])
def test_percent_has_a_decimal_comma_and_no_trailing_zero(part, whole, text):
    assert percent(part, whole) == text


def test_a_share_is_written_as_the_reports_write_it():
    assert share(84, 93) == "84/93 ý kiến (chiếm 90,32%)"
    assert share(5, 93) == "05/93 ý kiến (chiếm 5,38%)"
    assert share(1143, 2000) == "1.143/2.000 ý kiến (chiếm 57,15%)"


def test_the_2024_history_yields_the_counts_its_labels_give(config, store):
    """The tracking workbook of 2024 imported: every share of the review, for the year, each
    jurisdiction and each unit, is the one the labels' statuses give."""
    store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
    expected = labels("theo-doi-2024.labels.jsonl")
    review = year_review(config, store, 2024)

    def shares(rows):
        counts = Counter(config.statuses.get(row["status"]).group if row["status"] else "not-yet" for row in rows)
        return {group: _expected_share(counts[group], len(rows)) for group in config.categories}

    assert {s.category: s.text for s in review.total.shares} == shares(expected)
    for tally, code in zip(review.by_jurisdiction, ("phuong", "cap-tren")):
        assert tally.name == config.jurisdictions.name(code)
        assert {s.category: s.text for s in tally.shares} == shares([r for r in expected if r["jurisdiction"] == code])
    # a unit's line counts the ward's items it owns; the forwarded ones are their bodies'
    ward = [r for r in expected if r["jurisdiction"] != "cap-tren"]
    owners = [code for code in config.units.codes if any(r["owner"] == code for r in ward)]
    assert [t.name for t in review.by_unit] == [config.units.name(c) for c in owners]
    for tally, code in zip(review.by_unit, owners):
        assert {s.category: s.text for s in tally.shares} == shares([r for r in ward if r["owner"] == code])
    forwarded = [r for r in expected if r["jurisdiction"] == "cap-tren"]
    bodies = [code for code in config.bodies.codes if any(r["forward_to"] == code for r in forwarded)]
    assert [t.name for t in review.by_body] == [config.bodies.name(c) for c in bodies]
    for tally, code in zip(review.by_body, bodies):
        assert {s.category: s.text for s in tally.shares} == shares([r for r in forwarded if r["forward_to"] == code])
    # every item is in one appendix: the ward's by category, the forwarded ones together
    appendices = (review.done, review.in_progress, review.explained, review.cannot, review.not_yet, review.forwarded)
    assert sum(len(a.rows) for a in appendices) == len(expected)
    assert len(review.forwarded.rows) == sum(r["jurisdiction"] == "cap-tren" for r in expected)


def _clock(monkeypatch, moment: list[str]) -> None:
    """The store's clock reads the first of `moment`, which a test moves on."""
    monkeypatch.setattr(store_module, "_now", lambda: moment[0])


def _items(n: int, **fields) -> list[NewItem]:
    return [NewItem(content=f"Kiến nghị số {k} về một việc của tổ dân phố", jurisdiction="phuong", owner="CA",
                    status="dang-giai-quyet", **fields) for k in range(1, n + 1)]


def test_as_of_a_date_is_the_state_the_change_log_gives(config, store, monkeypatch):
    """Items imported on 10/01, one resolved, one hidden and one typed in on 01/03: the review as
    of 28/02 counts the state before, as of 01/03 the state after, and they differ by exactly that."""
    moment = ["2025-01-10T09:00:00+07:00"]
    _clock(monkeypatch, moment)
    ids = store.import_batch(ImportBatch("a.xlsx", "0" * 64, 2025, _items(4)))
    moment[0] = "2025-03-01T15:30:00+07:00"
    store.update_items([Edit(ids[0], {"status": "da-giai-quyet", "response": "Đã xử lý"}, None)], "cli")
    store.delete_items({ids[1]: None}, "cli")
    store.add_item(2025, _items(1)[0], "cli")
    before, after = (year_review(config, store, 2025, date(2025, 2, 28)),
                     year_review(config, store, 2025, date(2025, 3, 1)))
    counts = [{s.category: s.count for s in review.total.shares} for review in (before, after)]
    assert counts[0] == {"done": 0, "in-progress": 4, "explained": 0, "cannot": 0, "not-yet": 0}
    assert counts[1] == {"done": 1, "in-progress": 3, "explained": 0, "cannot": 0, "not-yet": 0}
    assert [r.id for r in before.in_progress.rows] == ids
    assert after.done.rows[0].id == ids[0] and after.done.rows[0].response == "Đã xử lý"
    assert before.as_of == "tính đến ngày 28/02/2025"
    # before the year's sheet came in, nothing to report: said, rather than "00/00 ý kiến"
    with pytest.raises(KienNghiError, match="Năm 2025 chưa có ý kiến nào đến hết ngày 09/01/2025.*Chọn một ngày sau"):
        year_review(config, store, 2025, date(2025, 1, 9))
    with pytest.raises(KienNghiError, match="Năm 2031 chưa có ý kiến nào trong cơ sở dữ liệu"):
        year_review(config, store, 2031)
    # as of today, the store as it is
    assert [r.id for r in year_review(config, store, 2025).done.rows] == [ids[0]]


def test_the_summary_says_how_many_came_from_the_year_before(config):
    items = [_item(1, jurisdiction="phuong", owner="CA"), _item(2, jurisdiction="phuong", owner="CA", source=CARRIED)]
    assert "Trong tổng số có 01 ý kiến tồn từ năm trước chuyển sang" in build_review(config, 2030, items).summary
    assert "tồn từ năm trước" not in build_review(config, 2030, items[:1]).summary


def test_a_concern_counts_once_only_where_its_petitions_stand_alike(config):
    """Two petitions linked as one concern: counted once while they stand alike; one done and one
    in progress (with its roadmap) are each counted as they stand, never the open one as done."""
    a = _item(1, jurisdiction="phuong", owner="CA", status="da-giai-quyet", response="Đã xử lý")
    alike = _item(2, jurisdiction="phuong", owner="CA", status="da-giai-quyet", duplicate_of=a.id)
    open_ = _item(3, jurisdiction="phuong", owner="VH-XH", status="dang-giai-quyet", roadmap="Quý 3",
                  duplicate_of=a.id)
    assert build_review(config, 2030, [a, alike]).total.total == "01 ý kiến"
    assert build_review(config, 2030, [a, alike]).warnings == []
    review = build_review(config, 2030, [a, open_])
    assert review.total.total == "02 ý kiến" and [r.roadmap for r in review.in_progress.rows] == ["Quý 3"]
    # Counted apart, said so: which petitions, and how each stands.
    assert review.warnings == ["02 ý kiến gộp thành một nội dung nhưng giải quyết khác nhau (KN-2030-001 phường, "
                               "Công an phường, đã giải quyết xong; KN-2030-003 phường, Phòng VH-XH, đang giải "
                               "quyết): tính riêng từng ý kiến"]
    assert [t.name for t in review.by_unit] == [config.units.name(c) for c in config.units.codes if c in ("CA", "VH-XH")]


def _item(n: int, **fields) -> Item:
    return Item(id=f"KN-2030-{n:03d}", year=2030, seq=n, content=f"Nội dung thứ {n}", **fields)


def test_appendices_say_what_each_category_needs(config):
    items = [
        _item(1, jurisdiction="phuong", owner="VH-XH", status="da-giai-quyet", response="Đã sửa",
              answer_no="12/UBND", answer_date=date(2030, 3, 5)),
        _item(2, jurisdiction="phuong", owner="VH-XH", status="dang-giai-quyet", roadmap="Quý II",
              expected=date(2030, 6, 30), responsible="Ông X, Phó Chủ tịch"),
        _item(3, jurisdiction="phuong", owner="CA", status="khong-thuc-hien-duoc", reason="Vướng quy hoạch",
              recommendation="Đề nghị Thành phố điều chỉnh"),
        _item(4, jurisdiction="cap-tren", forward_to="SO-XD", owner="KT-HT-DT", status="da-giai-quyet",
              reply_body="SO-XD", reply_no="45/SXD", reply_date=date(2030, 4, 1), reply_text="Đã đưa vào kế hoạch"),
        _item(5, jurisdiction="cap-tren", forward_to="EVN"),
    ]
    review = build_review(config, 2030, items)
    assert (review.done.number, review.in_progress.number, review.explained.number, review.cannot.number,
            review.not_yet.number, review.forwarded.number) == ("1", "2", "", "3", "", "4")
    assert review.done.rows[0].answer == "Văn bản số 12/UBND ngày 05/03/2030"
    progress = review.in_progress.rows[0]
    assert (progress.roadmap, progress.expected, progress.responsible) == ("Quý II", "30/06/2030", "Ông X, Phó Chủ tịch")
    assert (review.cannot.rows[0].reason, review.cannot.rows[0].recommendation) == \
        ("Vướng quy hoạch", "Đề nghị Thành phố điều chỉnh")
    answered, waiting = review.forwarded.rows
    assert answered.reply == "Sở Xây dựng, văn bản số 45/SXD ngày 01/04/2030: Đã đưa vào kế hoạch"
    assert waiting.reply == NO_REPLY and waiting.category == "Chưa giải quyết"
    assert review.total.text == ("đã giải quyết xong 02/05 ý kiến (chiếm 40%); đang giải quyết 01/05 ý kiến "
                                 "(chiếm 20%); không thực hiện được 01/05 ý kiến (chiếm 20%); chưa giải quyết 01/05 "
                                 "ý kiến (chiếm 20%)")
    assert [t.name for t in review.by_unit] == [config.units.name(c) for c in ("VH-XH", "CA")]
    assert [(t.name, t.total) for t in review.by_body] == [
        (config.bodies.name(c), "01 ý kiến") for c in config.bodies.codes if c in ("SO-XD", "EVN")]


def test_the_shipped_template_uses_only_what_the_review_has():
    with default_template(Review) as path:
        assert check_template(path, Review) == []


@NEEDS_OFFICE
def test_the_report_opens_in_libreoffice_and_keeps_sheet_text_as_text(config, store, workdir):
    """Text from sheets ("<", "&", Jinja-like braces) comes out as written; LibreOffice converts
    the report to PDF, whose first page has the title and the shares."""
    odd = "Đề nghị <b>sửa</b> đường & cống {{ year }} {% if x %}"
    store.import_batch(ImportBatch("b.xlsx", "1" * 64, 2030, [
        NewItem(content=odd, jurisdiction="phuong", owner="CA", status="da-giai-quyet", response="Xong & <ok>"),
        NewItem(content="Đề nghị lắp đèn", jurisdiction="cap-tren", forward_to="EVN", owner="KT-HT-DT"),
        NewItem(content="Đề nghị sửa rãnh", jurisdiction="phuong", owner="KT-HT-DT", deadline=date(2030, 11, 28)),
        NewItem(content="Đề nghị nâng cấp ngõ", jurisdiction="phuong", owner="KT-HT-DT", status="dang-giai-quyet",
                roadmap="Quý I khảo sát, quý II thi công", expected=date(2030, 12, 31), responsible="Ông A")]))
    assert main(["--db", str(store.path), "export", "review", "--year", "2030", "--pdf"]) == 0
    docx = workdir / "bao-cao-ket-qua-2030.docx"
    cells = [cell.text for table in Document(str(docx)).tables for row in table.rows for cell in row.cells]
    assert odd in cells and "Xong & <ok>" in cells and NO_REPLY in cells
    text = subprocess.run(["pdftotext", "-layout", "-l", "1", str(docx.with_suffix(".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "BÁO CÁO" in flat and "Hội nghị đối thoại năm 2030" in flat
    assert "Đã giải quyết xong: 01/04 ý kiến (chiếm 25%)" in flat
    # The appendices' narrow columns hold a date and "STT" on one line (not "28/11/203" over "0").
    whole = subprocess.run(["pdftotext", str(docx.with_suffix(".pdf")), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "28/11/2030" in whole and "31/12/2030" in whole and not re.search(r"\d\d/\d\d/\d{1,3}\n", whole)
    assert whole.count("STT") >= 3 and "ST\n" not in whole


def test_as_of_from_the_command_line(config, store, workdir, monkeypatch, capsys):
    moment = ["2025-01-10T09:00:00+07:00"]
    _clock(monkeypatch, moment)
    store.import_batch(ImportBatch("a.xlsx", "0" * 64, 2025, _items(2)))
    assert main(["--db", str(store.path), "export", "review", "--as-of", "31/12/2025"]) == 0
    assert (workdir / "bao-cao-ket-qua-2025-2025-12-31.docx").is_file()
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(store.path), "export", "review", "--as-of", "không phải ngày"])
    assert caught.value.code == 2 and "không phải là ngày" in capsys.readouterr().err


def test_the_command_says_which_linked_petitions_are_counted_apart(config, store, workdir, capsys):
    store.import_batch(ImportBatch("a.xlsx", "0" * 64, 2030, [
        NewItem(content="Đèn ngõ 5 hỏng", jurisdiction="phuong", owner="KT-HT-DT", status="da-giai-quyet"),
        NewItem(content="Ngõ 5 tối om", jurisdiction="phuong", owner="KT-HT-DT", status="dang-giai-quyet")]))
    second = store.item("KN-2030-002")
    store.update_item(second.id, {"duplicate_of": "KN-2030-001"}, second.version, "cli")
    assert main(["--db", str(store.path), "export", "review", "--year", "2030"]) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "Chú ý: 02 ý kiến gộp thành một nội dung nhưng giải quyết khác nhau (KN-2030-001" in said


def test_the_review_leaves_residents_personal_details_out_as_the_notice_does(config):
    """A petition's words in the review's appendices: names to initials, no phone, e-mail, ID
    number or home number (found by a new user's trial: the notice hid them, the review not)."""
    item = _item(1, jurisdiction="phuong", owner="CA", status="da-giai-quyet")
    item.content = "Ông Nguyễn Văn Hùng (ĐT 0912 345 678) ở số nhà 25 ngõ 68 phản ánh karaoke hát đến 1 giờ sáng."
    text = " ".join(row.content for row in build_review(config, 2030, [item]).done.rows)
    assert "Nguyễn Văn Hùng" not in text and "0912" not in text and "N.V.H." in text and "karaoke" in text
