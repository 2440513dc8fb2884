"""Words of Indic scripts (Devanagari, Bengali, Gurmukhi, Gujarati) in Latin letters, read from the whole word.

These scripts write a consonant with an inherent vowel that a virama cancels, mark nasals with an anusvara and
borrowed sounds (z, f) with a nukta. rigour's tokeniser drops all three (they are combining marks), so ICU then
spells नरेन्द्र as naranadara and अज़हर as ajahara. The Latin form is therefore taken from the word as written (ICU,
ISO 15919), with the sibilants ś and ṣ as sh (शाह: Shah) and every nasal sign as n (सिंह: Sinha), and the word meets
its Latin spelling by consonant letters (`skeleton.of_unvowelled`), as Arabic and Hebrew words do: Hunterian and
customary spellings differ from ISO 15919 in their vowels (इब्राहिम: Ibrahim, ISO ibrāhima).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import icu
from normality import ascii_text

INDIC = re.compile(r"[\u0900-\u0aff]")  # Devanagari, Bengali, Gurmukhi, Gujarati
_TIPPI = "\u0a70"  # Gurmukhi nasal sign ICU leaves out (ਸਿੰਘ: Singh)
_SPELLINGS = str.maketrans({"ś": "sh", "ṣ": "sh", "Ś": "sh", "Ṣ": "sh", "ṁ": "n", "ṃ": "n", "ṅ": "n", "ñ": "n"})
_NOT_LETTER = re.compile(r"[^a-z]+")


@cache
def _transliterator() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Any-Latin")


@lru_cache(maxsize=16384)
def latin(word: str) -> str:
    """An Indic word in lower-case Latin letters, its marks read (अज़हर: azahara; शाह: shaha)."""
    text = _transliterator().transliterate(word.replace(_TIPPI, "\u0a28\u0a4d"))
    return _NOT_LETTER.sub("", ascii_text(text.translate(_SPELLINGS)).lower())
