"""Write `templates/thong-bao-ket-luan.docx`, the notice template, from scratch.

The office edits the template in Word afterwards; this script is how the shipped one is made,
so that its layout (Hướng dẫn 36-HD/VPTW) is reviewable as code. Run it from the repository:

    python scripts/make_notice_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT

from docx_layout import (CENTER, LEFT, RIGHT, a4_document, cell_text, fixed_widths, keep_whole, no_borders, optional,
                         para, repeat_header_row, rule, set_font, shift_left, tag)

OUT = Path(__file__).resolve().parent.parent / "templates" / "thong-bao-ket-luan.docx"


def build() -> Document:
    doc = a4_document()

    tag(doc, "{%p if draft %}")
    para(doc, "DỰ THẢO", size=14, bold=True, align=RIGHT, after=0)
    tag(doc, "{%p endif %}")

    # The header block: the issuing body at the left, the Party's name, place and date at the right.
    head = doc.add_table(rows=1, cols=2)
    no_borders(head)
    # The issuing body's column holds "ĐẢNG ỦY PHƯỜNG NGỌC THỤY" (14 pt, bold) on one line.
    fixed_widths(head, [9.2, 8.3])
    shift_left(head, 1.0)  # as printed notices do: the block reaches into the left margin
    left, right = head.rows[0].cells
    left.paragraphs[0].alignment = CENTER
    run = left.paragraphs[0].add_run("{{ party_superior }}")
    set_font(run, 14)
    para(left, "{{ party_committee }}", bold=True, align=CENTER, after=0)
    para(left, "*", align=CENTER, after=0)
    para(left, "Số {{ number }}", align=CENTER, after=0)
    right.paragraphs[0].alignment = CENTER
    run = right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    set_font(run, 15, bold=True)
    rule(right, 1.2)
    para(right, "{{ place_date }}", italic=True, align=CENTER, after=0)

    para(doc, "", after=0)
    para(doc, "THÔNG BÁO", size=16, bold=True, align=CENTER, after=0)
    para(doc, "kết luận Hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Mặt trận "
              "Tổ quốc, các tổ chức chính trị - xã hội và Nhân dân trên địa bàn {{ ward }} năm {{ year }}",
         bold=True, align=CENTER, after=0)
    para(doc, "-----", align=CENTER, after=6)

    optional(doc, "basis", "{{ basis }}")
    para(doc, "{{ opening }}", indent=True)
    optional(doc, "reports", "{{ reports }}")
    optional(doc, "last_year", "{{ last_year }}")
    optional(doc, "speakers", "{{ speakers }}")
    para(doc, "{{ summary }}", indent=True)
    para(doc, "Qua những nội dung trao đổi tại Hội nghị, đồng chí Bí thư Đảng ủy kết luận:", indent=True)

    tag(doc, "{%p if results %}")
    para(doc, "{{ section.results }}. Về kết quả thực hiện nhiệm vụ", bold=True, indent=True)
    tag(doc, "{%p for line in results %}")
    para(doc, "{{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    para(doc, "{{ section.conclusions }}. Về các ý kiến, kiến nghị của Nhân dân", bold=True, indent=True)
    tag(doc, "{%p for topic in conclusions %}")
    tag(doc, "{%p for line in topic.paragraphs %}")
    para(doc, "{{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p if tasks %}")  # none in a draft made before any item was triaged
    para(doc, "{{ section.tasks }}. Giao nhiệm vụ cụ thể", bold=True, indent=True)
    para(doc, "Giao UBND phường chỉ đạo các đơn vị giải quyết dứt điểm các ý kiến thuộc thẩm quyền, "
              "trả lời bằng văn bản cho Nhân dân; cụ thể:", indent=True)
    tag(doc, "{%p for task in tasks %}")
    task = para(doc, "{{ task.number }} {{ task.text }} ", indent=True)
    set_font(task.add_run("{{ task.due }}"), 14, bold=True)  # the deadline in bold, as seed 000
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if beyond %}")
    para(doc, "{{ section.beyond }}. Đối với các ý kiến không thuộc thẩm quyền giải quyết của phường",
         bold=True, indent=True)
    tag(doc, "{%p for group in beyond %}")
    para(doc, "{{ group.text }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    para(doc, "{{ section.front }}. Đề nghị Ủy ban MTTQ và các tổ chức chính trị - xã hội phường",
         bold=True, indent=True)
    para(doc, "Tăng cường giám sát việc giải quyết các ý kiến, kiến nghị của Nhân dân; tuyên truyền, "
              "vận động Nhân dân thực hiện tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
         indent=True)
    para(doc, "{{ section.office }}. Giao Văn phòng Đảng ủy theo dõi, đôn đốc, tổng hợp kết quả thực "
              "hiện Thông báo này, báo cáo Ban Thường vụ Đảng ủy.", bold=True, indent=True)
    closing = para(doc, "Trên đây là nội dung kết luận của Chủ tọa Hội nghị đối thoại, Ban Thường vụ Đảng ủy "
                        "thông báo để các tổ chức, cá nhân liên quan biết và tổ chức thực hiện.", indent=True)
    closing.paragraph_format.keep_with_next = True  # the signature never stands alone on a page

    # Recipients at the left, the signature at the right.
    sign = doc.add_table(rows=1, cols=2)
    no_borders(sign)
    fixed_widths(sign, [8.0, 8.5])
    keep_whole(sign.rows[0])
    left, right = sign.rows[0].cells
    run = left.paragraphs[0].add_run("Nơi nhận:")
    set_font(run, 14, bold=True)
    run.font.underline = True
    tag(left, "{%p for recipient in recipients %}")
    para(left, "- {{ recipient }}{{ '.' if loop.last else ',' }}", size=12, align=LEFT, after=0)
    tag(left, "{%p endfor %}")
    right.paragraphs[0].alignment = CENTER
    run = right.paragraphs[0].add_run("{{ signing_authority }}")
    set_font(run, 14, bold=True)
    para(right, "{{ signer_title }}", bold=True, align=CENTER, after=0)
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, "{{ signer_name }}", bold=True, align=CENTER, after=0)

    # The annex: every item, its header row repeated on each page.
    # The annex starts a page by its title's own property, not by a page break in a paragraph of
    # its own: a break after a signature that fills its page would leave that page blank.
    tag(doc, "{%p if annex %}")
    para(doc, "PHỤ LỤC", bold=True, align=CENTER, after=0).paragraph_format.page_break_before = True
    para(doc, "{{ annex_title }}", bold=True, align=CENTER, after=0)
    para(doc, "(Kèm theo Thông báo số {{ number }})", italic=True, align=CENTER, after=6)
    widths = [1.2, 5.8, 2.2, 1.8, 3.2, 2.3]
    annex = doc.add_table(rows=8, cols=len(widths))
    annex.style = "Table Grid"
    annex.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(annex, widths)
    for cell, title in zip(annex.rows[0].cells, ("STT", "Nội dung ý kiến, kiến nghị", "Tổ dân phố",
                                                  "Thẩm quyền", "Đơn vị chủ trì / cơ quan chuyển đến", "Hạn")):
        cell_text(cell, title, bold=True, align=CENTER)
    repeat_header_row(annex.rows[0])
    # Every item numbered 1…N once; a heading row (spanning the table) over each group of items.
    cell_text(annex.rows[1].cells[0], "{%tr for row in annex_rows %}")
    cell_text(annex.rows[2].cells[0], "{%tr if row.heading %}")
    heading = annex.rows[3].cells[0].merge(annex.rows[3].cells[-1])
    cell_text(heading, "{{ row.heading }}", bold=True)
    cell_text(annex.rows[4].cells[0], "{%tr else %}")
    for cell, value, align in zip(annex.rows[5].cells,
                                  ("row.stt", "row.content", "row.to_dan_pho", "row.jurisdiction",
                                   "row.assignee", "row.deadline"),
                                  (CENTER, LEFT, LEFT, LEFT, LEFT, CENTER)):
        cell_text(cell, "{{ %s }}" % value, align=align)
    cell_text(annex.rows[6].cells[0], "{%tr endif %}")
    cell_text(annex.rows[7].cells[0], "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    return doc


if __name__ == "__main__":
    build().save(OUT)
    print(f"wrote {OUT}")
