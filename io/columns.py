"""Finding a sheet's table: its header rows and what each column holds.

A column is known by two witnesses: its header label (matched through the configured aliases,
without accents or case) and what its cells hold under the header (sentences are petitions,
"Ông …" or "Chi hội …" are submitters, "TDP …" are places, a column of "x" is a check column
whose header names a jurisdiction, a unit or a status). Where they agree the column is certain;
where they disagree the content wins when it is clear, and the sheet gets a doubt either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiennghi.config import Config
from kiennghi.import_plan import Doubt, Header, LayoutChoices, Mark, column_letter
from kiennghi.text import fold

from .cells import (
    MAX_LABEL, cell_text, is_column_number, is_heading_numeral, is_mark, is_sentence, looks_like_place,
    looks_like_submitter, numbering, split_submitter_place,
)

HEADER_SEARCH_ROWS = 40
PROFILE_ROWS = 600  # rows under the header that a column's content is judged on
CLEAR = 0.6  # the share of a column's cells that makes its content clear

# Words of a label that says a column holds the place too ("Họ tên, địa chỉ cử tri").
_PLACE_WORDS = re.compile(r"\b(dia chi|dia ban|to dan pho|tdp|noi o|noi cu tru|noi phan anh)\b")
# Columns that follow a decision up: a sheet that has them is a tracking workbook, whose unit
# columns are owners; in an MTTQ sheet a unit column only proposes who should answer.
_DECISION_FIELDS = ("status", "deadline", "response", "roadmap", "reason")
_UNIT_FIELDS = ("owner", "forward_to", "proposed")


class ColumnMatcher:
    """Maps header labels to fields by the configured aliases, ignoring accents and case."""

    def __init__(self, aliases: dict[str, tuple[str, ...]]) -> None:
        self._aliases = {name: [fold(a) for a in spellings if fold(a)] for name, spellings in aliases.items()}

    def score(self, label: str, name: str) -> tuple[int, int]:
        """How well `label` names field `name`: 3 exactly, 2 as its start, 1 somewhere inside;
        and the length of the alias matched, for a longer alias says more ("đơn vị trả lời"
        over "trả lời")."""
        key = fold(label)
        if not key or len(label) > MAX_LABEL:
            return 0, 0
        best = (0, 0)
        for alias in self._aliases[name]:
            if key == alias:
                return 3, len(alias)
            if key.startswith(alias + " "):
                best = max(best, (2, len(alias)))
            elif f" {alias} " in f" {key} ":
                best = max(best, (1, len(alias)))
        return best

    def field(self, label: str) -> str | None:
        """The field `label` names best, if any."""
        scored = max(((self.score(label, name), name) for name in self._aliases), default=((0, 0), None))
        return scored[1] if scored[0][0] else None

    def map(self, labels: list[str], skip: set[int] = frozenset()) -> tuple[dict[str, int], int]:
        """Each field to at most one column and back, best matches first; and the total score."""
        candidates = sorted(
            ((self.score(label, name), -c, name, c)
             for c, label in enumerate(labels) if label and c not in skip for name in self._aliases),
            reverse=True,
        )
        columns: dict[str, int] = {}
        taken: set[int] = set()
        total = 0
        for (score, _), _, name, c in candidates:
            if score and name not in columns and c not in taken:
                columns[name] = c
                taken.add(c)
                total += score
        return columns, total


@dataclass
class Profile:
    """What a column's cells hold under the header, counted."""

    filled: int = 0
    long: int = 0
    submitter: int = 0
    place: int = 0
    both: int = 0  # "who, where" in one cell
    mark: int = 0
    numbered: int = 0
    number: int = 0  # a count, as a totals row has
    unit: int = 0
    sector: int = 0
    beside_sentence: int = 0  # cells on a row whose content is a sentence (surely an item)
    mark_beside_sentence: int = 0

    def share(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0


_Kind = tuple[str, ...]


def texts_of(row: list[object]) -> list[str]:
    return [cell_text(value) for value in row]


def _label_row(texts: list[str]) -> bool:
    """Short labels in two cells or more, no sentence, not a heading ("VI." + "NỘI DUNG KHÁC")."""
    filled = [t for t in texts if t]
    if len(filled) < 2 or any(len(t) > MAX_LABEL for t in filled):
        return False
    if len(filled) == 2 and (is_heading_numeral(filled[0]) or numbering(filled[0])):
        return False
    return not all(is_column_number(t) for t in filled)


def _lone_content_label(texts: list[str], matcher: ColumnMatcher) -> bool:
    """The header of a sheet of one column: a content column's own name, alone."""
    filled = [t for t in texts if t]
    return len(filled) == 1 and matcher.score(filled[0], "content")[0] >= 2


def _second_label_row(upper: list[str], texts: list[str]) -> bool:
    """The lower row of a two-row header: short text labels only (no numbers, marks or
    headings), one of them under an empty cell of the upper row (which a merged label left)."""
    filled = [t for t in texts if t]
    if not filled or (len(filled) == 1 and (is_heading_numeral(filled[0]) or filled[0].upper() == filled[0])):
        return False
    if is_heading_numeral(filled[0]) or numbering(filled[0]):
        return False
    under_gap = any(t and (c >= len(upper) or not upper[c]) for c, t in enumerate(texts))
    return under_gap and all(len(t) <= MAX_LABEL and not is_column_number(t) and not t.isdigit() and not is_mark(t)
                             and len(t.split()) < 12 and not t.endswith((".", ";")) for t in filled)


def _anchor(rows: list[list[object]]) -> tuple[int | None, int | None]:
    """The first row that is surely an item (an arabic number left of a sentence), and the
    column holding the most sentences: what the header must sit above."""
    counts: dict[int, int] = {}
    anchor = None
    for r, row in enumerate(rows[:PROFILE_ROWS * 4]):
        number_at = None
        for c, value in enumerate(row):
            if type(value) is str and value:
                if is_sentence(value):
                    counts[c] = counts.get(c, 0) + 1
                    if anchor is None and number_at is not None and number_at < c:
                        anchor = r
                elif number_at is None and (n := numbering(value)) and not n.letter:
                    number_at = c
            elif type(value) is int and number_at is None and 0 < value < 10_000:
                number_at = c
    content = max(counts, key=lambda c: (counts[c], -c)) if counts else None
    return anchor, content


@dataclass
class _Candidate:
    rows: list[int]  # 0-based
    labels: list[str]
    upper: list[str]
    columns: dict[str, int]
    score: int


def _candidates(rows: list[list[object]], matcher: ColumnMatcher, limit: int) -> list[_Candidate]:
    found = []
    for r in range(min(len(rows), limit)):
        labels = texts_of(rows[r])
        if not _label_row(labels) and not _lone_content_label(labels, matcher):
            continue
        options = [([r], labels, labels)]
        if r + 1 < len(rows) and _second_label_row(labels, lower := texts_of(rows[r + 1])):
            width = max(len(labels), len(lower))
            upper = _carried(labels, width)
            combined = [(lower[c] if c < len(lower) and lower[c] else (labels[c] if c < len(labels) else ""))
                        for c in range(width)]
            options = [([r, r + 1], combined, upper)]  # the lower row belongs to the header
        for header_rows, header_labels, upper in options:
            columns, score = matcher.map(header_labels)
            found.append(_Candidate(header_rows, header_labels, upper, columns, score))
    return found


def _carried(labels: list[str], width: int) -> list[str]:
    """An upper header row with each merged label carried over the empty cells to its right."""
    carried, last = [], ""
    for c in range(width):
        text = labels[c] if c < len(labels) else ""
        last = text or last
        carried.append(last)
    return carried


class TableReader:
    """Finds one sheet's header and its columns' meanings."""

    def __init__(self, config: Config, matcher: ColumnMatcher) -> None:
        self.config = config
        self.matcher = matcher

    def header(self, rows: list[list[object]], choices: LayoutChoices,
               doubts: list[Doubt]) -> Header | None:
        anchor, by_content = _anchor(rows)
        limit = HEADER_SEARCH_ROWS if anchor is None else min(anchor, HEADER_SEARCH_ROWS * 4)
        above = [c for c in _candidates(rows, self.matcher, limit) if anchor is None or c.rows[-1] < anchor]
        usable = [c for c in above if self._over_items(rows, c, by_content, anchor)]
        best = max(usable, key=lambda c: (c.score, c.rows[-1]), default=None)
        if best is None and anchor is not None:
            below = [c for c in _candidates(rows, self.matcher, HEADER_SEARCH_ROWS) if "content" in c.columns
                     and c.score >= 4 and c.rows[0] > anchor]
            if below:
                doubts.append(Doubt("header-below-items",
                                    f"Hàng giống tiêu đề nhất (dòng {below[0].rows[0] + 1}) nằm dưới các dòng "
                                    f"giống ý kiến (từ dòng {anchor + 1}); kiennghi không lấy nó làm tiêu đề.",
                                    row=below[0].rows[0] + 1))
        if best is None:
            return None
        header = Header([r + 1 for r in best.rows], dict(best.columns), best.labels, best.score, upper=best.upper)
        self._columns(rows, header, by_content, choices, doubts)
        return header if "content" in header.columns else None

    def _over_items(self, rows: list[list[object]], candidate: "_Candidate", by_content: int | None,
                    anchor: int | None) -> bool:
        """A header names a content column (by its label, or over the column of sentences);
        without an STT to anchor the items, that column must hold something below it (a
        sentence, for a column known by its sentences alone)."""
        labelled = candidate.columns.get("content")
        over = by_content is not None and by_content < len(candidate.labels) and bool(candidate.labels[by_content])
        if labelled is None and not over:
            return False
        if anchor is not None:
            return True
        below = rows[candidate.rows[-1] + 1:candidate.rows[-1] + 1 + PROFILE_ROWS]
        return any(labelled is not None and labelled < len(row) and cell_text(row[labelled])
                   or over and by_content < len(row) and type(row[by_content]) is str and is_sentence(row[by_content])
                   for row in below)

    # --- columns -----------------------------------------------------------------------------

    def _columns(self, rows: list[list[object]], header: Header, by_content: int | None,
                 choices: LayoutChoices, doubts: list[Doubt]) -> None:
        start = header.rows[-1]
        width = max((len(row) for row in rows[start:start + PROFILE_ROWS]), default=0)
        width = max(width, len(header.labels))
        header.labels += [""] * (width - len(header.labels))
        header.upper += [""] * (width - len(header.upper))
        kinds: dict[str, _Kind] = {}
        profiles = [self._profile(rows, start, c, None, kinds) for c in range(width)]
        columns = header.columns
        forced = {c: name for c, name in choices.columns.items() if c < width}
        self._content(header, profiles, by_content, forced, doubts)
        content = columns.get("content")
        if content is not None:  # judge the other columns on the items' rows only
            profiles = [self._profile(rows, start, c, content, kinds) for c in range(width)]
        # Check columns first: their labels ("Phường", "Cấp trên") name values, not fields.
        checks = [c for c, profile in enumerate(profiles)
                  if c != content and c not in forced and self._is_check_column(profile)]
        # An empty column under the same merged label as a check column is one too ("Phường |
        # Cấp trên" where no item is forwarded).
        groups = {header.upper[c] for c in checks if header.upper[c] and header.upper[c] != header.labels[c]}
        checks += [c for c, profile in enumerate(profiles) if c not in checks and c not in forced and c != content
                   and profile.filled - profile.number == profile.mark and header.upper[c] in groups and header.labels[c]]
        for c in sorted(checks):
            header.marks[c] = self._mark(header, c, choices, doubts)
        skip = set(header.marks) | ({content} if content is not None else set()) | set(forced)
        mapped, header.score = self.matcher.map(header.labels, skip)
        mapped.pop("content", None)
        columns.clear()
        columns.update(mapped)
        if content is not None:
            columns["content"] = content
        self._check_by_content(header, profiles, doubts)
        self._infer_unlabelled(header, profiles, forced)
        self._proposals(rows, header, profiles)
        for c, name in forced.items():
            for other in [n for n, col in columns.items() if col == c]:
                del columns[other]
            header.marks.pop(c, None)
            if name:
                columns[name] = c
            header.chosen.add(c)
        self._lost_sentences(header, profiles, doubts)

    def _profile(self, rows: list[list[object]], start: int, c: int, content: int | None,
                 kinds: dict[str, "_Kind"]) -> Profile:
        """Column `c` under the header (on the rows whose content cell is filled, once the
        content column is known); `kinds` keeps each distinct text's kind across columns."""
        profile = Profile()
        for row in rows[start:start + PROFILE_ROWS]:
            value = row[c] if c < len(row) else ""
            if value == "" or value is None:
                continue
            if content is not None and (content >= len(row) or not cell_text(row[content])):
                continue
            text = value if type(value) is str else cell_text(value)
            kind = kinds.get(text)
            if kind is None:
                kind = kinds[text] = self._kind(text)
            profile.filled += 1
            for name in kind:
                setattr(profile, name, getattr(profile, name) + 1)
            if content is not None and is_sentence(cell_text(row[content])):
                profile.beside_sentence += 1
                profile.mark_beside_sentence += kind == ("mark",)
        return profile

    @staticmethod
    def _is_check_column(profile: Profile) -> bool:
        """Marks ("x") fill the column, counts and column numbers aside, or fill it on the rows
        that are surely items (a name under the signature may sit in the same column)."""
        marked = profile.filled - profile.number
        return bool(profile.mark) and (profile.mark >= 0.8 * marked or bool(profile.mark_beside_sentence)
                                       and profile.mark_beside_sentence >= 0.8 * profile.beside_sentence)

    def _kind(self, text: str) -> "_Kind":
        """The counters of `Profile` that one cell's text adds to."""
        if is_mark(text):
            return ("mark",)
        if numbering(text):
            return ("numbered", "number") if text.isdigit() else ("numbered",)
        if is_column_number(text):  # "(6)" in a row of column numbers
            return ("number",)
        if is_sentence(text):
            return ("long",)
        if len(text) > MAX_LABEL:
            return ()
        config = self.config
        kind: list[str] = []
        if split_submitter_place(text):
            kind.append("both")
        elif looks_like_place(text):
            kind.append("place")
        elif looks_like_submitter(text):
            kind.append("submitter")
        if config.units.match(text) or config.bodies.match(text):
            kind.append("unit")
        if config.sectors.match(text, partial=False):
            kind.append("sector")
        return tuple(kind)

    def _content(self, header: Header, profiles: list[Profile], by_content: int | None,
                 forced: dict[int, str], doubts: list[Doubt]) -> None:
        """The content column: the header's, unless the sentences are clearly elsewhere."""
        columns = header.columns
        chosen = next((c for c, name in forced.items() if name == "content"), None)
        if chosen is not None:
            columns["content"] = chosen
            return
        labelled = columns.get("content")
        if labelled is not None and labelled in forced:
            labelled = None
        if by_content is None or by_content in forced:
            return
        if labelled is None:
            columns["content"] = by_content
            header.guessed[by_content] = "nội dung"
            return
        sentences, elsewhere = profiles[labelled].long, profiles[by_content].long
        if by_content != labelled and elsewhere >= 2 and elsewhere > 2 * sentences \
                and profiles[by_content].share(elsewhere) >= 0.5:
            columns["content"] = by_content
            doubts.append(Doubt(
                "column-disagrees",
                f"Cột {column_letter(labelled)} có tiêu đề “{header.labels[labelled]}” nhưng nội dung ý kiến "
                f"(các câu dài) nằm ở cột {column_letter(by_content)} (“{header.labels[by_content]}”): "
                f"kiennghi lấy cột {column_letter(by_content)}.", column=by_content))

    def _mark(self, header: Header, c: int, choices: LayoutChoices, doubts: list[Doubt]) -> Mark | None:
        """What an "x" in check column `c` means, from its label (and the label above it)."""
        label, upper = header.labels[c], header.upper[c]
        config = self.config
        above = self.matcher.field(upper) if upper and upper != label else None  # "Đơn vị trả lời" over units
        units = above in _UNIT_FIELDS
        if units and (entry := config.jurisdictions.match(label, partial=False)):
            return Mark("jurisdiction", entry.code, label)  # "Phường" among the units: the ward itself
        for text in (label, f"{upper} {label}" if upper != label else ""):
            if not text:
                continue
            if (code := choices.value(text)) is not None:
                for name, catalog in (("jurisdiction", config.jurisdictions), ("status", config.statuses)):
                    if code in catalog:
                        return Mark(name, code, label)
                if code in config.units or code in config.bodies:
                    return Mark("proposed", (config.units if code in config.units else config.bodies).name(code), label)
            if not units and (entry := config.jurisdictions.match(text, partial=False)):
                return Mark("jurisdiction", entry.code, label)
            if config.units.match(text) or config.bodies.match(text):
                return Mark("proposed", label, label)
            if not units and (entry := config.jurisdictions.match(text)):
                return Mark("jurisdiction", entry.code, label)
            if entry := config.statuses.match(text, partial=False):
                return Mark("status", entry.code, label)
        if units and label:  # a unit the configuration does not know: kept as the sheet writes it
            doubts.append(Doubt(
                "unknown-value",
                f"Cột {column_letter(c)} (“{upper} › {label}”): “{label}” không khớp đơn vị hay cơ quan nào trong "
                f"cấu hình: giữ nguyên chữ, không dùng để gợi ý. Chỉ rõ bằng --map \"{label}=MÃ\".",
                row=header.rows[-1], column=c))
            return Mark("proposed", label, label)
        shown = f"“{upper} › {label}”" if upper and upper != label else f"“{label}”"
        doubts.append(Doubt(
            "unknown-value",
            f"Cột {column_letter(c)} ({shown}) đánh dấu “x” nhưng tên cột không khớp thẩm quyền, đơn vị, "
            f"cơ quan hay tình trạng nào trong cấu hình: các dấu bị bỏ qua. Chỉ rõ bằng "
            f"--map \"{label or column_letter(c)}=MÃ\" (ví dụ mã thẩm quyền phuong hoặc cap-tren).",
            row=header.rows[-1], column=c))
        return None

    def _check_by_content(self, header: Header, profiles: list[Profile], doubts: list[Doubt]) -> None:
        """A labelled column whose cells say it is something else."""
        columns = header.columns
        for name in ("submitter", "to_dan_pho"):
            c = columns.get(name)
            if c is None:
                continue
            profile = profiles[c]
            # "Họ tên, địa chỉ cử tri": a label that names the place too needs one such cell
            says_where = bool(_PLACE_WORDS.search(fold(f"{header.upper[c]} {header.labels[c]}")))
            if "to_dan_pho" not in columns and profile.both and (says_where or profile.share(profile.both) >= 0.3):
                header.split = c
                continue
            other = "to_dan_pho" if name == "submitter" else "submitter"
            mine, theirs = (profile.submitter, profile.place) if name == "submitter" else (profile.place, profile.submitter)
            if profile.share(theirs) >= CLEAR and profile.share(mine) <= 0.2 and other not in columns:
                del columns[name]
                columns[other] = c
                doubts.append(Doubt(
                    "column-disagrees",
                    f"Cột {column_letter(c)} có tiêu đề “{header.labels[c]}” nhưng các ô ghi "
                    f"{'địa chỉ, tổ dân phố' if other == 'to_dan_pho' else 'tên người hoặc tổ chức'}: "
                    f"kiennghi hiểu là {'tổ dân phố' if other == 'to_dan_pho' else 'người kiến nghị'}.", column=c))
        c = columns.get("response")
        if c is not None and "proposed" not in columns:
            profile = profiles[c]
            if profile.share(profile.unit) >= CLEAR and profile.long == 0:
                del columns["response"]
                columns["proposed"] = c
                doubts.append(Doubt(
                    "column-disagrees",
                    f"Cột {column_letter(c)} có tiêu đề “{header.labels[c]}” nhưng các ô chỉ ghi tên đơn vị: "
                    "kiennghi hiểu là đơn vị được đề xuất trả lời, không phải nội dung trả lời.", column=c))

    def _infer_unlabelled(self, header: Header, profiles: list[Profile], forced: dict[int, str]) -> None:
        """Columns the header does not name, known by what they hold."""
        columns = header.columns
        used = set(columns.values()) | set(header.marks) | set(forced)
        content = columns["content"] if "content" in columns else len(profiles)
        for c, profile in enumerate(profiles):
            if c in used or profile.filled < 2:
                continue
            guess = None
            if profile.share(profile.both) >= 0.5 and "submitter" not in columns and "to_dan_pho" not in columns:
                guess, header.split = "submitter", c
            elif profile.share(profile.place) >= CLEAR:
                guess = "to_dan_pho"
            elif profile.share(profile.submitter) >= CLEAR:
                guess = "submitter"
            elif profile.share(profile.unit) >= CLEAR:
                guess = "proposed"
            elif profile.share(profile.sector) >= CLEAR:
                guess = "sector"
            elif profile.share(profile.numbered) >= 0.8 and c < content:
                guess = "stt"
            if guess and guess not in columns:
                columns[guess] = c
                header.guessed[c] = "nội dung"

    def _proposals(self, rows: list[list[object]], header: Header, profiles: list[Profile]) -> None:
        """In a sheet without decisions, a unit column proposes who answers; it decides nothing."""
        columns = header.columns
        owners = columns.get("owner")
        if owners is not None and "proposed" not in columns and self._names_bodies(rows, header, owners):
            columns["proposed"] = columns.pop("owner")  # a ward's unit column naming bodies above it
        if any(name in columns and profiles[columns[name]].filled for name in _DECISION_FIELDS):
            return
        for name in ("owner", "forward_to"):
            if name in columns and "proposed" not in columns:
                columns["proposed"] = columns.pop(name)

    def _names_bodies(self, rows: list[list[object]], header: Header, c: int) -> bool:
        """Column `c` names a body above the ward somewhere (a unit column cannot own it)."""
        below = rows[header.rows[-1]:header.rows[-1] + PROFILE_ROWS]
        texts = {cell_text(row[c]) for row in below if c < len(row) and cell_text(row[c])}
        config = self.config
        return any(config.bodies.match(t) and not config.units.match(t) for t in texts if len(t) <= MAX_LABEL)

    def _lost_sentences(self, header: Header, profiles: list[Profile], doubts: list[Doubt]) -> None:
        """An unused column full of sentences may be petitions left behind."""
        used = set(header.columns.values()) | set(header.marks)
        for c, profile in enumerate(profiles):
            if c not in used and profile.long >= 3 and profile.share(profile.long) >= 0.5:
                doubts.append(Doubt(
                    "column-disagrees",
                    f"Cột {column_letter(c)} (“{header.labels[c]}”) có {profile.long} câu dài nhưng không được "
                    "dùng; nếu đó là nội dung ý kiến, chỉ rõ bằng --column "
                    f"{column_letter(c)}=content.", column=c))
