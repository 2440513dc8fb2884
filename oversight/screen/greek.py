"""Greek words in Latin letters as Greek passports and lists spell them (ELOT 743), not as ICU's classical
transliteration does: Βαρουφάκης is Varoufakis, not Barouphakes; Ευάγγελος Βενιζέλος is Evangelos Venizelos.
The letters and letter pairs, with where in a word they apply, are `data/greek_letters.csv`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from oversight.datafile import read_csv

GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_VOICELESS = set("θκξπσςτφχψ")
_DIAERESIS = "\u0308"


@cache
def _table() -> dict[str, dict[str, str]]:
    """Greek letters or pairs -> {position: Latin} (position: any, initial, voiceless)."""
    out: dict[str, dict[str, str]] = {}
    for row in read_csv("oversight.screen", "data/greek_letters.csv", ("greek", "latin", "position")):
        out.setdefault(row["greek"], {})[row["position"]] = row["latin"]
    return out


@lru_cache(maxsize=65536)
def latin(word: str) -> str:
    """A Greek word in lower-case Latin letters (ELOT 743); letters of other scripts are kept as they are."""
    letters: list[str] = []
    split: set[int] = set()  # positions of vowels with a diaeresis: they start a new sound (Χρυσοχοΐδης)
    for char in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(char):
            if char == _DIAERESIS and letters:
                split.add(len(letters) - 1)
            continue
        letters.append(char)
    table = _table()
    out: list[str] = []
    i = 0
    while i < len(letters):
        pair = "".join(letters[i : i + 2])
        rule = table.get(pair) if len(pair) == 2 and i + 1 not in split else None
        if rule is not None:
            after = letters[i + 2] if i + 2 < len(letters) else ""
            if i == 0 and "initial" in rule:
                out.append(rule["initial"])
            elif "voiceless" in rule and (not after or after in _VOICELESS):
                out.append(rule["voiceless"])
            else:
                out.append(rule["any"])
            i += 2
            continue
        single = table.get(letters[i])
        out.append(single["any"] if single else letters[i])
        i += 1
    return "".join(out)
