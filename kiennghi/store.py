"""The ward's store: one SQLite file shared by every officer on the server.

- WAL journal, a busy timeout, and every write inside `BEGIN IMMEDIATE`, so that writers queue
  instead of failing or overwriting each other.
- Each item has a `version`; an edit names the version it was based on and is refused when
  another officer has changed the item since (`StaleEdit`), never applied silently.
- `change_log` is append-only (triggers refuse UPDATE and DELETE) and records the Unix user.
- Every write is checked against the user's role (`kiennghi.roles`, from config.toml's
  `[roles]`): what the role does not allow is refused (`NotPermitted`) and the refusal kept in
  `refusal`, append-only as the change log is.
- Nothing is deleted: an item is hidden (`deleted_by`, `deleted_at`), its ID never given again
  and its history kept; taking an import back hides its items and lets its file in again.
- The schema evolves by `PRAGMA user_version` and the `MIGRATIONS` list.
- A new file is created with mode 0660: the group shares it, other users cannot read it.
"""

from __future__ import annotations

import errno
import json
import os
import pwd
import sqlite3
import sys
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .bulk import collector_paused
from .errors import NotPermitted, StaleEdit, StoreError, TouchedItems
from .fields import EARLIER, EDITABLE, FIELD, FIELDS, NOT_LATER, ItemRef, Kind
from .model import Conference, Item, NewItem, Origin, Topic, public_id
from .roles import Permissions, Role, Roles
from .text import fold

CHANGE_SOURCES = ("import", "cli", "tui", "merge")
BUSY_TIMEOUT_MS = 15_000
DB_MODE = 0o660
# A new file more than this share of whose items an import of the same year still holds (by
# their text without accents) is taken for a corrected copy of that sheet, and refused.
COPY_SHARE = 0.5
IDS_LISTED = 20  # item IDs a refusal lists before "… và N ý kiến khác"

MIGRATIONS: tuple[str, ...] = (
    # 1: items, conferences, imports, the change log
    """
    CREATE TABLE import_batch (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL UNIQUE,
        year INTEGER NOT NULL,
        item_count INTEGER NOT NULL,
        user TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE item (
        id TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        stt TEXT,
        source TEXT NOT NULL CHECK (source IN ('mttq', 'hoi-nghi')),
        content TEXT NOT NULL,
        to_dan_pho TEXT NOT NULL DEFAULT '',
        submitter TEXT NOT NULL DEFAULT '',
        sector TEXT,
        jurisdiction TEXT CHECK (jurisdiction IN ('phuong', 'cap-tren')),
        owner TEXT,
        co_owners TEXT NOT NULL DEFAULT '[]',
        forward_to TEXT,
        deadline TEXT,
        status TEXT,
        response TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        duplicate_of TEXT REFERENCES item (id),
        origin_file TEXT,
        origin_sheet TEXT,
        origin_rows TEXT NOT NULL DEFAULT '[]',
        import_id INTEGER REFERENCES import_batch (id),
        version INTEGER NOT NULL DEFAULT 1,
        UNIQUE (year, seq)
    );
    CREATE TABLE conference (
        year INTEGER PRIMARY KEY,
        data TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE change_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id TEXT,
        year INTEGER NOT NULL,
        field TEXT NOT NULL,
        old TEXT,
        new TEXT,
        version INTEGER,
        user TEXT NOT NULL,
        at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('import', 'cli', 'tui', 'merge')),
        detail TEXT
    );
    CREATE INDEX change_log_item ON change_log (item_id, id);
    CREATE INDEX change_log_year ON change_log (year, id);
    CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
        BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
    CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
        BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
    """,
    # 2: the tracking workbook's roadmap (lộ trình) and reason an item cannot be done
    """
    ALTER TABLE item ADD COLUMN roadmap TEXT NOT NULL DEFAULT '';
    ALTER TABLE item ADD COLUMN reason TEXT NOT NULL DEFAULT ''
    """,
    # 3: hidden (deleted) items, and imports taken back. A file may be imported again once its
    # import is taken back: its hash is unique among the imports that stand only, so the table
    # is made anew without the old UNIQUE (SQLite cannot drop one).
    """
    CREATE TABLE import_batch_new (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        year INTEGER NOT NULL,
        item_count INTEGER NOT NULL,
        user TEXT NOT NULL,
        at TEXT NOT NULL,
        undone_by TEXT,
        undone_at TEXT
    );
    INSERT INTO import_batch_new (id, file_name, file_sha256, year, item_count, user, at)
        SELECT id, file_name, file_sha256, year, item_count, user, at FROM import_batch;
    DROP TABLE import_batch;
    ALTER TABLE import_batch_new RENAME TO import_batch;
    CREATE UNIQUE INDEX import_batch_standing_file ON import_batch (file_sha256) WHERE undone_at IS NULL;
    ALTER TABLE item ADD COLUMN deleted_by TEXT;
    ALTER TABLE item ADD COLUMN deleted_at TEXT;
    CREATE INDEX item_import ON item (import_id)
    """,
    # 4: the unit a sheet proposes to answer an item; the officers' saved readings of sheet shapes
    """
    ALTER TABLE item ADD COLUMN proposed TEXT NOT NULL DEFAULT '';
    CREATE TABLE sheet_shape (
        signature TEXT PRIMARY KEY,
        choices TEXT NOT NULL,
        user TEXT NOT NULL,
        at TEXT NOT NULL
    )
    """,
    # 5: when an item in progress is expected done (the follow-up's roadmap)
    "ALTER TABLE item ADD COLUMN expected TEXT",
    # 6: what a user's role refused (kiennghi.roles), append-only
    """
    CREATE TABLE refusal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user TEXT NOT NULL,
        groups TEXT NOT NULL,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        action TEXT NOT NULL,
        items TEXT NOT NULL,
        message TEXT NOT NULL
    );
    CREATE TRIGGER refusal_no_update BEFORE UPDATE ON refusal
        BEGIN SELECT RAISE(ABORT, 'refusal is append-only'); END;
    CREATE TRIGGER refusal_no_delete BEFORE DELETE ON refusal
        BEGIN SELECT RAISE(ABORT, 'refusal is append-only'); END
    """,
    # 7: the answer as offices record it: the ward's answering document, the person
    # responsible, the recommendation when it cannot be done, the answer received from above
    """
    ALTER TABLE item ADD COLUMN answer_no TEXT NOT NULL DEFAULT '';
    ALTER TABLE item ADD COLUMN answer_date TEXT;
    ALTER TABLE item ADD COLUMN responsible TEXT NOT NULL DEFAULT '';
    ALTER TABLE item ADD COLUMN recommendation TEXT NOT NULL DEFAULT '';
    ALTER TABLE item ADD COLUMN reply_body TEXT;
    ALTER TABLE item ADD COLUMN reply_no TEXT NOT NULL DEFAULT '';
    ALTER TABLE item ADD COLUMN reply_date TEXT;
    ALTER TABLE item ADD COLUMN reply_text TEXT NOT NULL DEFAULT ''
    """,
    # 8: the roles the store keeps (a configuration passed on the command line cannot lift them)
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # 9: last year's unfinished items (kiennghi.carry): a third source, "tồn năm trước" (the
    # table made anew, as SQLite cannot change a CHECK), and the links to an earlier year's item
    # (confirmed, suggested with its reason, rejected)
    """
    CREATE TABLE item_new (
        id TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        stt TEXT,
        source TEXT NOT NULL CHECK (source IN ('mttq', 'hoi-nghi', 'ton-nam-truoc')),
        content TEXT NOT NULL,
        to_dan_pho TEXT NOT NULL DEFAULT '',
        submitter TEXT NOT NULL DEFAULT '',
        sector TEXT,
        jurisdiction TEXT CHECK (jurisdiction IN ('phuong', 'cap-tren')),
        owner TEXT,
        co_owners TEXT NOT NULL DEFAULT '[]',
        forward_to TEXT,
        deadline TEXT,
        status TEXT,
        response TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        duplicate_of TEXT REFERENCES item (id),
        origin_file TEXT,
        origin_sheet TEXT,
        origin_rows TEXT NOT NULL DEFAULT '[]',
        import_id INTEGER REFERENCES import_batch (id),
        version INTEGER NOT NULL DEFAULT 1,
        roadmap TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        deleted_by TEXT,
        deleted_at TEXT,
        proposed TEXT NOT NULL DEFAULT '',
        expected TEXT,
        answer_no TEXT NOT NULL DEFAULT '',
        answer_date TEXT,
        responsible TEXT NOT NULL DEFAULT '',
        recommendation TEXT NOT NULL DEFAULT '',
        reply_body TEXT,
        reply_no TEXT NOT NULL DEFAULT '',
        reply_date TEXT,
        reply_text TEXT NOT NULL DEFAULT '',
        carried_from TEXT,
        carry_suggested TEXT,
        carry_reason TEXT NOT NULL DEFAULT '',
        carry_rejected TEXT NOT NULL DEFAULT '[]',
        UNIQUE (year, seq)
    );
    INSERT INTO item_new (id, year, seq, stt, source, content, to_dan_pho, submitter, sector, jurisdiction, owner,
                          co_owners, forward_to, deadline, status, response, note, duplicate_of, origin_file,
                          origin_sheet, origin_rows, import_id, version, roadmap, reason, deleted_by, deleted_at,
                          proposed, expected, answer_no, answer_date, responsible, recommendation, reply_body,
                          reply_no, reply_date, reply_text)
        SELECT id, year, seq, stt, source, content, to_dan_pho, submitter, sector, jurisdiction, owner,
               co_owners, forward_to, deadline, status, response, note, duplicate_of, origin_file,
               origin_sheet, origin_rows, import_id, version, roadmap, reason, deleted_by, deleted_at,
               proposed, expected, answer_no, answer_date, responsible, recommendation, reply_body,
               reply_no, reply_date, reply_text FROM item;
    DROP TABLE item;
    ALTER TABLE item_new RENAME TO item;
    CREATE INDEX item_import ON item (import_id);
    CREATE INDEX item_carried_from ON item (carried_from) WHERE carried_from IS NOT NULL
    """,
    # 10: the items the officer said an item does not repeat (never suggested as its duplicates)
    """
    ALTER TABLE item ADD COLUMN not_duplicates TEXT NOT NULL DEFAULT '[]'
    """,
)

# The item table's columns: its identity, the fields (`kiennghi.fields`), where it came from.
_ITEM_COLUMNS = ("id", "year", "seq", "source", *(f.name for f in FIELDS), "origin_file", "origin_sheet",
                 "origin_rows", "version", "deleted_by", "deleted_at")
_SELECT_ITEMS = f"SELECT {', '.join(_ITEM_COLUMNS)} FROM item"


def current_user() -> str:
    """The Unix user running kiennghi, as the change log records it."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Change:
    """One row of the change log."""

    item_id: str | None
    year: int
    field: str
    old: str | None
    new: str | None
    version: int | None
    user: str
    at: str
    source: str
    detail: str | None


@dataclass(frozen=True)
class Refusal:
    """One write a user's role refused: who (with their groups, as the role was decided by),
    when, from which front end, what (`action`: "edit" or one of `kiennghi.roles.ACTIONS`), the
    items it concerned and the message the user was given."""

    id: int
    user: str
    groups: list[str]
    at: str
    source: str
    action: str
    items: list[str]
    message: str


@dataclass(frozen=True)
class Edit:
    """Changes to one item, based on the version the officer saw (None: whatever is current)."""

    item_id: str
    changes: dict[str, Any]
    expected_version: int | None


@dataclass(frozen=True)
class ImportBatch:
    """One file's items, stored together or not at all."""

    file_name: str
    file_sha256: str
    year: int
    items: Sequence[NewItem]


@dataclass(frozen=True)
class ImportInfo:
    """An import as `kiennghi imports` lists it: its file, the sheets its items came from, its
    items and how many are still shown, who imported it and when, and who took it back and when
    (None while it stands)."""

    id: int
    file_name: str
    sheets: list[str]
    year: int
    item_count: int
    live: int
    user: str
    at: str
    undone_by: str | None
    undone_at: str | None

    def to_json(self) -> dict[str, Any]:
        """The import as `kiennghi imports --json` prints it."""
        return {"id": self.id, "file": self.file_name, "sheets": self.sheets, "year": self.year,
                "items": self.item_count, "live": self.live, "who": self.user, "when": self.at,
                "undone": {"who": self.undone_by, "when": self.undone_at} if self.undone_at else None}


@dataclass
class Carried:
    """What carrying earlier items into `year` did (`Store.carry_items`): (original, new item)
    carried now; (original, item of the year continuing it) already followed; (original, item
    of the year suggested to repeat it) left until the officer confirms or rejects that."""

    year: int
    carried: list[tuple[str, str]] = field(default_factory=list)
    followed: list[tuple[str, str]] = field(default_factory=list)
    waiting: list[tuple[str, str]] = field(default_factory=list)


def _db_value(name: str, value: Any) -> Any:
    """An item field as SQLite stores it."""
    return FIELD[name].kind.to_db(value)


def _log_text(value: Any) -> str | None:
    """A value as the change log keeps it (an item field's, an event's, a conference detail's);
    each field's kind reads it back (`Kind.from_log`)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{key}: {text}" for key, text in value.items())
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _conference_json(value: Any) -> Any:
    """A conference detail JSON has no type for: a date as ISO text, a topic as an object."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Topic):
        return asdict(value)
    raise TypeError(f"{type(value).__name__} is not a conference detail")


def _rows(text: str) -> list[int]:
    return [int(n) for n in text[1:-1].split(",")] if text != "[]" else []  # "[12, 13]", as stored


# The fields a new item brings (an officer links duplicates later).
_NEW_FIELDS = tuple(f for f in FIELDS if f.name in NewItem.__dataclass_fields__)
_NEW_ITEM_COLUMNS = ("id", "year", "seq", "source", *(f.name for f in _NEW_FIELDS), "origin_file",
                     "origin_sheet", "origin_rows", "import_id")
_INSERT_ITEM = (f"INSERT INTO item ({', '.join(_NEW_ITEM_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(_NEW_ITEM_COLUMNS))})")
# Each field's column with what turns it into a value (None: as stored), in `_ITEM_COLUMNS` order.
_LOADED = tuple((f.name, None if type(f.kind).from_db is Kind.from_db else f.kind.from_db) for f in FIELDS)


def _item_values(item_id: str, year: int, seq: int, new: NewItem, import_id: int | None) -> tuple:
    """A new item's row, in the order of `_NEW_ITEM_COLUMNS` (import_id None: typed in)."""
    return (item_id, year, seq, new.source, *(f.kind.to_db(getattr(new, f.name)) for f in _NEW_FIELDS),
            new.origin.file, new.origin.sheet, f"[{', '.join(map(str, new.origin.rows))}]", import_id)


# Where each of an item's values is in a row of `_SELECT_ITEMS`: read by position (by name,
# sqlite3.Row looks each one up: 20,000 items took 0.45 s rather than 0.3).
_AT = {name: n for n, name in enumerate(_ITEM_COLUMNS)}
_FIELDS_AT = tuple((name, _AT[name], load) for name, load in _LOADED)
_IDENTITY_AT = tuple((name, _AT[name]) for name in ("id", "year", "seq", "source", "version", "deleted_by",
                                                     "deleted_at"))
_ORIGIN_AT = (_AT["origin_file"], _AT["origin_sheet"], _AT["origin_rows"])


def _item_from_row(row: Sequence[Any]) -> Item:
    """An item from a row of `_SELECT_ITEMS` (a tuple or a sqlite3.Row)."""
    values = {name: row[n] if load is None else load(row[n]) for name, n, load in _FIELDS_AT}
    for name, n in _IDENTITY_AT:
        values[name] = row[n]
    values["source"] = sys.intern(values["source"])  # one of a few, as a code (`fields.Code`)
    file, sheet, rows = (row[n] for n in _ORIGIN_AT)
    return Item(**values, origin=Origin(file and sys.intern(file), sheet and sys.intern(sheet), _rows(rows)))


def _id_list(ids: Sequence[str]) -> str:
    """Item IDs for a message: the first IDS_LISTED, then how many more."""
    shown = ", ".join(ids[:IDS_LISTED])
    return shown + (f" … và {len(ids) - IDS_LISTED} ý kiến khác" if len(ids) > IDS_LISTED else "")


class Store:
    """An open store. Use `Store.open()`; close it with `close()` or a `with` block."""

    def __init__(self, connection: sqlite3.Connection, path: Path, permissions: Permissions) -> None:
        self._db = connection
        self.path = path
        self.user = permissions.user
        self.permissions = permissions  # what the user may write; the front ends ask it too

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True, user: str | None = None,
             roles: Roles | None = None, groups: Sequence[str] | None = None) -> "Store":
        """Open the store at `path`, creating it (mode 0660) and migrating its schema as needed.

        `user` is who the change log names (the Unix user by default); `roles` (config.toml's
        `[roles]`; None: none configured, everyone may do everything) decide what they may
        write, by `groups` (None: the user's groups on this system).
        """
        user = user or current_user()
        store = cls._connect(Path(path), create, Roles().permissions(user, groups))
        try:
            store.permissions = store._kept_roles(roles or Roles(), user, groups).permissions(user, groups)
        except BaseException:
            store.close()
            raise
        return store

    def _kept_roles(self, given: Roles, user: str, groups: Sequence[str] | None) -> Roles:
        """The roles that hold: the store keeps the first `[roles]` it is opened with, so that a
        configuration passed with --config or KIENNGHI_CONFIG (without roles, or other ones)
        lifts nothing; only an officer of a triage role under the kept roles changes them, by
        opening the store with the new configuration."""
        row = self._db.execute("SELECT value FROM setting WHERE key = 'roles'").fetchone()
        kept = Roles([Role(*entry) for entry in json.loads(row[0])], given.unit_names) if row else None
        if kept is not None and (kept.roles == given.roles or not kept.permissions(user, groups).triage
                                 or not given.configured):
            return kept
        if given.configured:
            with self._write():
                self._db.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('roles', ?)",
                                 (json.dumps([[r.group, r.kind, r.unit] for r in given.roles], ensure_ascii=False),))
        return given

    @classmethod
    def _connect(cls, path: Path, create: bool, permissions: Permissions) -> "Store":
        _require_rights(path)
        if not path.exists():
            if not create:
                raise StoreError(f"Chưa có cơ sở dữ liệu {path}.")
            _create_private_file(path)
        try:
            connection = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            connection.row_factory = sqlite3.Row
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"Không bật được chế độ WAL cho {path} (đang là {mode}).")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA cache_size = -32000")  # 32 MB: a large import stays in memory
            store = cls(connection, path, permissions)
            store._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"Không mở được cơ sở dữ liệu {path}: {error}") from None
        return store

    def another(self) -> "Store":
        """A second connection to this store, as the same user with the same rights (for another thread)."""
        return Store._connect(self.path, False, self.permissions)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"Cơ sở dữ liệu {self.path} do một phiên bản kiennghi mới hơn tạo ra "
                f"(lược đồ {version}); hãy cập nhật kiennghi."
            )
        if version == len(MIGRATIONS):
            return
        # A migration may make a table anew that others refer to, as SQLite says to: with the
        # foreign keys off (only outside a transaction), checked before the commit.
        self._db.execute("PRAGMA foreign_keys = OFF")
        try:
            with self._write():
                # Another process may have migrated while we waited for the write lock.
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                    for statement in script.split(";\n"):
                        if statement.strip():
                            self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number}")
                if self._db.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise StoreError(f"Nâng cấp lược đồ cơ sở dữ liệu {self.path} làm hỏng liên kết; chưa đổi gì.")
        finally:
            self._db.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def _write(self, source: str = "") -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE: all of it or none of it. What the
        user's role refuses inside it (`NotPermitted`) is rolled back, then kept in `refusal`
        with the front end it came from (`source`)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(f"Cơ sở dữ liệu {self.path} đang bận, hãy thử lại: {error}") from None
        try:
            yield self._db
        except NotPermitted as refused:
            self._db.execute("ROLLBACK")
            self._record_refusal(refused, source)
            raise
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: its reads see one state of the store (WAL: the snapshot of its
        first read), and it waits for no writer nor holds any back. Inside a transaction already
        open, that one's."""
        if self._db.in_transaction:
            yield self._db
            return
        self._db.execute("BEGIN")
        try:
            yield self._db
        finally:
            if self._db.in_transaction:  # SQLite may have ended it already (an interrupt, an I/O error)
                self._db.execute("COMMIT")

    def require(self, action: str, source: str) -> None:
        """Refuse now, and keep the refusal, what the user's role does not allow (one of
        `kiennghi.roles.ACTIONS`): for a front end before work the store would refuse at its
        end (reading a whole sheet to import it, opening a form)."""
        if not self.permissions.may(action):
            with self._write(source):
                self.permissions.check(action)

    def _record_refusal(self, refused: NotPermitted, source: str) -> None:
        with self._write():
            self._db.execute(
                "INSERT INTO refusal (user, groups, at, source, action, items, message)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (self.user, ", ".join(self.permissions.groups), _now(), source, refused.action,
                 ", ".join(refused.items), str(refused)),
            )

    def _log(self, item_id: str | None, year: int, field: str, old: Any, new: Any,
             version: int | None, source: str, detail: str | None = None, at: str | None = None) -> None:
        if source not in CHANGE_SOURCES:
            raise ValueError(f"unknown change source {source!r}")
        self._db.execute(
            "INSERT INTO change_log (item_id, year, field, old, new, version, user, at, source, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item_id, year, field, _log_text(old), _log_text(new), version, self.user,
             at or _now(), source, detail),
        )

    # --- reading ----------------------------------------------------------------------------

    def data_version(self) -> int:
        """Changes when another connection commits: cheap to poll for live updates."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def years(self) -> list[int]:
        """The years with items (hidden ones too: a year taken back to be imported again stays)
        or a conference."""
        rows = self._db.execute(
            "SELECT year FROM item UNION SELECT year FROM conference ORDER BY year"
        ).fetchall()
        return [row[0] for row in rows]

    def items(self, year: int | None = None, limit: int = -1, hidden: bool = False) -> list[Item]:
        """The items of `year` (all years when None) that are shown, or with `hidden` those that
        are hidden, in their order; the first `limit` only when it is not -1."""
        shown = f"deleted_at IS {'NOT ' if hidden else ''}NULL"
        rows = self._db.cursor()
        rows.row_factory = None  # tuples, cheaper than sqlite3.Row: `_item_from_row` reads by position
        if year is None:
            rows.execute(f"{_SELECT_ITEMS} WHERE {shown} ORDER BY year, seq LIMIT ?", (limit,))
        else:
            rows.execute(f"{_SELECT_ITEMS} WHERE year = ? AND {shown} ORDER BY seq LIMIT ?", (year, limit))
        with collector_paused():  # 20,000 items: 430 -> 350 ms
            return [_item_from_row(row) for row in rows]

    def items_by_id(self, ids: Iterable[str]) -> list[Item]:
        """The items with these IDs (those that exist, hidden or not), in no particular order."""
        ids = list(ids)
        found = []
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[start:start + 500]
            rows = self._db.execute(f"{_SELECT_ITEMS} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            found += [_item_from_row(row) for row in rows]
        return found

    def last_change(self) -> int:
        """The newest row of the change log (0 when empty): where `changes_since` starts."""
        return self._db.execute("SELECT COALESCE(MAX(id), 0) FROM change_log").fetchone()[0]

    def changes_since(self, after: int) -> tuple[int, set[str], bool]:
        """What the change log holds past row `after`: its newest row, the items changed, and
        whether items came or went (a file imported or taken back, an item typed in, hidden or
        shown again)."""
        rows = self._db.execute(
            "SELECT id, item_id, field FROM change_log WHERE id > ? ORDER BY id", (after,)
        ).fetchall()
        last = rows[-1]["id"] if rows else after
        return (last, {row["item_id"] for row in rows if row["item_id"]},
                any(row["field"] in ("import", "created", "hidden") for row in rows))

    def count(self, year: int) -> int:
        """How many items of `year` are shown."""
        return self._db.execute("SELECT COUNT(*) FROM item WHERE year = ? AND deleted_at IS NULL",
                                (year,)).fetchone()[0]

    def item(self, item_id: str) -> Item:
        """One item by its ID, hidden or not."""
        row = self._db.execute(f"{_SELECT_ITEMS} WHERE id = ?", (item_id.strip().upper(),)).fetchone()
        if row is None:
            raise StoreError(f"Không có ý kiến nào mang mã {item_id}.")
        return _item_from_row(row)

    def history(self, item_id: str | None = None, year: int | None = None, last: int | None = None) -> list[Change]:
        """The change log of one item (its import first), or of a whole year; with `last`, an
        item's import and its `last` changes only (the details pane shows a few)."""
        if item_id is None:
            rows = self._db.execute("SELECT * FROM change_log WHERE year = ? ORDER BY id", (year,))
            return [_change(row) for row in rows]
        changes = []
        imported = self._db.execute(
            "SELECT item.year, batch.file_name, batch.user, batch.at FROM item"
            " JOIN import_batch AS batch ON batch.id = item.import_id WHERE item.id = ?", (item_id,)
        ).fetchone()
        if imported is not None:
            changes.append(Change(item_id, imported["year"], "created", None, None, 1, imported["user"],
                                  imported["at"], "import", imported["file_name"]))
        if last is None:
            rows = self._db.execute("SELECT * FROM change_log WHERE item_id = ? ORDER BY id", (item_id,)).fetchall()
        else:
            rows = self._db.execute("SELECT * FROM change_log WHERE item_id = ? ORDER BY id DESC LIMIT ?",
                                    (item_id, last)).fetchall()[::-1]
        return changes + [_change(row) for row in rows]

    def refusals(self, last: int | None = None) -> list[Refusal]:
        """What users' roles refused, the oldest first; with `last`, the newest `last` only."""
        rows = self._db.execute("SELECT * FROM refusal ORDER BY id DESC LIMIT ?", (-1 if last is None else last,))
        return [Refusal(row["id"], row["user"], row["groups"].split(", ") if row["groups"] else [], row["at"],
                        row["source"], row["action"], row["items"].split(", ") if row["items"] else [],
                        row["message"]) for row in rows][::-1]

    def import_record(self, sha256: str) -> sqlite3.Row | None:
        """The import of this file that stands (not taken back), if any."""
        return self._db.execute(
            "SELECT * FROM import_batch WHERE file_sha256 = ? AND undone_at IS NULL", (sha256,)
        ).fetchone()

    def imports(self) -> list[ImportInfo]:
        """Every import, the first first, with the sheets its items came from and how many of
        them are still shown."""
        sheets: dict[int, list[str]] = {}
        live: dict[int, int] = {}
        for row in self._db.execute(
            "SELECT import_id, origin_sheet, COUNT(*) - COUNT(deleted_at), MIN(seq) AS first FROM item"
            " WHERE import_id IS NOT NULL GROUP BY import_id, origin_sheet ORDER BY import_id, first"
        ):
            import_id, sheet, shown, _ = row
            if sheet:
                sheets.setdefault(import_id, []).append(sheet)
            live[import_id] = live.get(import_id, 0) + shown
        return [ImportInfo(row["id"], row["file_name"], sheets.get(row["id"], []), row["year"],
                           row["item_count"], live.get(row["id"], 0), row["user"], row["at"],
                           row["undone_by"], row["undone_at"])
                for row in self._db.execute("SELECT * FROM import_batch ORDER BY id")]

    # --- writing ----------------------------------------------------------------------------

    def import_batch(self, batch: ImportBatch, *, replacing: int | None = None, force: bool = False) -> list[str]:
        """Store a whole file's items in one transaction. Refused: a file whose import stands,
        and a corrected copy of a sheet whose import stands (see `_refuse_copy`). `replacing`:
        take that import back first, in the same transaction, refused as `unimport` refuses
        unless `force`: if anything is refused, that import stays as it was."""
        at = _now()
        with self._write("import"):
            self.permissions.check("import")
            if replacing is not None:
                self._take_back(replacing, force, "import", f"nhập {batch.file_name} thay cho")
            refusal = self.import_refusal(batch)
            if refusal is not None:
                raise StoreError(refusal)
            cursor = self._db.execute(
                "INSERT INTO import_batch (file_name, file_sha256, year, item_count, user, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (batch.file_name, batch.file_sha256, batch.year, len(batch.items), self.user, at),
            )
            return self._insert(batch.year, batch.items, cursor.lastrowid, batch.file_name, at)

    def import_refusal(self, batch: ImportBatch) -> str | None:
        """Why `batch` would be refused, or None: its file imported already (under any name),
        or a corrected copy of a sheet imported before (most of its items an import of the same
        year that stands holds already, by their text without accents), which would bring every
        item in twice. Writes nothing: a dry run asks it too."""
        previous = self.import_record(batch.file_sha256)
        if previous is not None:
            also = "" if previous["file_name"] == batch.file_name else f" (với tên {previous['file_name']})"
            return (f"Tệp {batch.file_name} đã được nhập{also} ngày {previous['at'][:10]} bởi {previous['user']} "
                    f"({previous['item_count']} ý kiến, năm {previous['year']}). Không nhập lại lần hai.")
        standing: dict[int, set[str]] = {}
        for import_id, content in self._db.execute(
            "SELECT import_id, content FROM item WHERE year = ? AND import_id IS NOT NULL AND deleted_at IS NULL",
            (batch.year,),
        ):
            standing.setdefault(import_id, set()).add(fold(content))
        if not standing or not batch.items:
            return None
        texts = [fold(item.content) for item in batch.items]
        matching, import_id = max((sum(text in known for text in texts), import_id)
                                  for import_id, known in standing.items())
        if matching <= COPY_SHARE * len(texts):
            return None
        earlier = self._db.execute("SELECT * FROM import_batch WHERE id = ?", (import_id,)).fetchone()
        return (
            f"Chưa nhập {batch.file_name}: {matching} trong {len(texts)} ý kiến của tệp trùng nội dung với "
            f"lần nhập {import_id} ({earlier['file_name']}, ngày {earlier['at'][:10]}, bởi {earlier['user']}, "
            f"năm {earlier['year']}); có vẻ là bản sửa của bảng đã nhập, nhập thêm thì các ý kiến đó có hai lần. "
            f"Hãy gỡ lần nhập đó trước (kiennghi unimport {import_id}) rồi nhập lại, hoặc nhập thay thế "
            f"trong một lần: kiennghi import {batch.file_name} --replace {import_id}."
        )

    def unimport(self, import_id: int, source: str, force: bool = False) -> list[str]:
        """Take an import back: hide its items still shown, each logged with its version bumped
        (never deleted: their IDs are never given again), and let its file be imported again.
        Refused (`TouchedItems`) when any of them was triaged or edited since, unless `force`.
        Returns the IDs hidden."""
        with self._write(source):
            self.permissions.check("unimport")
            return self._take_back(import_id, force, source, "gỡ")

    def _take_back(self, import_id: int, force: bool, source: str, why: str) -> list[str]:
        """`unimport` inside a write transaction already open; `why` begins each item's log
        detail ("gỡ lần nhập 3 (a.xlsx)")."""
        batch = self._db.execute("SELECT * FROM import_batch WHERE id = ?", (import_id,)).fetchone()
        if batch is None:
            raise StoreError(f"Không có lần nhập số {import_id} (xem kiennghi imports).")
        name = f"lần nhập {import_id} ({batch['file_name']}, ngày {batch['at'][:10]})"
        if batch["undone_at"]:
            raise StoreError(f"Không gỡ {name}: đã được {batch['undone_by']} gỡ ngày {batch['undone_at'][:10]}.")
        live = self._db.execute("SELECT id, year, version FROM item WHERE import_id = ? AND deleted_at IS NULL"
                                " ORDER BY seq", (import_id,)).fetchall()
        # Imported items have no row of their own in the change log: any row is a later change.
        touched = self._db.execute(
            "SELECT item.id, log.user FROM change_log AS log JOIN item ON item.id = log.item_id"
            " WHERE item.import_id = ? AND item.deleted_at IS NULL ORDER BY item.seq", (import_id,)
        ).fetchall()
        if touched and not force:
            ids = list(dict.fromkeys(row["id"] for row in touched))
            who = ", ".join(sorted({row["user"] for row in touched}))
            raise TouchedItems(
                f"Không gỡ {name}: {len(ids)} trong {len(live)} ý kiến của nó đã được phân loại hoặc sửa "
                f"sau khi nhập (bởi {who}): {_id_list(ids)}. Gỡ thì công việc đó bị ẩn theo; chưa gỡ gì.", ids)
        self._hide([(row["id"], row["year"], row["version"]) for row in live], True, source,
                   f"{why} {name}")
        self._db.execute("UPDATE import_batch SET undone_by = ?, undone_at = ? WHERE id = ?",
                         (self.user, _now(), import_id))
        return [row["id"] for row in live]

    def _hide(self, items: Sequence[tuple[str, int, int]], hide: bool, source: str, detail: str | None) -> None:
        """Hide (or show again) items given as (ID, year, version now), inside a write
        transaction; each is logged with its version bumped, so that an edit based on the
        version before is refused as stale and the other officers' apps see the change."""
        at = _now()
        by, when = (self.user, at) if hide else (None, None)
        self._db.executemany("UPDATE item SET deleted_by = ?, deleted_at = ?, version = ? WHERE id = ?",
                             [(by, when, version + 1, item_id) for item_id, _, version in items])
        old, new = ("không", "có") if hide else ("có", "không")
        for item_id, year, version in items:
            self._log(item_id, year, "hidden", old, new, version + 1, source, detail, at)

    def delete_items(self, versions: dict[str, int | None], source: str, detail: str | None = None) -> list[Item]:
        """Hide items (an officer's deletion: never a real one), all or none. `versions` maps
        each item to the version the officer saw (None: whatever is current); refused when
        another officer has changed one since (`StaleEdit`) or one is hidden already."""
        return self._set_hidden(versions, True, source, detail)

    def restore_items(self, versions: dict[str, int | None], source: str, detail: str | None = None) -> list[Item]:
        """Show hidden items again, all or none; refused as `delete_items` is."""
        return self._set_hidden(versions, False, source, detail)

    def _set_hidden(self, versions: dict[str, int | None], hide: bool, source: str, detail: str | None) -> list[Item]:
        """`delete_items` (`hide`) or `restore_items`: the items as they are afterwards."""
        versions = {item_id.strip().upper(): expected for item_id, expected in versions.items()}  # as typed
        with self._write(source):
            self.permissions.check("delete" if hide else "restore", list(versions))
            currents = [self.item(item_id) for item_id in versions]
            stale = [(Edit(current.id, {}, versions[current.id]), current) for current in currents
                     if versions[current.id] is not None and current.version != versions[current.id]]
            if stale:
                raise self._stale(stale)
            wrong = [current for current in currents if current.hidden == hide]
            if wrong and hide:
                first = wrong[0]
                raise StoreError(f"Không ẩn {_id_list([c.id for c in wrong])}: đã bị ẩn từ trước "
                                 f"(bởi {first.deleted_by}, ngày {first.deleted_at[:10]}); chưa ẩn ý kiến nào.")
            if wrong:
                raise StoreError(f"Không khôi phục {_id_list([c.id for c in wrong])}: ý kiến không bị ẩn; "
                                 "chưa khôi phục ý kiến nào.")
            if not hide:
                self._refuse_shown_twice(currents)
            self._hide([(c.id, c.year, c.version) for c in currents], hide, source, detail)
            found = {item.id: item for item in self.items_by_id(c.id for c in currents)}
        return [found[c.id] for c in currents]

    def _refuse_shown_twice(self, items: Sequence[Item]) -> None:
        """Restoring an item hidden by an import taken back, whose text came back with the
        corrected sheet, would show the petition twice."""
        shown = {fold(item.content): item.id for year in {i.year for i in items} for item in self.items(year)}
        twice = [(item.id, shown[fold(item.content)]) for item in items if fold(item.content) in shown]
        if twice:
            pairs = ", ".join(f"{hidden} (đã có {live})" for hidden, live in twice[:8])
            raise StoreError(f"Không khôi phục {pairs}: nội dung đó đang hiện ở ý kiến khác, khôi phục sẽ sinh "
                             "ý kiến trùng. Chưa khôi phục ý kiến nào.")

    def _insert(self, year: int, items: Sequence[NewItem], import_id: int, file_name: str, at: str) -> list[str]:
        start = self._db.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM item WHERE year = ?", (year,)
        ).fetchone()[0]
        seqs = range(start + 1, start + len(items) + 1)
        ids = [public_id(year, seq) for seq in seqs]
        with collector_paused():
            self._db.executemany(_INSERT_ITEM, [_item_values(item_id, year, seq, new, import_id)
                                                for item_id, seq, new in zip(ids, seqs, items)])
        # One row for the whole file; each item's creation is read back through import_id.
        self._log(None, year, "import", None, f"{len(ids)} ý kiến ({ids[0]} … {ids[-1]})",
                  None, "import", file_name, at)
        return ids

    def update_item(self, item_id: str, changes: dict[str, Any], expected_version: int | None,
                    source: str, detail: str | None = None) -> Item:
        """Apply `changes` (field → value, already validated) to one item; see `update_items`."""
        return self.update_items([Edit(item_id, changes, expected_version)], source, detail)[0][1]

    def update_items(self, edits: Sequence["Edit"], source: str,
                     detail: str | None = None) -> list[tuple[Item, Item]]:
        """Apply several items' edits in one transaction: all of them or none.

        Each edit names the version the officer saw; when any item has moved on since, nothing
        is applied and `StaleEdit` tells who changed what. A version of None means "whatever is
        current" (a command-line edit that read nothing first, or an officer who chose to
        overwrite). Returns (before, after) per edit; fields already holding the value are not
        written or logged, and an item with nothing to change keeps its version.
        """
        for edit in edits:
            unknown = set(edit.changes) - set(EDITABLE)
            if unknown:
                raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        with self._write(source):
            return self._apply_edits(edits, source, detail)

    def _apply_edits(self, edits: Sequence["Edit"], source: str, detail: str | None) -> list[tuple[Item, Item]]:
        """`update_items` inside a write transaction already open."""
        results = []
        currents = [self.item(edit.item_id) for edit in edits]
        changed = [{name: value for name, value in self._to_chain_ends(edit, edits).items()
                    if _db_value(name, value) != _db_value(name, getattr(current, name))}
                   for edit, current in zip(edits, currents)]
        self._check_edits(currents, changed)
        self._check_links(currents, changed)
        stale = [(edit, current) for edit, current in zip(edits, currents)
                 if edit.expected_version is not None and current.version != edit.expected_version]
        if stale:
            raise self._stale(stale)
        hidden = [current for current in currents if current.hidden]
        if hidden:
            first = hidden[0]
            raise StoreError(
                f"Không sửa {_id_list([c.id for c in hidden])}: ý kiến đã bị {first.deleted_by} ẩn (xóa) "
                f"ngày {first.deleted_at[:10]}; chưa ghi gì. Muốn sửa thì khôi phục trước "
                f"(kiennghi restore {first.id})."
            )
        at = _now()
        for current, effective in zip(currents, changed):
            if not effective:
                results.append((current, current))
                continue
            version = current.version + 1
            assignments = ", ".join(f"{name} = ?" for name in effective)
            self._db.execute(
                f"UPDATE item SET {assignments}, version = ? WHERE id = ?",
                (*(_db_value(name, value) for name, value in effective.items()), version, current.id),
            )
            for name, value in effective.items():
                self._log(current.id, current.year, name, getattr(current, name), value, version,
                          source, detail, at)
            results.append((current, replace(current, **effective, version=version)))
        return results

    def _to_chain_ends(self, edit: "Edit", edits: Sequence["Edit"]) -> dict[str, Any]:
        """`edit`'s changes, a link of a chained field (`ItemRef.chained`) written to the end of
        its chain, as the edits write the chain: an item repeating one that repeats another
        repeats the first (the concern's), so that a concern is known by one item."""
        changes = dict(edit.changes)
        for name, value in edit.changes.items():
            kind = FIELD[name].kind
            if value and isinstance(kind, ItemRef) and kind.chained:
                pending = {other.item_id: other.changes[name] for other in edits if name in other.changes}
                chain = self.followed(value, name, pending)
                changes[name] = chain[-1] if edit.item_id not in chain else value  # a round: refused as typed
        return changes

    def _check_edits(self, currents: Sequence[Item], changed: Sequence[dict[str, Any]]) -> None:
        """Refuse the whole edit when the user's role does not allow one of its changes (a
        value an edit leaves as it is changes nothing, and is not refused)."""
        refused = [(current, [name for name in effective if not self.permissions.may_edit(name, current)])
                   for current, effective in zip(currents, changed)]
        refused = [(current, names) for current, names in refused if names]
        if refused:
            names = dict.fromkeys(name for _, item_names in refused for name in item_names)
            ids = [current.id for current, _ in refused]
            raise self.permissions.refusal(
                f"sửa {', '.join(FIELD[name].label for name in names)} của {_id_list(ids)}", "edit", ids)

    def _check_links(self, currents: Sequence[Item], changed: Sequence[dict[str, Any]]) -> None:
        """Refuse the whole edit when a field naming other items (`ItemRef`) names one that does
        not exist, the item itself, or one of a year the field does not take."""
        pending = {name: {current.id: effective[name] for current, effective in zip(currents, changed)
                          if name in effective} for name in {name for effective in changed for name in effective}}
        for current, effective in zip(currents, changed):
            for name, value in effective.items():
                why = self.bad_link(current, name, value, pending[name])
                if why:
                    raise StoreError(f"Không sửa {current.id}: {why}; chưa ghi gì.")

    def bad_link(self, item: Item, name: str, value: Any, pending: Mapping[str, Any] | None = None) -> str | None:
        """Why `value` cannot be `item`'s field `name` when that field names other items
        (`ItemRef`): an ID no item has, a hidden item, the item itself, one of a year the field
        does not take (a later one, or the same, where it wants an earlier year's), or, for a
        field of one item naming one (an item repeats one), an item whose own links in that field
        lead back to this one (with `pending`: item ID → value, the links the same edit writes);
        None when it can (or the field names none)."""
        kind = FIELD[name].kind
        if not isinstance(kind, ItemRef) or not kind.refs(value):
            return None
        found = {other.id: other for other in self.items_by_id(kind.refs(value))}
        for ref in kind.refs(value):
            if ref not in found:
                why = "không có ý kiến nào mang mã đó"
            elif ref == item.id:
                why = "là chính ý kiến này"
            elif found[ref].hidden:
                why = f"đã bị ẩn (xóa) (kiennghi restore {ref} để khôi phục)"
            elif kind.years == EARLIER and found[ref].year >= item.year:
                why = f"không phải ý kiến của năm trước năm {item.year}"
            elif kind.years == NOT_LATER and found[ref].year > item.year:
                why = f"là ý kiến năm {found[ref].year}, sau năm {item.year} của ý kiến này"
            elif kind.chained and item.id in (chain := self.followed(ref, name, pending or {})):
                why = f"dẫn vòng lại ý kiến này ({' → '.join(chain[:chain.index(item.id) + 1])})"
            else:
                continue
            return f"{FIELD[name].label} “{ref}” {why}"
        return None

    def followed(self, ref: str, name: str, pending: Mapping[str, Any] | None = None) -> list[str]:
        """`ref` and the items its links in the chained field `name` lead to, in turn (as
        `pending`, item ID → value, will write them, else as stored), up to one that links
        nowhere, or before one met already."""
        chain, pending = [ref], pending or {}
        while True:
            current = chain[-1]
            if current in pending:
                parent = pending[current]
            else:
                row = self._db.execute(f"SELECT {name} FROM item WHERE id = ?", (current,)).fetchone()
                parent = row[0] if row else None
            if not parent or parent in chain:
                return chain
            chain.append(parent)

    def _stale(self, stale: list[tuple["Edit", Item]]) -> StaleEdit:
        changes = []
        for edit, current in stale:
            changes += [change.__dict__ for change in self.history(current.id)
                        if change.version is not None and change.version > (edit.expected_version or 0)]
        who = ", ".join(sorted({change["user"] for change in changes})) or "người khác"
        if len(stale) == 1:
            edit, current = stale[0]
            done = f"bị {who} ẩn (xóa)" if current.hidden else f"được {who} sửa"
            message = (f"Ý kiến {current.id} vừa {done} (phiên bản {current.version}, "
                       f"bạn đang sửa trên phiên bản {edit.expected_version}); thay đổi của bạn chưa được ghi.")
        else:
            message = (f"{len(stale)} ý kiến vừa được {who} sửa ({', '.join(c.id for _, c in stale[:5])}"
                       f"{' …' if len(stale) > 5 else ''}); thay đổi của bạn chưa được ghi.")
        return StaleEdit(message, {current.id: current.version for _, current in stale}, changes)

    def add_item(self, year: int, new: NewItem, source: str) -> Item:
        """Store one item typed in by an officer (raised at the conference), logged as created."""
        with self._write(source):
            self.permissions.check("add")
            item_id = self._add(year, new, source, None)
        return self.item(item_id)

    def _add(self, year: int, new: NewItem, source: str, detail: str | None) -> str:
        seq = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM item WHERE year = ?", (year,)).fetchone()[0]
        item_id = public_id(year, seq)
        self._db.execute(_INSERT_ITEM, _item_values(item_id, year, seq, new, None))
        self._log(item_id, year, "created", None, new.content, 1, source, detail)
        return item_id

    def carry_items(self, year: int, versions: dict[str, int], make: Callable[[Item], NewItem],
                    source: str, dry_run: bool = False) -> Carried:
        """Carry earlier items into `year` in one transaction, all or none (see
        `kiennghi.carry`): each original, as read at `versions` (refused, `StaleEdit`, when one
        has changed since: it may be resolved now), becomes `make(original)`, logged as created
        from it, and its own log says where it went (an event: its version stays). An original
        that an item of `year` already continues is not carried again, nor one that an item of
        `year` is suggested to repeat (the officer confirms or rejects that first). A `dry_run`
        says the same and writes nothing (the carried items' new IDs are ""), in a read
        transaction: it holds no other officer back, and anyone may look."""
        done = Carried(year)
        with self._reading() if dry_run else self._write(source):
            if not dry_run:
                self.permissions.check("add")
            originals = self.items_by_id(versions)
            missing = sorted(set(versions) - {o.id for o in originals})
            if missing:
                raise StoreError(f"Không có ý kiến nào mang mã {_id_list(missing)}; chưa mang ý kiến nào.")
            # A preview shows what carrying would do now: an item changed since it was listed is no
            # conflict of the officer's, who changed nothing.
            stale = [(Edit(o.id, {}, versions[o.id]), o) for o in originals if o.version != versions[o.id]]
            if stale and not dry_run:
                raise self._stale(stale)
            hidden = [o.id for o in originals if o.hidden]
            later = [o.id for o in originals if o.year >= year]
            if hidden or later:
                raise StoreError(f"Không mang sang năm {year}: {_id_list(hidden + later)} "
                                 f"{'đã bị ẩn (xóa)' if hidden else f'không phải ý kiến của năm trước năm {year}'}; "
                                 "chưa mang ý kiến nào.")
            followed, suggested = {}, {}
            for item_id, carried_from, carry_suggested in self._db.execute(
                    "SELECT id, carried_from, carry_suggested FROM item WHERE year = ? AND deleted_at IS NULL"
                    " AND (carried_from IS NOT NULL OR carry_suggested IS NOT NULL) ORDER BY seq", (year,)):
                if carried_from:
                    followed.setdefault(carried_from, item_id)
                if carry_suggested:
                    suggested.setdefault(carry_suggested, item_id)
            at = _now()
            for original in sorted(originals, key=lambda o: (o.year, o.seq)):
                if original.id in followed:
                    done.followed.append((original.id, followed[original.id]))
                elif original.id in suggested:
                    done.waiting.append((original.id, suggested[original.id]))
                elif dry_run:
                    done.carried.append((original.id, ""))
                else:
                    new_id = self._add(year, make(original), source, f"tồn từ {original.id}")
                    self._log(original.id, original.year, "carried", None, new_id, original.version, source,
                              f"mang sang năm {year}", at)
                    done.carried.append((original.id, new_id))
        return done

    def suggest_links(self, links: dict[str, tuple[int, str, str]], source: str) -> list[Item]:
        """Store suggestions that items repeat an earlier year's item (`kiennghi.carry`): item →
        (the version it was read at, the earlier item, why), in one transaction, each logged
        with its version bumped; refused (`StaleEdit`) when one has changed since."""
        with self._write(source):
            currents = self.items_by_id(links)
            self._check_edits(currents, [{"carry_suggested": None} for _ in currents])
            stale = [(Edit(c.id, {}, links[c.id][0]), c) for c in currents if c.version != links[c.id][0]]
            if stale:
                raise self._stale(stale)
            at = _now()
            for current in currents:
                _, suggested, why = links[current.id]
                version = current.version + 1
                self._db.execute("UPDATE item SET carry_suggested = ?, carry_reason = ?, version = ? WHERE id = ?",
                                 (suggested, why, version, current.id))
                for name, old, new in (("carry_suggested", current.carry_suggested, suggested),
                                       ("carry_reason", current.carry_reason, why)):
                    self._log(current.id, current.year, name, old, new, version, source, "gợi ý tồn năm trước", at)
            found = {item.id: item for item in self.items_by_id(links)}
        return [found[c.id] for c in sorted(currents, key=lambda c: c.seq)]

    def lineage(self, item_id: str) -> list[Item]:
        """The earlier items `item_id` continues (`carried_from`, then theirs…), the nearest first."""
        found: list[Item] = []
        current = self.item(item_id)
        while current.carried_from and all(current.carried_from != i.id for i in found):
            rows = self.items_by_id([current.carried_from])
            if not rows:
                break
            current = rows[0]
            found.append(current)
        return found

    def merge(self, edits: Sequence["Edit"], new_items: Sequence[NewItem], year: int,
              detail: str) -> tuple[list[tuple[Item, Item]], list[str]]:
        """A workbook's edits and new rows in one transaction (source "merge", `detail` the file):
        all of it or none. Returns (before, after) per edit and the new items' IDs."""
        with self._write("merge"):
            if new_items:
                self.permissions.check("add")
            results = self._apply_edits(edits, "merge", detail)
            ids = [self._add(year, new, "merge", detail) for new in new_items]
        return results, ids

    def answered_by(self, year: int, day: date) -> set[str]:
        """The items of `year` that had a response recorded by the end of `day` (the conference's
        date): set through kiennghi that day or before, or imported with one by then."""
        rows = self._db.execute(
            "SELECT item_id FROM change_log WHERE year = ? AND field = 'response' AND new <> ''"
            " AND substr(at, 1, 10) <= ?"
            " UNION SELECT item.id FROM item JOIN import_batch AS batch ON batch.id = item.import_id"
            " WHERE item.year = ? AND item.response <> '' AND substr(batch.at, 1, 10) <= ?"
            " AND NOT EXISTS (SELECT 1 FROM change_log WHERE item_id = item.id AND field = 'response')",
            (year, day.isoformat(), year, day.isoformat()),
        ).fetchall()
        return {row[0] for row in rows}

    def values_at(self, versions: dict[str, int]) -> dict[str, dict[str, Any]]:
        """Each item's editable fields as they were at the given version, rebuilt from the change
        log: item ID → field → value (only the fields changed since; the rest are as now)."""
        found: dict[str, dict[str, Any]] = {}
        if not versions:
            return found
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY, version INTEGER)")
        self._db.execute("DELETE FROM temp.wanted")
        self._db.executemany("INSERT OR REPLACE INTO temp.wanted VALUES (?, ?)", versions.items())
        rows = self._db.execute(
            "SELECT c.item_id, c.field, c.old FROM change_log c JOIN temp.wanted w ON c.item_id = w.id"
            " WHERE c.version > w.version ORDER BY c.id DESC"
        ).fetchall()
        self._db.execute("DELETE FROM temp.wanted")
        for item_id, name, old in rows:  # newest first: the oldest change after the version wins
            if name in FIELD:
                found.setdefault(item_id, {})[name] = FIELD[name].kind.from_log(old)
        return found

    def items_as_of(self, year: int, day: date) -> list[Item]:
        """The items of `year` as they stood at the end of `day`, rebuilt from the change log:
        those that existed then (imported or typed in by that day) and were shown, each with the
        values it had (a field changed since takes the old value of its first change after `day`;
        hiding and showing again are changes too). In their order."""
        end = day.isoformat()
        born = {row[0]: row[1][:10] for row in self._db.execute(
            "SELECT item.id, batch.at FROM item JOIN import_batch AS batch ON batch.id = item.import_id"
            " WHERE item.year = ? UNION ALL SELECT item_id, at FROM change_log WHERE year = ? AND field = 'created'",
            (year, year))}
        before: dict[str, dict[str, str | None]] = {}
        for item_id, name, old in self._db.execute(
                "SELECT item_id, field, old FROM change_log WHERE year = ? AND item_id IS NOT NULL"
                " AND substr(at, 1, 10) > ? ORDER BY id DESC", (year, end)):
            before.setdefault(item_id, {})[name] = old  # newest first: the first change after `day` wins
        found = []
        rows = self._db.execute(f"{_SELECT_ITEMS} WHERE year = ? ORDER BY seq", (year,))
        for item in map(_item_from_row, rows):
            if born.get(item.id, end) > end:
                continue
            then = before.get(item.id, {})
            hidden = then["hidden"] == "có" if "hidden" in then else item.hidden
            if not hidden:
                found.append(replace(item, **{name: FIELD[name].kind.from_log(old)
                                              for name, old in then.items() if name in FIELD}))
        return found

    # --- conferences ------------------------------------------------------------------------

    def conference(self, year: int) -> Conference | None:
        row = self._db.execute("SELECT data, version FROM conference WHERE year = ?", (year,)).fetchone()
        if row is None:
            return None
        data = json.loads(row["data"])
        for key in ("date", "notice_date"):
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        data["topics"] = [Topic(**topic) for topic in data.get("topics", [])]
        return Conference(year=year, version=row["version"], **data)

    def sheet_shapes(self) -> dict[str, dict[str, Any]]:
        """The officers' saved readings of sheet shapes: header signature → {"columns": {column:
        field}, "values": {folded text: code}}."""
        shapes = {}
        for row in self._db.execute("SELECT signature, choices FROM sheet_shape"):
            data = json.loads(row["choices"])
            shapes[row["signature"]] = {"columns": {int(c): f for c, f in data.get("columns", {}).items()},
                                        "values": data.get("values", {})}
        return shapes

    def remember_sheet_shape(self, signature: str, columns: dict[int, str], values: dict[str, str]) -> None:
        """Keep how a sheet of this shape is read, for the next one (the last officer's choice wins)."""
        data = json.dumps({"columns": {str(c): f for c, f in columns.items()}, "values": values}, ensure_ascii=False)
        with self._write("import"):
            self.permissions.check("import")
            self._db.execute(
                "INSERT INTO sheet_shape (signature, choices, user, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (signature) DO UPDATE SET choices = excluded.choices, user = excluded.user,"
                " at = excluded.at", (signature, data, self.user, _now()))

    def save_conference(self, conference: Conference, source: str, replacing: bool = False) -> Conference:
        """Store a year's conference details, logging each changed key.

        `conference.version` is the version the officer edited (0: none was stored); a save
        based on another version than the one stored is refused, unless `replacing` (a file
        that replaces whatever is stored).
        """
        data = {f.name: getattr(conference, f.name) for f in fields(Conference)
                if f.name not in ("year", "version")}
        with self._write(source):
            self.permissions.check("conference")
            current = self.conference(conference.year)
            if not replacing and conference.version != (current.version if current else 0):
                raise StaleEdit(
                    f"Thông tin hội nghị năm {conference.year} vừa được người khác sửa; "
                    "hãy xem lại rồi lưu.",
                    {}, [],
                )
            old = {} if current is None else {f.name: getattr(current, f.name) for f in fields(Conference)}
            version = (current.version if current else 0) + 1
            self._db.execute(
                "INSERT INTO conference (year, data, version) VALUES (?, ?, ?)"
                " ON CONFLICT (year) DO UPDATE SET data = excluded.data, version = excluded.version",
                (conference.year, json.dumps(data, default=_conference_json, ensure_ascii=False), version),
            )
            at = _now()
            for key, value in data.items():
                if _log_text(old.get(key)) != _log_text(value):
                    self._log(None, conference.year, f"conference.{key}", old.get(key), value,
                              version, source, None, at)
        return self.conference(conference.year)  # type: ignore[return-value]


def _create_private_file(path: Path) -> None:
    """Create an empty database file readable and writable by its owner and group only."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, DB_MODE)
    except FileExistsError:
        return
    except PermissionError:
        raise  # the command line says whose the folder is and what to ask (kiennghi.access)
    except OSError as error:
        raise StoreError(f"Không tạo được cơ sở dữ liệu {path}: {error.strerror}.") from None
    try:
        os.fchmod(descriptor, DB_MODE)  # the umask may have taken the group's rights away
    finally:
        os.close(descriptor)


def _require_rights(path: Path) -> None:
    """Refuse as the system would (PermissionError, which the command line turns into a clear
    message) what SQLite reports only as "unable to open database file" or "attempt to write a
    readonly database": a store, or its folder (where the -wal and -shm files go), that the
    officer may not read and write."""
    for needed, rights in ((path.parent, os.W_OK | os.X_OK), (path, os.R_OK | os.W_OK)):
        if needed.exists() and not os.access(needed, rights):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(needed))


_CHANGE_FIELDS = tuple(f.name for f in fields(Change))


def _change(row: sqlite3.Row) -> Change:
    return Change(*(row[name] for name in _CHANGE_FIELDS))
