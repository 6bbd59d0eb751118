"""The layout both shipped templates are built from (`make_notice_template.py`,
`make_review_template.py`): paragraphs, tables and the page, with python-docx."""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


# python-docx gives a paragraph's XML element through its format (an element proxy), and a run's
# as `run.element`; a table's and a row's are found above a paragraph of theirs.
def p_element(paragraph):
    return paragraph.paragraph_format.element


def tbl_element(table):
    return next(p_element(table.rows[0].cells[0].paragraphs[0]).iterancestors(qn("w:tbl")))


def tr_element(row):
    return next(p_element(row.cells[0].paragraphs[0]).iterancestors(qn("w:tr")))


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
    tbl_element(table).tblPr.append(borders)


def fixed_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_element(table).tblPr.append(layout)
    total = tbl_element(table).tblPr.find(qn("w:tblW"))
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))
    for column, width in zip(tbl_element(table).tblGrid.findall(qn("w:gridCol")), widths_cm):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def shift_left(table, cm: float) -> None:
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(-int(Cm(cm).twips)))
    indent.set(qn("w:type"), "dxa")
    tbl_element(table).tblPr.append(indent)


def rule(container, indent_cm: float):
    """The short rule under "ĐẢNG CỘNG SẢN VIỆT NAM": a thin paragraph with a top border."""
    paragraph = para(container, "", align=CENTER, after=0)
    p_pr = p_element(paragraph).get_or_add_pPr()
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
            run.element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run.element.append(instr)
        else:
            run.text = text


def keep_whole(row) -> None:
    """The row moves to the next page whole rather than splitting (the recipients and signature)."""
    tr_element(row).get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_header_row(row) -> None:
    tr_pr = tr_element(row).get_or_add_trPr()
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


def a4_document():
    """An empty document: A4 portrait, Times New Roman 14, margins 20 mm top and bottom, 30 mm
    left, 15 mm right, page numbers from page 2 on."""
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
    return doc


def people_committee_header(doc, number: str = "") -> None:
    """The header of the ward People's Committee's documents (the review, the reminders): its
    name and, when given, the document's number at the left; the national motto, place and date
    at the right."""
    head = doc.add_table(rows=1, cols=2)
    no_borders(head)
    fixed_widths(head, [6.5, 10.5])
    shift_left(head, 0.5)
    left, right = head.rows[0].cells
    left.paragraphs[0].alignment = CENTER
    set_font(left.paragraphs[0].add_run("{{ people_committee }}"), 13, bold=True)
    rule(left, 2.0)
    if number:
        para(left, number, size=13, align=CENTER, after=0)
    right.paragraphs[0].alignment = CENTER
    set_font(right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=0)
    rule(right, 2.5)
    para(right, "{{ place_date }}", italic=True, align=CENTER, after=0)
