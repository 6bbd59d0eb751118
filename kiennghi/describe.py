"""An item in words: the labelled values that `kiennghi show` and the app's detail pane print."""

from __future__ import annotations

from datetime import date
from typing import Any

from .config import Config
from .dates import short
from .edits import catalog_for
from .model import EDITABLE_FIELDS, Item
from .text import printable


def origin_text(item: Item) -> str:
    rows = ", ".join(map(str, item.origin.rows))
    return f"{item.origin.file or ''} › {item.origin.sheet or ''} › dòng {rows}"


def item_details(config: Config, item: Item) -> list[tuple[str, str]]:
    """Every field past the content, by its Vietnamese label, with names in place of codes,
    safe to show on a terminal (`printable`)."""
    return [(label, printable(value)) for label, value in _details(config, item)]


def _details(config: Config, item: Item) -> list[tuple[str, str]]:
    return [
        ("Tổ dân phố", item.to_dan_pho),
        ("Người kiến nghị", item.submitter),
        ("Lĩnh vực", config.sectors.name(item.sector)),
        ("Thẩm quyền", config.jurisdictions.name(item.jurisdiction)),
        ("Đơn vị chủ trì", config.units.name(item.owner)),
        ("Đơn vị phối hợp", ", ".join(config.units.name(code) for code in item.co_owners)),
        ("Chuyển đến", config.bodies.name(item.forward_to)),
        ("Hạn giải quyết", short(item.deadline)),
        ("Tình trạng", config.statuses.name(item.status)),
        ("Kết quả / trả lời", item.response),
        ("Lộ trình", item.roadmap),
        ("Lý do không thực hiện được", item.reason),
        ("Ghi chú", item.note),
        ("Đơn vị trả lời (theo bảng)", item.proposed),
        ("Trùng với", item.duplicate_of or ""),
        ("Nguồn gốc", origin_text(item)),
    ]


def shown(config: Config, name: str, value: Any) -> str:
    """A field's value in words, for reports: names for codes, dd/mm/yyyy for dates."""
    kind = EDITABLE_FIELDS[name]
    if value in (None, "", []):
        return "(trống)"
    if kind == "units":
        return "; ".join(config.units.short(c) for c in value)
    if kind == "date":
        return short(value)
    catalog = catalog_for(config, name)
    return catalog.name(value) if catalog else str(value)


def change_text(config: Config, field: str, text: str | None) -> str:
    """A value as the change log keeps it (a field's, an event's or a conference detail's), in
    words as `shown` gives it; "—" for nothing."""
    if not text:
        return "—"
    kind = EDITABLE_FIELDS.get(field)
    if kind is None:
        return text
    if kind == "date":
        try:
            return shown(config, field, date.fromisoformat(text))
        except ValueError:
            return text
    return shown(config, field, text.split(", ") if kind == "units" else text)
