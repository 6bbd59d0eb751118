"""The items screen officers work in: the conference's items, one key per decision.

A virtual table (`ItemTable`), the current item's details with kiennghi's suggestion, a search
line and a status line with live counts. Decisions go through an `EditSession` (undo, redo, each
logged); a stale edit opens `ConflictScreen`; what other officers commit shows within a second
(the screen polls SQLite's `data_version`). Del hides items (undoable), and the imports screen
takes an import back. The dialogs it opens return what the officer chose; the screen writes it.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
from dataclasses import replace
from datetime import date
from pathlib import Path
from time import monotonic, sleep
from typing import TYPE_CHECKING, Any, Callable, Sequence

from rich.text import Text
from textual import work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.screen import Screen
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from kiennghi.carry import carry_over, confirm, link_repeats, previous_year, reject
from kiennghi.config import Catalog, Config
from kiennghi.dates import moment, parse_date, short
from kiennghi.describe import change_text, item_details
from kiennghi.duplicates import link, root_of, unlink
from kiennghi.edits import change_name, default_conference
from kiennghi.fields import FIELD
from kiennghi.errors import KienNghiError, StaleEdit, TouchedItems, Undecided
from kiennghi.model import SOURCE_NAMES, Conference, Item, NewItem
from kiennghi.sheet_fixes import aliases_for, remember_shapes
from kiennghi.store import Edit, ImportInfo, Store
from kiennghi.suggest import Suggester, Suggestion
from kiennghi.text import excerpt, fold, printable, shown_path
from kiennghi.triage import (
    DECISION,
    Counts,
    Filters,
    accept,
    deadline_start,
    decision,
    default_deadline,
    forward,
    is_overdue,
    reporting_unit,
    suggestion_text,
    value_counts,
    within_ward,
)
from kiennghi.undo import EditSession

from .detail_pane import DetailPane
from .documents import Documents
from .editor import ConferenceScreen, ItemEditorScreen
from .fields import TextInput
from .filter_screen import FilterScreen
from .history_screen import HistoryScreen
from .import_screen import ImportChosen, ImportScreen, PathSuggester, Planner
from .imports_screen import ImportsScreen
from .item_table import Column, ItemTable
from .keys import bindings
from .pickers import Choice, Picked, PickerScreen, catalog_choices
from .prompts import ConfirmScreen, ConflictScreen, PromptScreen, TextScreen

if TYPE_CHECKING:  # loaded at first use: the first paint does not wait for them
    from kiennghi.merge import FieldChange, MergePlan

POLL_SECONDS = 1.0
NARROW = 110  # below this width the details go under the table
HISTORY_LINES = 6
FIRST_PAGE = 200  # items read before the first paint
REST_DELAY = 0.05  # seconds after the first paint before the rest is read
LEARN_IN_PLACE = 500  # more changed items than this: forget every suggestion rather than some
SUGGEST_DELAY = 0.3  # seconds: the rows' suggestions wait for the keys (typing, scrolling) to settle
SEARCH_DELAY = 0.2  # seconds: a search runs once typing rests
# The details follow the cursor at once for a key pressed on its own; when cursor moves come
# less than HELD_KEY_GAP apart (a held key repeats every 30-50 ms) they wait DETAIL_DELAY for it
# to rest (SUGGEST_DELAY while a search is typed: the top match changes with every key).
HELD_KEY_GAP = 0.1  # seconds
MAX_LIKELY_SHOWN = 3  # likely duplicates listed in the details
DUPLICATE_EXCERPT = 50  # characters of each
DETAIL_DELAY = 0.03  # seconds
READ_AHEAD_TURN = 4  # items the background reading reads between handing the main thread its turn

COLUMNS = (
    Column("Mã", "id", 13, keep=9),
    Column("STT", "stt", 4, keep=1),
    Column("Nội dung", "content", 0, keep=10, flexible=True, min_width=18),
    Column("TDP", "tdp", 10, keep=3),
    Column("Lĩnh vực", "sector", 10, keep=4),
    Column("Thẩm quyền", "jur", 9, keep=7),
    Column("Chủ trì/chuyển", "owner", 15, keep=8),
    Column("Hạn", "deadline", 10, keep=6),
    Column("Tình trạng", "status", 11, keep=5),
)


# The field each decision key edits and what each other writing key does, as a role is told
# (`check_action`).
_EDITS = {"decide_ward": "jurisdiction", "decide_forward": "jurisdiction", "accept": "jurisdiction",
          "owner": "owner", "body": "forward_to", "sector": "sector", "deadline": "deadline", "status": "status",
          "duplicate": "duplicate_of", "link_duplicates": "duplicate_of", "unlink_duplicate": "duplicate_of",
          "not_duplicate": "not_duplicates",
          "edit_item": "content", "carry_link": "carry_suggested"}
_ACTIONS = {"delete_items": "delete", "new_item": "add", "conference": "conference", "conclusions": "conference",
            "import_file": "import", "imports": "unimport", "carry_over": "add"}


class SearchField(TextInput):
    """The search line: Enter searches and goes back to the table (a binding: see `key_order`)."""

    BINDINGS = [Binding("enter", "screen.search_done", show=False, priority=True)]


def _every(item: Item) -> bool:
    """Every other item of a concern takes a decision the officer made (`ItemsScreen.decide`)."""
    return True


def _notice_name(year: int, kind: str = "") -> str:
    """The notice's file name, as `kiennghi export notice` names it."""
    return f"thong-bao-ket-luan{kind}-{year}.docx"


class ItemsScreen(Screen):
    """The conference's items: decide with one key, see the suggestion, follow other officers."""

    AUTO_FOCUS = "#items"
    BINDINGS = bindings()

    def __init__(self, config: Config, store: Store, year: int | None = None, *,
                 planner: Planner | None = None, documents: Documents | None = None,
                 today: date | None = None, empty_hint: str = "") -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.session = EditSession(store)
        self.planner = planner
        self.documents = documents
        self.today = today or date.today()  # what overdue is judged against, as the status line says
        self.empty_hint = empty_hint  # said in the details while the store holds no item
        self.years = store.years()
        self.year = year if year is not None else (self.years[-1] if self.years else None)
        self.year_items: list[Item] = []
        self.by_id: dict[str, Item] = {}
        self.items: list[Item] = []  # the rows shown
        self.filters = Filters()
        self.search = ""  # folded: "ngap" finds "ngập", "dat" finds "đất"
        # What the search looks in, per item version: an edited item is simply looked up anew.
        self._search_keys: dict[tuple[str, int], str] = {}
        self.selected: set[str] = set()
        self.suggester: Suggester | None = None
        self._suggestions: dict[str, Suggestion] = {}
        self._with_duplicates: set[str] = set()
        self._linked: dict[str, list[str]] = {}  # an item: the year's items linked to it as duplicates
        self._dismissed: dict[str, list[str]] = {}  # an item: the year's items said not to repeat it
        self._undated_told: set[int] = set()  # years whose deadlines were said to count from today
        self._fresh: set[str] = set()  # suggestions worked out since their lines were last drawn
        self._painted = False
        self._complete = False
        self._counts = ("", "")
        self._wanted: dict[str, Item] = {}
        # Due SUGGEST_DELAY after the last key: an event loop's handle, put off by each key (a
        # Textual timer made again on every key cost more than the rest of the key).
        self._wanted_due: asyncio.TimerHandle | None = None
        self._detail_timer: Timer | None = None
        self._last_highlight = 0.0
        self._search_timer: Timer | None = None
        self.search_input = SearchField(placeholder="/ tìm trong nội dung, tổ dân phố, người kiến nghị (không cần dấu)",
                                  id="search")
        self._data_version = store.data_version()
        self._seen_change = store.last_change()
        # The widgets each key draws on, kept rather than looked up in the DOM on every key.
        self.table = ItemTable(COLUMNS, self.cells, self.item_highlighted, id="items")
        self.details = DetailPane(id="detail")
        self.status_line = Static(id="status")

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield self.table
            yield self.details
        yield self.search_input
        yield self.status_line
        yield Footer()

    def on_mount(self) -> None:
        permissions = self.store.permissions
        if permissions.restricted and not permissions.triage:
            self.notify(f"{permissions.user} {permissions.allowed()}.", timeout=8)
        self.load(limit=FIRST_PAGE)  # the rest once the first screen is painted
        self.set_interval(POLL_SECONDS, self.follow_store)
        if not self.year_items and self.planner is not None and self.check_action("import_file", ()):
            self.action_import_file()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        if self._painted:
            self.call_after_refresh(self.show_status)  # once the app's size is the new one

    # --- data ------------------------------------------------------------------------------

    def load(self, keep: str | None = None, limit: int = -1) -> None:
        """Read the year's items from the store and show them; the suggester learns what
        changed (or is built again when there are new items, or items were hidden)."""
        current = self.table.current
        previous = self.by_id
        self.year_items = self.store.items(self.year, limit) if self.year is not None else []
        self._complete = limit == -1 or len(self.year_items) < limit
        self.by_id = {item.id: item for item in self.year_items}
        self.selected &= set(self.by_id)
        self.count()
        changed = [item for item in self.year_items
                   if item.id not in previous or previous[item.id].version != item.version]
        hidden = any(item.year == self.year and item_id not in self.by_id for item_id, item in previous.items())
        if self.suggester is not None and not hidden and all(item.id in self.suggester.by_id for item in changed):
            self._learn_from(changed)
        elif self._painted:
            self._forget_suggestions()
            self.learn(self.year_items if self._complete else [], self.year)
        self.refilter(keep or (current.id if current else None))

    def first_painted(self) -> None:
        """After the first paint: all of the year's items, then the suggester (a while on a
        big store)."""
        self._painted = True
        self.set_timer(REST_DELAY, self.load)  # let the first frame reach the terminal first

    @work(thread=True, exclusive=True, group="suggester")
    def learn(self, shown: list[Item], year: int | None) -> None:
        """Build the suggester from every item of every year, off the main thread. The year
        shown lends its items, all of them (`shown`, read from the store for `year` on the main
        thread; empty: read them again), rather than 20,000 of them read again (some 40 MB)."""
        with self.store.another() as store:
            every = [item for each in store.years()
                     for item in (shown if shown and each == year else store.items(each))]
        keys = {(item.id, item.version): item.search_key() for item in every if item.year == year}
        suggester = Suggester(self.config, every)
        self.app.call_from_thread(self._learned, suggester, keys)
        worker = get_current_worker()
        turns = itertools.count()

        def between() -> bool:
            """Every few items, the GIL handed to the main thread if it waits for it (while this
            thread reads, each SQLite call of the officer's waited ~5 ms for it: a decision on 500
            items took 5 s); and stop if the app built another suggester."""
            if next(turns) % READ_AHEAD_TURN == 0:
                sleep(0)
            return worker.is_cancelled

        suggester.read_ahead(between)  # then, not at the cursor moves that compare them
        gc.freeze()  # what it read too (see `_learned`): a full pass over it took 40-140 ms

    def _learned(self, suggester: Suggester, keys: dict[tuple[str, int], str]) -> None:
        self._search_keys.update(keys)
        self.suggester = suggester
        for item in self.year_items:  # decisions made while it was being built
            suggester.update(item)
        self._forget_suggestions()
        self.table.redraw()
        self.show_detail(self.table.current)
        # The items and what the suggester learned are millions of objects that live as long as
        # the year is shown: leave them out of the garbage collector's full passes, which took
        # ~0.4 s each at 20,000 items and came every few seconds of cursor movement.
        gc.freeze()

    def suggestion(self, item: Item) -> Suggestion | None:
        """kiennghi's suggestion for an item, with its likely duplicates (None until the
        suggester is ready)."""
        found = self._plain_suggestion(item)
        if found is not None and item.id not in self._with_duplicates:
            self._with_duplicates.add(item.id)
            self.suggester.find_duplicates(item, found, self._sector_of)  # type: ignore[union-attr]
        self._redraw_fresh()
        return found

    def _plain_suggestion(self, item: Item) -> Suggestion | None:
        if self.suggester is None or item.id not in self.suggester.by_id:
            return None
        found = self._suggestions.get(item.id)
        if found is None:
            found = self._suggestions[item.id] = self.suggester.suggest(item)
            self._fresh.add(item.id)
        return found

    def _redraw_fresh(self) -> None:
        """The lines of the items whose suggestions were just worked out (for the details, a
        duplicate search, the rows on screen) are drawn again, in the same frame."""
        if self._fresh:
            self.table.redraw_items(self._fresh)
            self._fresh = set()

    def _sector_of(self, item: Item) -> str | None:
        """An item's sector, or the one suggested for it (items of this year only)."""
        if item.sector or item.year != self.year:
            return item.sector
        found = self._plain_suggestion(item)
        return found.sector if found else None

    def _forget_suggestions(self) -> None:
        self._suggestions.clear()
        self._with_duplicates.clear()

    def _learn_from(self, changed: Sequence[Item]) -> None:
        """Teach the suggester `changed` items' triage, and forget the suggestions it may
        change: those of the items alike (a year switch forgets them all)."""
        suggester = self.suggester
        if suggester is None:
            return
        if len(changed) > LEARN_IN_PLACE:
            self._forget_suggestions()
            for item in changed:
                suggester.update(item)
            return
        for item in changed:
            suggester.update(item)
            for item_id in [item.id, *item.not_duplicates] + [other.id for _, other in suggester.similar(item)]:
                self._suggestions.pop(item_id, None)
                self._with_duplicates.discard(item_id)

    def _want(self, item: Item) -> None:
        """Work out `item`'s suggestion shortly (the rows on screen, after the keys settle)."""
        self._wanted[item.id] = item
        if self._wanted_due is None:
            self._put_off_wanted()

    def _put_off_wanted(self) -> None:
        """The wanted suggestions wait SUGGEST_DELAY from now: while the cursor moves (a held
        key, keys pressed one by one), the rows it passes by are left out."""
        if self._wanted_due is not None:
            self._wanted_due.cancel()
        self._wanted_due = asyncio.get_running_loop().call_later(SUGGEST_DELAY, self.call_later,
                                                                       self._suggest_wanted)

    def _suggest_wanted(self) -> None:
        self._wanted_due = None
        if not self.table.is_attached:  # the app is closing
            return
        wanted, self._wanted = self._wanted, {}
        shown = {item.id for item in self.table.visible_rows()} & set(wanted)
        for item_id in shown:
            self._plain_suggestion(self.by_id.get(item_id, wanted[item_id]))
        self._redraw_fresh()

    def refilter(self, keep: str | None = None, within: list[Item] | None = None) -> None:
        """Show the items that match the search and the filters; `within`: only those of an
        earlier result (a search typed further can only narrow it)."""
        filters, config, today, search = self.filters, self.config, self.today, self.search
        pool = self.year_items if within is None else within
        if search:
            keys = self._search_keys
            for item in pool:
                if (item.id, item.version) not in keys:
                    keys[item.id, item.version] = item.search_key()
            # An ID typed ("KN-2025-008", folded as any search is): from its first letter, as a
            # search typed further only narrows the one before.
            by_id = search == "k" or search.startswith("kn")
            pool = [item for item in pool if search in keys[item.id, item.version]
                    or by_id and item.id.lower().replace("-", " ").startswith(search)]
        self.items = [item for item in pool if filters.matches(item, config, today)] if filters else list(pool)
        self.sub_title = f"{config.ward.name} — năm {self.year}" if self.year else config.ward.name
        self.table.selected = self.selected
        self.table.show(self.items, keep)
        self.show_status()
        if not self.items:
            self.show_detail(None)

    def follow_store(self) -> None:
        """Show what other officers committed since the last look: the items they changed are
        read again (the change log says which); items that came or went (a file imported or
        taken back, items added, hidden or shown again) read the year again."""
        version = self.store.data_version()
        if version == self._data_version:
            return
        self._data_version = version
        self._seen_change, changed, came_or_went = self.store.changes_since(self._seen_change)
        if came_or_went or self.year is None:
            self.years = self.store.years()
            if self.year is None and self.years:
                self.year = self.years[-1]
            self.load()
            return
        fresh = [item for item in self.store.items_by_id(changed & set(self.by_id))
                 if item.version != self.by_id[item.id].version]  # our own writes are known
        if fresh:
            current = self.table.current
            self._replace(fresh)
            self.refilter(current.id if current else None)
            self.show_detail(self.table.current)

    def _replace(self, updated: Sequence[Item]) -> None:
        for item in updated:
            self.by_id[item.id] = item
        self.year_items = [self.by_id[item.id] for item in self.year_items]
        self._learn_from(updated)
        self.count()

    # --- drawing ---------------------------------------------------------------------------

    def cells(self, item: Item) -> dict[str, Text]:
        config = self.config
        jur, owner = config.jurisdictions.short(item.jurisdiction), config.units.short(item.owner)
        if item.forward_to:
            owner = f"→ {config.bodies.short(item.forward_to)}"
        cells = {
            "id": Text(item.id), "stt": Text(item.stt or ""), "content": Text(excerpt(item.content, 200)),
            "tdp": Text(item.to_dan_pho), "sector": Text(config.sectors.short(item.sector)),
            "jur": Text(jur), "owner": Text(owner), "deadline": Text(short(item.deadline)),
            "status": Text(config.statuses.name(item.status)),
        }
        if item.deadline and is_overdue(item, config, self.today):
            cells["deadline"].stylize("bold red")
        if item.jurisdiction is None:
            suggestion = self._suggestions.get(item.id)
            if suggestion is None and self.suggester is not None:
                self._want(item)
            if suggestion is not None:
                cells["jur"] = Text(f"≈{config.jurisdictions.short(suggestion.jurisdiction)}", style="dim italic")
                if not item.owner and not item.forward_to:  # what the officer chose shows as chosen
                    target = (f"→ {config.bodies.short(suggestion.forward_to)}" if suggestion.forward_to
                              else config.units.short(suggestion.owner))
                    cells["owner"] = Text(f"≈{target}", style="dim italic")
                if not item.sector and suggestion.sector:
                    cells["sector"] = Text(f"≈{config.sectors.short(suggestion.sector)}", style="dim italic")
        return cells

    def count(self) -> None:
        """The year's counts for the status line, wide and narrow (worked out when items change,
        not per key); overdue says against which day it is judged. And which of the year's
        items are linked to each item (its duplicates), for the details."""
        linked: dict[str, list[str]] = {}
        dismissed: dict[str, list[str]] = {}
        for item in self.year_items:
            if item.duplicate_of:
                linked.setdefault(item.duplicate_of, []).append(item.id)
            for other in item.not_duplicates:
                dismissed.setdefault(other, []).append(item.id)
        self._linked, self._dismissed = linked, dismissed
        if not self._complete:
            reading = f" Đang đọc {self.store.count(self.year or 0)} ý kiến…"
            self._counts = (reading, reading)
            return
        counts = Counts.of(self.config, self.year_items, self.today)
        first = f" Tổng {counts.total} · chưa phân loại {counts.untriaged} · "
        late = f"quá hạn (tính đến {short(counts.today)}) {counts.overdue}"
        self._counts = (f"{first}thuộc phường {counts.ward} · chuyển cấp trên {counts.upward} · {late}", first + late)

    def show_status(self) -> None:
        """The counts (below NARROW columns without the ward and upward ones: the filters, the
        search and the selection must fit too), then what narrows the table."""
        config = self.config
        wide, narrow = self._counts
        line = Text(narrow if self.size.width < NARROW else wide)
        if self.filters:
            line.append(f" │ lọc: {', '.join(self.filters.describe(config))}: {len(self.items)}", style="bold")
        if self.search:
            line.append(f" │ tìm “{self.search}”: {len(self.items)}", style="bold")
        if self.selected:
            line.append(f" │ đang chọn {len(self.selected)}", style="bold")
        self.status_line.update(line, layout=False)  # one line, always

    def show_detail(self, item: Item | None) -> None:
        detail = self.details
        if item is None:
            if self.year_items:
                detail.update(Text("Không có ý kiến nào khớp với tìm kiếm và bộ lọc (Esc để bỏ)."))
            else:
                detail.update(Text("Chưa có ý kiến nào. Nhấn i để nhập bảng tổng hợp của MTTQ, hoặc:\n\n"
                                   "  kiennghi import TỆP.xlsx" + (f"\n\n{self.empty_hint}" if self.empty_hint else "")))
            return
        text = Text()
        text.append(item.id, style="bold")
        text.append(f"  STT {item.stt or '—'} · {SOURCE_NAMES.get(item.source, item.source)} · phiên bản {item.version}\n\n")
        text.append(printable(item.content) + "\n\n")
        suggestion = self.suggestion(item)
        if suggestion is not None and item.jurisdiction is None:
            text.append("Gợi ý (a để nhận): ", style="bold")
            text.append(suggestion_text(self.config, item, suggestion) + "\n")
        concern = self.concern(item)
        if len(concern) > 1:
            text.append(f"Cùng một nội dung, đã gộp ({len(concern)} ý kiến; T để tách, w để xem cả nhóm):\n",
                        style="bold")
            for other in concern:
                mark = "▸" if other.id == item.id else " "
                text.append(f" {mark} {other.id}  {excerpt(other.content, DUPLICATE_EXCERPT)}\n")
        likely = [i for i in suggestion.duplicates if i not in {o.id for o in concern}] if suggestion else []
        if suggestion is not None and likely:
            text.append(f"Có thể trùng (D để gộp với {likely[0]}, X nếu không trùng, d để chọn ý kiến khác):\n",
                        style="bold")
            for other_id in likely[:MAX_LIKELY_SHOWN]:
                other = self._item(other_id)
                late = ", tồn từ năm trước" if other_id in suggestion.carried_over else ""
                text.append(f"   {other_id} ")
                text.append(f"({suggestion.why_duplicate.get(other_id, '')}{late}) ", style="dim")
                text.append(f"{excerpt(other.content, DUPLICATE_EXCERPT) if other else ''}\n")
            if len(likely) > MAX_LIKELY_SHOWN:
                text.append(f"   và {len(likely) - MAX_LIKELY_SHOWN} ý kiến khác (w để xem cả nhóm)\n", style="dim")
        if item.carry_suggested:
            text.append(f"Có thể tồn từ {item.carry_suggested} (v đúng, V không phải): ", style="bold")
            text.append(printable(item.carry_reason) + "\n")
        if suggestion is not None or len(concern) > 1 or item.carry_suggested:
            text.append("\n")
        said = {FIELD[name].title for name in ("carry_suggested", "carry_reason", "not_duplicates")}  # as below
        for label, value in item_details(self.config, item):
            if value and label not in said:
                text.append(f"{label}: ", style="bold")
                text.append(value + "\n")
        apart = list(dict.fromkeys([*item.not_duplicates, *self._dismissed.get(item.id, ())]))  # either way
        if apart:
            text.append(f"{FIELD['not_duplicates'].title}: ", style="bold")
            text.append(", ".join(apart) + "\n")
        history = self.store.history(item.id, last=HISTORY_LINES)
        if len(history) > 1 or (history and history[0].field != "created"):
            text.append("\nLịch sử (H):\n", style="bold")
            self._history_lines(text, history)
        for earlier in self.store.lineage(item.id) if item.carried_from else ():  # most items continue none
            text.append(f"\nLịch sử của {earlier.id} (năm {earlier.year}, ý kiến này tồn từ đó):\n", style="bold")
            self._history_lines(text, self.store.history(earlier.id, last=HISTORY_LINES))
        detail.update(text)

    def _history_lines(self, text: Text, history: Sequence[Any]) -> None:
        for change in history[-HISTORY_LINES:]:
            text.append(f"{moment(change.at)} {change.user}: "
                        f"{change_name(change.field)} → {excerpt(change_text(self.config, change.field, change.new), 40)}\n")

    def _show_current(self) -> None:
        """The details of the item at the cursor, once it rests (unless the app is closing)."""
        if self.table.is_attached:
            self.show_detail(self.table.current)

    def item_highlighted(self, item: Item | None) -> None:
        """The details follow the cursor: at once, in the same frame as the cursor, for a key
        pressed on its own; once the cursor rests for a held key or while a search is typed."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        now = monotonic()
        resting, self._last_highlight = now - self._last_highlight > HELD_KEY_GAP, now
        if self._wanted_due is not None:
            self._put_off_wanted()
        typing = self.focused is not None and self.focused.id == "search"
        if resting and not typing:
            self.show_detail(item)
        else:
            self._detail_timer = self.set_timer(SUGGEST_DELAY if typing else DETAIL_DELAY,
                                                self._show_current)

    # --- deciding --------------------------------------------------------------------------

    def lone_suggestion(self, items: Sequence[Item]) -> Suggestion | None:
        """The suggestion for the one item decided on (a selection has none: its items differ)."""
        return self.suggestion(items[0]) if len(items) == 1 else None

    def targets(self) -> list[Item]:
        """The selected items, or the item under the cursor."""
        if self.selected:
            return [item for item in self.year_items if item.id in self.selected]
        current = self.table.current
        return [current] if current is not None else []

    def decide(self, label: str, changes: Callable[[Item], dict[str, Any]], items: Sequence[Item],
               advance: bool = False, together: Callable[[Item], bool] | None = None) -> None:
        """Write `changes` to `items`; with `together`, a decision: the year's other items of
        their concerns that `together` accepts take the same changes and sector (a concern is
        decided once: the notice counts it once, in one sector)."""
        edits = [Edit(item.id, changes(item), item.version) for item in items]
        if together is not None:
            taken = {item.id for item in items}
            for item, edit in zip(items, list(edits)):
                sector = edit.changes.get("sector", item.sector)  # the concern is of one sector in the notice
                for member in self.concern(item):
                    if member.id in self.by_id and member.id not in taken and together(member):
                        taken.add(member.id)
                        edits.append(Edit(member.id, {**edit.changes, **({"sector": sector} if sector else {})},
                                          member.version))
        self.write(label, edits, advance)

    def write(self, label: str, edits: list[Edit], advance: bool = False) -> None:
        if not edits:
            return
        versions = {edit.item_id: self.by_id[edit.item_id].version for edit in edits if edit.item_id in self.by_id}
        try:
            updated = self.session.apply(label, edits)
        except StaleEdit as error:
            self.app.push_screen(ConflictScreen(self.config, error, label),
                             lambda choice, stale=error: self.resolve(choice, stale, label, edits, advance))
            return
        except KienNghiError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._replace(updated)
        keep = self.table.current.id if self.table.current else None
        if advance and not self.selected and keep is not None:
            keep = self.next_untriaged(keep)
        self.refilter(keep)
        self.show_detail(self.table.current)
        changed = sum(1 for item in updated if item.version != versions.get(item.id))
        self.notify(f"{label}: đã ghi {changed} ý kiến", timeout=2)

    def resolve(self, choice: bool | None, error: StaleEdit, label: str, edits: list[Edit], advance: bool) -> None:
        """After a conflict: overwrite theirs (True), keep theirs (False), or leave it (None)."""
        self.load()
        if choice is True:
            self.write(label, [Edit(e.item_id, e.changes, None if e.item_id in error.versions else e.expected_version)
                               for e in edits], advance)
        elif choice is False:
            self.write(label, [e for e in edits if e.item_id not in error.versions], advance)

    def next_untriaged(self, after: str) -> str:
        """The next item without a jurisdiction after `after` (wrapping), else `after` itself."""
        ids = [item.id for item in self.items]
        start = ids.index(after) if after in ids else 0
        for item in self.items[start + 1:] + self.items[:start]:
            if item.jurisdiction is None:
                return item.id
        return after

    @property
    def conference(self) -> Conference | None:
        """The shown year's conference (with its date once saved): a deadline typed without a
        year is one of it."""
        if self.year is None:
            return None
        return self.store.conference(self.year) or Conference(self.year)

    def deadline_from(self, items: Sequence[Item]) -> date:
        """The day `items`' default deadlines count from: the conference's; before its date is
        saved, today, as the officer is told (once a year shown: the deadlines set stay when
        the date is saved later)."""
        conference = self.conference
        if conference is not None and conference.date is None and conference.year not in self._undated_told \
                and any(item.deadline is None for item in items):
            self._undated_told.add(conference.year)
            self.notify(f"Chưa có ngày hội nghị năm {conference.year}: hạn giải quyết tính từ hôm nay "
                        f"({short(self.today)}). Nhập ngày hội nghị (phím c) trước khi phân loại để hạn tính "
                        "từ ngày hội nghị.", severity="warning", timeout=10)
        return deadline_start(conference, self.today)

    def mixed_note(self, items: Sequence[Item], name: str, names: Callable[[Any], str]) -> str:
        if len(items) < 2:
            return ""
        counts = value_counts(items, name)
        parts = [f"{(names(value) if value not in (None, '') else '') or '(trống)'} {count}"
                 for value, count in counts.most_common(6)]
        return f"{len(items)} ý kiến đang chọn: " + " · ".join(parts)

    def pick(self, title: str, choices: list[Choice], items: Sequence[Item], name: str,
             names: Callable[[Any], str], then: Callable[[Picked], None], suggested: str | None = None,
             clearable: str = "", co_owners: Sequence[str] | None = None) -> None:
        """A picker for field `name` of `items`: its current value is the items' own when they
        share one; `suggested`, kiennghi's suggestion, is marked as such."""
        values = value_counts(items, name)
        current = next(iter(values)) if len(values) == 1 else None
        self.app.push_screen(
            PickerScreen(title, choices, current=current, suggested=suggested,
                         note=self.mixed_note(items, name, names), clearable=clearable, co_owners=co_owners),
            lambda picked: picked is not None and then(picked),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key the officer's role (`kiennghi.roles`) may not use is left out of the footer and
        does nothing; the store refuses, and logs, what gets past (a result of another unit's
        item)."""
        permissions = self.store.permissions
        if not permissions.restricted:
            return True
        if action == "text":
            return permissions.may_edit(str(parameters[0]))
        if action in _EDITS:
            return permissions.may_edit(_EDITS[action])
        if action in _ACTIONS:
            return permissions.may(_ACTIONS[action])
        if action in ("merge", "undo", "redo"):
            return permissions.may_write
        return True

    def action_decide_ward(self) -> None:
        items = self.targets()
        if not items:
            return
        first = self.lone_suggestion(items)
        ranked = first.owners_ranked if first else []

        def chosen(picked: Picked) -> None:
            start = self.deadline_from(items)
            self.decide(f"Thuộc phường, chủ trì {self.config.units.short(picked.code)}",
                        lambda item: within_ward(self.config, item, picked.code, picked.marked, start),
                        items, advance=True, together=_every)

        self.pick("Thuộc thẩm quyền phường — đơn vị chủ trì", catalog_choices(self.config.units, ranked),
                  items, "owner", self.config.units.short, chosen, suggested=first.owner if first else None,
                  co_owners=items[0].co_owners if len(items) == 1 else [])

    def action_decide_forward(self) -> None:
        items = self.targets()
        if not items:
            return
        first = self.lone_suggestion(items)
        ranked = first.forward_ranked if first else []

        def chosen(picked: Picked) -> None:
            start = self.deadline_from(items)
            self.decide(f"Chuyển {self.config.bodies.short(picked.code)}",
                        lambda item: forward(self.config, item, picked.code,
                                             reporting_unit(self.config, item, self._suggestions.get(item.id)), start),
                        items, advance=True, together=_every)

        self.pick("Chuyển cấp trên — cơ quan nhận", catalog_choices(self.config.bodies, ranked), items,
                  "forward_to", self.config.bodies.short, chosen, suggested=first.forward_to if first else None)

    def action_accept(self) -> None:
        """`a`: the suggestion for the items not triaged yet; an item already triaged (by this
        officer, or by another one a moment ago) keeps its decision, which 1, 2, o, b change."""
        targets = self.targets()
        items = [item for item in targets if item.jurisdiction is None]
        if len(items) < len(targets):
            kept = [item.id for item in targets if item.jurisdiction is not None]
            self.notify(f"{', '.join(kept[:3])}{' …' if len(kept) > 3 else ''} đã được phân loại: giữ nguyên "
                        "(gợi ý chỉ dùng cho ý kiến chưa phân loại; sửa bằng 1, 2, o, b).", timeout=5)
        if not items:
            return
        pairs = [(item, self.suggestion(item)) for item in items]
        if any(suggestion is None for _, suggestion in pairs):
            self.notify("Gợi ý đang được tính, thử lại sau giây lát.", timeout=3)
            return
        start = self.deadline_from(items)
        # The items of one concern take the suggestion for the first of them: they are decided once.
        first: dict[str, Suggestion] = {}
        suggestions = {item.id: first.setdefault(self.concern(item)[0].id, suggestion) for item, suggestion in pairs}
        self.decide("Nhận gợi ý", lambda item: accept(self.config, item, suggestions[item.id], start),
                    items, advance=True, together=lambda member: member.jurisdiction is None)

    def action_owner(self) -> None:
        items = self.targets()
        if not items:
            return
        first = self.lone_suggestion(items)
        self.pick("Đơn vị chủ trì (+ thêm/bỏ đơn vị phối hợp)",
                  catalog_choices(self.config.units, first.owners_ranked if first else []), items, "owner",
                  self.config.units.short,
                  lambda picked: self.decide(
                      f"Chủ trì {self.config.units.short(picked.code)}",
                      lambda item: {"owner": picked.code,
                                    "co_owners": [c for c in picked.marked if c != picked.code]}, items,
                      together=_every),
                  co_owners=items[0].co_owners if len(items) == 1 else [])

    def action_body(self) -> None:
        self.pick_value("forward_to", self.config.bodies, "Cơ quan cấp trên nhận ý kiến", "(không chuyển cơ quan nào)")

    def action_sector(self) -> None:
        first = self.lone_suggestion(self.targets())
        self.pick_value("sector", self.config.sectors, "Lĩnh vực", "(chưa rõ lĩnh vực)",
                        [first.sector] if first and first.sector else [])

    def action_status(self) -> None:
        self.pick_value("status", self.config.statuses, "Tình trạng giải quyết", "(chưa có tình trạng)")

    def pick_value(self, field: str, catalog: Catalog, title: str, clearable: str, ranked: Sequence[str] = ()) -> None:
        """Pick an entry of `catalog` for `field` of the targets; `clearable` names the empty choice."""
        items = self.targets()
        if not items:
            return
        names = catalog.short  # the name itself where the configuration gives no short one
        self.pick(title, catalog_choices(catalog, ranked), items, field, names,
                  lambda picked: self.decide(f"{FIELD[field].title}: {names(picked.code) or 'trống'}",
                                             lambda item: {field: picked.code or None}, items,
                                             together=_every if field in DECISION else None),
                  clearable=clearable)

    def action_deadline(self) -> None:
        items = self.targets()
        if not items:
            return
        values = value_counts(items, "deadline")
        current = next(iter(values)) if len(values) == 1 else None
        conference = self.conference
        suggested = current or default_deadline(self.config, items[0].sector, deadline_start(conference, self.today))

        def check(text: str) -> str:
            if not text.strip():
                return ""
            try:
                parse_date(text, self.today, conference)
            except ValueError as error:
                return str(error)
            return ""

        def chosen(text: str | None) -> None:
            if text is None:
                return
            value = parse_date(text, self.today, conference) if text.strip() else None
            self.decide(f"Hạn {short(value) or 'trống'}", lambda item: {"deadline": value}, items, together=_every)

        note = self.mixed_note(items, "deadline", lambda d: short(d))
        of = f" (theo hội nghị năm {self.year})" if self.year else ""
        self.app.push_screen(PromptScreen(
            "Hạn giải quyết" + (f" — {note}" if note else ""), short(suggested),
            hint=f"28/11{of}, 28/11/2025, +7 (7 ngày kể từ hôm nay); để trống để bỏ hạn", check=check), chosen)

    def action_text(self, name: str) -> None:
        """r, t, y: the response, the roadmap or the reason, in several lines (the selection's
        own text when they share one)."""
        items = self.targets()
        if items:
            values = value_counts(items, name)
            current = next(iter(values)) if len(values) == 1 else ""
            field = FIELD[name]
            title = f"{field.title} ({field.help})" + (f" — {len(items)} ý kiến" if len(items) > 1 else "")
            self.app.push_screen(TextScreen(title, current or ""), lambda text: text is not None and self.decide(
                field.title, lambda item: {name: text}, items))

    def action_duplicate(self) -> None:
        items = self.targets()
        if not items:
            return
        first = self.suggestion(items[0])
        likely = set(first.duplicates) if first else set()
        chosen, year = {i.id for i in items}, min(i.year for i in items)  # an item repeats one of its year or before
        pool = [item for item in self.store.items() if item.id not in chosen and item.year <= year]
        pool.sort(key=lambda other: (other.id not in likely, -other.year, other.seq))
        choices = [Choice(other.id, f"{other.id}  {excerpt(other.content, 70)}",
                          fold(f"{other.id} {other.content} {other.to_dan_pho}"),
                          "gợi ý" if other.id in likely else "") for other in pool]
        def linked(picked: Picked) -> None:
            original = self._item(picked.code) if picked.code else None
            if original is None:  # "(không trùng)": each out of its concern, as T takes one
                self.decide("Không trùng với ý kiến nào", lambda item: {"duplicate_of": None}, items)
            else:
                self._link(original, items)

        self.pick("Trùng với ý kiến nào? (gõ để tìm)", choices, items, "duplicate_of", str, linked,
                  clearable="(không trùng)")

    def _item(self, item_id: str) -> Item | None:
        """An item of the year shown, or of another year the suggester knows."""
        found = self.by_id.get(item_id)
        if found is None and self.suggester is not None:
            found = self.suggester.by_id.get(item_id)
        return found

    def concern(self, item: Item) -> list[Item]:
        """The items linked with `item` as one concern: its root (perhaps of an earlier year),
        then the year's items linked to it, directly or through others; just `item` when it is
        linked to none. Worked out from the links, as long as the concern is."""
        if not item.duplicate_of and item.id not in self._linked:
            return [item]
        pool = self._with_links([item])
        found, waiting = [], [root_of(pool, item.id)]
        while waiting:
            current = waiting.pop(0)
            other = pool.get(current) or self._item(current)
            if other is not None and other not in found:
                found.append(other)
                waiting.extend(self._linked.get(current, ()))
        return found

    def _with_links(self, items: Sequence[Item], whole_year: bool = False) -> dict[str, Item]:
        """`items` by ID with every item up their chains of links (perhaps of earlier years),
        and the year's items when `whole_year`: what `kiennghi.duplicates` follows."""
        pool = dict(self.by_id) if whole_year else {}
        for item in items:
            pool.setdefault(item.id, item)
            seen, current = {item.id}, item
            while current.duplicate_of and current.duplicate_of not in seen:
                parent = pool.get(current.duplicate_of) or self._item(current.duplicate_of)
                if parent is None:
                    break
                pool[parent.id] = parent
                seen.add(parent.id)
                current = parent
        return pool

    def action_concern(self) -> None:
        """w: only the current item's concern (linked and likely duplicates); w again, or Esc,
        shows all again."""
        current = self.table.current
        if self.filters.concern:
            self.set_filters(replace(self.filters, concern=()))
            return
        if current is None:
            return
        suggestion = self.suggestion(current)
        ids = [other.id for other in self.concern(current)]
        ids += [i for i in (suggestion.duplicates if suggestion else []) if i not in ids]
        if len(ids) < 2:
            self.notify("Ý kiến này chưa gộp với ý kiến nào và không có gợi ý trùng.", timeout=3)
            return
        self.set_filters(replace(self.filters, concern=tuple([current.id] + [i for i in ids if i != current.id])))

    def action_link_duplicates(self) -> None:
        """D: the selection made one concern, or the current item with its first likely
        duplicate; undone with u."""
        if self.selected:
            items = self.targets()
            if len(items) < 2:
                self.notify("Hãy chọn ít nhất hai ý kiến để gộp.", timeout=3)
                return
            original, others = items[0], items[1:]
        else:
            current, likely = self._likely_duplicate()
            if current is None or likely is None:
                return
            original, others = likely, [current]
        self._link(original, others)

    def _link(self, original: Item, others: Sequence[Item]) -> None:
        """`others` made one concern with `original` (D, and d's pick): its items not triaged
        yet take the concern's decision; linking items decided otherwise is said."""
        changes = link(self._with_links([original, *others]), others, original)
        if not changes:
            self.notify("Các ý kiến này đã là một nội dung.", timeout=3)
            return
        root = next(iter(changes.values()))
        edits = self._link_edits(changes)
        members = {member.id: member for item in (original, *others) for member in self.concern(item)
                   if member.id in self.by_id}
        decided = [member for member in members.values() if member.jurisdiction]
        if decided:  # the concern's decision, for its items not triaged yet
            taken = {name: value for name, value in decision(decided[0]).items() if name != "sector" or value}
            edits = self._with_decision(edits, taken, [m for m in members.values() if not m.jurisdiction])
        self.write(f"Gộp trùng với {root}" + (f", theo quyết định của {decided[0].id}" if decided else ""), edits)
        differing = {self._decided_as(member): member.id for member in decided}
        if len(differing) > 1:
            self.notify("Các ý kiến vừa gộp đang có quyết định khác nhau: "
                        + "; ".join(f"{item_id}: {said}" for said, item_id in differing.items())
                        + ". Hãy quyết định lại cho cả nhóm (1 hoặc 2).", severity="warning", timeout=10)

    def _decided_as(self, item: Item) -> str:
        """An item's decision in words: the body it goes to, or the unit that resolves it."""
        if item.jurisdiction == "cap-tren":
            return f"chuyển {self.config.bodies.short(item.forward_to) or 'cấp trên'}"
        return f"phường, {self.config.units.short(item.owner) or 'chưa có đơn vị chủ trì'}"

    @staticmethod
    def _with_decision(edits: list[Edit], decided: dict[str, Any], items: Sequence[Item]) -> list[Edit]:
        """`edits` with `decided` written to `items` too (in the same edit where one has one)."""
        by_id = {edit.item_id: edit for edit in edits}
        for item in items:
            edit = by_id.get(item.id)
            by_id[item.id] = Edit(item.id, {**(edit.changes if edit else {}), **decided},
                                  edit.expected_version if edit else item.version)
        return list(by_id.values())

    def _likely_duplicate(self) -> tuple[Item | None, Item | None]:
        """The current item and its first likely duplicate not linked to it, of its own year
        before an earlier one, and not the earlier item it carries on (what D links and X
        dismisses); the officer is told when it has none."""
        current = self.table.current
        suggestion = self.suggestion(current) if current is not None else None
        linked = {other.id for other in self.concern(current)} if current is not None else set()
        likely = [i for i in suggestion.duplicates if i not in linked and i != current.carried_from] \
            if suggestion else []
        likely.sort(key=lambda i: (other := self._item(i)) is None or other.year != current.year)
        if current is None or not likely or self._item(likely[0]) is None:
            self.notify("Không có gợi ý trùng cho ý kiến này: d để chọn ý kiến trùng.", timeout=3)
            return current, None
        return current, self._item(likely[0])

    def action_not_duplicate(self) -> None:
        """X: the current item does not repeat its first likely duplicate: never suggested
        again, either way; undone with u."""
        current, likely = self._likely_duplicate()
        if current is not None and likely is not None:
            self.decide(f"Không trùng với {likely.id}",
                        lambda item: {"not_duplicates": [*item.not_duplicates, likely.id]}, [current])

    def action_unlink_duplicate(self) -> None:
        """T: the current item out of its concern (the others stay one); undone with u."""
        current = self.table.current
        if current is None:
            return
        changes = unlink(self._with_links([current], whole_year=True), current)
        if not changes:
            self.notify("Ý kiến này chưa gộp với ý kiến nào.", timeout=3)
            return
        self.write(f"Tách {current.id} khỏi nội dung đã gộp", self._link_edits(changes))

    def _link_edits(self, changes: dict[str, str | None]) -> list[Edit]:
        """The edits writing `changes` to duplicate_of, on the versions the officer sees (an
        earlier year's item as the store holds it now)."""
        missing = [i for i in changes if i not in self.by_id]
        fresh = {item.id: item for item in self.store.items_by_id(set(missing))} if missing else {}
        return [Edit(item_id, {"duplicate_of": value}, (self.by_id.get(item_id) or fresh[item_id]).version)
                for item_id, value in changes.items()]

    def action_carry_link(self, confirming: bool) -> None:
        """v, V: the officer confirms that the item (or each selected) continues the earlier
        year's unresolved item suggested, or says it does not (never suggested again)."""
        items = [item for item in self.targets() if item.carry_suggested]
        if not items:
            self.notify("Không có gợi ý tồn từ năm trước ở ý kiến đang chọn.", timeout=3)
            return
        label = (f"{'Đúng' if confirming else 'Không phải'} tồn từ "
                 f"{items[0].carry_suggested if len(items) == 1 else f'năm trước ({len(items)} ý kiến)'}")
        self.decide(label, confirm if confirming else reject, items)

    def action_carry_over(self) -> None:
        """C: carry the unresolved items of the year before the one shown into it, once the
        officer says yes."""
        year = self.year
        source_year = previous_year(self.store, year) if year is not None else None
        if year is None or source_year is None:
            self.notify("Không có năm nào trước năm đang xem để mang ý kiến sang.", timeout=4)
            return
        try:
            plan = carry_over(self.config, self.store, source_year, year, "tui", dry_run=True)
        except KienNghiError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        if not plan.carried:
            self.notify(f"Năm {source_year}: không có ý kiến chưa giải quyết xong nào cần mang sang năm {year}"
                        + (f" ({len(plan.followed)} đã có ở năm {year}" if plan.followed else "")
                        + (f"; {len(plan.waiting)} chờ xác nhận gợi ý (v, V))" if plan.waiting else ")" if plan.followed else "")
                        + ".", timeout=5)
            return
        said = [f"{len(plan.carried)} ý kiến năm {source_year} đang giải quyết hoặc chưa giải quyết sẽ được mang sang: mỗi "
                f"ý kiến thành một ý kiến năm {year}, nguồn “tồn năm trước”, giữ liên kết và lịch sử của ý kiến gốc."]
        if plan.followed:
            said.append(f"{len(plan.followed)} ý kiến đã có ở năm {year} (đã mang, hoặc đã xác nhận), không mang lần nữa.")
        if plan.waiting:
            said.append(f"{len(plan.waiting)} ý kiến có gợi ý liên kết chờ xác nhận (v, V): chưa mang.")
        self.app.push_screen(
            ConfirmScreen(f"Mang các ý kiến chưa giải quyết xong của năm {source_year} sang năm {year}?",
                          " ".join(said), "Mang sang"),
            lambda yes: yes and self.carry(source_year, year))

    def carry(self, source_year: int, year: int) -> None:
        try:
            done = carry_over(self.config, self.store, source_year, year, "tui")
        except KienNghiError as error:
            self.notify(f"{error} Thử lại (C) để mang theo tình trạng mới nhất.", severity="error", timeout=10)
            return
        self.load()
        parts = [f"đã mang {len(done.carried)} ý kiến"]
        if done.followed:
            parts.append(f"{len(done.followed)} đã có ở năm {year}")
        if done.waiting:
            parts.append(f"{len(done.waiting)} chờ xác nhận gợi ý (v, V) rồi mang lại")
        self.notify(f"Năm {source_year} → {year}: {'; '.join(parts)}.", timeout=6)

    def action_delete_items(self) -> None:
        """Del: hide the item at the cursor or the selection, once the officer says yes."""
        items = self.targets()
        if not items:
            return
        what = items[0].id if len(items) == 1 else f"{len(items)} ý kiến đang chọn"
        listed = excerpt(items[0].content, 200) if len(items) == 1 else ", ".join(i.id for i in items[:12])
        if len(items) > 12:
            listed += " …"
        versions: dict[str, int | None] = {item.id: item.version for item in items}
        self.app.push_screen(
            ConfirmScreen(f"Xóa (ẩn) {what}?", f"{listed}\n\nÝ kiến bị ẩn khỏi danh sách, thông báo và sổ theo "
                          "dõi; mã và lịch sử vẫn giữ. Nhấn u để hoàn tác.", "Xóa"),
            lambda yes: yes and self.hide(f"Xóa {what}", versions))

    def hide(self, label: str, versions: dict[str, int | None]) -> None:
        """Hide items, based on the versions the officer saw; a stale one asks as a decision does."""
        if not versions:
            return
        try:
            hidden = self.session.delete(label, versions)
        except StaleEdit as error:
            stale = error.versions  # `error` is gone once the except block ends; the answer comes later

            def chosen(choice: bool | None) -> None:
                self.load()
                if choice is True:
                    self.hide(label, {i: None if i in stale else v for i, v in versions.items()})
                elif choice is False:
                    self.hide(label, {i: v for i, v in versions.items() if i not in stale})

            self.app.push_screen(ConflictScreen(self.config, error, label), chosen)
            return
        except KienNghiError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.selected -= set(versions)
        self.load()  # the cursor stays on its row: the item after
        self.notify(f"{label}: đã ẩn {len(hidden)} ý kiến (u để hoàn tác).", timeout=3)

    def action_undo(self, force: bool = False) -> None:
        self._replay(True, force)

    def action_redo(self, force: bool = False) -> None:
        self._replay(False, force)

    def _replay(self, undo: bool, force: bool) -> None:
        word = "Hoàn tác" if undo else "Làm lại"
        try:
            done = self.session.undo(force) if undo else self.session.redo(force)
        except StaleEdit as error:
            self.app.push_screen(ConflictScreen(self.config, error, word.lower()),
                             lambda choice: self._replay(undo, True) if choice else self.load())
            return
        except KienNghiError as error:  # an item hidden or shown again by another officer since
            self.notify(str(error), severity="error", timeout=10)
            self.load()
            return
        if done is None:
            self.notify(f"Không còn gì để {word.lower()}.", timeout=2)
            return
        self.load()
        self.notify(f"{word}: {done.label}", timeout=2)

    # --- selecting, filtering, searching ---------------------------------------------------

    def action_toggle_select(self) -> None:
        current = self.table.current
        if current is None:
            return
        self.selected ^= {current.id}
        self.table.set_selected(self.selected)
        self.table.action_cursor(1)
        self.show_status()

    def action_select_all(self) -> None:
        self.selected = {item.id for item in self.items}
        self.table.set_selected(self.selected)
        self.show_status()

    def action_filter(self) -> None:
        self.app.push_screen(FilterScreen(self.config, self.filters, self.year_items),
                         lambda filters: filters is not None and self.set_filters(filters))

    def set_filters(self, filters: Filters) -> None:
        self.filters = filters
        self.refilter(self.table.current.id if self.table.current else None)

    def action_search(self) -> None:
        self.set_focus(self.search_input)

    def on_input_changed(self, event: Input.Changed) -> None:
        """The search runs once typing rests (every key would redraw the whole table)."""
        if event.input.id == "search":
            self._stop_search_timer()
            self._search_timer = self.set_timer(SEARCH_DELAY, self.apply_search)

    def _stop_search_timer(self) -> bool:
        """Cancel the search waiting for typing to rest; True if one was waiting."""
        timer, self._search_timer = self._search_timer, None
        if timer is not None:
            timer.stop()
        return timer is not None

    def apply_search(self) -> None:
        self._search_timer = None
        previous, self.search = self.search, fold(self.search_input.value)
        if self.search == previous:
            return
        narrower = bool(previous) and self.search.startswith(previous)
        self.refilter(within=self.items if narrower else None)

    def action_search_done(self) -> None:
        """Enter in the search line: search now, and back to the table."""
        if self._stop_search_timer():
            self.apply_search()
        self.set_focus(self.table)  # at once (`focus()` waits a message): the keys after it are the table's

    def action_clear(self) -> None:
        """Esc: the search first, then the selection, then the filters."""
        if self.search or self.search_input.value:
            self._stop_search_timer()
            self.search_input.value = ""
            self.search = ""
            self.refilter(self.table.current.id if self.table.current else None)
        elif self.selected:
            self.selected = set()
            self.table.set_selected(self.selected)
            self.show_status()
        elif self.filters:
            self.set_filters(Filters())
        self.set_focus(self.table)

    def action_year(self, step: int) -> None:
        if self.year is None or self.year not in self.years:
            return
        index = self.years.index(self.year) + step
        if 0 <= index < len(self.years):
            self.year = self.years[index]
            self.selected = set()
            self.load()

    # --- other screens ---------------------------------------------------------------------

    def go_to(self, item: Item | None) -> None:
        """`item` at the cursor, with its details (Enter in another screen): its year, without
        a search or filters that would hide it."""
        if item is None:
            return
        if item.year != self.year:
            self.year, self.selected = item.year, set()
            self.load()
        if all(shown.id != item.id for shown in self.items):
            self._stop_search_timer()
            self.search_input.value, self.search, self.filters = "", "", Filters()
            self.refilter()
        row = next((n for n, shown in enumerate(self.items) if shown.id == item.id), None)
        if row is None:
            self.notify(f"{item.id} không còn trong danh sách (đã bị ẩn).", timeout=4)
        else:
            self.table.move_cursor(row)
        self.show_detail(self.table.current)
        self.set_focus(self.table)

    def action_new_item(self) -> None:
        if self.year is None:
            self.notify("Hãy nhập bảng tổng hợp trước (i).", timeout=3)
            return
        year = self.year

        def created(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            try:
                item = self.store.add_item(year, NewItem(source="hoi-nghi", **values), "tui")
            except KienNghiError as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self.load(keep=item.id)
            self.notify(f"Đã thêm {item.id}.", timeout=3)

        self.app.push_screen(ItemEditorScreen(self.config, None, self.conference), created)

    def action_edit_item(self) -> None:
        item = self.table.current
        if item is not None:
            self.app.push_screen(ItemEditorScreen(self.config, item, self.conference), lambda values: values is not None and self.write(
                "Sửa ý kiến", [Edit(item.id, values, item.version)]))

    def action_history(self) -> None:
        if self.year is not None:
            current = self.table.current
            self.app.push_screen(HistoryScreen(self.config, self.store, self.year, current.id if current else None))

    def action_conference(self) -> None:
        if self.year is None:
            self.notify("Chưa có năm nào: hãy nhập bảng tổng hợp trước (i).", timeout=3)
            return
        self.edit_conference(self.store.conference(self.year) or default_conference(self.config, self.year))

    def edit_conference(self, conference: Conference, problem: str = "") -> None:
        """The conference form; what it returns is saved here. A save refused (someone saved
        meanwhile) opens the form again on the officer's own values, based on what is stored
        now, saying so: saving again then replaces the other officer's version knowingly."""
        def save(edited: Conference | None) -> None:
            if edited is None:
                return
            try:
                self.store.save_conference(edited, "tui")
            except KienNghiError as error:
                current = self.store.conference(edited.year)
                based = replace(edited, version=current.version) if current else edited
                self.edit_conference(based, f"{error} Đây là bản bạn đang sửa: lưu lần nữa sẽ ghi đè bản kia.")
                return
            self.notify("Đã lưu thông tin hội nghị.", timeout=3)

        self.app.push_screen(ConferenceScreen(self.config, conference, problem), save)

    def action_conclusions(self, conference: Conference | None = None, problem: str = "") -> None:
        """The chair's conclusions (K), from kiennghi's drafts; what the screen returns is saved
        here. A save refused (someone saved meanwhile) opens it again on the officer's text over
        what is stored now."""
        from kiennghi.notice import conclusion_drafts

        from .conclusions_screen import ConclusionsScreen

        if self.year is None:
            return
        year = self.year
        stored = conference or self.store.conference(year) or default_conference(self.config, year)

        def save(edited: Conference | None) -> None:
            if edited is None:
                return
            try:
                self.store.save_conference(edited, "tui")
            except KienNghiError as error:
                now = self.store.conference(year) or stored
                self.action_conclusions(replace(now, conclusions=edited.conclusions, topics=edited.topics),
                                        f"{error} Đây là bản bạn đang sửa: lưu lần nữa sẽ ghi lên bản đã lưu.")
                return
            self.notify("Đã lưu kết luận hội nghị.", timeout=3)

        drafts = conclusion_drafts(self.config, self.store.items(year))
        self.app.push_screen(ConclusionsScreen(self.config, stored, drafts, problem), save)

    def action_import_file(self) -> None:
        if self.planner is None:
            self.notify("Nhập tệp bằng lệnh: kiennghi import TỆP.xlsx", timeout=5)
            return
        self.app.push_screen(ImportScreen(self.config, self.store, self.planner), self.import_chosen)

    def import_chosen(self, chosen: ImportChosen | None) -> None:
        """Store what the import screen chose; when the officer asked to keep the reading, the
        sheets' shapes (in the store) and the new spellings (in config.toml) too."""
        if chosen is None:
            return
        plan = chosen.plan
        try:
            if chosen.remember:
                remember_shapes(self.store, plan, chosen.choices)
            self.store.import_batch(link_repeats(self.config, self.store, plan.batch()))
        except KienNghiError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if chosen.remember and chosen.spellings and self.documents is not None:
            written = self.documents.add_aliases(self.config, aliases_for(chosen.spellings, plan))
            if written:
                self.notify(f"Đã thêm cách viết mới vào {written[0]}.", timeout=4)
        self.imported(plan.year)

    def action_imports(self) -> None:
        self.app.push_screen(ImportsScreen(self.store.imports()), lambda chosen: chosen and self.ask_take_back(chosen))

    def ask_take_back(self, entry: ImportInfo) -> None:
        self.app.push_screen(
            ConfirmScreen(f"Gỡ lần nhập {entry.id} ({entry.file_name}, năm {entry.year})?",
                          f"{entry.live} ý kiến của lần nhập này sẽ bị ẩn khỏi danh sách, thông báo và sổ theo dõi "
                          "(mã và lịch sử vẫn giữ); sau đó tệp này nhập lại được.", "Gỡ"),
            lambda yes: yes and self.take_back(entry))

    def take_back(self, entry: ImportInfo, force: bool = False) -> None:
        """Take an import back; when its items hold work done since, say so and offer, as a
        deliberate second choice, to take it back all the same."""
        try:
            hidden = self.store.unimport(entry.id, "tui", force)
        except TouchedItems as error:
            self.app.push_screen(
                ConfirmScreen(f"Gỡ lần nhập {entry.id} cả khi đã có người làm việc trên nó?", str(error),
                              f"Gỡ cả {len(error.item_ids)} ý kiến đã sửa", deliberate=True),
                lambda yes: yes and self.take_back(entry, force=True))
            return
        except KienNghiError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.load()
        self.notify(f"Đã gỡ lần nhập {entry.id} ({entry.file_name}): ẩn {len(hidden)} ý kiến.", timeout=5)

    def imported(self, year: int | None) -> None:
        if year is None:
            return
        self.years = self.store.years()
        self.year = year
        self.selected = set()
        self.load()

    # --- files for the office: the notice, the review report, the tracking workbook -------------

    def action_export(self) -> None:
        if self.documents is None or self.year is None:
            self.notify("Chưa có gì để xuất (hoặc hãy dùng lệnh kiennghi export).", timeout=4)
            return
        year = self.year
        # What can be written: (code, label, words a query matches, the file or folder proposed)
        kinds = (
            ("notice", "Thông báo kết luận (.docx)", "thong bao ket luan docx word", _notice_name(year)),
            ("notice-pdf", "Thông báo kết luận (.docx và .pdf)", "thong bao ket luan pdf", _notice_name(year)),
            ("notice-draft", "Dự thảo thông báo kết luận (ghi “DỰ THẢO”, tính cả ý kiến chưa phân loại)",
             "du thao thong bao ket luan", _notice_name(year, "-du-thao")),
            ("notice-public", "Thông báo kết luận, bản công khai gửi tổ dân phố (không tên người dân)",
             "ban cong khai thong bao to dan pho", _notice_name(year, "-cong-khai")),
            ("review", "Báo cáo kết quả giải quyết (.docx)", "bao cao ket qua giai quyet docx word",
             f"bao-cao-ket-qua-{year}.docx"),
            ("review-pdf", "Báo cáo kết quả giải quyết (.docx và .pdf)", "bao cao ket qua giai quyet pdf",
             f"bao-cao-ket-qua-{year}.docx"),
            ("workbook", "Sổ theo dõi (.xlsx)", "so theo doi excel xlsx", f"theo-doi-{year}.xlsx"),
            ("by-owner", "Sổ theo dõi, mỗi đơn vị một sổ", "so theo doi tung don vi gui di", f"theo-doi-{year}"),
        )
        targets = {code: target for code, _, _, target in kinds}

        def target(picked: Picked | None) -> None:
            if picked is not None:
                self.ask_target(picked.code, year, targets[picked.code])

        choices = [Choice(code, label, words, target) for code, label, words, target in kinds]
        self.app.push_screen(PickerScreen(f"Xuất tệp năm {year}", choices), target)

    def ask_target(self, kind: str, year: int, proposed: str) -> None:
        """Where to write a file of `kind` (see `KienNghiApp.write_documents`), then write it."""
        self.app.push_screen(
            PromptScreen("Ghi ra tệp (thư mục, với sổ từng đơn vị) trên máy chủ", proposed,
                         hint="Enter để ghi, Esc để hủy. Tệp đang mở trong Word/Excel sẽ không bị ghi đè."),
            lambda path: path and self.app.write_documents(kind, year, Path(path.strip()).expanduser()),
        )

    def offer_draft(self, refusal: Undecided, kind: str, year: int, target: Path) -> None:
        """A notice of `kind` to sign was refused (items not triaged yet): say why, and offer a
        draft of it (a PDF too when one was asked for), which may count them, beside the file."""
        draft = target.with_name(_notice_name(year, "-du-thao") if target.name == _notice_name(year)
                                 else f"{target.stem}-du-thao{target.suffix or '.docx'}")

        def chosen(yes: bool | None) -> None:
            if yes:
                self.app.write_documents(f"{kind}-draft", year, draft)

        self.app.push_screen(ConfirmScreen("Chưa ra được thông báo để ký", f"{refusal}\n\nGhi bản dự thảo vào "
                                           f"{shown_path(draft)}?", "Ghi bản dự thảo"), chosen)

    def action_merge(self) -> None:
        if self.documents is None:
            self.notify("Gộp sổ bằng lệnh: kiennghi merge TỆP.xlsx", timeout=5)
            return
        self.app.push_screen(
            PromptScreen("Gộp sổ theo dõi đã cập nhật (.xlsx, .xls, .ods)", f"theo-doi-{self.year or ''}.xlsx",
                         hint="Tab để hoàn thành tên tệp; Enter để xem các thay đổi trước khi gộp.",
                         suggester=PathSuggester()),
            lambda path: path and self.app.read_merge(Path(path.strip()).expanduser()),
        )

    def review_merge(self, plan: MergePlan) -> None:
        if plan.empty:
            self.notify(f"{plan.file_name}: không có gì thay đổi so với cơ sở dữ liệu.", timeout=5)
            return

        def chosen(result: tuple[list[FieldChange], list[NewItem]] | None) -> None:
            if result is None:
                return
            changes, new_items = result
            accepted = {id(change) for change in changes}
            year = plan.year or self.year
            if new_items and year is None:
                self.notify("Không biết năm của các dòng mới.", severity="error")
                return
            try:
                _, added = self.store.merge(plan.edits(lambda change: id(change) in accepted), new_items,
                                            year or 0, plan.file_name)
            except StaleEdit as error:
                self.notify(f"{error} Hãy gộp lại để xem các thay đổi mới.", severity="error", timeout=10)
                return
            self.notify(f"Đã gộp {len(changes)} thay đổi" + (f", thêm {len(added)} ý kiến mới" if added else "")
                        + f" từ {plan.file_name}.", timeout=6)
            self.load()

        from .merge_screen import MergeScreen  # loaded on first use, not before the first paint

        self.app.push_screen(MergeScreen(self.config, plan), chosen)
