"""The matching view of a page: the text every detection pattern is written against.

Real extracted text varies in ways that must not change a match: traditional or simplified script, full- or
half-width forms, upper or lower case, and whitespace or hyphens that a PDF or OCR engine put inside a term. The
view folds each character (NFKC, lower case, OpenCC traditional-to-simplified) and drops whitespace and hyphens,
so `人脸\\n識別` and `人脸识别` read the same. Sentence ends (。！？；!?; and a period before whitespace) become a
newline, so a pattern gap (`.`) never reaches into the next sentence. Every view character keeps the raw offset
it came from, so quotes are cut from the raw text. Folding is one table lookup per character (numpy), with a
table built once per process.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from oversight.text.chinese import simplified_map

DROP = 0  # table value for characters the view leaves out
_BMP = 0x10000
_UNICODE = 0x110000
_HYPHENS = "-\u00ad\u2010\u2011\u2012\u2043\ufe63\uff0d"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_SENTENCE_ENDS = "。．｡!?;！？；"
_PERIOD, _NEWLINE = ord("."), ord("\n")


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


@lru_cache(maxsize=1)
def fold_table() -> np.ndarray:
    """Code point -> folded code point (or DROP), for all of Unicode (outside the BMP code points stay)."""
    table = np.arange(_UNICODE, dtype=np.uint32)
    changed: dict[int, int] = {ord(c): DROP for c in _HYPHENS + _INVISIBLE}
    for code in range(_BMP):
        char = chr(code)
        if char.isspace():
            changed[code] = DROP
        elif not 0xD800 <= code < 0xE000:
            folded = unicodedata.normalize("NFKC", char).lower()
            if folded != char and len(folded) == 1:
                changed.setdefault(code, DROP if folded.isspace() else ord(folded))
    changed.update({ord(c): ord("\n") for c in _SENTENCE_ENDS})
    codes = np.fromiter(changed, dtype=np.int64, count=len(changed))
    table[codes] = np.fromiter(changed.values(), dtype=np.uint32, count=len(changed))
    _apply_simplified(table)
    return table


def _apply_simplified(table: np.ndarray) -> None:
    """Map each traditional (incl. Taiwan and Hong Kong variant) character to its simplified form."""
    pairs = simplified_map()
    if not pairs:
        return
    sources = np.fromiter(pairs.keys(), dtype=np.int64, count=len(pairs))
    targets = np.fromiter(pairs.values(), dtype=np.int64, count=len(pairs))
    unchanged = table[sources] == sources  # a character NFKC already folded keeps that fold
    table[sources[unchanged]] = table[targets[unchanged]]


def fold(text: str) -> str:
    """Fold `text` the way the view folds page text (used for patterns and tests)."""
    table = fold_table()
    return "".join(chr(table[ord(c)]) for c in text if table[ord(c)] != DROP)


def build_view(raw: str) -> View:
    """Fold and strip `raw` into a View; cost is a few numpy passes over the page."""
    raw_codes = np.frombuffer(raw.encode("utf-32-le"), dtype=np.uint32)
    folded = fold_table()[raw_codes]
    folded[:-1][(raw_codes[:-1] == _PERIOD) & (folded[1:] == DROP)] = _NEWLINE  # ". " ends a sentence too
    kept = np.flatnonzero(folded)
    codes = folded[kept]
    return View(codes.tobytes().decode("utf-32-le"), codes, kept)
