"""The tracking workbook (*sổ theo dõi*): written for the staff, read back for a merge.

Sheet "Theo dõi" holds one row per item: its ID (locked), the item's text (locked), the triage and
the follow-up (editable, with drop-down lists from the hidden sheet "Danh mục"), and a hidden
version column that tells the merge which values the row was exported with. Sheet "Tổng hợp"
counts by formulas, so it stays right while staff edit. Columns are found back by their
headers (the configuration's aliases), never by position: staff insert, hide and reorder them.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kiennghi.config import Catalog, Config
from kiennghi.edits import catalog_for
from kiennghi.errors import InputError
from kiennghi.merge import WorkbookRow
from kiennghi.model import Item
from kiennghi.text import fold

from .grid import Sheet
from .output import write_atomically
from .sheets import read_sheets

TRACKING_SHEET = "Theo dõi"
SUMMARY_SHEET = "Tổng hợp"
LISTS_SHEET = "Danh mục"
HEADER_ROW = 2  # row 1 is the title
FORMULA_START = ("=", "+", "-", "@")
TRACKING_PART = "xl/worksheets/sheet1.xml"  # the first sheet created
EXCEL_EPOCH = date(1899, 12, 30)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    width: float
    editable: bool = False
    wrap: bool = False


COLUMNS = (
    Column("id", "Mã ý kiến", 13),
    Column("stt", "STT", 6),
    Column("content", "Nội dung ý kiến, kiến nghị", 55, wrap=True),
    Column("to_dan_pho", "Tổ dân phố", 14, wrap=True),
    Column("submitter", "Người kiến nghị", 16, wrap=True),
    Column("sector", "Lĩnh vực", 18, editable=True, wrap=True),
    Column("jurisdiction", "Thẩm quyền", 11, editable=True),
    Column("owner", "Đơn vị chủ trì", 18, editable=True, wrap=True),
    Column("co_owners", "Đơn vị phối hợp", 18, editable=True, wrap=True),
    Column("forward_to", "Cơ quan chuyển đến", 18, editable=True, wrap=True),
    Column("deadline", "Hạn giải quyết", 12, editable=True),
    Column("status", "Tình trạng", 16, editable=True, wrap=True),
    Column("response", "Kết quả giải quyết", 40, editable=True, wrap=True),
    Column("roadmap", "Lộ trình", 24, editable=True, wrap=True),
    Column("reason", "Lý do không thực hiện được", 24, editable=True, wrap=True),
    Column("note", "Ghi chú", 20, editable=True, wrap=True),
    Column("version", "Phiên bản (không sửa)", 8),
)
ID_HEADERS = ("Mã ý kiến", "Mã", "Mã KN", "ID")
VERSION_HEADERS = ("Phiên bản (không sửa)", "Phiên bản", "version")
CO_OWNER_SEPARATOR = "; "  # unit names hold commas ("Phòng Kinh tế, Hạ tầng và Đô thị")

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="Times New Roman", size=12)
_HEADER_FONT = Font(name="Times New Roman", size=12, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")


def _catalog_text(catalog: Catalog, code: str | None) -> str:
    """What a cell shows for a code: the status's name, the others' short names."""
    return catalog.name(code) if catalog.kind == "statuses" else catalog.short(code)


def _listed(config: Config) -> list[tuple[Column, Catalog]]:
    """The columns whose cells take a value from one of the configuration's lists (a drop-down)."""
    return [(column, catalog) for column in COLUMNS if (catalog := catalog_for(config, column.field))]


def _catalog_texts(catalog: Catalog) -> list[str]:
    return [_catalog_text(catalog, entry.code) for entry in catalog]


def cell_value(config: Config, item: Item, field: str) -> object:
    """An item's field as the workbook shows it."""
    if field == "version":
        return item.version
    if field == "co_owners":
        return CO_OWNER_SEPARATOR.join(config.units.short(c) for c in item.co_owners)
    value = getattr(item, field)
    catalog = catalog_for(config, field)
    if catalog:
        return _catalog_text(catalog, value)
    return value if value is not None else ""


# --- export --------------------------------------------------------------------------------------


def export_workbook(config: Config, items: Sequence[Item], year: int, target: Path, title: str = "") -> Path:
    """Write the tracking workbook of `items` to `target`, atomically."""
    return write_atomically(target, lambda temp: _write(config, items, year, title, temp))


def export_workbooks(config: Config, items: Sequence[Item], year: int, target: Path, owner: str | None = None,
                     by_owner: bool = False) -> list[tuple[Path, int]]:
    """The tracking workbook at `target`; with `owner`, only the items that unit leads or helps
    with; with `by_owner`, one workbook per unit in the folder `target` (units with no item
    get none). Returns each path written with its number of items."""
    if owner is not None and owner not in config.units:
        raise InputError(f"Không có đơn vị mã “{owner}” (các mã: {', '.join(config.units.codes)}).")
    owners: list[str | None] = list(config.units.codes) if by_owner else [owner]
    written = []
    for code in owners:
        mine = [i for i in items if code is None or i.owner == code or code in i.co_owners]
        if by_owner and not mine:
            continue
        path = target / f"theo-doi-{year}-{code}.xlsx" if by_owner else target
        title = f"SỔ THEO DÕI GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN NĂM {year}"
        if code is not None:
            title += f" — {config.units.name(code).upper()}"
        written.append((export_workbook(config, mine, year, path, title), len(mine)))
    return written


def _style_of(sheet, editable: bool, wrap: bool, number_format: str = "General", quote: bool = False) -> StyleArray:
    """A data cell's style (font, border, wrapping, locked or not, number format, quote prefix)."""
    cell = WriteOnlyCell(sheet)
    cell.font, cell.border = _FONT, _BORDER
    cell.alignment = Alignment(vertical="top", wrap_text=wrap)
    cell.protection = Protection(locked=not editable)
    cell.number_format = number_format
    cell.quotePrefix = quote
    return cell._style


def _write(config: Config, items: Sequence[Item], year: int, title: str, path: Path) -> None:
    """The workbook, made by openpyxl but for the tracking sheet's data rows, which are written
    straight into the sheet's XML: openpyxl's own writing of 20,000 × 17 cells takes 6.5 s,
    this takes well under one (`bench/tracking_bench.py`)."""
    book, styles = _build(config, items, year, title)
    rows = _rows_xml(config, items, styles)
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        built = Path(work, "built.xlsx")
        book.save(built)
        with zipfile.ZipFile(built) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for member in source.infolist():
                data = source.read(member)
                if member.filename == TRACKING_PART:
                    data = data.replace(b"</sheetData>", rows.encode("utf-8") + b"</sheetData>", 1)
                out.writestr(member, data)


def _rows_xml(config: Config, items: Sequence[Item], styles: list[tuple[int, int, int]]) -> str:
    """The data rows of the tracking sheet as SpreadsheetML: inline strings (text is always text,
    never a formula), dates as serial numbers under a date style, the version as a number."""
    letters = [get_column_letter(n) for n in range(1, len(COLUMNS) + 1)]
    fields = [column.field for column in COLUMNS]
    parts = []
    for r, item in enumerate(items, start=HEADER_ROW + 1):
        parts.append(f'<row r="{r}">')
        for letter, field, (plain, dated, quoted) in zip(letters, fields, styles):
            value = cell_value(config, item, field)
            if value == "" or value is None:
                parts.append(f'<c r="{letter}{r}" s="{plain}"/>')
            elif isinstance(value, str):
                style = quoted if value.startswith(FORMULA_START) else plain
                parts.append(f'<c r="{letter}{r}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                             f"{_xml_text(value)}</t></is></c>")
            elif isinstance(value, date):
                parts.append(f'<c r="{letter}{r}" s="{dated}"><v>{(value - EXCEL_EPOCH).days}</v></c>')
            else:
                parts.append(f'<c r="{letter}{r}" s="{plain}"><v>{value}</v></c>')
        parts.append("</row>")
    return "".join(parts)


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _NOT_XML.sub("", text)


def _build(config: Config, items: Sequence[Item], year: int, title: str) -> tuple[Workbook, list[tuple[int, int, int]]]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(TRACKING_SHEET)
    last_row = HEADER_ROW + max(len(items), 1)
    letters = {column.field: get_column_letter(n) for n, column in enumerate(COLUMNS, start=1)}
    last_letter = letters["version"]

    for n, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(n)]
        dimension.width = column.width
        dimension.hidden = column.field == "version"
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{last_row}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # Locked cells protected, without a password; filtering, sorting, formatting and inserting
    # stay allowed (False: not protected).
    protection = sheet.protection
    protection.sheet = True
    for allowed in ("autoFilter", "sort", "formatCells", "formatColumns", "formatRows",
                    "insertColumns", "insertRows", "deleteColumns"):
        setattr(protection, allowed, False)

    title_cell = WriteOnlyCell(sheet, title or f"SỔ THEO DÕI GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN NĂM {year}")
    title_cell.font = Font(name="Times New Roman", size=14, bold=True)
    sheet.append([title_cell])
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)

    styles = [tuple(book._cell_styles.add(_style_of(sheet, column.editable, column.wrap, *variant))
                    for variant in ((), ("dd/mm/yyyy",), ("General", True)))
              for column in COLUMNS]

    _drop_downs(config, sheet, letters, last_row)
    _overdue_rule(config, sheet, letters, last_row)
    _summary(config, book.create_sheet(SUMMARY_SHEET), letters)
    _lists(config, book.create_sheet(LISTS_SHEET))
    return book, styles


def _drop_downs(config: Config, sheet, letters: dict[str, str], last_row: int) -> None:
    for n, (column, catalog) in enumerate(_listed(config)):
        list_letter = get_column_letter(n + 1)
        source = f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${len(catalog.entries) + 1}"
        validation = DataValidation(
            type="list", formula1=source, allow_blank=True, showErrorMessage=True,
            errorTitle="Giá trị không có trong danh mục",
            error=f"Hãy chọn {column.header.lower()} trong danh sách (trang “{LISTS_SHEET}”).",
        )
        validation.add(f"{letters[column.field]}{HEADER_ROW + 1}:{letters[column.field]}{last_row + 1000}")
        sheet.data_validations.append(validation)
    deadline = letters["deadline"]
    validation = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                showErrorMessage=True, errorTitle="Không phải ngày",
                                error="Hạn giải quyết là một ngày, ví dụ 28/11/2025.")
    validation.add(f"{deadline}{HEADER_ROW + 1}:{deadline}{last_row + 1000}")
    sheet.data_validations.append(validation)


def _overdue_rule(config: Config, sheet, letters: dict[str, str], last_row: int) -> None:
    """Rows past their deadline and neither done nor declared impossible, in red."""
    first = HEADER_ROW + 1
    deadline, status = f"${letters['deadline']}{first}", f"${letters['status']}{first}"
    closed = [_quote(config.statuses.name(e.code)) for e in config.statuses if e.group in ("done", "cannot")]
    condition = ",".join([f'{deadline}<>""', f"{deadline}<TODAY()", *(f"{status}<>{name}" for name in closed)])
    sheet.conditional_formatting.add(
        f"A{first}:{letters['note']}{last_row}", FormulaRule(formula=[f"AND({condition})"], fill=_OVERDUE_FILL),
    )


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _summary(config: Config, sheet, letters: dict[str, str]) -> None:
    """Counts by unit × status group, by jurisdiction, by sector, as formulas over "Theo dõi"."""
    def column(field: str) -> str:
        return f"'{TRACKING_SHEET}'!${letters[field]}:${letters[field]}"

    groups = (("done", "Đã giải quyết"), ("in-progress", "Đang giải quyết"), ("cannot", "Không thực hiện được"))
    bold = Font(name="Times New Roman", size=12, bold=True)
    for n, width in enumerate((34, 10, 14, 14, 14, 14, 12), start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width

    def heading(*texts: str) -> None:
        cells = []
        for text in texts:
            cell = WriteOnlyCell(sheet, text)
            cell.font, cell.fill, cell.border = bold, _HEADER_FILL, _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            cells.append(cell)
        sheet.append(cells)

    def plain(*values: object, percent_at: int | None = None) -> None:
        cells = []
        for n, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value)
            cell.font, cell.border = _FONT, _BORDER
            if n == percent_at:
                cell.number_format = "0.0%"
            cells.append(cell)
        sheet.append(cells)

    title = WriteOnlyCell(sheet, "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ")
    title.font = Font(name="Times New Roman", size=14, bold=True)
    sheet.append([title])
    sheet.append([])
    heading("Đơn vị chủ trì", "Tổng số", *(name for _, name in groups), "Chưa giải quyết", "Tỷ lệ hoàn thành")
    first = 4
    row = first
    for entry in config.units:
        owner = _quote(config.units.short(entry.code))
        total = f"COUNTIF({column('owner')},{owner})"
        counts = []
        for group, _ in groups:
            names = [config.statuses.name(s.code) for s in config.statuses if s.group == group]
            counts.append("=" + "+".join(f"COUNTIFS({column('owner')},{owner},{column('status')},{_quote(n)})"
                                         for n in names) if names else 0)
        plain(entry.name, f"={total}", *counts, f"=B{row}-C{row}-D{row}-E{row}",
              f'=IF(B{row}=0,"",C{row}/B{row})', percent_at=6)
        row += 1
    plain("Cộng", *(f"=SUM({c}{first}:{c}{row - 1})" for c in "BCDEF"),
          f'=IF(B{row}=0,"",C{row}/B{row})', percent_at=6)
    sheet.append([])
    heading("Thẩm quyền", "Số ý kiến")
    for entry in config.jurisdictions:
        plain(entry.name, f"=COUNTIF({column('jurisdiction')},{_quote(entry.short)})")
    sheet.append([])
    heading("Lĩnh vực", "Số ý kiến")
    for entry in config.sectors:
        plain(entry.name, f"=COUNTIF({column('sector')},{_quote(entry.short)})")


def _lists(config: Config, sheet) -> None:
    """The drop-downs' values, one column per list, on a hidden sheet."""
    sheet.sheet_state = "hidden"
    lists = [(column.header, _catalog_texts(catalog)) for column, catalog in _listed(config)]
    sheet.append([header for header, _ in lists])
    for n in range(max(len(values) for _, values in lists)):
        sheet.append([values[n] if n < len(values) else None for _, values in lists])


# --- reading back --------------------------------------------------------------------------------


def read_workbook(path: Path, config: Config) -> list[WorkbookRow]:
    """The rows of the tracking sheet of the workbook at `path` (.xlsx, .xls, .ods), with their
    cells by field. The sheet is the first with an item-ID column in its header."""
    sheets = read_sheets(path)
    for sheet in sheets:
        found = _header(sheet, config)
        if found is None:
            continue
        header_row, columns = found
        if "version" not in columns:
            raise InputError(f"Tệp {path.name}, trang “{sheet.name}”: không có cột “{VERSION_HEADERS[0]}” "
                             "(cột ẩn cuối bảng). Hãy gộp từ sổ do kiennghi xuất ra, đừng xóa cột đó.")
        rows = []
        places = [(field, c, get_column_letter(c + 1)) for field, c in columns.items()]
        needed = max(columns.values()) + 1
        for number, cells in enumerate(sheet.rows[header_row + 1:], start=header_row + 2):
            if len(cells) < needed:
                cells = cells + [""] * (needed - len(cells))
            if not any(cells[c] not in ("", None) for _, c, _ in places):
                continue
            rows.append(WorkbookRow(sheet.name, number, {field: (letter, cells[c]) for field, c, letter in places}))
        return rows
    names = ", ".join(f"“{s.name}”" for s in sheets)
    raise InputError(f"Tệp {path.name}: không trang nào ({names}) có cột “{ID_HEADERS[0]}”; "
                     "đây không phải sổ theo dõi do kiennghi xuất ra.")


def _header(sheet: Sheet, config: Config) -> tuple[int, dict[str, int]] | None:
    """The header row (0-based) and each known field's column, when the sheet has an ID column."""
    spellings: dict[str, str] = {}
    for column in COLUMNS:
        for alias in (column.header, *config.columns.get(column.field, ())):
            spellings.setdefault(fold(alias), column.field)
    for alias in ID_HEADERS:
        spellings[fold(alias)] = "id"
    for alias in VERSION_HEADERS:
        spellings[fold(alias)] = "version"
    for r, cells in enumerate(sheet.rows[:15]):
        columns: dict[str, int] = {}
        for c, value in enumerate(cells):
            field = spellings.get(fold(str(value))) if isinstance(value, str) and value else None
            if field and field not in columns:
                columns[field] = c
        if "id" in columns and "content" in columns:
            return r, columns
    return None
