"""Many literal words found in one pass over a page: one Aho-Corasick automaton per vocabulary.

A page is read once whatever the number of words (brands, list names, header terms, model-number anchors), where
a regular-expression alternation or a loop over the words would cost one trial per word per position. Matching
can ignore case: the page is lowered once with `lower`, which keeps every offset.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

import ahocorasick

T = TypeVar("T")


def lower(text: str) -> str:
    """`text` in lower case, the same length (a character whose lower case is longer stays as it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Literals(Generic[T]):
    """Words, each with a value, looked for all at once; `ignore_case`: words and page compare lowered."""

    def __init__(self, words: Iterable[tuple[str, T]], *, ignore_case: bool = False) -> None:
        self.ignore_case = ignore_case
        self._automaton: Any = ahocorasick.Automaton()
        values: dict[str, list[T]] = {}
        for word, value in words:
            if word:
                values.setdefault(lower(word) if ignore_case else word, []).append(value)
        for word, group in values.items():
            self._automaton.add_word(word, (len(word), tuple(group)))
        self.size = len(values)
        if values:
            self._automaton.make_automaton()

    def spans(self, text: str) -> Iterator[tuple[int, int, tuple[T, ...]]]:
        """(start, end, values) of every occurrence, overlapping ones included, by end offset; `text` must
        already be lowered when the words ignore case (see `lower`)."""
        if not self.size:
            return
        for last, (length, group) in self._automaton.iter(text):
            yield last + 1 - length, last + 1, group

    def leftmost_longest(self, text: str) -> list[tuple[int, int, tuple[T, ...]]]:
        """Occurrences that do not overlap, as a regular-expression alternation of the words, longest first,
        finds them: left to right, the longest word at each place, then on from its end."""
        kept: list[tuple[int, int, tuple[T, ...]]] = []
        after = 0
        for start, end, group in sorted(self.spans(text), key=lambda s: (s[0], s[0] - s[1])):
            if start >= after:
                kept.append((start, end, group))
                after = end
        return kept

    def found(self, text: str) -> set[T]:
        """The values of every word that occurs in `text` (lowered here when the words ignore case)."""
        if not self.size:
            return set()
        return {v for _, _, group in self.spans(lower(text) if self.ignore_case else text) for v in group}
