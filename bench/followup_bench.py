"""Overdue view and status board benchmark: 20,000 triaged items (about 3,500 of them overdue).

    python bench/followup_bench.py [--items 20000] [--repeat 3]

Prints, best of the repeats: reading every item from the store (what each screen does, in a
worker thread, when it opens and when another officer commits), working out the overdue view
and the board from them, and in the app (headless, 80×24) the time from the key (Q, B) to the
screen showing them, and from another officer's commit to the screen showing it (the poll's
second included).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from stores import ROOT, triaged_store

from kiennghi.config import load_config
from kiennghi.followup import overdue_view, status_board
from kiennghi.store import Store
from kiennghi.tui.app import KienNghiApp
from kiennghi.tui.board_screen import BoardScreen
from kiennghi.tui.overdue_screen import OverdueScreen

TODAY = date(2025, 11, 3)


def best(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f} ms"


async def in_app(config, path: Path, key: str, kind: type) -> tuple[float, float]:
    """Seconds from `key` to its screen shown, and from another officer's commit to it shown."""
    with Store.open(path, user="bench") as store:
        app = KienNghiApp(config, store, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            while app.items_screen.suggester is None:  # the app settled: every item read, the suggester built
                await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            await pilot.press(key)
            screen = app.screen
            assert isinstance(screen, kind)
            shown = lambda: screen.due if kind is OverdueScreen else screen.board  # noqa: E731
            while shown() is None:
                await pilot.pause(0.005)
            opened = time.perf_counter() - start
            before = shown()
            with Store.open(path, user="other") as other:
                item = next(i for i in other.items() if i.status == "dang-giai-quyet" and i.deadline < TODAY)
                start = time.perf_counter()
                other.update_item(item.id, {"status": "da-giai-quyet"}, item.version, "tui")
            while shown() is before:
                await pilot.pause(0.005)
            return opened, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = load_config(ROOT / "config.toml")
    source = triaged_store(args.items)
    reading, view, board = [], [], []
    with Store.open(source) as store:
        for _ in range(args.repeat):
            start = time.perf_counter()
            items = store.items()
            reading.append(time.perf_counter() - start)
            start = time.perf_counter()
            found = overdue_view(config, items, TODAY)
            view.append(time.perf_counter() - start)
            start = time.perf_counter()
            status_board(config, 2024, items, TODAY)
            board.append(time.perf_counter() - start)
    rows = sum(len(r.rows) for r in found)
    print(f"{len(items)} items, {rows} in the overdue view")
    print(f"read every item: {best(reading)}; overdue view: {best(view)}; board: {best(board)}")
    for key, kind in (("Q", OverdueScreen), ("B", BoardScreen)):
        opened, followed = [], []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as work:
                path = Path(work) / "ward.db"
                shutil.copy(source, path)
                first, second = asyncio.run(in_app(config, path, key, kind))
            opened.append(first)
            followed.append(second)
        print(f"{kind.__name__}: key to shown {best(opened)}; another officer's commit to shown {best(followed)}")


if __name__ == "__main__":
    main()
