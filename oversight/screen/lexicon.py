"""Vocabularies for name analysis, read once from the package data files.

Data experts review these files, not code: `legal_forms.csv` (legal-form and branch suffixes in both scripts),
`terms.csv` (descriptor, industry and agency words with a concept key shared by both scripts and the sector they
name), `places.csv` (GB/T 2260 administrative divisions with parents and Latin spellings). Han text is segmented
with one Aho-Corasick automaton over every Han surface form; Latin text by longest phrase match over tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

import ahocorasick
from rapidfuzz.distance import Levenshtein

from oversight.datafile import read_csv

LEGAL, BRANCH = "legal", "branch"
PLACE: Final = "place"
LEVEL: Final = "level"
FUZZY_TERM_LENGTH: Final = 6  # generic words this long are recognised with one typo

_LATIN_SPLIT: Final = re.compile(r"[a-z0-9]+")
_POSSESSIVE: Final = re.compile(r"(?<=[a-z])['’]s\b")
_INNER_MARK: Final = re.compile(r"(?<=[a-z0-9])['’.](?=[a-z0-9])")
_ACCENTED: Final = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]+")


@dataclass(frozen=True, slots=True)
class Term:
    """A known word: its concept key (shared across scripts), kind, and the sector it names ('' for none)."""

    concept: str
    kind: str
    sector: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    level: str  # province | prefecture | county
    parent: str


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place mention: the gazetteer codes it may denote (ambiguous short names denote several)."""

    codes: frozenset[str]
    bare: bool  # written without its level suffix (e.g. 杭州 rather than 杭州市)


def fold_latin(text: str) -> str:
    """Lower-case, strip diacritics, drop possessive 's and marks inside words (Co. -> co, Xin'an -> xinan)."""
    text = text.lower()
    if not text.isascii():
        text = _ACCENTED.sub(_strip_accents, text)
    if "'" in text or "’" in text:
        text = _POSSESSIVE.sub("", text)
    if "'" in text or "’" in text or "." in text:
        text = _INNER_MARK.sub("", text)
    if "&" in text or "+" in text:
        text = text.replace("&", " and ").replace("+", " plus ")
    return text


def _strip_accents(match: re.Match[str]) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", match.group()) if not unicodedata.combining(c))


def latin_tokens(text: str) -> tuple[str, ...]:
    return tuple(_LATIN_SPLIT.findall(fold_latin(text)))


_MAX_TYPOS: Final = 65536

_COUNTRY: Final = "ISO:"  # place code of a country outside the gazetteer (ISO 3166 alpha-2 after it)
_GAZETTEER_REGIONS: Final = frozenset({"CN", "HK", "MO", "TW"})  # in places.csv already, with their divisions


class Lexicon:
    """All vocabularies, with the lookup structures the analyser needs."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.han = ahocorasick.Automaton()
        self.latin: dict[tuple[str, ...], Term | PlaceRef] = {}
        self.latin_county: dict[tuple[str, ...], PlaceRef] = {}
        self.phrase_width: dict[str, int] = {}  # first word -> widest phrase starting with it
        self.sectors: dict[str, str] = {}
        han: dict[str, Term | PlaceRef] = {}
        self._load_terms(han)
        self._load_places(han)
        self._load_countries(han)
        for surface, payload in han.items():
            self.han.add_word(surface, (len(surface), payload))
        self.han.make_automaton()
        self._term_variants: dict[str, set[str]] = {}
        self._typos: dict[str, str | None] = {}  # word -> the generic word it misspells (per word, bounded)
        for tokens, payload in self.latin.items():
            if len(tokens) == 1 and isinstance(payload, Term) and len(tokens[0]) >= FUZZY_TERM_LENGTH:
                for variant in _deletions(tokens[0]) | {tokens[0]}:
                    self._term_variants.setdefault(variant, set()).add(tokens[0])

    def _load_terms(self, han: dict[str, Term | PlaceRef]) -> None:
        for row in _rows("legal_forms.csv"):
            term = Term(concept=row["form"], kind=row["kind"])
            if row["script"] == "zh":
                han[row["form"]] = term
            else:
                self._add_latin(row["form"], term)
        for row in _rows("terms.csv"):
            term = Term(concept=row["concept"], kind=row["kind"], sector=row["sector"])
            self.sectors[term.concept] = term.sector
            for surface in filter(None, row["zh"].split(";")):
                han.setdefault(surface, term)
            for surface in filter(None, row["latin"].split(";")):
                self._add_latin(surface, term)

    def _load_places(self, han: dict[str, Term | PlaceRef]) -> None:
        by_han: dict[tuple[str, bool], set[str]] = {}
        by_latin: dict[tuple[str, ...], set[str]] = {}
        county_latin: dict[tuple[str, ...], set[str]] = {}
        for row in _rows("places.csv"):
            place = Place(code=row["code"], name=row["name"], level=row["level"], parent=row["parent"])
            self.places[place.code] = place
            for full in [place.name, *filter(None, row["aliases"].split(";"))]:
                by_han.setdefault((full, False), set()).add(place.code)
            # Bare short names (杭州) only for provinces and prefectures: county short names are too often words.
            if row["short"] and place.level != "county":
                by_han.setdefault((row["short"], True), set()).add(place.code)
            target = county_latin if place.level == "county" else by_latin
            for form in filter(None, row["latin"].split(";")):
                target.setdefault(latin_tokens(form), set()).add(place.code)
        for (surface, bare), codes in by_han.items():
            current = han.get(surface)
            if isinstance(current, PlaceRef):
                codes = codes | current.codes
                bare = bare and current.bare
            elif current is not None:
                continue
            han[surface] = PlaceRef(frozenset(codes), bare)
        for tokens, codes in by_latin.items():
            if tokens not in self.latin:
                self._add_latin_tokens(tokens, PlaceRef(frozenset(codes), True))
        for tokens, codes in county_latin.items():
            self.latin_county[tokens] = PlaceRef(frozenset(codes), True)
            self.phrase_width[tokens[0]] = max(self.phrase_width.get(tokens[0], 1), len(tokens))

    def _load_countries(self, han: dict[str, Term | PlaceRef]) -> None:
        """Other countries by their Chinese names, from ICU's locale data (美国, 日本, 新加坡): where a Chinese company
        name puts one (华为技术日本株式会社, 海康威视（美国）有限公司) it names a branch abroad, not part of the core. Bare
        names, accepted where names put places (see names._accept); the gazetteer's own places come first."""
        import icu

        chinese = icu.Locale("zh_Hans")
        for code in icu.Locale.getISOCountries():
            if code in _GAZETTEER_REGIONS:
                continue
            name = icu.Locale("", code).getDisplayCountry(chinese)
            if len(name) >= 2 and name not in han and all("\u4e00" <= ch <= "\u9fff" for ch in name):
                han[name] = PlaceRef(frozenset({_COUNTRY + code}), True)

    def _add_latin(self, surface: str, payload: Term | PlaceRef) -> None:
        self._add_latin_tokens(latin_tokens(surface), payload)

    def _add_latin_tokens(self, tokens: tuple[str, ...], payload: Term | PlaceRef) -> None:
        if tokens and tokens not in self.latin:
            self.latin[tokens] = payload
            self.phrase_width[tokens[0]] = max(self.phrase_width.get(tokens[0], 1), len(tokens))

    def fuzzy_term(self, word: str) -> str | None:
        """The one generic word (company, industry, information...) `word` is a typo of, if any ('cmpany')."""
        if word in self._typos:
            return self._typos[word]
        if len(self._typos) >= _MAX_TYPOS:
            self._typos.clear()
        found = self._typos[word] = self._fuzzy_term(word)
        return found

    def _fuzzy_term(self, word: str) -> str | None:
        if len(word) < FUZZY_TERM_LENGTH - 1 or (word in self._term_variants and word in self._term_variants[word]):
            return None
        found = set(self._term_variants.get(word, ()))
        for variant in _deletions(word):
            found.update(self._term_variants.get(variant, ()))
        found = {f for f in found if Levenshtein.distance(f, word, score_cutoff=1) <= 1 or _transposed(f, word)}
        return found.pop() if len(found) == 1 else None

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Codes of the divisions containing `code`, nearest first."""
        return _ancestors(self, code)

    def depth(self, code: str) -> int:
        return len(self.ancestors(code))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _transposed(a: str, b: str) -> bool:
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return (
        len(a) == len(b)
        and len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


@lru_cache(maxsize=8192)
def _ancestors(lexicon: Lexicon, code: str) -> tuple[str, ...]:
    chain = []
    place = lexicon.places.get(code)
    while place is not None and place.parent:
        chain.append(place.parent)
        place = lexicon.places.get(place.parent)
    return tuple(chain)


_COLUMNS: Final = {
    "legal_forms.csv": ("form", "script", "kind", "source"),
    "terms.csv": ("concept", "kind", "sector", "zh", "latin"),
    "places.csv": ("code", "name", "short", "level", "parent", "latin", "aliases"),
}


def _rows(name: str) -> list[dict[str, str]]:
    return read_csv("oversight.screen", f"data/{name}", _COLUMNS[name])


@cache
def lexicon() -> Lexicon:
    """The process-wide lexicon (built on first use, about 50 ms)."""
    return Lexicon()
