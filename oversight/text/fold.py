"""The two character folds of the project, so every stage folds text the same way.

`fold` is length-preserving: it maps every character that NFKC turns into one other character (full-width
letters, digits and punctuation, the ideographic space) and every traditional character to its simplified form.
Characters are never added or removed, so a span found in folded text is quoted straight from the raw text
(extraction and notice metadata use it).

`match_table` is the matching fold of detection and search: NFKC, lower case, traditional to simplified, with
whitespace, hyphens and invisible characters mapped to DROP and sentence ends to a newline. One numpy lookup per
character applies it; `match_fold` applies it to a short string (patterns, tests).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from oversight.text.chinese import simplified_map

if TYPE_CHECKING:  # numpy is imported where the table is built: the length-preserving fold needs none of it
    import numpy as np

DROP = 0  # match_table value for characters the matching fold leaves out
HYPHENS = "-\u00ad\u2010\u2011\u2012\u2043\ufe63\uff0d"
SENTENCE_ENDS = "。．｡!?;！？；"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_BMP = 0x10000
_UNICODE = 0x110000


@lru_cache(maxsize=1)
def _table() -> dict[int, int]:
    """Code point -> folded code point, for the characters the fold changes."""
    table: dict[int, int] = {}
    for code in range(0x80, _BMP):
        if 0xD800 <= code < 0xE000:
            continue
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = ord(folded)
    for code, simple in simplified_map().items():
        table.setdefault(code, simple)
    for code, target in list(table.items()):  # compatibility ideographs: NFKC first, then simplify
        table[code] = simplified_map().get(target, target)
    return table


_ARRAY_FROM = 256  # a page is folded by one array lookup; a short name by `str.translate`


def fold(text: str) -> str:
    """`text` with full-width forms half-width and traditional characters simplified; same length."""
    if len(text) < _ARRAY_FROM:
        return text.translate(_table())
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _fold_array()[codes].tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def _fold_array() -> np.ndarray:
    """`_table` as an array over all of Unicode: one lookup folds a whole page (about ten times faster than
    `str.translate` with a dict, which pages of Han text spend most of their folding time in)."""
    import numpy as np

    table = np.arange(_UNICODE, dtype=np.uint32)
    folds = _table()
    table[np.fromiter(folds, dtype=np.int64, count=len(folds))] = np.fromiter(
        folds.values(), dtype=np.uint32, count=len(folds)
    )
    return table


@lru_cache(maxsize=1)
def match_table() -> np.ndarray:
    """Code point -> folded code point (or DROP), for all of Unicode (outside the BMP code points stay)."""
    import numpy as np

    table = np.arange(_UNICODE, dtype=np.uint32)
    changed: dict[int, int] = {ord(c): DROP for c in HYPHENS + _INVISIBLE}
    for code in range(_BMP):
        char = chr(code)
        if char.isspace():
            changed[code] = DROP
        elif not 0xD800 <= code < 0xE000:
            folded = unicodedata.normalize("NFKC", char).lower()
            if folded != char and len(folded) == 1:
                changed.setdefault(code, DROP if folded.isspace() else ord(folded))
    changed.update({ord(c): ord("\n") for c in SENTENCE_ENDS})
    codes = np.fromiter(changed, dtype=np.int64, count=len(changed))
    table[codes] = np.fromiter(changed.values(), dtype=np.uint32, count=len(changed))
    _apply_simplified(table)
    return table


def _apply_simplified(table: np.ndarray) -> None:
    """Map each traditional (incl. Taiwan and Hong Kong variant) character to its simplified form."""
    import numpy as np

    pairs = simplified_map()
    if not pairs:
        return
    sources = np.fromiter(pairs.keys(), dtype=np.int64, count=len(pairs))
    targets = np.fromiter(pairs.values(), dtype=np.int64, count=len(pairs))
    unchanged = table[sources] == sources  # a character NFKC already folded keeps that fold
    table[sources[unchanged]] = table[targets[unchanged]]


def match_fold(text: str) -> str:
    """Fold `text` the way detection and search fold page text (used for patterns and tests)."""
    table = match_table()
    return "".join(chr(table[ord(c)]) for c in text if table[ord(c)] != DROP)
