"""The ward's configuration (`config.toml`): loaded, validated and looked up.

Every list (units, bodies, sectors, statuses, jurisdictions) is a `Catalog` of entries with a
stable code; text found in sheets is matched to codes through names and aliases, without
accents or case.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from .errors import ConfigError
from .fields import ALIASED, FIELD
from .roles import ROLE_KINDS, Role, Roles
from .text import fold

# The result categories reports count items in (each status belongs to one: its `group`), in the
# order reports list them, with the words they use; config.toml's [categories] may reword them.
STATUS_GROUPS = {
    "done": "đã giải quyết xong",
    "in-progress": "đang giải quyết",
    "explained": "đã giải trình, cung cấp thông tin",
    "cannot": "không thực hiện được",
    "not-yet": "chưa giải quyết",
}
JURISDICTION_CODES = ("phuong", "cap-tren")
SYSTEM_CONFIG = Path("/etc/kiennghi/config.toml")


@dataclass(frozen=True)
class Entry:
    """One entry of a list: a unit, a body, a sector, a status or a jurisdiction."""

    code: str
    name: str
    short: str
    aliases: tuple[str, ...] = ()
    group: str = ""  # statuses only: the report group

    def spellings(self) -> Iterator[str]:
        yield from (self.code, self.name, self.short, *self.aliases)


class Catalog:
    """An ordered list of entries, looked up by code or matched from free text."""

    def __init__(self, kind: str, entries: list[Entry]) -> None:
        self.kind = kind
        self.entries = tuple(entries)
        self._by_code = {entry.code: entry for entry in entries}
        self._by_key: dict[str, Entry] = {}
        for entry in entries:
            for spelling in entry.spellings():
                self._by_key.setdefault(fold(spelling), entry)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def get(self, code: str) -> Entry:
        return self._by_code[code]

    def name(self, code: str | None) -> str:
        """The full name of `code`, or the code itself when unknown, or "" for None."""
        if code is None:
            return ""
        entry = self._by_code.get(code)
        return entry.name if entry else code

    def short(self, code: str | None) -> str:
        """The short name of `code`, or the code itself when unknown, or "" for None."""
        if code is None:
            return ""
        entry = self._by_code.get(code)
        return entry.short if entry else code

    def match(self, text: str, partial: bool = True) -> Entry | None:
        """The entry `text` names (a code, name, short name or alias), ignoring accents and case.

        With `partial`, falls back to the longest spelling contained in `text` as whole words,
        so that a sheet's "LĨNH VỰC GIAO THÔNG VÀ VẬN TẢI" still finds the traffic sector.
        """
        key = fold(text)
        if not key:
            return None
        found = self._by_key.get(key)
        if found is not None or not partial:
            return found
        padded = f" {key} "
        best: tuple[int, Entry] | None = None
        for spelling, entry in self._by_key.items():
            if len(spelling) >= 4 and f" {spelling} " in padded:
                if best is None or len(spelling) > best[0]:
                    best = (len(spelling), entry)
        return best[1] if best else None

    def named_in(self, text: str) -> list[Entry]:
        """Every entry `text` names, in the order it names them: the one it is, or each whose
        spelling it holds as whole words, a spelling inside a longer one counted once
        ("LĨNH VỰC GIÁO DỤC, Y TẾ" names education and health)."""
        key = fold(text)
        if not key:
            return []
        if (found := self._by_key.get(key)) is not None:
            return [found]
        padded = f" {key} "
        spans = []
        for spelling, entry in self._by_key.items():
            if len(spelling) < 4:
                continue
            start = padded.find(f" {spelling} ")
            while start >= 0:
                spans.append((start, start + len(spelling), entry))
                start = padded.find(f" {spelling} ", start + 1)
        taken: list[tuple[int, int, Entry]] = []
        for start, end, entry in sorted(spans, key=lambda s: s[0] - s[1]):
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, entry))
        named: list[Entry] = []
        for _, _, entry in sorted(taken, key=lambda s: s[0]):
            if entry not in named:
                named.append(entry)
        return named


@dataclass(frozen=True)
class Ward:
    name: str
    name_upper: str
    place: str
    city: str
    party_committee: str
    party_superior: str
    party_committee_short: str
    people_committee: str


@dataclass(frozen=True)
class Config:
    """The validated configuration. `source` is the file it came from."""

    source: str
    base_dir: Path
    ward: Ward
    database: Path
    conference: dict[str, Any]
    jurisdictions: Catalog
    units: Catalog
    bodies: Catalog
    sectors: Catalog
    statuses: Catalog
    columns: dict[str, tuple[str, ...]]
    conference_sheets: tuple[str, ...]
    skip_sheets: tuple[str, ...]
    abbreviations: dict[str, str] = field(default_factory=dict)
    matters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a matter: the words that name it
    matter_sectors: dict[str, str] = field(default_factory=dict)  # a matter: the sector it usually is
    matter_bodies: dict[str, str] = field(default_factory=dict)  # a matter: who answers on a street, a river
    matter_forms: frozenset[str] = frozenset()  # matters that are how a thing is asked (a file), not what
    sector_routing: dict[str, dict[str, Any]] = field(default_factory=dict)
    routing: tuple[dict[str, Any], ...] = ()
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    roles: Roles = field(default_factory=Roles)  # [roles]: none configured, everyone may do everything
    categories: dict[str, str] = field(default_factory=lambda: dict(STATUS_GROUPS))  # group → its words

    def category(self, status: str | None) -> str:
        """The result category (a status group) of an item with `status`: "not-yet" without one."""
        return self.statuses.get(status).group if status in self.statuses else "not-yet"


# --- loading ------------------------------------------------------------------------------


def find_config(explicit: str | os.PathLike[str] | None = None) -> tuple[str, Path | None]:
    """Where the configuration comes from: `--config`, `KIENNGHI_CONFIG`, `./config.toml`,
    `/etc/kiennghi/config.toml`, then the packaged default (returned as `None`)."""
    for candidate, must_exist in (
        (explicit, True),
        (os.environ.get("KIENNGHI_CONFIG") or None, True),
        ("config.toml", False),
        (SYSTEM_CONFIG, False),
    ):
        if candidate is None:
            continue
        path = Path(candidate)
        if path.is_file():
            return str(path), path.resolve()
        if must_exist:
            raise ConfigError(f"Không tìm thấy tệp cấu hình {path}.")
    return "cấu hình mặc định", None


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Find, read and validate the configuration; raise `ConfigError` with the key at fault."""
    label, path = find_config(explicit)
    if path is None:
        return parse_config(_packaged_config(), label, Path.cwd())
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"Không đọc được tệp cấu hình {path}: {error}") from None
    return parse_config(text, str(path), path.parent)


def _packaged_config() -> str:
    """The default `config.toml`: inside the package when installed from a wheel, at the top of
    the source tree otherwise (editable installs and checkouts)."""
    try:
        return resources.files("kiennghi.defaults").joinpath("config.toml").read_text("utf-8")
    except ModuleNotFoundError:
        return (Path(__file__).resolve().parent.parent / "config.toml").read_text("utf-8")


def parse_config(text: str, source: str, base_dir: Path) -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"Tệp cấu hình {source} không đúng cú pháp TOML: {error}") from None
    return _Validator(source).config(raw, base_dir)


class _Validator:
    """Checks the raw TOML table by table; every message names the key and what was expected."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, expected: str, got: Any = ...) -> ConfigError:
        found = "" if got is ... else f", đang là {got!r}"
        return ConfigError(f"Cấu hình {self.source}: khóa `{key}` phải là {expected}{found}.")

    def table(self, value: Any, key: str, known: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "một bảng (table)", value)
        for name in value:
            if name not in known:
                raise ConfigError(
                    f"Cấu hình {self.source}: khóa `{key}.{name}` không được hỗ trợ "
                    f"(các khóa hợp lệ: {', '.join(known)})."
                )
        return value

    def string(self, table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if value is None:
            raise self.fail(f"{where}.{key}", "một chuỗi (bắt buộc)")
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", "một chuỗi", value)
        return value

    def strings(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}.{key}", "một danh sách chuỗi", value)
        return tuple(value)

    def catalog(self, raw: dict[str, Any], kind: str, with_group: bool = False) -> Catalog:
        items = raw.get(kind)
        if not isinstance(items, list) or not items:
            raise self.fail(kind, "một danh sách không rỗng các bảng [[" + kind + "]]", items)
        known = ("code", "name", "short", "aliases") + (("group",) if with_group else ())
        entries: list[Entry] = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            where = f"{kind}[{index}]"
            item = self.table(item, where, known)
            code = self.string(item, "code", where)
            if not code or code in seen:
                raise self.fail(f"{where}.code", "một mã không rỗng và không trùng", code)
            seen.add(code)
            name = self.string(item, "name", where)
            group = ""
            if with_group:
                group = self.string(item, "group", where)
                if group not in STATUS_GROUPS:
                    raise self.fail(f"{where}.group", "một trong " + ", ".join(STATUS_GROUPS), group)
            entries.append(Entry(
                code=code,
                name=name,
                short=self.string(item, "short", where, default=name),
                aliases=self.strings(item, "aliases", where),
                group=group,
            ))
        return Catalog(kind, entries)

    def days(self, value: Any, key: str) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 366:
            raise self.fail(key, "một số ngày từ 1 đến 366", value)

    def _codes(self, table: dict[str, Any], where: str, catalogs: dict[str, Catalog]) -> None:
        """Every field of `table` naming a code must name one the configuration defines."""
        for name, catalog in catalogs.items():
            if name in table and table[name] not in catalog:
                raise self.fail(f"{where}.{name}", "một mã trong " + ", ".join(catalog.codes), table[name])

    def config(self, raw: dict[str, Any], base_dir: Path) -> Config:
        self.table(raw, "(gốc)", (
            "ward", "database", "conference", "jurisdictions", "units", "bodies", "sectors",
            "statuses", "columns", "import", "abbreviations", "matters", "sector_defaults", "routing", "roles",
            "categories",
        ))
        ward_raw = self.table(raw.get("ward"), "ward", tuple(Ward.__dataclass_fields__))
        ward = Ward(**{key: self.string(ward_raw, key, "ward") for key in Ward.__dataclass_fields__})
        database = self.table(raw.get("database", {}), "database", ("path",))
        db_path = Path(self.string(database, "path", "database", default="kiennghi.db"))
        conference = self.table(raw.get("conference", {}), "conference", (
            "place", "chairs", "attendees", "signing_authority", "signer_title", "signer_name",
            "recipients", "basis", "reports_heard", "results", "default_deadline_days",
        ))
        for key in ("place", "attendees", "signing_authority", "signer_title", "signer_name", "reports_heard",
                    "results"):
            self.string(conference, key, "conference", default="")
        for key in ("chairs", "recipients", "basis"):
            self.strings(conference, key, "conference")
        self.days(conference.get("default_deadline_days", 30), "conference.default_deadline_days")
        jurisdictions = self.catalog(raw, "jurisdictions")
        if tuple(sorted(jurisdictions.codes)) != tuple(sorted(JURISDICTION_CODES)):
            raise self.fail("jurisdictions", "đúng hai mã: " + ", ".join(JURISDICTION_CODES),
                            list(jurisdictions.codes))
        statuses = self.catalog(raw, "statuses", with_group=True)
        columns_raw = self.table(raw.get("columns"), "columns", ALIASED)
        # A field the configuration gives no aliases (one added since it was written) is found
        # by its title.
        columns = {key: self.strings(columns_raw, key, "columns") or (FIELD[key].title,) for key in ALIASED}
        if not columns["content"]:
            raise self.fail("columns.content", "một danh sách tên cột không rỗng")
        import_raw = self.table(raw.get("import", {}), "import", ("conference_sheets", "skip_sheets"))
        units, bodies, sectors = self.catalog(raw, "units"), self.catalog(raw, "bodies"), self.catalog(raw, "sectors")
        catalogs = {"jurisdiction": jurisdictions, "owner": units, "forward_to": bodies, "sector": sectors}
        abbreviations = raw.get("abbreviations", {})
        if not isinstance(abbreviations, dict) or not all(isinstance(v, str) for v in abbreviations.values()):
            raise self.fail("abbreviations", "một bảng chữ viết tắt = \"nghĩa đầy đủ\"", abbreviations)
        matters, matter_sectors, matter_bodies, matter_forms = {}, {}, {}, set()
        matters_raw = raw.get("matters", {})
        if not isinstance(matters_raw, dict):
            raise self.fail("matters", "một bảng mã = { words = [\"các từ chỉ nội dung đó\"], sector = \"…\" }",
                            matters_raw)
        for code, matter in matters_raw.items():
            where = f"matters.{code}"
            self.table(matter, where, ("words", "sector", "above", "form"))
            matters[code] = self.strings(matter, "words", where)
            if not matters[code]:
                raise self.fail(f"{where}.words", "một danh sách từ không rỗng")
            self._codes(matter, where, {"sector": sectors, "above": bodies})
            if "sector" in matter:
                matter_sectors[code] = matter["sector"]
            if "above" in matter:
                matter_bodies[code] = matter["above"]
            if not isinstance(matter.get("form", False), bool):
                raise self.fail(f"{where}.form", "true hoặc false", matter["form"])
            if matter.get("form"):
                matter_forms.add(code)
        sector_routing = {}
        for code, defaults in self.table(raw.get("sector_defaults", {}), "sector_defaults", sectors.codes).items():
            where = f"sector_defaults.{code}"
            self.table(defaults, where, ("jurisdiction", "owner", "deadline_days"))
            self._codes(defaults, where, catalogs)
            if "deadline_days" in defaults:
                self.days(defaults["deadline_days"], f"{where}.deadline_days")
            sector_routing[code] = dict(defaults)
        routing = raw.get("routing", [])
        if not isinstance(routing, list):
            raise self.fail("routing", "một danh sách các bảng [[routing]]", routing)
        for index, rule in enumerate(routing):
            where = f"routing[{index}]"
            self.table(rule, where, ("keywords", "sector", "jurisdiction", "owner", "forward_to"))
            if not self.strings(rule, "keywords", where):
                raise self.fail(f"{where}.keywords", "một danh sách từ khóa không rỗng")
            self._codes(rule, where, catalogs)
        return Config(
            source=self.source,
            base_dir=base_dir,
            ward=ward,
            database=db_path if db_path.is_absolute() else base_dir / db_path,
            conference=conference,
            jurisdictions=jurisdictions,
            units=units,
            bodies=bodies,
            sectors=sectors,
            statuses=statuses,
            columns=columns,
            conference_sheets=self.strings(import_raw, "conference_sheets", "import"),
            skip_sheets=self.strings(import_raw, "skip_sheets", "import"),
            abbreviations=abbreviations,
            matters=matters,
            matter_sectors=matter_sectors,
            matter_bodies=matter_bodies,
            matter_forms=frozenset(matter_forms),
            sector_routing=sector_routing,
            routing=tuple(routing),
            raw=raw,
            roles=self.roles(raw.get("roles", {}), units),
            categories=self.categories(raw.get("categories", {})),
        )

    def categories(self, value: Any) -> dict[str, str]:
        """`[categories]`: the words a report uses for a result category, by group
        (`explained = "giải trình, cung cấp thông tin"`); the others keep kiennghi's."""
        table = self.table(value, "categories", tuple(STATUS_GROUPS))
        words = dict(STATUS_GROUPS)
        for group in table:
            words[group] = self.string(table, group, "categories")
            if not words[group].strip():
                raise self.fail(f"categories.{group}", "một chuỗi không rỗng", words[group])
        return words

    def roles(self, value: Any, units: Catalog) -> Roles:
        """`[roles]`: each Unix group's role, `{ role = "triage" }`, `{ role = "read" }` or
        `{ role = "unit", unit = "MÃ" }`."""
        if not isinstance(value, dict):
            raise self.fail("roles", "một bảng [roles]: tên nhóm Unix = { role = … }", value)
        roles = []
        for group, entry in value.items():
            where = f"roles.{group}"
            if not group.strip():
                raise self.fail(where, "tên một nhóm Unix, không rỗng")
            if not isinstance(entry, dict):
                raise self.fail(where, 'một bảng { role = "triage" | "unit" | "read" } '
                                       '(vai trò "unit" kèm unit = "MÃ" của đơn vị)', entry)
            entry = self.table(entry, where, ("role", "unit"))
            kind = self.string(entry, "role", where)
            if kind not in ROLE_KINDS:
                raise self.fail(f"{where}.role", "một trong " + ", ".join(ROLE_KINDS), kind)
            unit = entry.get("unit")
            if kind == "unit" and unit not in units:
                raise self.fail(f"{where}.unit", "một mã đơn vị trong " + ", ".join(units.codes)
                                + " (vai trò unit phải nói là đơn vị nào)", unit)
            if kind != "unit" and unit is not None:
                raise self.fail(f"{where}.unit", 'bỏ trống: chỉ vai trò "unit" mới kèm đơn vị', unit)
            roles.append(Role(group, kind, unit))
        return Roles(roles, {entry.code: entry.name for entry in units})
