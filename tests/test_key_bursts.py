"""Keys typed faster than the app answers (a slow SSH link delivers them in one read) do what
the same keys typed one at a time do: the same rows decided, selected and under the cursor.

The sequences are drawn at random from the triage keys, over a year where some rows are
already triaged, so that `a` (accept, then go to the next item *not triaged*) jumps over rows
and a burst after it must follow the jump; pickers opened in a burst take the letters typed
after their key."""

from __future__ import annotations

import random
import re
import shutil
import time

import pytest
from kiennghi.io.importer import plan_import

from kiennghi.store import Store
from tests.conftest import fixture_path
from tests.test_app import make_app, ready
from tests.test_fields import burst, handled
from tests.test_terminal import quit_app, running, tmux, wait_for

TRIAGED = ("KN-2025-009", "KN-2025-011", "KN-2025-012", "KN-2025-019")  # `a` skips these
MOVES = ["up", "down", "j", "k", "space", "space", "a", "a", "u", "escape"]
PICKS = [["1", *"cong an", "enter"], ["2", *"so xay", "enter"]]


def keys_drawn(seed: int) -> list[str]:
    """A walk down to a row, then twelve triage keys (a picker's letters with its key)."""
    rng = random.Random(seed)
    keys = ["j"] * rng.randrange(4, 20)
    for _ in range(12):
        keys += rng.choice(PICKS) if rng.random() < 0.15 else [rng.choice(MOVES)]
    return keys


def ward_store(config, path) -> None:
    with Store.open(path, user="officer-a") as store:
        store.import_batch(plan_import(fixture_path("theo-doi-2024.xlsx"), config).batch())
        store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
        for item_id in TRIAGED:
            store.update_item(item_id, {"jurisdiction": "phuong", "owner": "VP-UBND"},
                              store.item(item_id).version, "cli")


def decided(path) -> dict[str, tuple]:
    with Store.open(path) as store:
        return {item.id: (item.jurisdiction, item.owner, item.forward_to)
                for item in store.items(2025) if item.jurisdiction}


async def state_after(config, path, keys: list[str], at_once: bool):
    with Store.open(path, user="officer-a") as store:
        app = make_app(config, store)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            if at_once:
                burst(app, keys)
            else:
                for key in keys:
                    burst(app, [key])
                    await handled(pilot)
                    await pilot.pause(0.12)
            await handled(pilot)
            await pilot.pause(1.0)
            screen = app.items_screen
            shown = (screen.table.current.id if screen.table.current else None, sorted(screen.selected),
                     type(app.screen).__name__)
    return shown, decided(path)


@pytest.mark.parametrize("seed", range(4))
async def test_a_burst_does_what_the_same_keys_one_by_one_do(config, tmp_path, seed):
    keys = keys_drawn(seed)
    results = []
    for at_once in (False, True):
        path = tmp_path / f"ward-{at_once}.db"
        ward_store(config, path)
        results.append(await state_after(config, path, keys, at_once))
    assert results[1] == results[0], f"keys {keys}"


TMUX_NAMES = {"up": "Up", "down": "Down", "space": "Space", "escape": "Escape", "enter": "Enter"}


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_after_a_a_burst_in_a_real_terminal_follows_the_jump(config, tmp_path):
    """On KN-2025-018, `a` goes to 020 (019 is triaged): four Ups reach 016, then Space, Down,
    Space select 016 and 018, sent in one write as a slow link does, and one key at a time."""
    keys = ["a", "up", "up", "up", "up", "space", "down", "space"]
    for at_once in (True, False):
        path = tmp_path / f"ward-{at_once}.db"
        ward_store(config, path)
        folder = tmp_path / f"{tmp_path.name}-{at_once}"  # tmux's session is named after it: one per run
        folder.mkdir()
        with running(folder, path, size=(120, 40)) as session:
            wait_for(session, "≈")
            tmux("send-keys", "-t", session, *["j"] * 17)
            wait_for(session, "▶ KN-2025-018")
            time.sleep(0.3)
            names = [TMUX_NAMES.get(key, key) for key in keys]
            if at_once:
                tmux("send-keys", "-t", session, *names)
            else:
                for name in names:
                    tmux("send-keys", "-t", session, name)
                    time.sleep(0.2)
            screen = wait_for(session, "▶ KN-2025-019")
            time.sleep(0.3)
            screen = tmux("capture-pane", "-p", "-t", session)
            quit_app(session)
        assert re.findall(r"^.●(KN-2025-\d+)", screen, re.M) == ["KN-2025-016", "KN-2025-018"], screen
        assert "KN-2025-018" in decided(path)
