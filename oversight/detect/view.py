"""The matching view of a page: the text every detection pattern is written against.

Real extracted text varies in ways that must not change a match: traditional or simplified script, full- or
half-width forms, upper or lower case, and whitespace or hyphens that a PDF or OCR engine put inside a term. The
view folds each character (NFKC, lower case, OpenCC traditional-to-simplified) and drops whitespace and hyphens,
so `人脸\\n識別` and `人脸识别` read the same. Sentence ends (。！？；!?; and a period before whitespace) become a
newline, so a pattern gap (`.`) never reaches into the next sentence. So does a line break between two lines
without CJK characters, unless a hyphen broke a word there (`recog-\\nnition`): English lines are separate
statements (list items, table cells) far more often than a term split in two, while CJK terms split over lines
must still join. Every view character keeps the raw offset it came from, so quotes are cut from the raw text.
Folding is one table lookup per character (numpy), with a table built once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from oversight.text.fold import DROP, HYPHENS, match_table

_UNICODE = 0x110000
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_PERIOD, _NEWLINE = ord("."), ord("\n")
_LINE_BREAK, _HYPHEN = 1, 2  # marks in `mark_table`
_EAST_ASIAN = 0x2E80  # from here on: CJK radicals and punctuation, kana, ideographs, hangul, full-width forms


@dataclass(frozen=True, slots=True)
class View:
    """Folded text plus, for every view character, the raw offset it came from."""

    text: str
    codes: np.ndarray  # uint32 code points of `text`
    raw_index: np.ndarray  # raw offset of each character of `text`

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) of the view span [start, end)."""
        return int(self.raw_index[start]), int(self.raw_index[end - 1]) + 1

    def gap_before(self, index: int) -> bool:
        """Were characters (whitespace, hyphens) dropped just before view character `index` (or the end)?"""
        if index <= 0 or index >= len(self.text):
            return True
        return bool(self.raw_index[index] - self.raw_index[index - 1] > 1)


def build_view(raw: str) -> View:
    """Fold and strip `raw` into a View; cost is a few numpy passes over the page."""
    raw_codes = np.frombuffer(raw.encode("utf-32-le"), dtype=np.uint32)
    folded = match_table()[raw_codes]
    folded[:-1][(raw_codes[:-1] == _PERIOD) & (folded[1:] == DROP)] = _NEWLINE  # ". " ends a sentence too
    kept = np.flatnonzero(folded)
    if _break_latin_lines(raw_codes, folded, kept):
        kept = np.flatnonzero(folded)
    codes = folded[kept]
    return View(codes.tobytes().decode("utf-32-le"), codes, kept)


@lru_cache(maxsize=1)
def mark_table() -> np.ndarray:
    """Code point -> _LINE_BREAK, _HYPHEN or 0: one lookup per character, where a set test costs one per member."""
    table = np.zeros(_UNICODE, dtype=np.uint8)
    table[[ord(c) for c in _LINE_BREAKS]] = _LINE_BREAK
    table[[ord(c) for c in HYPHENS]] = _HYPHEN
    return table


def _break_latin_lines(raw_codes: np.ndarray, folded: np.ndarray, kept: np.ndarray) -> bool:
    """Keep, as a newline, the first line break of each dropped run between two lines without CJK characters.

    Whole lines are judged, not the characters beside the break: CJK typesetting wraps anywhere, even inside
    an embedded Latin word (`I\\nMSI采集`), while English wraps only between words. `kept` holds the positions
    of the characters not dropped; returns whether any break was kept.
    """
    marks = mark_table()[raw_codes]
    is_break = marks == _LINE_BREAK
    breaks = np.flatnonzero(is_break & (folded == DROP))
    after = np.searchsorted(kept, breaks)
    inside = (after > 0) & (after < len(kept))
    breaks, after = breaks[inside], after[inside]
    first = np.ones(len(after), dtype=bool)  # one newline per dropped run: its first break
    first[1:] = after[1:] != after[:-1]
    breaks, after = breaks[first], after[first]
    before, following = kept[after - 1], kept[after]
    hyphens = np.flatnonzero(marks == _HYPHEN)
    split_word = np.searchsorted(hyphens, breaks) > np.searchsorted(hyphens, before)  # a hyphen ends the line
    sentence_end = (folded[before] == _NEWLINE) | (folded[following] == _NEWLINE)
    beside = (raw_codes[before] < _EAST_ASIAN) & (raw_codes[following] < _EAST_ASIAN)
    candidate = beside & ~split_word & ~sentence_end
    if not candidate.any():
        return False
    breaks, before, following = breaks[candidate], before[candidate], following[candidate]
    line = np.cumsum(is_break)
    cjk_line = np.zeros(int(line[-1]) + 1, dtype=bool)
    cjk_line[line[raw_codes >= _EAST_ASIAN]] = True
    breaks = breaks[~cjk_line[line[before]] & ~cjk_line[line[following]]]
    folded[breaks] = _NEWLINE
    return bool(len(breaks))
