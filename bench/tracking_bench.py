"""Tracking workbook benchmark: export and merge of 20,000 items (target: each within 2.5 s).

    python bench/tracking_bench.py [--items 20000] [--edits 500] [--repeat 3]

Export: read the items, write the workbook (atomically). Merge: read the workbook back, compare
every cell with the exported and the stored values, and apply `--edits` changed rows in one
transaction (the edits are made beforehand with openpyxl, not timed). Best of the repeats.
For scale, XlsxWriter alone writing the same values into a bare sheet (one format, no
drop-downs, no row heights): what any export with it costs at least.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import openpyxl
import xlsxwriter
from kiennghi.io.tracking import COLUMNS, cell_value, export_workbook, read_workbook
from stores import ROOT, triaged_store

from kiennghi.config import load_config
from kiennghi.merge import plan_merge
from kiennghi.store import Store

STATUS = openpyxl.utils.get_column_letter(next(n for n, c in enumerate(COLUMNS, start=1) if c.field == "status"))
NOTE = openpyxl.utils.get_column_letter(next(n for n, c in enumerate(COLUMNS, start=1) if c.field == "note"))


def bare_sheet(config, items, path: Path) -> float:
    """Milliseconds for XlsxWriter to write the items' non-empty cells, as the tracking sheet
    shows them, into a bare sheet."""
    rows = [[cell_value(config, item, column.field) for column in COLUMNS] for item in items]
    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"tmpdir": str(path.parent)})
    sheet, plain = book.add_worksheet(), book.add_format({"border": 1})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                if value:
                    sheet.write_string(r, c, value, plain)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value, plain)
            elif value:
                sheet.write_datetime(r, c, value, plain)
    book.close()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = load_config(ROOT / "config.toml")
    source = triaged_store(args.items)
    export_ms, merge_ms = [], []
    with tempfile.TemporaryDirectory() as work:
        workbook = Path(work) / "theo-doi.xlsx"
        with Store.open(source) as store:
            for _ in range(args.repeat):
                start = time.perf_counter()
                export_workbook(config, store.items(2024), 2024, workbook)
                export_ms.append((time.perf_counter() - start) * 1000)
            items = store.items(2024)
        bare_ms = [bare_sheet(config, items, Path(work) / "bare.xlsx") for _ in range(args.repeat)]
        book = openpyxl.load_workbook(workbook)
        sheet = book["Theo dõi"]
        step = max(1, args.items // args.edits)
        for row in range(3, 3 + args.items, step):
            sheet[f"{STATUS}{row}"] = "Đã giải quyết xong"
            sheet[f"{NOTE}{row}"] = f"cập nhật dòng {row}"
        book.save(workbook)
        for n in range(args.repeat):
            copy = Path(work) / f"store-{n}.db"
            with sqlite3.connect(source) as origin, sqlite3.connect(copy) as target:
                origin.backup(target)
            with Store.open(copy) as store:
                start = time.perf_counter()
                rows = read_workbook(workbook, config)
                read = time.perf_counter()
                plan = plan_merge(config, workbook.name, rows, store)
                planned = time.perf_counter()
                store.merge(plan.edits(), [], 2024, workbook.name)
                done = time.perf_counter()
                merge_ms.append((done - start) * 1000)
                print(f"  merge run {n + 1}: read {1000 * (read - start):.0f} ms, compare "
                      f"{1000 * (planned - read):.0f} ms, apply {1000 * (done - planned):.0f} ms "
                      f"({plan.summary()})")
        size = workbook.stat().st_size
    shutil.rmtree(work, ignore_errors=True)
    print(f"{args.items:,} items, workbook {size / 1024 / 1024:.1f} MiB, best of {args.repeat}:")
    print(f"  export {min(export_ms):7.0f} ms   (median {sorted(export_ms)[len(export_ms) // 2]:.0f} ms)")
    print(f"  merge  {min(merge_ms):7.0f} ms   (median {sorted(merge_ms)[len(merge_ms) // 2]:.0f} ms)")
    print(f"  for scale, XlsxWriter alone writing the same cells into a bare sheet: {min(bare_ms):.0f} ms")


if __name__ == "__main__":
    main()
