"""Model numbers and chips: which maker a product token belongs to.

Model-number families (models.yaml) resolve a camera, recorder or radio to its manufacturer even when no brand is
written beside it. Chip families (chips.yaml) resolve accelerators and processors to their maker and the maker's
country of origin. Bare numbers such as `A100` or `T4` count only when the same line or row also names the maker
or says GPU / 加速卡, because on their own they are too short to mean anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from oversight.entities.catalog import ChipMaker, Family, vocabulary
from oversight.entities.literals import Literals
from oversight.text.anchors import anchors


@dataclass(frozen=True, slots=True)
class Hit:
    """A family match at [start, end) of the text searched."""

    family: Family
    start: int
    end: int


def model_hits(text: str) -> list[Hit]:
    """Model-number family matches in `text`, left to right, without overlaps."""
    return _untangle(Hit(f, m.start(), m.end()) for f, m in _scan("models", text))


def chip_hits(text: str, context: str | None = None) -> list[Hit]:
    """Chip family matches in `text`; bare-number families need a maker alias or chip word in `context`
    (default: the line around the match)."""
    hits = []
    for family, m in _scan("chips", text):
        if family.context and not _has_context(
            context if context is not None else _line_around(text, m.start()), family
        ):
            continue
        hits.append(Hit(family, m.start(), m.end()))
    return _untangle(hits)


def _scan(kind: str, text: str) -> Iterator[tuple[Family, re.Match[str]]]:
    """Every match of every family of `kind`, skipping families none of whose literal anchors is in the text."""
    always, anchored = _anchored(kind)
    present = {index for index, literal in anchored.found(text) if literal is None or literal in text}
    for index, family in enumerate(vocabulary().models if kind == "models" else vocabulary().chips):
        if index in present or index in always:
            yield from ((family, m) for m in family.pattern.finditer(text))


@cache
def _anchored(kind: str) -> tuple[frozenset[int], Literals[tuple[int, str | None]]]:
    """The families (by index) that have no anchor, and one automaton of the anchors of all the others: a family
    runs only where one of the literals that every match of it contains is on the page. The automaton ignores
    case; an anchor of a family that does not carries itself, to be checked as written."""
    families = vocabulary().models if kind == "models" else vocabulary().chips
    always: set[int] = set()
    words: list[tuple[str, tuple[int, str | None]]] = []
    for index, family in enumerate(families):
        literals = anchors(family.pattern.pattern, family.pattern.flags)
        if not literals:
            always.add(index)
        exact = not family.pattern.flags & re.IGNORECASE
        words.extend((literal, (index, literal if exact else None)) for literal in literals)
    return frozenset(always), Literals(words, ignore_case=True)


def maker_in(text: str) -> ChipMaker | None:
    """The chip maker a brand or manufacturer cell names (`英伟达NVIDIA` -> NVIDIA), if any."""
    for maker in vocabulary().chip_makers:
        if _alias_pattern(maker.id).search(text):
            return maker
    return None


def maker_chip_word(text: str) -> Iterator[tuple[ChipMaker, int, int]]:
    """`英伟达GPU`, `NVIDIA accelerator`: a maker alias followed by a chip word, in running text."""
    makers = vocabulary().chip_makers
    if not _maker_aliases().found(text):
        return
    for m in _alias_word_pattern().finditer(text):
        yield makers[int((m.lastgroup or "m0")[1:])], m.start(), m.end()


@lru_cache(maxsize=1)
def _maker_aliases() -> Literals[str]:
    """Every alias of every chip maker: a page without one names no chip maker."""
    return Literals(((a, m.id) for m in vocabulary().chip_makers for a in m.aliases), ignore_case=True)


def alias_before(text: str, start: int, family: Family) -> int:
    """Start of a maker alias written right before `start` (`英伟达 Tesla T4`), else `start`."""
    window = text[max(0, start - 24) : start]
    for alias in sorted(family.names, key=len, reverse=True):
        m = re.search(rf"{re.escape(alias)}[ ]?$", window, re.IGNORECASE)
        if m:
            return start - (len(window) - m.start())
    return start


def _untangle(hits: Iterable[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits, then order by position."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _has_context(text: str, family: Family) -> bool:
    folded = text.lower()
    words = vocabulary().chip_words
    return any(name.lower() in folded for name in family.names) or any(w.lower() in folded for w in words)


def _line_around(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start:] if end < 0 else text[start:end]


@cache
def _alias_pattern(maker_id: str) -> re.Pattern[str]:
    maker = next(m for m in vocabulary().chip_makers if m.id == maker_id)
    return re.compile("|".join(_alias_regex(a) for a in sorted(maker.aliases, key=len, reverse=True)), re.IGNORECASE)


@lru_cache(maxsize=1)
def _alias_word_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in vocabulary().chip_words)
    makers = "|".join(f"(?P<m{i}>{_alias_pattern(m.id).pattern})" for i, m in enumerate(vocabulary().chip_makers))
    return re.compile(rf"(?:{makers}) ?(?:{words})(?![A-Za-z])", re.IGNORECASE)


def _alias_regex(alias: str) -> str:
    """Latin aliases must stand as words (AMD, not AMDOCS); Han aliases match anywhere."""
    escaped = re.escape(alias)
    return rf"(?<![A-Za-z]){escaped}(?![a-z])" if alias.isascii() else escaped
