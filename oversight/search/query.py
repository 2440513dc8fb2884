"""Parse what a person types into an FTS5 match expression and the phrases to highlight.

Terms separated by spaces must all occur (AND); `OR` between two terms accepts either and binds tighter than the
spaces, as in web search (`海康 OR 大华 维族` is (海康 or 大华) and 维族); "double quotes" make a phrase; `NOT term`
or `-term` drops pages that have it; a trailing `*` makes the last word a prefix (`DS-2CD*`, `Hikvi*`). Every term
is a phrase of its tokens (see `tokens`), so 海康威视 asks for those four characters in a row and `H.265` for
`h 265`, wherever the page broke lines between them.

Entity-aware: given an alias lookup (`aliases.lookup`), a bare term that is a party's name also searches the
party's other names in any script (Hikvision -> 海康威视, 海康), and `Query.expansions` says which. Quoted terms
and prefixes are searched as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from oversight.errors import OversightError
from oversight.search.tokens import PREFIX, is_cjk, match_phrase, query_tokens

Phrase = tuple[str, ...]
AliasLookup = Callable[[Phrase], list[tuple[str, Phrase]]]  # a term's tokens -> (name, tokens) of its other names
MAX_ALTERNATIVES = 16  # names one term may expand to
MAX_NAME_WORDS = 8  # words of a party name typed without quotes
MIN_PREFIX = 2  # characters of a word prefix: shorter ones would match half the index
_PART = re.compile(r'(-?)"([^"]*)"?(\*?)|(\S+)')


class QueryError(OversightError):
    """The query cannot be searched as typed."""


@dataclass(frozen=True, slots=True)
class Query:
    """`match` goes to FTS5; `phrases` (the terms to find, with their aliases) are what result pages highlight."""

    text: str
    match: str
    phrases: tuple[Phrase, ...]
    expansions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (term as typed, the other names it searched)


@dataclass(slots=True)
class _Term:
    typed: str
    tokens: Phrase
    negated: bool
    literal: bool  # quoted or a prefix: searched as typed, never expanded


def parse(text: str, aliases: AliasLookup | None = None) -> Query:
    """Parse `text`; raises QueryError when nothing searchable is left or an operator lacks its term."""
    groups: list[list[_Term]] = []
    pending_or = pending_not = False
    for match in _PART.finditer(text):
        dash, quoted, star, bare = match.groups()
        if bare in ("OR", "NOT"):
            if pending_or or pending_not:
                raise QueryError(f"{bare} cannot follow {'OR' if pending_or else 'NOT'}")
            if bare == "OR" and not groups:
                raise QueryError("OR needs a term on each side")
            pending_or, pending_not = bare == "OR", bare == "NOT"
            continue
        term = _term(dash, quoted, star, bare, pending_not)
        if term is None:
            continue
        if pending_or and (term.negated or groups[-1][0].negated):
            raise QueryError("NOT cannot be joined with OR: write the OR terms, then NOT the others")
        if not pending_or:
            groups.append([])
        groups[-1].append(term)
        pending_or = pending_not = False
    if pending_or or pending_not:
        raise QueryError("OR needs a term on each side" if pending_or else "NOT needs a term after it")
    if not groups:
        raise QueryError(f"nothing to search for in {text!r}: give letters, digits or Chinese characters")
    if all(group[0].negated for group in groups):
        raise QueryError("NOT only narrows a search: give at least one term to find")
    if aliases is not None:
        groups = _names(groups, aliases)
    return _build(text, groups, aliases)


def _names(groups: list[list[_Term]], aliases: AliasLookup) -> list[list[_Term]]:
    """Join runs of bare words that together are a party's name (Hangzhou Hikvision Digital ...) into one term,
    longest run first, so the name is expanded as a whole."""
    out: list[list[_Term]] = []
    start = 0
    while start < len(groups):
        for end in range(min(len(groups), start + MAX_NAME_WORDS), start + 1, -1):
            run = groups[start:end]
            if all(len(g) == 1 and not g[0].negated and not g[0].literal for g in run):
                tokens = tuple(token for g in run for token in g[0].tokens)
                if aliases(tokens):
                    out.append([_Term(" ".join(g[0].typed for g in run), tokens, False, False)])
                    start = end
                    break
        else:
            out.append(groups[start])
            start += 1
    return out


def _term(dash: str | None, quoted: str | None, star: str | None, bare: str | None, negated: bool) -> _Term | None:
    """One typed term, or None when it holds nothing searchable."""
    if bare is not None:
        negated = negated or (bare.startswith("-") and len(bare) > 1)
        star = "*" if bare.endswith("*") else ""
        words = bare.removeprefix("-") if negated and bare.startswith("-") else bare
        typed, literal = words, bool(star)
    else:
        negated, typed, literal = negated or bool(dash), quoted or "", True
    tokens = query_tokens(typed)
    if not tokens:
        return None
    if star and not is_cjk(tokens[-1]):
        if len(tokens[-1]) < MIN_PREFIX:
            raise QueryError(f"{typed!r}: a prefix needs at least {MIN_PREFIX} letters or digits before *")
        tokens = (*tokens[:-1], tokens[-1] + PREFIX)
    return _Term(typed, tokens, negated, literal)


def _build(text: str, groups: list[list[_Term]], aliases: AliasLookup | None) -> Query:
    wanted: list[str] = []
    unwanted: list[str] = []
    phrases: list[Phrase] = []
    expansions: list[tuple[str, tuple[str, ...]]] = []
    for group in groups:
        alternatives: list[Phrase] = []
        for term in group:
            others = [] if term.literal or aliases is None else aliases(term.tokens)
            kept = _without_subsumed([term.tokens, *(tokens for _, tokens in others)])[:MAX_ALTERNATIVES]
            names = tuple(name for name, tokens in others if tokens in kept and tokens != term.tokens)
            if names:
                expansions.append((term.typed, names))
            alternatives += [tokens for tokens in kept if tokens not in alternatives]
        expression = " OR ".join(match_phrase(tokens) for tokens in alternatives)
        if group[0].negated:
            unwanted.append(expression)
        else:
            wanted.append(expression if len(alternatives) == 1 else f"({expression})")
            phrases += alternatives
    match = " AND ".join(wanted)
    if unwanted:
        match = f"({match}) NOT ({' OR '.join(unwanted)})"
    return Query(text, match, tuple(dict.fromkeys(phrases)), tuple(expansions))


def _without_subsumed(phrases: list[Phrase]) -> list[Phrase]:
    """Drop every phrase that contains another as a run of tokens: the shorter one already finds its pages."""
    unique = list(dict.fromkeys(phrases))
    return [p for p in unique if not any(q != p and _contains(p, q) for q in unique)]


def _contains(longer: Phrase, shorter: Phrase) -> bool:
    if any(token.endswith(PREFIX) for token in shorter):
        return False
    size = len(shorter)
    return size < len(longer) and any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))
