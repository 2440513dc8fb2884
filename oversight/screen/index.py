"""In-memory candidate index over every listed name: a query is compared only with names that share a key.

Keys are exact cores, pinyin spellings (Han and Latin meet there), Latin core words, and for names without a core
their signature of body kinds. A typo or OCR slip in one character still meets its name through one-deletion
variants of the distinct cores and words (the SymSpell idea, kept per vocabulary item, not per name). Candidates
are ranked by the keys they share and only the best are scored.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, combinations
from typing import Any, Final

from oversight.screen import pinyin
from oversight.screen.fold import has_han
from oversight.screen.loaders.base import Listing, Name, ParsedList
from oversight.screen.names import AGENCY, DESCRIPTOR, INDUSTRY, NameForm, analyze
from oversight.screen.parts import Kind, Parsed, Readings, keyed_needed, kind_of, parse, probes

MAX_POSTING: Final = 3000  # Chinese-layer keys shared by more names than this are too common to pick candidates
# An anchor key of more listed names than this (ahmad, muhammad) is common: see `NameIndex.gate`.
COMMON_KEY: Final = 150
_FUZZY_LENGTH: Final = {"h:": 4, "w:": 5}  # shorter cores and words must match exactly
_NEAR_CACHE: Final = 65536
_SECTOR_KINDS: Final = (AGENCY, DESCRIPTOR, INDUSTRY)
_KIND_ORDER: Final = {
    kind: rank
    for rank, kind in enumerate(("primary", "legal", "alias", "former", "original", "short", "brand", "weak"))
}


_TRAILING_ACRONYM: Final = re.compile(r"^(?P<full>.*\S)\s*\((?P<short>[A-Z](?:\.?[A-Z]){2,7}\.?)\)\s*$")
_WORD_START: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def bracketed_acronym(name: str) -> str | None:
    """The acronym a listed name ends with in brackets, when it abbreviates that name (China Electronics Technology
    Group Corporation (CETC): CETC): its letters are the first word's initial, then initials of later words in order.
    Lists print the acronym a party is known by there; a bracketed place or country (HK, TAIWAN) is no acronym."""
    found = _TRAILING_ACRONYM.match(name)
    if found is None:
        return None
    short = found["short"].replace(".", "")
    initials = [word[0].upper() for word in _WORD_START.findall(found["full"])]
    if not initials or short[0] != initials[0]:
        return None
    rest = iter(initials[1:])
    return short if all(letter in rest for letter in short[1:]) else None


def _with_acronyms(names: Iterable[Name]) -> list[Name]:
    """An entry's names, and the bracketed acronym of each (as a short name) that is not listed on its own."""
    out = list(names)
    have = {n.name.upper() for n in out}
    for name in list(out):
        short = bracketed_acronym(name.name)
        if short is not None and short not in have:
            have.add(short)
            out.append(Name(short, "short", name.source, name.verified))
    return out


@dataclass(slots=True)
class Party:
    id: str  # "<source>:<entry key>", e.g. ofac-sdn:29159, curated:hikvision
    source: str
    key: str
    name: str
    schema: str
    sectors: frozenset[str]  # what it does, from the list and from the words of its names
    places: frozenset[str]  # gazetteer codes of the places its names carry
    listings: tuple[Listing, ...]
    verified: bool
    list_names: tuple[str, ...] = ()  # distinct lists, in listing order

    @property
    def listed(self) -> bool:
        return bool(self.listings)


@dataclass(slots=True)
class IndexedName:
    party: int
    name: str
    kind: str
    verified: bool
    source: str | None
    form: NameForm
    keys: frozenset[str]  # its exact index keys, for a quick look at which names a query can meet
    parsed: Parsed | None = None  # word-aligned analysis for its party's kind (None for Chinese companies)


class NameIndex:
    """Parties and their analysed names, with posting lists from keys to names."""

    def __init__(self, lists: Iterable[ParsedList]) -> None:
        self.parties: list[Party] = []
        self.names: list[IndexedName] = []
        self.by_id: dict[str, int] = {}
        self.names_of: dict[int, list[int]] = defaultdict(list)
        self.by_surface: dict[tuple[int, tuple[Any, ...]], int] = {}  # (party, word-for-word surface) -> its best name
        postings: dict[str, list[int]] = defaultdict(list)
        frequency: dict[str, int] = defaultdict(int)
        self.variants: dict[str, set[str]] = defaultdict(set)  # deletion variant -> cores/words it comes from
        # anchor key -> names, by kind (see parts.Parsed); how many names of any kind carry the key; anchor words
        self.aligned: dict[Kind, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.key_names: dict[str, int] = defaultdict(int)
        self.anchor_count: list[int] = []
        self.kinds: set[Kind] = set()
        for parsed in lists:
            for entry in parsed.entries:
                sectors = set(entry.sectors)
                places: set[str] = set()
                party_index = len(self.parties)
                # Names that analyse to the same words (Hikvision, HIKVISION) compare alike: keep the best-sourced one.
                chosen: dict[tuple[Any, ...], tuple[Name, NameForm, Parsed | None]] = {}
                for name in sorted(
                    _with_acronyms(entry.names),
                    key=lambda n: (not n.verified, _KIND_ORDER.get(n.kind, len(_KIND_ORDER))),
                ):
                    form = analyze(name.name, person=entry.schema == "Person")
                    words = _aligned(name.name, entry.schema)
                    if not form.empty:
                        chosen.setdefault(form.surface, (name, form, words))
                    elif words is not None:  # only the word aligner reads it (Cyrillic, Arabic, Hangul, Greek ...)
                        chosen.setdefault(("words", words.comparable), (name, form, words))
                for surface, (name, form, words) in chosen.items():
                    sectors.update(t.sector for t in form.tokens if t.kind in _SECTOR_KINDS and t.sector)
                    places.update(code for t in form.places for code in t.codes)
                    name_index = len(self.names)
                    name_keys = frozenset(key for key, _ in keys(form)) if not form.empty else frozenset()
                    self.names.append(
                        IndexedName(
                            party_index, name.name, name.kind, name.verified, name.source, form, name_keys, words
                        )
                    )
                    self.anchor_count.append(len(words.anchors) if words is not None else 0)
                    if words is not None:
                        self.kinds.add(words.kind)
                        for key in words.anchor_keys:
                            self.aligned[words.kind][key].append(name_index)
                            self.key_names[key] += 1
                    self.names_of[party_index].append(name_index)
                    if not form.empty:  # a query is word for word this name (no empty surface equals another)
                        self.by_surface[(party_index, surface)] = name_index
                    for key in name_keys:
                        postings[key].append(name_index)
                    for token in set(form.latin_cores):
                        frequency[token] += 1
                party = Party(
                    f"{parsed.name}:{entry.key}",
                    parsed.name,
                    entry.key,
                    entry.name,
                    entry.schema,
                    frozenset(sectors),
                    frozenset(places),
                    tuple(entry.listings),
                    entry.verified,
                    tuple(dict.fromkeys(l.list for l in entry.listings)),
                )
                self.by_id[party.id] = party_index
                self.parties.append(party)
        for key in postings:
            prefix, word = key[:2], key[2:]
            if len(word) >= _FUZZY_LENGTH.get(prefix, len(word) + 1):
                for variant in _deletions(word):
                    self.variants[prefix + variant].add(word)
        self.postings = dict(postings)
        self.aligned = {kind: dict(keyed) for kind, keyed in self.aligned.items()}
        self._most_anchors = max(self.anchor_count, default=0)
        self._needed_by_size: dict[int, list[int]] = {}
        self._unaligned = {
            key: unaligned
            for key, posting in self.postings.items()
            if (unaligned := [n for n in posting if self.names[n].parsed is None])
        }
        self.key_names = dict(self.key_names)
        self._near_cache: dict[str, tuple[str, ...]] = {}
        total = math.log(len(self.names) + 2)
        self._weights = {token: _idf(len(self.names), df, total) for token, df in frequency.items()}

    def weight(self, token: str) -> float:
        """Inverse document frequency of a Latin core word, 0.15..1 ('international' weighs less than 'hikvision')."""
        return self._weights.get(token, 1.0)

    def candidates(self, form: NameForm) -> list[int]:
        """Every name sharing a key with `form` (Chinese layer) or an anchor key with its word analysis.

        No cut on the number of candidates: whole-list screening must reach every name the pair scorer would match
        (the pair scorer applies the same key gates: `Screener.compare`)."""
        return sorted(self.gated_candidates(form)[0])

    def gated_candidates(self, form: NameForm, words: Readings | None = None) -> tuple[set[int], set[int]]:
        """`candidates`, and among them the word-aligned names that pass `gate` (found through its anchor keys);
        `words`: the query's word analyses, when the caller has them."""
        words = words or Readings(form.original)
        found: set[int] = set()
        gated: set[int] = set()
        names, chinese = self.names, has_han(form.original)
        for key, _ in [] if form.empty else keys(form, query=True) + self.near(form):
            posting = self.postings.get(key)
            if not posting or len(posting) > MAX_POSTING:
                continue
            if chinese or key.startswith("s:"):
                found.update(n for n in posting if chinese_layer(names[n], chinese, key))
            else:  # a Latin query meets only the Chinese layer's own names here (no word analysis)
                found.update(self._unaligned.get(key, ()))
        # (Han queries meet Latin company names here too: the Chinese layer compares them through pinyin.)
        for kind in self.kinds:
            if aligns(form, kind):
                gated.update(self._aligned_candidates(words(kind)))
        return found | gated, gated

    def _aligned_candidates(self, query: Parsed) -> set[int]:
        """Names of the query's kind that pass `gate`: their anchor words meet enough of the query's by key, or they
        equal it but for spaces, or one abbreviates the other."""
        postings, sizes = self.aligned.get(query.kind, {}), self.key_names
        counts: Counter[int] = Counter()
        rare: set[int] = set()
        for word in query.anchors:
            met: set[int] = set()
            for key in chain(word.keys, word.joins, probes(word)):
                posting = postings.get(key)
                if posting:
                    met.update(posting)
                    if sizes[key] <= COMMON_KEY:
                        rare.update(posting)
            counts.update(met)
        anchors, size = self.anchor_count, len(query.anchors)
        needed = self._needed(size)
        found = {
            n
            for n, count in counts.items()
            if count >= needed[anchors[n]] and (count >= anchors[n] or count >= size or n in rare)
        }
        found.update(postings.get("=" + query.unspaced, ()))
        if query.initials:  # only a name spelt as the query's initials passes the gate, not one with the same ones
            names = self.names
            found.update(
                n
                for n in postings.get("=" + query.initials, ())
                if names[n].parsed.unspaced == query.initials  # type: ignore[union-attr]
            )
        return found

    def _needed(self, size: int) -> list[int]:
        """`keyed_needed(size, theirs)` for every listed anchor count, worked out once per query length."""
        table = self._needed_by_size.get(size)
        if table is None:
            table = self._needed_by_size[size] = [
                keyed_needed(size, theirs) for theirs in range(self._most_anchors + 1)
            ]
        return table

    def gate(self, query: Parsed, listed: Parsed) -> bool:
        """The key gate of word-aligned names, the same in pair comparison and list screening: enough anchor words
        meet by key (`parts.keyed_needed`), and unless all of the shorter name's do, one of them through a key that
        is not common in the lists (a shared 'Ahmad' does not make 'Dellosa, Ahmad' a candidate for every Ahmad)."""
        if query.unspaced == listed.unspaced or query.unspaced == listed.initials or listed.unspaced == query.initials:
            return bool(query.unspaced)
        keyed = query.keyed(listed)
        if keyed < keyed_needed(len(query.anchors), len(listed.anchors)):
            return False
        if keyed >= min(len(query.anchors), len(listed.anchors)):
            return True
        return any(
            key in listed.anchor_keys and self.key_names.get(key, 0) <= COMMON_KEY
            for word in query.anchors
            for key in chain(word.keys, word.joins, probes(word))
        )

    def forget_queries(self) -> None:
        self._near_cache.clear()

    def near(self, form: NameForm) -> list[tuple[str, float]]:
        """Keys of cores and words one edit away from the query's (typos, OCR slips)."""
        out: list[tuple[str, float]] = []
        for prefix, word in [("h:", form.han_core)] + [("w:", t) for t in form.latin_cores]:
            if len(word) >= _FUZZY_LENGTH[prefix]:
                out.extend((key, 0.5) for key in self._near_word(prefix, word))
        return out

    def _near_word(self, prefix: str, word: str) -> tuple[str, ...]:
        """Listed cores or words one edit from `word` (remembered per word: the vocabulary of queries repeats)."""
        found = self._near_cache.get(prefix + word)
        if found is None:
            near = set(self.variants.get(prefix + word, ()))
            for variant in _deletions(word):
                near.update(self.variants.get(prefix + variant, ()))
                if prefix + variant in self.postings:
                    near.add(variant)
            near.discard(word)
            if len(self._near_cache) >= _NEAR_CACHE:
                self._near_cache.clear()
            found = self._near_cache[prefix + word] = tuple(prefix + item for item in near)
        return found


def keys(form: NameForm, query: bool = False) -> list[tuple[str, float]]:
    """Index keys of a name with the weight a shared key gives a candidate."""
    out: list[tuple[str, float]] = []
    if form.han_core:
        core = form.han_core
        out.append(("h:" + core, 3.0))
        out.extend(("p:" + k, 2.0) for k in pinyin.keys(core))
    if form.latin_cores:
        for token in form.latin_cores:
            out.append(("w:" + token, 2.0))
        joined = form.latin_joined
        out.append(("p:" + joined, 2.0))
        if 1 < len(form.latin_cores) <= 3:
            out.append(("p:" + "".join(reversed(form.latin_cores)), 1.5))
    if not form.cored:
        out.append(("s:" + "|".join(sorted(form.concepts)), 3.0))
        if query and form.agency:
            agencies = {t.key for t in form.tokens if t.kind == AGENCY}
            concepts = sorted(form.concepts)
            for size in range(1, len(concepts)):
                for subset in combinations(concepts, size):
                    if agencies.intersection(subset):
                        out.append(("s:" + "|".join(subset), 1.0))
    return out


def aligns(form: NameForm, kind: Kind) -> bool:
    """Whether a query is compared word by word with listed names of `kind`: a Chinese query only with people, and
    only when it reads as a person (no legal form, descriptor, industry or agency word: 大华技术有限公司 is no one's
    name); the Chinese layer compares it with companies and bodies. The same rule in pair and list screening."""
    if not has_han(form.original):
        return True
    return kind == "person" and not (form.legal or form.concepts)


def chinese_layer(name: IndexedName, chinese_query: bool, key: str) -> bool:
    """Whether the Chinese layer compares a query with this name: Chinese company and agency names, any name a
    Chinese query meets, and agency signatures ('s:' keys); the word aligner takes the rest."""
    return name.parsed is None or (chinese_query and name.parsed.kind != "person") or key.startswith("s:")


def _aligned(name: str, schema: str) -> Parsed | None:
    """The word analysis of a listed name, for its entity's kind; none for Chinese company names, which the Chinese
    layer (names, match) reads."""
    kind, _ = kind_of(schema, name)
    if kind != "person" and has_han(name):
        return None
    parsed = parse(name, kind)
    return parsed if parsed.parts else None


def _idf(names: int, df: int, log_total: float) -> float:
    return min(1.0, max(0.15, math.log((names + 2) / (df + 1)) / log_total))


def _deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))}
