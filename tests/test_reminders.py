"""Reminders to the units (issue 16, point 3): each unit's open items overdue or due within N
days, the oldest first, one .docx per unit that LibreOffice opens."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from docx import Document

from kiennghi.cli import main
from kiennghi.io.word import check_template, default_template
from kiennghi.model import Item, NewItem
from kiennghi.reminders import Reminder, reminders
from kiennghi.store import ImportBatch

TODAY = date(2030, 5, 20)


def _item(n: int, owner: str | None, days: int | None, status: str | None = "dang-giai-quyet") -> Item:
    """Item n of `owner`, due `days` from TODAY (negative: overdue)."""
    return Item(id=f"KN-2030-{n:03d}", year=2030, seq=n, content=f"Nội dung {n}", owner=owner, status=status,
                deadline=None if days is None else TODAY + timedelta(days=days))


def test_each_unit_gets_its_open_items_due_within_n_days_the_oldest_first(config):
    items = [
        _item(1, "CA", 3), _item(2, "CA", -10), _item(3, "CA", 8), _item(4, "CA", -40, "da-giai-quyet"),
        _item(5, "CA", -2, "khong-thuc-hien-duoc"), _item(6, "CA", -1, "da-giai-trinh"), _item(7, "CA", None),
        _item(8, "VH-XH", 0, None), _item(9, None, -5), _item(10, "VH-XH", 7, "chua-giai-quyet"),
    ]
    found = reminders(config, items, TODAY, days=7)
    assert [r.unit_code for r in found] == ["VH-XH", "CA"]  # in the configuration's order of units
    ca = found[1]
    assert [row.id for row in ca.rows] == ["KN-2030-002", "KN-2030-001"]
    assert [row.when for row in ca.rows] == ["quá hạn 10 ngày", "còn 3 ngày"]
    assert (ca.overdue, ca.coming, ca.days) == ("01 ý kiến", "01 ý kiến", "07")
    assert [(row.id, row.when, row.status) for row in found[0].rows] == [
        ("KN-2030-008", "đến hạn hôm nay", "Chưa cập nhật"), ("KN-2030-010", "còn 7 ngày", "Chưa giải quyết")]
    assert [r.unit_code for r in reminders(config, items, TODAY, days=8, unit="CA")] == ["CA"]
    assert [row.id for row in reminders(config, items, TODAY, days=8, unit="CA")[0].rows][-1] == "KN-2030-003"


def test_a_forwarded_item_asks_its_unit_to_follow_the_body_up_not_to_resolve_it(config, tmp_path):
    """The unit that follows a forwarded item answers for chasing the body that received it:
    its row says to whom it went, and the letter asks for that, only where there is such an item."""
    from dataclasses import replace as changed

    from kiennghi.io.word import export

    items = [changed(_item(1, "KT-HT-DT", -3), jurisdiction="cap-tren", forward_to="SO-XD"),
             changed(_item(2, "KT-HT-DT", 2), jurisdiction="phuong"),
             changed(_item(3, "CA", 1, None), jurisdiction="phuong")]
    kt, ca = {r.unit_code: r for r in reminders(config, items, TODAY, days=7)}.values()
    assert [(row.status, row.body) for row in kt.rows] == [("Đang giải quyết", "Sở Xây dựng"), ("Đang giải quyết", "")]
    assert kt.request == ("Đề nghị đơn vị khẩn trương giải quyết 01 ý kiến thuộc thẩm quyền; theo dõi, liên hệ cơ "
                          "quan cấp trên đã tiếp nhận 01 ý kiến để sớm có văn bản trả lời; cập nhật kết quả vào sổ "
                          f"theo dõi và báo cáo Ủy ban nhân dân {config.ward.name}.")
    assert ca.request.startswith("Đề nghị đơn vị khẩn trương giải quyết, cập nhật kết quả")
    for reminder in (kt, ca):
        [path] = export(reminder, tmp_path / f"{reminder.unit_code}.docx", None)
        document = Document(str(path))
        text = " ".join(p.text for p in document.paragraphs)
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        asked = "theo dõi, liên hệ cơ quan cấp trên đã tiếp nhận 01 ý kiến để sớm có văn bản trả lời" in text
        assert asked == (reminder is kt) and "{%" not in text and "khẩn trương giải quyết" in text
        assert ("Đang giải quyết (cấp trên: Sở Xây dựng)" in cells) == (reminder is kt)


def test_only_forwarded_items_ask_for_no_resolving_and_an_answer_recorded_is_not_chased(config):
    from dataclasses import replace as changed

    waiting = changed(_item(1, "VP-UBND", -3), jurisdiction="cap-tren", forward_to="UBND-TP")
    answered = changed(_item(2, "VP-UBND", 1), jurisdiction="cap-tren", forward_to="SO-TC", reply_no="123/STC")
    [alone] = reminders(config, [waiting, answered], TODAY, days=7)
    assert "khẩn trương" not in alone.request and "đôn đốc" not in alone.request
    assert "đã tiếp nhận 01 ý kiến để sớm có văn bản trả lời" in alone.request
    [answered_only] = reminders(config, [answered], TODAY, days=7)
    assert answered_only.request == ("Đề nghị đơn vị thông tin văn bản trả lời của cấp trên về 01 ý kiến cho cử tri; "
                                     f"cập nhật kết quả vào sổ theo dõi và báo cáo Ủy ban nhân dân {config.ward.name}.")
    assert [(row.body, row.answered) for row in answered_only.rows] == [("Sở Tài chính", True)]


@pytest.mark.parametrize("late, coming, days, said", [
    (3, 2, 7, "03 ý kiến đã quá hạn giải quyết và 02 ý kiến đến hạn trong 07 ngày tới"),
    (3, 0, 7, "03 ý kiến đã quá hạn giải quyết"), (0, 1, 0, "01 ý kiến đến hạn hôm nay"),
    (0, 2, 30, "02 ý kiến đến hạn trong 30 ngày tới")])
def test_the_letter_says_only_what_there_is(config, late, coming, days, said):
    """No "00 ý kiến đến hạn trong 00 ngày tới" (a new user's trial)."""
    items = [_item(n, "CA", -5) for n in range(1, late + 1)] + [_item(n, "CA", days) for n in range(10, 10 + coming)]
    [reminder] = reminders(config, items, TODAY, days=days)
    assert reminder.situation == said


def test_due_items_without_an_owner_are_named_not_dropped(config, store, workdir, capsys):
    """No unit to send them to: the command says which, and what to do (found by a new user's
    trial: an overdue forwarded item without a unit was never reminded, nor mentioned)."""
    today = date.today()
    store.import_batch(ImportBatch("c.xlsx", "3" * 64, today.year, [
        NewItem(content="Cống ngập", jurisdiction="cap-tren", forward_to="THOAT-NUOC", deadline=today - timedelta(days=9)),
        NewItem(content="Đèn đường", owner="KT-HT-DT", deadline=today + timedelta(days=2))]))
    assert main(["--db", str(store.path), "remind", "-o", "gui"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"1 ý kiến quá hạn hoặc đến hạn chưa có đơn vị chủ trì nên không có phiếu nhắc: KN-{today.year}-001." in out
    assert [p.name for p in (workdir / "gui").iterdir()] == [f"nhac-viec-KT-HT-DT-{today.isoformat()}.docx"]


def test_the_shipped_template_uses_only_what_a_reminder_has():
    with default_template(Reminder) as path:
        assert check_template(path, Reminder) == []


@pytest.mark.skipif(not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice is not installed")
def test_remind_writes_one_file_per_unit_that_libreoffice_opens(config, store, workdir, capsys):
    today = date.today()
    odd = "Đề nghị <sửa> cống & {{ x }}"
    store.import_batch(ImportBatch("c.xlsx", "2" * 64, today.year, [
        NewItem(content=odd, owner="CA", status="dang-giai-quyet", deadline=today - timedelta(days=3)),
        NewItem(content="Đèn đường", owner="KT-HT-DT", deadline=today + timedelta(days=2)),
        NewItem(content="Xa hạn", owner="VH-XH", deadline=today + timedelta(days=30))]))
    assert main(["--db", str(store.path), "remind", "-o", "gui"]) == 0
    written = sorted(p.name for p in (workdir / "gui").iterdir())
    assert written == [f"nhac-viec-{code}-{today.isoformat()}.docx" for code in ("CA", "KT-HT-DT")]
    docx = workdir / "gui" / written[0]
    assert odd in [cell.text for table in Document(str(docx)).tables for row in table.rows for cell in row.cells]
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(docx)],
                   capture_output=True, check=True, timeout=120)
    lines = subprocess.run(["pdftotext", docx.with_suffix(".pdf").name, "-"], cwd=workdir,
                           capture_output=True, check=True).stdout.decode()
    text = " ".join(lines.split())
    # An ID, a date and "STT" each on one line of their narrow columns (not "KN-2025-" over "001").
    assert re.search(r"KN-\d{4}-\d{3}\n", lines) and not re.search(r"KN-\d{4}-?\n", lines)
    assert not re.search(r"\d\d/\d\d/\d{1,3}\n", lines) and "ST\n" not in lines
    assert "PHIẾU NHẮC VIỆC" in text and "Kính gửi: Công an phường." in text and "quá hạn 3 ngày" in text
    assert main(["--db", str(store.path), "remind", "--unit", "VH-XH", "--days", "30", "-o", "mot"]) == 0
    assert [p.name for p in (workdir / "mot").iterdir()] == [f"nhac-viec-VH-XH-{today.isoformat()}.docx"]
    assert main(["--db", str(store.path), "remind", "--unit", "KHONG-CO"]) == 1


@pytest.mark.parametrize("days", ["-1", "3651", "99999999999"])
def test_remind_days_out_of_range_is_refused_with_its_range(config, store, workdir, capsys, days):
    """A huge --days once overflowed the date arithmetic into a traceback."""
    assert main(["--db", str(store.path), "remind", "--days", days]) == 1
    error = capsys.readouterr().err
    assert "--days phải từ 0 đến 3650" in error and days in error and "Traceback" not in error
