"""The review report (*Báo cáo kết quả giải quyết các ý kiến, kiến nghị*): how the year's items
were resolved, as the party committee asks for it (seed 002) and public reports print it.

Every item is in one result category, its status's group (`Config.category`); the report counts
them as shares, petitions an officer linked as one concern (`kiennghi.duplicates`) once, by the
first of them, ("84/93 ý kiến (chiếm 90,32%)") for the whole year, by jurisdiction and by unit,
then lists them in appendices: the ward's items by category, each with what that category
needs (the answering document; the roadmap, expected date and person responsible; the reason
and recommendation), and the forwarded items with the answer from above. As `kiennghi.notice`,
everything is decided here, in words; the template (`templates/bao-cao-ket-qua.docx`) places it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

from .config import Catalog, Config
from .dates import short
from .duplicates import concerns
from .errors import KienNghiError
from .model import CARRIED, Item
from .notice import BEYOND, WITHIN, count, dated_place, lower_first, number, upper_first, without_personal_details
from .store import Store

NO_REPLY = "chưa có trả lời"
UNASSIGNED = "Chưa giao đơn vị"


def percent(part: int, whole: int) -> str:
    """`part` of `whole` as these reports print it: two decimals at most, a decimal comma
    ("90,32", "50", "33,33"); rounded half up."""
    value = (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP) if whole else Decimal(0)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def share(part: int, whole: int) -> str:
    """ "84/93 ý kiến (chiếm 90,32%)"; counts below ten with their leading zero ("05/93")."""
    return f"{number(part)}/{number(whole)} ý kiến (chiếm {percent(part, whole)}%)"


@dataclass
class Share:
    """One result category's count within a tally."""

    category: str      # the group's code: "done", "in-progress", "explained", "cannot", "not-yet"
    name: str          # "Đã giải quyết xong"
    count: int
    text: str          # "84/93 ý kiến (chiếm 90,32%)"


@dataclass
class Tally:
    """Items counted by result category: the whole year's, a jurisdiction's or a unit's."""

    name: str          # "Phòng Kinh tế, Hạ tầng và Đô thị", "Thuộc thẩm quyền phường", or ""
    total: str         # "45 ý kiến"
    shares: list[Share]  # every category, in the configuration's order
    text: str          # the categories it has, in one clause: "đã giải quyết xong 30/45 ý kiến (chiếm 66,67%); …"


@dataclass
class ReviewRow:
    """One item in an appendix, with what its category asks the report to say."""

    stt: str           # 1…N within its appendix
    id: str            # "KN-2024-007"; a concern several petitions raised: all of them, "KN-2024-007, KN-2024-031"
    content: str
    to_dan_pho: str
    unit: str          # the owner unit; a forwarded item's body, and the unit that compiles its report
    category: str      # the result category in words
    deadline: str      # "31/12/2024" or ""
    response: str      # what was done, or the explanation given
    answer: str        # the ward's answering document: "Văn bản số 125/UBND ngày 05/11/2024", or ""
    roadmap: str
    expected: str      # the expected completion date, "30/06/2025", or ""
    responsible: str
    reason: str
    recommendation: str
    reply: str         # a forwarded item: the answer from above, or "chưa có trả lời"


@dataclass
class Appendix:
    """One appendix table: its number among those the report has ("1"), its title, its rows."""

    number: str
    title: str
    rows: list[ReviewRow]


@dataclass
class Review:
    """Everything the review template may show."""

    year: int
    ward: str                  # "phường Phúc Lợi"
    ward_upper: str
    people_committee: str      # "ỦY BAN NHÂN DÂN PHƯỜNG PHÚC LỢI"
    place_date: str            # "Phúc Lợi, ngày      tháng      năm 2025" (signed by hand)
    subject: str               # "Kết quả giải quyết các ý kiến, kiến nghị tại Hội nghị đối thoại năm 2024"
    as_of: str                 # "tính đến ngày 30/06/2025" (the change log's state that day), or "" for now
    total: Tally
    by_jurisdiction: list[Tally]
    by_unit: list[Tally]       # the ward's items (not forwarded) by owner unit
    by_body: list[Tally]       # the forwarded items by the body they went to
    summary: str               # the paragraph of totals
    done: Appendix             # the ward's items resolved
    in_progress: Appendix      # …in progress: roadmap, expected date, person responsible
    explained: Appendix        # …explained, information given
    cannot: Appendix           # …that cannot be done: reason, recommendation
    not_yet: Appendix          # …not resolved yet
    forwarded: Appendix        # the items beyond the ward, with the answer from above
    # Concerns counted apart because their petitions stand differently, in words (the officer
    # linked them as one: the figures would surprise without a word).
    warnings: list[str] = field(default_factory=list)


# The appendices of the ward's items, one per category, with their titles.
_APPENDICES = (
    ("done", "done", "Các ý kiến, kiến nghị đã giải quyết xong"),
    ("in_progress", "in-progress", "Các ý kiến, kiến nghị đang giải quyết (lộ trình, thời gian hoàn thành, "
                                   "người chịu trách nhiệm)"),
    ("explained", "explained", "Các ý kiến, kiến nghị đã giải trình, cung cấp thông tin"),
    ("cannot", "cannot", "Các ý kiến, kiến nghị không thực hiện được (lý do, kiến nghị, đề xuất)"),
    ("not_yet", "not-yet", "Các ý kiến, kiến nghị chưa giải quyết"),
)


def tally(config: Config, items: Sequence[Item], name: str = "") -> Tally:
    """`items` counted by result category."""
    counts = dict.fromkeys(config.categories, 0)
    for item in items:
        counts[config.category(item.status)] += 1
    shares = [Share(group, upper_first(words), counts[group], share(counts[group], len(items)))
              for group, words in config.categories.items()]
    text = "; ".join(f"{config.categories[s.category]} {s.text}" for s in shares if s.count)
    return Tally(name=name, total=count(len(items)), shares=shares, text=text)


def grouped(items: Sequence[Item], field: str, catalog: Catalog) -> list[tuple[str | None, list[Item]]]:
    """`items` by their `field` (a code of `catalog`: the owner unit, the body forwarded to): in
    the catalog's order, codes it does not know after them, then (None) those without one; only
    codes with items."""
    found: dict[str | None, list[Item]] = defaultdict(list)
    for item in items:
        found[getattr(item, field) or None].append(item)
    order = [code for code in catalog.codes if code in found]
    order += sorted(code for code in found if code is not None and code not in catalog)
    return [(code, found[code]) for code in order] + ([(None, found[None])] if None in found else [])


def _tallies(config: Config, items: Sequence[Item], field: str, catalog: Catalog, unknown: str) -> list[Tally]:
    """`items` tallied by their `field` (`grouped`), those without one as `unknown`."""
    return [tally(config, group, catalog.name(code) if code else unknown)
            for code, group in grouped(items, field, catalog)]


def document(number_text: str, day: date | None) -> str:
    """ "Văn bản số 125/UBND-KTHTĐT ngày 05/11/2024", with what is known of it, or ""."""
    parts = [f"số {number_text}" if number_text else "", f"ngày {short(day)}" if day else ""]
    said = " ".join(p for p in parts if p)
    return f"Văn bản {said}" if said else ""


def reply(config: Config, item: Item) -> str:
    """The answer a forwarded item received from above: the body, its document, what it says;
    "chưa có trả lời" when nothing of it is recorded."""
    head = ", ".join(p for p in (config.bodies.name(item.reply_body),
                                 lower_first(document(item.reply_no, item.reply_date))) if p)
    text = item.reply_text.strip()
    if head and text:
        return f"{head}: {text}"
    return head or text or NO_REPLY


def _unit(config: Config, item: Item) -> str:
    if item.jurisdiction == BEYOND:
        body = config.bodies.name(item.forward_to)
        if body and item.owner:
            return f"{body} ({config.units.short(item.owner)} tổng hợp)"
        return body or config.units.name(item.owner)
    return config.units.name(item.owner)


def _row(config: Config, item: Item, n: int, raised_by: Sequence[Item] = ()) -> ReviewRow:
    """`item`'s row; `raised_by`: every petition of its concern (itself first)."""
    raised_by = raised_by or [item]
    places = ", ".join(dict.fromkeys(i.to_dan_pho for i in raised_by if i.to_dan_pho))
    return ReviewRow(
        stt=str(n), id=", ".join(i.id for i in raised_by), to_dan_pho=places,
        content=without_personal_details(" ".join(item.content.split())),  # as the notice's annex
        unit=_unit(config, item), category=upper_first(config.categories[config.category(item.status)]),
        deadline=short(item.deadline), response=item.response, answer=document(item.answer_no, item.answer_date),
        roadmap=item.roadmap, expected=short(item.expected), responsible=item.responsible, reason=item.reason,
        recommendation=item.recommendation, reply=reply(config, item) if item.jurisdiction == BEYOND else "",
    )


def _appendices(config: Config, items: Sequence[Item], raised_by: dict[str, list[Item]]) -> dict[str, Appendix]:
    """The appendices, numbered 1… among those that have rows (an empty one keeps ""); `items`
    one per concern, `raised_by` each one's petitions."""
    ward = [i for i in items if i.jurisdiction != BEYOND]
    chosen = [(name, title, [i for i in ward if config.category(i.status) == group])
              for name, group, title in _APPENDICES]
    chosen.append(("forwarded", "Các ý kiến, kiến nghị không thuộc thẩm quyền của phường và kết quả trả lời của "
                                "cấp trên", [i for i in items if i.jurisdiction == BEYOND]))
    found, n = {}, 0
    for name, title, selected in chosen:
        n += bool(selected)
        found[name] = Appendix(number=str(n) if selected else "", title=title,
                               rows=[_row(config, item, k, raised_by[item.id])
                                     for k, item in enumerate(selected, start=1)])
    return found


def build_review(config: Config, year: int, items: Sequence[Item], as_of: date | None = None) -> Review:
    """The review of `year`'s `items` (as they stand, or as they stood at the end of `as_of`):
    a concern several petitions raised, linked as duplicates, counts once while they stand alike."""
    # A concern counts once where its petitions stand alike (jurisdiction, unit, category); where
    # they differ, each is counted as it stands (one done, one open is not "done").
    by_concern, warnings = [], []
    for group in concerns(items):
        if len({(i.jurisdiction, i.owner, config.category(i.status)) for i in group}) == 1:
            by_concern.append(group)
            continue
        by_concern.extend([i] for i in group)
        stands = "; ".join(f"{i.id} {_stands(config, i)}" for i in group)
        warnings.append(f"{count(len(group))} gộp thành một nội dung nhưng giải quyết khác nhau ({stands}): "
                        "tính riêng từng ý kiến")
    raised_by = {group[0].id: group for group in by_concern}
    petitions = len(items)
    items = [group[0] for group in by_concern]
    within = [i for i in items if i.jurisdiction == WITHIN]
    beyond = [i for i in items if i.jurisdiction == BEYOND]
    untriaged = [i for i in items if i.jurisdiction not in (WITHIN, BEYOND)]
    jurisdictions = [tally(config, within, config.jurisdictions.name(WITHIN)),
                     tally(config, beyond, config.jurisdictions.name(BEYOND))]
    if untriaged:
        jurisdictions.append(tally(config, untriaged, "Chưa phân loại thẩm quyền"))
    # A unit answers for the ward's items it owns; the forwarded ones it only compiles are the
    # bodies' above, counted by body (a unit's rate is not its collecting of others' answers).
    ward_items = [i for i in items if i.jurisdiction != BEYOND]
    units = _tallies(config, ward_items, "owner", config.units, UNASSIGNED)
    bodies = _tallies(config, beyond, "forward_to", config.bodies, "Chưa rõ cơ quan")
    total = tally(config, items)
    merged = f" (các ý kiến trùng nhau gộp lại còn {count(len(items), 'nội dung')})" if petitions > len(items) else ""
    summary = (f"Tổng số ý kiến, kiến nghị tại Hội nghị đối thoại năm {year}: {count(petitions)}{merged}; trong đó "
               f"{count(len(within))} thuộc thẩm quyền giải quyết của phường, {count(len(beyond))} không thuộc "
               "thẩm quyền của phường (đã chuyển cấp trên)")
    summary += f", {count(len(untriaged))} chưa phân loại." if untriaged else "."
    carried = sum(i.source == CARRIED for i in items)
    if carried:
        summary += f" Trong tổng số có {count(carried)} tồn từ năm trước chuyển sang tiếp tục giải quyết."
    if items:
        summary += f" Kết quả: {total.text}."
    ward = config.ward
    return Review(
        year=year, ward=ward.name, ward_upper=ward.name_upper, people_committee=ward.people_committee,
        place_date=dated_place(ward.place, None, date.today().year),
        subject=f"Kết quả giải quyết các ý kiến, kiến nghị tại Hội nghị đối thoại năm {year}",
        as_of=f"tính đến ngày {short(as_of)}" if as_of else "",
        total=total, by_jurisdiction=jurisdictions, by_unit=units, by_body=bodies, summary=summary,
        **_appendices(config, items, raised_by), warnings=warnings,
    )


def _stands(config: Config, item: Item) -> str:
    """How `item` stands, in the words a warning needs: "phường, Công an phường, đã giải quyết xong"."""
    parts = [lower_first(config.jurisdictions.short(item.jurisdiction)) or "chưa phân loại",
             config.units.short(item.owner), config.categories[config.category(item.status)]]
    return ", ".join(p for p in parts if p)


def year_review(config: Config, store: Store, year: int, as_of: date | None = None) -> Review:
    """The review of `year` as the store holds it, or as it held it at the end of `as_of`. A
    year without items then has no review ("00/00 ý kiến" would read as a report)."""
    items = store.items_as_of(year, as_of) if as_of else store.items(year)
    if not items:
        when = f"đến hết ngày {short(as_of)}" if as_of else "trong cơ sở dữ liệu"
        raise KienNghiError(f"Năm {year} chưa có ý kiến nào {when} ({store.path}): chưa có gì để báo cáo."
                            + (" Chọn một ngày sau khi bảng của năm đó được nhập." if as_of and store.count(year) else ""))
    return build_review(config, year, items, as_of)
