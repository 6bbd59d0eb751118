"""Suggestions for triage, and near-duplicates, from the configuration's routing rules and from
what the store has learned (earlier years imported as history, this year's decisions so far).

Texts are compared as bags of Vietnamese syllables and syllable pairs, with and without
diacritics, weighted by rarity (TF-IDF) and compared by cosine similarity; the abbreviations
officers use (TDP, GPMB, PCCC…) are read as the words they stand for.

Two petitions raise the same concern (`Suggester.concerns`) when their texts are the same
but for typing (accents, a corrected word, one cut short: rapidfuzz's edit distance), or when
they speak of the same place and the same matter (`kiennghi.subjects`), whatever their other
words; petitions about other places or other matters are not, however alike their words; for
the rest, alike texts that name the same rare names are.
"""

from __future__ import annotations

import math
import operator
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate, count, islice, repeat
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence

from .config import Config
from .model import Item
from .subjects import LOCAL_SPOTS, Reader, Subject, expansions, same_matter, same_place
from .text import WORD, as_written, fold, nfc, strip_accents

NEIGHBOURS = 7
MAX_DUPLICATE_CANDIDATES = 30  # the most alike only: a concern raised more often is a campaign
NAMED_CANDIDATES = 30  # and the items naming one of its names, unless more than this do
PLACES_READ = 3  # places read for the most alike of them, and for those naming the same
POSTINGS_BUDGET = 3000  # items visited when ranking one (see Suggester._rank)
MIN_SIMILARITY = 0.08
RULE_WEIGHT = 0.6
ADDRESSED = 2.0  # a keyword right after a request: "Đề nghị Ủy ban Kiểm tra Đảng ủy xem xét"
SHORT_NAME = 0.5  # a body addressed by a short name ("Thành phố"), as the one that answers: half a keyword
# An item whose sector is known (the sheet's group rows) learns less from other sectors' items
# and rules: "học sinh" in a traffic item does not make it the school's.
OTHER_SECTOR = 0.25
# Nor from an item about another matter (each names one), however alike its words: the same
# lane's flooding says nothing of its speed bumps.
OTHER_MATTER = 0.25
# An item about the same place and the same matter (a concern raised again, carried over) was
# decided as this one will be, however other its words: as sure a vote as the sheet's proposal.
SAME_CONCERN = 1.5
# The owner of a forwarded item compiles the report; of a ward item, resolves it: a neighbour
# decided the other way says less about the owner.
OTHER_JURISDICTION = 0.5
# A suggestion with nothing behind it but a sector's routing (no keyword, no matter, no item
# alike) is a guess, whatever its share of the votes.
NO_EVIDENCE = 0.5
MATTER_WEIGHT = 0.6  # the sector of the matters a petition names most (config.toml [matters])
WIDE_AREAS = ("phố", "nước")  # a street, a river or a lake: perhaps a body's above
PROPOSED_WEIGHT = 1.5  # the unit or body the MTTQ's sheet names to answer (item.proposed)
COMPILER_WEIGHT = 0.3  # the units that compiled the reports to the body suggested, by their share
# The sector's default owner is a fair guess; its default jurisdiction a weak one.
SECTOR_OWNER_WEIGHT = 0.5
SECTOR_JURISDICTION_WEIGHT = 0.15
DUPLICATE_SCORE = 1.1  # text similarity + shared names (1.0 when every rare name is shared)
GUESSED_SECTOR_MARGIN = 0.2
# Near-identical texts (folded): rapidfuzz's ratio (100: the same), or every word of the shorter
# in the longer (token set ratio) when it has a few words and half the longer's at least.
NEAR_IDENTICAL = 90
CONTAINED = 95
CONTAINED_MIN_WORDS = 6
CONTAINED_MIN_SHARE = 0.5
SAME_TEXT = "cùng nội dung"
# Texts the same but for typing share most of their words, with or without accents: a cosine
# below this (a copy typed without accents shares half its features) is not worth comparing.
SAME_TEXT_SIMILARITY = 0.3
FIELDS = ("jurisdiction", "owner", "forward_to", "sector")

# A request, or the ward asked to pass it on ("đề nghị phường báo cáo Thành phố", "xin phường
# kiến nghị lên TP"): the words right after it are who the petition addresses.
_REQUEST_VERBS = ("đề nghị", "kiến nghị", "yêu cầu", "đề xuất", "xin", "báo cáo", "kiến nghị lên", "kiến nghị với",
                  "đề xuất lên", "đề xuất với", "báo cáo lên", "đề nghị với")
_REQUESTS = tuple(f" {verb} " for verb in _REQUEST_VERBS)
_FOLDED_REQUESTS = tuple(f" {fold(verb)} " for verb in _REQUEST_VERBS)
_PARTS = re.compile(r"\s*[;,/\n]\s*|\s+và\s+")  # "Phòng VH-XH; Công an phường", "… và …"
_CAPITAL = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
# Names of places and bodies: two or more capitalised words (or a capitalised word and a number),
# "Hội Xá", "KĐT Vinhomes Riverside", "TDP 11": what makes two petitions the same concern.
_NAME = re.compile(rf"[{_CAPITAL}]\w*(?:\s+(?:[{_CAPITAL}]\w*|\d+))+")


def _words(text: str, expand: dict[str, str]) -> str:
    """Lower-case NFC words separated by single spaces (accents kept), abbreviations read as
    the words they stand for (`expand`, from `subjects.expansions`: "CĐT" "chủ đầu tư")."""
    return " ".join(expand.get(word, word) for word in WORD.findall(nfc(text).lower()))


def names(text: str) -> set[str]:
    """The names in `text`, folded; a name that may begin with a sentence's capital ("Đường Hội
    Xá") also counts without its first word ("hoi xa")."""
    found = set()
    for match in _NAME.findall(nfc(text)):
        words = fold(match).split()
        found.add(" ".join(words))
        if len(words) > 2:
            found.add(" ".join(words[1:]))
    return found


@dataclass
class Suggestion:
    """What kiennghi proposes for one item, how sure it is, and why."""

    id: str
    jurisdiction: str | None = None
    owner: str | None = None
    owners_ranked: list[str] = field(default_factory=list)
    forward_to: str | None = None
    forward_ranked: list[str] = field(default_factory=list)
    sector: str | None = None
    confidence: float = 0.0
    reason: str = ""
    duplicates: list[str] = field(default_factory=list)
    carried_over: list[str] = field(default_factory=list)
    why_duplicate: dict[str, str] = field(default_factory=dict)  # a duplicate's ID: why, in words

    def to_json(self) -> dict:
        return {
            "id": self.id, "jurisdiction": self.jurisdiction, "owner": self.owner,
            "owners_ranked": self.owners_ranked, "forward_to": self.forward_to,
            "forward_ranked": self.forward_ranked, "sector": self.sector,
            "confidence": round(self.confidence, 3), "reason": self.reason,
            "duplicates": self.duplicates, "carried_over": self.carried_over,
            "why_duplicate": self.why_duplicate,
        }


@dataclass
class Repeat:
    """An item that raises the same concern as an earlier one (`find_repeats`)."""

    id: str
    earlier: str  # the earlier item's ID
    reason: str  # why, in words: "cùng địa điểm (ngõ 140 Hoa Lâm), cùng vấn đề (chiếu sáng)"
    carried_over: bool  # the earlier item is not done: the concern carries over


class Vectors(NamedTuple):
    """Texts' vectors one after another: text t's features, by number, and their weights are
    those from starts[t] to starts[t + 1]; the features are numbered from 0, and `documents[f]`
    is how many texts have feature f. The numbers are in lists, as they are worked on (an
    array's items cost more to read and write; a list of numbers shares their objects); the
    weights, each its own float, in an array."""

    starts: list[int]
    features: list[int]
    weights: array
    documents: list[int]


class Vectoriser:
    """Texts to sparse TF-IDF vectors of syllables and syllable pairs (accented and folded).

    The vectors are flat sequences of feature numbers and weights (`Vectors`): as dicts of feature
    strings, a store's vectors and their index took ~600 MB at 20,000 items. A feature is an
    int that tells its kind and its syllables by their numbers (`SYLLABLES` at most): a
    syllable without accents, one with them, a pair of each (`FOLDED`, `ACCENTED`, `FOLDED_PAIR`,
    `ACCENTED_PAIR`), cheaper to make and compare than strings."""

    SYLLABLES = 1 << 28
    FOLDED, ACCENTED, FOLDED_PAIR, ACCENTED_PAIR = range(4)

    def __init__(self, abbreviations: dict[str, str]) -> None:
        self._expand = expansions(abbreviations)
        self._syllables: dict[str, int] = defaultdict(count().__next__)  # a syllable: its number
        self._words: dict[str, tuple[list[int], list[int], list[int], list[int]]] = {}  # `_words_of`, kept

    def _words_of(self, word: str) -> tuple[list[int], list[int], list[int], list[int]]:
        """The syllables that a word of a text (lower case) is read as (an abbreviation as the
        words it stands for), with and without accents, by number, and their features as
        single syllables: a few thousand words, each worked out once."""
        accented = self._expand.get(word, word).split()
        plain = [fold(w) for w in accented]
        numbers = self._syllables
        return ([numbers[w] for w in accented], [numbers[w] for w in plain],
                [4 * numbers[w] + self.ACCENTED for w in accented if len(w) > 1],
                [4 * numbers[w] + self.FOLDED for w in plain if len(w) > 1])

    def features(self, text: str) -> Counter[int]:
        """The text's features, with how often each is in it."""
        words: list[int] = []
        plain: list[int] = []
        grams: list[int] = []  # single syllables without accents, then with them, then pairs
        accented_grams: list[int] = []
        for word in WORD.findall(nfc(text).lower()):
            forms = self._words.get(word)
            if forms is None:
                forms = self._words[word] = self._words_of(word)
            words += forms[0]
            plain += forms[1]
            accented_grams += forms[2]
            grams += forms[3]
        grams += accented_grams
        size, folded_pair, accented_pair = self.SYLLABLES, self.FOLDED_PAIR, self.ACCENTED_PAIR
        grams += [4 * (a * size + b) + folded_pair for a, b in zip(plain, plain[1:])]
        grams += [4 * (a * size + b) + accented_pair for a, b in zip(words, words[1:])]
        return Counter(grams)

    def fit(self, texts: Iterable[str]) -> Vectors:
        """Each text's vector, its features weighted by how rare they are among `texts`."""
        numbers: dict[int, int] = defaultdict(count().__next__)  # a feature: its number, from 0 as first met
        starts, found, counts = [0], [], []  # as `Vectors`, counts for weights
        for text in texts:
            features = self.features(text)
            found += map(numbers.__getitem__, features)
            counts += features.values()
            starts.append(len(found))
        documents = list(map(Counter(found).__getitem__, range(len(numbers))))  # a feature is once in a text
        idf = [math.log(len(starts) / (1 + n)) + 1 for n in documents]  # (1 + texts) / (1 + n)
        tf = [0.0, *(1 + math.log(n) for n in range(1, 1 + max(counts, default=0)))]  # by count
        weights = array("d")
        for start, end in zip(starts, starts[1:]):
            text = list(map(operator.mul, map(tf.__getitem__, counts[start:end]), map(idf.__getitem__, found[start:end])))
            norm = math.sqrt(sum(map(operator.mul, text, text))) or 1.0
            weights.extend(map(operator.truediv, text, repeat(norm)))
        return Vectors(starts, found, weights, documents)


class Suggester:
    """Suggests jurisdiction, owner, body, sector for each untriaged item of a year."""

    def __init__(self, config: Config, items: Sequence[Item]) -> None:
        self.config = config
        items = list(items)
        # Items by number (their place in `items`) with their features (as in `Vectors`), and
        # by feature the items that have it, in the items' order, each with the feature's weight
        # in it: feature f's are those from _starts[f] to _starts[f + 1] in _posted and
        # _posted_weights.
        self._ids = [item.id for item in items]
        self._numbers = {item_id: number for number, item_id in enumerate(self._ids)}
        vectors = Vectoriser(config.abbreviations).fit(item.content for item in items)
        features, weights, item_starts = vectors.features, vectors.weights, vectors.starts
        self._item_starts, self._features = array("l", item_starts), array("i", features)
        free = list(accumulate(vectors.documents, initial=0))  # by feature: where its next posting goes
        self._starts = array("l", free)
        posted, posted_weights = array("i", bytes(4 * len(features))), array("d", bytes(8 * len(features)))
        for number, (start, end) in enumerate(zip(item_starts, item_starts[1:])):
            for feature, weight in zip(features[start:end], weights[start:end]):
                at = free[feature]
                free[feature] = at + 1
                posted[at] = number
                posted_weights[at] = weight
        self._posted, self._posted_weights = posted, posted_weights
        self.by_id = {item.id: item for item in items}
        self._compilers: dict[str, Counter[str]] = defaultdict(Counter)  # body: the units that compiled
        for item in items:
            self._count_compiler(item, 1)
        self._similar: dict[str, tuple[array, array]] = {}  # an item's ranking: numbers, scores
        self._expand = expansions(config.abbreviations)
        self.rules = []
        for rule in (*config.routing, *_named_rules(config)):
            keywords = [_words(k, self._expand) for k in rule["keywords"]]
            self.rules.append((rule, keywords, [fold(k) for k in keywords]))
        self.names = {item.id: names(item.content) for item in items}
        frequency = Counter(name for found in self.names.values() for name in found)
        # By pair of words in a name ("Ngõ 12 Sơn Bình": "son binh"), the items that mention it
        # (a place, rarely a person): the candidates for the same concern that say it in other
        # words, too few alike for the ranking.
        pairs = self._pairs = {item.id: _name_pairs(self.names[item.id]) for item in items}
        mentions = Counter(pair for found in pairs.values() for pair in found)
        self._naming: dict[str, list[int]] = defaultdict(list)
        self._named: dict[str, tuple[str, ...]] = {}  # an item's pairs that few items mention
        for number, item in enumerate(items):
            named = self._named[item.id] = tuple(p for p in pairs[item.id] if mentions[p] <= NAMED_CANDIDATES)
            for pair in named:
                self._naming[pair].append(number)
        # A name many items mention (the ward's own, a main street) tells nothing about sameness.
        common = max(3, len(items) // 15)
        self._name_idf = {name: math.log(len(items) / n) for name, n in frequency.items() if n <= common}
        self.names = {item_id: {n for n in found if n in self._name_idf} for item_id, found in self.names.items()}
        self._names_weight = {item_id: sum(self._name_idf[n] for n in found) for item_id, found in self.names.items()}
        self._reader = Reader.of(config)
        # Read when first compared (or ahead: `read_ahead`), with the text read: an item's
        # text folded, and its subject.
        self._folded: dict[str, tuple[str, str]] = {}
        self._subjects: dict[str, tuple[str, Subject]] = {}  # by item: the text read, and what it says

    @staticmethod
    def _kept(cache: dict[str, tuple[str, Any]], item: Item, read: Callable[[str], Any]) -> Any:
        """What `read` gives `item`'s text, kept in `cache` with the text it was read from (an
        edit meanwhile is read again)."""
        found = cache.get(item.id)
        if found is None or found[0] != item.content:
            found = cache[item.id] = (item.content, read(item.content))
        return found[1]

    def _text(self, item: Item) -> str:
        return self._kept(self._folded, item, fold)

    def subject(self, item: Item) -> Subject:
        """The places and matters `item` speaks of (`kiennghi.subjects`)."""
        return self._kept(self._subjects, item, self._reader.read)

    def read_ahead(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Read every item's places and matters, and fold its text, now (the app does it off
        the main thread once the suggester is in use), rather than at the cursor moves that
        compare them. Petitions that speak of the same things share one `Subject`."""
        shared: dict[Subject, Subject] = {}

        def read(text: str) -> Subject:
            found = self._reader.read(text)
            return shared.setdefault(found, found)

        for item in list(self.by_id.values()):  # a copy: a decision may be learned meanwhile
            if stop():  # asked before each item (the app built another suggester; it lets the UI run)
                return
            self._text(item)
            self._kept(self._subjects, item, read)

    def same_text(self, a: Item, b: Item, similarity: float = 1.0) -> bool:
        """Whether two items' texts are the same but for typing: a copy typed without accents,
        corrected, or cut short (`similarity`, their texts' (`similar`), below
        SAME_TEXT_SIMILARITY says they are not, without comparing them)."""
        if similarity < SAME_TEXT_SIMILARITY:
            return False
        from rapidfuzz import fuzz  # at first use: the app's first paint does not wait for it

        text, other_text = self._text(a), self._text(b)
        if fuzz.ratio(text, other_text, score_cutoff=NEAR_IDENTICAL):
            return True
        shorter, longer = sorted((text.count(" ") + 1, other_text.count(" ") + 1))
        return bool(shorter >= CONTAINED_MIN_WORDS and shorter >= CONTAINED_MIN_SHARE * longer
                    and fuzz.token_set_ratio(text, other_text, score_cutoff=CONTAINED))

    def same_subject(self, a: Item, b: Item) -> str | None:
        """Whether two items speak of the same place and matter: why, in words; "" when they
        cannot be one concern (other places, or other matters); None when they do not tell."""
        subject, other = self.subject(a), self.subject(b)
        place, matter = same_place(subject, other), same_matter(subject, other)
        if place == "" or matter == "":
            return ""
        if place and matter:
            # In the words of the one typed with accents ("chợ Gia Quất", not "cho Gia Quat").
            text = a.content if a.content != strip_accents(a.content) else b.content
            said = self._reader.said(text, matter) or self.config.matters[matter][0]
            return f"cùng địa điểm ({as_written(text, place)}), cùng vấn đề ({said})"
        return None

    def _one_spot_one_matter(self, a: Item, b: Item) -> bool:
        """Whether two items name a spot in common (a market, a building, a lane; not only a
        street) and the very same main matters: one concern whatever groups the sheets put them
        in, as a sheet's groups are coarse (a market's pavement under "Đô thị" and "Giao thông")."""
        subject, other = self.subject(a), self.subject(b)
        return bool(subject.main) and subject.main == other.main and bool(same_place(subject, other)) \
            and any(spot.same(theirs) for spot in subject.spots for theirs in other.spots)

    def duplicate_score(self, a: Item, b: Item, similarity: float) -> float:
        """Text similarity plus the share of the rarer item's names that both mention."""
        shared = self.names[a.id] & self.names[b.id]
        if not shared:
            return similarity
        weight = min(self._names_weight[a.id], self._names_weight[b.id])
        return similarity + sum(self._name_idf[n] for n in shared) / max(weight, 1e-9)

    def update(self, item: Item) -> None:
        """Learn an officer's decision on `item` (its triage is new); an edited text is read
        again when next compared (its places, matters and folded words are forgotten)."""
        before = self.by_id.get(item.id)
        self._count_compiler(before, -1)
        if before is not None and before.content != item.content:
            self._subjects.pop(item.id, None)
            self._folded.pop(item.id, None)
        self.by_id[item.id] = item
        self._count_compiler(item, 1)

    def _count_compiler(self, item: Item | None, step: int) -> None:
        """Count (or uncount) which unit compiled the report on an item forwarded upward."""
        if item is not None and item.forward_to and item.owner:
            self._compilers[item.forward_to][item.owner] += step

    def similar(self, item: Item) -> Iterator[tuple[float, Item]]:
        """Other items by decreasing similarity to `item` (sharing at least one feature);
        worked out once per item, as both the votes and the duplicates need it. An iterator:
        the votes read the first few of what may be thousands in a large store."""
        ranked = self._similar.get(item.id)
        if ranked is None:
            ranked = self._similar[item.id] = self._rank(item)
        ids, by_id = self._ids, self.by_id
        return ((score, by_id[ids[other]]) for other, score in zip(*ranked))

    def _rank(self, item: Item) -> tuple[array, array]:
        """Items at least MIN_SIMILARITY alike, by number, and their scores. The item's features
        are taken rarest first, up to POSTINGS_BUDGET items visited: in a store of a few
        hundred items that is all of them; in a huge one the common features, which weigh
        little (low IDF), are left out rather than making each ranking cost the whole store."""
        number = self._numbers[item.id]
        starts, posted, posted_weights = self._starts, self._posted, self._posted_weights
        features = self._features[self._item_starts[number]:self._item_starts[number + 1]]
        scores: dict[int, float] = defaultdict(float)
        visited = 0
        for feature in sorted(features, key=lambda f: starts[f + 1] - starts[f]):
            start, end = starts[feature], starts[feature + 1]
            visited += end - start
            if visited > POSTINGS_BUDGET:
                break
            weight = posted_weights[bisect_left(posted, number, start, end)]  # its own posting
            for other, other_weight in zip(posted[start:end], posted_weights[start:end]):
                scores[other] += weight * other_weight
        scores.pop(number, None)
        ranked = sorted(((score, other) for other, score in scores.items() if score >= MIN_SIMILARITY),
                        key=operator.itemgetter(0), reverse=True)
        return array("i", [other for _, other in ranked]), array("d", [score for score, _ in ranked])

    def suggest(self, item: Item) -> Suggestion:
        neighbours = list(islice(((score, other) for score, other in self.similar(item)
                                  if other.jurisdiction is not None), NEIGHBOURS))
        votes: dict[str, Counter[str]] = {name: Counter() for name in FIELDS}
        owner_votes: dict[str, Counter[str]] = defaultdict(Counter)  # by the neighbour's jurisdiction
        subject = self.subject(item)
        for score, other in neighbours:
            theirs = self.subject(other)
            matter = same_matter(subject, theirs)
            if item.sector and other.sector and other.sector != item.sector:
                score *= OTHER_SECTOR
            elif matter == "":
                score *= OTHER_MATTER  # alike by the places they name, not by what they ask
            elif matter and same_place(subject, theirs):
                score = max(score, SAME_CONCERN)  # the same place's same matter, decided before
            for name in ("jurisdiction", "forward_to", "sector"):
                value = getattr(other, name)
                if value:
                    votes[name][value] += score
            if other.owner:
                owner_votes[other.jurisdiction][other.owner] += score
        # Keywords match with their accents ("cống" is not "công"), unless the text has none.
        accented = item.content != strip_accents(item.content)  # as typed: an abbreviation read adds accents
        text = _words(item.content, self._expand)
        key = f" {text if accented else fold(text)} "
        matched_rules = self._matched_rules(key, accented, subject.names)
        # The sectors of the matters it names most (`spoken`), and the sheet's group (`item.sector`,
        # coarse: "Chung cư" holds a building's fire alarms). Whether it goes above, and to whom,
        # is judged by the group, or without one by the matters: a keyword said in passing
        # ("loa gắn trên cột điện") weighs as little as one of another sector. The unit that acts
        # is judged by the matters, or without them by the group: the fire alarms are the police's.
        spoken = {self.config.matter_sectors.get(m) for m in subject.main} - {None}
        apart = bool(item.sector and spoken and item.sector not in spoken)  # the group, of none of them

        def off_group(sector: str) -> bool:
            return sector != item.sector if item.sector else bool(spoken) and sector not in spoken

        def off_matters(sector: str) -> bool:
            return sector not in spoken if spoken else bool(item.sector) and sector != item.sector

        for rule, _hits, addressed in matched_rules:
            weight = owner_weight = RULE_WEIGHT * (ADDRESSED if addressed else 1.0)
            ruled = rule.get("sector")
            if ruled and off_group(ruled):
                weight *= OTHER_SECTOR
            if ruled and off_matters(ruled):
                owner_weight *= OTHER_SECTOR
            for name in FIELDS:
                if rule.get(name):
                    # A body above addressed by a short name ("Thành phố") sends it above; which of
                    # the city's bodies answers, its matter says more ("kiến nghị Thành phố mở
                    # tuyến xe buýt"). A unit of the ward addressed so ("CA phường") answers.
                    short = rule.get("addressed_only") and name == "forward_to"
                    votes[name][rule[name]] += RULE_WEIGHT * SHORT_NAME if short else (
                        owner_weight if name == "owner" else weight)
        # The matters it names most tell its sector; on a street, a river or a lake rather than
        # in a lane, some are a body's above the ward (a main street's drains, a river).
        # Where it says whom it asks ("đề nghị phường báo cáo Thành phố"), the place does not say.
        asked = any(addressed and rule.get("jurisdiction") for rule, _hits, addressed in matched_rules)
        # A lane, or a house not said to be on a street (a house of a street is on the street).
        lane = any(spot.kind in LOCAL_SPOTS and not (spot.kind == "số" and spot.street) for spot in subject.spots)
        wide = not lane and any(kind in WIDE_AREAS for kind, _ in subject.areas)
        for matter in sorted(subject.main):  # in one order whatever the hash seed: ties go the same way
            share = MATTER_WEIGHT / len(subject.main)
            if matter in self.config.matter_sectors:
                votes["sector"][self.config.matter_sectors[matter]] += share
            if item.sector in spoken and self.config.matter_sectors.get(matter, item.sector) != item.sector:
                share *= OTHER_SECTOR  # one of several matters, not the group's: the dust of a building site
            if matter in self.config.matter_bodies and (lane or wide):
                if not asked:
                    votes["jurisdiction"]["cap-tren" if wide else "phuong"] += share
                if wide:
                    votes["forward_to"][self.config.matter_bodies[matter]] += share
        proposal = self._proposal(item)
        if proposal is not None:
            field, code = proposal
            votes[field][code] += PROPOSED_WEIGHT
            votes["jurisdiction"]["cap-tren" if field == "forward_to" else "phuong"] += PROPOSED_WEIGHT
        sector = item.sector or _top(votes["sector"])
        if sector and sector in self.config.sector_routing:
            defaults = self.config.sector_routing[sector]
            # A sector guessed from the text is only as sure as its share of the votes.
            sure = 1.0 if item.sector else votes["sector"][sector] / sum(votes["sector"].values())
            if defaults.get("jurisdiction"):
                votes["jurisdiction"][defaults["jurisdiction"]] += SECTOR_JURISDICTION_WEIGHT * sure
            if defaults.get("owner"):
                # Under a group of the sheet's that the text speaks of nothing of, the units of
                # the sectors it does speak of share the group's default.
                votes["owner"][defaults["owner"]] += SECTOR_OWNER_WEIGHT * sure / (2 if apart else 1)
                for other in sorted(spoken) if apart else ():
                    if owner := self.config.sector_routing.get(other, {}).get("owner"):
                        votes["owner"][owner] += SECTOR_OWNER_WEIGHT / 2 / len(spoken)
        jurisdiction = _top(votes["jurisdiction"], tie="phuong") or "phuong"  # most items are the ward's
        bodies = [code for code, _ in votes["forward_to"].most_common()]
        bodies += [code for code in self.config.bodies.codes if code not in bodies]
        forward_to = bodies[0] if jurisdiction == "cap-tren" else None
        for decided, counter in owner_votes.items():
            share = 1.0 if decided == jurisdiction else OTHER_JURISDICTION
            for code, score in counter.items():
                votes["owner"][code] += share * score
        if forward_to:
            compilers = self._compilers[forward_to]
            compiled = sum(compilers.values())
            for code, n in compilers.items():
                votes["owner"][code] += COMPILER_WEIGHT * n / compiled
        owners = [code for code, _ in votes["owner"].most_common()]
        for unit in self.config.units.codes:
            if unit not in owners:
                owners.append(unit)
        total = sum(votes["jurisdiction"].values()) or 1.0
        confidence = min(1.0, votes["jurisdiction"][jurisdiction] / total) * min(
            1.0, (votes["owner"][owners[0]] / (sum(votes["owner"].values()) or 1.0)))
        if neighbours:
            confidence *= min(1.0, 0.5 + neighbours[0][0])
        reasons = []
        if proposal is not None:
            catalog = self.config.units if proposal[0] == "owner" else self.config.bodies
            reasons.append(f"bảng MTTQ đề xuất {catalog.name(proposal[1])}")
        # The item most alike that is not about another matter (one that is weighs little).
        alike = next((other for _, other in neighbours if same_matter(subject, self.subject(other)) != ""), None)
        if alike is not None:
            reasons.append(f"giống {alike.id} — {self.config.statuses.name(alike.status) or 'đã phân loại'}")
        for _rule, hits, _addressed in matched_rules[:2]:
            reasons.append(f"từ khóa: {', '.join(hits)}")
        if not item.sector and sector and not matched_rules:  # the sector guessed from the matters it names
            said = [self._reader.said(item.content, m) for m in sorted(subject.main)
                    if self.config.matter_sectors.get(m) == sector]
            if any(said):
                reasons.append(f"vấn đề: {', '.join(w for w in said if w)} ({self.config.sectors.short(sector)})")
        if not reasons:
            # Nothing in the text or the history: the sector's routing alone, a guess.
            reasons.append(f"theo lĩnh vực {self.config.sectors.short(sector)}" if sector else "chưa có căn cứ")
            confidence *= NO_EVIDENCE
        return Suggestion(
            id=item.id, jurisdiction=jurisdiction, owner=owners[0], owners_ranked=owners[:5],
            forward_to=forward_to, forward_ranked=bodies[:5], sector=sector, confidence=round(confidence, 3),
            reason="; ".join(reasons),
        )

    def _proposal(self, item: Item) -> tuple[str, str] | None:
        """The sheet's proposed unit as ("owner", unit) or body as ("forward_to", body)."""
        if not item.proposed:
            return None
        # The first the sheet names ("Phòng VH-XH; Công an phường": the culture office).
        for part in _PARTS.split(item.proposed):
            if unit := self.config.units.match(part):
                return "owner", unit.code
            if body := self.config.bodies.match(part):
                return "forward_to", body.code
        return None

    def _matched_rules(self, key: str, accented: bool, names: Sequence[str] = ()) -> list[tuple[dict, list[str], bool]]:
        """The rules whose keywords occur in `key` (words between spaces), with the keywords
        found, and whether one of them is what the petition addresses (right after "đề nghị",
        "kiến nghị"...: "Đề nghị Công an phường…"). In a text typed without accents (`accented`
        false), a keyword of one syllable counts only if it has none either, as the matters'
        words do. A keyword among the words of `names` (folded: its places' and persons'
        names, `Subject.names`) is part of a name: "phố Trường Lâm" is no school. The longest
        keyword wins where hits overlap:
        "kỷ luật đảng viên" is not also a hit for "đảng viên", nor "môi trường" for "trường"."""
        in_names = _name_words(key, names)
        hits = []  # (start, end, rule index, keyword as the rule says it: "PCCC", read "phòng cháy chữa cháy")
        for index, (rule, keywords, folded) in enumerate(self.rules):
            for keyword, bare, said in zip(keywords, folded, rule["keywords"]):
                if not accented and keyword != bare and " " not in keyword:
                    continue  # one syllable without its accents is many words: "cong" is "cống", "công", "cong"
                needle = f" {keyword if accented else bare} "
                start = key.find(needle)
                while start != -1:
                    if not in_names or in_names.isdisjoint(range(key.count(" ", 0, start + 1) - 1,
                                                                  key.count(" ", 0, start + len(needle) - 1))):
                        hits.append((start, start + len(needle), index, said))
                    start = key.find(needle, start + 1)
        found: dict[int, list[str]] = {}
        addressed: set[int] = set()
        requests = _REQUESTS if accented else _FOLDED_REQUESTS
        for start, end, index, keyword in hits:
            inside = any(s <= start and end <= e and e - s > end - start for s, e, _, _ in hits)
            if not inside and keyword not in found.setdefault(index, []):
                found[index].append(keyword)
            if not inside and _asks(key[:start + 1], requests):
                addressed.add(index)
        matched = []
        for index in sorted(found):
            rule = self.rules[index][0]
            if found[index] and any(rule.get(name) for name in FIELDS) \
                    and (index in addressed or not rule.get("addressed_only")):  # words that only mean another thing weigh for nothing
                matched.append((rule, found[index], index in addressed))
        return matched

    def find_duplicates(self, item: Item, suggestion: Suggestion,
                        sector_of: Callable[[Item], str | None]) -> None:
        """Fill the suggestion's duplicates: items of the same year or earlier that raise the
        same concern (`concerns`); earlier ones not yet done are carried over."""
        for other, reason in self.concerns(item, suggestion.sector, sector_of):
            suggestion.duplicates.append(other.id)
            suggestion.why_duplicate[other.id] = reason
            if other.year < item.year and self.config.category(other.status) != "done":
                suggestion.carried_over.append(other.id)

    def _candidates(self, item: Item) -> Iterator[tuple[float, Item]]:
        """The items most alike (with their similarity), then those that name one of the
        item's names (similarity 0 when not among the most alike)."""
        seen = {item.id}
        for score, other in islice(self.similar(item), MAX_DUPLICATE_CANDIDATES):
            seen.add(other.id)
            yield score, other
        ids, by_id = self._ids, self.by_id
        for name in self._named.get(item.id, ()):
            for number in self._naming.get(name, ()):
                other = by_id[ids[number]]
                if other.id not in seen:
                    seen.add(other.id)
                    yield 0.0, other

    def concerns(self, item: Item, sector: str | None, sector_of: Callable[[Item], str | None],
                 ) -> Iterator[tuple[Item, str]]:
        """The items of the same year or earlier, among the most alike, that raise the same
        concern as `item` (whose sector is `sector`, given or suggested), with why: the same
        text but for typing; or, unless the sheets put them in different sectors (though the same
        spot and the very same main matters are one concern under any groups), the same
        place and matter (`same_subject`), or, when the texts do not tell, alike words and
        shared rare names in the same sector (where a sector is only suggested, items put in
        another sector count when closer still). Not those the officer said it does not repeat,
        or that said so of it, nor an earlier one it was said not to carry on."""
        named = set(self._named.get(item.id, ()))
        for rank, (score, other) in enumerate(self._candidates(item)):
            if other.year > item.year or other.id in item.not_duplicates or item.id in other.not_duplicates \
                    or other.id in item.carry_rejected:
                continue  # a later item, or one the officer said it does not repeat (nor carry on)
            if self.same_text(item, other, score):
                # Not the same words about two streets: both name places, and none the same.
                theirs = self._pairs.get(other.id, ())
                if (not (self._pairs.get(item.id) and theirs) or not set(self._pairs[item.id]).isdisjoint(theirs)) \
                        and same_place(self.subject(item), self.subject(other)) != "":  # not "ngõ 12" and "ngõ 14"
                    yield other, SAME_TEXT
                continue
            # Places are read only where they may decide: a name in common, or among the most
            # alike (reading a text's places costs more than ranking it, at each cursor move).
            alike = score >= DUPLICATE_SCORE - 1  # shared names add at most 1
            read = (alike and rank < PLACES_READ) or not named.isdisjoint(self._named.get(other.id, ()))
            if item.sector and other.sector and item.sector != other.sector \
                    and not (read and self._one_spot_one_matter(item, other)):
                continue  # sectors the sheets tell apart
            said = self.same_subject(item, other) if read else None
            if said:
                yield other, said
                continue
            if said == "" or not alike:
                continue  # other places or matters
            needed = DUPLICATE_SCORE + (GUESSED_SECTOR_MARGIN if sector_of(other) != sector else 0.0)
            if self.duplicate_score(item, other, score) >= needed:
                yield other, "nội dung gần giống"  # the sectors differ, but one is only a guess: closer


def _name_words(key: str, names: Sequence[str]) -> set[int]:
    """Where in `key` (words between spaces) the words of `names` (folded) are, by word."""
    if not names:
        return set()
    folded = strip_accents(key).split()
    found = set()
    for name in names:
        words = name.split()
        for at in range(len(folded) - len(words) + 1):
            if folded[at:at + len(words)] == words:
                found.update(range(at, at + len(words)))
    return found


def _asks(before: str, requests: tuple[str, ...]) -> bool:
    """Whether the words `before` a keyword (" … đề nghị ") end with a request, made now: what
    was asked before is told, not asked ("đã kiến nghị Thành phố từ năm 2023")."""
    for request in requests:
        if before.endswith(request):
            told = before[:len(before) - len(request) + 1].split()[-3:]  # "đã nhiều lần kiến nghị"
            return not {"đã", "da"} & set(told)
    return False


def _name_pairs(found: Iterable[str]) -> tuple[str, ...]:
    """The pairs of words (not numbers) in names: "ngo 12 son binh" → "son binh"."""
    pairs = set()
    for name in found:
        words = name.split()
        pairs.update(f"{a} {b}" for a, b in zip(words, words[1:]) if a.isalpha() and b.isalpha())
    return tuple(sorted(pairs))


def _named_rules(config: Config) -> list[dict]:
    """A unit or body named in the text ("Công an phường", "Sở Y tế") is a keyword for itself.
    Spellings of fewer than three words count only as what the petition addresses ("Đề nghị CA
    phường nhắc nhở", "kiến nghị Điện lực"): said in passing, "Thành phố" is too loose a hint."""
    # A spelling a routing rule has as a keyword for the same unit or body votes once, there.
    routed = {(fold(keyword), name, rule[name]) for rule in config.routing for keyword in rule["keywords"]
              for name in ("owner", "forward_to") if rule.get(name)}
    rules = []
    for entry, field, values in (*((unit, "owner", {}) for unit in config.units),
                                 *((body, "forward_to", {"jurisdiction": "cap-tren"}) for body in config.bodies)):
        values = {field: entry.code, **values}
        spellings = [s for s in dict.fromkeys((entry.name, entry.short, *entry.aliases))
                     if (fold(s), field, entry.code) not in routed]
        full = [s for s in spellings if len(fold(s).split()) >= 3 or s == entry.name]
        short = [s for s in spellings if s not in full]
        if full:
            rules.append({"keywords": full, **values})
        if short:
            rules.append({"keywords": short, **values, "addressed_only": True})
    return rules


def _top(counter: Counter[str], tie: str | None = None) -> str | None:
    """The value most voted for; `tie` where it has as many votes as the first."""
    if not counter:
        return None
    first, votes = counter.most_common(1)[0]
    return tie if tie is not None and counter.get(tie) == votes else first


def find_repeats(config: Config, items: Sequence[Item], earlier: Sequence[Item]) -> list[Repeat]:
    """The earlier items each of `items` likely repeats (the same concern raised again: a
    petition carried over from an earlier year, a written one raised again at the conference),
    most alike first, each with the reason; `carried_over` when the earlier one is not done."""
    suggester = Suggester(config, [*earlier, *items])
    before = {item.id for item in earlier}
    found = []
    for item in items:
        for other, reason in suggester.concerns(item, item.sector, lambda other: other.sector):
            if other.id in before:
                found.append(Repeat(item.id, other.id, reason, config.category(other.status) != "done"))
    return found


def suggest_year(config: Config, items: Sequence[Item], year: int, only_untriaged: bool = True) -> list[Suggestion]:
    """Suggestions for the items of `year`, learning from every item given (all years)."""
    suggester = Suggester(config, items)
    wanted = [item for item in items
              if item.year == year and not (only_untriaged and item.jurisdiction is not None)]
    wanted_ids = {item.id for item in wanted}
    # Items of the year without a sector are compared by their suggested sector.
    suggested = {item.id: suggester.suggest(item) for item in items
                 if item.year == year and (not item.sector or item.id in wanted_ids)}

    def sector_of(other: Item) -> str | None:
        return other.sector or (suggested[other.id].sector if other.id in suggested else None)

    results = []
    for item in wanted:
        suggestion = suggested[item.id]
        suggester.find_duplicates(item, suggestion, sector_of)
        results.append(suggestion)
    return results
