"""Brand cells as tenders write them: a brand, then words that qualify it (定制, 或同等品, 或相当于).

The brand is what stands before the first qualifier; a cell that is only a qualifier or a placeholder names no one.
A model family and a brand agree only when the brand cell names the family's maker: otherwise the brand wins and
the disagreement is reported by the caller.
"""

from __future__ import annotations

import re
from functools import lru_cache

from oversight.entities.catalog import Family, key, vocabulary
from oversight.entities.layout import Cell

_EDGE = " ()/、,;:-_"


@lru_cache(maxsize=1)
def _qualifier_pattern() -> re.Pattern[str]:
    words = sorted(vocabulary().brand_qualifiers, key=len, reverse=True)
    return re.compile(r"[ (]*(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)


def brand_cell(cell: Cell | None) -> Cell | None:
    """The brand part of a brand or manufacturer cell, or None when it names no one."""
    if cell is None:
        return None
    text = cell.text
    match = _qualifier_pattern().search(text)
    cut = text[: match.start()] if match else text
    stripped = cut.rstrip(_EDGE)
    lead = len(stripped) - len(stripped.lstrip(_EDGE))
    stripped = stripped.lstrip(_EDGE)
    if len(stripped) < 2 or key(stripped) in vocabulary().placeholders:
        return None
    start = cell.start + lead
    return Cell(start, start + len(stripped), stripped)


def same_maker(brand: str, family: Family) -> bool:
    """Whether a brand cell names the maker of a model family (`海康` and DS-2CD…), in either script."""
    folded = key(brand)
    names = (family.maker, *family.names)
    return any(key(n) in folded or folded in key(n) for n in names if len(key(n)) >= 2)
