"""A length-preserving fold of page text, so a match in folded text is a match at the same raw offsets.

Extraction patterns are written once, in simplified script and half-width forms; the fold maps every character
that NFKC turns into one other character (full-width letters, digits and punctuation, the ideographic space)
and every traditional character to its simplified form. Characters are never added or removed, which is what
lets every extracted span be quoted straight from `pages.raw_text`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from oversight.text.chinese import simplified_map

_BMP = 0x10000


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


def fold(text: str) -> str:
    """`text` with full-width forms half-width and traditional characters simplified; same length."""
    return text.translate(_table())
