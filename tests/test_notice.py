"""The conclusion notice: what it says (core), the .docx it makes (template), the PDF LibreOffice makes."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import fixture_path, labels
from docx import Document
from docx.oxml.ns import qn
from kiennghi.io.importer import plan_import
from kiennghi.io.notice import check_template, default_template, export_notice

from kiennghi.cli import main
from kiennghi.dates import in_words
from kiennghi.edits import default_conference
from kiennghi.errors import InputError
from kiennghi.model import NewItem
from kiennghi.notice import build_notice, concern, count, lower_first, number
from kiennghi.store import Edit

CONFERENCE_DAY = date(2025, 10, 31)
NEEDS_OFFICE = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"),
    reason="LibreOffice is not installed (CI installs it)",
)


# --- the words ------------------------------------------------------------------------------------


def test_document_conventions():
    assert number(5) == "05" and number(12) == "12" and number(1143) == "1.143"
    assert count(5) == "05 ý kiến"
    assert in_words(date(2025, 11, 3)) == "ngày 03 tháng 11 năm 2025"
    assert in_words(date(2025, 7, 5), with_year=False) == "ngày 05 tháng 7"
    assert in_words(date(2026, 2, 1)) == "ngày 01 tháng 02 năm 2026"


def test_a_concern_is_the_point_of_the_petition_in_a_few_words():
    assert concern("Cử tri phản ánh: rãnh thoát nước ngõ 12 bị tắc. Đề nghị nạo vét.") == \
        "rãnh thoát nước ngõ 12 bị tắc"
    assert concern("Đề nghị phường lắp đèn chiếu sáng (khoảng 5 bóng) tại ngõ 3") == "lắp đèn chiếu sáng tại ngõ 3"
    long = concern("Nhân dân TDP số 6 kiến nghị: rác của các hộ kinh doanh trong chợ đổ ra đầu ngõ 40 từ sáng "
                   "sớm xe thu gom đến muộn nên rác tràn ra lòng đường")
    assert long.startswith("rác của các hộ") and long.endswith("…") and len(long.split()) == 14
    assert lower_first("UBND phường chậm trả lời") == "UBND phường chậm trả lời"
    assert lower_first("Ban Thanh tra nhân dân") == "Ban Thanh tra nhân dân"
    assert lower_first("Lĩnh vực giao thông") == "lĩnh vực giao thông"


# --- a triaged conference from the fixture ----------------------------------------------------------


@pytest.fixture
def triaged(config, store):
    """The 2025 MTTQ sheet, triaged as its labels say, with deadlines and a conference."""
    plan = plan_import(fixture_path("mttq-2025.xlsx"), config)
    store.import_batch(plan.batch())
    by_stt = {str(label["stt"]): label for label in labels("mttq-2025.labels.jsonl")}
    edits = []
    for n, item in enumerate(store.items(2025)):
        label = by_stt[item.stt]
        changes = {key: label[key] for key in ("sector", "jurisdiction", "owner", "forward_to")}
        changes["deadline"] = CONFERENCE_DAY + timedelta(days=15 + n % 40)
        edits.append(Edit(item.id, changes, item.version))
    store.update_items(edits, "cli")
    conference = dataclasses.replace(
        default_conference(config, 2025), date=CONFERENCE_DAY, notice_number="46",
        notice_date=date(2025, 11, 3), signer_name="Nguyễn Xuân Long",
    )
    store.save_conference(conference, "cli")
    return store


def _notice(config, store, **options):
    return build_notice(config, store.conference(2025), store.items(2025), **options)


def _render(config, store, tmp_path, **options) -> Document:
    target = tmp_path / "tb.docx"
    with default_template() as template:
        export_notice(_notice(config, store, **options), target, template)
    return Document(str(target))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def test_tasks_counts_and_groups_follow_the_items(config, triaged):
    items = triaged.items(2025)
    notice = _notice(config, triaged)
    within = [i for i in items if i.jurisdiction == "phuong"]
    beyond = [i for i in items if i.jurisdiction == "cap-tren"]
    assert notice.counts.mttq == number(len(items)) and notice.counts.within == number(len(within))
    assert f"trong đó {count(len(within))} thuộc thẩm quyền" in notice.summary
    # One task per owner unit, in the configuration's order, each with its earliest deadline.
    owners = [code for code in config.units.codes if any(i.owner == code for i in within)]
    assert [t.unit for t in notice.tasks] == [config.units.name(code) for code in owners]
    assert [t.number for t in notice.tasks] == [f"({n})" for n in range(1, len(owners) + 1)]
    for task, code in zip(notice.tasks, owners):
        mine = [i for i in within if i.owner == code]
        assert task.count == count(len(mine))
        assert task.deadline == min(i.deadline for i in mine).strftime("%d/%m/%Y")
        assert task.text.endswith(f"xong trước ngày {task.deadline}.")
    # Beyond the ward: one group per body, in the configuration's order.
    bodies = [code for code in config.bodies.codes if any(i.forward_to == code for i in beyond)]
    assert [g.body for g in notice.beyond] == [config.bodies.name(code) for code in bodies]
    assert sum(int(g.count.split()[0].replace(".", "")) for g in notice.beyond) == len(beyond)
    assert len(notice.annex_rows) == len(items) and not notice.missing


def test_co_owners_are_named_in_the_task(config, triaged):
    item = next(i for i in triaged.items(2025) if i.owner == "KT-HT-DT")
    triaged.update_item(item.id, {"co_owners": ["CA"]}, item.version, "cli")
    task = next(t for t in _notice(config, triaged).tasks if t.unit == config.units.name("KT-HT-DT"))
    assert task.co_owners == "Công an phường" and ", phối hợp với Công an phường giải quyết" in task.text


def test_untriaged_items_are_listed_as_missing(config, store):
    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    items = store.items(2025)
    store.update_item(items[0].id, {"jurisdiction": "phuong"}, items[0].version, "cli")
    notice = build_notice(config, default_conference(config, 2025), store.items(2025))
    assert notice.missing[0].startswith(f"{count(len(items) - 1)} chưa phân loại thẩm quyền: {items[1].id}")
    assert any("chưa có đơn vị chủ trì" in line and items[0].id in line for line in notice.missing)
    assert notice.number == "      -TB/ĐU" and notice.place_date.endswith("năm 2025")


# --- the document ---------------------------------------------------------------------------------


def test_the_document_has_the_party_format(config, triaged, tmp_path):
    document = _render(config, triaged, tmp_path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    # Page numbers from page 2: a PAGE field in the header, an empty header on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert not section.first_page_header.paragraphs[0].text.strip()
    assert document.styles["Normal"].font.name == "Times New Roman"
    head = document.tables[0]
    left, right = (cell.paragraphs for cell in head.rows[0].cells)
    assert [p.text for p in left] == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "ĐẢNG ỦY PHƯỜNG PHÚC LỢI", "*", "Số 46-TB/ĐU"]
    assert left[1].runs[0].bold and not left[0].runs[0].bold
    assert right[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right[0].runs[0].bold
    assert right[1]._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None  # the rule under it
    place = next(p for p in right if p.text.startswith("Phúc Lợi"))
    assert place.text == "Phúc Lợi, ngày 03 tháng 11 năm 2025" and place.runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "THÔNG BÁO" in texts
    assert texts[texts.index("THÔNG BÁO") + 1].endswith("trên địa bàn phường Phúc Lợi năm 2025")
    assert any(t.startswith("Ngày 31/10/2025, phường Phúc Lợi tổ chức Hội nghị") for t in texts)
    tasks = [t for t in texts if re.match(r"\(\d+\) ", t)]
    assert tasks[0].startswith("(1) Văn phòng HĐND và UBND phường chủ trì") or tasks[0].startswith("(1) Phòng")
    assert [t.split(")")[0] for t in tasks] == [f"({n}" for n in range(1, len(tasks) + 1)]
    assert any(t.startswith("- Về lĩnh vực đô thị, xây dựng (") for t in texts)
    assert any("đề nghị Sở Xây dựng xem xét, giải quyết" in t for t in texts)
    signature = document.tables[1].rows[0].cells
    assert signature[0].paragraphs[0].text == "Nơi nhận:" and signature[0].paragraphs[0].runs[0].underline
    assert signature[0].paragraphs[-1].text == "- Lưu VPĐU."
    assert [p.text for p in signature[1].paragraphs if p.text] == \
        ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "Nguyễn Xuân Long"]
    text = _all_text(document)
    assert "{{" not in text and "{%" not in text and "%}" not in text


def test_the_annex_lists_every_item_under_a_repeated_header(config, triaged, tmp_path):
    document = _render(config, triaged, tmp_path)
    annex = document.tables[2]
    items = triaged.items(2025)
    assert len(annex.rows) == len(items) + 1
    assert annex.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    first = [cell.text for cell in annex.rows[1].cells]
    assert first[0] == items[0].stt and first[1] == " ".join(items[0].content.split())
    assert first[5] == items[0].deadline.strftime("%d/%m/%Y")
    forwarded = next(n for n, i in enumerate(items, start=1) if i.jurisdiction == "cap-tren")
    assert annex.rows[forwarded].cells[4].text.startswith(config.bodies.name(items[forwarded - 1].forward_to))
    without = _render(config, triaged, tmp_path, annex=False)
    assert len(without.tables) == 2 and "PHỤ LỤC" not in _all_text(without)


def test_data_is_never_template_or_markup(config, triaged, tmp_path):
    hostile = 'Rác & "nước" <thải> [/b] {{ ward }} {% if true %}x{% endif %} ‘quote’'
    new = triaged.add_item(2025, NewItem(content=hostile, to_dan_pho="TDP <1> & 2", submitter="Ông Trần Văn Tên"),
                           "cli")
    text = _all_text(_render(config, triaged, tmp_path))
    assert hostile in text and "TDP <1> & 2" in text
    assert "Trần Văn Tên" not in text  # private names stay out unless asked for
    with_names = _all_text(_render(config, triaged, tmp_path, with_names=True))
    assert "TDP <1> & 2 (Ông Trần Văn Tên)" in with_names
    assert new.id in "\n".join(_notice(config, triaged).missing)


def test_export_is_atomic_and_respects_a_file_open_in_word(config, triaged, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "tb.docx"
    target.write_bytes(b"officer's own edits")
    (tmp_path / ".~lock.tb.docx#").write_text("open in LibreOffice")
    with default_template() as template, pytest.raises(InputError, match="đang được mở"):
        export_notice(_notice(config, triaged), target, template)
    assert target.read_bytes() == b"officer's own edits"
    broken = tmp_path / "broken.docx"
    _template_with(broken, "{{ ward }", "{{ year }}")
    (tmp_path / ".~lock.tb.docx#").unlink()
    with pytest.raises(InputError, match="sai cú pháp"):
        export_notice(_notice(config, triaged), target, broken)
    assert target.read_bytes() == b"officer's own edits"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx", "tb.docx"]  # no temp file left


# --- checking a template ----------------------------------------------------------------------------


def _template_with(path: Path, *paragraphs: str, table_cell: str | None = None) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_cell is not None:
        document.add_table(rows=2, cols=2).rows[1].cells[1].text = table_cell
    document.save(str(path))
    return path


def test_the_shipped_template_is_clean():
    with default_template() as template:
        assert check_template(template) == []


def test_template_check_names_unknown_variables_and_fields(tmp_path):
    path = _template_with(tmp_path / "t.docx", "Kính gửi {{ ward }}", "{{ chu_tich }}",
                          "{%p for task in tasks %}", "{{ task.donvi }} {{ task.unit }}", "{%p endfor %}",
                          table_cell="{{ counts.tong }}")
    problems = [str(p) for p in check_template(path)]
    assert any(p.startswith("đoạn 2 «{{ chu_tich }}»: lỗi: biến “chu_tich”") for p in problems)
    assert any(p.startswith("đoạn 4") and "“task.donvi” không có" in p for p in problems)
    assert any(p.startswith("bảng 1, hàng 2, cột 2") and "“counts.tong”" in p for p in problems)
    assert len(problems) == 3


def test_template_check_reports_syntax_errors_and_words_curly_quotes(tmp_path):
    curly = _template_with(tmp_path / "curly.docx", "{{ “a” if annex else ‘b’ }}")
    [problem] = check_template(curly)
    assert not problem.error and "nháy cong" in problem.message  # docxtpl straightens them itself
    broken = _template_with(tmp_path / "broken.docx", "Mở đầu", "{%p for task in tasks %}", "{{ task.text }}")
    [problem] = check_template(broken)
    assert problem.error and "sai cú pháp" in problem.message
    assert main(["template", "check", str(broken)]) == 1
    assert main(["template", "check", str(curly)]) == 0


# --- the command and LibreOffice --------------------------------------------------------------------


def test_export_notice_command(config, triaged, workdir, capsys):
    db = str(triaged.path)
    assert main(["--db", db, "export", "notice"]) == 0
    document = Document(str(workdir / "thong-bao-ket-luan-2025.docx"))
    assert "THÔNG BÁO" in _all_text(document)
    assert (workdir / "thong-bao-ket-luan-2025.docx").stat().st_mode & 0o777 == 0o640
    assert main(["--db", db, "export", "notice", "--no-annex", "-o", "khong-phu-luc.docx"]) == 0
    assert "PHỤ LỤC" not in _all_text(Document(str(workdir / "khong-phu-luc.docx")))


def test_pdf_without_libreoffice_says_so(config, triaged, workdir, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(workdir))
    assert main(["--db", str(triaged.path), "export", "notice", "--pdf"]) == 1
    assert "chưa cài LibreOffice" in capsys.readouterr().err
    assert (workdir / "thong-bao-ket-luan-2025.docx").exists()


@NEEDS_OFFICE
def test_libreoffice_renders_the_notice_as_the_seeds_read(config, triaged, workdir):
    assert main(["--db", str(triaged.path), "export", "notice", "--pdf"]) == 0
    pdf = workdir / "thong-bao-ket-luan-2025.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    first = " ".join(pages[0].split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "Số 46-TB/ĐU" in first and "THÔNG BÁO" in first
    assert "Phúc Lợi, ngày 03 tháng 11 năm 2025" in first
    assert pages[0].split("\n", 1)[0].strip() != "1"  # no page number on the first page
    assert pages[1].strip().startswith("2")  # "2" at the top of the second page
    assert any("PHỤ LỤC" in page for page in pages) and sum("Nội dung ý kiến" in p for p in pages) >= 2
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(workdir / "page")],
                   check=True)
    assert (workdir / "page-01.png").stat().st_size > 5000 or (workdir / "page-1.png").stat().st_size > 5000


def test_every_template_name_is_documented():
    from kiennghi.notice import template_names

    readme = (Path(__file__).resolve().parent.parent / "templates" / "README.md").read_text("utf-8")
    for name, record in template_names().items():
        assert f"`{name}" in readme, name
        for field in record or ():
            assert f".{field}`" in readme, f"{name}.{field}"


def test_answered_at_the_conference_means_answered_by_its_day(config, triaged):
    items = triaged.items(2025)
    triaged.update_item(items[0].id, {"response": "Đã trả lời trực tiếp tại Hội nghị"}, items[0].version, "tui")
    conference = triaged.conference(2025)
    today = date.today()
    assert triaged.answered_by(2025, today) == {items[0].id}
    assert triaged.answered_by(2025, today - timedelta(days=1)) == set()
    later = build_notice(config, conference, triaged.items(2025), answered=triaged.answered_by(2025, CONFERENCE_DAY))
    assert later.counts.answered == "00" and "trả lời" not in later.summary.split(";")[-1]
    same_day = build_notice(config, conference, triaged.items(2025), answered=triaged.answered_by(2025, today))
    assert same_day.counts.answered == "01" and "trực tiếp trao đổi, trả lời 01 ý kiến" in same_day.summary
