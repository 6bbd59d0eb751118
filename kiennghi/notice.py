"""What the conclusion notice (*Thông báo kết luận*) says, built from the items and the conference.

Everything a template shows is decided here, in words, by the document conventions ("05 ý kiến",
"ngày 03 tháng 11 năm 2025"); the template (`templates/thong-bao-ket-luan.docx`) only places it.
Every name a template may use is a field of `Notice` or of the records its lists hold: the
template checker reads them from here, and `templates/README.md` documents them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Sequence, get_args, get_origin, get_type_hints

from .config import Config
from .dates import in_words, short
from .edits import default_conference
from .model import Conference, Item
from .store import Store

WITHIN = "phuong"
BEYOND = "cap-tren"
MAX_CONCERNS = 6  # concerns named per paragraph; the annex lists every item
MAX_CONCERN_WORDS = 14
MIN_CLAUSE_WORDS = 6  # a concern may end at a comma once it has this many words

# Openings that say nothing about the concern itself ("Đề nghị ...", "Cử tri phản ánh ...").
_OPENING = re.compile(
    r"^(?:(?:một số |nhiều )?(?:cử tri|người dân|nhân dân|hộ dân|các hộ)\s+"
    r"(?:(?:các |tại )?(?:tdp|tổ dân phố)(?: số)? [\w,\s]{1,12}?\s+)?)?"
    r"(?:(?:tiếp tục |kính )?(?:đề nghị|kiến nghị|đề xuất|phản ánh|yêu cầu|mong muốn|xin))"
    r"(?:\s+(?:ubnd phường|phường|các cấp|cấp có thẩm quyền|cơ quan chức năng))?\s*[:,]?\s*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[^\d\s])[.;!?](?:\s|$)")
_CAPITALISED = ("Đảng", "Nhà nước", "Nhân dân", "Mặt trận", "Thành phố", "Trung ương", "Quốc hội")
_ASIDE = re.compile(r"\s*\([^()]*\)")


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
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def concern(content: str) -> str:
    """A petition's concern in a few words, to be named in a sentence of the notice.

    The first sentence without its opening formula ("Cử tri phản ánh", "Đề nghị phường") and
    its asides in brackets, ended at a comma or cut at a word boundary.
    """
    flat = " ".join(content.split())
    match = _SENTENCE_END.search(flat)
    sentence = flat[: match.start()] if match else flat
    sentence = _OPENING.sub("", sentence, count=1) or sentence
    sentence = _ASIDE.sub("", sentence) or sentence
    words = sentence.split()
    if len(words) > MAX_CONCERN_WORDS:
        ends = [n for n in range(MIN_CLAUSE_WORDS, MAX_CONCERN_WORDS) if words[n - 1].endswith(",")]
        words = words[: ends[0]] if ends else [*words[:MAX_CONCERN_WORDS - 1], words[MAX_CONCERN_WORDS - 1] + "…"]
    return lower_first(" ".join(words).rstrip(",;:"))


def concerns_text(items: Sequence[Item]) -> str:
    """The concerns of `items` joined ("…; …"), the rest counted ("và 04 ý kiến khác")."""
    named = [concern(item.content) for item in items[:MAX_CONCERNS]]
    text = "; ".join(named)
    rest = len(items) - len(named)
    return f"{text}; và {count(rest)} khác" if rest else text


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


@dataclass
class SectorGroup:
    """The items within the ward's jurisdiction of one sector: a paragraph of conclusions."""

    name: str          # "Lĩnh vực đô thị, xây dựng"
    heading: str       # "Về lĩnh vực đô thị, xây dựng"
    count: str         # "08 ý kiến"
    concerns: str      # what the items raise, concisely
    text: str          # the whole paragraph: heading (count): concerns.


@dataclass
class Task:
    """One owner unit's task: "(1) Phòng … chủ trì giải quyết 12 ý kiến …, xong trước ngày …"."""

    number: str        # "(1)"
    unit: str          # the unit's full name
    co_owners: str     # "Công an phường, Phòng Văn hóa - Xã hội" or ""
    count: str         # "12 ý kiến"
    sectors: str       # "đô thị, xây dựng; giao thông"
    deadline: str      # the earliest deadline, "28/11/2025", or ""
    text: str          # the whole sentence, without the number


@dataclass
class BeyondGroup:
    """Items beyond the ward's jurisdiction that go to one body, with the unit that reports them."""

    body: str          # "Sở Xây dựng"
    count: str         # "03 ý kiến"
    concerns: str
    reporters: str     # the ward unit(s) compiling the report
    text: str          # the whole paragraph


@dataclass
class AnnexRow:
    """One row of the annex table."""

    stt: str
    content: str
    to_dan_pho: str    # with the submitter's name only when names are asked for
    jurisdiction: str
    assignee: str      # the owner unit (within the ward) or the body (beyond)
    deadline: str


@dataclass
class Notice:
    """Everything the notice template may show."""

    year: int
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
    opening: str               # the paragraph on the conference: when, where, who
    summary: str               # the paragraph of counts
    sectors: list[SectorGroup]
    tasks: list[Task]
    beyond: list[BeyondGroup]
    recipients: list[str]
    signing_authority: str     # "T/L BAN THƯỜNG VỤ"
    signer_title: str          # "CHÁNH VĂN PHÒNG"
    signer_name: str
    annex: bool
    annex_rows: list[AnnexRow]
    missing: list[str] = field(default_factory=list)  # what is not triaged yet (also a warning)


def template_names() -> dict[str, set[str] | None]:
    """The names a template may use: each field of `Notice`, with the fields of its records
    (lists of records and `counts`), or None for plain values and lists of text."""
    names: dict[str, set[str] | None] = {}
    for name, hint in get_type_hints(Notice).items():
        record = get_args(hint)[0] if get_origin(hint) is list else hint
        names[name] = {f.name for f in fields(record)} if hasattr(record, "__dataclass_fields__") else None
    return names


def year_notice(config: Config, store: Store, year: int, *, annex: bool = True, with_names: bool = False) -> Notice:
    """The notice of `year` as the store holds it: its conference (the configuration's defaults
    until one is saved), its items, and those answered by the conference's day."""
    conference = store.conference(year) or default_conference(config, year)
    answered = store.answered_by(year, conference.date) if conference.date else None
    return build_notice(config, conference, store.items(year), annex=annex, with_names=with_names, answered=answered)


def build_notice(config: Config, conference: Conference, items: Sequence[Item], *, annex: bool = True,
                 with_names: bool = False, answered: set[str] | None = None) -> Notice:
    """The notice of `conference` about its year's `items` (in their order). `answered`: the
    items answered at the conference (`Store.answered_by`); None counts every item with a response."""
    if answered is None:
        answered = {i.id for i in items if i.response.strip()}
    within = [i for i in items if i.jurisdiction == WITHIN]
    beyond = [i for i in items if i.jurisdiction == BEYOND]
    counts = Counts(
        total=number(len(items)),
        mttq=number(sum(i.source == "mttq" for i in items)),
        hoi_nghi=number(sum(i.source == "hoi-nghi" for i in items)),
        within=number(len(within)),
        beyond=number(len(beyond)),
        untriaged=number(len(items) - len(within) - len(beyond)),
        answered=number(sum(i.id in answered for i in items)),
    )
    ward = config.ward
    chairs = [c if c.lower().startswith("đồng chí") else f"đồng chí {c}" for c in conference.chairs]
    return Notice(
        year=conference.year,
        ward=ward.name,
        ward_upper=ward.name_upper,
        party_superior=ward.party_superior,
        party_committee=ward.party_committee,
        number=_notice_number(conference.notice_number, ward.party_committee_short),
        place_date=_place_date(ward.place, conference.notice_date, conference.year),
        conference_date=short(conference.date),
        conference_date_words=in_words(conference.date) if conference.date else "",
        conference_place=conference.place,
        chairs=conference.chairs,
        chairs_text=" và ".join(chairs),
        attendees=conference.attendees,
        counts=counts,
        opening=_opening(config, conference, " và ".join(chairs)),
        summary=_summary(items, within, beyond, sum(i.id in answered for i in items)),
        sectors=_sector_groups(config, within),
        tasks=_tasks(config, within),
        beyond=_beyond_groups(config, beyond),
        recipients=conference.recipients,
        signing_authority=conference.signing_authority,
        signer_title=conference.signer_title,
        signer_name=conference.signer_name,
        annex=annex,
        annex_rows=[_annex_row(config, item, with_names) for item in items] if annex else [],
        missing=_missing(items),
    )


def _notice_number(number_text: str, committee_short: str) -> str:
    text = number_text.strip()
    if not text:
        return f"{' ' * 6}-TB/{committee_short}"
    return text if "-" in text else f"{text}-TB/{committee_short}"


def _place_date(place: str, day: date | None, year: int) -> str:
    if day is None:  # left for the office to fill in by hand on the day it signs
        return f"{place}, ngày      tháng      năm {year}"
    return f"{place}, {in_words(day)}"


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


def _summary(items: Sequence[Item], within: Sequence[Item], beyond: Sequence[Item], answered: int) -> str:
    mttq = sum(i.source == "mttq" for i in items)
    raised = len(items) - mttq
    heard = f"{count(mttq)}, kiến nghị do Ủy ban Mặt trận Tổ quốc phường tổng hợp"
    if raised:
        heard += f" và {count(raised)} phát biểu tại Hội nghị"
    text = f"Hội nghị đã ghi nhận, tiếp thu {heard}; trong đó {count(len(within))} thuộc thẩm quyền " \
           f"giải quyết của phường, {count(len(beyond))} không thuộc thẩm quyền giải quyết của phường"
    untriaged = len(items) - len(within) - len(beyond)
    if untriaged:
        text += f", {count(untriaged)} đang được phân loại"
    text += "."
    if answered:
        text += f" Chủ tọa Hội nghị đã trực tiếp trao đổi, trả lời {count(answered)} tại Hội nghị."
    return text


def _originals(items: Sequence[Item]) -> list[Item]:
    """The items that are not duplicates of another: each concern named once."""
    return [i for i in items if not i.duplicate_of] or list(items)


def _sector_groups(config: Config, within: Sequence[Item]) -> list[SectorGroup]:
    by_sector: dict[str | None, list[Item]] = defaultdict(list)
    for item in within:
        by_sector[item.sector if item.sector in config.sectors else None].append(item)
    groups = []
    for code in [*config.sectors.codes, None]:
        group = by_sector.get(code)
        if not group:
            continue
        name = config.sectors.name(code) if code else "Các ý kiến chưa xếp lĩnh vực"
        heading = f"Về {lower_first(name)}"
        concerns = concerns_text(_originals(group))
        groups.append(SectorGroup(
            name=name, heading=heading, count=count(len(group)), concerns=concerns,
            text=f"{heading} ({count(len(group))}): {concerns}.",
        ))
    return groups


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
        deadlines = [i.deadline for i in group if i.deadline]
        deadline = short(min(deadlines)) if deadlines else ""
        text = f"{config.units.name(code)} chủ trì"
        if co_owners:
            text += f", phối hợp với {co_owners}"
        text += f" giải quyết {count(len(group))}"
        if sectors:
            text += f" về {sectors}"
        text += f"; xong trước ngày {deadline}." if deadline else "."
        tasks.append(Task(
            number=f"({n})", unit=config.units.name(code), co_owners=co_owners,
            count=count(len(group)), sectors=sectors, deadline=deadline, text=text,
        ))
    return tasks


def _beyond_groups(config: Config, beyond: Sequence[Item]) -> list[BeyondGroup]:
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
        concerns = concerns_text(_originals(group))
        text = (f"{upper_first(count(len(group)))} đề nghị {body} xem xét, giải quyết ({concerns}): "
                f"giao {reporters} tổng hợp, báo cáo và trả lời cho Nhân dân.")
        groups.append(BeyondGroup(body=body, count=count(len(group)), concerns=concerns,
                                  reporters=reporters, text=text))
    return groups


def _annex_row(config: Config, item: Item, with_names: bool) -> AnnexRow:
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
    return AnnexRow(
        stt=item.stt or str(item.seq),
        content=" ".join(item.content.split()),
        to_dan_pho=place,
        jurisdiction=config.jurisdictions.short(item.jurisdiction),
        assignee=assignee,
        deadline=short(item.deadline),
    )


def _missing(items: Sequence[Item]) -> list[str]:
    """What keeps the notice from being complete, one line per kind, naming the items."""
    def ids(selected: list[Item]) -> str:
        shown = ", ".join(i.id for i in selected[:10])
        return shown + (f" và {len(selected) - 10} ý kiến khác" if len(selected) > 10 else "")

    checks = (
        ("chưa phân loại thẩm quyền", [i for i in items if i.jurisdiction not in (WITHIN, BEYOND)]),
        ("thuộc thẩm quyền phường mà chưa có đơn vị chủ trì",
         [i for i in items if i.jurisdiction == WITHIN and not i.owner]),
        ("thuộc thẩm quyền phường mà chưa có hạn giải quyết",
         [i for i in items if i.jurisdiction == WITHIN and i.deadline is None]),
        ("chuyển cấp trên mà chưa có cơ quan chuyển đến",
         [i for i in items if i.jurisdiction == BEYOND and not i.forward_to]),
    )
    return [f"{count(len(selected))} {what}: {ids(selected)}" for what, selected in checks if selected]
