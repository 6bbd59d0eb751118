"""The tracking workbook (*sổ theo dõi*): written for the staff, read back for a merge.

Sheet "Theo dõi" holds one row per item: its ID (locked), the item's text (locked), the triage and
the follow-up (editable, with drop-down lists from the hidden sheet "Danh mục"), and a hidden
version column that tells the merge which values the row was exported with. Sheet "Tổng hợp"
counts by formulas, so it stays right while staff edit. Columns are found back by their
headers (the configuration's aliases), never by position: staff insert, hide and reorder them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from operator import attrgetter
from typing import Sequence

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from kiennghi.bulk import collector_paused
from kiennghi.config import Config
from kiennghi.errors import InputError
from kiennghi.fields import FIELD, FIELDS, Date
from kiennghi.merge import WorkbookRow
from kiennghi.model import Item
from kiennghi.notice import upper_first
from kiennghi.text import fold
from kiennghi.triage import OPEN_GROUPS

from .grid import Sheet
from .output import write_atomically
from .sheets import read_sheets, uncomputed_formulas

TRACKING_SHEET = "Theo dõi"
SUMMARY_SHEET = "Tổng hợp"
LISTS_SHEET = "Danh mục"
HEADER_ROW = 2  # row 1 is the title
FORMULA_START = ("=", "+", "-", "@")
_TEXT_TO_CHECK = (*FORMULA_START, "<r>")
# XML 1.0 cannot hold these two, and calamine does not read back Excel's escapes for them
# ("_xFFFE_"); kiennghi.text.clean_cell drops them too, so the merge sees nothing changed.
_NOT_CHARACTERS = {0xFFFE: None, 0xFFFF: None}
_LAST_ROW = 1_048_575  # Excel's, 0-based: a range to it is whole columns


@dataclass(frozen=True)
class Column:
    """A column of the tracking sheet: an item's field (`kiennghi.fields`), the item's ID or its
    version. Staff may edit a field that officers may, except the petition's own words (locked)."""

    field: str
    width: float  # in characters of the default font
    wrap: bool = False
    heading: str = ""  # the field's title unless given
    printed: bool = False  # one of the columns a printed page shows

    @property
    def header(self) -> str:
        return self.heading or FIELD[self.field].title

    @property
    def dated(self) -> bool:
        return self.field in FIELD and isinstance(FIELD[self.field].kind, Date)

    @property
    def editable(self) -> bool:
        field = FIELD.get(self.field)
        return field is not None and field.editable and not field.petition


COLUMNS = (
    # Printed: what a page of the sheet shows (see `_print_setup`), the first columns.
    Column("id", 13, heading="Mã ý kiến", printed=True),
    Column("stt", 5, printed=True),
    Column("content", 42, wrap=True, heading="Nội dung ý kiến, kiến nghị", printed=True),
    Column("to_dan_pho", 11, wrap=True, printed=True),
    Column("owner", 13, wrap=True, printed=True),
    Column("forward_to", 13, wrap=True, printed=True),
    Column("deadline", 12, wrap=True, printed=True),
    Column("status", 13, wrap=True, printed=True),
    Column("response", 34, wrap=True, printed=True),
    Column("note", 10, wrap=True, printed=True),
    Column("submitter", 16, wrap=True),
    Column("sector", 18, wrap=True),
    Column("jurisdiction", 11, wrap=True),
    Column("co_owners", 18, wrap=True),
    Column("answer_no", 14, wrap=True),
    Column("answer_date", 12, wrap=True),
    Column("roadmap", 24, wrap=True),
    Column("expected", 12, wrap=True),
    Column("responsible", 18, wrap=True),
    Column("reason", 24, wrap=True),
    Column("recommendation", 24, wrap=True),
    Column("reply_body", 18, wrap=True),
    Column("reply_no", 14, wrap=True),
    Column("reply_date", 12, wrap=True),
    Column("reply_text", 40, wrap=True),
    Column("carried_from", 13, wrap=True),
    Column("duplicate_of", 13, wrap=True),  # the item it repeats: one concern (kiennghi.duplicates)
    Column("version", 8, heading="Phiên bản (không sửa)"),
)
ID_HEADERS = ("Mã ý kiến", "Mã", "Mã KN", "ID")
VERSION_HEADERS = ("Phiên bản (không sửa)", "Phiên bản", "version")

_FONT = {"font_name": "Times New Roman", "font_size": 12}
# The workbook's default font, its cells' too: the unit of the columns' widths is one of its
# digits, so that a width is the same wherever the file opens (the default Calibri is not on
# every machine LibreOffice runs on: a substitute's wider digits widened every column by a
# third); the row height and column width Excel gives that font, in pixels (XlsxWriter's).
_DEFAULT_SIZES = {"default_row_height": 21, "default_column_width": 72}
_BORDER = {"border": 1, "border_color": "#808080"}
_HEADING = {**_FONT, **_BORDER, "bold": True, "pattern": 1, "bg_color": "#DDEBF7", "text_wrap": True,
            "align": "center", "valign": "vcenter"}
_TITLE = {"font_name": "Times New Roman", "font_size": 14, "bold": True}
_OVERDUE = {"pattern": 1, "bg_color": "#F8CBAD"}
# Locked cells are protected, without a password; filtering, sorting, formatting, inserting rows
# and columns, deleting columns, and objects (comments) stay allowed; deleting rows does not.
_ALLOWED = {"objects": True, "scenarios": True, "format_cells": True, "format_columns": True,
            "format_rows": True, "insert_columns": True, "insert_rows": True, "delete_columns": True,
            "sort": True, "autofilter": True}


def _listed(config: Config) -> list[tuple[Column, list[str]]]:
    """The columns whose cells take a value from one of the configuration's lists (a drop-down),
    with the texts of the list's values as the cells show them."""
    columns = {column.field: column for column in COLUMNS}
    listed = []
    for field in FIELDS:  # in the field table's order, whatever the columns' order
        if field.catalog_name and field.name in columns:
            codes = [entry.code for entry in field.kind.catalog(config)]
            listed.append((columns[field.name], field.kind.cells(config, codes)))
    return listed


def _cell_text(config: Config, field: str, code: str) -> str:
    """What a cell of a coded field shows for `code`, as the summary's formulas look for it."""
    return FIELD[field].kind.cells(config, [code])[0]


def cell_value(config: Config, item: Item, field: str) -> object:
    """An item's field as the workbook shows it."""
    value = _cells(config, field, [getattr(item, field)])[0]
    return "" if value is None else value


def _cells(config: Config, field: str, values: list) -> list:
    """A column of `field`'s values as the workbook shows them (see `Kind.cells`); the ID and
    the version as they are."""
    return FIELD[field].kind.cells(config, values) if field in FIELD else values


def _columns(items: Sequence[Item]) -> list[list]:
    """Each column's values (`COLUMNS`), taken from the items in one pass (a pass per column
    took four times as long: 20,000 items, 0.19 s)."""
    columns = [list(values) for values in zip(*map(attrgetter(*(c.field for c in COLUMNS)), items))]
    return columns or [[] for _ in COLUMNS]


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


def _write(config: Config, items: Sequence[Item], year: int, title: str, path: Path) -> None:
    """The workbook, written by XlsxWriter.

    Not in its constant-memory mode: that mode writes each row as the next begins, as inline
    strings escaped cell by cell, and was the slower (by 0.2 to 0.5 s on 20,000 items); here
    the item rows are written a column at a time, each distinct text escaped once (shared
    strings), and 20,000 items take some 30 MB more while they are written (openpyxl's build
    took 110 MB). XlsxWriter's temporary files stay in the private work folder `path` is written
    in (see `write_atomically`), removed with it even after a kill (they hold residents' names)."""
    with collector_paused():
        book = xlsxwriter.Workbook(str(path), {
            "tmpdir": str(path.parent),
            # Cells are written by type (write_string, never write); even so, no text would
            # turn into a formula, a number or a link.
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            "default_format_properties": dict(_FONT), **_DEFAULT_SIZES,  # a copy: XlsxWriter adds to it
        })
        for name in (TRACKING_SHEET, SUMMARY_SHEET, LISTS_SHEET):
            sheet = book.add_worksheet(name)
            # The margins the workbook has always had (openpyxl's, Excel's "Normal" is narrower).
            sheet.set_margins(left=0.75, right=0.75, top=1, bottom=1)
            sheet.set_header(margin=0.5)
            sheet.set_footer(margin=0.5)
        letters = {column.field: xl_col_to_name(n) for n, column in enumerate(COLUMNS)}
        _tracking(config, book, book.get_worksheet_by_name(TRACKING_SHEET), items, year, title)
        _summary(config, book, book.get_worksheet_by_name(SUMMARY_SHEET), letters)
        _lists(config, book.get_worksheet_by_name(LISTS_SHEET))
        book.close()


def _tracking(config: Config, book: xlsxwriter.Workbook, sheet, items: Sequence[Item], year: int,
              title: str) -> None:
    """Sheet "Theo dõi": title, header, one row per item, drop-downs, protection, print setup."""
    last_row = HEADER_ROW + max(len(items), 1)  # as Excel numbers rows
    column_of = {column.field: n for n, column in enumerate(COLUMNS)}
    for n, column in enumerate(COLUMNS):
        sheet.set_column(n, n, column.width, None, {"hidden": column.field == "version"})
    sheet.freeze_panes(HEADER_ROW, column_of["content"])
    sheet.autofilter(HEADER_ROW - 1, 0, last_row - 1, len(COLUMNS) - 1)
    _print_setup(sheet)
    sheet.protect("", _ALLOWED)

    sheet.set_row(0, _TITLE_HEIGHT)
    sheet.write_string(0, 0, title or f"SỔ THEO DÕI GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN NĂM {year}",
                       book.add_format(_TITLE))
    heading = book.add_format(_HEADING)
    sheet.set_row(HEADER_ROW - 1, _height(max(_lines([column.header], column.width)[0] for column in COLUMNS)))
    for n, column in enumerate(COLUMNS):
        sheet.write_string(HEADER_ROW - 1, n, column.header, heading)
    _drop_downs(config, sheet, column_of, last_row)
    _overdue_rule(config, book, sheet, column_of, last_row)
    _rows(config, book, sheet, items)


def _print_setup(sheet) -> None:
    """A4 landscape, the printed columns (the first ones) one page wide and as many pages tall as
    it takes, the header on each page, numbered pages.

    All the columns would print at 28 % of their size, text over text; the printed ones print
    at 76 % (LibreOffice; the tests check a PDF it makes), each row as tall as its text (see
    `_lines`). The print area is whole columns, so that rows staff add print too."""
    printed = sum(column.printed for column in COLUMNS)  # the first ones (a test checks)
    _check(sheet.print_area(0, 0, _LAST_ROW, printed - 1))
    sheet.repeat_rows(HEADER_ROW - 1)
    _one_page_wide(sheet)
    sheet.center_horizontally()
    sheet.set_margins(left=0.35, right=0.35, top=0.5, bottom=0.6)
    sheet.set_header(margin=0.3)
    sheet.set_footer('&C&"Times New Roman"&11Trang &P/&N', {"margin": 0.3})


def _one_page_wide(sheet) -> None:
    """A4 landscape, one page wide and as many tall as it takes."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)


def _rows(config: Config, book: xlsxwriter.Workbook, sheet, items: Sequence[Item]) -> None:
    """The items' rows, written a column at a time.

    Every row carries the format of an editable text cell (unlocked, bordered, wrapped), which
    Excel and LibreOffice give each cell of the row that the file leaves out: an empty cell of
    an editable column ("Hạn giải quyết", "Lộ trình", "Ghi chú"…, most of the empty ones) is not
    written, so every editable column is wrapped (a date or a short name does not wrap; a date
    typed into such a cell is a date, as in a cell of General format); an empty locked one is
    written, with its column's format. Each row is as tall as its wrapped text (`_lines`)."""
    editable_text = book.add_format(_data_format(editable=True, wrap=True))
    runs = book.add_format(_FONT)
    lines = [1] * len(items)
    for c, (column, raw) in enumerate(zip(COLUMNS, _columns(items))):
        style = _data_format(column.editable, column.wrap)
        plain = book.add_format(style)
        values = _cells(config, column.field, raw)
        if column.wrap and not column.dated and any(values):
            lines = list(map(max, lines, _lines(values, column.width)))
        blank = None if column.editable and column.wrap else plain  # None: the row's format serves
        if column.field == "version":
            for r, number in enumerate(values, start=HEADER_ROW):
                sheet.write_number(r, c, number, plain)
        elif column.dated:
            _write_dates(sheet, c, values, book.add_format({**style, "num_format": "dd/mm/yyyy"}), blank)
        else:
            _write_texts(sheet, c, column, values, plain, book.add_format({**style, "quote_prefix": True}), blank,
                         runs)
    for r, count in enumerate(lines, start=HEADER_ROW):
        sheet.set_row(r, _height(count), editable_text)


# Rows of wrapped text: LibreOffice keeps a row of an .xlsx at the height the file gives it (or
# the default: one line), where Excel makes it as tall as its text; so the file gives each row
# the height its text takes, counted generously (a fixed height: once edited, a row stays as
# tall unless staff fit it again). A line of a column holds on average as many characters of
# Times New Roman 12 as the column's width (in its digits), some 15 % fewer at worst: counting
# 0.9 of the width left no line out of 240 texts of the 2024 workbook printed by LibreOffice
# (the tests print more).
_CHARACTERS_PER_WIDTH = 0.9
_LINE = 14.5  # points: a line of Times New Roman 12 (LibreOffice 13.3; Excel's one-line row 15.75)
_TITLE_HEIGHT = 21  # points: a line of the title's Times New Roman 14


def _lines(values: list, width: float) -> list[int]:
    """How many lines each of a column's values (texts, or "" and None) takes, at most."""
    fit = max(1, int(width * _CHARACTERS_PER_WIDTH))
    # Each paragraph's last line may be short: one more line per line break at most.
    return [-(-len(text) // fit) + text.count("\n") if text else 1 for text in values]


def _height(lines: int) -> float | None:
    """A row's height in points for `lines` lines of text; None (the default) for one."""
    return None if lines <= 1 else lines * _LINE + 2


def _data_format(editable: bool, wrap: bool) -> dict:
    return {**_FONT, **_BORDER, "valign": "top", "text_wrap": wrap, "locked": not editable}


def _write_dates(sheet, c: int, values: list[date | None], dated, blank) -> None:
    """`blank`: the format of an empty cell, None when the row's format serves."""
    write_datetime, write_blank = sheet.write_datetime, sheet.write_blank
    for r, value in enumerate(values, start=HEADER_ROW):
        if value:
            write_datetime(r, c, value, dated)
        elif blank is not None:
            write_blank(r, c, None, blank)


def _write_texts(sheet, c: int, column: Column, values: list[str | None], plain, quoted, blank, runs) -> None:
    """Text is always text: write_string, so that a cell that starts with "=" is no formula
    (Excel shows it with a quote prefix); `blank` is the format of an empty cell, None when the
    row's format serves."""
    everything = "\n".join(filter(None, values))
    if "\ufffe" in everything or "\uffff" in everything:
        values = [text.translate(_NOT_CHARACTERS) if text else text for text in values]
    write_string, write_blank = sheet.write_string, sheet.write_blank
    for r, text in enumerate(values, start=HEADER_ROW):
        if not text:
            if blank is not None:
                write_blank(r, c, None, blank)
            continue
        if text.startswith(_TEXT_TO_CHECK):
            style = quoted if text.startswith(FORMULA_START) else plain
            if text.startswith("<r>") and text.endswith("</r>"):
                # XlsxWriter takes such a string for the XML of a rich string it built itself
                # and writes it unescaped: as two runs of the cell's font it is plain text.
                written = sheet.write_rich_string(r, c, runs, text[:2], runs, text[2:], style)
            else:
                written = write_string(r, c, text, style)
        else:
            written = write_string(r, c, text, plain)
        if written:  # 0 but for a text cut to Excel's limit: the merge would take the cut for an edit
            if written == -2:
                raise InputError(f"Dòng {r + 1}, cột “{column.header}”: dài quá 32.767 ký tự, Excel không "
                                 "chứa được trong một ô. Hãy rút gọn rồi xuất lại.")
            _check(written)


def _drop_downs(config: Config, sheet, column_of: dict[str, int], last_row: int) -> None:
    """A drop-down from the hidden list sheet for each coded column, a date check for each
    column of dates; both 1,000 rows past the last item, for the rows staff add."""
    first, last = HEADER_ROW, last_row + 999  # 0-based: the first item's row to last_row + 1000
    for n, (column, texts) in enumerate(_listed(config)):
        letter = xl_col_to_name(n)
        _check(sheet.data_validation(first, column_of[column.field], last, column_of[column.field], {
            "validate": "list",
            "source": f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(texts) + 1}",
            "ignore_blank": True, "show_input": False,
            "error_title": "Giá trị không có trong danh mục",
            "error_message": f"Hãy chọn {column.header.lower()} trong danh sách (trang “{LISTS_SHEET}”).",
        }))
    for column in COLUMNS:
        if column.dated:
            c = column_of[column.field]
            _check(sheet.data_validation(first, c, last, c, {
                "validate": "date", "criteria": ">", "value": date(2000, 1, 1),
                "ignore_blank": True, "show_input": False, "error_title": "Không phải ngày",
                "error_message": f"{column.header} là một ngày, ví dụ 28/11/2025.",
            }))


def _check(result: int) -> None:
    """XlsxWriter warns and leaves out what it refuses (a title too long): not here."""
    if result:
        raise RuntimeError(f"XlsxWriter refused part of the tracking workbook ({result})")


def _overdue_rule(config: Config, book: xlsxwriter.Workbook, sheet, column_of: dict[str, int],
                  last_row: int) -> None:
    """Rows past their deadline and neither done nor declared impossible, in red (to the last
    column staff see)."""
    first = HEADER_ROW + 1
    deadline = f"${xl_col_to_name(column_of['deadline'])}{first}"
    status = f"${xl_col_to_name(column_of['status'])}{first}"
    closed = [_quote(_cell_text(config, "status", e.code)) for e in config.statuses if e.group not in OPEN_GROUPS]
    condition = ",".join([f'{deadline}<>""', f"{deadline}<TODAY()", *(f"{status}<>{name}" for name in closed)])
    shown = max(n for field, n in column_of.items() if field != "version")
    _check(sheet.conditional_format(HEADER_ROW, 0, last_row - 1, shown, {
        "type": "formula", "criteria": f"=AND({condition})", "format": book.add_format(_OVERDUE),
    }))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _summary(config: Config, book: xlsxwriter.Workbook, sheet, letters: dict[str, str]) -> None:
    """Counts by unit × status group, by jurisdiction, by sector, as formulas over "Theo dõi"."""
    def column(field: str) -> str:
        return f"'{TRACKING_SHEET}'!${letters[field]}:${letters[field]}"

    # Every result category a status belongs to but the last (not yet resolved: what the others
    # leave, statuses unset too).
    used = {entry.group for entry in config.statuses}
    groups = [(group, upper_first(words)) for group, words in config.categories.items()
              if group != "not-yet" and group in used]
    widths = (46, 10, *(14,) * (len(groups) + 1), 12)  # the first: the names of units, sectors…
    for n, width in enumerate(widths):
        sheet.set_column(n, n, width)
    _one_page_wide(sheet)
    heading_format = book.add_format(_HEADING)
    plain_format = book.add_format({**_FONT, **_BORDER})
    label_format = book.add_format({**_FONT, **_BORDER, "text_wrap": True})  # a long name: lines
    percent_format = book.add_format({**_FONT, **_BORDER, "num_format": "0.0%"})
    row = 0

    def heading(*texts: str) -> None:
        nonlocal row
        sheet.set_row(row, _height(max(_lines([text], width)[0] for text, width in zip(texts, widths))))
        for c, text in enumerate(texts):
            sheet.write_string(row, c, text, heading_format)
        row += 1

    def line(label: str, *cells: str | int, percent_at: int | None = None) -> None:
        """A label, then formulas (or a constant 0) in the next columns."""
        nonlocal row
        sheet.set_row(row, _height(_lines([label], widths[0])[0]))
        sheet.write_string(row, 0, label, label_format)
        for c, cell in enumerate(cells, start=1):
            style = percent_format if c == percent_at else plain_format
            if isinstance(cell, str):
                # No result kept in the file: LibreOffice would show one as it is (XlsxWriter's
                # 0) rather than compute the formula on opening.
                sheet.write_formula(row, c, cell, style, "")
            else:
                sheet.write_number(row, c, cell, style)
        row += 1

    sheet.write_string(0, 0, "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ", book.add_format(_TITLE))
    row = 2
    heading("Đơn vị chủ trì", "Tổng số", *(name for _, name in groups), upper_first(config.categories["not-yet"]),
            "Tỷ lệ hoàn thành")
    first = row + 1  # as Excel numbers rows
    letters_of = [xl_col_to_name(c) for c in range(1, len(groups) + 3)]  # the total, the groups, the rest
    rate = len(groups) + 3  # the column of the share done (1: the total)
    for entry in config.units:
        n = row + 1
        owner = _quote(_cell_text(config, "owner", entry.code))
        counts: list[str | int] = []
        for group, _ in groups:
            names = [_cell_text(config, "status", s.code) for s in config.statuses if s.group == group]
            counts.append("=" + "+".join(f"COUNTIFS({column('owner')},{owner},{column('status')},{_quote(name)})"
                                         for name in names) if names else 0)
        rest = f"=B{n}" + "".join(f"-{c}{n}" for c in letters_of[1:-1])
        line(entry.name, f"=COUNTIF({column('owner')},{owner})", *counts, rest,
             f'=IF(B{n}=0,"",C{n}/B{n})', percent_at=rate)
    n = row + 1
    line("Cộng", *(f"=SUM({c}{first}:{c}{n - 1})" for c in letters_of), f'=IF(B{n}=0,"",C{n}/B{n})',
         percent_at=rate)
    row += 1
    heading("Thẩm quyền", "Số ý kiến")
    for entry in config.jurisdictions:
        line(entry.name, f"=COUNTIF({column('jurisdiction')},{_quote(_cell_text(config, 'jurisdiction', entry.code))})")
    row += 1
    heading("Lĩnh vực", "Số ý kiến")
    for entry in config.sectors:
        line(entry.name, f"=COUNTIF({column('sector')},{_quote(_cell_text(config, 'sector', entry.code))})")


def _lists(config: Config, sheet) -> None:
    """The drop-downs' values, one column per list, on a hidden sheet."""
    sheet.hide()
    lists = [(column.header, texts) for column, texts in _listed(config)]
    for c, (header, values) in enumerate(lists):
        sheet.write_string(0, c, header)
    for r in range(max(len(values) for _, values in lists)):
        for c, (_, values) in enumerate(lists):
            if r < len(values):
                sheet.write_string(r + 1, c, values[r])

# --- reading back --------------------------------------------------------------------------------


def read_workbook(path: Path, config: Config) -> list[WorkbookRow]:
    """The rows of the tracking sheet of the workbook at `path` (.xlsx, .xls, .ods), with their
    cells by field and those holding a formula saved without its value. The sheet is the first
    with an item-ID column in its header."""
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
        places = {field: (c, xl_col_to_name(c)) for field, c in columns.items()}
        needed = max(columns.values()) + 1
        formulas = uncomputed_formulas(path, sheet.name, columns.values())
        # Trailing rows made only of formulas without values are past the rows read: empty here.
        last = max([len(sheet.rows)] + [r + 1 for r, _ in formulas])
        padded = sheet.rows + [[] for _ in range(last - len(sheet.rows))]
        for number, cells in enumerate(padded[header_row + 1:], start=header_row + 2):
            if len(cells) < needed:
                cells = cells + [""] * (needed - len(cells))
            uncomputed = frozenset(field for field, c in columns.items() if (number - 1, c) in formulas) \
                if formulas else frozenset()
            if not uncomputed and not any(cells[c] not in ("", None) for c in columns.values()):
                continue
            rows.append(WorkbookRow(sheet.name, number, cells, places, uncomputed))
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
