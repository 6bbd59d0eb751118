"""What the conclusion notice (*Thông báo kết luận*) says, built from the items and the conference.

Everything a template shows is decided here, in words, by the document conventions ("05 ý kiến",
"ngày 03 tháng 11 năm 2025"); the template (`templates/thong-bao-ket-luan.docx`) only places it.
Every name a template may use is a field of `Notice` or of the records its lists hold: the
template checker reads them from here, and `templates/README.md` documents them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import lru_cache
from typing import Sequence, get_args, get_origin, get_type_hints

from .config import Config
from .dates import in_words, short
from .duplicates import concern_key, concerns as linked_concerns
from .edits import default_conference
from .errors import KienNghiError, Undecided
from .model import CARRIED, Conference, Item
from .store import Store
from .subjects import Reader, Subject, same_matter, same_place
from .text import fold

WITHIN = "phuong"
BEYOND = "cap-tren"
MAX_CONCERNS = 5  # concerns named in a draft or a body's paragraph; the rest are counted (the annex lists all)
SAME_CONCERN = 0.5  # two petitions are one concern when they share this share of the shorter's word pairs
MIN_CLAUSE_WORDS = 4  # a first sentence shorter than this is read with the next one

# Openings that say nothing about the concern itself ("Đề nghị ...", "Cử tri phản ánh ...").
# Who asks and how, before what they ask: "Cử tri TDP 5 đề nghị phường …"; a resident speaking
# at the conference, in the first person: "Tôi xin nhắc lại kiến nghị năm trước về việc …".
_OPENING = re.compile(
    r"^(?:(?:(?:một số |nhiều )?(?:cử tri|người dân|nhân dân|hộ dân|các hộ)"
    r"|gia đình tôi|chúng tôi|tôi|chúng em|em|cháu)\s+"
    r"(?:(?:các |tại )?(?:tdp|tổ dân phố)(?: số)? [\w,\s]{1,12}?\s+)?)?"
    r"(?:(?:tiếp tục|kính|xin|được)\s+)*"
    r"(?:nhắc lại(?:\s+(?:ý kiến|kiến nghị)(?:\s+(?:năm trước|cũ|đã nêu))?)?(?:\s+(?:về việc|là))?"
    r"|đề nghị|kiến nghị|đề xuất|phản ánh|yêu cầu|mong muốn|xin)"
    r"(?:\s+(?:ubnd phường|phường|các cấp|(?:cấp|cơ quan) có thẩm quyền|cơ quan chức năng))?\s*[:,]?\s*",
    re.IGNORECASE,
)
# Who speaks, before a colon: "Ban đại diện cư dân … kiến nghị: …", "Tôi xin nhắc lại: …".
_LEAD_IN = re.compile(r"^[^:.;]{0,80}?\b(?:kiến nghị|phản ánh|đề nghị|đề xuất|mong muốn|hỏi|nhắc lại)\s*:\s*",
                      re.IGNORECASE)
# A speaker introducing themselves: "Tôi là cư dân tổ 3, …".
_INTRODUCTION = re.compile(r"^(?:tôi|chúng tôi|em|cháu) là [^,.;:]{1,60}[,:]\s*", re.IGNORECASE)
# A sentence ends at . ; ! ? before a space or the end, unless after an abbreviation of one or
# two capitals ("TP. Hà Nội", "P. Phúc Lợi").
_SENTENCE_END = re.compile(r"(?<=\S)[.;!?](?=\s|$)")
_ABBREVIATION = re.compile(r"(?:^|\s)\w{1,2}$")
# Names a clause may start with that keep their capital inside a sentence.
_CAPITALISED = ("Đảng", "Nhà nước", "Nhân dân", "Mặt trận", "Thành phố", "Trung ương", "Quốc hội", "Ủy ban",
                "Ban ", "Sở ", "Công an", "Trung tâm", "Trạm Y tế")
_ASIDE = re.compile(r"\s*\([^()]*\)")
_WORD = re.compile(r"\w+")

# Personal details a published notice leaves out (Nghị định 13/2023/NĐ-CP): a person named after
# a form of address ("ông Nguyễn Văn An" → "ông N.V.A."), phone and identity numbers, e-mail,
# house numbers. Streets named after people ("phố Bà Triệu") are places, not persons.
_ADDRESS_FORM = re.compile(r"(?<![\w])(ông|bà|anh|chị|cô|chú|bác|cụ|em|cháu)\s+", re.IGNORECASE)
_PLACE_WORDS = ("phố", "đường", "ngõ", "ngách", "chùa", "đền", "đình", "chợ", "cầu", "trường", "phường")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGIT = re.compile(r"\d")
_NUMBERS = (
    (re.compile(r"(?<!\d)(?:\+84|0)\d{2,3}(?:[ .-]?\d{3}){2}\d?(?!\d)"), "(đã ẩn số điện thoại)"),
    (re.compile(r"(?<!\d)\d{9}(?:\d{3})?(?!\d)"), "(đã ẩn số giấy tờ)"),
)
# A house's or a land parcel's number, with the "tại"/"ở" before it: a person's home when a person
# is named before it in its sentence ("hộ bà … tại thửa số 123 tờ bản đồ 45"), else the place
# complained of.
_HOME_NUMBER = re.compile(r"(?:(?:số nhà|nhà số|thửa(?: đất)? số|tờ bản đồ(?: số)?)\s+[\w/-]*\d[\w/-]*\s*)+",
                          re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(r"(?<!\w)(tại|ở)\s+$", re.IGNORECASE)  # "tại", "ở" just before a number
_LOCALITY = re.compile(r"(ngõ|ngách|hẻm|kiệt|phố|đường|tổ|TDP|khu|tòa|thôn|xóm)\b", re.IGNORECASE)


NO_BREAK = "\u00a0"
SETTLED = ("done", "explained")  # result categories that leave nothing to do
_HELD_DATE_PART = re.compile(r"(ngày|tháng|năm) (?=\d)")


_DOUBLED = re.compile(r"\((\(đã ẩn[^()]*\))\)")


def number(n: int) -> str:
    """A count as these documents write it: "05", "12", "1.143"."""
    return f"{n:02d}" if n < 10 else f"{n:,}".replace(",", ".")


def count(n: int, noun: str = "ý kiến") -> str:
    """ "05 ý kiến". """
    return f"{number(n)} {noun}"


def lower_first(text: str) -> str:
    """`text` with its first letter in lower case, to go inside a sentence, unless it starts
    with a proper name ("Ban Thanh tra", "Nhà nước") or an abbreviation ("UBND", "TDP")."""
    words = text.split(" ", 2)
    if not text or sum(ch.isupper() for ch in words[0]) > 1 or text.startswith(_CAPITALISED):
        return text
    if any(word[:1].isupper() for word in words[1:2]):
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=4096)  # a notice reads each petition twice: its clause, its annex row
def without_personal_details(text: str) -> str:
    """`text` as it may be published: persons by their initials, no phone, identity or house
    number, no e-mail address."""
    # Each rule looked for only where what it needs is there (a notice's annex runs them all on
    # every petition): "@" for an address, a digit for a number.
    if "@" in text:
        text = _EMAIL.sub("(đã ẩn thư điện tử)", text)
    if _DIGIT.search(text):
        for pattern, replacement in _NUMBERS:
            text = pattern.sub(replacement, text)
        lowered = text.lower()
        if "nhà" in lowered or "thửa" in lowered or "bản đồ" in lowered:
            text = _without_home_numbers(text)
    if "((" in text:
        text = _DOUBLED.sub(r"\1", text)  # "(0912 345 678)": "(đã ẩn số điện thoại)", not "((…))"
    parts, last = [], 0
    for match in _ADDRESS_FORM.finditer(text):
        if match.start() < last:
            continue
        names = _person_named(text, match)
        if not names:
            continue
        tail = names[-1][len(names[-1].rstrip(",.;:)")):]
        end = match.end() + len(" ".join(names)) - len(tail)
        parts += [text[last:match.end()], ".".join(n[0] for n in names) + "."]
        last = end
        if tail.startswith("."):
            last += 1  # the initials' own full stop ends the sentence
    return "".join(parts) + text[last:]


def _person_named(text: str, match: re.Match) -> list[str]:
    """The words of the name an address form (`_ADDRESS_FORM`'s `match`) gives a person: none
    after a place word ("phố Bà Triệu", "chợ Bà Chiểu" name places)."""
    before = text[:match.start()].split()
    if before and before[-1].lower() in _PLACE_WORDS:
        return []
    names = []
    for word in text[match.end():].split(" ")[:4]:
        if not (word[:1].isupper() and word.rstrip(",.;:)").isalpha() and not word.isupper()):
            break
        names.append(word)
    return names


def _without_home_numbers(text: str) -> str:
    """Each house's or parcel's number left out where a person named before it in its sentence
    lives there ("bà … ở số nhà 3 ngõ 7": "bà … ở ngõ 7"; "tại thửa số 123 bị lấn chiếm": "bị lấn
    chiếm", the "tại" with it when no place follows); kept where it is the place complained of."""
    parts, last = [], 0
    for match in _HOME_NUMBER.finditer(text):
        sentence = max(text.rfind(end, 0, match.start()) for end in (". ", "! ", "? ", "\n")) + 1
        if not any(_person_named(text, person) for person in _ADDRESS_FORM.finditer(text, sentence, match.start())):
            continue
        start = match.start()
        preposition = _PREPOSITION_BEFORE.search(text, max(last, start - 6), start)
        if preposition and not _LOCALITY.match(text, match.end()):
            start = preposition.start()
        parts.append(text[last:start])
        last = match.end()
    return "".join(parts) + text[last:]


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each without its final mark."""
    flat = " ".join(text.split())
    found, start = [], 0
    for match in _SENTENCE_END.finditer(flat):
        if _ABBREVIATION.search(flat, start, match.start()) and flat[match.start() - 1].isupper():
            continue
        found.append(flat[start:match.start()].strip())
        start = match.end()
    found.append(flat[start:].strip())
    return [sentence for sentence in found if sentence]


def clause(content: str) -> str:
    """A petition's concern as a whole clause to go inside a sentence of the notice: its first
    sentence (with the next when it is only a few words), without its opening formula ("Cử tri
    phản ánh", "Đề nghị phường") nor its asides in brackets, never cut; no personal details."""
    def bare(text: str) -> str:
        return _OPENING.sub("", _LEAD_IN.sub("", _INTRODUCTION.sub("", text, count=1), count=1), count=1)

    parts = sentences(content) or [" ".join(content.split())]
    text = parts[0]
    for more in parts[1:]:
        if len(bare(text).split()) >= MIN_CLAUSE_WORDS:
            break
        text = f"{text}, {lower_first(more)}"
    text = bare(text) or text
    text = _ASIDE.sub("", text) or text
    return lower_first(without_personal_details(text).strip(" ,;:-"))


@dataclass
class Concern:
    """Petitions that raise the same concern: the shortest one's clause names them all."""

    clause: str
    items: list[Item]


def concerns(config: Config, items: Sequence[Item]) -> list[Concern]:
    """`items` grouped by what they raise, the concerns raised most first (then in the items'
    order): items an officer linked are one concern (`kiennghi.duplicates`, whichever of them
    comes first, and those linked to the same earlier year's item), and two items whose clauses
    share most word pairs (without accents) are one concern, unless they name other places or
    other matters (`kiennghi.subjects`: the same words about "ngõ 12" and "ngách 12/3 ngõ 12"
    are two)."""
    reader = Reader.of(config)
    subjects: dict[str, Subject] = {}

    def apart(item: Item, other: Item) -> bool:
        a, b = (subjects.setdefault(i.id, reader.read(i.content)) for i in (item, other))
        return same_place(a, b) == "" or same_matter(a, b) == ""

    found: list[tuple[int, Concern]] = []  # each concern with the number of its first item's pairs
    having: dict[tuple[str, str], list[int]] = defaultdict(list)  # a word pair: the concerns whose first item has it
    items_by_id = {item.id: item for item in items}
    by_key: dict[str, Concern] = {}  # by the linked concern (`concern_key`)
    for item in items:
        key = concern_key(items_by_id, item.id)
        if key in by_key:
            by_key[key].items.append(item)
            continue
        text = clause(item.content)
        words = _WORD.findall(fold(text))
        pairs = set(zip(words, words[1:]))
        shared = Counter(n for pair in pairs for n in having.get(pair, ()))
        same = next((found[n][1] for n, k in sorted(shared.items())
                     if k >= SAME_CONCERN * min(len(pairs), found[n][0]) and not apart(item, found[n][1].items[0])),
                    None)
        if same is None:
            same = Concern(text, [])
            for pair in pairs:
                having[pair].append(len(found))
            found.append((len(pairs), same))
        elif len(text) < len(same.clause):
            same.clause = text
        same.items.append(item)
        by_key[key] = same
    return sorted((c for _, c in found), key=lambda c: -len(c.items))


def concerns_text(config: Config, items: Sequence[Item]) -> str:
    """The concerns of `items` as clauses joined by ";", each raised more than once counted by
    its petitions ("(02 ý kiến)"), the petitions of the rest beyond `MAX_CONCERNS` as a whole
    ("cùng 04 ý kiến khác")."""
    grouped = concerns(config, items)
    named = [c.clause + (f" ({count(len(c.items))})" if len(c.items) > 1 else "")
             for c in grouped[:MAX_CONCERNS]]
    rest = sum(len(c.items) for c in grouped[MAX_CONCERNS:])
    return "; ".join(named) + (f"; cùng {count(rest)} khác" if rest else "")


def draft_conclusion(config: Config, items: Sequence[Item]) -> str:
    """A draft of the chair's conclusion on one sector, from its items within the ward: what
    they raise, grouped, and who is to resolve them. The officer rewrites it."""
    owners = {i.owner for i in items if i.owner}
    units = ", ".join(config.units.name(c) for c in config.units.codes if c in owners)
    text = f"Hội nghị ghi nhận {count(len(items))}, tập trung vào: {concerns_text(config, items)}."
    if units:
        text += f" Giao {units} kiểm tra, giải quyết dứt điểm và trả lời bằng văn bản cho Nhân dân."
    return text


def conclusion_drafts(config: Config, items: Sequence[Item]) -> dict[str, str]:
    """A draft conclusion for each sector (code, in the configuration's order) that has items
    not forwarded upward: within the ward's jurisdiction, or not triaged yet (a signed notice
    has none of these; a draft, and the conclusions screen, start from them too)."""
    by_sector: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.jurisdiction != BEYOND and item.sector in config.sectors:
            by_sector[item.sector].append(item)
    return {code: draft_conclusion(config, by_sector[code]) for code in config.sectors.codes if code in by_sector}


@dataclass
class Counts:
    """The figures the notice states, already written as the documents write them ("05")."""

    total: str
    mttq: str
    hoi_nghi: str
    within: str
    beyond: str
    untriaged: str
    answered: str
    carried: str       # items carried over from an earlier year (source "tồn năm trước")


@dataclass
class Sections:
    """The numbers of the notice's sections ("1"), "" for a section it leaves out."""

    results: str       # on the period's results (only when the conference has them)
    conclusions: str   # the chair's conclusions, topic by topic
    tasks: str         # the tasks per owner unit
    beyond: str        # the items beyond the ward (only when there are)
    front: str         # to the Fatherland Front and the mass organisations
    office: str        # the party office follows the notice up


@dataclass
class Conclusion:
    """The chair's conclusion on one topic: a sector (written by an officer, or drafted by
    kiennghi from its items within the ward) or a topic not tied to a sector."""

    heading: str       # "Về lĩnh vực đô thị, xây dựng", or the topic's title
    sector: str        # the sector's code, "" for a topic
    count: str         # "08 ý kiến" (the sector's items within the ward), or ""
    drafted: bool      # True: kiennghi's draft, no officer has written this conclusion yet
    text: str          # the conclusion
    paragraphs: list[str]  # as printed: "- heading: text", a line break starting a new paragraph


@dataclass
class Task:
    """One owner unit's task: "(1) Phòng … chủ trì giải quyết 12 ý kiến …," and, in bold,
    "xong trước ngày 28/11/2025."."""

    number: str        # "(1)"
    unit: str          # the unit's full name
    co_owners: str     # "Công an phường, Phòng Văn hóa - Xã hội" or ""
    count: str         # "12 ý kiến"
    sectors: str       # "đô thị, xây dựng; giao thông"
    deadline: str      # the earliest deadline, "28/11/2025", or ""
    text: str          # the sentence up to the deadline (ending in "," before one, else ".")
    due: str           # "xong trước ngày 28/11/2025.", the span of days when they differ; "" without


@dataclass
class BeyondGroup:
    """Items beyond the ward's jurisdiction that go to one body, with the unit that reports them."""

    body: str          # "Sở Xây dựng"
    count: str         # "03 nội dung"
    concerns: str      # the concerns in brief, joined by ";"
    reporters: str     # the ward unit(s) compiling the report
    text: str          # the whole paragraph


@dataclass
class AnnexRow:
    """One row of the annex table: an item, or the heading of the items below it (a sector;
    in the public version, a residential group), which spans the row."""

    heading: str       # the heading, "" for an item's row
    stt: str           # 1…N through the whole annex
    content: str
    to_dan_pho: str    # with the submitter's name only when names are asked for
    jurisdiction: str
    assignee: str      # the owner unit (within the ward) or the body (beyond)
    deadline: str


@dataclass
class Notice:
    """Everything the notice template may show."""

    year: int
    draft: bool                # a draft ("DỰ THẢO" in the header): may count items not triaged yet
    public: bool               # the version made public: no resident's name or personal detail
    ward: str                  # "phường Phúc Lợi"
    ward_upper: str            # "PHƯỜNG PHÚC LỢI"
    party_superior: str        # "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"
    party_committee: str       # "ĐẢNG ỦY PHƯỜNG PHÚC LỢI"
    number: str                # "46-TB/ĐU", or "   -TB/ĐU" to fill in by hand
    place_date: str            # "Phúc Lợi, ngày 03 tháng 11 năm 2025"
    conference_date: str       # "31/10/2025" (blank when unknown)
    conference_date_words: str  # "ngày 31 tháng 10 năm 2025"
    conference_place: str
    chairs: list[str]
    chairs_text: str           # "đồng chí … và đồng chí …"
    attendees: str
    counts: Counts
    basis: str                 # "Thực hiện Quyết định số …; Kế hoạch số …;", or ""
    opening: str               # the paragraph on the conference: when, where, who
    reports: str               # "Hội nghị đã nghe …", or ""
    last_year: str             # "Kết quả thực hiện Thông báo kết luận Hội nghị đối thoại năm 2024: …", or ""
    speakers: str              # "Hội nghị có 11 đại biểu phát biểu ý kiến.", or ""
    summary: str               # the paragraph of counts
    results: list[str]         # the section on the period's results, paragraph by paragraph, or []
    section: Sections
    conclusions: list[Conclusion]
    tasks: list[Task]
    beyond: list[BeyondGroup]
    recipients: list[str]
    signing_authority: str     # "T/L BAN THƯỜNG VỤ"
    signer_title: str          # "CHÁNH VĂN PHÒNG"
    signer_name: str
    annex: bool
    annex_title: str           # "Danh sách ý kiến, kiến nghị …"
    annex_rows: list[AnnexRow]
    missing: list[str] = field(default_factory=list)  # what is not complete yet (also a warning)


def template_names(document: type = Notice) -> dict[str, set[str] | None]:
    """The names a template of `document` (the notice, the review…) may use: each of its
    fields, with the fields of its records (lists of records, records), or None for plain
    values and lists of text."""
    names: dict[str, set[str] | None] = {}
    for name, hint in get_type_hints(document).items():
        record = get_args(hint)[0] if get_origin(hint) is list else hint
        names[name] = {f.name for f in fields(record)} if is_dataclass(record) else None
    return names


def year_notice(config: Config, store: Store, year: int, *, annex: bool = True, with_names: bool = False,
                draft: bool = False, public: bool = False) -> Notice:
    """The notice of `year` as the store holds it: its conference (the configuration's defaults
    until one is saved), its items, and those answered by the conference's day. A year without
    items has no notice."""
    if not store.count(year):
        raise KienNghiError(f"Năm {year} chưa có ý kiến nào trong cơ sở dữ liệu ({store.path}): chưa có gì "
                            "để ra thông báo. Hãy nhập bảng tổng hợp của năm đó trước (kiennghi import TỆP).")
    from .carry import last_year_results  # it counts with the review's tally, which writes with this module

    conference = store.conference(year) or default_conference(config, year)
    answered = store.answered_by(year, conference.date) if conference.date else None
    return build_notice(config, conference, store.items(year), annex=annex, with_names=with_names,
                        answered=answered, draft=draft, public=public,
                        last_year=last_year_results(config, store, year, conference.date))


def build_notice(config: Config, conference: Conference, items: Sequence[Item], *, annex: bool = True,
                 with_names: bool = False, answered: set[str] | None = None, draft: bool = False,
                 public: bool = False, last_year: str = "") -> Notice:
    """The notice of `conference` about its year's `items` (in their order). `answered`: the
    items answered at the conference (`Store.answered_by`); None counts every item with a response.
    `last_year`: the sentence on the results of the year before (`kiennghi.carry`).

    A notice to sign counts only what is decided: while an item is not triaged it is refused
    (`Undecided`, naming them), unless it is a `draft`. The `public` version names no resident
    and its annex, grouped by residential group, holds no personal detail."""
    untriaged = [i for i in items if i.jurisdiction not in (WITHIN, BEYOND)]
    if untriaged and not draft:
        raise Undecided(
            f"Chưa xuất được thông báo để ký: {count(len(untriaged))} chưa phân loại thẩm quyền "
            f"({_ids(untriaged)}); thông báo chỉ tính các ý kiến đã phân loại. Hãy phân loại các ý kiến đó, "
            "hoặc xuất bản dự thảo (kiennghi export notice --draft).",
            [i.id for i in untriaged])
    if answered is None:  # a carried item's response is an earlier year's, not given at the conference
        answered = {i.id for i in items if i.response.strip() and i.source != CARRIED}
    within = [i for i in items if i.jurisdiction == WITHIN]
    beyond = [i for i in items if i.jurisdiction == BEYOND]
    counts = Counts(
        total=number(len(items)),
        mttq=number(sum(i.source == "mttq" for i in items)),
        hoi_nghi=number(sum(i.source == "hoi-nghi" for i in items)),
        within=number(len(within)),
        beyond=number(len(beyond)),
        untriaged=number(len(untriaged)),
        answered=number(sum(i.id in answered for i in items)),
        carried=number(sum(i.source == CARRIED for i in items)),
    )
    ward = config.ward
    # "đồng chí …" in the sentence whatever the case typed ("… và Đồng chí …" read as a slip)
    chairs = [f"đồng chí{c[len('đồng chí'):]}" if c.lower().startswith("đồng chí") else f"đồng chí {c}"
              for c in conference.chairs]
    # A draft's conclusions start from the items not triaged yet too (a signed notice has none).
    conclusions = _conclusions(config, conference, [i for i in items if i.jurisdiction != BEYOND])
    # An item the chair settled at the conference (answered by its day, now resolved or explained)
    # is no unit's task.
    tasks = _tasks(config, [i for i in within if not (i.id in answered and config.category(i.status) in SETTLED)])
    groups = _beyond_groups(config, beyond)
    results = [line for line in conference.results.split("\n") if line.strip()]
    return Notice(
        year=conference.year,
        draft=draft,
        public=public,
        ward=ward.name,
        ward_upper=ward.name_upper,
        party_superior=unbroken_names(ward.party_superior, (ward.place, ward.city)),
        party_committee=unbroken_names(ward.party_committee, (ward.place, ward.city)),
        number=_notice_number(conference.notice_number, ward.party_committee_short),
        place_date=dated_place(ward.place, conference.notice_date, conference.year),
        conference_date=short(conference.date),
        conference_date_words=in_words(conference.date) if conference.date else "",
        conference_place=conference.place,
        chairs=conference.chairs,
        chairs_text=" và ".join(chairs),
        attendees=conference.attendees,
        counts=counts,
        basis=_basis(conference.basis),
        opening=_opening(config, conference, " và ".join(chairs)),
        reports=_reports(conference.reports_heard),
        last_year=last_year,
        speakers=f"Hội nghị có {number(conference.speakers)} đại biểu phát biểu ý kiến." if conference.speakers else "",
        summary=_summary(items, within, beyond, untriaged, sum(i.id in answered for i in items)),
        results=results,
        section=_sections(bool(results), bool(tasks), bool(groups)),
        conclusions=conclusions,
        tasks=tasks,
        beyond=groups,
        recipients=conference.recipients,
        signing_authority=conference.signing_authority,
        signer_title=conference.signer_title,
        signer_name=conference.signer_name,
        annex=annex,
        annex_title="Danh sách ý kiến, kiến nghị theo tổ dân phố và phân công giải quyết" if public
                    else "Danh sách ý kiến, kiến nghị và phân công giải quyết",
        annex_rows=_annex(config, items, with_names and not public, public) if annex else [],
        missing=_missing(items, conclusions) + [
            f"chưa có {what} (phím c trong ứng dụng, hoặc khóa {key} của kiennghi conference set): văn bản để trống chỗ đó"
            for key, what in (("notice_number", "số thông báo"), ("signer_name", "họ tên người ký"))
            if not getattr(conference, key).strip()],
    )


def _notice_number(number_text: str, committee_short: str) -> str:
    text = number_text.strip()
    if not text:
        return f"{' ' * 6}-TB/{committee_short}"
    return text if "-" in text else f"{text}-TB/{committee_short}"


def dated_place(place: str, day: date | None, year: int) -> str:
    """ "Phúc Lợi, ngày 03 tháng 11 năm 2025", the place's name and each part of the date held
    whole (no-break spaces): a line too long for its column breaks between them ("… tháng 11 /
    năm 2026"), never inside one. Without a day, room to fill in by hand on the day it signs."""
    when = _HELD_DATE_PART.sub(r"\1" + NO_BREAK, f"ngày      tháng      năm {year}" if day is None else in_words(day))
    return NO_BREAK.join(place.split()) + ", " + when


def _opening(config: Config, conference: Conference, chairs: str) -> str:
    when = f"Ngày {short(conference.date)}, " if conference.date else ""
    sentence = (
        f"{when}{config.ward.name} tổ chức Hội nghị đối thoại định kỳ giữa người đứng đầu cấp ủy, "
        f"chính quyền với Mặt trận Tổ quốc, các tổ chức chính trị - xã hội và Nhân dân trên địa bàn "
        f"phường năm {conference.year}"
    )
    if conference.place:
        sentence += f" tại {conference.place}"
    parts = [upper_first(sentence) + "."]
    if conference.attendees:
        parts.append(f"Dự Hội nghị có {conference.attendees.rstrip('.')}.")
    if chairs:
        parts.append(f"{upper_first(chairs)} chủ trì Hội nghị.")
    return " ".join(parts)


def _basis(documents: Sequence[str]) -> str:
    """ "Thực hiện Quyết định số …; Kế hoạch số …;" (seed 001), or "" without documents."""
    phrases = [d.strip().rstrip(";.,") for d in documents if d.strip()]
    if not phrases:
        return ""
    first = phrases[0]
    if not first.lower().startswith("thực hiện"):
        phrases[0] = f"Thực hiện {first}"  # a document's name keeps its capital
    return "; ".join(phrases) + ";"


def _reports(heard: str) -> str:
    """ "Hội nghị đã nghe Báo cáo …." (both seeds), or ""."""
    text = " ".join(heard.split()).rstrip(".;")
    if not text:
        return ""
    return text + "." if text.lower().startswith("hội nghị") else f"Hội nghị đã nghe {text}."


def _sections(results: bool, tasks: bool, beyond: bool) -> Sections:
    names = [name for name, present in (("results", results), ("conclusions", True), ("tasks", tasks),
                                        ("beyond", beyond), ("front", True), ("office", True)) if present]
    return Sections(**{f.name: str(names.index(f.name) + 1) if f.name in names else "" for f in fields(Sections)})


def _summary(items: Sequence[Item], within: Sequence[Item], beyond: Sequence[Item], untriaged: Sequence[Item],
             answered: int) -> str:
    mttq = sum(i.source == "mttq" for i in items)
    raised = sum(i.source == "hoi-nghi" for i in items)
    carried = sum(i.source == CARRIED for i in items)
    # What is none is left unsaid ("00 ý kiến … không thuộc thẩm quyền" reads as a slip).
    sources = [f"{count(mttq)}, kiến nghị do Ủy ban Mặt trận Tổ quốc phường tổng hợp" if mttq else "",
               f"{count(raised)}{'' if mttq else ', kiến nghị'} phát biểu tại Hội nghị" if raised else "",
               f"{count(carried)}{'' if mttq or raised else ', kiến nghị'} chưa giải quyết xong từ năm trước "
               "chuyển sang" if carried else ""]
    said_sources = [source for source in sources if source]
    heard = " và ".join([", ".join(said_sources[:-1]), said_sources[-1]] if len(said_sources) > 2 else said_sources)
    kinds = [(len(within), "thuộc thẩm quyền giải quyết của phường"),
             (len(beyond), "không thuộc thẩm quyền giải quyết của phường"),
             (len(untriaged), "chưa phân loại")]  # only a draft has these
    said = [(number, words) for number, words in kinds if number]
    if len(said) == 1:
        text = f"Hội nghị đã ghi nhận, tiếp thu {heard}, đều {said[0][1]}."
    else:
        text = f"Hội nghị đã ghi nhận, tiếp thu {heard}; trong đó " \
               f"{', '.join(f'{count(number)} {words}' for number, words in said)}."
    if answered:
        text += f" Chủ tọa Hội nghị đã trực tiếp trao đổi, trả lời {count(answered)} tại Hội nghị."
    return text


def _conclusion(heading: str, sector: str, items: Sequence[Item], text: str, drafted: bool) -> Conclusion:
    lines = [line.strip() for line in text.split("\n") if line.strip()] or [""]
    lines[0] = f"- {heading}: {lines[0]}" if lines[0] else f"- {heading}."
    return Conclusion(heading=heading, sector=sector, count=count(len(items)) if items else "", drafted=drafted,
                      text=text, paragraphs=lines)


def _conclusions(config: Config, conference: Conference, within: Sequence[Item]) -> list[Conclusion]:
    """A conclusion per sector with items `within` the ward (a draft's not triaged yet too) or a
    conclusion written (the officer's text, else kiennghi's draft), the items of no known sector
    drafted last, then the topics."""
    drafts = conclusion_drafts(config, within)
    found = []
    for code in config.sectors.codes:
        written = conference.conclusions.get(code, "").strip()
        if written or code in drafts:
            mine = [i for i in within if i.sector == code]
            heading = f"Về {lower_first(config.sectors.name(code))}"
            found.append(_conclusion(heading, code, mine, written or drafts[code], not written))
    other = [i for i in within if i.sector not in config.sectors]
    if other:
        found.append(_conclusion("Về các ý kiến chưa xếp lĩnh vực", "", other, draft_conclusion(config, other), True))
    found += [_conclusion(t.title, "", [], t.text, False) for t in conference.topics]
    return found


def _sector_topic(config: Config, code: str) -> str:
    """ "đô thị, xây dựng" for "Lĩnh vực đô thị, xây dựng"."""
    name = lower_first(config.sectors.name(code))
    return name.removeprefix("lĩnh vực ")


def _tasks(config: Config, within: Sequence[Item]) -> list[Task]:
    by_owner: dict[str, list[Item]] = defaultdict(list)
    for item in within:
        if item.owner:
            by_owner[item.owner].append(item)
    known = [code for code in config.units.codes if code in by_owner]
    unknown = sorted(code for code in by_owner if code not in config.units)
    tasks = []
    for n, code in enumerate([*known, *unknown], start=1):
        group = by_owner[code]
        helpers = {c for item in group for c in item.co_owners if c != code}
        co_owners = ", ".join(config.units.name(c) for c in config.units.codes if c in helpers)
        sectors = "; ".join(
            _sector_topic(config, s) for s in config.sectors.codes if any(i.sector == s for i in group)
        )
        days = sorted({i.deadline for i in group if i.deadline})
        deadline = short(days[0]) if days else ""
        text = f"{config.units.name(code)} chủ trì"
        if co_owners:
            text += f", phối hợp với {co_owners}"
        text += f" giải quyết, trả lời bằng văn bản {count(len(group))}"
        if sectors:
            text += f" về {sectors}"
        text += "," if deadline else "."
        tasks.append(Task(
            number=f"({n})", unit=config.units.name(code), co_owners=co_owners, count=count(len(group)),
            sectors=sectors, deadline=deadline, text=text, due=_due(days),
        ))
    return tasks


def _due(days: list[date]) -> str:
    """"xong trước ngày 28/11/2025." for a unit's items due the same day; due on several days,
    the span ("xong theo hạn của từng ý kiến, từ ngày 15/11/2025 đến ngày 13/12/2025."): a signed
    notice must not give every item the earliest; "" without a deadline."""
    if not days:
        return ""
    if len(days) == 1:
        return f"xong trước ngày {short(days[0])}."
    return f"xong theo hạn của từng ý kiến, từ ngày {short(days[0])} đến ngày {short(days[-1])}."


def _beyond_groups(config: Config, beyond: Sequence[Item]) -> list[BeyondGroup]:
    """One paragraph per body (seed 001 §3): how many concerns (petitions linked as duplicates
    count once), the concerns in brief in brackets, then who reports them upward."""
    by_body: dict[str | None, list[Item]] = defaultdict(list)
    for item in beyond:
        by_body[item.forward_to].append(item)
    order = [c for c in config.bodies.codes if c in by_body]
    order += sorted(c for c in by_body if c is not None and c not in config.bodies)
    order += [None] if None in by_body else []
    groups = []
    for code in order:
        group = by_body[code]
        body = config.bodies.name(code) if code else "cơ quan có thẩm quyền"
        owners = {i.owner for i in group if i.owner}
        reporters = ", ".join(config.units.name(c) for c in config.units.codes if c in owners) or "UBND phường"
        concerns = upper_first(concerns_text(config, group))  # the paragraph counts concerns, the brackets petitions
        raised = len(linked_concerns(group))  # a concern several petitions raise is one
        text = (f"Liên quan đến {count(raised, 'nội dung')} không thuộc thẩm quyền giải quyết của phường, "
                f"thuộc thẩm quyền của {body} ({concerns}): Đảng ủy giao {reporters} tổng hợp, báo cáo {body} "
                f"và các đơn vị có liên quan để xem xét, giải quyết và trả lời cho Nhân dân.")
        groups.append(BeyondGroup(body=body, count=count(raised, "nội dung"), concerns=concerns,
                                  reporters=reporters, text=text))
    return groups


def _annex(config: Config, items: Sequence[Item], with_names: bool, public: bool) -> list[AnnexRow]:
    """Every item numbered 1…N once, under the heading of its sector (in the configuration's
    order), or, in the public version, of its residential group (in their numbers' order)."""
    groups: dict[str, list[Item]] = defaultdict(list)
    if public:
        for item in items:
            groups[" ".join(item.to_dan_pho.split()) or "Ý kiến chung, không ghi tổ dân phố"].append(item)
        order = sorted(groups, key=_natural)
    else:
        for item in items:
            groups[config.sectors.name(item.sector) if item.sector in config.sectors else ""].append(item)
        order = [config.sectors.name(c) for c in config.sectors.codes if config.sectors.name(c) in groups]
        order += [""] if "" in groups else []
    rows, n = [], 0
    for heading in order:
        rows.append(AnnexRow(heading=heading or "Chưa xếp lĩnh vực", stt="", content="", to_dan_pho="",
                             jurisdiction="", assignee="", deadline=""))
        for item in groups[heading]:
            n += 1
            rows.append(_annex_row(config, item, n, with_names, public))
    return rows


def _natural(text: str) -> list[object]:
    """ "Tổ dân phố số 2" before "Tổ dân phố số 10"; text without a number last."""
    parts = re.split(r"(\d+)", fold(text))
    return [len(parts) == 1, *((int(p), "") if p.isdigit() else (0, p) for p in parts)]


def _annex_row(config: Config, item: Item, n: int, with_names: bool, public: bool) -> AnnexRow:
    place = item.to_dan_pho
    if with_names and item.submitter:
        place = f"{place} ({item.submitter})" if place else item.submitter
    if item.jurisdiction == BEYOND:
        body = config.bodies.name(item.forward_to)
        if body and item.owner:
            assignee = f"{body} ({config.units.short(item.owner)} tổng hợp)"
        else:
            assignee = body or config.units.name(item.owner)
    else:
        assignee = config.units.name(item.owner)
        if item.co_owners:
            assignee += "; phối hợp: " + ", ".join(config.units.short(c) for c in item.co_owners)
    content = " ".join(item.content.split())
    return AnnexRow(
        heading="",
        stt=str(n),
        content=content if with_names and not public else without_personal_details(content),
        to_dan_pho=place,
        jurisdiction=config.jurisdictions.short(item.jurisdiction),
        assignee=assignee,
        deadline=short(item.deadline),
    )


def unbroken_names(line: str, names: Sequence[str]) -> str:
    """`line` (a header line in capitals) with each place name in it held on one line: its words
    joined by no-break spaces, so that a name too long for the header's column moves whole to
    the next line ("ĐẢNG ỦY PHƯỜNG / HOÀNG VĂN THỤ", never "ĐẢNG ỦY PHƯỜNG HOÀNG / VĂN THỤ")."""
    for name in names:
        upper = " ".join(name.upper().split())
        if " " in upper:
            line = line.replace(upper, upper.replace(" ", NO_BREAK))
    return line


def _ids(selected: Sequence[Item]) -> str:
    shown = ", ".join(i.id for i in selected[:10])
    return shown + (f" và {len(selected) - 10} ý kiến khác" if len(selected) > 10 else "")


def _counts_said(text: str) -> list[str]:
    """The counts of items a conclusion states ("04 ý kiến", "4 ý kiến"), as a notice writes them."""
    return [count(int(n.replace(".", ""))) for n in re.findall(r"(?<![\d/])(\d{1,3}(?:\.\d{3})*) ý kiến", text)]


def _missing(items: Sequence[Item], conclusions: Sequence[Conclusion]) -> list[str]:
    """What keeps the notice from being complete, one line per kind, naming the items and the
    topics whose conclusion is still kiennghi's draft."""
    checks = (
        ("chưa phân loại thẩm quyền", [i for i in items if i.jurisdiction not in (WITHIN, BEYOND)]),
        ("thuộc thẩm quyền phường mà chưa có đơn vị chủ trì",
         [i for i in items if i.jurisdiction == WITHIN and not i.owner]),
        ("thuộc thẩm quyền phường mà chưa có hạn giải quyết",
         [i for i in items if i.jurisdiction == WITHIN and i.deadline is None]),
        ("chuyển cấp trên mà chưa có cơ quan chuyển đến",
         [i for i in items if i.jurisdiction == BEYOND and not i.forward_to]),
    )
    lines = [f"{count(len(selected))} {what}: {_ids(selected)}" for what, selected in checks if selected]
    stale = [f"{lower_first(c.heading.removeprefix('Về '))} ghi {', '.join(said)}, "
             f"{f'nay có {c.count}' if c.count else 'nay không còn ý kiến nào'}"
             for c in conclusions if c.sector and not c.drafted
             for said in [_counts_said(c.text)] if said and c.count not in said]
    if stale:
        lines.append("kết luận đã viết nêu số ý kiến khác với số ý kiến hiện có, xem lại (phím K): " + "; ".join(stale))
    drafted = [lower_first(c.heading.removeprefix("Về ")) for c in conclusions if c.drafted]
    if drafted:
        lines.append(f"{count(len(drafted), 'nội dung')} kết luận còn là bản nháp kiennghi soạn từ các ý kiến "
                     f"(viết kết luận bằng phím K trong ứng dụng hoặc bảng [conclusions] của "
                     f"kiennghi conference set): {'; '.join(drafted)}")
    return lines
