"""Toneless pinyin readings of Han characters, for homophone typos and Chinese <-> Latin matching.

pypinyin's phrase-aware conversion costs ~70 µs a call; screening needs microseconds. We read pypinyin's character
table and keep the two main readings of each character, so common heteronyms (重: zhong/chong) compare correctly
without a phrase dictionary: a Latin string spells a Han string when it splits into one reading per character. Han
homophone typos compare main readings only.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from itertools import islice, product
from typing import Final

MAX_KEYS: Final = 4
MAX_READINGS: Final = 2  # rarer readings (大: tai, 越: huo) make unrelated names sound alike


@cache
def _table() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


@cache
def readings(char: str) -> tuple[str, ...]:
    """The common toneless readings of one character, most common first; the character itself if it has none."""
    out: list[str] = []
    for reading in _table().get(ord(char), "").split(","):
        plain = "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c)).replace(
            "ü", "u"
        )
        if plain and plain not in out:
            out.append(plain)
    return tuple(out[:MAX_READINGS]) or (char,)


@lru_cache(maxsize=65536)
def keys(han: str) -> tuple[str, ...]:
    """Joined pinyin spellings of `han` (first readings first), at most MAX_KEYS heteronym combinations."""
    options = [readings(c) for c in han]
    return tuple("".join(combo) for combo in islice(product(*options), MAX_KEYS))


def homophones(a: str, b: str) -> bool:
    """Same length and every position has the same main reading (海康威视 / 海康微视)."""
    return len(a) == len(b) and all(readings(x)[0] == readings(y)[0] for x, y in zip(a, b))


@lru_cache(maxsize=65536)
def spells(han: str, latin: str) -> bool:
    """Whether the Latin letters `latin` split into one reading per character of `han` (大华 / dahua)."""
    reachable = {0}
    for char in han:
        nxt = set()
        for start in reachable:
            for reading in readings(char):
                if latin.startswith(reading, start):
                    nxt.add(start + len(reading))
        if not nxt:
            return False
        reachable = nxt
    return len(latin) in reachable
