"""Screening safeguards for names read out of documents: a hit must rest on more than one character or one word.

Names typed by an analyst are screened generously; names extracted from a tender are not, because a page is full
of fragments (`其控股公司`, `中国银行股份有限公司` in a deposit clause) that a fuzzy matcher will always tie to some
listed party. A hit from extracted text is refused when:
- it came through pinyin and the name's distinctive part is one or two Han characters (one syllable matches many
  listed romanisations);
- the name has no distinctive part at all (only a country, a place, an industry or generic word such as bank,
  holding, group, company, technology, 控股, 公司) and is not an agency: nothing but generic words carried it;
- it came through translation and the name has no distinctive part beside the translated words;
- the name is a short Latin acronym that only spells the initials of a listed name (ABB is not every "A… B… B…
  Company"): an acronym is evidence only when the list itself carries it as a name or alias;
- the name is one short Latin word that the listed name only resembles (Axon, a police-camera maker, is not FAXON):
  in a word of a few letters one letter is most of the evidence, so such a word must stand in the listed name as
  written.
"""

from __future__ import annotations

import re
from typing import Protocol

from oversight.screen.names import analyze

_MIN_PINYIN_HAN = 3
_MAX_ACRONYM = 6
_MAX_SHORT_WORD = 6


class Hit(Protocol):
    via: str
    matched_name: str


def refusal(query: str, hit: Hit) -> str | None:
    """Why a hit for `query` (extracted text) is not evidence, or None when it is."""
    form = analyze(query)
    exact = hit.via in ("name", "alias", "brand") and _same(query, hit.matched_name)
    if exact:
        return None
    if hit.via == "pinyin" and 0 < len(form.han_core) < _MIN_PINYIN_HAN and not form.latin_cores:
        return f"pinyin of the {len(form.han_core)}-character fragment '{form.han_core}'"
    if not form.cored and not form.agency and not form.person and hit.via != "model-prefix":
        return "carried by generic words only (no distinctive name)"
    if hit.via == "translation" and not form.cored:
        return "translated generic words without a distinctive name beside them"
    if len(form.han_core) == 1 and not form.latin_cores and hit.via != "model-prefix":
        return f"one-character name part '{form.han_core}'"
    if _initialism(query, hit.matched_name):
        return f"'{query.strip()}' only spells the initials of '{hit.matched_name}'"
    if _resembles_only(query, hit.matched_name):
        return f"the short word '{query.strip()}' only resembles '{hit.matched_name}'"
    return None


def _resembles_only(query: str, listed: str) -> bool:
    """Whether a one-word Latin query of a few letters is missing, as written, from the listed name's words."""
    word = query.strip()
    if not (word.isascii() and word.isalpha() and len(word) <= _MAX_SHORT_WORD):
        return False
    return word.casefold() not in {w.casefold() for w in re.split(r"[^0-9A-Za-z]+", listed) if w}


def _initialism(query: str, listed: str) -> bool:
    """Whether a short Latin acronym equals the initials of a longer listed name (and is not that name)."""
    acronym = "".join(ch for ch in query if ch.isalnum())
    if not (2 <= len(acronym) <= _MAX_ACRONYM and acronym.isascii() and acronym.isalpha()):
        return False
    words = [w for w in re.split(r"[^0-9A-Za-z]+", listed) if w]
    if len(words) < 2:
        return False
    initials = "".join(w[0] for w in words).upper()
    return acronym.upper() in (initials, initials[: len(acronym)])


def _same(a: str, b: str) -> bool:
    first, second = analyze(a), analyze(b)
    if first.empty or second.empty:  # a script only the word aligner reads: no surface to compare
        return a == b
    return first.surface == second.surface
