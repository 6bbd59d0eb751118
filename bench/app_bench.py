"""App benchmark: the triage app on a store of 20,000 items.

    python bench/app_bench.py [--items 20000] [--repeat 5]

Prints:
- first paint: a fresh process starting the app until its first screen is ready (best of
  --repeat), against a minimal Textual app (a Static and a Footer) started the same way; the
  targets are 0.5 s and at most 2.5× the minimal app;
- CPU per cursor key (j), per search keystroke, and the wall time of one decision on 500
  selected items (targets 8 ms, 20 ms, 1 s), measured in a headless app driven by Textual's
  Pilot (Pilot's own waiting is counted too, so the figures are upper bounds).
The store is generated once into bench/out/ from the fixtures' petitions (varied per copy).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from kiennghi.io.importer import plan_import

from kiennghi.config import load_config
from kiennghi.model import NewItem, Origin
from kiennghi.store import ImportBatch, Store
from kiennghi.triage import within_ward

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [ROOT / "samples" / "mttq-2025.xlsx", ROOT / "samples" / "theo-doi-2024.xlsx"]

MINIMAL = """
import sys
from textual.app import App
from textual.widgets import Footer, Static

class Minimal(App):
    def compose(self):
        yield Static("kiennghi")
        yield Footer()

async def first_paint(pilot):
    await pilot.pause()
    pilot.app.exit()

Minimal().run(headless=True, size=(120, 40), auto_pilot=first_paint)
"""

KIENNGHI = """
import sys
from kiennghi.config import load_config
from kiennghi.store import Store
from kiennghi.tui.app import KienNghiApp

async def first_paint(pilot):
    await pilot.pause()
    assert len(pilot.app.items) == int(sys.argv[2])
    pilot.app.exit()

with Store.open(sys.argv[1]) as store:
    KienNghiApp(load_config(sys.argv[3]), store).run(headless=True, size=(120, 40), auto_pilot=first_paint)
"""


def build_store(count: int) -> Path:
    """20,000 items of one year, from the fixtures' petitions with a number to tell copies apart."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"app-bench-{count}.db"
    if path.exists():
        return path
    config = load_config(ROOT / "config.toml")
    sources = [item for fixture in FIXTURES for item in plan_import(fixture, config).items]
    items = []
    for n in range(count):
        source = sources[n % len(sources)]
        items.append(NewItem(
            content=f"{source.content} (ý kiến số {n + 1})", stt=str(n + 1), to_dan_pho=source.to_dan_pho,
            submitter=source.submitter, sector=source.sector, origin=Origin("bench.xlsx", "Tổng hợp", [n + 8]),
        ))
    partial = path.with_suffix(".partial")
    with Store.open(partial) as store:
        store.import_batch(ImportBatch("bench.xlsx", f"bench-{count}", 2025, items))
    partial.rename(path)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return path


def start_time(script: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, *args], check=True, env={**os.environ, "TERM": "xterm-256color"})
    return time.perf_counter() - started


async def interaction(db: Path, count: int) -> dict[str, float]:
    from kiennghi.tui.app import KienNghiApp

    config = load_config(ROOT / "config.toml")
    figures = {}
    with Store.open(db) as store:
        app = KienNghiApp(config, store, today=date(2025, 11, 3))
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            keys = 200
            cpu = time.process_time()
            for _ in range(keys):
                await pilot.press("j")
            figures["cursor key, held (CPU ms)"] = (time.process_time() - cpu) * 1000 / keys
            assert app.table.cursor == keys
            idle = time.process_time()
            await pilot.pause(0.1)
            idle = time.process_time() - idle  # what an idle 0.1 s costs (the event loop's polling)
            cpu = time.process_time()
            for _ in range(50):  # one key at a time, details drawn after each
                await pilot.press("j")
                await pilot.pause(0.1)
            figures["cursor key, one by one (CPU ms)"] = ((time.process_time() - cpu) / 50 - idle) * 1000
            assert app.table.cursor == keys + 50 and app.table.current.id in str(app.query_one("#detail").render())
            await pilot.press("slash")
            typed = "ngap ung"
            cpu = time.process_time()
            for key in typed:
                await pilot.press("space" if key == " " else key)
            await pilot.pause(0.1)  # the rows' suggestions and the details, once the keys settle
            figures["search keystroke (CPU ms)"] = ((time.process_time() - cpu) - idle) * 1000 / len(typed)
            await pilot.press("escape")
            assert len(app.items) == count
            app.selected = {item.id for item in app.items[1000:1500]}
            chosen = [item for item in app.year_items if item.id in app.selected]
            started = time.perf_counter()
            app.decide("bench", lambda item: within_ward(config, item, "KT-HT-DT", [], date(2025, 11, 3)), chosen)
            await pilot.pause()
            figures["decision on 500 selected (ms)"] = (time.perf_counter() - started) * 1000
            assert sum(1 for item in app.year_items if item.owner == "KT-HT-DT") >= 500
            app.action_undo()  # leave the bench store as it was
            await pilot.pause()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    db = build_store(args.items)
    config_path = str(ROOT / "config.toml")
    minimal, ours = [], []
    for _ in range(args.repeat):  # interleaved, so that both meet the same machine
        minimal.append(start_time(MINIMAL))
        ours.append(start_time(KIENNGHI, str(db), str(args.items), config_path))
    print(f"store: {args.items} items ({db.stat().st_size / 1e6:.1f} MB)")
    print(f"first paint, minimal Textual app   {min(minimal) * 1000:6.0f} ms best, "
          f"{sorted(minimal)[len(minimal) // 2] * 1000:.0f} ms median")
    print(f"first paint, kiennghi              {min(ours) * 1000:6.0f} ms best, "
          f"{sorted(ours)[len(ours) // 2] * 1000:.0f} ms median   (target ≤ 500 ms)")
    print(f"ratio                              {min(ours) / min(minimal):6.2f}×        (target ≤ 2.5×)")
    for name, value in asyncio.run(interaction(db, args.items)).items():
        print(f"{name:34} {value:6.1f}")
    print("targets: cursor ≤ 8 ms, search ≤ 20 ms, decision ≤ 1000 ms")


if __name__ == "__main__":
    main()
