"""Screen extracted mentions: ask a resolver about each name a mention carries and keep the best listed match.

The resolver is `oversight.screen.Screener` (anything with its `screen(name) -> list[Match]` fits). A mention is
screened under its own text, under the maker its model number or chip resolved to, and under its model number,
so `DS-2CD…` in an empty-brand row screens as Hikvision. Each distinct name is asked once per run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from oversight.entities.layout import compact
from oversight.entities.records import EntityRecord, Mention
from oversight.screen.evidence import refusal


class Match(Protocol):
    listed_name: str
    matched_name: str
    score: float
    lists: Sequence[str]
    via: str  # name | alias | brand | pinyin | translation | subordinate | ownership | model-prefix
    path: Sequence[str]  # the explanation, one step per line


class Resolver(Protocol):
    def screen(self, name: str) -> Sequence[Any]: ...


class CachedResolver:
    """Asks the resolver once per distinct name (documents repeat the same buyer and brands on every page)."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.cache: dict[str, Match | None] = {}

    def best(self, name: str) -> Match | None:
        if name not in self.cache:
            matches = list(self.resolver.screen(name))
            self.cache[name] = max(matches, key=lambda m: m.score) if matches else None
        return self.cache[name]


def screen_mention(document_id: int, mention: Mention, resolver: CachedResolver) -> EntityRecord:
    """The record for `mention`: listed when its text, its maker's names or its model match a listed party."""
    best: tuple[Match, str] | None = None
    text = compact(mention.text)  # a name wrapped over two lines is screened and shown as one
    if mention.zone == "clause":  # a standard clause names no party of the purchase: nothing to screen
        return EntityRecord(document_id, mention, mention.maker or text)
    for query in dict.fromkeys(q for q in (text, *mention.names, mention.model) if q):
        match = resolver.best(query)
        if match is not None and refusal(query, match) is not None:
            continue
        if match is not None and (best is None or match.score > best[0].score):
            best = (match, query)
    if best is None:
        return EntityRecord(document_id, mention, mention.maker or text)
    match, query = best
    via = match.via if query == text else f"{match.via}: {query}"
    return EntityRecord(
        document_id,
        mention,
        match.listed_name,
        True,
        list(match.lists),
        round(float(match.score), 4),
        via,
        "\n".join(match.path),
    )
