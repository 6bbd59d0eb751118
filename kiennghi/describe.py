"""An item in words: the labelled values that `kiennghi show` and the app's detail pane print."""

from __future__ import annotations

from typing import Any

from .config import Config
from .fields import FIELD, FIELDS, Code, Field
from .model import Item
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
        *((field.title, field_words(config, field, getattr(item, field.name))) for field in FIELDS
          if field.name not in ("stt", "content")),
        ("Nguồn gốc", origin_text(item)),
    ]


def field_words(config: Config, field: Field, value: Any) -> str:
    """A field's value in words after its label: a configuration's name without the label's
    words it begins with ("Lĩnh vực: đô thị, xây dựng", not "Lĩnh vực: Lĩnh vực đô thị, xây
    dựng"); what a sheet wrote, as written."""
    words = field.words(config, value)
    label = field.title
    if isinstance(field.kind, Code) and words[:len(label)].lower() == label.lower() \
            and words[len(label):len(label) + 1] == " ":
        return words[len(label) + 1:]
    return words


def shown(config: Config, name: str, value: Any) -> str:
    """A field's value in words, for reports and messages: "(trống)" for nothing."""
    return FIELD[name].words(config, value) or "(trống)"


def change_text(config: Config, field: str, text: str | None) -> str:
    """A value as the change log keeps it (a field's, an event's or a conference detail's), in
    words as `shown` gives it; "—" for nothing."""
    if not text:
        return "—"
    if field not in FIELD:
        return text
    try:
        return shown(config, field, FIELD[field].kind.from_log(text))
    except ValueError:  # a date the log holds in another form
        return text
