"""Quote a result page: a stretch of the raw page text showing the query's phrases, with every match located.

Phrases are found among the page's search tokens exactly as the index matched them (so across line breaks and in
traditional script), then mapped from normalised to raw offsets, so the snippet is the text as extracted.
"""

from __future__ import annotations

from dataclasses import dataclass

from oversight.search.tokens import find
from oversight.text.normalize import Normalized

BEFORE = 50  # raw characters of context before the first match
WIDTH = 160  # raw characters a snippet aims for
MAX_CANDIDATES = 64  # matches tried as the snippet's anchor


@dataclass(frozen=True, slots=True)
class Snippet:
    """`text` is raw_text[start:start + len(text)]; `matches` are [start, end) offsets into `text`."""

    text: str
    start: int
    matches: tuple[tuple[int, int], ...]


def snippet(raw_text: str, norm_text: str, norm_map: bytes, phrases: tuple[tuple[str, ...], ...]) -> Snippet:
    """The raw stretch showing the most different phrases, with every match inside it (the page's start if none)."""
    norm = Normalized.from_store(norm_text, norm_map)
    hits = [(*norm.raw_span(start, end), number) for start, end, number in find(norm_text, phrases)]
    start = _best_start(hits)
    end = min(len(raw_text), start + WIDTH)
    merged: list[tuple[int, int]] = []
    for s, e, _ in hits:
        s, e = max(s, start) - start, min(e, end) - start
        if e <= 0 or s >= end - start:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return Snippet(raw_text[start:end], start, tuple(merged))


def _best_start(hits: list[tuple[int, int, int]]) -> int:
    """Where a window opening BEFORE characters ahead of a match covers the most distinct phrases (earliest wins)."""
    best, best_count = 0, 0
    for s, _, _ in hits[:MAX_CANDIDATES]:
        start = max(0, s - BEFORE)
        count = len({n for hs, he, n in hits if hs >= start and he <= start + WIDTH})
        if count > best_count:
            best, best_count = start, count
    return best
