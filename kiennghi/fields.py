"""An item's fields, each described once: what it holds, what it is called, who may change it.

`FIELDS` is the one table; the store's columns and rows, the checks of an officer's edits, the
change log, the details, the import's columns, the tracking workbook's cells, the merge and the
command line's `set` options all derive from it. A field's `Kind` knows how its values are typed,
stored, logged, shown, written to a workbook cell, read back from one, and compared.

Adding a field: one row here, one attribute of `kiennghi.model.NewItem` (or `Item`), one
migration in `kiennghi.store`; aliases in config.toml's `[columns]` if sheets carry it.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .dates import parse_date, short
from .text import clean_cell

if TYPE_CHECKING:
    from .config import Catalog, Config
    from .model import Conference

UNIT_SEPARATOR = "; "  # unit names hold commas ("Phòng Kinh tế, Hạ tầng và Đô thị")
_UNIT_SPLIT = re.compile(r"[;\n]+")
_REF_SPLIT = re.compile(r"[,;\s]+")


class Kind:
    """Free text: the base of every kind. A value is what an `Item` attribute holds."""

    empty: Any = ""
    metavar = "CHỮ"  # how the command line's help names a value
    repeated = False  # a list: the command line's option is given once per value

    def parse(self, config: Config, field: Field, text: str, conference: Conference | None = None) -> Any:
        """The value an officer's text gives the field, checked; "" clears it. ValueError says why not."""
        return clean_cell(text)

    def words(self, config: Config, value: Any) -> str:
        """The value as an officer reads it: names for codes, dd/mm/yyyy; "" for nothing."""
        return value or ""

    def to_db(self, value: Any) -> Any:
        return value

    def to_json(self, value: Any) -> Any:
        """The value as `--json` prints it (null where unset)."""
        return value

    def from_db(self, raw: Any) -> Any:
        return raw

    def from_log(self, text: str | None) -> Any:
        """The value back from the change log's text (codes as they are, a list joined by ", ",
        dates in ISO form: see `kiennghi.store`)."""
        return text or ""

    def same(self, a: Any, b: Any) -> bool:
        """Whether two values are the same to an officer (text as `clean_cell` leaves it)."""
        return a == b or clean_cell(a or "") == clean_cell(b or "")

    def cells(self, config: Config, values: list[Any]) -> list[Any]:
        """What the tracking workbook's cells show for `values` (a column of them)."""
        return values

    def from_cell(self, config: Config, field: Field, raw: object, conference: Conference | None = None) -> Any:
        """The value a workbook cell gives the field (text, number, date or boolean as read)."""
        if raw is None or raw == "":
            return self.empty
        if type(raw) is str:
            return self.parse(config, field, raw, conference)
        text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
        return self.parse(config, field, text, conference)


class Required(Kind):
    """Text that cannot be empty (the petition's content)."""

    def parse(self, config: Config, field: Field, text: str, conference: Conference | None = None) -> str:
        text = clean_cell(text)
        if not text:
            raise ValueError(f"{field.label} không được để trống")
        return text


class Code(Kind):
    """A code of one of the configuration's lists (`catalog`: "units", "sectors"…)."""

    empty = None
    metavar = "MÃ"

    def __init__(self, catalog: str) -> None:
        self.catalog_name = catalog

    def catalog(self, config: Config) -> Catalog:
        return getattr(config, self.catalog_name)

    def parse(self, config: Config, field: Field, text: str, conference: Conference | None = None) -> str | None:
        text = clean_cell(text)
        return _code(self.catalog(config), text, field) if text else None

    def words(self, config: Config, value: Any) -> str:
        return self.catalog(config).name(value) if value else ""

    def from_db(self, raw: Any) -> str | None:
        """One string per code, whatever the number of items that have it (each read is a new
        one: some 5 MB at 20,000 items)."""
        return raw if raw is None else sys.intern(raw)

    def from_log(self, text: str | None) -> str | None:
        return text or None

    def same(self, a: Any, b: Any) -> bool:
        return a == b

    def cells(self, config: Config, values: list[Any]) -> list[Any]:
        """A status by its name, any other code by its short name; each code worked out once."""
        catalog = self.catalog(config)
        text_of = catalog.name if self.catalog_name == "statuses" else catalog.short
        known: dict[Any, str] = {}
        return [known[v] if v in known else known.setdefault(v, text_of(v)) for v in values]


class ListKind(Kind):
    """A list of values, in order: stored as JSON, logged joined by ", ", compared as sets."""

    repeated = True

    @property
    def empty(self) -> list[str]:  # a fresh list each time: values are mutable
        return []

    def to_db(self, value: Any) -> str:
        return json.dumps(list(value), ensure_ascii=False) if value else "[]"

    def from_db(self, raw: Any) -> list[str]:
        return [] if raw == "[]" else json.loads(raw)  # most items have none

    def from_log(self, text: str | None) -> list[str]:
        return text.split(", ") if text else []

    def same(self, a: Any, b: Any) -> bool:
        return sorted(a or []) == sorted(b or [])


class Units(ListKind):
    """Several units' codes (the co-owners), in order."""

    metavar = "MÃ"

    def parse(self, config: Config, field: Field, text: str | list[str],
              conference: Conference | None = None) -> list[str]:
        parts = text if isinstance(text, list) else str(text).split(",")
        return [_code(config.units, clean_cell(p), field) for p in parts if p.strip()]

    def words(self, config: Config, value: Any) -> str:
        return UNIT_SEPARATOR.join(config.units.name(code) for code in value or ())

    def cells(self, config: Config, values: list[Any]) -> list[Any]:
        short = config.units.short
        return [UNIT_SEPARATOR.join(map(short, codes)) if codes else "" for codes in values]

    def from_cell(self, config: Config, field: Field, raw: object, conference: Conference | None = None) -> list[str]:
        if raw is None or raw == "":
            return []
        return self.parse(config, field, [p for p in _UNIT_SPLIT.split(str(raw)) if p.strip()])


class Date(Kind):
    """A day; typed as 28/11/2025, 28/11 (a day of the item's conference year), 2025-11-28, +30."""

    empty = None
    metavar = "NGÀY"

    def parse(self, config: Config, field: Field, text: str, conference: Conference | None = None) -> date | None:
        text = clean_cell(text)
        if not text:
            return None
        try:
            return parse_date(text, None, conference)
        except ValueError as error:
            raise ValueError(f"{field.label}: {error}") from None

    def words(self, config: Config, value: Any) -> str:
        return short(value)

    def to_db(self, value: Any) -> str | None:
        return value.isoformat() if value else None

    to_json = to_db

    def from_db(self, raw: Any) -> date | None:
        return date.fromisoformat(raw) if raw else None

    from_log = from_db

    def same(self, a: Any, b: Any) -> bool:
        return a == b

    def from_cell(self, config: Config, field: Field, raw: object, conference: Conference | None = None) -> date | None:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if raw is not None and raw != "" and not isinstance(raw, str):
            raise ValueError(f"{field.label}: “{raw}” không phải là ngày")
        return super().from_cell(config, field, raw, conference)


ANY_YEAR, EARLIER, NOT_LATER = "any", "earlier", "not later"  # the years an ItemRef takes


class ItemRef(Kind):
    """Another item's public ID ("KN-2025-007") of the `years` the field takes (ANY_YEAR,
    EARLIER: of an earlier year, NOT_LATER: of the same year or an earlier one); `chained`: the
    field's links follow on (an item repeats one that repeats another), and a link is written to
    the last of them, the concern's first item. The store refuses an item that does not exist or
    is hidden, the item itself, one of a year the field does not take, and a chained link that
    would lead back round to the item."""

    empty = None
    metavar = "MÃ"

    def __init__(self, years: str = ANY_YEAR, chained: bool = False) -> None:
        assert years in (ANY_YEAR, EARLIER, NOT_LATER), years
        self.years, self.chained = years, chained

    def parse(self, config: Config, field: Field, text: str, conference: Conference | None = None) -> str | None:
        return clean_cell(text).upper() or None

    def from_log(self, text: str | None) -> str | None:
        return text or None

    def same(self, a: Any, b: Any) -> bool:
        return a == b

    def refs(self, value: Any) -> list[str]:
        """The IDs a value names."""
        return [value] if value else []


class ItemRefs(ListKind, ItemRef):
    """Several items' public IDs, in order."""

    def parse(self, config: Config, field: Field, text: str | list[str],
              conference: Conference | None = None) -> list[str]:
        parts = text if isinstance(text, list) else _REF_SPLIT.split(str(text))
        return [clean_cell(p).upper() for p in parts if p.strip()]

    def words(self, config: Config, value: Any) -> str:
        return ", ".join(value or ())

    def cells(self, config: Config, values: list[Any]) -> list[Any]:
        return [", ".join(refs) for refs in values]

    def from_cell(self, config: Config, field: Field, raw: object, conference: Conference | None = None) -> list[str]:
        return [] if raw is None or raw == "" else self.parse(config, field, str(raw))

    def refs(self, value: Any) -> list[str]:
        return list(value or ())


def _code(catalog: Catalog, text: str, field: Field) -> str:
    if text in catalog:
        return text
    entry = catalog.match(text, partial=False)
    if entry is None:
        raise ValueError(f"{field.label}: “{text}” không có trong cấu hình (mã hợp lệ: {', '.join(catalog.codes)})")
    return entry.code


@dataclass(frozen=True)
class Field:
    """One of an item's fields.

    `label` is its name inside a sentence, `title` as a heading; `help` says what it holds, for
    the command line and the editors. `editable`: officers change it (the app, `kiennghi set`,
    the tracking workbook). `petition`: what the resident's petition says, as the sheet gave it;
    the tracking workbook shows it locked and a merge never applies a change to it. `aliased`:
    sheets carry it, in columns found by config.toml's `[columns]` aliases. `long`: written
    in several lines. `result`: what the follow-up reports (how far the item is, what was done,
    why not): a unit's officers may change it on their own unit's items (`kiennghi.roles`).
    """

    name: str
    kind: Kind
    label: str
    help: str = ""
    editable: bool = True
    petition: bool = False
    aliased: bool = True
    long: bool = False  # written in several lines
    result: bool = False

    @property
    def title(self) -> str:
        return self.label[:1].upper() + self.label[1:]

    @property
    def catalog_name(self) -> str | None:
        """The configuration's list a coded field's values come from."""
        return self.kind.catalog_name if isinstance(self.kind, Code) else None

    def parse(self, config: Config, text: str | list[str], conference: Conference | None = None) -> Any:
        return self.kind.parse(config, self, text, conference)

    def words(self, config: Config, value: Any) -> str:
        return self.kind.words(config, value)


FIELDS: tuple[Field, ...] = (
    Field("stt", Kind(), "STT", "số thứ tự trong bảng của MTTQ", editable=False, petition=True),
    Field("content", Required(), "nội dung", "nội dung ý kiến, kiến nghị", petition=True, long=True),
    Field("to_dan_pho", Kind(), "tổ dân phố", "tổ dân phố, khu dân cư hoặc địa chỉ", petition=True),
    Field("submitter", Kind(), "người kiến nghị", "người hoặc tổ chức kiến nghị", petition=True),
    Field("sector", Code("sectors"), "lĩnh vực", "mã hoặc tên lĩnh vực trong cấu hình"),
    Field("jurisdiction", Code("jurisdictions"), "thẩm quyền", "phuong hoặc cap-tren"),
    Field("owner", Code("units"), "đơn vị chủ trì", "mã hoặc tên đơn vị trong cấu hình"),
    Field("co_owners", Units(), "đơn vị phối hợp", "mã hoặc tên đơn vị, lặp lại được; '' để xóa"),
    Field("forward_to", Code("bodies"), "cơ quan chuyển đến", "mã hoặc tên cơ quan cấp trên trong cấu hình"),
    Field("deadline", Date(), "hạn giải quyết",
          "28/11/2025, 28/11 (ngày như thế đầu tiên kể từ ngày hội nghị), 2025-11-28 hoặc +30 (kể từ hôm nay)"),
    Field("status", Code("statuses"), "tình trạng", "mã hoặc tên tình trạng trong cấu hình", result=True),
    Field("response", Kind(), "kết quả giải quyết", "nội dung trả lời, việc đã làm", long=True, result=True),
    Field("answer_no", Kind(), "số văn bản trả lời", "số công văn phường trả lời, ví dụ 125/UBND-KTHTĐT",
          result=True),
    Field("answer_date", Date(), "ngày văn bản trả lời", "ngày của công văn phường trả lời", result=True),
    Field("roadmap", Kind(), "lộ trình", "các bước và thời gian thực hiện", long=True, result=True),
    Field("expected", Date(), "ngày dự kiến hoàn thành", "của việc đang giải quyết theo lộ trình", result=True),
    Field("responsible", Kind(), "người chịu trách nhiệm", "họ tên, chức vụ người chịu trách nhiệm giải quyết",
          result=True),
    Field("reason", Kind(), "lý do không thực hiện được", "vì sao không thực hiện được", long=True, result=True),
    Field("recommendation", Kind(), "kiến nghị, đề xuất", "khi không thực hiện được: kiến nghị, đề xuất",
          long=True, result=True),
    Field("reply_body", Code("bodies"), "cơ quan cấp trên trả lời",
          "mã hoặc tên cơ quan cấp trên đã trả lời ý kiến được chuyển", result=True),
    Field("reply_no", Kind(), "số văn bản của cấp trên", "số văn bản trả lời của cơ quan cấp trên", result=True),
    Field("reply_date", Date(), "ngày văn bản của cấp trên", "ngày văn bản trả lời của cơ quan cấp trên",
          result=True),
    Field("reply_text", Kind(), "nội dung trả lời của cấp trên", "nội dung cơ quan cấp trên trả lời", long=True,
          result=True),
    Field("note", Kind(), "ghi chú", result=True),
    Field("proposed", Kind(), "đơn vị được đề xuất trả lời", "đơn vị hoặc cơ quan mà bảng của MTTQ đề xuất",
          editable=False, petition=True),
    Field("duplicate_of", ItemRef(NOT_LATER, chained=True), "trùng với", "mã ý kiến mà ý kiến này trùng với",
          aliased=False),
    Field("not_duplicates", ItemRefs(), "không trùng với",
          "các ý kiến cán bộ đã xác định không trùng với ý kiến này (không gợi ý trùng lại)", aliased=False),
    # Last year's unfinished items (kiennghi.carry): the link confirmed (or made by carrying the
    # item over), the one kiennghi suggests on import with its reason, those the officer rejected.
    Field("carried_from", ItemRef(EARLIER), "tồn từ ý kiến",
          "mã ý kiến năm trước chưa giải quyết xong mà ý kiến này tiếp nối", aliased=False),
    Field("carry_suggested", ItemRef(EARLIER), "có thể tồn từ ý kiến",
          "ý kiến năm trước chưa xong mà ý kiến này có vẻ lặp lại (gợi ý khi nhập; v xác nhận, V bác)",
          aliased=False),
    Field("carry_reason", Kind(), "lý do gợi ý tồn năm trước", "vì sao kiennghi gợi ý liên kết đó",
          editable=False, aliased=False),
    Field("carry_rejected", ItemRefs(EARLIER), "đã bác liên kết với",
          "các ý kiến năm trước cán bộ đã xác định không phải ý kiến này (không gợi ý lại)", aliased=False),
)

FIELD = {field.name: field for field in FIELDS}
EDITABLE = tuple(field.name for field in FIELDS if field.editable)
ALIASED = tuple(field.name for field in FIELDS if field.aliased)
RESULTS = tuple(field.name for field in FIELDS if field.result)
