"""Bulk work without the cycle collector.

Reading a large sheet or storing its items makes hundreds of thousands of objects and no
reference cycles; the collector, run again and again as they pile up, costs a third of the work.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (as it was before, after it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
