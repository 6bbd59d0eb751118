"""Hostile variants of the fixture workbooks, and an importer run that survives what they do.

`mutants(count, seed)` derives files from the fixtures (`tests/fixtures`, `samples`) the way an
attacker or a broken disk would: bytes flipped, the file cut short, a zip member damaged, dropped
or replaced, a sheet asking for a huge area (a cell at row 60,000,000, `<dimension>`, repeated ODS
rows and columns, a BIFF cell record's row and column, a CSV of 20,000 columns), the bytes under
another format's name, a CSV's cells holding line and page separators. The same seed gives the
same files.

`run(mutants)` hands each file to `kiennghi.io.importer.plan_import` in a worker process of its
own, whose address space is capped (the harness's, never the application's: an allocation the
readers fail to bound ends the worker, not the machine) and which is replaced when it dies or
takes longer than `TIMEOUT` seconds. Each file is imported, refused (an `InputError` or a
`KienNghiError` whose message is Vietnamese and names the file) or failed (anything else: another
exception, a crash, a hang).

Run as a script for the figures:

    python tests/mutants.py --count 670 [--seed 17]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import select
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
CORPUS_SHAPES = range(12)  # tests/sheet_corpus.py's first shapes: .xlsx, .xls, .ods and .csv of other layouts
TIMEOUT = 20.0  # seconds a single file may take
WORKER_MEMORY = 3 << 30  # bytes of address space a worker may map
VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u0323\u1ea0-\u1ef9]")


@dataclass(frozen=True)
class Mutant:
    name: str  # the file's name, unique in a run
    data: bytes
    how: str  # what was done to which fixture


# --- making them ---------------------------------------------------------------------------------


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 32, 256))):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _rezip(data: bytes, change) -> bytes:
    """The archive `data` with each member's bytes passed through `change(name, bytes)` (None
    drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            changed = change(info.filename, source.read(info.filename))
            if changed is not None:
                target.writestr(info.filename, changed)
    return out.getvalue()


def _member(rng: random.Random, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        victim = rng.choice(archive.namelist())
    damage = rng.choice(("cut", "flip", "drop", "garbage", "unclosed"))

    def change(name: str, content: bytes) -> bytes | None:
        if name != victim:
            return content
        if damage == "cut":
            return content[: rng.randrange(len(content) + 1)]
        if damage == "flip":
            return _flip(rng, content) if content else b"\xff"
        if damage == "drop":
            return None
        if damage == "garbage":
            return rng.randbytes(rng.randrange(1, 4096))
        return content.replace(b">", b"", 1)

    return _rezip(data, change)


def _huge_xlsx(rng: random.Random, data: bytes) -> bytes:
    row = rng.choice((60_000_000, 1_048_576, 99_999_999, 4_294_967_295, 123_456_789_012))
    column = rng.choice(("A", "E", "ZZ", "XFD", "ZZZZ"))
    ref = f"{column}{row}".encode()
    how = rng.choice(("cell", "dimension", "far-pair", "shared-strings"))

    def change(name: str, content: bytes) -> bytes:
        if how == "shared-strings" and name == "xl/sharedStrings.xml":
            return re.sub(rb'(count|uniqueCount)="\d+"', rb'\1="4294967295"', content)
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            return content
        if how == "dimension":
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:' + ref + b'"', content)
        cells = b'<c r="%s" t="inlineStr"><is><t>x</t></is></c>' % ref
        if how == "far-pair":  # two cells side by side, far from A1: a small area of their own
            cells = cells.replace(b"r=\"" + column.encode(), b"r=\"" + (column + "A").encode()) + cells
        return content.replace(b"</sheetData>", b'<row r="%d">%s</row></sheetData>' % (row, cells))

    return _rezip(data, change)


def _huge_ods(rng: random.Random, data: bytes) -> bytes:
    count = str(rng.choice((100_000, 1_048_576, 60_000_000, 2_147_483_647, 10**12))).encode()
    attribute = rng.choice((b"table:number-rows-repeated", b"table:number-columns-repeated"))
    element = b"table:table-row" if b"rows" in attribute else b"table:table-cell"

    def change(name: str, content: bytes) -> bytes:
        if name != "content.xml":
            return content
        tag = rng.choice(list(re.finditer(rb"<" + element + rb"\b[^>]*>", content)))
        bare = re.sub(rb" " + attribute + rb'="[^"]*"', b"", tag[0])
        grown = bare.replace(element, element + b" " + attribute + b'="' + count + b'"', 1)
        return content[: tag.start()] + grown + content[tag.end():]

    return _rezip(data, change)


# BIFF records that place one cell (row, column first) or, MULRK and MULBLANK, a run of them.
_BIFF_CELLS = (0x00FD, 0x0203, 0x027E, 0x0006, 0x0201, 0x0205, 0x0204, 0x00BD, 0x00BE)


def _huge_xls(rng: random.Random, data: bytes) -> bytes:
    spots = [m.start() for m in re.finditer(rb"(?s)[\xfd\x03\x7e\x06\x01\x05\x04\xbd\xbe][\x00\x02]..", data)
             if struct.unpack_from("<H", data, m.start())[0] in _BIFF_CELLS]
    out = bytearray(data)
    spot = rng.choice(spots)
    struct.pack_into("<HH", out, spot + 4, rng.choice((0xFFFF, 60_000, 12)), rng.choice((0xFFFF, 0x4000, 255, 3)))
    return bytes(out)


def _huge_csv(rng: random.Random, data: bytes) -> bytes:
    rows, columns = rng.choice(((1_000, 20_000), (300_000, 3), (10, 200_000), (3, 3)))
    cell = rng.choice(("x", "", "Đề nghị sửa đường"))
    if (rows, columns) == (3, 3):
        cell = "Đề nghị " * 200_000  # a few very long cells
    return ("STT,Nội dung," + ",".join([cell] * (columns - 2)) + "\n").encode("utf-8") * rows


def _separators(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8-sig")
    spots = [m.start() for m in re.finditer(r" ", text)]
    for spot in sorted(rng.sample(spots, min(len(spots), 40)), reverse=True):
        mark = rng.choice(("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1b[2J", "\x00", "\r"))
        text = text[:spot] + mark + text[spot + 1:]
    return text.encode("utf-8")


def _applicable(suffix: str, data: bytes) -> list:
    kinds = [_flip, _truncate]
    if data.startswith(b"PK"):
        kinds += [_member, _member]
    kinds += {".xlsx": [_huge_xlsx, _huge_xlsx], ".ods": [_huge_ods, _huge_ods], ".xls": [_huge_xls, _huge_xls],
              ".csv": [_huge_csv, _separators, _separators]}[suffix]
    return kinds


def sources(folder: Path) -> list[Path]:
    """The files mutants are made from: the fixtures, the samples and a few corpus sheets
    (written into `folder`)."""
    from tests.sheet_corpus import build_shape, write_shape

    fixtures = [path for place in (ROOT / "samples", ROOT / "tests" / "fixtures") for path in place.iterdir()
                if path.suffix in SUFFIXES]
    return sorted(fixtures) + [write_shape(build_shape(seed), folder) for seed in CORPUS_SHAPES]


def mutants(count: int, seed: int, originals: list[Path]) -> list[Mutant]:
    """`count` hostile files derived from `originals`, the same for the same seed."""
    rng = random.Random(seed)
    made = []
    for number in range(count):
        source = rng.choice(originals)
        data = source.read_bytes()
        suffix = source.suffix
        if rng.random() < 0.12:  # the bytes of one format under another's name
            mutate = None
            suffix = rng.choice([s for s in SUFFIXES if s != source.suffix])
            how = f"{source.name} named {suffix}"
        else:
            mutate = rng.choice(_applicable(source.suffix, data))
            data = mutate(rng, data)
            how = f"{source.name} {mutate.__name__.strip('_')}"
        made.append(Mutant(f"m{number:04d}-2025{suffix}", data, how))
    return made


# --- running them --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    result: str  # "imported", "refused" or "failed"
    detail: str
    seconds: float


def _worker() -> None:
    """Read file paths from stdin, one a line; write each one's outcome as a JSON line."""
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    answers = os.fdopen(os.dup(1), "w")  # the answers' own channel: what the libraries print goes to stderr
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    from kiennghi.config import load_config
    from kiennghi.errors import InputError, KienNghiError
    from kiennghi.io.importer import plan_import

    config = load_config(ROOT / "config.toml")
    for line in sys.stdin:
        path = Path(line.rstrip("\n"))
        try:
            plan = plan_import(path, config, year=2025)
        except (InputError, KienNghiError) as error:
            message = str(error)
            named = path.name in message and VIETNAMESE.search(message)
            answer = {"result": "refused" if named else "failed", "detail": message[:2000]}
        except BaseException:  # noqa: BLE001 - the harness reports whatever escapes
            answer = {"result": "failed", "detail": traceback.format_exc()[-2000:]}
        else:
            answer = {"result": "imported", "detail": f"{len(plan.items)} ý kiến"}
        print(json.dumps(answer), file=answers, flush=True)


class _Worker:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})

    def ask(self, path: Path) -> dict | None:
        """The worker's answer for `path`, or None when it died or took too long."""
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], TIMEOUT)
        line = self.process.stdout.readline() if ready else ""
        return json.loads(line) if line else None

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def run(made: list[Mutant], folder: Path) -> list[Outcome]:
    """Each mutant's outcome, written into `folder` and planned by a capped worker process."""
    outcomes = []
    worker = _Worker()
    try:
        for mutant in made:
            path = folder / mutant.name
            path.write_bytes(mutant.data)
            start = time.monotonic()
            answer = worker.ask(path)
            seconds = time.monotonic() - start
            if answer is None:
                code = worker.process.poll()
                worker.stop()
                worker = _Worker()
                answer = {"result": "failed",
                          "detail": f"over {TIMEOUT:.0f} s" if code is None else f"worker died (exit {code})"}
            outcomes.append(Outcome(mutant, answer["result"], answer["detail"], seconds))
            path.unlink()
    finally:
        worker.stop()
    return outcomes


def figures(outcomes: list[Outcome]) -> str:
    counts = Counter(outcome.result for outcome in outcomes)
    slowest = max(outcomes, key=lambda outcome: outcome.seconds)
    return (f"{len(outcomes)} tried, {counts['refused']} refused, {counts['imported']} imported, "
            f"{counts['failed']} failed; slowest {slowest.seconds:.1f} s ({slowest.mutant.how})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=670)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return _worker()
    with tempfile.TemporaryDirectory() as folder:
        outcomes = run(mutants(args.count, args.seed, sources(Path(folder))), Path(folder))
    for outcome in outcomes:
        if outcome.result == "failed":
            print(f"FAILED {outcome.mutant.name} ({outcome.mutant.how}): {outcome.detail.strip().splitlines()[-1]}")
    print(figures(outcomes))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
