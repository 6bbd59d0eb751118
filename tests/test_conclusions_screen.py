"""The chair's conclusions screen (K): drafts from the items, the officer's text returned and
saved by the app, a save refused when another officer saved meanwhile."""

from __future__ import annotations

from dataclasses import replace

from kiennghi.io.importer import plan_import
from kiennghi.tui.app import KienNghiApp
from kiennghi.tui.conclusions_screen import ConclusionsScreen

from kiennghi.model import Conference, Topic
from kiennghi.edits import default_conference
from kiennghi.notice import build_notice, conclusion_drafts
from kiennghi.store import Edit, Store
from tests.conftest import fixture_path, labels
from tests.test_app import TODAY


def _triaged(config, store) -> None:
    store.import_batch(plan_import(fixture_path("mttq-2025.xlsx"), config).batch())
    by_stt = {str(label["stt"]): label for label in labels("mttq-2025.labels.jsonl")}
    store.update_items([Edit(i.id, {k: by_stt[i.stt][k] for k in ("sector", "jurisdiction", "owner", "forward_to")},
                             i.version) for i in store.items(2025)], "cli")


async def test_conclusions_are_written_from_the_drafts_and_saved_by_the_app(config, tmp_path):
    with Store.open(tmp_path / "ward.db", user="officer-a") as store:
        _triaged(config, store)
        drafts = conclusion_drafts(config, store.items(2025))
        app = KienNghiApp(config, store, today=TODAY, planner=plan_import)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("K")
            screen = app.screen
            assert isinstance(screen, ConclusionsScreen) and screen.codes == list(drafts)
            first, second = screen.codes[:2]
            assert screen.query_one("#sector-0").text == drafts[first]  # the draft to start from
            screen.query_one("#sector-0").text = "Là nội dung quan trọng, cần tập trung chỉ đạo."
            screen.query_one("#topics").text = "Về công tác chuyển đổi số\nCần thực hiện đồng bộ.\n\nVề dân vận\n"
            # Another officer saves the conference meanwhile: said, the officer's text kept.
            with Store.open(store.path, user="officer-b") as other:
                other.save_conference(replace(other.conference(2025) or Conference(2025), place="Nhà văn hóa"), "tui")
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, ConclusionsScreen)
            assert "vừa được người khác sửa" in str(app.screen.query_one("#form-error").render())
            assert app.screen.query_one("#sector-0").text == "Là nội dung quan trọng, cần tập trung chỉ đạo."
            await pilot.press("ctrl+s")
            assert not isinstance(app.screen, ConclusionsScreen)
        saved = store.conference(2025)
        assert saved.place == "Nhà văn hóa"  # the other officer's change stays
        assert saved.conclusions == {first: "Là nội dung quan trọng, cần tập trung chỉ đạo."}  # a draft left is not stored
        assert saved.topics == [Topic("Về công tác chuyển đổi số", "Cần thực hiện đồng bộ."), Topic("Về dân vận", "")]
        notice = build_notice(config, saved, store.items(2025))
        by_sector = {c.sector: c for c in notice.conclusions if c.sector}
        assert not by_sector[first].drafted and by_sector[second].drafted


async def test_a_draft_shows_whole_and_what_is_typed_replaces_it(config, tmp_path):
    """Each box shows several lines at any size; the draft is selected, so typing replaces it
    (typed in front of it, the chair's words ran into the draft), and an arrow key keeps it to edit."""
    with Store.open(tmp_path / "ward.db", user="officer-a") as store:
        _triaged(config, store)
        drafts = conclusion_drafts(config, store.items(2025))
        for size in ((80, 24), (100, 30), (160, 60)):
            app = KienNghiApp(config, store, today=TODAY, planner=plan_import)
            async with app.run_test(size=size) as pilot:
                await pilot.press("K")
                await pilot.pause()
                boxes = list(app.screen.query("TextBox"))
                assert all(box.size.height >= 6 for box in boxes), [box.size.height for box in boxes]
                first, second = app.screen.codes[:2]
                await pilot.press(*"Cần tập trung chỉ đạo.")
                assert app.screen.query_one("#sector-0").text == "Cần tập trung chỉ đạo."
                await pilot.press("tab", "end", *" Giao các đơn vị thực hiện.")
                assert app.screen.query_one("#sector-1").text.startswith(drafts[second][:20])
                await pilot.press("escape")


def test_a_written_conclusion_whose_count_changed_since_is_said(config, tmp_path):
    """A conclusion written from a draft keeps the draft's count; when the sector's items change
    (triage went on), the notice's warnings say so rather than print a wrong count silently."""
    with Store.open(tmp_path / "ward.db", user="officer-a") as store:
        _triaged(config, store)
        items = store.items(2025)
        drafts = conclusion_drafts(config, items)
        code = next(iter(drafts))
        conference = replace(default_conference(config, 2025), conclusions={code: "Ý kiến chỉ đạo. " + drafts[code]})
        assert not any("khác với số ý kiến" in line for line in build_notice(config, conference, items).missing)
        moved = next(i for i in items if i.sector == code)
        others = [replace(i, sector=None) if i.id == moved.id else i for i in items]
        warned = [line for line in build_notice(config, conference, others).missing if "khác với số ý kiến" in line]
        assert len(warned) == 1 and "nay có" in warned[0]
