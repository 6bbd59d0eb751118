"""Hundreds of MTTQ sheets as wards write them (tests/sheet_corpus.py) import with exactly their items.

Each shape is built from its seed; the expectations are what a person reading the sheet would
say. Look at one with `python tests/sheet_corpus.py OUTDIR --first SEED --count 1`, or at all the
failures at once with `python tests/sheet_corpus.py OUTDIR --check`.
"""

from __future__ import annotations

import pytest
from kiennghi.io.importer import plan_import

from tests import sheet_corpus as corpus


@pytest.mark.parametrize("seed", range(corpus.SHAPE_COUNT))
def test_shape_imports_with_its_items(seed, config, tmp_path):
    shape = corpus.build_shape(seed)
    path = corpus.write_shape(shape, tmp_path)
    plan = plan_import(path, config, year=shape.year)

    got = [corpus.got_record(item) for item in plan.items]
    expected = corpus.expected_records(shape, plan.items)
    assert got == expected, explain(shape, plan, got)

    assert corpus.doubt_problems(shape, plan) == []
    if not any(sheet.doubts for sheet in shape.sheets):
        assert all(not sheet.doubts for sheet in plan.sheets)
    assert plan.year == corpus.YEAR


def explain(shape, plan, got) -> str:
    """The shape's file and tags, and the first differences by row, for the failure message."""
    lines = [f"{shape.filename} ({', '.join(shape.tags)})"]
    if any(record["proposed"] == corpus.MISSING for record in got):
        lines.append("items have no `proposed` field")
    lines += [f"  {category}: {detail}" for category, detail in corpus.analyse(shape, plan)[:8]]
    return "\n".join(lines)


def test_the_corpus_covers_every_variation():
    """The seeds reach every variation the corpus knows, each in several shapes."""
    tags = [tag for seed in range(corpus.SHAPE_COUNT) for tag in corpus.build_shape(seed).tags]
    for tag in ("format-xls", "format-ods", "format-csv", "encoding-tcvn3", "encoding-nfd", "two-row-header",
                "column-numbers", "combined-submitter", "groups-merged", "groups-split", "groups-caps",
                "groups-incontent", "subheadings", "continuation", "totals", "summary-table", "footer",
                "workbook-clusters", "workbook-instructions", "conference-sheet", "section-b", "two-sectors",
                "unknown-value", "jurisdiction-xmarks", "proposed-xmarks", "proposed-text", "year-given",
                "merged-down", "merged-down-tdp", "merged-down-submitter", "workbook-summary-tdp",
                "workbook-tdp-sheets", "contact-line", "signer-caps", "note-row", "note-row-merged",
                "note-row-content", "conference-title-only", "conference-delegates-name", "subheading-sectors"):
        assert tags.count(tag) >= 10, tag


def test_shapes_are_deterministic():
    first = corpus.describe(corpus.build_shape(7))
    assert corpus.describe(corpus.build_shape(7)) == first
