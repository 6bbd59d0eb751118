"""Write `templates/thong-bao-ket-luan.docx`, the notice template, from scratch.

The office edits the template in Word afterwards; this script is how the shipped one is made,
so that its layout (Hướng dẫn 36-HD/VPTW) is reviewable as code. Run it from the repository:

    python scripts/make_notice_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "templates" / "thong-bao-ket-luan.docx"
FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


def set_font(style_or_run, size: float, bold: bool = False, italic: bool = False) -> None:
    font = style_or_run.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    fonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def para(container, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
         underline: bool = False, align=JUSTIFY, indent: bool = False, after: float = 6):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.27)
    if text:
        run = p.add_run(text)
        set_font(run, size, bold, italic)
        run.font.underline = underline
    return p


def tag(container, text: str):
    """A paragraph that holds only a docxtpl block tag (`{%p … %}`): removed when rendered."""
    return para(container, text, after=0)


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def fixed_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    total = table._tbl.tblPr.find(qn("w:tblW"))
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def shift_left(table, cm: float) -> None:
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(-int(Cm(cm).twips)))
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(indent)


def rule(container, indent_cm: float):
    """The short rule under "ĐẢNG CỘNG SẢN VIỆT NAM": a thin paragraph with a top border."""
    paragraph = para(container, "", align=CENTER, after=0)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        top.set(qn(key), value)
    borders.append(top)
    p_pr.append(borders)
    paragraph.paragraph_format.left_indent = Cm(indent_cm)
    paragraph.paragraph_format.right_indent = Cm(indent_cm)
    paragraph.paragraph_format.line_spacing = Pt(6)
    return paragraph


def page_number_header(section) -> None:
    """Page numbers at the top centre, from page 2 on (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        set_font(run, 14)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def keep_whole(row) -> None:
    """The row moves to the next page whole rather than splitting (the recipients and signature)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def cell_text(cell, text: str, *, size: float = 11, bold: bool = False, align=LEFT) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    set_font(run, size, bold)


def optional(doc, name: str, text: str) -> None:
    """A paragraph printed only when the notice has `name` (the seeds' basis, reports, speakers)."""
    tag(doc, "{%p if " + name + " %}")
    para(doc, text, indent=True)
    tag(doc, "{%p endif %}")


def build() -> Document:
    doc = Document()
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.line_spacing = 1.1

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    page_number_header(section)

    tag(doc, "{%p if draft %}")
    para(doc, "DỰ THẢO", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    tag(doc, "{%p endif %}")

    # The header block: the issuing body at the left, the Party's name, place and date at the right.
    head = doc.add_table(rows=1, cols=2)
    no_borders(head)
    fixed_widths(head, [8.4, 8.6])
    shift_left(head, 0.5)  # as printed notices do: the block reaches into the left margin
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

    para(doc, "{{ section.tasks }}. Giao nhiệm vụ cụ thể", bold=True, indent=True)
    para(doc, "Giao UBND phường chỉ đạo các đơn vị giải quyết dứt điểm các ý kiến thuộc thẩm quyền, "
              "trả lời bằng văn bản cho Nhân dân; cụ thể:", indent=True)
    tag(doc, "{%p for task in tasks %}")
    task = para(doc, "{{ task.number }} {{ task.text }} ", indent=True)
    set_font(task.add_run("{{ task.due }}"), 14, bold=True)  # the deadline in bold, as seed 000
    tag(doc, "{%p endfor %}")

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
    para(doc, "Trên đây là nội dung kết luận của Chủ tọa Hội nghị đối thoại, Ban Thường vụ Đảng ủy "
              "thông báo để các tổ chức, cá nhân liên quan biết và tổ chức thực hiện.", indent=True)

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
