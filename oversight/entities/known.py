"""Known parties in running text: one pass over a page against every name of every known maker and listed party.

The dictionary holds the brands of `data/brands.yaml` and, when a screener is given, every organisation name and
alias of every loaded watchlist and of the curated reference. Latin names match whole words (`AMD`, not `AMDOCS`;
a one-word name only when written capitalised); Han names match anywhere except where the characters beside
them make another word (大华银行, 海康人寿), and two-character names need a boundary on one side at least. All names
stand in one Aho-Corasick automaton, so a page costs one pass whatever the number of names loaded; the few places
where a name occurs are then checked by these rules.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice, pairwise
from typing import Any

import yaml

from oversight.entities.catalog import vocabulary
from oversight.entities.literals import Literals, lower
from oversight.entities.records import Role
from oversight.text.fold import fold

_HAN = re.compile(r"[\u3400-\u9fff]")
_JOINERS = "&'’.-"
_WORD = re.compile(rf"[A-Za-z0-9]+(?:[{_JOINERS}][A-Za-z0-9]+)*")
_ORG_SCHEMAS = frozenset({"Organization", "Company", "PublicBody", "LegalEntity"})
_MIN_LIST_HAN = 4  # names from watchlists (not curated) must be at least this long to be looked for
_MIN_LIST_LATIN_WORDS = 2
_MIN_LIST_LATIN_LETTERS = 10
_ODD = re.compile(r"[^\w\s.,'’&()-]")  # `Face++`: a name whose symbols matter cannot be looked for by its words
_GOVERNMENT_WORDS = frozenset(
    ("bureau", "police", "ministry", "corps", "department", "government", "army", "committee")
)


@dataclass(frozen=True, slots=True)
class KnownName:
    """A name to look for: `text` folded (Han) or its lower-case words joined by one space (Latin)."""

    text: str
    role: Role
    source: str  # brand:<id> | <list source>:<entry key>
    excepts: tuple[str, ...] = ()
    maker: str | None = None  # the maker a product-line name belongs to (华为昇腾 -> Huawei), screened under it


@dataclass(frozen=True, slots=True)
class KnownHit:
    start: int
    end: int
    name: KnownName


class Dictionary:
    """Known names in one automaton, for one pass over a folded page."""

    def __init__(self, names: Iterable[KnownName]) -> None:
        entries: list[tuple[str, _Entry]] = []
        for order, name in enumerate(names):
            if _HAN.search(name.text):
                if len(name.text) >= 2:
                    entries.append((_key(name.text), _Entry(order, (), name)))
            else:
                words = tuple(name.text.split())
                if words:
                    entries.append((_key(name.text), _Entry(order, words, name)))
        self.literals = Literals(entries)
        self.size = len(entries)

    def find(self, text: str) -> list[KnownHit]:
        """Known names on a folded page, left to right, longest first where they overlap."""
        han: dict[int, list[tuple[int, _Entry]]] = defaultdict(list)
        latin: dict[int, list[tuple[int, _Entry]]] = defaultdict(list)
        for start, end, entries in self.literals.spans(_key(text)):
            for entry in entries:
                (latin if entry.words else han)[start].append((end, entry))
        hits = self._han_hits(text, han) + self._latin_hits(text, latin)
        kept: list[KnownHit] = []
        for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept

    @staticmethod
    def _han_hits(text: str, candidates: dict[int, list[tuple[int, _Entry]]]) -> list[KnownHit]:
        """Left to right, the longest name that fits at each place; the text a hit covers is not read again."""
        hits: list[KnownHit] = []
        after = 0
        for start in sorted(candidates):
            if start < after:
                continue
            for end, entry in sorted(candidates[start], key=lambda c: (start - c[0], c[1].order)):
                name = entry.name
                if text.startswith(name.text, start) and _han_fits(text, start, end, name):
                    hits.append(KnownHit(start, end, name))
                    after = end
                    break
        return hits

    @staticmethod
    def _latin_hits(text: str, candidates: dict[int, list[tuple[int, _Entry]]]) -> list[KnownHit]:
        """At each word start, the name of most words that stands there as whole words, capitalised."""
        hits: list[KnownHit] = []
        for start, found in sorted(candidates.items()):
            if not text[start].isupper() or not _word_start(text, start):
                continue
            for _, entry in sorted(found, key=lambda c: (-len(c[1].words), c[1].order)):
                span = list(islice(_WORD.finditer(text, start), len(entry.words)))
                words = [m.group().lower() for m in span]
                if words == list(entry.words) and span[0].start() == start and _joined(text, span):
                    hits.append(KnownHit(start, span[-1].end(), entry.name))
                    break
        return hits


@dataclass(frozen=True, slots=True)
class _Entry:
    order: int  # place in the dictionary: among names of equal length the first wins
    words: tuple[str, ...]  # a Latin name's words; () for a Han name
    name: KnownName


def _key(text: str) -> str:
    """What the automaton compares: lower case, a hyphen read as a space (`Hik-Vision` and `Hik Vision` are
    both looked at, and the words then checked one by one); the same length as `text`."""
    return lower(text).replace("-", " ")


def _word_start(text: str, at: int) -> bool:
    """Whether a word of `_WORD` starts at `at` (not inside `AT&T` or `x.Hik`)."""
    if at == 0:
        return True
    before = text[at - 1]
    if before.isascii() and before.isalnum():
        return False
    return not (before in _JOINERS and at >= 2 and text[at - 2].isascii() and text[at - 2].isalnum())


def _joined(text: str, span: list[re.Match[str]]) -> bool:
    """Consecutive words of a name stand on one line, separated by spaces or a hyphen only."""
    return all(text[a.end() : b.start()] in (" ", "-") for a, b in pairwise(span))


def _han_fits(text: str, start: int, end: int, name: KnownName) -> bool:
    guards = _guards()
    if any(text.find(word, max(0, start - len(word)), end + len(word)) >= 0 for word in name.excepts):
        return False
    if text.startswith(guards["after"], end):
        return False
    if end - start > 2:
        return True
    left_ok = start == 0 or not _HAN.match(text[start - 1]) or text[:start].endswith(guards["short_left"])
    right_ok = end == len(text) or not _HAN.match(text[end]) or text.startswith(guards["short_right"], end)
    return left_ok or right_ok


@lru_cache(maxsize=1)
def _data() -> Any:
    path = resources.files("oversight.entities").joinpath("data", "brands.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _guards() -> dict[str, tuple[str, ...]]:
    return {k: tuple(fold(w) for w in v) for k, v in _data()["guards"].items()}


@lru_cache(maxsize=1)
def brand_names() -> tuple[KnownName, ...]:
    """The brands of `data/brands.yaml`, each alias a name to look for."""
    found = []
    for brand in _data()["brands"]:
        excepts = tuple(fold(e) for e in brand.get("except", ()))
        for alias in brand["aliases"]:
            found.append(KnownName(_norm(alias), brand["role"], f"brand:{brand['id']}", excepts, brand.get("maker")))
    return tuple(found)


def _norm(name: str) -> str:
    folded = fold(name)
    if _HAN.search(folded):
        return "".join(folded.split())
    return " ".join(m.group().lower() for m in _WORD.finditer(folded))


def list_names(entries: Iterable[tuple[str, str, str, str, str]]) -> list[KnownName]:
    """Names worth looking for among (name, kind, schema, source, key) of loaded list entries: organisations
    only; from watchlists (not the curated reference) only names long enough to be distinctive."""
    found = []
    for name, kind, schema, source, entry_key in entries:
        if schema not in _ORG_SCHEMAS or kind == "weak":
            continue
        text = _norm(name)
        curated = source == "curated"
        if _ODD.search(name):
            continue
        if _HAN.search(text):
            if len(text) < (2 if curated else _MIN_LIST_HAN):
                continue
        else:
            words = text.split()
            letters = sum(len(w) for w in words)
            if curated and letters < 3:
                continue
            if not curated and (len(words) < _MIN_LIST_LATIN_WORDS or letters < _MIN_LIST_LATIN_LETTERS):
                continue
        found.append(KnownName(text, _role_of(text), f"{source}:{entry_key}"))
    return found


def _role_of(text: str) -> Role:
    """A government body named in running text is context unless a label or cue says more; a company is a maker."""
    vocab = vocabulary()
    if _HAN.search(text):
        return "other" if text.endswith(vocab.government_suffixes) or "兵团" in text else "maker"
    return "other" if not _GOVERNMENT_WORDS.isdisjoint(text.split()) else "maker"


_CACHE: dict[int, tuple[Any, Dictionary]] = {}


def dictionary(screener: Any | None = None) -> Dictionary:
    """The dictionary of brands plus, given a `oversight.screen.Screener`, every name it has loaded (built once
    per screener)."""
    key = id(screener)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is screener:
        return cached[1]
    names = list(brand_names())
    if screener is not None and hasattr(screener, "index"):
        parties = screener.parties
        names.extend(
            list_names(
                (n.name, n.kind, parties[n.party].schema, parties[n.party].source, parties[n.party].key)
                for n in screener.index.names
            )
        )
    built = Dictionary(names)
    _CACHE.clear()
    _CACHE[key] = (screener, built)
    return built
