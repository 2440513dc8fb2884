"""Korean names in Hangul against their Latin spellings, syllable by syllable.

A Korean name (김정은) is a family name of one syllable (rarely two) and a given name of one to three; Latin writes
it in several systems (Revised Romanization: Gim Jeongeun; McCune-Reischauer: Kim Chongun; usage: Kim Jong-un,
Kim Jong Un) and splits or hyphenates the given name at will. A consonant skeleton is too coarse for names this
short (Jong Un and Jong Il share one), so each syllable is decomposed into its letters (jamo) and the Latin given
name, spaces and hyphens dropped, must be spelt by one spelling of each syllable in turn. Family names have
customary spellings no system yields (Park, Lee, Choi): `data/korean_surnames.csv`. The letter spellings are
`data/korean_jamo.csv`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import product

from oversight.datafile import read_csv

# Jamo in the order of Unicode's Hangul syllable composition (initial, medial, final).
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_FIRST, _LAST = 0xAC00, 0xD7A3
_NAME = re.compile(r"[\uac00-\ud7a3]{2,5}")
_NOT_LETTER = re.compile(r"[^a-z]+")
_COLUMNS = {"korean_jamo.csv": ("position", "jamo", "spellings"), "korean_surnames.csv": ("hangul", "spellings")}
INDEX_SPELLINGS = 2  # spellings per syllable that index keys carry (the first ones of each letter)


def is_syllable(char: str) -> bool:
    return _FIRST <= ord(char) <= _LAST


def is_name(text: str) -> bool:
    """Whether `text` can be a Korean person's name written in Hangul (two to five syllables)."""
    return _NAME.fullmatch(text) is not None


@cache
def _letters() -> dict[tuple[str, str], tuple[str, ...]]:
    rows = _rows("korean_jamo.csv")
    return {(row["position"], row["jamo"]): tuple(row["spellings"].split()) or ("",) for row in rows}


@cache
def _surnames() -> dict[str, frozenset[str]]:
    return {row["hangul"]: frozenset(row["spellings"].split()) for row in _rows("korean_surnames.csv")}


@lru_cache(maxsize=4096)
def syllable_spellings(char: str) -> tuple[str, ...]:
    """Every Latin spelling of one Hangul syllable, the customary ones first (문: mun, moon, ...)."""
    code = ord(char) - _FIRST
    initial, medial, final = _INITIALS[code // 588], _MEDIALS[code % 588 // 28], _FINALS[code % 28]
    letters = _letters()
    firsts = letters[("initial", initial)]
    middles = letters[("medial", medial)]
    lasts = letters[("final", final)] if final != " " else ("",)
    return tuple(dict.fromkeys(a + b + c for a, b, c in product(firsts, middles, lasts)))


def family_spellings(hangul: str) -> frozenset[str]:
    """Spellings of a family name: the customary ones and those of its syllables."""
    found = set(_surnames().get(hangul, ()))
    if len(hangul) == 1:
        found.update(syllable_spellings(hangul))
    return frozenset(found)


@lru_cache(maxsize=65536)
def spells(hangul: str, latin: str) -> bool:
    """Whether `latin` (any case, spaces and hyphens ignored) spells the Hangul syllables one after another."""
    letters = _NOT_LETTER.sub("", latin.lower())
    if not letters or not all(is_syllable(ch) for ch in hangul):
        return False
    ends = {0}
    for char in hangul:
        ends = {end + len(s) for end in ends for s in syllable_spellings(char) if s and letters.startswith(s, end)}
        if not ends:
            return False
    return len(letters) in ends


def family_spells(hangul: str, latin: str) -> bool:
    letters = _NOT_LETTER.sub("", latin.lower())
    return letters in _surnames().get(hangul, ()) or spells(hangul, letters)


def same_name(hangul: str, words: list[str]) -> bool | None:
    """Whether Latin `words` (in order, stop words included) spell the Hangul name, family name first or last:
    False when a family name is spelt but not the given name (Kim Jong Il is not 김정은), None when the Hangul is
    not a Korean name, the words are too few to tell, or neither end spells its family name."""
    if not is_name(hangul) or len(words) < 2:
        return None
    splits = [1] + ([2] if len(hangul) > 3 and hangul[:2] in _surnames() else [])
    family_found = False
    for k in splits:
        family, given = hangul[:k], hangul[k:]
        for surname, rest in ((words[0], words[1:]), (words[-1], words[:-1])):
            if family_spells(family, surname):
                if spells(given, "".join(rest)):
                    return True
                family_found = True
    return False if family_found else None


def keys(hangul: str, family: bool) -> frozenset[str]:
    """Index keys of a family or given name in Hangul: its customary spellings, and for a given name the first
    spellings of each syllable and of them joined (정은: jeong, jong, eun, un, jeongeun, jongun, ...)."""
    if family:
        return family_spellings(hangul) if len(hangul) == 1 else frozenset(_surnames().get(hangul, ()))
    firsts = [syllable_spellings(ch)[:INDEX_SPELLINGS] for ch in hangul if is_syllable(ch)]
    out = {s for spellings in firsts for s in spellings if len(s) > 1}
    if 1 < len(firsts) <= 3:
        out.update("".join(parts) for parts in product(*firsts))
    return frozenset(out)


def _rows(name: str) -> list[dict[str, str]]:
    return read_csv("oversight.screen", f"data/{name}", _COLUMNS[name])
