"""Stores for the benchmarks: `count` triaged items built from last year's tracking workbook.

Generated once into bench/out/ and reused; the copies differ by a number in their content.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiennghi.io.importer import plan_import

from kiennghi.config import load_config
from kiennghi.model import Origin
from kiennghi.store import ImportBatch, Store

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TRACKING = ROOT / "samples" / "theo-doi-2024.xlsx"


def triaged_store(count: int, year: int = 2024) -> Path:
    """A store of `count` triaged items of `year` (jurisdiction, owner or body, deadline, status)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"triaged-{count}.db"
    if path.exists():
        return path
    config = load_config(ROOT / "config.toml")
    sources = plan_import(TRACKING, config).items
    items = [replace(s, content=f"{s.content} (ý kiến số {n + 1})", stt=str(n + 1),
                     origin=Origin("bench.xlsx", "Theo dõi", [n + 2]))
             for n, s in ((n, sources[n % len(sources)]) for n in range(count))]
    partial = OUT / f"triaged-{count}.partial.db"
    partial.unlink(missing_ok=True)
    with Store.open(partial) as store:
        store.import_batch(ImportBatch("bench.xlsx", f"triaged-{count}", year, items))
    partial.rename(path)
    return path
