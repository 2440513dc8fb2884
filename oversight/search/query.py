"""Parse what a person types into an FTS5 match expression and the phrases to highlight.

Terms separated by spaces must all occur (AND); `OR` between two terms accepts either and binds tighter than the
spaces, as in web search (`海康 OR 大华 维族` is (海康 or 大华) and 维族); "double quotes" make a phrase. Every term is a phrase of its tokens (see `tokens`), so 海康威视 asks for those four characters in a row
and `H.265` for `h 265`, wherever the page broke lines between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oversight.errors import OversightError
from oversight.search.tokens import match_phrase, query_tokens

_PART = re.compile(r'"([^"]*)"?|(\S+)')


class QueryError(OversightError):
    """The query cannot be searched as typed."""


@dataclass(frozen=True, slots=True)
class Query:
    """`match` goes to FTS5; `phrases` are the query tokens of each term, which result pages are highlighted with."""

    text: str
    match: str
    phrases: tuple[tuple[str, ...], ...]


def parse(text: str) -> Query:
    """Parse `text`; raises QueryError when nothing searchable is left or `OR` lacks a side."""
    groups: list[list[str]] = []
    phrases: list[tuple[str, ...]] = []
    pending_or = False
    for match in _PART.finditer(text):
        quoted, bare = match.groups()
        if bare == "OR":
            if not phrases or pending_or:
                raise QueryError("OR needs a term on each side")
            pending_or = True
            continue
        phrase = query_tokens(quoted if quoted is not None else bare)
        if not phrase:
            continue
        if not pending_or:
            groups.append([])
        groups[-1].append(match_phrase(phrase))
        phrases.append(phrase)
        pending_or = False
    if pending_or:
        raise QueryError("OR needs a term on each side")
    if not phrases:
        raise QueryError(f"nothing to search for in {text!r}: give letters, digits or Chinese characters")
    match = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    return Query(text, match, tuple(dict.fromkeys(phrases)))
