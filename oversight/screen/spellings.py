"""Latin spellings of one name from different romanisation systems, brought to one form.

A name written in Cyrillic or Greek reaches Latin through whichever system its writer used: BGN/PCGN (Yevgeniy,
Khodorkovsky), ISO 9 or GOST with accents dropped (Evgenij, Hodorkovskij), national systems (Ukrainian Iurii,
Greek ELOT 743 Giannis, Kazakh Qasym) or customary spellings (Yanis, Pyotr / Petr, Kassym). Two such spellings of
one word are often more than a typo apart, so two name words that are no typo of each other still meet when their
common forms are equal (`align._similarity`, `align._soft`), and the index keys each word on its common form
(`KEY`). The rewrites and the systems they come from are `data/romanisation_variants.csv`; they are applied in order.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from oversight.datafile import read_csv
from oversight.screen.memo import Memo

SHORTEST: Final = 4  # shorter words are too short to tell apart in their common form (Ian, Jan, Yan)
KEY: Final = "≡"  # index keys of a word's common form (`parts`)


@cache
def _rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows = read_csv("oversight.screen", "data/romanisation_variants.csv", ("pattern", "spelling", "source"))
    return tuple((re.compile(row["pattern"]), row["spelling"]) for row in rows)


def common(word: str) -> str:
    """`word` (lower-case ASCII letters) in the form its romanisation variants share (giannis, yanis: ianis);
    remembered per word."""
    found = _COMMON.get(word)
    if found is None:
        found = word
        for pattern, spelling in _rules():
            found = pattern.sub(spelling, found)
        found = _COMMON.put(word, found)
    return found


_COMMON: Final[Memo[str, str]] = Memo(65536)


def same(a: str, b: str, shortest: int = SHORTEST) -> bool:
    """Whether two differing words of `shortest` letters or more are spellings of one romanised word."""
    return min(len(a), len(b)) >= shortest and common(a) == common(b)
