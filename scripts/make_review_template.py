"""Write `templates/bao-cao-ket-qua.docx`, the review report's template, from scratch.

The report is the ward People's Committee's (a state document, Nghị định 30/2020/NĐ-CP: "Số:",
"TM."); the office edits the template in Word afterwards. Run it from the repository:

    python scripts/make_review_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT

from docx_layout import (CENTER, LEFT, a4_document, people_committee_header, cell_text, fixed_widths, keep_whole, no_borders, para,
                         repeat_header_row, set_font, tag)

OUT = Path(__file__).resolve().parent.parent / "templates" / "bao-cao-ket-qua.docx"

# Each appendix: the Review's field, and its columns (heading, width in cm, the row's field).
# Widths (A4 portrait, 16.5 cm) hold "STT" and a date (dd/mm/yyyy, 11 pt) on one line.
APPENDICES = (
    ("done", (("STT", 1.2, "stt"), ("Nội dung ý kiến, kiến nghị", 5.8, "content"), ("Đơn vị giải quyết", 2.8, "unit"),
              ("Kết quả giải quyết", 4.2, "response"), ("Văn bản trả lời", 2.5, "answer"))),
    ("in_progress", (("STT", 1.2, "stt"), ("Nội dung ý kiến, kiến nghị", 4.5, "content"),
                     ("Đơn vị giải quyết", 2.5, "unit"), ("Lộ trình", 3.3, "roadmap"),
                     ("Dự kiến hoàn thành", 2.5, "expected"), ("Người chịu trách nhiệm", 2.5, "responsible"))),
    ("explained", (("STT", 1.2, "stt"), ("Nội dung ý kiến, kiến nghị", 5.8, "content"),
                   ("Đơn vị giải quyết", 2.8, "unit"), ("Nội dung giải trình, thông tin", 4.2, "response"),
                   ("Văn bản trả lời", 2.5, "answer"))),
    ("cannot", (("STT", 1.2, "stt"), ("Nội dung ý kiến, kiến nghị", 5.3, "content"), ("Đơn vị giải quyết", 2.5, "unit"),
                ("Lý do không thực hiện được", 3.75, "reason"), ("Kiến nghị, đề xuất", 3.75, "recommendation"))),
    ("not_yet", (("STT", 1.2, "stt"), ("Nội dung ý kiến, kiến nghị", 7.0, "content"), ("Tổ dân phố", 2.5, "to_dan_pho"),
                 ("Đơn vị giải quyết", 3.3, "unit"), ("Hạn giải quyết", 2.5, "deadline"))),
    ("forwarded", (("STT", 1.2, "stt"), ("Nội dung ý kiến, kiến nghị", 4.8, "content"),
                   ("Cơ quan chuyển đến (đơn vị tổng hợp)", 2.8, "unit"), ("Kết quả", 2.2, "category"),
                   ("Trả lời của cấp trên", 5.5, "reply"))),
)


def appendix(doc: Document, name: str, columns) -> None:
    """ "PHỤ LỤC n" on a new page, its title, and its table, whose header row repeats on each
    page; left out when the appendix has no row."""
    tag(doc, "{%p if " + name + ".rows %}")
    para(doc, "PHỤ LỤC {{ " + name + ".number }}", bold=True, align=CENTER, after=0).paragraph_format.page_break_before = True
    para(doc, "{{ " + name + ".title }}", bold=True, align=CENTER, after=0)
    para(doc, "(Kèm theo Báo cáo kết quả giải quyết các ý kiến, kiến nghị năm {{ year }})", italic=True, align=CENTER,
         after=6)
    table = doc.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, [width for _, width, _ in columns])
    for cell, (heading, _, _) in zip(table.rows[0].cells, columns):
        cell_text(cell, heading, bold=True, align=CENTER)
    repeat_header_row(table.rows[0])
    cell_text(table.rows[1].cells[0], "{%tr for row in " + name + ".rows %}")
    for cell, (_, _, field) in zip(table.rows[2].cells, columns):
        cell_text(cell, "{{ row.%s }}" % field, align=CENTER if field in ("stt", "expected", "deadline") else LEFT)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    tag(doc, "{%p endif %}")


def tallies(doc: Document, name: str) -> None:
    """One line per tally of `name` (by jurisdiction, by unit): its total, then its categories."""
    tag(doc, "{%p for tally in " + name + " %}")
    para(doc, "- {{ tally.name }}: {{ tally.total }}{% if tally.text %}, trong đó {{ tally.text }}{% endif %}.",
         indent=True)
    tag(doc, "{%p endfor %}")


def build() -> Document:
    doc = a4_document()

    people_committee_header(doc, "Số:       /BC-UBND")

    para(doc, "", after=0)
    para(doc, "BÁO CÁO", bold=True, align=CENTER, after=0)
    para(doc, "{{ subject }}", bold=True, align=CENTER, after=0)
    tag(doc, "{%p if as_of %}")
    para(doc, "(Số liệu {{ as_of }})", italic=True, align=CENTER, after=0)
    tag(doc, "{%p endif %}")
    para(doc, "-----", align=CENTER, after=6)

    para(doc, "Thực hiện yêu cầu của Ban Thường vụ Đảng ủy phường về việc báo cáo tình hình, kết quả giải quyết "
              "các ý kiến, kiến nghị tại Hội nghị đối thoại năm {{ year }} (bao gồm cả nội dung thuộc thẩm quyền "
              "phường và nội dung trả lời của cấp trên), Ủy ban nhân dân {{ ward }} báo cáo như sau:", indent=True)
    para(doc, "I. KHÁI QUÁT CHUNG", bold=True, indent=True)
    para(doc, "{{ summary }}", indent=True)
    para(doc, "II. KẾT QUẢ GIẢI QUYẾT", bold=True, indent=True)
    para(doc, "1. Kết quả chung", bold=True, indent=True)
    tag(doc, "{%p for part in total.shares %}")
    para(doc, "- {{ part.name }}: {{ part.text }}{{ '.' if loop.last else ';' }}", indent=True)
    tag(doc, "{%p endfor %}")
    para(doc, "2. Theo thẩm quyền giải quyết", bold=True, indent=True)
    tallies(doc, "by_jurisdiction")
    para(doc, "3. Theo đơn vị chủ trì giải quyết (các ý kiến thuộc thẩm quyền của phường)", bold=True, indent=True)
    tallies(doc, "by_unit")
    tag(doc, "{%p if by_body %}")
    para(doc, "4. Các ý kiến chuyển cấp trên, theo cơ quan giải quyết", bold=True, indent=True)
    tallies(doc, "by_body")
    tag(doc, "{%p endif %}")
    para(doc, "Chi tiết từng ý kiến, kiến nghị theo kết quả giải quyết tại các phụ lục kèm theo.", indent=True)
    para(doc, "III. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, indent=True)
    para(doc, "Tiếp tục chỉ đạo các đơn vị giải quyết dứt điểm các ý kiến, kiến nghị đang giải quyết và chưa giải "
              "quyết; đôn đốc cấp trên trả lời các nội dung không thuộc thẩm quyền của phường.", indent=True)
    para(doc, "Trên đây là báo cáo kết quả giải quyết các ý kiến, kiến nghị tại Hội nghị đối thoại năm {{ year }} "
              "của Ủy ban nhân dân {{ ward }}./.", indent=True)

    sign = doc.add_table(rows=1, cols=2)
    no_borders(sign)
    fixed_widths(sign, [8.0, 8.5])
    keep_whole(sign.rows[0])
    left, right = sign.rows[0].cells
    run = left.paragraphs[0].add_run("Nơi nhận:")
    set_font(run, 12, bold=True, italic=True)
    for recipient in ("- Ban Thường vụ Đảng ủy phường;", "- Thường trực HĐND phường;", "- Ủy ban MTTQ phường;",
                      "- Các đơn vị thuộc phường;", "- Lưu: VT."):
        para(left, recipient, size=11, align=LEFT, after=0)
    right.paragraphs[0].alignment = CENTER
    set_font(right.paragraphs[0].add_run("TM. ỦY BAN NHÂN DÂN"), 14, bold=True)
    para(right, "CHỦ TỊCH", bold=True, align=CENTER, after=0)

    for name, columns in APPENDICES:
        appendix(doc, name, columns)
    return doc


if __name__ == "__main__":
    build().save(OUT)
    print(f"wrote {OUT}")
