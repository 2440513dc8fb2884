"""Normalised page text with a map back to raw offsets.

Raw text is kept for quoting; normalised text (NFKC per character, which also folds full-width forms to
half-width, and whitespace runs folded to one space) is what matching and search run on. Every offset in the
normalised text maps back to the raw text, so a match can always be quoted exactly as extracted.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_SPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _nfkc_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    # NFKC turns some symbols into space runs (e.g. U+3000); keep them as plain spaces.
    return " " if folded.isspace() else folded


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus breakpoints: `norm_starts[k]` in the normalised text maps to `raw_starts[k]`."""

    text: str
    norm_starts: array[int]
    raw_starts: array[int]

    def to_raw(self, index: int) -> int:
        """Raw offset of normalised offset `index` (an end offset maps to the end of its raw span)."""
        k = bisect_right(self.norm_starts, index) - 1
        if k < 0:
            return index
        return self.raw_starts[k] + (index - self.norm_starts[k])

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering normalised [start, end)."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def map_bytes(self) -> bytes:
        """Compact serialisation of the offset map, for the store."""
        merged = array("I")
        for norm, raw in zip(self.norm_starts, self.raw_starts):
            merged.append(norm)
            merged.append(raw)
        return merged.tobytes()

    @classmethod
    def from_store(cls, text: str, blob: bytes) -> Normalized:
        merged = array("I")
        merged.frombytes(blob)
        return cls(text, merged[0::2], merged[1::2])


def normalize(raw: str) -> Normalized:
    """Normalise `raw`, keeping breakpoints wherever the normalised-to-raw offset shift changes."""
    norm_starts = array("I", [0])
    raw_starts = array("I", [0])
    pieces: list[str] = []
    out_len = 0
    # Character-wise NFKC keeps offsets exact; only length-changing characters need a breakpoint.
    table = {ord(c): _nfkc_char(c) for c in set(raw)}
    expanding = {k for k, v in table.items() if len(v) != 1}
    position = 0
    for match in _SPACE_RUN.finditer(raw):
        out_len = _append_chunk(
            raw, position, match.start(), table, expanding, pieces, out_len, norm_starts, raw_starts
        )
        pieces.append(" ")
        out_len += 1
        norm_starts.append(out_len)
        raw_starts.append(match.end())
        position = match.end()
    _append_chunk(raw, position, len(raw), table, expanding, pieces, out_len, norm_starts, raw_starts)
    return Normalized("".join(pieces), norm_starts, raw_starts)


def _append_chunk(
    raw: str,
    start: int,
    end: int,
    table: dict[int, str],
    expanding: set[int],
    pieces: list[str],
    out_len: int,
    norm_starts: array[int],
    raw_starts: array[int],
) -> int:
    chunk = raw[start:end]
    if not expanding or not any(ord(c) in expanding for c in chunk):
        pieces.append(chunk.translate(table))
        return out_len + len(chunk)
    for i, char in enumerate(chunk):
        folded = table[ord(char)]
        pieces.append(folded)
        out_len += len(folded)
        if len(folded) != 1:
            norm_starts.append(out_len)
            raw_starts.append(start + i + 1)
    return out_len
