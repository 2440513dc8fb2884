"""Screening safeguards for names read out of documents: a hit must rest on more than one character or one word.

Names typed by an analyst are screened generously; names extracted from a tender are not, because a page is full
of fragments (`其控股公司`, `中国银行股份有限公司` in a deposit clause) that a fuzzy matcher will always tie to some
listed party. A hit from extracted text is refused when:
- it came through pinyin and the name's distinctive part is one or two Han characters (one syllable matches many
  listed romanisations);
- the name has no distinctive part at all (only a country, a place, an industry or generic word such as bank,
  holding, group, company, technology, 控股, 公司) and is not an agency: nothing but generic words carried it;
- it came through translation and the name has no distinctive part beside the translated words.
"""

from __future__ import annotations

from typing import Protocol

from oversight.screen.names import analyze

_MIN_PINYIN_HAN = 3


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
    return None


def _same(a: str, b: str) -> bool:
    return analyze(a).surface == analyze(b).surface
