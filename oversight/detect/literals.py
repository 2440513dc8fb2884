"""Find every anchor of every rule in one vectorised pass over a page.

A page is scanned once: the first two and three characters at every position are hashed into bit tables
holding the prefixes of the anchors (the q-gram filter of Hyperscan's FDR literal matcher), in numpy. Only the
few positions that pass are compared with the anchors starting there. This beats a general Aho-Corasick
automaton here: the anchors start with well over a hundred distinct characters, and an automaton with that
fan-out at its root costs more per character than the whole page is allowed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

_BITS = 20
_MASK = np.uint32((1 << _BITS) - 1)
_MULTIPLIER = np.uint32(40503)


def _hash(*columns: np.ndarray) -> np.ndarray:
    """Hash rows of code points (uint32; products wrap around, which a hash may do)."""
    value = columns[0]
    for column in columns[1:]:
        value = (value * _MULTIPLIER) ^ column
    return value & _MASK


class Literals:
    """A fixed set of strings (each at least two characters), each with a payload, searchable in one pass."""

    def __init__(self, payloads: dict[str, object]) -> None:
        if any(len(s) < 2 for s in payloads):
            raise ValueError("literals must be at least two characters long")
        # Index by the first three characters where there are three: pairs alone are too common in English.
        self._tables = {2: np.zeros(1 << _BITS, dtype=bool), 3: np.zeros(1 << _BITS, dtype=bool)}
        self._by_prefix: dict[str, list[tuple[str, object]]] = {}
        for literal, payload in sorted(payloads.items(), key=lambda item: -len(item[0])):
            prefix = literal[:3]
            self._by_prefix.setdefault(prefix, []).append((literal, payload))
            self._tables[len(prefix)][_hash(*(np.array([ord(c)], dtype=np.uint32) for c in prefix))] = True

    def find(self, text: str, codes: np.ndarray) -> Iterator[tuple[int, int, object]]:
        """(start, end, payload) of every occurrence in `text` (whose code points are `codes`), in text order."""
        size = len(codes)
        if size < 2:
            return
        passed = self._tables[2][_hash(codes[:-1], codes[1:])]
        if size > 2:
            passed[:-1] |= self._tables[3][_hash(codes[:-2], codes[1:-1], codes[2:])]
        for position in np.flatnonzero(passed).tolist():
            three, two = text[position : position + 3], text[position : position + 2]
            for prefix in (three, two) if three != two else (two,):
                for literal, payload in self._by_prefix.get(prefix, ()):
                    if text.startswith(literal, position):
                        yield position, position + len(literal), payload
