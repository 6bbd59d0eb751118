from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiennghi.config import load_config
from kiennghi.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = ROOT / "samples"
FOREIGN = ROOT.parent / "shared" / "fixtures-foreign"


def fixture_path(name: str) -> Path:
    for folder in (SAMPLES, FIXTURES):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


def labels(name: str) -> list[dict]:
    return [json.loads(line) for line in (FIXTURES / name).read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "config.toml")


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "ward.db") as opened:
        yield opened


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A fresh directory as the current one, with the project's config.toml in it."""
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KIENNGHI_DB", raising=False)
    monkeypatch.delenv("KIENNGHI_CONFIG", raising=False)
    return tmp_path
