"""Known parties in running text: one pass over a page against every name of every known maker and listed party.

The dictionary holds the brands of `data/brands.yaml` and, when a screener is given, every organisation name and
alias of every loaded watchlist and of the curated reference. Latin names match whole words (`AMD`, not `AMDOCS`;
a one-word name only when written capitalised); Han names match anywhere except where the characters beside
them make another word (大华银行, 海康人寿), and two-character names need a boundary on one side at least. Lookup is by
the first two characters (Han) or the first word (Latin), so a page costs one dictionary probe per character
whatever the number of names loaded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import yaml

from oversight.entities.catalog import vocabulary
from oversight.entities.records import Role
from oversight.text.fold import fold

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[&'’.-][A-Za-z0-9]+)*")
_ORG_SCHEMAS = frozenset({"Organization", "Company", "PublicBody", "LegalEntity"})
_MIN_LIST_HAN = 4  # names from watchlists (not curated) must be at least this long to be looked for
_MIN_LIST_LATIN_WORDS = 2
_MIN_LIST_LATIN_LETTERS = 10
_ODD = re.compile(r"[^\w\s.,'’&()-]")  # `Face++`: a name whose symbols matter cannot be looked for by its words
_GOVERNMENT_WORDS = ("bureau", "police", "ministry", "corps", "department", "government", "army", "committee")


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
    """Known names indexed for one pass over a folded page."""

    def __init__(self, names: Iterable[KnownName]) -> None:
        han: dict[str, list[KnownName]] = defaultdict(list)
        latin: dict[str, list[tuple[tuple[str, ...], KnownName]]] = defaultdict(list)
        for name in names:
            if _HAN.search(name.text):
                if len(name.text) >= 2:
                    han[name.text[:2]].append(name)
            else:
                words = tuple(name.text.split())
                if words:
                    latin[words[0]].append((words, name))
        self.han = {k: sorted(v, key=lambda n: -len(n.text)) for k, v in han.items()}
        self.latin = {k: sorted(v, key=lambda n: -len(n[0])) for k, v in latin.items()}
        self.size = sum(map(len, self.han.values())) + sum(map(len, self.latin.values()))

    def find(self, text: str) -> list[KnownHit]:
        """Known names on a folded page, left to right, longest first where they overlap."""
        hits = self._han_hits(text) + self._latin_hits(text)
        kept: list[KnownHit] = []
        for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept

    def _han_hits(self, text: str) -> list[KnownHit]:
        hits = []
        han, i, n = self.han, 0, len(text) - 1
        while i < n:
            bucket = han.get(text[i : i + 2])
            if bucket:
                for name in bucket:
                    if text.startswith(name.text, i) and _han_fits(text, i, i + len(name.text), name):
                        hits.append(KnownHit(i, i + len(name.text), name))
                        i += len(name.text) - 1
                        break
            i += 1
        return hits

    def _latin_hits(self, text: str) -> list[KnownHit]:
        if not self.latin:
            return []
        words = [(m.group().lower(), m.start(), m.end(), m.group()[0].isupper()) for m in _WORD.finditer(text)]
        hits = []
        for index, (word, start, _, capital) in enumerate(words):
            for tokens, name in self.latin.get(word, ()):
                span = words[index : index + len(tokens)]
                if len(span) < len(tokens) or any(w[0] != t for w, t in zip(span, tokens)):
                    continue
                if not capital or not _joined(text, span):
                    continue
                hits.append(KnownHit(start, span[-1][2], name))
                break
        return hits


def _joined(text: str, span: list[tuple[str, int, int, bool]]) -> bool:
    """Consecutive words of a name stand on one line, separated by spaces or a hyphen only."""
    return all(text[a[2] : b[1]] in (" ", "-") for a, b in pairwise(span))


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
    return "other" if any(word in text.split() for word in _GOVERNMENT_WORDS) else "maker"


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
