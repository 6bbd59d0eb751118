"""The domain's records: items (petitions) and conferences."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .fields import FIELDS
from .text import fold

CARRIED = "ton-nam-truoc"  # an earlier year's unfinished item, carried into a later year
SHEET_SOURCES = ("mttq", "hoi-nghi")  # what a sheet's items may be
SOURCES = (*SHEET_SOURCES, CARRIED)
SOURCE_NAMES = {"mttq": "MTTQ tổng hợp", "hoi-nghi": "Phát biểu tại hội nghị", CARRIED: "Tồn năm trước"}

def public_id(year: int, seq: int) -> str:
    """The stable public ID of the `seq`-th item of `year`: "KN-2025-007"."""
    return f"KN-{year}-{seq:03d}"


@dataclass(slots=True)
class Origin:
    """Where an item came from: the file, the sheet and the rows (1-based, as Excel shows)."""

    file: str | None = None
    sheet: str | None = None
    rows: list[int] = field(default_factory=list)


@dataclass(slots=True)
class NewItem:
    """An item about to be stored: what an import or the officer provides."""

    content: str
    stt: str | None = None
    source: str = "mttq"
    to_dan_pho: str = ""
    submitter: str = ""
    sector: str | None = None
    jurisdiction: str | None = None
    owner: str | None = None
    co_owners: list[str] = field(default_factory=list)
    forward_to: str | None = None
    deadline: date | None = None
    status: str | None = None
    response: str = ""
    answer_no: str = ""  # the ward's answering document: its number (số công văn)…
    answer_date: date | None = None  # …and its date
    roadmap: str = ""  # lộ trình: how and when it will be resolved
    expected: date | None = None  # when the roadmap expects it done
    responsible: str = ""  # the person responsible for resolving it
    reason: str = ""   # why it cannot be done
    recommendation: str = ""  # what is recommended instead (kiến nghị, đề xuất)
    reply_body: str | None = None  # a forwarded item: the body above that answered…
    reply_no: str = ""  # …its document's number…
    reply_date: date | None = None  # …date…
    reply_text: str = ""  # …and what it says
    note: str = ""
    proposed: str = ""  # the unit or body the sheet names to answer it, as the sheet writes it
    carried_from: str | None = None  # the earlier year's unfinished item this one continues…
    carry_suggested: str | None = None  # …or, not confirmed yet, seems to repeat…
    carry_reason: str = ""  # …and why
    carry_rejected: list[str] = field(default_factory=list)  # earlier items the officer said it is not
    not_duplicates: list[str] = field(default_factory=list)  # items the officer said it does not repeat
    origin: Origin = field(default_factory=Origin)


@dataclass(slots=True)
class Item(NewItem):
    """A stored item, with its public ID, year, order and version; a hidden (deleted) item says
    who hid it and when."""

    id: str = ""
    year: int = 0
    seq: int = 0
    duplicate_of: str | None = None
    version: int = 1
    deleted_by: str | None = None
    deleted_at: str | None = None

    @property
    def hidden(self) -> bool:
        """Deleted: left out of every list, count and document, kept with its ID and history."""
        return self.deleted_by is not None

    def search_key(self) -> str:
        """What a search looks in, without accents: content, residential group, submitter."""
        return fold(f"{self.content} {self.to_dan_pho} {self.submitter}")

    def to_json(self) -> dict[str, Any]:
        """The item as the CLI's `--json` prints it: codes, ISO dates, null where unset;
        `deleted` says who hid it and when (null: shown)."""
        data = asdict(self)
        for f in FIELDS:
            data[f.name] = f.kind.to_json(data[f.name])
        data["deleted"] = {"by": self.deleted_by, "at": self.deleted_at} if self.hidden else None
        order = ("id", "year", "seq", "source", *(f.name for f in FIELDS), "origin", "version", "deleted")
        return {key: data[key] for key in order}


@dataclass
class Topic:
    """A topic of the chair's conclusions not tied to a sector: its title and the conclusion."""

    title: str
    text: str

    def __str__(self) -> str:
        return f"{self.title}: {self.text}"


@dataclass
class Conference:
    """A year's conference: what the notice states about it.

    `conclusions`: the chair's conclusion written by an officer, by sector code (a sector
    without one gets a draft made from its items); `topics`: conclusions on topics not tied to a
    sector. `basis`: the documents the conference was held under, one phrase each;
    `reports_heard`: the reports the conference heard; `speakers`: how many spoke (None:
    unknown); `results`: the optional first section on the period's results."""

    year: int
    date: date | None = None
    place: str = ""
    chairs: list[str] = field(default_factory=list)
    attendees: str = ""
    basis: list[str] = field(default_factory=list)
    reports_heard: str = ""
    speakers: int | None = None
    results: str = ""
    conclusions: dict[str, str] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    notice_number: str = ""
    notice_date: date | None = None
    signing_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    version: int = 0  # 0: not stored yet (defaults from the configuration)
