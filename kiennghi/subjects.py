"""What a petition speaks of: the places it names and its matter, so that two petitions about
the same place and the same matter, said in other words, are known as one concern.

Places are read from the words that introduce them in Vietnamese addresses, with and without
accents ("ngõ 140 Hoa Lâm", "ngach 66/12", "N.15 Bằng Liệt", "tòa HH4C", "chợ Ô Cách", "Trường
Tiểu học Đoàn Khuê", "phố Đoàn Khuê", "hồ Linh Đàm"): a *spot* is a place one can stand at
(a lane by its number, a house, a building, a market, a school, a bridge), an *area* a wider one
(a street, an urban area, a lake, a river). The matter comes from the configuration's
vocabulary of concerns (`[matters]`, with their synonyms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, NamedTuple

from .text import fold, nfc, strip_accents

if TYPE_CHECKING:
    from .config import Config

# Place words abbreviated: with a full stop, "N.15", "P. Bằng Liệt", "Đ. Kim Giang" ("D. Kim
# Giang" typed without accents; not initials, "ông Đ.V.T"); and a road by its initials before
# its name, "ĐL Thăng Long", "QL.Âu Cơ" (not a place's initials after its place word, "chợ ĐL").
_ABBREVIATED = re.compile(r"(?<![\w.])(?:(N|Ng|P|Đ|đ|D|TX|KP)\.\s*(?=\w)(?!\w\.)|(ĐL|QL)\.?\s*(?=\w))")
_ABBREVIATED_WORDS = {"N": "ngõ", "Ng": "ngách", "P": "phố", "Đ": "đường", "đ": "đường", "D": "đường",
                      "KP": "khu phố", "ĐL": "đại lộ", "QL": "quốc lộ"}
_TOKEN = re.compile(r"\w+(?:/\w+)*")
_TOKENS = re.compile(f"({_TOKEN.pattern})")  # splits a text into its words and what lies between them
# A lane's or a house's number: "12", "7a", "66/12"; masked in a sheet made public: "1xx".
_NUMBER = re.compile(r"\d+(?:[a-z]|xx?)?(?:/\d+[a-z]?)*$")
# A building's or a block's code: "HH4C", "CT9", "B10B", "Z133".
_CODE = re.compile(r"[A-ZĐ]{1,4}\d{1,3}[A-Z]?$")
# After a building's place word ("tòa 17T1", "chung cư 9A"), any code of letters and digits.
_CODE_NAMED = re.compile(r"(?=\w*\d)(?=\w*[A-ZĐ])[A-ZĐ0-9]{2,8}$")  # not "chung cư 283", "tòa nhà 25 tầng"
MAX_NAME = 4  # words in a place's name
LOCAL_SPOTS = ("ngõ", "số")  # spots of a few households, the ward's: a lane, a house
# A text with no more than this share of its words accented was typed without accents: its
# words are read as they would be with them ("ngo" as "ngõ"). In one typed with accents, a
# word must have its own ("cho" is not "chợ", "sợ đổ" not "sổ đỏ").
BARE_SHARE = 0.2

# Place words, as written with their accents: what they introduce (a number, a building's code,
# a name) and the kind of place. Typed without accents they count too ("ngo", "ho"), but a word
# written with other accents is another word ("hộ" is not "hồ", "cho" not "chợ" unless typed bare).
_PLACE_WORDS = {
    **dict.fromkeys(("ngõ", "ngách", "hẻm", "kiệt"), ("number", "ngõ")),
    **dict.fromkeys(("số nhà", "nhà số"), ("number", "số")),
    "số": ("house", "số"),  # "số 412 Kim Giang"; not "bão số 3", "Quyết định số 2200"
    "nhà": ("house", "số"),  # "nhà 45 Trường Lâm", "nhà B7"; not "nhận nhà 5 năm"
    **dict.fromkeys(("tòa nhà", "tòa", "toà nhà", "toà", "khu tập thể", "tập thể", "nhà tập thể", "chung cư", "block"),
                    ("code", "tòa")),  # "tập thể Khương Mai", "nhà tập thể C4"; not "tập thể lãnh đạo"
    "chợ": ("spot", "chợ"), **dict.fromkeys(("cầu", "cầu vượt", "cầu đi bộ"), ("spot", "cầu")),
    "nhà văn hóa": ("spot", "nhà văn hóa"), "nhà văn hoá": ("spot", "nhà văn hóa"),
    "công viên": ("spot", "công viên"), "vườn hoa": ("spot", "vườn hoa"), "chùa": ("spot", "chùa"),
    "đình": ("spot", "đình"), "đền": ("spot", "đền"), "nhà thờ": ("spot", "nhà thờ"),  # not "gia đình" (_NOT_AFTER)
    "nghĩa trang": ("spot", "nghĩa trang"), "bệnh viện": ("spot", "bệnh viện"),
    "sân vận động": ("spot", "sân vận động"), "bến xe": ("spot", "bến xe"), "ga": ("spot", "ga"),
    "trạm bơm": ("spot", "trạm bơm"),
    # A junction, by its streets: "ngã tư Nguyễn Trãi - Khuất Duy Tiến", "nút giao Trường Chinh và Láng".
    **dict.fromkeys(("ngã tư", "ngã ba", "ngã năm", "ngã sáu", "nút giao", "nút giao thông", "giao lộ", "nút"),
                    ("junction", "nút giao")),
    "trường": ("school", "trường"),
    # A school by its level alone: "MN Hoa Sữa", "THCS Ngọc Thụy" (read as "trung học cơ sở").
    **dict.fromkeys(("mầm non", "mn", "tiểu học", "trung học cơ sở", "trung học phổ thông"), ("level", "trường")),
    **dict.fromkeys(("phố", "đường", "đại lộ", "quốc lộ", "tỉnh lộ", "đê", "đường đê"), ("area", "phố")),
    **dict.fromkeys(("khu đô thị", "khu tái định cư", "khu dân cư", "khu phố", "khu", "làng", "thôn",
                     "xóm", "cụm dân cư", "bán đảo", "cánh đồng", "bãi", "cụm công nghiệp", "khu công nghiệp"),
                    ("area", "khu")),
    **dict.fromkeys(("hồ", "sông", "mương"), ("area", "nước")),
    "bãi sông": ("area", "bãi sông"),  # a river's bank: the river's, and a place of its own ("bãi Phú Viên")
    **dict.fromkeys(("ao", "đầm"), ("area", "ao")),  # a village's pond: no river above the ward
    # A residential group names who speaks more than where: "TDP 5", "tổ dân phố số 5", "tổ 5".
    **dict.fromkeys(("tổ dân phố", "tổ"), ("group", "")),
    # Bodies, whose names are no places: "Trạm Y tế", "Sở Xây dựng", "Công ty Thoát nước Hà Nội".
    **dict.fromkeys(("trạm y tế", "trạm", "sở", "ủy ban", "uỷ ban", "ban", "công an", "công ty", "tổng công ty",
                     "trung tâm", "phòng", "hội", "đảng ủy", "điện lực", "văn phòng", "bộ"), ("body", "")),
}
# One-word place words that, typed without accents, are more often other words ("den" is
# "đèn" as often as "đền", "de" "đề", "dinh" "định", "bai" "bài", "nut" "nứt"): read with accents only.
_ACCENTED_ONLY = {"đình", "đền", "đê", "đầm", "bãi", "nút"}
# A place word after these is part of another word: "yêu cầu" (to ask), "gia đình" (a family).
_NOT_AFTER = {"cầu": "yeu", "đình": "gia"}
# By the words without accents, each place word they may be: "so" is "số" (a house) or "sở" (a
# department), "toa" "tòa" or "toà".
_LANES = {strip_accents(p) for p, what in _PLACE_WORDS.items() if what == ("number", "ngõ")}  # "ngo", "ngach"…
_PLACES_BY_FOLD: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
for _phrase, _what in _PLACE_WORDS.items():
    _PLACES_BY_FOLD.setdefault(strip_accents(_phrase), []).append((tuple(_phrase.split()), _what))
_LEVELS = {"tieu hoc": "tieu hoc", "th": "tieu hoc", "trung hoc co so": "thcs", "thcs": "thcs",
           "trung hoc pho thong": "thpt", "thpt": "thpt", "mam non": "mam non", "mn": "mam non", "mau giao": "mam non"}
_PLACE_FIRSTS = {phrase.split()[0] for phrase in _PLACE_WORDS}  # as written, with accents
_PLACE_SIZES: dict[str, tuple[int, ...]] = {}  # a place word's first word: its phrases' lengths, longest first
for _phrase in _PLACES_BY_FOLD:
    _first, _size = _phrase.split()[0], len(_phrase.split())
    _PLACE_SIZES[_first] = tuple(sorted({*_PLACE_SIZES.get(_first, ()), _size}, reverse=True))
_WATERS_AND_STREETS = ("nước", "ao", "phố")  # kinds of place a name holds only as another place's
_WATER_AND_STREET_WORDS = {strip_accents(p) for p, (_, kind) in _PLACE_WORDS.items()
                           if kind in _WATERS_AND_STREETS and " " not in p}
# First words of the place words that a number follows: "ngõ 7a", "số 12".
_NUMBERED = {strip_accents(p).split()[0] for p, (category, _) in _PLACE_WORDS.items()
             if category in ("number", "house", "group")}  # and a group: "phố Hòa Bình Tổ 5"
# What a department of the city is for, by its first word (folded), written out or short
# ("Sở Xây dựng", "Sở GD&ĐT", "Sở TN&MT"): "Sở" before another name is part of a place's.
_DEPARTMENTS = {"xay", "tai", "y", "giao", "nong", "tu", "noi", "cong", "van", "khoa", "du", "ngoai", "dan", "quy",
                "lao", "ke", "thong", "xd", "tc", "yt", "gd", "gddt", "nn", "nnmt", "tn", "tnmt", "ld", "ldtbxh",
                "kh", "khdt", "ct", "vh", "vhtt", "gtvt", "tt", "ttmt"}
# Forms of address: the capitalised words after them are a person, not a place.
_PERSONS = {"ong", "ba", "anh", "chi", "co", "chu", "bac", "cu", "em", "chau", "dong chi", "d/c"}


class Spot(NamedTuple):
    """A place one can stand at: its kind, its number or name, and the street it is in when
    the text says ("ngõ", "140", "hoa lam")."""

    kind: str
    name: str
    street: str = ""

    def same(self, other: "Spot") -> bool:
        return self.kind == other.kind and _same_name(self.name, other.name) and (
            not self.street or not other.street or self.street == other.street)

    def __str__(self) -> str:
        parts = (self.kind, self.street, self.name) if self.kind == "trường" else (self.kind, self.name, self.street)
        return " ".join(p for p in parts if p)  # a school's level before its name: "trường mam non hoa sua"


@dataclass(frozen=True)
class Subject:
    """The places and matters of one petition (names folded)."""

    spots: tuple[Spot, ...] = ()
    areas: frozenset[tuple[str, str]] = frozenset()  # streets, urban areas, lakes…: ("phố", "doan khue");
    # a name said without a place word has the kind ""
    matters: tuple[str, ...] = ()  # codes of the configuration's [matters], the most named first
    main: frozenset[str] = frozenset()  # the matters named most (as often as each other)
    # The names of its places and persons, folded ("truong lam" of "nhà 45 Trường Lâm"): their
    # words say nothing of its matter, nor of whom it asks ("Trường", "Điện", "Cống" in them).
    names: tuple[str, ...] = ()


class Word(NamedTuple):
    text: str  # as written (NFC)
    folded: str  # lower case, without accents
    lower: str  # lower case, with accents
    joined: bool  # nothing but spaces between it and the word before


def expansions(abbreviations: dict[str, str]) -> dict[str, str]:
    """By an abbreviation as a word of a text may be, in lower case with or without its
    accents ("kđt", "kdt"), the words it stands for (NFC, lower case)."""
    found = {}
    for key, value in abbreviations.items():
        found.setdefault(strip_accents(key.lower()), nfc(value).lower())
    for key, value in abbreviations.items():
        found[nfc(key).lower()] = nfc(value).lower()  # as written wins over another one's bare form
    return found


def _unabbreviated(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with its abbreviated place words (`_ABBREVIATED`) written out, and where in it the
    words written out are."""
    parts: list[str] = []
    read: list[tuple[int, int]] = []
    last = size = 0
    for match in _ABBREVIATED.finditer(text):
        short = match.group(1) or match.group(2)
        if match.group(2) and not (text[match.end()].isupper() or text[match.end()].isdigit()):
            continue  # initials of a place after its word: "chợ ĐL vẫn ngập"
        parts.append(text[last:match.start()])
        size += match.start() - last
        word = _ABBREVIATED_WORDS.get(short, short)
        read.append((size, size + len(word)))
        parts.append(f"{word} ")
        size += len(word) + 1
        last = match.end()
    if not parts:
        return text, read
    parts.append(text[last:])
    return "".join(parts), read


class Reader:
    """Reads the subjects of texts with a configuration's abbreviations and matters."""

    def __init__(self, matters: dict[str, Iterable[str]], abbreviations: dict[str, str],
                 excluded: Iterable[str] = (), forms: Iterable[str] = ()) -> None:
        self._expand = expansions(abbreviations)
        self._procedures = frozenset(forms)  # "thủ tục", "hồ sơ": the main matter only alone
        # By first word without accents: (the phrase's words without and with accents, matter).
        self._phrases: dict[str, list[tuple[list[str], tuple[str, ...], str]]] = {}
        for code, words in matters.items():
            for phrase in words:
                accented = tuple(_TOKEN.findall(nfc(phrase).lower()))  # as texts are split
                folded = [strip_accents(w) for w in accented]
                self._phrases.setdefault(folded[0], []).append((folded, accented, code))
        self._excluded = {fold(name) for name in excluded}  # the ward's own name, the city's
        self._forms: dict[str, tuple[tuple[Word, ...], tuple[Word, ...], bool]] = {}  # `_forms_of`, kept

    @classmethod
    def of(cls, config: "Config") -> "Reader":
        """The reader of a configuration's matters and abbreviations; the ward's and the city's
        names are no place names."""
        return cls(config.matters, config.abbreviations, (config.ward.place, config.ward.city),
                   config.matter_forms)

    def _forms_of(self, word: str) -> tuple[tuple[Word, ...], tuple[Word, ...], bool]:
        """The words that `word` (as written) is read as, after a space or a stop and joined to
        the word before (an abbreviation read as its words, each joined to the one before it),
        and whether it is written with accents."""
        lower = word.lower()
        folded = strip_accents(lower)
        expanded = self._expand.get(lower)
        if expanded is None:
            return (Word(word, folded, lower, False),), (Word(word, folded, lower, True),), folded != lower
        parts = [(part, strip_accents(part), part) for part in expanded.split()]  # in lower case already
        return (tuple(Word(*part, n > 0) for n, part in enumerate(parts)), tuple(Word(*part, True) for part in parts),
                folded != lower)

    def _words(self, text: str) -> tuple[list[Word], bool]:
        """The words of `text`, abbreviations read as the words they stand for, and whether it
        was typed without accents (as typed: the words an abbreviation is read as do not count)."""
        text, read = _unabbreviated(nfc(text))
        found: list[Word] = []
        typed = accented = 0
        parts = _TOKENS.split(text)  # the text between words, a word, the text between…
        at = 0  # where the word is in `text`
        for between, word in zip(parts[::2], parts[1::2]):
            at += len(between)
            forms = self._forms.get(word)
            if forms is None:
                forms = self._forms[word] = self._forms_of(word)
            if not read or not any(start <= at < end for start, end in read):
                typed += 1
                accented += forms[2]
            found.extend(forms[1] if not between or between.isspace() else forms[0])
            at += len(word)
        return found, accented <= BARE_SHARE * typed

    def read(self, text: str) -> Subject:
        words, bare = self._words(text)
        spots, areas, in_names = self._places(words, bare)
        named = self._matters(words, bare, in_names)
        # A file or a procedure is how a thing is asked: what the file is for is the main matter
        # ("hồ sơ cấp sổ đỏ" is about land), unless nothing else is named.
        weighed = {code: n for code, n in named.items() if code not in self._procedures} or named
        most = max(weighed.values(), default=0)
        runs: list[list[str]] = []  # the names' words, each run of them one name
        for at in sorted(in_names):
            if runs and at - 1 in in_names:
                runs[-1].append(words[at].folded)
            else:
                runs.append([words[at].folded])
        return Subject(tuple(dict.fromkeys(spots)), frozenset(areas),
                       tuple(sorted(named, key=lambda code: (-named[code], code))),
                       frozenset(code for code, n in weighed.items() if n == most),
                       tuple(dict.fromkeys(" ".join(run) for run in runs)))

    def said(self, text: str, matter: str) -> str | None:
        """The words in which `text` names `matter` (the longest in letters, lower case, as written:
        "chiếu sáng", "điểm tập kết"), read as `read` reads them; None when it does not."""
        words, bare = self._words(text)
        in_names = self._places(words, bare)[2]
        said = [" ".join(w.text for w in words[at:at + size]).lower()
                for size, at, code in self._hits(words, bare, in_names) if code == matter]
        return max(said, key=len, default=None)  # the first of the longest

    def _matters(self, words: list[Word], bare: bool, in_names: set[int]) -> dict[str, int]:
        """The matters the words name (but for the words at `in_names`, a place's or a person's
        name), with how often; where two phrases overlap, the longer one's."""
        taken: set[int] = set()
        named: dict[str, int] = {}
        for size, at, code in sorted(self._hits(words, bare, in_names), key=lambda h: (-h[0], h[1])):
            span = set(range(at, at + size))
            if not span & taken:
                taken |= span
                named[code] = named.get(code, 0) + 1
        return named

    def _hits(self, words: list[Word], bare: bool, in_names: set[int]) -> list[tuple[int, int, str]]:
        """Every phrase of a matter the words hold, none of whose words is at `in_names` (a
        name's: "phố Cây Si" says nothing of trees): its length, where it starts, the matter. One
        syllable typed without accents is read only in a text typed so, and not when
        capitalised (a name: "Cong" is not "cống"); a phrase typed without accents, not when each
        of its words is capitalised ("Thuong Binh")."""
        folded = [w.folded for w in words]
        hits = []  # (length, start, code)
        for at, first in enumerate(folded):
            for key, accented, code in self._phrases.get(first, ()):
                if folded[at:at + len(key)] != key or in_names and not in_names.isdisjoint(range(at, at + len(key))):
                    continue
                span = words[at:at + len(key)]
                if len(key) == 1 and span[0].lower != accented[0]:
                    if not (bare and span[0].lower == span[0].folded and not span[0].text[:1].isupper()):
                        continue
                elif not all(w.lower == a or w.lower == w.folded for w, a in zip(span, accented)):
                    continue
                elif span[0].lower != accented[0] and all(w.text[:1].isupper() for w in span):
                    continue  # typed bare and capitalised, a name: "Thuong Binh" is no "thương binh"
                hits.append((len(key), at, code))
        return hits

    def _name(self, words: list[Word], at: int, after_anything: bool = False) -> tuple[str, int]:
        """The capitalised words from `at` (joined to the word before, or with `after_anything`
        the first of them after a comma or a dash too; at most MAX_NAME, up to a numbered place
        or group, "Ngõ 7a", "Tổ 5", or a lake or a street of their own, "Bờ Đầm Trị"), folded,
        and where they end."""
        end = at
        while end < len(words) and end - at < MAX_NAME and (words[end].joined or after_anything and end == at) \
                and words[end].text[:1].isupper():
            if end + 1 < len(words) and words[end].folded in _NUMBERED and _NUMBER.match(words[end + 1].folded):
                break  # another place begins: "sua chua Ngo 7a" (sửa chữa ngõ 7a, no pagoda); not "Vành Đai 3"
            if end > at and end + 1 < len(words) and words[end + 1].text[:1].islower() and any(
                    _place_words(words, end, size, False) for size in _PLACE_SIZES.get(words[end].folded, ()) if size > 1):
                break  # a place word of several words, capitalised: "Tại Ngã tư Sở", "Tại Nhà văn hóa TDP 3"
            if end > at and words[end].folded in _WATER_AND_STREET_WORDS and end + 1 < len(words) \
                    and words[end + 1].text[:1].isupper() and any(
                        kind in _WATERS_AND_STREETS for _, kind in _place_words(words, end, 1, False)):
                break  # a lake or a street of its own: "Bờ Đầm Trị" is the lagoon's bank
            end += 1
        name = " ".join(w.folded for w in words[at:end])
        return ("" if name in self._excluded else name), end

    def _places(self, words: list[Word], bare: bool) -> tuple[list[Spot], set[tuple[str, str]], set[int]]:
        """The spots and areas the words name, and where the words of the places' and persons'
        names are (capitalised, after a place word or a form of address: not a body's, "Sở Xây
        dựng"); without any place word, the names they hold ("Kim Giang ngập nặng") are taken
        for areas."""
        spots: list[Spot] = []
        areas: set[tuple[str, str]] = set()
        names: set[tuple[str, str]] = set()
        in_names: set[int] = set()
        street: tuple[str, int] | None = None  # the street just read, and where its name ends
        marks: list[Spot] = []  # lanes that mark a stretch: "đoạn từ ngõ 14 đến chợ" (not a house's premises)
        at = 0
        while at < len(words):
            # A place word as written ("Định Công" is no "đình"): what follows is no name of its own.
            word = words[at]
            sizes = _PLACE_SIZES.get(word.folded)
            said = [(size, what) for size in sizes for what in _place_words(words, at, size, bare)] \
                if sizes and (word.lower == word.folded or word.lower in _PLACE_FIRSTS) else []
            step = 0
            if said:
                before, streets = len(spots), _streets(areas)
                step, size, category = self._place_at(words, at, said, spots, areas)
            if step and category != "body":
                in_names.update(n for n in range(at + size, at + step) if words[n].text[:1].isupper())
            if step:
                found = spots[before:]
                if _marks_a_stretch(words, at):
                    marks += [spot for spot in found if spot.kind == "ngõ"]
                if street and [(s.kind, s.street) for s in found] == [("số", "")] \
                        and all(w.joined for w in words[street[1]:at + 1]):  # "đường Yên Phụ trước nhà số 120"
                    spots[before] = found[0]._replace(street=street[0])
                new = _streets(areas) - streets
                street = (new.pop(), at + step) if new and not found else None  # none read across another place
            if not step:  # a word not capitalised introduces nothing, but a form of address
                step = self._other(words, at, spots, None if said else names, in_names) \
                    if word.text[:1].isupper() or word.folded in _PERSONS else 1
            at += step
        if marks and _streets(areas):  # of a street: the street is the place
            spots = [spot for spot in spots if spot not in marks]
        return spots, areas or (names if not spots else set()), in_names

    def _place_at(self, words: list[Word], at: int, said: list[tuple[int, tuple[str, str]]], spots: list[Spot],
                  areas: set[tuple[str, str]]) -> tuple[int, int, str]:
        """The place that the place words `said` at `at` (their sizes, longest first, and what
        each may be) introduce, read into `spots` or `areas`: how many words it takes (0 when
        none introduces one), how many the place word, and its category."""
        for size, what in said:
            step = self._place(words, at, size, what, spots, areas)
            if step:
                return step, size, what[0]
        return 0, 0, ""

    def _other(self, words: list[Word], at: int, spots: list[Spot], names: set[tuple[str, str]] | None,
               in_names: set[int]) -> int:
        """A word that introduces no place: a building's code, a person's name (passed over, its
        words put in `in_names`), or, with `names`, the capitalised words of a name ("Kim Giang
        ngập"); how many words."""
        word = words[at]
        if _CODE.match(word.text):
            spots.append(Spot("tòa", word.folded))
        elif word.folded in _PERSONS and at + 1 < len(words) and words[at + 1].text[:1].isupper():
            end = self._name(words, at + 1)[1]
            in_names.update(range(at + 1, end))
            return end - at
        elif names is not None and word.text[:1].isupper():
            name, end = self._name(words, at, after_anything=True)  # "Khuất Duy Tiến - Nguyễn Trãi"
            if end - at > 1 and name:
                names.add(("", name))
                # A sentence's capital ("Nút Khuất Duy Tiến"), or a place word's letters typed without
                # accents ("Dam Hong", "Đầm Hồng"): the name without its first word too.
                if (at == 0 or not word.joined) and end - at > 2 or word.folded in _PLACES_BY_FOLD:
                    names.add(("", " ".join(w.folded for w in words[at + 1:end])))
            return max(1, end - at)
        return 1

    def _place(self, words: list[Word], at: int, size: int, what: tuple[str, str], spots: list[Spot],
               areas: set[tuple[str, str]]) -> int:
        """Read the place that the place word `what`, the `size` words at `at`, introduces into
        `spots` or `areas`: how many words it takes, 0 when it introduces none here."""
        after = at + size
        if after >= len(words) or not words[after].joined:
            return 0
        category, kind = what
        follow = words[after]
        if category == "body":
            if words[at].folded == "so" and size == 1 and follow.folded not in _DEPARTMENTS and follow.text[:1].isupper():
                name, end = self._name(words, at)  # no department: a village, "làng Sở Thượng", "TBA Sở Thượng 3"
                if end - at > 1 and name:
                    areas.add(("", name))
                    return end - at
            return max(size, self._name(words, after)[1] - at)
        if category == "group":
            return _group(words, at)[1] - at
        if category in ("number", "house") and _NUMBER.match(follow.folded):
            parent = after + 1  # a side lane's address, its lane: "ngách 12/5 ngõ 12 Cầu Mây" is the side lane
            if kind == "ngõ" and parent + 1 < len(words) and words[parent].joined \
                    and words[parent].folded in _LANES and _NUMBER.match(words[parent + 1].folded):
                street, end = self._street(words, parent + 2)
            else:
                street, end = self._street(words, after + 1)
            if category == "house" and not street:
                return 0
            spots.append(Spot(kind, follow.folded, street))
            if street:
                areas.add(("phố", street))
            return end - at
        if category == "number" and kind == "ngõ":  # a lane by its name: "ngõ Quỳnh", "ngõ Chợ Khâm Thiên"
            name, end = self._name(words, after)
            if name:
                spots.append(Spot(kind, name))
                return end - at
            return 0
        if category == "code" and _CODE_NAMED.match(follow.text) or category == "house" and _CODE.match(follow.text):
            spots.append(Spot("tòa", follow.folded))
            return after + 1 - at
        if category == "code":  # a building by its name: "chung cư Nhật Tân Green", "khu tập thể Thượng Đình"
            name, end = self._name(words, after)
            if name:
                spots.append(Spot("tòa", name))
                return end - at
            return 0
        if category == "junction":
            return self._junction(words, after, spots, areas) - at
        if category in ("spot", "school", "level", "area"):
            start = _skip_level(words, after) if category == "school" else after
            name, end = self._name(words, start)
            if not name and kind == "nhà văn hóa":  # a residential group's hall: "nhà văn hóa TDP 7"
                name, end = _group(words, after)
            if not name:
                return 0
            if kind == "bãi sông":
                areas.update((("khu", name), ("nước", name)))
            elif category == "area":
                areas.add((kind, name))
            else:  # a school's level tells two schools of one name apart: after "trường", or the word itself
                said = words[after:start] if category == "school" else words[at:after] if category == "level" else []
                level = " ".join(w.folded for w in said)
                spots.append(Spot(kind, name, _LEVELS.get(level, level)))
            return end - at
        return 0

    def _junction(self, words: list[Word], at: int, spots: list[Spot], areas: set[tuple[str, str]]) -> int:
        """Read a junction from `at`, by its streets' names (one, or two after a dash or "và",
        "với", "giao", in either order: the same junction), into `spots`, and its streets into
        `areas`: where it ends (`at` when no name follows)."""
        first, end = self._name(words, at)
        if not first:
            return at
        second = ""
        if end < len(words) and not words[end].joined:  # "Nguyễn Trãi - Khuất Duy Tiến"
            second, stop = self._name(words, end, after_anything=True)
        elif end + 1 < len(words) and words[end].folded in ("va", "voi", "giao") and words[end + 1].joined:
            second, stop = self._name(words, end + 1)  # "Nút Khuất Duy Tiến giao Nguyễn Trãi"
        if second:
            end = stop
        streets = sorted(name for name in (first, second) if name)
        spots.append(Spot("nút giao", " - ".join(streets)))
        areas.update(("", name) for name in streets)
        return end

    def _street(self, words: list[Word], at: int) -> tuple[str, int]:
        """The street a lane or a house is in, right after its number: "140 Hoa Lâm", "140 phố
        Hoa Lâm"; "" without one."""
        if at < len(words) and words[at].joined and words[at].folded in ("pho", "duong"):
            name, end = self._name(words, at + 1)
            return (name, end) if name else ("", at)
        return self._name(words, at)


def _place_words(words: list[Word], at: int, size: int, bare: bool) -> list[tuple[str, str]]:
    """What the `size` words at `at` may introduce, as place words: those written with their
    accents, or without any (one word: only in a text typed without accents, and not one of
    _ACCENTED_ONLY); none after a word that makes it another ("yêu cầu", "gia đình")."""
    span = words[at:at + size]
    if size > 1 and (len(span) < size or not all(w.joined for w in span[1:])):
        return []
    found = []
    for accented, what in _PLACES_BY_FOLD.get(span[0].folded if size == 1 else " ".join(w.folded for w in span), ()):
        bare_ok = size > 1 or bare and accented[0] not in _ACCENTED_ONLY
        if all(w.lower == a or (w.lower == w.folded and bare_ok) for w, a in zip(span, accented)) \
                and not (at and size == 1 and words[at - 1].folded == _NOT_AFTER.get(accented[0])):
            found.append(what)
    return found


def _group(words: list[Word], at: int) -> tuple[str, int]:
    """The residential group named at `at` ("tổ dân phố số 7", "TDP 7" as read, "tổ 7"), as
    "tổ 7", and where it ends; "" when none is."""
    end = at
    for word in ("to", "dan", "pho"):
        if end < len(words) and words[end].folded == word and (end == at or words[end].joined):
            end += 1
        elif word == "to":
            return "", at
    end += end < len(words) and words[end].folded == "so"
    if end < len(words) and _NUMBER.match(words[end].folded):
        return f"tổ {words[end].folded}", end + 1
    return "", at


def _skip_level(words: list[Word], at: int) -> int:
    """After "trường": past its level ("Tiểu học", "THCS", "mầm non"), if it says one."""
    for level in sorted(_LEVELS, key=lambda l: -len(l.split())):
        size = len(level.split())
        if " ".join(w.folded for w in words[at:at + size]) == level:
            return at + size
    return at


def _streets(areas: set[tuple[str, str]]) -> set[str]:
    return {name for kind, name in areas if kind == "phố"}


# Before a lane, words that make it a landmark of a street's stretch ("vỉa hè phố Tân Mai đoạn từ
# ngõ 14 đến cổng chợ"), as written with their accents ("den" is "đèn" as often as "đến", "toi"
# "tối").
_NEAR = {"từ", "đến", "tới", "gần", "cạnh", "giáp", "sát", "ngang"}


def _marks_a_stretch(words: list[Word], at: int) -> bool:
    """Whether the place word at `at` follows a word of `_NEAR` ("đối diện" too)."""
    return at > 0 and words[at - 1].lower in _NEAR or at > 1 and (words[at - 2].lower, words[at - 1].lower) == ("đối", "diện")


def same_place(a: Subject, b: Subject) -> str | None:
    """The place two petitions share, in words ("ngõ 140 hoa lam", "doan khue"); "" when they
    name places that differ (two lanes, two buildings, two streets); None when nothing tells,
    as when one names a lane or a house and the other only the street or the river it is by
    (a lane off a street is not the whole street; "the street in front of the market" is the
    street)."""
    coded = [{s.name for s in subject.spots if s.kind == "tòa" and any(c.isdigit() for c in s.name)}
             for subject in (a, b)]
    if coded[0] and coded[1] and coded[0].isdisjoint(coded[1]):
        return ""  # two blocks of one estate ("nhà B7", "nhà C1 KTT Thành Công")
    for spot in a.spots:
        for other in b.spots:
            if spot.same(other):
                return str(spot)
    if a.spots and b.spots:
        return ""
    # A building named without its place word ("chủ đầu tư Nhuệ Giang Tower"); not a market or a
    # school, named after the street they are on ("chợ Hạ Đình", "nút giao Hạ Đình - Kim Giang").
    for spots, areas in ((a.spots, b.areas), (b.spots, a.areas)):
        for spot in spots:
            if spot.kind == "tòa" and ("", spot.name) in areas:
                return str(spot)
    shared = {min(name, other, key=len) for kind, name in a.areas for other_kind, other in b.areas
              if _same_name(name, other, "khu" in (kind, other_kind)) and (kind == other_kind or not kind or not other_kind)
              or name == other and {kind, other_kind} == {"phố", "khu"}}  # "khu Quảng Bá", "đường Quảng Bá"
    if shared:
        # A lane or a house against a wider place alone is near it, not it (its street; "ngõ 40
        # Kim Đồng (sát sông Sét)"); a landmark on it (its market, a school) is the place.
        return None if any(spot.kind in LOCAL_SPOTS for spot in (*a.spots, *b.spots)) else min(shared)
    return "" if a.areas and b.areas else None  # two streets, two lakes


def _same_name(name: str, other: str, run_on: bool = False) -> bool:
    """Whether two names (folded) of places are one: the same; one the initials of the other's
    words ("chợ HĐ", "chợ Hà Đông"); with `run_on` (a village, a quarter), one the other's
    first words ("xom Dinh Tu Hoang" read on to the commune it is in, "Xóm Đình (Tu Hoàng)"),
    which streets are not ("Láng", "Láng Hạ")."""
    shorter, longer = sorted((name, other), key=len)
    if longer == shorter or run_on and longer.startswith(shorter + " "):
        return True
    words = longer.split()
    return len(words) > 1 and shorter.isalpha() and shorter == "".join(w[0] for w in words)


def same_matter(a: Subject, b: Subject) -> str | None:
    """The matter two petitions share, when one of each one's main matters (those it names
    most) is among the other's (a petition about a lane's surface that mentions the rain is not
    about flooding); "" when each names matters but they are not the same; None when one names
    none."""
    if not (a.matters and b.matters):
        return None
    ours, theirs = a.main & set(b.matters), b.main & set(a.matters)
    if ours and theirs:
        return min(ours | theirs)
    return ""
