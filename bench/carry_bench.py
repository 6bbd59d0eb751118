"""Last year's unfinished items at scale: what linking a new year's sheet to an earlier year's
unresolved items adds to its import, and how long carrying them takes.

    python bench/carry_bench.py [--earlier 20000] [--sheet 145 2000] [--repeat 5]

On a copy of a store of `--earlier` triaged 2024 items (bench/stores.py; about a third of them
unresolved), for each sheet size: the import without links (`Store.import_batch` alone), the
links worked out (`kiennghi.carry.link_repeats`: the suggester over the unresolved items and the
sheet's), and carrying every unresolved item into 2025 (`carry_over`, one transaction). Best and
median of --repeat runs, each on a fresh copy.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from kiennghi.carry import carry_over, link_repeats, unresolved
from kiennghi.config import load_config
from kiennghi.io.importer import plan_import
from kiennghi.model import NewItem
from kiennghi.store import ImportBatch, Store

from stores import ROOT, TRACKING, triaged_store


def sheet(size: int, config) -> list[NewItem]:
    """A sheet of `size` petitions worded as last year's (each a little different)."""
    sources = plan_import(TRACKING, config).items
    return [NewItem(f"{sources[n % len(sources)].content} Kiến nghị lại năm nay (lần {n})") for n in range(size)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--earlier", type=int, default=20000)
    parser.add_argument("--sheet", type=int, nargs="+", default=[145, 2000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = load_config(ROOT / "config.toml")
    source = triaged_store(args.earlier)
    with Store.open(source) as store:
        open_count = sum(unresolved(config, item) for item in store.items(2024))
    print(f"{args.earlier} items of 2024, {open_count} unresolved")
    for size in args.sheet:
        items = sheet(size, config)
        times: dict[str, list[float]] = {"import": [], "links": [], "carry": []}
        linked = carried = 0
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder:
                copy = Path(folder) / "ward.db"
                shutil.copy(source, copy)
                with Store.open(copy) as store:
                    batch = ImportBatch("mttq-2025.xlsx", f"bench-{size}", 2025, items)
                    start = time.perf_counter()
                    linked_batch = link_repeats(config, store, batch)
                    times["links"].append(time.perf_counter() - start)
                    start = time.perf_counter()
                    store.import_batch(replace(linked_batch))
                    times["import"].append(time.perf_counter() - start)
                    start = time.perf_counter()
                    carried = len(carry_over(config, store, 2024, 2025, "cli").carried)
                    times["carry"].append(time.perf_counter() - start)
                    linked = sum(bool(item.carry_suggested) for item in linked_batch.items)
        for name, runs in times.items():
            print(f"sheet of {size:>5}: {name:<6} best {min(runs):7.3f} s, median {statistics.median(runs):7.3f} s")
        print(f"sheet of {size:>5}: {linked} linked, {carried} carried")


if __name__ == "__main__":
    main()
