"""Country and place names in non-Latin scripts, inflected by case in Russian, Ukrainian and Belarusian, read as the
place they name.

Slavic languages decline names: the Savings Bank *of Russia* is Сбербанк России, with России the genitive of Россия;
rigour's territory names are nominative only. A Cyrillic word of a company name that is no known word is read back
to its possible nominatives by the noun endings of `data/cyrillic_cases.csv`, and is a place when one of them names
a territory (`rigour.territories.lookup_territory`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rigour.territories import lookup_territory

from oversight.datafile import read_csv

_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]{3,}")
MIN_STEM = 3  # letters left after an ending is taken off (Иран, Чад: a shorter stem names nothing)


@cache
def _endings() -> tuple[tuple[str, str], ...]:
    rows = read_csv("oversight.screen", "data/cyrillic_cases.csv", ("ending", "nominative", "source"))
    return tuple((row["ending"], row["nominative"]) for row in rows)


@lru_cache(maxsize=16384)
def territory(word: str) -> str | None:
    """The territory code of a place name in a non-Latin script that the tokeniser left untagged (ایران: ir), or of
    an inflected Cyrillic one (России: ru; Китая: cn); else None."""
    word = word.lower()
    if not _CYRILLIC_WORD.fullmatch(word):  # (Cyrillic nominatives are tagged already; Газа is the genitive of gas)
        found = lookup_territory(word) if len(word) >= MIN_STEM else None
        return str(found.code) if found is not None else None
    for ending, nominative in _endings():
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < MIN_STEM:
            continue
        found = lookup_territory(stem + nominative)
        if found is not None:
            return str(found.code)
    return None
