"""The screening API: a name (or a product model number) in, the listed parties it is or belongs to out, with why."""

from __future__ import annotations

import gc
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from oversight.model_families import ModelFamily, model_families, token
from oversight.screen import align, index_cache, parts, pinyin, store
from oversight.screen.config import DEFAULT, MatchConfig, rounded
from oversight.screen.fold import fold, has_han, is_latin
from oversight.screen.graph import Coverage, Graph, describe
from oversight.screen.index import MAX_POSTING, IndexedName, NameIndex, Party, aligns, keys
from oversight.screen.loaders.base import Listing, ParsedList
from oversight.screen.match import PLACE_DIFFERS, Comparison, compare, place_differs
from oversight.screen.names import NameForm, analyze, read

DEFAULT_THRESHOLD: Final = DEFAULT.threshold
MODEL_PREFIX: Final = 0.9
KIND_FACTOR: Final = {"brand": 0.97, "short": 0.97, "weak": 0.9}  # when the query only shares the core with such a name
BRAND_FOR_LEGAL_NAME: Final = 0.9  # a full legal name that only meets a brand or short name may be another company
_VIA_OF_METHOD: Final = {
    "pinyin": "pinyin",
    "homophone": "pinyin",
    "transliteration": "transliteration",
    "translation": "translation",
    "subordinate": "subordinate",
}
_SIGNATURE_METHODS: Final = ("translation", "subordinate")  # agency matches of the Chinese layer, kept for Latin names
_VIA_OF_KIND: Final = {"primary": "name", "brand": "brand", "short": "brand"}
_MODEL_LIKE: Final = re.compile(r"^(?=\S*\d)[A-Za-z][A-Za-z0-9/+.-]{3,}$")


@dataclass(frozen=True, slots=True)
class Match:
    """One listed party a query resolves to; `path` is its explanation, one step per line (written when first read)."""

    query: str
    listed_name: str  # the party's name as listed
    entity_id: str  # "<source>:<entry key>"
    score: float  # 0..1
    lists: tuple[str, ...]  # lists that reach the query (through `path`)
    via: str  # name | alias | brand | pinyin | transliteration | translation | subordinate | ownership | model-prefix
    matched_name: str  # the listed name, alias or brand that matched the query
    verified: bool  # every fact on the path was checked in its source
    listed: bool
    explain: Callable[[], tuple[str, ...]] = field(repr=False, compare=False)
    _path: list[tuple[str, ...]] = field(default_factory=list, repr=False, compare=False)

    # Written out: a dataclass's generated __init__ is interpreted Python even in the compiled build (oversight.native).
    def __init__(
        self,
        query: str,
        listed_name: str,
        entity_id: str,
        score: float,
        lists: tuple[str, ...],
        via: str,
        matched_name: str,
        verified: bool,
        listed: bool,
        explain: Callable[[], tuple[str, ...]],
        _path: list[tuple[str, ...]] | None = None,
    ) -> None:
        object.__setattr__(self, "query", query)
        object.__setattr__(self, "listed_name", listed_name)
        object.__setattr__(self, "entity_id", entity_id)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "lists", lists)
        object.__setattr__(self, "via", via)
        object.__setattr__(self, "matched_name", matched_name)
        object.__setattr__(self, "verified", verified)
        object.__setattr__(self, "listed", listed)
        object.__setattr__(self, "explain", explain)
        object.__setattr__(self, "_path", [] if _path is None else _path)

    @property
    def path(self) -> tuple[str, ...]:
        """Name match, ownership or subordination links with shares, dates and sources, then the listings."""
        if not self._path:
            self._path.append(self.explain())
        return self._path[0]

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "listed_name": self.listed_name,
            "entity_id": self.entity_id,
            "score": self.score,
            "lists": list(self.lists),
            "via": self.via,
            "matched_name": self.matched_name,
            "path": list(self.path),
            "verified": self.verified,
            "listed": self.listed,
        }


@dataclass(slots=True)
class _Hit:
    party: int
    name: IndexedName | None
    comparison: Comparison
    score: float
    verified: bool
    exact: bool  # the query is this listed name, word for word after folding

    # Written out: a dataclass's generated __init__ is interpreted Python even in the compiled build (oversight.native).
    def __init__(
        self, party: int, name: IndexedName | None, comparison: Comparison, score: float, verified: bool, exact: bool
    ) -> None:
        self.party, self.name, self.comparison, self.score, self.verified, self.exact = (
            party,
            name,
            comparison,
            score,
            verified,
            exact,
        )

    def rank(self) -> tuple[bool, float, bool]:
        return self.exact, self.score, self.verified


class Screener:
    """Screens names against every loaded list.

    Build it with `Screener.from_store(conn)` (cached while the loaded lists are unchanged) or
    `Screener(parsed_lists)`; then `screen(name)`, `screen_model(code)` or `compare(name, entity_id)`.
    """

    def __init__(
        self,
        lists: Iterable[ParsedList],
        config: MatchConfig = DEFAULT,
        *,
        prebuilt: tuple[NameIndex, Graph] | None = None,
    ) -> None:
        self.config = config
        self._below: dict[tuple[int, bool], tuple[list[int], list[int]]] = {}
        if prebuilt is not None:  # an index built before (`prebuilt`)
            self.index, self.graph = prebuilt
            self.parties = self.index.parties
            gc.freeze()
            return
        lists = list(lists)
        # Tens of thousands of small long-lived objects: collecting while building them triples the build time,
        # and freezing them afterwards keeps later collections from walking the index again and again.
        gc.disable()
        try:
            self.index = NameIndex(lists)
            self.graph = Graph(self.index.parties, self.index.by_id, lists)
        finally:
            gc.enable()
        gc.freeze()
        self.parties = self.index.parties

    @classmethod
    def prebuilt(cls, index: NameIndex, graph: Graph, config: MatchConfig = DEFAULT) -> Screener:
        """A screener over an index built before (read back from `index_cache`)."""
        return cls((), config, prebuilt=(index, graph))

    @classmethod
    def from_store(cls, conn: sqlite3.Connection) -> Screener:
        """The screener over everything loaded in the store, the curated reference list included (loaded on first use)."""
        store.ensure_curated(conn)
        return _cached(store.signature(conn), conn)

    def screen(
        self, name: str, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 10, include_unlisted: bool = False
    ) -> list[Match]:
        """Listed parties `name` is, belongs to, or is subordinate to, best first, each scored 0..1 with its path."""
        form, words = read(name), parts.Readings(name)  # once per call: queries are not remembered across calls
        candidates, gated = self.index.gated_candidates(form, words)
        hits = self._hits(form, sorted(candidates), words, threshold, gated)
        if _MODEL_LIKE.match(name.strip()):
            hits.extend(self._model_hits(name.strip()))
        return self._matches(name, hits, threshold, limit, include_unlisted)

    def screen_model(self, model: str, *, threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
        """Listed parties whose product model numbers look like `model` (DS-2CD2143G0-I is a Hikvision number)."""
        return self._matches(model, self._model_hits(model.strip()), threshold, 10, False)

    def compare(self, name: str, entity_id: str) -> Match | None:
        """How `name` reaches one party: its own names, or a party below it that its lists cover. None if not at all."""
        target = self.index.by_id.get(entity_id)
        if target is None:
            raise KeyError(entity_id)
        form = read(name)
        exact = self.index.by_surface.get((target, form.surface))
        if exact is not None:  # the query is one of the party's names word for word: no other way ranks higher
            hit = self._exact_hit(form, exact)
            party = self.parties[target]
            return self._match(
                name,
                rounded(hit.score),
                hit.verified and (not party.listed or any(l.verified for l in party.listings)),
                hit,
                None,
            )
        else:
            # As in screen(): only names sharing a key with the query (a core one edit away; too common keys do not
            # count), or, for word-aligned names, an anchor key (the scorer checks it), can match.
            indexed, chinese = self.index.names, has_han(name)
            aligned, rest = self._reachable_names(target, chinese)
            if rest and not form.empty:
                postings = self.index.postings
                wanted = {key for key, _ in keys(form, query=True) + self.index.near(form)}
                wanted = {key for key in wanted if len(postings.get(key, ())) <= MAX_POSTING}
                rest = [n for n in rest if any(key in indexed[n].keys for key in wanted)]
            sharing = aligned + (rest if not form.empty else [])
            hits = self._hits(form, sharing, parts.Readings(name))
        matches = self._matches(name, hits, 0.0, 1, True, only=target) if hits else []
        return matches[0] if matches else None

    def _reachable_names(self, target: int, chinese: bool) -> tuple[list[int], list[int]]:
        """Names of the party and of every party below it: those a query (`chinese`: in Chinese) meets word by word,
        and the rest (worked out once per party and script)."""
        found = self._below.get((target, chinese))
        if found is None:
            names = [n for p in (target, *self.graph.descendants(target)) for n in self.index.names_of.get(p, ())]
            indexed = self.index.names
            found = self._below[(target, chinese)] = (
                [n for n in names if _aligned(indexed[n], chinese)],
                [n for n in names if not _aligned(indexed[n], chinese)],
            )
        return found

    def clear_caches(self) -> None:
        """Forget what was learnt about queries (their analysis, pinyin, near words); the lists stay indexed."""
        analyze.cache_clear()
        parts.parse.cache_clear()
        fold.cache_clear()
        align.clear_caches()
        pinyin.keys.cache_clear()
        pinyin.spells.cache_clear()
        self.index.forget_queries()

    def party(self, entity_id: str) -> Party:
        return self.parties[self.index.by_id[entity_id]]

    def _hits(
        self,
        form: NameForm,
        candidates: Iterable[int],
        words: parts.Readings,
        floor: float = 0.0,
        gated: AbstractSet[int] = frozenset(),
    ) -> list[_Hit]:
        """The best-scoring name of each party among `candidates`; word-aligned pairs that a guard holds below
        `floor` are not scored further (screening reports nothing below its threshold); `gated` names are known to
        pass the index's key gate."""
        best: dict[int, _Hit] = {}
        names, parties, weight = self.index.names, self.parties, self.index.weight
        industry = form.sectors if form.cored else frozenset()
        chinese = has_han(form.original)
        for name_index in candidates:
            indexed = names[name_index]
            party = parties[indexed.party]
            if industry and party.sectors and not industry <= party.sectors:
                continue  # the query names an industry this party is not in (大华银行): none of its names can match
            comparison = self._compare(form, words, indexed, party, weight, chinese, floor, name_index in gated)
            if comparison is None or comparison.score <= 0:
                continue
            exact = not form.empty and form.surface == indexed.form.surface
            score = comparison.score if exact else comparison.score * KIND_FACTOR.get(indexed.kind, 1.0)
            if form.legal and indexed.kind in ("brand", "short"):
                score *= BRAND_FOR_LEGAL_NAME
            if _weak_word(indexed):
                score, exact = min(score, self.config.weak_word_cap), False
                comparison = comparison.noted(_WEAK_NOTE)
            hit = _Hit(indexed.party, indexed, comparison, score, indexed.verified, exact)
            current = best.get(indexed.party)
            if current is None or hit.rank() > current.rank():
                best[indexed.party] = hit
        return list(best.values())

    def _compare(
        self,
        form: NameForm,
        words: parts.Readings,
        indexed: IndexedName,
        party: Party,
        weight: Callable[[str], float],
        chinese: bool,
        floor: float,
        gated: bool,
    ) -> Comparison | None:
        """Chinese company and agency names go to the Chinese layer (match.compare); every other name is aligned word
        by word for its party's kind (align.score), keeping the Chinese layer's agency signatures for Latin names."""
        listed = indexed.parsed
        if listed is None or not _aligned(indexed, chinese):
            return compare(form, indexed.form, party.sectors, party.places, weight)
        if chinese and not aligns(form, listed.kind):  # (a query without Chinese aligns with every kind)
            return None
        query = words(listed.kind)
        gated = gated or self.index.gate(query, listed)
        scored = align.score(query, listed, self.config, floor, gated=True) if gated else align.NO_MATCH
        if not form.cored and not indexed.form.cored and listed.kind != "person":
            signature = compare(form, indexed.form, party.sectors, party.places, weight)
            if signature is not None and signature.method in _SIGNATURE_METHODS and signature.score > scored.score:
                return signature
        value, notes = scored.score, _NO_NOTES
        if value > 0 and listed.kind != "person" and place_differs(form.place_codes, party.places):
            value, notes = (
                rounded(value * PLACE_DIFFERS),
                (*notes, "the query's place is not where the listed party is"),
            )
        if value <= 0 or value < floor:
            return None
        return Comparison(value, _method(form.original, chinese, indexed.name, value), notes, scored)

    def _exact_hit(self, form: NameForm, name_index: int) -> _Hit:
        """The query is this listed name word for word: nothing to weigh but a brand standing for a registered name."""
        indexed = self.index.names[name_index]
        score = BRAND_FOR_LEGAL_NAME if form.legal and indexed.kind in ("brand", "short") else 1.0
        if _weak_word(indexed):
            return _Hit(
                indexed.party,
                indexed,
                Comparison(1.0, "exact", ("the same words", _WEAK_NOTE)),
                self.config.weak_word_cap,
                indexed.verified,
                False,
            )
        return _Hit(
            indexed.party, indexed, Comparison(1.0, "exact", ("the same words",)), score, indexed.verified, True
        )

    def _model_hits(self, model: str) -> list[_Hit]:
        hits = []
        folded = unicodedata.normalize("NFKC", model)
        for family, pattern in _model_patterns():
            party = self.index.by_id.get("curated:" + family.maker_id)
            if party is not None and pattern.match(folded):
                note = (
                    f"model '{model}' fits the {family.maker} model-number family {family.id} ({family.pattern}; "
                    f"source: {family.source}{'' if family.reviewed else ', unverified'})"
                )
                hits.append(
                    _Hit(
                        party,
                        None,
                        Comparison(MODEL_PREFIX, "model-prefix", (note,)),
                        MODEL_PREFIX,
                        family.reviewed,
                        False,
                    )
                )
        return hits

    def _matches(
        self,
        query: str,
        hits: list[_Hit],
        threshold: float,
        limit: int,
        include_unlisted: bool,
        only: int | None = None,
    ) -> list[Match]:
        """Rank every way the hits reach a listed party (directly or up a chain), keep the best per party, then
        write out explanations for the ones reported.

        Per party the best way starts from a name the query is word for word (海康机器人 is Hikrobot, a Hikvision
        subsidiary, before it is a Hikvision brand plus a descriptor), then scores higher, then rests on verified facts.
        """
        best: dict[int, tuple[bool, float, bool, _Hit, Coverage | None]] = {}
        for hit in hits:
            party = self.parties[hit.party]
            if (party.listed or include_unlisted) and only in (None, hit.party):
                verified = hit.verified and (not party.listed or any(l.verified for l in party.listings))
                _keep(best, hit.party, (hit.exact, rounded(hit.score), verified, hit, None))
            for coverage in self.graph.covering(hit.party):
                if only in (None, coverage.target):
                    verified = (
                        hit.verified
                        and all(e.link.verified for e in coverage.hops)
                        and any(l.verified for l in coverage.listings)
                    )
                    _keep(
                        best,
                        coverage.target,
                        (hit.exact, rounded(hit.score * coverage.factor), verified, hit, coverage),
                    )
        ranked = sorted(
            ((v, party) for party, v in best.items() if v[1] >= threshold),
            key=lambda item: (-item[0][1], self.parties[item[1]].id),
        )
        return [self._match(query, score, ok, hit, coverage) for (_, score, ok, hit, coverage), _ in ranked[:limit]]

    def _match(self, query: str, score: float, verified: bool, hit: _Hit, coverage: Coverage | None) -> Match:
        matched = hit.name.name if hit.name else query
        if coverage is None:
            party = self.parties[hit.party]
            via = (
                "model-prefix"
                if hit.name is None
                else _VIA_OF_METHOD.get(hit.comparison.method) or _VIA_OF_KIND.get(hit.name.kind, "alias")
            )
            return Match(
                query,
                party.name,
                party.id,
                score,
                party.list_names,
                via,
                matched,
                verified,
                party.listed,
                lambda: (self._first_step(query, hit), *_listing_steps(party.listings)),
            )
        target = self.parties[coverage.target]
        return Match(
            query,
            target.name,
            target.id,
            score,
            _list_names(coverage.listings),
            coverage.via,
            matched,
            verified,
            True,
            lambda: self._chain_path(query, hit, coverage),
        )

    def _chain_path(self, query: str, hit: _Hit, coverage: Coverage) -> tuple[str, ...]:
        target = self.parties[coverage.target]
        steps = [describe(edge, self.parties) for edge in coverage.hops]
        if any(l.covers == "affiliates" for l in coverage.listings) and not all(
            l.covers == "affiliates" for l in target.listings
        ):
            steps.append("only lists whose own text reaches subsidiaries and affiliates apply")
        return (self._first_step(query, hit), *steps, *_listing_steps(coverage.listings))

    def _first_step(self, query: str, hit: _Hit) -> str:
        party = self.parties[hit.party]
        details = "; ".join(hit.comparison.notes + (analyze(query).notes if hit.name else ()))
        if hit.name is None:
            return f"{details} → {party.name} [{party.id}]"
        name = hit.name
        source = f"; source: {name.source}" if name.source else ""
        check = "" if name.verified else ", unverified"
        return (
            f"'{query}' matched {name.kind} name '{name.name}' of {party.name} [{party.id}]: {details}{source}{check}"
        )


_NO_NOTES: Final[tuple[str, ...]] = ()
_WEAK_NOTE: Final = "a one-word weak alias: the list keeps it to confirm a hit, not to raise one"


def _weak_word(name: IndexedName) -> bool:
    """A weak alias of at most one word that says who (MARTIN, "EL MORENO", TAK, "07"): too broad to alert alone."""
    return name.kind == "weak" and name.parsed is not None and len(name.parsed.identity) <= 1


def _aligned(name: IndexedName, chinese_query: bool) -> bool:
    """Whether a query meets this name word by word (align) rather than in the Chinese layer (match)."""
    return name.parsed is not None and not (chinese_query and name.parsed.kind != "person")


def _method(query: str, chinese: bool, listed: str, score: float) -> str:
    """How a word-aligned match crossed scripts (`chinese`: the query has Han characters): pinyin (Han),
    transliteration (any other script), or not at all."""
    if chinese != has_han(listed):
        return "pinyin"
    if is_latin(query) != is_latin(listed):
        return "transliteration"
    return "exact" if score == 1.0 else "fuzzy"


def _keep(best: dict[int, tuple[Any, ...]], party: int, candidate: tuple[Any, ...]) -> None:
    """Keep the better way to a party: word-for-word first, then score, then verified facts."""
    current = best.get(party)
    if current is None or candidate[:3] > current[:3]:
        best[party] = candidate


def _list_names(listings: Iterable[Listing]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(l.list for l in listings))


def _listing_steps(listings: Iterable[Listing]) -> list[str]:
    steps = []
    for listing in listings:
        bits = [
            b
            for b in (
                listing.program if listing.program and listing.program != listing.list else None,
                listing.listed_on,
                listing.citation,
            )
            if b
        ]
        check = "" if listing.verified else " (unverified)"
        steps.append(f"listed: {listing.list}" + (f" — {'; '.join(bits)}" if bits else "") + check)
    return steps


@cache
def _model_patterns() -> tuple[tuple[ModelFamily, re.Pattern[str]], ...]:
    """The model-number families of models.yaml, each compiled to match a model token at the start of a query."""
    return tuple((family, re.compile(token(family.pattern))) for family in model_families())


_CACHE: Final[dict[tuple[str, ...], Screener]] = {}
_LOADED_READINGS: Final = 1 << 30  # readings of indexes read back start here; this process numbers its own from 0
_next_loaded = _LOADED_READINGS


def _cached(signature: tuple[str, ...], conn: sqlite3.Connection) -> Screener:
    """Lists are known by their content hashes, so stores with the same lists share one screener."""
    if signature not in _CACHE:
        _CACHE.clear()
        _CACHE[signature] = _from_disk(signature) or _built(signature, conn)
    return _CACHE[signature]


def _from_disk(signature: tuple[str, ...]) -> Screener | None:
    """The index built by an earlier process for the same lists and code (see index_cache), if any."""
    gc.disable()  # as in Screener.__init__: tens of thousands of small objects come back at once
    try:
        built = index_cache.load(signature)
    finally:
        gc.enable()
    if not (isinstance(built, tuple) and len(built) == 2):
        return None
    index, graph = built
    if not (isinstance(index, NameIndex) and isinstance(graph, Graph)):
        return None
    _renumber_readings(index)
    return Screener.prebuilt(index, graph)


def _renumber_readings(index: NameIndex) -> None:
    """Word readings are numbered per process (`parts.reading`) and alignment remembers word pairs by those numbers,
    so the words of an index read back move to a range of numbers this process never hands out (above
    `_LOADED_READINGS`, one range per index read): a number then always means one reading. A reading also seen in
    this process only gets a second number, which costs a second cache entry, never a wrong one."""
    global _next_loaded
    words = {
        id(part): part
        for name in index.names
        if name.parsed is not None
        for part in (*name.parsed.parts, *name.parsed.identity, *name.parsed.anchors, *name.parsed.leading)
        if part.reading >= 0  # unnumbered words stay as they were built
    }.values()
    offset = _next_loaded
    for part in words:
        part.reading += offset
    _next_loaded = offset + max((part.reading - offset for part in words), default=0) + 1


def _built(signature: tuple[str, ...], conn: sqlite3.Connection) -> Screener:
    screener = Screener(store.read_lists(conn))
    index_cache.save(signature, (screener.index, screener.graph))
    return screener
