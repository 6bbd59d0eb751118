"""A wheel carries the whole layout: core, io, tui, the default config, templates and samples."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_contents(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("kiennghi-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("kiennghi/cli.py", "kiennghi/store.py", "kiennghi/io/importer.py", "kiennghi/io/legacy.py",
                     "kiennghi/tui/app.py", "kiennghi/tui/app.tcss", "kiennghi/defaults/config.toml",
                     "kiennghi/samples/mttq-2025.xlsx", "kiennghi/samples/theo-doi-2024.xlsx"):
        assert expected in names
    assert not any(name.startswith(("io/", "tui/", "tests/", "bench/")) for name in names)
    assert not any(name.startswith("kiennghi/defaults/") and name.endswith(".py") for name in names)
