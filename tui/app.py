"""The Textual app (grown into the full triage app by the app issue)."""

from __future__ import annotations

from pathlib import Path

from kiennghi.config import Config


def run_app(config: Config, db_path: Path, year: int | None = None) -> int:
    raise NotImplementedError
