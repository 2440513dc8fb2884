"""Fold a name before matching: invisible characters out, look-alike letters to Latin, other scripts to Latin.

Why: a list name is printed in one script and a document writes it in another (Владимир Путин, باراك أوباما), or
slips a Cyrillic 'а' into 'Huawei' or a zero-width space into '华为' so that an exact-string screen misses it.
Transliteration is ICU's (through `normality.ascii_text`, which uses PyICU's `Any-Latin; Latin-ASCII`), but for
Greek, which lists and passports spell by ELOT 743 (`greek.py`: Varoufakis, where ICU writes Barouphakes); the
look-alike table below is the part no library applies for us: Unicode's confusables list maps letters to a
skeleton, not to the Latin letter a reader sees, and only within a word that is otherwise Latin is a Cyrillic or
Greek letter a disguise rather than a word of that language. Han text is left alone: the Chinese layer reads it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from normality import ascii_text

from oversight.screen import greek
from oversight.text.chinese import HAN_CHAR

# Invisible format characters that split or disguise words without showing: zero-width space / joiners, word
# joiner, BOM, soft hyphen, Mongolian vowel separator, invisible operators.
INVISIBLE: Final = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
_INVISIBLE_TABLE: Final = str.maketrans("", "", INVISIBLE)

# Cyrillic and Greek letters drawn like Latin ones (upper and lower case).
_LOOKALIKES: Final = str.maketrans(
    "АВЕКМНОРСТХУЅІЈаеорсхуѕіјԁԛԝһӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧаοικνρτυχ",
    "ABEKMHOPCTXYSIJaeopcxysijdqwhlABEZHIKMNOPTYXaoikvptux",
)
_LATIN: Final = re.compile(r"[A-Za-z]")
_CYRILLIC_GREEK: Final = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_WORD: Final = re.compile(r"\S+")
_POSSESSIVE: Final = re.compile(r"(?<=[A-Za-z])['’]s\b")
_HAN: Final = HAN_CHAR
_NON_LATIN_LETTER: Final = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


# A capitalised word disguised with ASCII look-alikes: a lower-case l for a capital I (HlKVlSlON), digits 0 and 1
# for O and I among capitals (HUAWE1). Only in a word of capitals (three or more): elsewhere they are letters.
_DISGUISED: Final = re.compile(
    r"(?<!\S)(?=[A-Z01l]*[A-Z][A-Z01l]*[A-Z][A-Z01l]*[A-Z])(?=[A-Z01l]*[l01])[A-Z][A-Z01l]+(?![^\s,.;:)])"
)
_UNDISGUISE: Final = str.maketrans("l01", "IOI")


def undisguise(text: str) -> str:
    """Capital words written with ASCII look-alikes read as the capitals they imitate (HlKVlSlON: HIKVISION)."""
    if "l" not in text and "0" not in text and "1" not in text:
        return text
    return _DISGUISED.sub(lambda m: _letters(m.group()), text)


def _letters(word: str) -> str:
    # Digits stay digits in a word that is mostly digits (A380, F16): only a word of letters hides them.
    if sum(ch.isdigit() for ch in word) * 2 > len(word):
        return word
    return word.translate(_UNDISGUISE)


def strip_invisible(text: str) -> str:
    """Drop zero-width and other invisible format characters."""
    return text.translate(_INVISIBLE_TABLE)


def _unmask(match: re.Match[str]) -> str:
    word = match.group()
    if _LATIN.search(word) and _CYRILLIC_GREEK.search(word):
        return word.translate(_LOOKALIKES)
    return word


def unmask(text: str) -> str:
    """Cyrillic or Greek look-alike letters inside an otherwise Latin word become the Latin letters they imitate
    (Huаwei, ZТE); whole Cyrillic or Greek words stay as they are, for transliteration."""
    if not _CYRILLIC_GREEK.search(text):
        return text
    return _WORD.sub(_unmask, text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC, invisible characters dropped, look-alike letters unmasked (`unmask`, `undisguise`), possessive 's
    dropped. Scripts are kept."""
    if text.isascii():  # NFKC, invisible and look-alike characters are all outside ASCII
        text = undisguise(text)
    else:
        text = undisguise(unmask(strip_invisible(unicodedata.normalize("NFKC", text))))
    return _POSSESSIVE.sub("", text) if "'" in text or "’" in text else text


def has_han(text: str) -> bool:
    return not text.isascii() and _HAN.search(text) is not None


@lru_cache(maxsize=65536)
def latin(word: str) -> str:
    """One word in Latin letters: unchanged when it already is, else ICU's transliteration (Путин → Putin)."""
    if not _NON_LATIN_LETTER.search(word):
        return word
    if greek.GREEK.search(word):  # as Greek passports spell it (ELOT 743), not ICU's classical transliteration
        word = greek.latin(word)
        if word.isascii():
            return word.replace(" ", "")
    return ascii_text(word).lower().replace(" ", "")


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is Latin (accents allowed)."""
    return text.isascii() or _NON_LATIN_LETTER.search(text) is None
