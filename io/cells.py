"""What a single cell of a hand-made sheet holds, told from its text alone.

These are the structural facts of Vietnamese administrative sheets, the same in every ward: how
items are numbered ("1", "1.", "1)", "1.1", "a)"), how group headings are numbered ("I", "II.",
"A."), what a person or an organisation that submits a petition looks like ("Ông …", "Chi hội
…"), what a place looks like ("TDP 5", "số nhà 12 ngõ 34"), the marks of a check column ("x"),
and the lines of a signature block or a totals row. Ward vocabulary (units, sectors, column
names) is in `config.toml`, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from kiennghi.text import fold, strip_accents

MAX_LABEL = 80  # a header label, a heading or a name is shorter than this
LONG_WORDS = 6  # a petition says at least this many words (most say far more)

_ARABIC = re.compile(r"^(\d{1,6})\s*[.)/]?$")
_DOTTED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?$")
_LETTER = re.compile(r"^([a-zđ])\s*[.)]$")
_ROMAN = re.compile(r"^(?=[IVXLC])(?:X{0,3})(?:IX|IV|V?I{0,3})\s*[.)/:-]?$")
_CAPITAL = re.compile(r"^[A-H]\s*[.)/:-]?$")
_COLUMN_NUMBER = re.compile(r"^(?:\(\d{1,2}\)|\d{1,2}|\([A-Z]\))$")
_HEADING_PREFIX = re.compile(r"^\s*(?P<num>[IVXLC]+|[A-H])\s*[.)/:-]\s*(?P<rest>\S.*)$", re.S)
_MARKS = frozenset({"x", "✓", "✔", "☑", "☒", "√", "v", "●", "•", "+"})

# Who submits a petition: a person with a form of address, a group of residents, an
# organisation of the Front. Matched on the folded text's first words.
_ADDRESS_FORMS = ("ong", "ba", "o", "b", "anh", "chi", "cu", "co", "chu", "bac", "dong chi", "d c", "dc", "ho",
                  "gia dinh")
_SUBMITTERS = _ADDRESS_FORMS + (
    "cu tri", "cac cu tri", "dai bieu", "nhan dan", "nguoi dan", "ho dan", "mot so ho dan", "mot so cu tri",
    "cac ho dan", "cu dan", "chi hoi", "chi bo", "chi doan", "hoi", "ban cong tac mat tran", "ban ctmt",
    "ban cong tac", "ban quan tri", "ban dai dien", "ban dieu hanh", "to truong", "to pho", "truong ban",
    "truong khu", "bi thu", "doan vien", "hoi vien", "nhom",
)
_SUBMITTER = re.compile(r"^(%s)\b" % "|".join(sorted(_SUBMITTERS, key=len, reverse=True)))
# Where: a residential group or an address.
_PLACE = re.compile(
    r"^(tdp|to dan pho|to|khu dan cu|kdc|cum dan cu|cum|khu pho|kp|thon|xom|ap|so nha|so \d+|nha so"
    r"|ngo|ngach|hem|kiet|duong|pho|toa|toa nha|chung cu|khu do thi|kdt|khu tap the|ktt|khu)\b"
)
_PLACE_INSIDE = re.compile(
    r"(?:[,;(–\n]|\s-)\s*((?:TDP|T\.D\.P|Tổ dân phố|tổ dân phố|[Tt]ổ(?! trưởng| phó)|Khu dân cư|KDC|Cụm dân cư|Khu phố|Thôn|Xóm"
    r"|Số nhà|số nhà|Nhà số|[Ss]ố (?=\d)|Ngõ|ngõ|Ngách|ngách|Hẻm|hẻm|Tòa|tòa|Chung cư|KĐT|Khu đô thị)\b.*)$", re.S
)
_DATE_LINE = re.compile(r"\bngay\b.{0,12}\bthang\b.{0,12}\bnam\b")
# Who compiled the sheet and how to reach them: "Người tổng hợp: …", "ĐT: 0912 …" (before folding).
_CONTACT = re.compile(r"^(nguoi lap( bieu)?|nguoi tong hop|can bo tong hop|lien he|dien thoai|so dien thoai|dt|sdt"
                      r"|email|fax)( \w+){0,3}\s*:")  # "ĐT liên hệ: …"
_SIGNATURE = re.compile(
    r"^(tm|t m|kt|tl|t l|tuq|q|thay mat)\b|^(chu tich|pho chu tich|nguoi lap( bieu)?|nguoi tong hop"
    r"|truong ban|pho truong ban|noi nhan|xac nhan|thu truong|can bo tong hop|bi thu|pho bi thu|thu ky"
    r"|ban thuong truc|uy vien thuong truc|truong khoi)$|^(noi nhan|nhu tren)\b|^luu\b(?! y\b)"
    r"|^(da ky|ky ten|ky ghi ro ho ten|ky va ghi ro ho ten|ky dong dau|da ky va dong dau)\b"
)
# A signer's title in capitals over the signature: "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN", "THƯ KÝ HỘI NGHỊ".
_SIGNER_TITLE = re.compile(r"^(chu tich|pho chu tich|truong ban|pho truong ban|thu ky|bi thu|pho bi thu|nguoi lap"
                           r"|nguoi tong hop|can bo tong hop|truong khoi|uy vien|giam doc|truong phong)\b")
_TOTAL = re.compile(r"^(bang )?(tong cong|tong so|so y kien|so luong y kien|so luong|thong ke|tong hop so|so kien nghi"
                    r"|tong hop theo|phan loai theo|chia theo)\b|^\d+ (y kien|kien nghi)\b"
                    r"|^(tong|cong)( \d.*)?$")
# Common family names: a cell of two to five capitalised words starting with one is a name.
_FAMILY_NAMES = frozenset(fold(name) for name in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Đào Mai Hà "
    "Lương Tạ Chu Vương Quách Nghiêm Lại Cao Kiều Lâm Phùng Tô Thái Triệu Doãn Đoàn Khuất Lưu Tăng "
    "Từ Hứa Mạc Đàm Trương Lò Ninh Tống Thân Khổng Giang Âu Đồng Văn Quan Hoa Ông Lã Diệp Nông Hàn"
).split())


@dataclass(frozen=True)
class Numbering:
    """An STT as typed: "12" → (12,), "1.2" → (1, 2), "b)" → ("b",)."""

    text: str
    parts: tuple[int | str, ...]

    @property
    def letter(self) -> bool:
        return isinstance(self.parts[-1], str)

    def is_parent_of(self, other: "Numbering") -> bool:
        """"1" or "1." over "1.1", "1.2"; an arabic number over "a)", "b)"."""
        if other.letter:
            return not self.letter
        return len(other.parts) == len(self.parts) + 1 and other.parts[: len(self.parts)] == self.parts


def numbering(text: str) -> Numbering | None:
    """The item numbering `text` is, if any."""
    if not text or len(text) > 12:
        return None
    if match := _ARABIC.match(text):
        return Numbering(text, (int(match[1]),))
    if match := _DOTTED.match(text):
        return Numbering(text, tuple(int(part) for part in match[1].split(".")))
    if match := _LETTER.match(text):
        return Numbering(text, (match[1],))
    return None


def is_heading_numeral(text: str) -> bool:
    """A group heading's numeral: "I", "IV.", "A", "B."."""
    return bool(text) and len(text) <= 6 and bool(_ROMAN.match(text) or _CAPITAL.match(text))


def split_heading_numeral(text: str) -> tuple[str, str] | None:
    """"II. LĨNH VỰC GIAO THÔNG" → ("II", "LĨNH VỰC GIAO THÔNG") when the numeral is a heading's."""
    match = _HEADING_PREFIX.match(text)
    if match and is_heading_numeral(match["num"]):
        return match["num"], match["rest"].strip()
    return None


def is_column_number(text: str) -> bool:
    return bool(_COLUMN_NUMBER.match(text))


def is_mark(text: str) -> bool:
    return text.strip().lower() in _MARKS


def words(text: str) -> int:
    return len(text.split())


def is_long_text(text: str) -> bool:
    """A sentence, as petitions are: several words, not all in capitals."""
    return words(text) >= LONG_WORDS and text.upper() != text


def is_sentence(text: str) -> bool:
    """A petition's text: a long text that is not a submitter's or a place's name."""
    return is_long_text(text) and not (words(text) <= 10 and (looks_like_submitter(text) or looks_like_place(text)))


def is_capitals(text: str) -> bool:
    return text.upper() == text and any(ch.isalpha() for ch in text)


def looks_like_submitter(text: str) -> bool:
    """"Ông Nguyễn Văn An", "Chi hội Người cao tuổi TDP 3", "Cử tri TDP 5", a bare name."""
    if not text or len(text) > MAX_LABEL or words(text) > 10:
        return False
    key = fold(text)
    match = _SUBMITTER.match(key)
    if match:
        if match[1] in _ADDRESS_FORMS:  # a form of address must come before a name
            rest = text.split(maxsplit=1)[1:]
            return bool(rest) and rest[0][:1].isupper()
        return True
    return looks_like_name(text)


def looks_like_name(text: str) -> bool:
    """A person's name alone: two to five capitalised words starting with a family name."""
    parts = text.split()
    return (2 <= len(parts) <= 5 and all(part[:1].isupper() and part.isalpha() for part in parts)
            and fold(parts[0]) in _FAMILY_NAMES and not is_capitals(text))


def looks_like_place(text: str) -> bool:
    """"TDP 5", "Tổ dân phố số 3", "Số nhà 12 ngõ 34 phố Ngọc Thụy", "Ngõ 12"."""
    if not text or len(text) > MAX_LABEL or words(text) > 14:
        return False
    key = fold(text)
    if _SUBMITTER.match(key) and not key.startswith(("to dan pho", "tdp")):
        return key.startswith("to ") and not key.startswith(("to truong", "to pho"))
    return bool(_PLACE.match(key))


def split_submitter_place(text: str) -> tuple[str, str] | None:
    """"Ông Nguyễn Văn A, TDP 5" or "Bà B - Tổ dân phố số 3" or "Ông C (ngõ 12)" → (who, where)."""
    match = _PLACE_INSIDE.search(text)
    if not match:
        return None
    who = text[: match.start(1)].rstrip(" ,;–-(\n")
    where = match[1].strip().rstrip(")").strip()
    if not who or not looks_like_submitter(who):
        return None
    return who, where


def is_date_line(text: str) -> bool:
    """"Phúc Lợi, ngày 20 tháng 10 năm 2025", "Hà Nội, ngày … tháng … năm 2025"."""
    return len(text) <= MAX_LABEL and bool(_DATE_LINE.search(fold(text)))


def is_signature_line(text: str) -> bool:
    """A line of a signature block or of the recipients: "TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH",
    "THƯ KÝ HỘI NGHỊ", "(Đã ký)", "Nơi nhận:", "- Lưu VT."."""
    if len(text) > MAX_LABEL:
        return False
    key = fold(text)
    if not key:
        return False
    if _SIGNATURE.match(key) or is_date_line(text) or _CONTACT.match(strip_accents(text).lower()):
        return True
    return is_capitals(text) and words(text) <= 8 and bool(_SIGNER_TITLE.match(key))


def is_total_label(text: str) -> bool:
    """"Tổng cộng: 42 ý kiến", "Tổng số", "Số ý kiến"."""
    return len(text) <= MAX_LABEL and bool(_TOTAL.match(fold(text)))


def is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\d+(?:[.,]\d+)?%?", value.strip()))


def cell_text(value: object) -> str:
    """A cell as text: "" for empty, dates as dd/mm/yyyy, whole numbers without ".0"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != datetime.min.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
