"""Consonant skeletons: how a Chinese transliteration of a foreign name (贝拉克·奥巴马) meets its Latin spelling.

Chinese writes a foreign name by sound, one character per syllable, and marks the name as foreign with a middle dot
between its words. No library maps those characters back to the Latin spelling (ICU and pypinyin give pinyin:
bei la ke, ao ba ma), so both sides are reduced to the consonants a Mandarin transliteration keeps: the initials of
the syllables, a nasal for -n/-ng finals and 'er' (尔) for a final l or r, and on the Latin side the consonants in
the same classes (b/p, d/t, g/k/c/q, l/r, m/n, s/z/j/x/sh/ch, f/v/ph, w). Barack = 贝拉克 = P-L-K; Obama = 奥巴马 = P-N;
Trump = 特朗普 = T-L-N-P. Skeletons meet when equal, or, from three consonants on, one consonant apart with the same
first one (Putin P-T-N / 普京 P-S-N). Character readings come from pypinyin's table (`pinyin.readings`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

from oversight.screen import pinyin

# Middle dots that join the words of a transliterated foreign name: ·, ・, •, ‧, ･ (after NFKC ・).
FOREIGN_DOT = re.compile(r"[\u00b7\u30fb\u2022\u2027\uff65\u2219]")
_PINYIN_INITIALS = tuple(
    [
        "zh",
        "ch",
        "sh",
        "b",
        "p",
        "m",
        "f",
        "d",
        "t",
        "n",
        "l",
        "g",
        "k",
        "h",
        "j",
        "q",
        "x",
        "r",
        "z",
        "c",
        "s",
        "y",
        "w",
    ]
)
_PINYIN_CLASS = {"b": "P", "p": "P", "d": "T", "t": "T", "g": "K", "k": "K", "f": "F", "l": "L", "r": "L"}
_PINYIN_CLASS |= {"m": "N", "n": "N", "w": "W", "h": "", "y": ""}
_PINYIN_CLASS |= dict.fromkeys(("j", "q", "x", "z", "c", "s", "zh", "ch", "sh"), "S")
_LATIN_DIGRAPHS = {"sh": "S", "ch": "S", "zh": "S", "ph": "F", "th": "T", "ck": "K", "kh": "K", "gh": ""}
_LATIN_CLASS = {"b": "P", "p": "P", "d": "T", "t": "T", "g": "K", "k": "K", "c": "K", "q": "K", "x": "KS"}
_LATIN_CLASS |= {"l": "L", "r": "L", "m": "N", "n": "N", "s": "S", "z": "S", "j": "S", "f": "F", "v": "F", "w": "W"}
MIN_FUZZY = 3  # shorter skeletons must be equal


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for c in "".join(classes):
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=65536)
def of_latin(word: str) -> str:
    """The consonant classes of a Latin word (barack: PLK)."""
    classes, i = [], 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _LATIN_DIGRAPHS:
            classes.append(_LATIN_DIGRAPHS[pair])
            i += 2
            continue
        classes.append(_LATIN_CLASS.get(word[i], ""))
        i += 1
    return _collapse(classes)


@lru_cache(maxsize=65536)
def of_han(word: str) -> str:
    """The consonant classes of a Chinese transliteration, syllable by syllable (贝拉克: bei la ke: PLK)."""
    classes = []
    for char in word:
        syllable = pinyin.readings(char)[0]
        if syllable == "er":
            classes.append("L")
            continue
        initial = next((i for i in _PINYIN_INITIALS if syllable.startswith(i)), "")
        classes.append(_PINYIN_CLASS.get(initial, ""))
        if syllable.endswith(("n", "ng")) and len(syllable) > len(initial) + 1:
            classes.append("N")
    return _collapse(classes)


@lru_cache(maxsize=65536)
def keys(skeleton: str) -> frozenset[str]:
    """Index keys of a skeleton: itself and, from MIN_FUZZY consonants on, its one-consonant deletions."""
    if not skeleton:
        return frozenset()
    out = {"~" + skeleton}
    if len(skeleton) >= MIN_FUZZY:
        out.update("~" + skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton)))
    return frozenset(out)


def meet(a: str, b: str) -> bool:
    """Equal skeletons, or from MIN_FUZZY consonants on one consonant apart with the same first consonant."""
    if not a or not b or a[0] != b[0]:
        return False
    return a == b or (min(len(a), len(b)) >= MIN_FUZZY and OSA.distance(a, b, score_cutoff=1) <= 1)
