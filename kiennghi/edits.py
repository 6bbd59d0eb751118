"""Validating an officer's edits: text in, a checked value out, or a Vietnamese reason why not."""

from __future__ import annotations

from datetime import date
from typing import Any

from .config import Catalog, Config
from .dates import parse_date
from .model import EDITABLE_FIELDS, Conference
from .text import clean_cell

FIELD_NAMES = {
    "content": "nội dung",
    "to_dan_pho": "tổ dân phố",
    "submitter": "người kiến nghị",
    "sector": "lĩnh vực",
    "jurisdiction": "thẩm quyền",
    "owner": "đơn vị chủ trì",
    "co_owners": "đơn vị phối hợp",
    "forward_to": "cơ quan chuyển đến",
    "deadline": "hạn giải quyết",
    "status": "tình trạng",
    "response": "kết quả/trả lời",
    "roadmap": "lộ trình",
    "reason": "lý do không thực hiện được",
    "note": "ghi chú",
    "duplicate_of": "trùng với",
}

CONFERENCE_FIELD_NAMES = {
    "date": "ngày hội nghị",
    "place": "địa điểm",
    "chairs": "chủ trì hội nghị",
    "attendees": "thành phần dự",
    "notice_number": "số thông báo",
    "notice_date": "ngày thông báo",
    "signing_authority": "thẩm quyền ký",
    "signer_title": "chức vụ người ký",
    "signer_name": "người ký",
    "recipients": "nơi nhận",
}

# The change log's rows that are not a field edited: an item's coming and going.
EVENT_NAMES = {"created": "tạo mới", "import": "nhập tệp", "hidden": "ẩn (xóa)"}


def change_name(field: str) -> str:
    """A change-log row's field in words: an item's field, an event, or a conference's detail."""
    if field.startswith("conference."):
        key = field.removeprefix("conference.")
        return f"hội nghị: {CONFERENCE_FIELD_NAMES.get(key, key)}"
    return FIELD_NAMES.get(field) or EVENT_NAMES.get(field, field)


_CATALOGS = {"sector": "sectors", "jurisdiction": "jurisdictions", "unit": "units",
             "body": "bodies", "status": "statuses"}


def catalog_for(config: Config, field: str) -> Catalog | None:
    """The configuration's list a coded field's values come from (None for text, dates, and
    fields that are not edited)."""
    name = _CATALOGS.get(EDITABLE_FIELDS.get(field, ""))
    return getattr(config, name) if name else None


def _code(catalog: Catalog, text: str, field: str) -> str:
    if text in catalog:
        return text
    entry = catalog.match(text, partial=False)
    if entry is None:
        raise ValueError(
            f"{FIELD_NAMES[field]}: “{text}” không có trong cấu hình (mã hợp lệ: {', '.join(catalog.codes)})"
        )
    return entry.code


def parse_value(config: Config, field: str, text: str | list[str], today: date | None = None,
                conference: Conference | None = None) -> Any:
    """The value `text` gives `field`, checked against the configuration. "" clears the field.
    A date typed without a year ("20/11") is one of `conference`, the item's (see `parse_date`)."""
    kind = EDITABLE_FIELDS[field]
    if kind == "units":
        parts = text if isinstance(text, list) else [p for p in str(text).split(",")]
        return [_code(config.units, p.strip(), field) for p in parts if p.strip()]
    text = clean_cell(str(text))
    if kind == "text":
        if field == "content" and not text:
            raise ValueError("nội dung không được để trống")
        return text
    if not text:
        return None
    if kind == "date":
        try:
            return parse_date(text, today, conference)
        except ValueError as error:
            raise ValueError(f"{FIELD_NAMES[field]}: {error}") from None
    if kind == "item":
        return text.upper()
    catalog = catalog_for(config, field)
    assert catalog is not None, field
    return _code(catalog, text, field)


def default_conference(config: Config, year: int) -> Conference:
    """A year's conference as the configuration's defaults describe it, before anyone edits it."""
    defaults = config.conference
    return Conference(
        year=year,
        place=defaults.get("place", ""),
        chairs=list(defaults.get("chairs", [])),
        attendees=defaults.get("attendees", ""),
        signing_authority=defaults.get("signing_authority", ""),
        signer_title=defaults.get("signer_title", ""),
        signer_name=defaults.get("signer_name", ""),
        recipients=list(defaults.get("recipients", [])),
    )
