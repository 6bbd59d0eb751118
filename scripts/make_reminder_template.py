"""Write `templates/nhac-viec.docx`, the template of the reminder sent to a unit, from scratch.

A short state document of the ward People's Committee (Nghị định 30/2020/NĐ-CP); the office
edits the template in Word afterwards. Run it from the repository:

    python scripts/make_reminder_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT

from docx_layout import (CENTER, LEFT, a4_document, people_committee_header, cell_text, fixed_widths, keep_whole, no_borders, para,
                         repeat_header_row, set_font)

OUT = Path(__file__).resolve().parent.parent / "templates" / "nhac-viec.docx"
# Widths (A4 portrait, 16.5 cm) hold "STT", an ID (KN-2025-002) and a date on one line.
# Each column's heading, width (cm) and cell; a forwarded item's status says which body has it.
COLUMNS = (("STT", 1.2, "{{ row.stt }}"), ("Mã", 2.8, "{{ row.id }}"),
           ("Nội dung ý kiến, kiến nghị", 5.3, "{{ row.content }}"), ("Hạn giải quyết", 2.5, "{{ row.deadline }}"),
           ("Quá hạn / còn", 2.2, "{{ row.when }}"),
           ("Tình trạng", 2.5, "{{ row.status }}{% if row.body %} (cấp trên: {{ row.body }}{% if row.answered %}, đã trả lời{% endif %})"
                          "{% endif %}"))


def build() -> Document:
    doc = a4_document()
    people_committee_header(doc)

    para(doc, "", after=0)
    para(doc, "PHIẾU NHẮC VIỆC", bold=True, align=CENTER, after=0)
    para(doc, "Về việc giải quyết các ý kiến, kiến nghị quá hạn và sắp đến hạn", bold=True, align=CENTER, after=6)
    para(doc, "Kính gửi: {{ unit }}.", align=CENTER)
    para(doc, "Tính đến ngày {{ today }}, {{ unit }} còn {{ situation }} (danh sách dưới đây, hạn sớm nhất trước). "
              "{{ request }}", indent=True)
    table = doc.add_table(rows=4, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, [width for _, width, _ in COLUMNS])
    for cell, (heading, _, _) in zip(table.rows[0].cells, COLUMNS):
        cell_text(cell, heading, bold=True, align=CENTER)
    repeat_header_row(table.rows[0])
    cell_text(table.rows[1].cells[0], "{%tr for row in rows %}")
    for cell, (_, _, text) in zip(table.rows[2].cells, COLUMNS):
        cell_text(cell, text, align=LEFT if text == "{{ row.content }}" else CENTER)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    para(doc, "", after=0)

    sign = doc.add_table(rows=1, cols=2)
    no_borders(sign)
    fixed_widths(sign, [8.0, 8.5])
    keep_whole(sign.rows[0])
    left, right = sign.rows[0].cells
    set_font(left.paragraphs[0].add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for recipient in ("- Như trên;", "- Lưu: VT."):
        para(left, recipient, size=11, align=LEFT, after=0)
    right.paragraphs[0].alignment = CENTER
    set_font(right.paragraphs[0].add_run("TL. CHỦ TỊCH"), 14, bold=True)
    para(right, "CHÁNH VĂN PHÒNG", bold=True, align=CENTER, after=0)
    return doc


if __name__ == "__main__":
    build().save(OUT)
    print(f"wrote {OUT}")
