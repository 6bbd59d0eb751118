"""Import benchmark: a 20,000-row MTTQ-shaped workbook saved by LibreOffice.

    python bench/import_bench.py [--rows 20000] [--repeat 11]

Prints the time python-calamine alone takes to read the file, the end-to-end import (read,
convert, fold, store into the ward's SQLite file, new and empty) and their ratio, in this
process and as whole processes (`kiennghi import` as an officer runs it, against a `python -c`
that only opens and reads the file with python-calamine: start-up and module imports count).
The target is at most 3×. The runs are interleaved; best and median of --repeat runs are shown.
The workbook is generated once into bench/out/ and converted by `soffice --headless`.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from kiennghi.io.importer import plan_import
from python_calamine import CalamineWorkbook

from kiennghi.config import load_config
from kiennghi.store import Store

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent
SECTORS = ["LĨNH VỰC ĐÔ THỊ, XÂY DỰNG", "LĨNH VỰC GIAO THÔNG", "LĨNH VỰC MÔI TRƯỜNG, VỆ SINH",
           "LĨNH VỰC AN NINH, TRẬT TỰ", "CÁC NỘI DUNG KHÁC"]
ROMAN = ["I", "II", "III", "IV", "V"]


def generate(rows: int) -> Path:
    """The workbook, as LibreOffice saves it (generated with openpyxl, re-saved by soffice)."""
    OUT.mkdir(exist_ok=True)
    final = OUT / f"mttq-bench-{rows}.xlsx"
    if final.exists():
        return final
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    sheet.append(["ỦY BAN MTTQ VIỆT NAM", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["PHƯỜNG PHÚC LỢI", None, "Độc lập - Tự do - Hạnh phúc"])
    sheet.append([])
    sheet.append(["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN NĂM 2025"])
    sheet.append([])
    sheet.append(["STT", "Nội dung ý kiến, kiến nghị", "Tổ dân phố", "Người kiến nghị", "Ghi chú"])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    per_group = rows // len(SECTORS)
    number = 0
    for roman, heading in zip(ROMAN, SECTORS):
        sheet.append([roman, heading])
        for _ in range(per_group):
            number += 1
            sheet.append([number, f"Đề nghị kiểm tra, xử lý việc lấn chiếm vỉa hè, đổ phế thải xây dựng "
                                  f"tại ngõ {number % 300} phố Phúc Lợi; người đi bộ phải xuống lòng "
                                  f"đường, mưa xuống ngập úng (ý kiến số {number}).",
                          f"Tổ dân phố số {number % 45 + 1}", "Ông Nguyễn Văn Hùng" if number % 3 else None, None])
    sheet.append([])
    sheet.append([None, None, "Phúc Lợi, ngày 20 tháng 10 năm 2025"])
    sheet.append([None, None, "TM. BAN THƯỜNG TRỰC"])
    with tempfile.TemporaryDirectory() as work:
        raw = Path(work) / "raw.xlsx"
        workbook.save(raw)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            sys.exit("LibreOffice (soffice) is needed to save the workbook as an office suite does: "
                     "apt-get install libreoffice-calc")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{work}/profile",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", work, str(raw)],
                       check=True, capture_output=True, timeout=600)
        shutil.move(Path(work) / "raw.xlsx", final)
    return final


def calamine_alone(path: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


def end_to_end(path: Path, config, store: Store) -> int:
    with store:
        return len(store.import_batch(plan_import(path, config).batch()))


def fresh_stores(directory: Path):
    """A new, empty ward store for each run: creating the file (once per ward, about 40 ms)
    is not part of an import."""
    number = 0
    while True:
        number += 1
        yield Store.open(directory / f"bench-{number}.db")


CALAMINE_ONLY = ("from python_calamine import CalamineWorkbook; import sys; "
                 "w = CalamineWorkbook.from_path(sys.argv[1]); "
                 "[w.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in w.sheet_names]")


def processes(path: Path, work: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Whole processes, interleaved: calamine alone, and `kiennghi import` into a new store.
    kiennghi's modules are compiled to bytecode first, as `pip install` and any first run do
    (some machines set PYTHONDONTWRITEBYTECODE, which would compile every module each run)."""
    for package in ("kiennghi", "io", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    kiennghi = Path(sys.executable).with_name("kiennghi")
    alone, full = [], []
    for number in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", CALAMINE_ONLY, str(path)], check=True)
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([str(kiennghi), "--config", str(ROOT / "config.toml"), "--db", str(work / f"p{number}.db"),
                        "import", str(path)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        full.append(time.perf_counter() - start)
    return alone, full


def report(label: str, alone: list[float], full: list[float]) -> None:
    ratios = [f / a for f, a in zip(full, alone)]
    print(f"{label}: {min(full) / min(alone):.2f}× (best against best), "
          f"{statistics.median(ratios):.2f}× (median of {len(ratios)} paired runs)  — target ≤ 3×")


def timed(function, argument=None) -> float:
    gc.collect()
    start = time.perf_counter()
    function(argument)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    config = load_config(ROOT / "config.toml")
    path = generate(args.rows)
    with tempfile.TemporaryDirectory() as work:
        stores = fresh_stores(Path(work))
        count = end_to_end(path, config, next(stores))
        assert count == args.rows // len(SECTORS) * len(SECTORS), count
        # Interleaved, so that both sides of each ratio see the same moment of a shared machine.
        alone, read_only, full = [], [], []
        for _ in range(args.repeat):
            alone.append(timed(lambda _: calamine_alone(path)))
            read_only.append(timed(lambda _: plan_import(path, config)))
            full.append(timed(lambda store: end_to_end(path, config, store), next(stores)))
    print(f"workbook: {path.name} ({path.stat().st_size / 1e6:.1f} MB, {count} items, saved by LibreOffice)")
    print(f"{'':34}{'best':>8}{'median':>10}")
    for label, times in (("python-calamine alone", alone), ("read + convert + fold (no store)", read_only),
                         ("end-to-end import into a store", full)):
        print(f"{label:34}{min(times) * 1000:6.0f} ms{statistics.median(times) * 1000:7.0f} ms")
    report("end-to-end / calamine, in this process", alone, full)
    with tempfile.TemporaryDirectory() as work:
        alone, full = processes(path, Path(work), args.repeat)
    for label, times in (("process: python -c calamine", alone), ("process: kiennghi import", full)):
        print(f"{label:34}{min(times) * 1000:6.0f} ms{statistics.median(times) * 1000:7.0f} ms")
    report("kiennghi import / calamine, whole processes", alone, full)


if __name__ == "__main__":
    main()
