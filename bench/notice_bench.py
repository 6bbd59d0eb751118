"""Notice benchmark: the conclusion notice with a 2,000-item annex (target: under 1 s).

    python bench/notice_bench.py [--items 2000] [--repeat 5]

Prints the time to read the items, to build the notice's words, and to render the .docx
(template checked, filled, written atomically), best of the repeats.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kiennghi.io.word import default_template, render
from stores import ROOT, triaged_store

from kiennghi.config import load_config
from kiennghi.edits import default_conference
from kiennghi.notice import build_notice
from kiennghi.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = load_config(ROOT / "config.toml")
    path = triaged_store(args.items)
    timings: dict[str, list[float]] = {"read": [], "words": [], "docx": [], "total": []}
    with Store.open(path) as store, tempfile.TemporaryDirectory() as out, default_template() as template:
        for _ in range(args.repeat):
            start = time.perf_counter()
            items = store.items(2024)
            read = time.perf_counter()
            notice = build_notice(config, default_conference(config, 2024), items)
            built = time.perf_counter()
            render(notice, template, Path(out) / "tb.docx")
            done = time.perf_counter()
            for key, value in (("read", read - start), ("words", built - read), ("docx", done - built),
                               ("total", done - start)):
                timings[key].append(value * 1000)
        size = (Path(out) / "tb.docx").stat().st_size
    print(f"notice with a {len(items):,}-item annex ({size / 1024:.0f} KiB), best of {args.repeat}:")
    for key, values in timings.items():
        print(f"  {key:6} {min(values):7.0f} ms   (median {sorted(values)[len(values) // 2]:.0f} ms)")


if __name__ == "__main__":
    main()
