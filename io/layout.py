"""Reading the items out of a sheet laid out by hand, as MTTQ and office staff make them.

`kiennghi.io.columns` finds the header and what each column holds; this module walks the rows
under it and tells each one's kind: a repeated header or a row of column numbers, a group
heading ("I. LĨNH VỰC ĐÔ THỊ", in whichever columns its numeral and title sit), a sub-heading
("1. Trật tự đô thị" over items "1.1", "1.2"), an item, a continuation of the item above (no
STT), a blank row, a totals row or summary table, the signature block. What it is not sure of
becomes a doubt on the sheet (`kiennghi.import_plan.Doubt`); what the officer says of the sheet
(`LayoutChoices`) comes before what it would guess.
"""

from __future__ import annotations

import re
from typing import Callable

from kiennghi.config import Catalog, Config, Entry
from kiennghi.dates import as_date
from kiennghi.fields import FIELDS, Date, Kind, Units
from kiennghi.import_plan import Doubt, GroupRow, Header, LayoutChoices, Problem, SheetResult, SkippedRow
from kiennghi.model import NewItem, Origin
from kiennghi.text import excerpt, fold

from .cells import (
    Numbering, cell_text, is_capitals, is_column_number, is_heading_numeral, is_long_text, is_mark, is_number,
    is_signature_line, is_total_label, looks_like_name, looks_like_place, looks_like_submitter, numbering,
    split_heading_numeral, split_submitter_place, words,
)
from .columns import ColumnMatcher, TableReader, texts_of

_YEAR = re.compile(r"\bnam (20\d\d)\b")
_SECTION = re.compile(r"\b(y kien|kien nghi|phan anh)\b")
# A sheet named after one residential group (not a cluster "TDP 1-8"): "TDP 12", "Tổ dân phố số 5".
_ONE_GROUP = re.compile(r"^\s*(TDP|T\.D\.P|Tổ dân phố|Tổ|KDC|Khu dân cư)\s*(số\s*)?\d{1,3}\s*$", re.I)
_NOTE = re.compile(r"^(ghi chu|luu y|chu thich|chu y|nb)\b")  # a note among the items: "Ghi chú: …"
_SECTION_LETTERS = set("ABDEFGH")  # "A. Ý KIẾN CỬ TRI", "B. …": sections above the sectors' "I.", "II."
SHORT_WORDS = 10  # a heading or a name; a petition is longer

# The fields a sheet's columns carry, by what their cells become: a code of a configured list,
# text as it is (the content read on its own).
_CODED = {f.name: f.catalog_name for f in FIELDS if f.aliased and f.catalog_name}
_TEXT_FIELDS = tuple(f.name for f in FIELDS if f.aliased and type(f.kind) is Kind and f.name != "stt")
_UNIT_LISTS = tuple(f.name for f in FIELDS if f.aliased and isinstance(f.kind, Units))
_DATES = tuple(f for f in FIELDS if f.aliased and isinstance(f.kind, Date))

NO_CONTENT = "không có nội dung"  # the reason a row is skipped for an empty content cell (it ends it)


# Words of a title that say the Front compiled the sheet.
_COMPILED = ("tong hop", "mat tran", "mttq", "uy ban mat tran")

class SheetParser:
    """Turns one sheet's rows into items, with everything the preview needs to explain it."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.tables = TableReader(config, ColumnMatcher(config.columns))
        self._conference_keys = [fold(name) for name in config.conference_sheets]
        self._skip_keys = [fold(name) for name in config.skip_sheets]

    def is_conference(self, text: str) -> bool:
        key = f" {fold(text)} "
        return any(f" {k} " in key for k in self._conference_keys if k)

    def parse(self, name: str, rows: list[list[object]], file_name: str, source: str | None,
              choices: LayoutChoices | None = None,
              remembered: dict[str, LayoutChoices] | None = None) -> SheetResult:
        sheet_source = source or ("hoi-nghi" if self.is_conference(name) else "mttq")
        result = SheetResult(sheet=name, source=sheet_source)
        key = f" {fold(name)} "
        if any(f" {k} " in key for k in self._skip_keys if k):
            result.ignored = "trang hướng dẫn, không chứa ý kiến"
            return result
        if not any(cell_text(v) for row in rows for v in row):
            result.ignored = "trang trống"
            return result
        choices = choices or LayoutChoices()
        header = self.tables.header(rows, choices, result.doubts)
        if header is not None and remembered and not choices.columns:
            saved = remembered.get(header.signature())
            if saved is not None and saved.columns:
                result.doubts.clear()
                choices = LayoutChoices(dict(saved.columns), choices.rows, choices.end,
                                        {**saved.values, **choices.values}, choices.used)
                header = self.tables.header(rows, choices, result.doubts)
                result.remembered = "cách đọc cột đã lưu cho bảng cùng mẫu"
        if header is None:
            result.ignored = "không tìm thấy hàng tiêu đề có cột nội dung"
            return result
        result.header = header
        titles = [cell_text(v) for row in rows[: header.rows[0] - 1] for v in row if cell_text(v)]
        result.year_hint = _year_hint(titles, name)
        # Titled "Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ", whatever the sheet's name; not a tracking workbook,
        # whose results columns say it follows the conference's items ("SỔ THEO DÕI … TẠI HỘI NGHỊ
        # ĐỐI THOẠI"), wherever each was raised.
        tracking = any(name in header.columns for name in ("status", "response"))
        said = [t for t in titles if is_capitals(t) and self.is_conference(t)]
        if source is None and not tracking and said:
            result.source = "hoi-nghi"
            # A compilation the Front issues ("ỦY BAN MTTQ …", "TỔNG HỢP … TẠI HỘI NGHỊ ĐỐI THOẠI")
            # may be the petitions sent to the conference as well as those said at it: asked.
            compiled = f" {fold(' '.join(titles))} "
            if any(f" {word} " in compiled for word in _COMPILED) and " phat bieu " not in compiled:
                result.doubts.append(Doubt(
                    "source-unsure",
                    f"Tiêu đề “{excerpt(said[0], 80)}” nhắc đến hội nghị, nhưng trang là bảng tổng hợp của "
                    "MTTQ: các ý kiến được coi là phát biểu tại hội nghị. Nếu là ý kiến gửi tới hội nghị, "
                    f"nhập với --source \"{name}=mttq\".", row=header.rows[0] - 1 or None))
        walker = _RowWalker(self.config, result, rows, header, file_name, self.is_conference, choices)
        if "to_dan_pho" not in header.columns and header.split is None and _ONE_GROUP.match(name):
            walker.to_dan_pho = name  # a sheet per residential group: "TDP 12"
        walker.walk()
        if not result.items and not result.problems:
            result.ignored = "có hàng tiêu đề nhưng không có ý kiến nào bên dưới"
        return result


def _year_hint(titles: list[str], sheet_name: str) -> int | None:
    for text in titles + [sheet_name]:
        if match := _YEAR.search(fold(text)):
            return int(match.group(1))
    match = re.search(r"\b(20\d\d)\b", sheet_name)
    return int(match.group(1)) if match else None


def is_column_number_row(texts: list[str]) -> bool:
    values = [t for t in texts if t]
    return len(values) >= 2 and all(is_column_number(t) for t in values) and len(set(values)) == len(values)


def heading_of(texts: list[str]) -> tuple[str, str] | None:
    """A row that is only a heading: (numeral, title), the numeral "" when there is none.

    "I" | "LĨNH VỰC ĐÔ THỊ" in two cells (in any columns), "I. LĨNH VỰC ĐÔ THỊ" in one, a
    numbered sub-heading "1." | "Trật tự đô thị", or a title alone.
    """
    filled = [t for t in texts if t]
    if len(filled) == 1:
        return split_heading_numeral(filled[0]) or ("", filled[0])
    if len(filled) == 2 and (is_heading_numeral(filled[0]) or numbering(filled[0])):
        return filled[0], filled[1]
    return None


def _is_title(text: str) -> bool:
    return bool(text) and words(text) <= 25 and not text.rstrip().endswith((".", ";", ","))


class _RowWalker:
    """One pass over the rows under the header."""

    def __init__(self, config: Config, result: SheetResult, rows: list[list[object]], header: Header,
                 file_name: str, is_conference: Callable[[str], bool], choices: LayoutChoices) -> None:
        self.config = config
        self.result = result
        self.rows = rows
        self.header = header
        self.columns = header.columns
        self.start = header.rows[-1]  # 0-based index of the first row under the header
        self.file_name = file_name
        self.choices = choices
        self.sector: str | None = None
        self.group_sector: str | None = None  # the group's, which a sub-heading may narrow
        self.source = result.source
        self._conference = is_conference
        self.stt = self.columns.get("stt")
        self.content = self.columns["content"]
        self.text_columns = [(name, self.columns[name]) for name in _TEXT_FIELDS
                             if name in self.columns and self.columns[name] != header.split]
        self.coded_fields = [(name, catalog) for name, catalog in _CODED.items() if name in self.columns]
        self.header_key = tuple(fold(header.labels[c]) if c is not None else "" for c in (self.stt, self.content))
        self.to_dan_pho = ""  # from group rows that name a residential group
        self.level = 0  # the heading level that set the source: 2 for "A.", 1 for "I."
        self._unknown: dict[tuple[str, str], list[int]] = {}
        self._two_sectors: dict[str, list[int]] = {}  # a sector cell naming two, and its rows

    def cell(self, row: list[object], c: int | None) -> str:
        if c is None or c >= len(row):
            return ""
        value = row[c]
        return value if type(value) is str else cell_text(value)

    def skip(self, number: int, reason: str, texts: list[str]) -> None:
        self.result.skipped.append(SkippedRow(number, reason, _excerpt(texts)))

    def doubt(self, kind: str, number: int, message: str) -> None:
        self.result.doubts.append(Doubt(kind, message[:1].upper() + message[1:], row=number))

    def walk(self) -> None:
        result, rows = self.result, self.rows
        last = min(len(rows), self.choices.end or len(rows))
        ended: str | None = None  # "summary" or "footer" once the table seems to end
        forced = self.choices.rows
        after_blank = False  # a continuation follows its item directly, never across a blank row
        for index in range(self.start, last):
            row = rows[index]
            number = index + 1
            if number in forced:
                self.forced(number, row, forced[number])
                continue
            stt_value = row[self.stt] if self.stt is not None and self.stt < len(row) else ""
            if type(stt_value) is int and 0 < stt_value < 1_000_000:  # most STT cells: a number
                stt = str(stt_value)
                number_of: Numbering | None = Numbering(stt, (stt_value,))
            else:
                stt = stt_value if type(stt_value) is str else cell_text(stt_value)
                number_of = numbering(stt) if stt else None
            content = self.cell(row, self.content)
            if number_of is not None and content and not content.isdigit() and not ended:
                if len(content) > 80 or words(content) > SHORT_WORDS or not self.subheading(index, number_of, row):
                    self.item(number, row, stt, content)  # the common case: a numbered item
                else:
                    self.group(number, content, sub=True)
                after_blank = False
                continue
            texts = texts_of(row)
            filled = [t for t in texts if t]
            if not filled:
                result.blank_rows += 1
                after_blank = True
                continue
            loose, after_blank = after_blank, False
            if is_column_number_row(texts):
                self.skip(number, "hàng đánh số cột", texts)
                continue
            if (fold(stt), fold(content)) == self.header_key:
                self.skip(number, "hàng tiêu đề lặp lại", texts)
                continue
            signature = [t for t in filled if is_signature_line(t)]
            sentence = any(is_long_text(t) for t in filled if t != stt and t not in signature and not is_total_label(t))
            if ended:
                if self.resumes(index, number_of, content):
                    if ended == "footer":
                        self.doubt("items-after-end", number, "có dòng giống ý kiến sau phần chữ ký; "
                                   "kiennghi không nhập. Nếu đúng là ý kiến, chọn lại dòng kết thúc bảng.")
                        ended = "after"
                    if ended == "summary":
                        ended = None
                if ended == "summary" and signature:
                    ended = "footer"
                if ended:
                    self.skip(number, "chân trang" if ended != "summary" else "bảng số liệu tổng hợp", texts)
                    continue
            if result.items and not sentence and number_of is None:
                if signature:
                    ended = "footer"
                    self.skip(number, "chân trang (nơi, ngày, chữ ký)", texts)
                    continue
                if any(is_total_label(t) for t in filled) or all(is_number(v) for v in row if cell_text(v)) \
                        or self.opens_summary(index, filled):
                    ended = "summary"
                    self.skip(number, "dòng tổng cộng, bảng số liệu", texts)
                    continue
            if len(filled) == 1 and _NOTE.match(fold(filled[0])):
                self.skip(number, "ghi chú trong bảng", texts)
                continue
            heading = heading_of(texts)
            if heading is not None and (not sentence or is_heading_numeral(heading[0])) \
                    and self.heading(index, number, heading):
                continue
            if content and (stt or self.stt is None or not result.items):
                self.item(number, row, stt, content)
            elif number_of is not None:  # numbered: an item of its own, never the end of another
                self.skip(number, f"STT {stt} nhưng {NO_CONTENT}", texts)
                self.doubt("looks-like-item", number, f"có STT {stt} nhưng cột nội dung trống; không nhập, không nối "
                           f"vào ý kiến trên. Nếu nội dung nằm ở cột khác, chỉ rõ bằng --column.")
            elif content or any(self.cell(row, c) for _, c in self.text_columns):
                if not result.items:
                    self.skip(number, "chưa có ý kiến nào ở trên để nối vào", texts)
                elif loose:
                    self.skip(number, "dòng rời sau dòng trống, không nối vào ý kiến trên", texts)
                    self.doubt("loose-row", number, f"“{_excerpt(texts)}” đứng riêng sau một dòng trống: không nhập, "
                               f"không nối vào ý kiến trên. Nếu là ý kiến, chỉ rõ bằng --row {number}=item.")
                else:
                    self.continuation(number, row, content)
            elif stt:
                self.skip(number, f"STT {stt} nhưng {NO_CONTENT}", texts)
                if number_of is not None:
                    self.doubt("looks-like-item", number, f"có STT {stt} nhưng cột nội dung trống.")
            else:
                self.skip(number, NO_CONTENT, texts)
        self.report_unknown()
        result.doubts.sort(key=lambda doubt: doubt.row or 0)  # in the sheet's order, the header's first

    def opens_summary(self, index: int, filled: list[str]) -> bool:
        """A caption such as "Phân loại theo lĩnh vực:" over a table of counts."""
        if len(filled) != 1 or not filled[0].endswith(":") or words(filled[0]) > 8:
            return False
        following = [row for row in self.rows[index + 1:index + 6] if any(cell_text(v) for v in row)][:3]
        return any(is_number(v) for row in following for v in row) and not any(
            is_long_text(cell_text(v)) for row in following for v in row)

    def next_is_item(self, index: int) -> bool:
        """The next row that is not blank is a numbered item."""
        for row in self.rows[index + 1:index + 4]:
            if any(cell_text(v) for v in row):
                stt = self.cell(row, self.stt) if self.stt is not None else ""
                return numbering(stt) is not None and bool(self.cell(row, self.content))
        return False

    def resumes(self, index: int, number_of: object, content: str) -> bool:
        """After totals or a footer: does the table go on here (a numbered sentence, or a
        heading right above one)?"""
        if number_of is not None and is_long_text(content):
            return True
        heading = heading_of(texts_of(self.rows[index]))
        if heading is None or not heading[0] and not is_capitals(heading[1]):
            return False
        for row in self.rows[index + 1:index + 4]:
            if any(cell_text(v) for v in row):
                stt, text = self.cell(row, self.stt), self.cell(row, self.content)
                return bool(numbering(stt)) and is_long_text(text)
        return False

    # --- headings ----------------------------------------------------------------------------

    def heading(self, index: int, number: int, heading: tuple[str, str]) -> bool:
        """Take the row as a heading if it is one; False when it is not."""
        numeral, title = heading
        if not _is_title(title):
            return False
        if numeral and is_heading_numeral(numeral):
            self.group(number, title, level=2 if numeral.rstrip(".)/:- ") in _SECTION_LETTERS else 1)
            return True
        if numeral:  # an arabic number: a sub-heading when items numbered under it follow
            number_of = numbering(numeral)
            if number_of is not None and self.subheading(index, number_of, self.rows[index]):
                self.group(number, title, sub=True)
                return True
            return False
        cells = [c for c, v in enumerate(self.rows[index]) if cell_text(v)]
        if cells == [self.content] and not is_capitals(title):
            # Text alone in the content column continues the item above, unless it is a short
            # title naming a sector over a numbered item.
            named = words(title) <= SHORT_WORDS and title[:1].isupper() and self.config.sectors.named_in(title)
            if not (named and self.next_is_item(index)):
                return False
        elif not (is_capitals(title) or self.config.sectors.match(title, partial=False) or looks_like_place(title)
                  or (words(title) <= SHORT_WORDS and self.config.sectors.named_in(title))):
            return False
        self.group(number, title, level=1)
        return True

    def subheading(self, index: int, number_of, row: list[object]) -> bool:
        """A numbered row is a sub-heading when it holds only a short title and the next
        numbered row is numbered under it ("1." then "1.1", or "a)")."""
        if sum(1 for value in row if cell_text(value)) != 2 or number_of.letter:
            return False  # the number and the title, nothing else
        for below in self.rows[index + 1:index + 6]:
            stt = self.cell(below, self.stt) if self.stt is not None else ""
            if not stt:
                stt = next((t for t in texts_of(below) if t), "")
            if not stt or _NOTE.match(fold(stt)):  # a note between the heading and its items
                continue
            child = numbering(stt)
            return child is not None and number_of.is_parent_of(child)
        return False

    def group(self, number: int, heading: str, *, level: int = 1, sub: bool = False) -> None:
        """A heading: a sector's group, a residential group's ("TỔ DÂN PHỐ SỐ 5"), a section
        ("B. Ý KIẾN PHÁT BIỂU TẠI HỘI NGHỊ"), or a sub-heading within the current group."""
        sectors = self.config.sectors
        groups = self.result.groups
        if sub:  # a sub-heading naming one sector ("2. Giao thông" under "ĐÔ THỊ, GIAO THÔNG") is that sector
            named = sectors.named_in(heading)
            self.sector = named[0].code if len(named) == 1 else self.group_sector
            groups.append(GroupRow(number, heading, self.sector, sub=True))
            return
        if self._conference(heading):
            self.source, self.level, self.sector = "hoi-nghi", level, None
            groups.append(GroupRow(number, heading, None))
            return
        if level >= self.level and self.source != self.result.source:
            self.source, self.level = self.result.source, 0
        mapped = self.choices.value(heading)
        if mapped is not None and mapped in sectors:
            self.sector = self.group_sector = mapped
            groups.append(GroupRow(number, heading, mapped))
            return
        named = sectors.named_in(heading)
        if not named and looks_like_place(heading):
            self.to_dan_pho = heading
            groups.append(GroupRow(number, heading, None))
            return
        if not named and _SECTION.search(fold(heading)):
            self.sector = None  # a section of the sheet ("A. Ý KIẾN CỦA CỬ TRI"), not a sector
            groups.append(GroupRow(number, heading, None))
            return
        self.sector = self.group_sector = named[0].code if named else None
        others = tuple(entry.code for entry in named[1:])
        groups.append(GroupRow(number, heading, self.sector, others))
        if not named:
            self.doubt("no-sector", number, f"tiêu đề nhóm “{excerpt(heading, 60)}” không khớp lĩnh vực nào "
                       f"trong cấu hình: các ý kiến bên dưới chưa có lĩnh vực. Chỉ rõ bằng "
                       f"--map \"{excerpt(heading, 60)}=MÃ\" hoặc thêm bí danh vào [[sectors]].")
        elif others:
            names = ", ".join(sectors.short(code) for code in others)
            self.doubt("two-sectors", number, f"tiêu đề nhóm “{excerpt(heading, 60)}” nêu nhiều lĩnh vực: "
                       f"kiennghi xếp các ý kiến bên dưới vào {sectors.short(self.sector)}; có thể là {names}. "
                       f"Chọn khác bằng --map \"{excerpt(heading, 60)}=MÃ\".")

    # --- items -------------------------------------------------------------------------------

    def forced(self, number: int, row: list[object], kind: str) -> None:
        """A row the officer has said the kind of."""
        texts = texts_of(row)
        if kind == "skip":
            self.skip(number, "không phải ý kiến (theo lựa chọn)", texts)
        elif kind == "group":
            heading = heading_of(texts)
            title = heading[1] if heading else " ".join(t for t in texts if t)
            self.group(number, title, level=1)
        else:
            content = self.cell(row, self.content) or max(texts, key=len)
            if content:
                self.item(number, row, self.cell(row, self.stt), content, checked=True)

    def item(self, number: int, row: list[object], stt: str, content: str, checked: bool = False) -> None:
        if not checked and len(content) <= 60 and words(content) <= 6 and self.not_a_petition(number, content):
            self.skip(number, "không giống nội dung ý kiến", texts_of(row))
            return
        item = NewItem(content=content, stt=stt or None, source=self.source, sector=self.sector,
                       origin=Origin(self.file_name, self.result.sheet, [number]))
        width = len(row)
        for name, c in self.text_columns:
            value = row[c] if c < width else ""
            if value != "" and value is not None:
                setattr(item, name, value if type(value) is str else cell_text(value))
        if self.header.split is not None:
            self.who_and_where(item, self.cell(row, self.header.split))
        if item.proposed:
            item.proposed = self.proposal(item.proposed, number)
        if self.header.marks:
            self.marks(item, row, number)
        if not item.to_dan_pho:
            item.to_dan_pho = self.to_dan_pho
        for name, catalog_name in self.coded_fields:
            text = self.cell(row, self.columns[name])
            if text:
                entry = self.lookup(getattr(self.config, catalog_name), text, number, name)
                if entry is not None:
                    setattr(item, name, entry.code)
        for name in _UNIT_LISTS:
            units = self.cell(row, self.columns.get(name))
            if units:
                setattr(item, name, [
                    entry.code for part in re.split(r"[;\n]+", units) if part.strip()
                    if (entry := self.lookup(self.config.units, part, number, name)) is not None
                ])
        for field in _DATES:
            c = self.columns.get(field.name)
            day = row[c] if c is not None and c < width else ""
            if cell_text(day):
                try:
                    setattr(item, field.name, as_date(day))
                except ValueError as error:
                    self.problem(number, field.name, f"{field.label} {error}")
        self.result.items.append(item)

    def not_a_petition(self, number: int, content: str) -> bool:
        """A short cell in the content column that is a name, a signature line, a total, or
        holds no word at all ("1/2")."""
        if not any(ch.isalpha() for ch in content):
            self.doubt("not-a-petition", number, f"“{content}” không có chữ nào, không giống nội dung ý kiến; "
                       f"không nhập. Nếu đúng là ý kiến, chỉ rõ bằng --row {number}=item.")
        elif is_signature_line(content):
            self.doubt("looks-like-signature", number, f"“{content}” giống chữ ký hoặc chân trang, không nhập. "
                       f"Nếu đúng là ý kiến, chỉ rõ bằng --row {number}=item.")
        elif is_total_label(content):
            self.doubt("looks-like-total", number, f"“{content}” giống dòng tổng cộng, không nhập. "
                       f"Nếu đúng là ý kiến, chỉ rõ bằng --row {number}=item.")
        elif looks_like_name(content) or (looks_like_submitter(content) and words(content) <= 5):
            self.doubt("looks-like-name", number, f"“{content}” giống tên người hoặc tổ chức, không giống "
                       f"nội dung ý kiến; không nhập. Nếu đúng là ý kiến, chỉ rõ bằng --row {number}=item.")
        else:
            return False
        return True

    def who_and_where(self, item: NewItem, text: str) -> None:
        """A cell holding both the submitter and the place ("Ông A, TDP 5")."""
        if not text:
            return
        split = split_submitter_place(text)
        if split:
            item.submitter, where = split
            item.to_dan_pho = item.to_dan_pho or where
        elif looks_like_place(text) and not looks_like_submitter(text):
            item.to_dan_pho = item.to_dan_pho or text
        else:
            item.submitter = text

    def proposal(self, text: str, number: int) -> str:
        """The unit or body the sheet proposes, as the configuration names it when it can."""
        config = self.config
        code = self.choices.value(text)
        for catalog in (config.units, config.bodies):
            entry = catalog.get(code) if code in catalog else catalog.match(text)
            if entry is not None:
                return text if code is None else entry.name
        self._unknown.setdefault(("proposed", text), []).append(number)
        return text

    def marks(self, item: NewItem, row: list[object], number: int) -> None:
        values: dict[str, set[str]] = {}
        for c, mark in self.header.marks.items():
            if mark is not None and is_mark(self.cell(row, c)):
                values.setdefault(mark.field, set()).add(mark.value)
        for name, found in values.items():
            if len(found) == 1:
                setattr(item, name, found.pop())
            else:
                self.doubt("mark-conflict", number, f"đánh dấu “x” ở nhiều cột ({', '.join(sorted(found))}): "
                           "để trống, hãy chọn khi phân loại.")

    def continuation(self, number: int, row: list[object], content: str) -> None:
        """A row with no STT under an item: its text continues the item's cells."""
        item = self.result.items[-1]
        own = [name for name in ("to_dan_pho", "submitter") if self.cell(row, self.columns.get(name))]
        if content and is_long_text(content) and own:  # its own place or submitter: an item of its own?
            self.doubt("continuation-looks-like-item", number,
                       f"không có STT nên được nối vào ý kiến ở dòng {item.origin.rows[0]}, nhưng giống một ý kiến "
                       f"riêng. Nếu đúng vậy, chỉ rõ bằng --row {number}=item.")
        for name, c in [("content", self.content), *self.text_columns]:
            extra = self.cell(row, c)
            if extra:
                current = getattr(item, name)
                setattr(item, name, f"{current} {extra}" if current else extra)
        item.origin.rows.append(number)

    def lookup(self, catalog: Catalog, text: str, number: int, name: str) -> Entry | None:
        code = self.choices.value(text)
        if code is not None and code in catalog:
            return catalog.get(code)
        if name == "sector" and len(named := catalog.named_in(text)) > 1:  # "Môi trường - đô thị"
            self._two_sectors.setdefault(text, []).append(number)
            return named[0]
        entry = catalog.match(text)
        if entry is None:
            known = ", ".join(e.short for e in catalog)
            self.problem(number, name, f"“{text}” không khớp mục nào trong danh sách {catalog.kind} "
                                       f"của cấu hình ({known}); hãy sửa ô, thêm bí danh vào "
                                       f"[[{catalog.kind}]] aliases hoặc chỉ rõ bằng --map \"{text}=MÃ\"")
        return entry

    def problem(self, number: int, name: str, message: str) -> None:
        self.result.problems.append(Problem(number, self.columns[name], message))

    def report_unknown(self) -> None:
        """One doubt per proposed unit the configuration does not know, and per sector cell
        naming two sectors, with their rows."""
        sectors = self.config.sectors
        for text, numbers in self._two_sectors.items():
            first, *others = sectors.named_in(text)
            self.result.doubts.append(Doubt(
                "two-sectors",
                f"“{excerpt(text, 60)}” (dòng {_rows(numbers)}) nêu nhiều lĩnh vực: kiennghi xếp vào {first.short}; "
                f"có thể là {', '.join(e.short for e in others)}. Chọn khác bằng --map \"{excerpt(text, 60)}=MÃ\".",
                row=numbers[0], column=self.columns["sector"]))
        column = self.columns.get("proposed", self.header.split)
        for (_, text), numbers in self._unknown.items():
            self.result.doubts.append(Doubt(
                "unknown-value",
                f"“{excerpt(text, 60)}” (dòng {_rows(numbers)}) không khớp đơn vị hay cơ quan nào trong cấu hình: giữ "
                f"nguyên chữ, không dùng để gợi ý. Chỉ rõ bằng --map \"{excerpt(text, 60)}=MÃ\".",
                row=numbers[0], column=column))


def _rows(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:5])) + (" …" if len(numbers) > 5 else "")


def _excerpt(texts: list[str]) -> str:
    return excerpt(" | ".join(t for t in texts if t), 60)
