"""The overdue view (Q) and the status board (B) in the app (issue 16, point 3): what they show
is what a fresh computation gives, after another officer's change too; they write nothing to
the store; the bars read without colour."""

from __future__ import annotations

import io
import random
from datetime import timedelta

import pytest
from docx import Document
from rich.color import Color, ColorSystem
from rich.console import Console
from textual.app import App
from textual.geometry import Region
from textual.widgets import Static

from kiennghi.followup import Board, BoardRow, status_board
from kiennghi.io.tracking import export_workbooks, read_workbook
from kiennghi.io.word import export
from kiennghi.model import NewItem
from kiennghi.store import ImportBatch, Store
from kiennghi.tui.board_screen import GLYPHS, BoardScreen, board_table, split
from kiennghi.tui.documents import Documents
from kiennghi.tui.line_list import LineList
from kiennghi.tui.overdue_screen import OverdueScreen, lines
from kiennghi.tui.pickers import PickerScreen
from kiennghi.tui.prompts import PromptScreen
from test_app import TODAY, make_app, ready, status, detail, ward  # noqa: F401 - the fixture

DOCUMENTS = Documents(document=export, workbooks=export_workbooks, read_workbook=read_workbook)


def plain(renderable, width: int) -> list[str]:
    """`renderable` as the lines of text a terminal without colour shows."""
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(renderable)
    return [line.rstrip() for line in captured.get().splitlines()]


async def shown_lines(pilot, screen: OverdueScreen) -> list[str]:
    """Every line of the overdue view as it is drawn, scrolled through page by page."""
    listed = screen.query_one(LineList)
    height = listed.scrollable_content_region.height
    drawn: dict[int, str] = {}
    for top in range(0, len(listed.rows), height):
        listed.scroll_to(y=top, animate=False, immediate=True)
        await pilot.pause()
        first = round(listed.scroll_y)
        drawn.update((first + y, listed.render_line(y).text.rstrip())
                     for y in range(min(height, len(listed.rows) - first)))
    assert sorted(drawn) == list(range(len(listed.rows)))
    return [drawn[n] for n in range(len(listed.rows))]


def fresh_lines(screen: OverdueScreen, store: Store) -> list[str]:
    """The same, worked out now from another connection: each line cut to the list's width,
    the cursor's marked."""
    listed = screen.query_one(LineList)
    width = listed.scrollable_content_region.width - 2
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    drawn = []
    for item_id, text in screen.compute(store)[1]:
        with console.capture() as captured:
            console.print(text, no_wrap=True, overflow="ellipsis", end="")
        mark = "▶ " if item_id is not None and item_id == screen.current_id() else "  "
        drawn.append((mark + captured.get()).rstrip())
    return drawn


def board_lines(screen: BoardScreen) -> list[str]:
    """The board as the screen shows it, every line of it (scrolled or not)."""
    board = screen.query_one("#board", Static)
    return [strip.text.strip() for strip in board.render_lines(Region(0, 0, *board.outer_size))]


def fresh_board(screen: BoardScreen, board: Board) -> list[str]:
    width = screen.query_one("#board", Static).content_size.width
    return [line.strip() for line in plain(board_table(board), width)]


async def settled(pilot) -> None:
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


async def test_q_shows_what_is_late_by_unit_and_enter_goes_to_the_item(config, ward):  # noqa: F811
    app = make_app(config, ward)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f", "c")  # only 2025's untriaged items: the 2024 item below is hidden
        before = ward.last_change()
        await pilot.press("Q")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, OverdueScreen)
        assert "Tính đến 03/11/2025" in str(screen.query_one("#overdue-title").render())
        assert await shown_lines(pilot, screen) == fresh_lines(screen, ward)
        first = [item_id for item_id in screen.row_ids if item_id]
        assert len(first) == 28 and screen.row_ids[0] is None  # a unit's heading first
        await pilot.press("down", "down")
        chosen = screen.current_id()
        assert chosen == first[2]
        await pilot.press("enter")
        await pilot.pause()
        items = app.items_screen
        assert app.screen is items and items.year == 2024 and items.table.current.id == chosen
        assert chosen in detail(app) and not items.filters and "lọc" not in status(app)
        await pilot.press("Q")  # again, for an item of the year shown, far from the cursor
        await settled(pilot)
        await pilot.press("end", "enter")
        await pilot.pause()
        assert items.year == 2024 and items.table.current.id == first[-1] and first[-1] in detail(app)
        assert ward.last_change() == before  # read only
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"bang tien do")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settled(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.year == 2024
        await pilot.press("right_square_bracket")  # 2025: nothing triaged yet, every item unassigned
        await settled(pilot)
        assert board.year == 2025 and board.board == status_board(config, 2025, ward.items(2025), TODAY)
        assert [(r.name, r.total) for r in board.board.rows] == [("Chưa giao đơn vị", 72)]
        assert board_lines(board)[:len(fresh_board(board, board.board))] == fresh_board(board, board.board)
        await pilot.press("right_square_bracket", "escape")  # no year after the last
        assert app.screen is app.items_screen and ward.last_change() == before


async def test_o_narrows_to_a_unit_h_sets_the_days_and_x_writes_their_reminders(config, ward, tmp_path):  # noqa: F811
    app = make_app(config, ward, documents=DOCUMENTS)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        before = ward.last_change()
        await pilot.press("Q")
        await settled(pilot)
        screen = app.screen
        await pilot.press("o")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"cong an", "enter")
        await settled(pilot)
        assert screen.unit == "CA" and await shown_lines(pilot, screen) == fresh_lines(screen, ward)
        ids = [item_id for item_id in screen.row_ids if item_id]
        assert len(ids) == 6 and all(ward.item(i).owner == "CA" for i in ids)
        await pilot.press("h")
        assert isinstance(app.screen, PromptScreen)
        for wrong in ("tam", "²", "99999999999"):  # not a number of days: the prompt stays, saying why
            await pilot.press("ctrl+u", *wrong, "enter")
            assert isinstance(app.screen, PromptScreen) and "Hãy gõ một số ngày" in str(
                app.screen.query_one("#prompt-error").render())
        await pilot.press("ctrl+u", *"400", "enter")
        await settled(pilot)
        assert screen.days == 400 and await shown_lines(pilot, screen) == fresh_lines(screen, ward)
        await pilot.press("x")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("#prompt-input").value = str(tmp_path / "gui")
        await pilot.press("enter")
        await settled(pilot)
        written = sorted(p.name for p in (tmp_path / "gui").iterdir())
        assert written == ["nhac-viec-CA-2025-11-03.docx"]
        cells = [c.text for t in Document(str(tmp_path / "gui" / written[0])).tables for r in t.rows for c in r.cells]
        assert all(item_id in cells for item_id in ids)
        await pilot.press("o", *"moi don vi", "enter")
        await settled(pilot)
        assert screen.unit is None
        await pilot.press("x")
        app.screen.query_one("#prompt-input").value = str(tmp_path / "tat-ca")
        await pilot.press("enter")
        await settled(pilot)
        units = {ward.item(i).owner for i in screen.row_ids if i}
        assert sorted(p.name for p in (tmp_path / "tat-ca").iterdir()) == sorted(
            f"nhac-viec-{code}-2025-11-03.docx" for code in units)
        assert ward.last_change() == before  # read only


async def test_the_overdue_cursor_skips_headings_and_stays_on_screen_at_every_key(config, ward):  # noqa: F811
    app = make_app(config, ward)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("Q")
        await settled(pilot)
        listed = app.screen.query_one(LineList)
        rng = random.Random(16)
        for key in [rng.choice(("down", "up", "j", "k", "pagedown", "pageup", "home", "end")) for _ in range(60)]:
            before = listed.cursor
            await pilot.press(key)
            ids = app.screen.row_ids
            assert ids[listed.cursor] is not None and app.screen.current_id() == ids[listed.cursor]
            top, height = round(listed.scroll_y), listed.scrollable_content_region.height
            assert top <= listed.cursor < top + height
            drawn = [listed.render_line(y).text for y in range(height)]
            assert [n for n, line in enumerate(drawn) if line.startswith("▶")] == [listed.cursor - top]
            if key in ("down", "j"):
                later = [n for n in range(before + 1, len(ids)) if ids[n]]
                assert listed.cursor == (later[0] if later else before)
        await pilot.press("home")
        assert listed.cursor == 1 and round(listed.scroll_y) == 0  # the first unit's heading shows above it


async def test_both_follow_another_officers_change_as_a_fresh_computation_says(config, ward):  # noqa: F811
    app = make_app(config, ward)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("Q")
        await settled(pilot)
        screen = app.screen
        assert "KN-2024-012" in screen.row_ids
        with Store.open(ward.path, user="officer-b") as other:
            done = other.item("KN-2024-012")
            other.update_item(done.id, {"status": "da-giai-quyet"}, done.version, "tui")
            added = other.add_item(2025, NewItem("[bold]Đề nghị[/] sửa cống\x1b[2J", owner="CA",
                                                 deadline=TODAY + timedelta(days=3)), "tui")
        await pilot.pause(1.5)  # the poll
        await settled(pilot)
        assert "KN-2024-012" not in screen.row_ids and added.id in screen.row_ids
        assert await shown_lines(pilot, screen) == fresh_lines(screen, ward)
        text = (await shown_lines(pilot, screen))[screen.row_ids.index(added.id)]
        assert "[bold]Đề nghị[/] sử" in text and "còn 3 ngày" in text  # cut to the width, never markup
        full = dict(lines(config, screen.due, TODAY))[added.id]
        assert "[bold]Đề nghị[/] sửa cống␛[2J" in plain(full, 200)[0]
        await pilot.press("escape", "left_square_bracket", "B")
        await settled(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.year == 2024
        assert board_lines(board)[:len(fresh_board(board, board.board))] == fresh_board(board, board.board)
        kt_before = next(r for r in board.board.rows if r.unit == "KT-HT-DT")
        with Store.open(ward.path, user="officer-b") as other:
            late = other.item("KN-2024-142")
            other.update_item(late.id, {"status": "khong-thuc-hien-duoc"}, late.version, "tui")
        await pilot.pause(1.5)
        await settled(pilot)
        fresh = status_board(config, 2024, ward.items(2024), TODAY)
        assert board.board == fresh
        kt = next(r for r in fresh.rows if r.unit == "KT-HT-DT")
        assert (kt.overdue, kt.open) == (kt_before.overdue - 1, kt_before.open - 1)
        assert board_lines(board)[:len(fresh_board(board, fresh))] == fresh_board(board, fresh)


async def test_the_board_scrolls_when_units_outnumber_the_rows_and_shows_names_literally(config, tmp_path):
    """Owner codes a sheet brought that the configuration does not know are shown as they are."""
    path = tmp_path / "ward.db"
    odd = [f"[red]ĐƠN-VỊ-{n}[/red]" for n in range(30)]
    with Store.open(path) as store:
        store.import_batch(ImportBatch("so.xlsx", "5" * 64, 2025, [
            NewItem(f"Ý kiến {n}", owner=odd[n % 30], status="dang-giai-quyet", deadline=TODAY - timedelta(days=n))
            for n in range(90)]))
        app = make_app(config, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("B")
            await settled(pilot)
            screen = app.screen
            scroll = screen.query_one("#board-scroll")
            assert scroll.max_scroll_y > 0
            shown = board_lines(screen)
            assert shown == fresh_board(screen, status_board(config, 2025, store.items(2025), TODAY))
            assert shown[2].startswith("[red]ĐƠN-VỊ-") and shown[-1].startswith("Tổng cộng")
            await pilot.press("end")
            await pilot.pause()
            assert scroll.scroll_y == scroll.max_scroll_y


def _counts(rng: random.Random) -> list[int]:
    return [rng.choice((0, 0, 1, 2, 5, 40, 333)) for _ in GLYPHS]


@pytest.mark.parametrize("seed", range(200))
def test_a_bar_shares_its_width_in_proportion_and_every_category_shows(seed):
    rng = random.Random(seed)
    counts, width = _counts(rng), rng.randint(1, 90)
    cells = split(counts, width)
    total = sum(counts)
    assert sum(cells) == (width if total else 0)
    assert all(c == 0 for c, n in zip(cells, counts) if n == 0)
    if sum(n > 0 for n in counts) <= width:
        assert all(c >= 1 for c, n in zip(cells, counts) if n)
    if all(n * width >= total for n in counts if n):  # nobody needed a cell taken from another
        assert all(abs(c - n * width / total) < 1 for c, n in zip(cells, counts))
    assert all(cells[a] >= cells[b] for a in range(len(counts)) for b in range(len(counts)) if counts[a] > counts[b])


@pytest.mark.parametrize("seed", range(40))
def test_the_bars_read_without_colour(config, seed):
    """Each category's block, as many as its share of the bar, in the categories' order: the
    plain text says what the colours say."""
    rng = random.Random(seed)
    rows = tuple(BoardRow(code, name, tuple(_counts(rng)), 0, 0) for code, name in
                 [("CA", "Công an phường"), ("VH-XH", "Phòng VH-XH"), (None, "Chưa giao đơn vị")])
    rows = tuple(r for r in rows if r.total)
    total = BoardRow(None, "Tổng cộng", tuple(map(sum, zip(*(r.counts for r in rows)))) if rows else (0,) * 5, 0, 0)
    board = Board(2030, TODAY, tuple(config.categories.items()), rows, total)
    width = rng.randint(78, 160)  # the board in an 80-column terminal, and wider
    text = plain(board_table(board), width)
    glyphs = [glyph for glyph, _ in GLYPHS.values()]
    for row in (*rows, total):
        line = next(line for line in text if line.startswith(row.name))
        bar = "".join(ch for ch in line if ch in glyphs)
        wanted = split(row.counts, len(bar))
        assert bar == "".join(glyph * cells for glyph, cells in zip(glyphs, wanted))
        assert len(bar) >= 10 and all(glyph in bar for glyph, n in zip(glyphs, row.counts) if n)


def test_the_categories_keep_apart_in_16_colours():
    """Each category's colour is a different one of a 16-colour terminal's, and none is the
    terminal's black or white, as the app draws them: a colour is made RGB by the app's theme
    (a named ANSI colour through its palette), then the nearest of the 16."""
    theme = App().ansi_theme
    standard = [Color.from_triplet(Color.parse(colour).get_truecolor(theme)).downgrade(ColorSystem.STANDARD).number
                for _, colour in GLYPHS.values()]
    assert len(set(standard)) == len(GLYPHS) and not {0, 7, 8, 15} & set(standard)


def test_overdue_snapshot(config, ward, snap_compare):  # noqa: F811
    async def open_view(pilot):
        await ready(pilot)
        await pilot.press("Q")
        await settled(pilot)

    assert snap_compare(make_app(config, ward), terminal_size=(80, 24), run_before=open_view)


@pytest.mark.parametrize("colours", ["theme", "ansi-16", "none"])
def test_board_snapshot(config, ward, snap_compare, monkeypatch, colours):  # noqa: F811
    """The board at 80×24 in the app's theme, in the 16 ANSI colours, and without colour (NO_COLOR)."""
    if colours == "none":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(config, ward)

    async def open_board(pilot):
        if colours == "ansi-16":
            pilot.app.theme = "ansi-dark"
        await ready(pilot)
        await pilot.press("left_square_bracket", "B")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_board)
