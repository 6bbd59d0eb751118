"""The table of item fields (`kiennghi.fields`): every part that stores, shows, writes or reads
an item's fields follows it, for every field and every kind, not only the ones written today."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import openpyxl
import pytest

from kiennghi.cli import main
from kiennghi.config import Config
from kiennghi.describe import change_text, field_words, item_details
from kiennghi.fields import EARLIER, EDITABLE, FIELD, FIELDS, Code, Date, Field, ItemRef, ItemRefs, Units
from kiennghi.io.tracking import COLUMNS, export_workbook, read_workbook
from kiennghi.merge import plan_merge
from kiennghi.model import Item, NewItem, Origin
from kiennghi.store import ImportBatch, Store

# What an item is beyond its fields: its identity, where it came from, its version, its hiding.
RECORD = {"id", "year", "seq", "source", "origin", "version", "deleted_by", "deleted_at"}


def sample(config: Config, field: Field, n: int = 0):
    """A value of `field` that is not its empty value; another one for each `n`."""
    kind = field.kind
    if isinstance(kind, Code):
        codes = kind.catalog(config).codes
        return codes[(n + 1) % len(codes)]
    if isinstance(kind, Units):
        codes = config.units.codes
        return [codes[n + 2], codes[n + 4]]
    if isinstance(kind, Date):
        return date(2025, 11, 20 + n)
    if isinstance(kind, ItemRefs):
        return [f"KN-2024-00{n + 1}", f"KN-2024-00{n + 2}"]
    if isinstance(kind, ItemRef):
        return f"KN-{2024 if kind.years == EARLIER else 2025}-00{n + 1}"  # items `stored` holds
    return f"{field.label} số {n}, có dấu phẩy; chấm phẩy và “ngoặc”"


def full_item(config: Config) -> NewItem:
    values = {f.name: sample(config, f) for f in FIELDS if f.name in NewItem.__dataclass_fields__}
    return NewItem(**values, origin=Origin("a.xlsx", "S", [7]))


@pytest.fixture
def stored(config, store):
    store.import_batch(ImportBatch("2024.xlsx", "sha-2024", 2024, [NewItem(f"Ý kiến năm trước {n}") for n in range(3)]))
    store.import_batch(ImportBatch("a.xlsx", "sha-a", 2025, [full_item(config), NewItem("Ý kiến thứ hai")]))
    return store


def test_every_field_is_an_attribute_and_every_attribute_a_field_or_the_record():
    attributes = {f.name for f in dataclasses.fields(Item)}
    names = [f.name for f in FIELDS]
    assert len(set(names)) == len(names)
    assert set(names) <= attributes
    assert attributes - set(names) == RECORD


def test_the_store_has_a_column_for_each_field_and_keeps_every_value(config, stored):
    columns = {row[1] for row in sqlite3.connect(stored.path).execute("PRAGMA table_info(item)")}
    assert {f.name for f in FIELDS} <= columns
    item = stored.item("KN-2025-001")
    for field in FIELDS:
        if field.name in NewItem.__dataclass_fields__:
            assert getattr(item, field.name) == sample(config, field), field.name


def test_each_editable_field_is_edited_logged_and_rebuilt_from_the_log(config, stored):
    before = stored.item("KN-2025-001")
    changes = {name: sample(config, FIELD[name], 1) for name in EDITABLE}
    after = stored.update_item(before.id, changes, before.version, "cli")
    assert {name: getattr(after, name) for name in EDITABLE} == changes
    # The values of then, from the change log: what a merge compares a workbook with.
    assert stored.values_at({before.id: before.version})[before.id] == {
        name: getattr(before, name) for name in EDITABLE}
    history = {change.field: change for change in stored.history(before.id)}
    for field in FIELDS:
        if field.editable:
            assert change_text(config, field.name, history[field.name].new) == field.words(config, changes[field.name])


def test_details_name_each_field_once_in_words(config, stored):
    item = stored.item("KN-2025-001")
    details = dict(item_details(config, item))
    for field in FIELDS:
        if field.name in ("stt", "content"):
            continue
        assert details[field.title] == field_words(config, field, getattr(item, field.name))
        assert details[field.title] == field.words(config, getattr(item, field.name)) \
            or isinstance(field.kind, Code) and field.words(config, getattr(item, field.name)).startswith(field.title)
        if isinstance(field.kind, (Code, Units)):
            assert all(code not in details[field.title] for code in config.units.codes if len(code) > 3)


def test_a_staff_edit_of_each_workbook_field_merges_as_exactly_that_change(config, stored, tmp_path):
    path = export_workbook(config, stored.items(2025), 2025, tmp_path / "theo-doi.xlsx")
    letters = {c.field: openpyxl.utils.get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}
    shown = {c.field: c for c in COLUMNS}
    for name in EDITABLE:
        if name not in shown:
            continue
        field = FIELD[name]
        book = openpyxl.load_workbook(path)
        cell = book["Theo dõi"][f"{letters[name]}3"]
        new = sample(config, field, 1)
        cell.value = field.kind.cells(config, [new])[0]
        edited = tmp_path / f"sua-{name}.xlsx"
        book.save(edited)
        plan = plan_merge(config, edited.name, read_workbook(edited, config), stored)
        found = [(c.field, c.workbook) for c in (plan.changes if shown[name].editable else plan.locked)]
        assert found == [(name, new)], name
        assert not plan.invalid and not plan.conflicts


def test_a_row_whose_petition_differs_from_its_id_is_reported_and_nothing_of_it_applied(config, stored, tmp_path):
    """Swapping two rows' content in the workbook would swap two petitions' text; a row that slid
    against its ID (one column sorted alone) would give its result to another petition."""
    path = export_workbook(config, stored.items(2025), 2025, tmp_path / "theo-doi.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Theo dõi"]
    letter = openpyxl.utils.get_column_letter([c.field for c in COLUMNS].index("content") + 1)
    sheet[f"{letter}3"].value, sheet[f"{letter}4"].value = sheet[f"{letter}4"].value, sheet[f"{letter}3"].value
    response = openpyxl.utils.get_column_letter([c.field for c in COLUMNS].index("response") + 1)
    sheet[f"{response}3"].value = "Kết quả của một ý kiến khác, lệch dòng"  # the row slid: its result too
    book.save(path)
    plan = plan_merge(config, path.name, read_workbook(path, config), stored)
    assert plan.changes == [] and {c.item_id for c in plan.locked} == {"KN-2025-001", "KN-2025-002"}
    assert "2 dòng có cột khóa khác" in plan.summary()
    notes = plan.notes(config)
    assert len(notes) == 2 and all("không gộp gì của dòng này" in note for note in notes)
    assert "(1 thay đổi khác)" in notes[0]


def test_the_command_line_sets_every_editable_field(config, workdir, capsys):
    with Store.open(workdir / "kiennghi.db") as store:
        store.import_batch(ImportBatch("b.xlsx", "sha-b", 2024, [NewItem(f"Ý kiến cũ {n}") for n in range(3)]))
        store.import_batch(ImportBatch("a.xlsx", "sha-a", 2025, [NewItem("Ý kiến"), NewItem("Ý kiến khác")]))
    for field in FIELDS:
        if not field.editable:
            continue
        value = sample(config, field)
        option = "--" + field.name.replace("_", "-")
        if field.kind.repeated:
            args = [a for code in value for a in (option.removesuffix("s"), code)]
        else:
            args = [option, value.strftime("%d/%m/%Y") if isinstance(value, date) else value]
        assert main(["set", "KN-2025-002", *args]) == 0, field.name
        capsys.readouterr()
        with Store.open(workdir / "kiennghi.db") as store:
            assert getattr(store.item("KN-2025-002"), field.name) == value, field.name
