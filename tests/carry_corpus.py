"""Variations for last year's unfinished items: an earlier year's items with every status, and a
later year's sheet that repeats some of them in other words (reworded, reordered, without
accents, with "đã kiến nghị từ năm trước"), next to petitions that repeat nothing.

`earlier_year(seed)` gives the earlier items; `later_sheet(seed, earlier)` the later sheet's
rows with, for each, the earlier item's index it repeats (or None); `write_sheet` writes them as
a real .xlsx the way the MTTQ's sheets look (title with the year, header, STT)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from kiennghi.model import NewItem

# One concern, said two ways: as last year's sheet said it, and as this year's says it again.
# The sector each is in, as last year's tracking workbook has it.
SECTORS = ("DO-THI", "NGAP-UNG", "DO-THI", "AN-NINH", "GIAO-THONG", "MOI-TRUONG", "MOI-TRUONG", "MOI-TRUONG")
CONCERNS = (
    ("Đề nghị sửa chữa hệ thống đèn chiếu sáng bị hỏng {place}, buổi tối đi lại rất tối",
     "Đèn chiếu sáng {place} hỏng từ lâu vẫn chưa được sửa chữa, buổi tối đi lại tối om"),
    ("Đề nghị nạo vét cống thoát nước {place}, cứ mưa lớn là ngập sâu",
     "Cứ mưa lớn {place} lại ngập sâu vì cống thoát nước chưa được nạo vét"),
    ("Đề nghị xử lý tình trạng lấn chiếm vỉa hè để kinh doanh, trông giữ xe {place}",
     "Vỉa hè {place} vẫn bị lấn chiếm để kinh doanh, trông giữ xe, đề nghị xử lý dứt điểm"),
    ("Đề nghị lắp đặt camera an ninh {place} vì thường xuyên xảy ra trộm cắp xe máy",
     "Trộm cắp xe máy {place} vẫn xảy ra thường xuyên, đề nghị sớm lắp đặt camera an ninh"),
    ("Đề nghị sửa chữa mặt đường {place} bị lún, nứt, nhiều ổ gà gây nguy hiểm",
     "Mặt đường {place} lún nứt, ổ gà ngày càng nhiều, gây nguy hiểm, đề nghị sớm sửa chữa"),
    ("Đề nghị thu gom rác thải tồn đọng nhiều ngày {place}, bốc mùi hôi",
     "Rác thải {place} tồn đọng nhiều ngày không được thu gom, bốc mùi hôi, đề nghị xử lý"),
    ("Đề nghị cắt tỉa cây xanh {place}, nhiều cành khô có nguy cơ gãy đổ khi mưa bão",
     "Cây xanh {place} nhiều cành khô chưa được cắt tỉa, mưa bão dễ gãy đổ, đề nghị xử lý"),
    ("Đề nghị kiểm tra, xử lý xưởng sửa chữa ô tô {place} gây tiếng ồn và mùi sơn",
     "Xưởng sửa chữa ô tô {place} vẫn gây ồn, mùi sơn nồng nặc, đề nghị kiểm tra xử lý"),
)
# Where: each petition names its own place, as real ones do ("đường Hội Xá đoạn trước Trường
# THCS Phúc Lợi"); a name many petitions share says little about sameness.
STREETS = ("Tân Thụy", "Hội Xá", "Đức Giang", "Mai Phúc", "Nguyễn Văn Linh", "Thạch Bàn", "Cầu Bây",
           "Vũ Xuân Thiều", "Ái Mộ", "Hồng Tiến", "Phú Viên", "Cự Khối", "Ngọc Thụy", "Gia Quất",
           "Thượng Thanh", "Giang Biên", "Việt Hưng", "Bồ Đề", "Ngọc Lâm", "Phúc Đồng", "Sài Đồng",
           "Lệ Mật", "Trường Lâm", "Huỳnh Tấn Phát", "Lâm Du", "Hoàng Như Tiếp", "Nguyễn Sơn", "Ngô Gia Tự",
           "Đoàn Khuê", "Chu Huy Mân", "Hoa Lâm", "Kim Quan", "Đào Đình Luyện", "Phan Văn Đáng", "Tư Đình",
           "Lý Sơn", "Nguyễn Cao Luyện", "Vạn Hạnh", "Thanh Am", "Lưu Khánh Đàm")
PLACES = tuple(f"{kind} {street}" for kind, street in zip(("phố", "đường", "khu", "ngõ 12 phố") * 10, STREETS))
STATUSES = ("chua-giai-quyet", "dang-giai-quyet", "da-giai-quyet", "khong-thuc-hien-duoc", None)
OPEN = {"chua-giai-quyet", "dang-giai-quyet", None}


def without_accents(text: str) -> str:
    """As typed without an input method: no diacritics, "đ" as "d", the capitals kept."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


@dataclass
class LaterRow:
    content: str
    to_dan_pho: str
    repeats: int | None  # the earlier item's index this petition repeats


@dataclass
class Earlier:
    item: NewItem
    concern: int
    place: int


def earlier_year(seed: int, size: int = 28) -> list[Earlier]:
    """Earlier items: concerns, each at its own place, each with a status (some none)."""
    rng = random.Random(seed)
    pairs = [(rng.randrange(len(CONCERNS)), place) for place in rng.sample(range(len(PLACES)), size)]
    found = []
    for concern, place in pairs:
        status = rng.choice(STATUSES)
        item = NewItem(CONCERNS[concern][0].format(place=PLACES[place]), to_dan_pho=f"Tổ dân phố số {place + 1}",
                       sector=SECTORS[concern], status=status, jurisdiction="phuong" if status else None)
        found.append(Earlier(item, concern, place))
    return found


def later_sheet(seed: int, earlier: list[Earlier], repeated: int = 16, fresh: int = 10) -> list[LaterRow]:
    """The later sheet: `repeated` of `earlier` said again in other words (some without
    accents, some saying it was raised before), and `fresh` petitions of the same concerns at
    places the earlier year did not name, shuffled."""
    rng = random.Random(seed + 1)
    rows = []
    for index in rng.sample(range(len(earlier)), repeated):
        concern, place = earlier[index].concern, earlier[index].place
        text = CONCERNS[concern][1].format(place=PLACES[place])
        style = rng.randrange(3)
        if style == 1:
            text = f"Kiến nghị từ năm trước nhưng chưa được giải quyết: {text[0].lower()}{text[1:]}"
        elif style == 2:
            text = without_accents(text)  # typed without an input method
        rows.append(LaterRow(text, f"TDP {place + 1}", index))
    # Fresh: a concern the earlier year had, at a place it did not name.
    taken = {e.place for e in earlier}
    others = [(rng.randrange(len(CONCERNS)), p) for p in range(len(PLACES)) if p not in taken]
    for concern, place in rng.sample(others, min(fresh, len(others))):
        rows.append(LaterRow(CONCERNS[concern][1].format(place=PLACES[place]), f"TDP {place + 1}", None))
    rng.shuffle(rows)
    return rows


def write_sheet(path: Path, year: int, rows: list[LaterRow]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append([f"TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI NĂM {year}"])
    sheet.append([])
    sheet.append(["STT", "Nội dung ý kiến, kiến nghị", "Tổ dân phố"])
    for n, row in enumerate(rows, start=1):
        sheet.append([n, row.content, row.to_dan_pho])
    book.save(path)
    return path
