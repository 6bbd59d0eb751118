"""The officer's corrections of how a sheet is read, as typed on the command line or in the
app's import preview, checked against the configuration:

- a column: ``D=submitter`` (a field's name or its Vietnamese label), ``D=-`` to leave it out;
- rows: ``12=skip``, ``12-14=item``, ``30=group`` (``item``/``y-kien``, ``group``/``nhom``,
  ``skip``/``bo``);
- the table's end: a row number;
- a value: ``Quận=cap-tren``, ``UBND P.=VP-UBND``: a text of the sheet and the code it stands for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import Catalog, Config
from .fields import FIELDS
from .import_plan import ImportPlan, LayoutChoices
from .store import Store
from .text import fold

COLUMN_FIELDS = {field.name: field.label for field in FIELDS if field.aliased}
ROW_WORDS = {"item": "item", "y-kien": "item", "y kien": "item", "group": "group", "nhom": "group",
             "skip": "skip", "bo": "skip", "bo qua": "skip"}
LEAVE_OUT = ("-", "bo", "none", "khong dung")


def column_index(letters: str) -> int:
    """"A" → 0, "AB" → 27."""
    if not re.fullmatch(r"[A-Za-z]{1,3}", letters):
        raise ValueError(f"“{letters}” không phải tên cột (A, B, …, AA…)")
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _pair(text: str, what: str) -> tuple[str, str]:
    left, sep, right = text.rpartition("=")
    if not sep or not left.strip() or not right.strip():
        raise ValueError(f"“{text}”: cần dạng {what}")
    return left.strip(), right.strip()


def add_column(choices: LayoutChoices, text: str) -> None:
    """``D=submitter``: column D holds that field; ``D=-``: leave it out."""
    letters, name = _pair(text, "CỘT=TRƯỜNG, ví dụ D=submitter")
    column = column_index(letters)
    key = fold(name)
    if key in LEAVE_OUT or name == "-":
        choices.columns[column] = ""
        return
    by_label = {fold(label): field for field, label in COLUMN_FIELDS.items()}
    field = name if name in COLUMN_FIELDS else by_label.get(key)
    if field is None:
        known = ", ".join(COLUMN_FIELDS)
        raise ValueError(f"“{name}” không phải một trường của ý kiến (các trường: {known}; “-” để bỏ cột)")
    choices.columns = {c: f for c, f in choices.columns.items() if f != field}
    choices.columns[column] = field


def add_rows(choices: LayoutChoices, text: str) -> None:
    """``12=skip``, ``12-14=item``: what those rows are."""
    span, word = _pair(text, "DÒNG=LOẠI, ví dụ 12=skip hoặc 12-14=item")
    kind = ROW_WORDS.get(fold(word))
    if kind is None:
        raise ValueError(f"“{word}”: loại dòng là item (ý kiến), group (tiêu đề nhóm) hoặc skip (bỏ qua)")
    match = re.fullmatch(r"(\d{1,7})(?:\s*-\s*(\d{1,7}))?", span)
    if not match:
        raise ValueError(f"“{span}” không phải số dòng hay khoảng dòng (ví dụ 12 hoặc 12-14)")
    first, last = int(match[1]), int(match[2] or match[1])
    if first < 1 or last < first or last - first > 100_000:
        raise ValueError(f"khoảng dòng “{span}” không hợp lệ")
    for row in range(first, last + 1):
        choices.rows[row] = kind


@dataclass(frozen=True)
class Spelling:
    """A text of a sheet and the code it stands for, with the lists that code belongs to."""

    text: str
    code: str
    kinds: tuple[str, ...]


def catalogs(config: Config) -> dict[str, Catalog]:
    return {"jurisdictions": config.jurisdictions, "sectors": config.sectors, "units": config.units,
            "bodies": config.bodies, "statuses": config.statuses}


def add_value(choices: LayoutChoices, text: str, config: Config) -> Spelling:
    """``Quận=cap-tren``: the sheet's text stands for that code."""
    value, code = _pair(text, "GIÁ-TRỊ=MÃ, ví dụ “Quận=cap-tren”")
    kinds = tuple(kind for kind, catalog in catalogs(config).items() if code in catalog)
    if not kinds:
        raise ValueError(f"“{code}” không phải mã nào trong cấu hình (thẩm quyền, lĩnh vực, đơn vị, cơ quan, "
                         "tình trạng); `kiennghi --help` và config.toml liệt kê các mã")
    choices.values[fold(value)] = code
    return Spelling(value, code, kinds)


def aliases_for(spellings: list[Spelling], plan: ImportPlan) -> list[tuple[str, str, str]]:
    """(list, code, text) for each mapped spelling, to be added to the configuration's aliases.
    A code in several lists (a sector and a unit may share one) goes to the sectors when the
    text is one of the plan's group headings, else to the first of jurisdictions, units,
    bodies, statuses."""
    headings = {fold(group.text) for sheet in plan.sheets for group in sheet.groups}
    additions = []
    for spelling in spellings:
        kinds = spelling.kinds
        if len(kinds) > 1 and "sectors" in kinds and fold(spelling.text) in headings:
            kind = "sectors"
        else:
            kind = next(k for k in ("jurisdictions", "units", "bodies", "statuses", "sectors") if k in kinds)
        additions.append((kind, spelling.code, spelling.text))
    return additions


def remembered_shapes(store: Store) -> dict[str, LayoutChoices]:
    """The officers' saved readings, by header signature, as the importer takes them."""
    return {signature: LayoutChoices(columns=shape["columns"], values=shape["values"])
            for signature, shape in store.sheet_shapes().items()}


def remember_shapes(store: Store, plan: ImportPlan, choices: LayoutChoices) -> bool:
    """Keep the column choices for every sheet of the plan's shape (whose header row looks like
    it); False when there were none to keep."""
    if not choices.columns:
        return False
    for sheet in plan.sheets:
        if sheet.header is not None:
            store.remember_sheet_shape(sheet.header.signature(), choices.columns, choices.values)
    return True
