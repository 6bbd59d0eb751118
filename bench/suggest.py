"""Suggestion benchmark: learn from the 2024 tracking workbook, suggest for the 2025 MTTQ sheet.

    python bench/suggest.py [--history FILE] [--sheet FILE] [--labels FILE]

Labels are matched to the imported items by content, so a sheet of any shape or order can be
measured. Compares the suggestions with the labels: jurisdiction accuracy, owner top-1 and top-3,
forward-to accuracy, sector accuracy (on a copy of the sheet with its group rows ignored),
duplicate pairs precision, recall and F1, simulated keystrokes per item, and the time taken.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from pathlib import Path

from kiennghi.io.importer import plan_import

from kiennghi.config import load_config
from kiennghi.store import Store
from kiennghi.suggest import Suggester, suggest_year
from kiennghi.text import nfc

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def picker(target, ranked) -> int:
    """Keys in a picker that lists the ranked choices first and opens on the first: Enter; one
    or two ↓ and Enter; or a few letters typed and Enter."""
    rank = ranked.index(target) if target in ranked else len(ranked)
    return rank + 1 if rank < 3 else 4


def keystrokes(suggestion, label) -> int:
    """Keys to triage one item in the app: `a` when the suggestion is right; otherwise `1` and
    the owner picker, or `2` and the body picker (and `o` if the compiling unit is wrong)."""
    if label["jurisdiction"] == "phuong":
        if suggestion.jurisdiction == "phuong" and suggestion.owner == label["owner"]:
            return 1
        return 1 + picker(label["owner"], suggestion.owners_ranked)
    right_body = suggestion.jurisdiction == "cap-tren" and suggestion.forward_to == label["forward_to"]
    if right_body and suggestion.owner == label["owner"]:
        return 1
    keys = 1 + picker(label["forward_to"], suggestion.forward_ranked)
    if suggestion.owner != label["owner"]:
        keys += 1 + picker(label["owner"], suggestion.owners_ranked)
    return keys


def match_labels(items, labels) -> dict[str, dict]:
    """Each imported item's label, found by its content (whitespace collapsed), so that a sheet
    of any shape or order can be measured against its labels."""
    by_content = {" ".join(nfc(label["content"]).split()): label for label in labels}
    found = {item.id: by_content.get(" ".join(item.content.split())) for item in items}
    missing = [item_id for item_id, label in found.items() if label is None]
    if missing or len(found) != len(labels):
        raise SystemExit(f"{len(missing)} items without a label (e.g. {missing[:3]}); "
                         f"{len(found)} items, {len(labels)} labels")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--history", type=Path, default=ROOT / "samples" / "theo-doi-2024.xlsx")
    parser.add_argument("--sheet", type=Path, default=ROOT / "samples" / "mttq-2025.xlsx")
    parser.add_argument("--labels", type=Path, default=FIXTURES / "mttq-2025.labels.jsonl")
    parser.add_argument("--history-labels", type=Path, default=FIXTURES / "theo-doi-2024.labels.jsonl")
    args = parser.parse_args()
    config = load_config(ROOT / "config.toml")
    labels = [json.loads(line) for line in args.labels.read_text("utf-8").splitlines() if line.strip()]
    history_labels = [json.loads(line) for line in args.history_labels.read_text("utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as work, Store.open(Path(work) / "bench.db") as store:
        store.import_batch(plan_import(args.history, config).batch())
        plan = plan_import(args.sheet, config)
        store.import_batch(plan.batch())
        year = plan.year
        items = store.items()
        start = time.perf_counter()
        suggestions = suggest_year(config, items, year)
        elapsed = time.perf_counter() - start
        label_of = match_labels([item for item in items if item.year == year], labels)
        # Sector: as if the sheet had no group rows.
        for item in items:
            if item.year == year:
                item.sector = None
        sector_guess = {s.id: s.sector for s in suggest_year(config, items, year)}
        history_label_of = match_labels([item for item in items if item.year != year], history_labels)
        # The app learns each decision as it is made: triage the sheet in order, the officer
        # accepting or correcting each suggestion, and count the keys.
        learning = Suggester(config, store.items())
        sequential = []
        for item in store.items(year):
            label = label_of[item.id]
            sequential.append(keystrokes(learning.suggest(item), label))
            for key in ("jurisdiction", "owner", "forward_to"):
                setattr(item, key, label[key])
            item.version += 1
            learning.update(item)
    n = len(labels)
    pairs = [(s, label_of[s.id]) for s in suggestions]
    jurisdiction = sum(s.jurisdiction == l["jurisdiction"] for s, l in pairs) / n
    owner1 = sum(s.owner == l["owner"] for s, l in pairs) / n
    owner3 = sum(l["owner"] in s.owners_ranked[:3] for s, l in pairs) / n
    upward = [(s, l) for s, l in pairs if l["jurisdiction"] == "cap-tren"]
    forward = sum(s.forward_to == l["forward_to"] for s, l in upward) / max(1, len(upward))
    sector = sum(sector_guess[s.id] == l["sector"] for s, l in pairs) / n
    # Duplicate pairs involving this year's items (with this year's or history's items).
    group_of = {s.id: l["dup_group"] for s, l in pairs}
    group_of.update({item_id: l["dup_group"] for item_id, l in history_label_of.items()})
    current = {s.id for s in suggestions}
    truth = {frozenset(p) for p in itertools.combinations(group_of, 2)
             if group_of[p[0]] and group_of[p[0]] == group_of[p[1]] and (p[0] in current or p[1] in current)}
    found = {frozenset((s.id, other)) for s in suggestions for other in s.duplicates}
    precision = len(found & truth) / max(1, len(found))
    recall = len(found & truth) / max(1, len(truth))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    keys = sum(keystrokes(s, l) for s, l in pairs) / n
    print(f"items: {n} (history: {len(history_label_of)})")
    print(f"jurisdiction accuracy   {jurisdiction:6.1%}   (target ≥ 90%)")
    print(f"owner top-1 / top-3     {owner1:6.1%} / {owner3:.1%}   (targets ≥ 80% / ≥ 95%)")
    print(f"forward-to accuracy     {forward:6.1%}   ({len(upward)} items beyond the ward)")
    print(f"sector accuracy         {sector:6.1%}   (without group rows)")
    print(f"duplicate pairs         P {precision:.2f}  R {recall:.2f}  F1 {f1:.2f}   ({len(truth)} true pairs; target F1 ≥ 0.8)")
    print(f"keystrokes per item     {keys:6.2f}   (learning from history only)")
    print(f"keystrokes per item     {sum(sequential) / n:6.2f}   (learning each decision, as the app does; "
          "target ≤ 1.3)")
    print(f"suggesting {n} items    {elapsed * 1000:6.0f} ms   (target < 1 s for 150)")


if __name__ == "__main__":
    main()
