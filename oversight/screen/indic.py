"""Words of Indic scripts (Devanagari, Bengali, Gurmukhi, Gujarati) in Latin letters, read before tokenising.

These scripts write a consonant with an inherent vowel that a virama cancels, mark nasals with an anusvara and
borrowed sounds (z, f) with a nukta. rigour's tokeniser drops all three (they are combining marks), and ICU then
spells नरेन्द्र as naranadara and अज़हर as ajahara. So a name's Indic words are romanised whole, before tokenising
(ICU, ISO 15919 with its accents dropped), the sibilants ś and ṣ written sh (शरीफ़: Sharif) and every nasal sign n
(सिंह: Sinha), and the inherent vowel closing a word is not spoken after a single consonant (Hindi and Bengali
schwa deletion: राहुल is Rahul, इब्राहिम Ibrahim), but is after a cluster (नरेन्द्र: Narendra). The words then
meet Latin spellings as Latin words do, vowels included: these scripts write their vowels, unlike Arabic.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import icu
from normality import ascii_text

INDIC = re.compile(r"[\u0900-\u0aff]")  # Devanagari, Bengali, Gurmukhi, Gujarati
_WORD = re.compile(r"[\u0900-\u0aff]+")
_TIPPI = "\u0a70"  # Gurmukhi nasal sign ICU leaves out (ਸਿੰਘ: Singh)
_SPELLINGS = str.maketrans({"ś": "sh", "ṣ": "sh", "Ś": "sh", "Ṣ": "sh", "ṁ": "n", "ṃ": "n", "ṅ": "n", "ñ": "n"})
_NOT_LETTER = re.compile(r"[^a-z]+")
# A word closing on a bare consonant (no vowel sign, no virama) that is not the last of a cluster: the consonant's
# inherent vowel is silent. Consonants and the virama of each script, by its block's layout.
_BLOCKS = (0x0900, 0x0980, 0x0A00, 0x0A80)
_CONSONANTS = "".join(f"{chr(b + 0x15)}-{chr(b + 0x39)}" for b in _BLOCKS)
_NUKTA = "".join(chr(b + 0x3C) for b in _BLOCKS)
_VIRAMA = "".join(chr(b + 0x4D) for b in _BLOCKS)
_SILENT_SCHWA = re.compile(rf"(?<![{_VIRAMA}])[{_CONSONANTS}][{_NUKTA}]?$")


@cache
def _transliterator() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Any-Latin")


@lru_cache(maxsize=16384)
def latin(word: str) -> str:
    """An Indic word in lower-case Latin letters (अज़हर: azhar; शाह: shah; नरेन्द्र: narendra)."""
    text = _transliterator().transliterate(word.replace(_TIPPI, "\u0a28\u0a4d"))
    text = text.replace("r\u0325", "ri")  # the vowel r (अमृत: Amrit)
    text = _NOT_LETTER.sub("", ascii_text(text.translate(_SPELLINGS)).lower())
    if _SILENT_SCHWA.search(word) and text.endswith("a") and len(text) > 2:
        text = text[:-1]
    return text


def romanised(text: str) -> str:
    """`text` with its Indic words romanised (`latin`); other text unchanged."""
    if not INDIC.search(text):
        return text
    return _WORD.sub(lambda m: latin(m.group()), text)
