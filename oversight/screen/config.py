"""The knobs of name alignment (people, companies, vessels, public bodies) in one documented config.

As nomenklatura's logic-v2 keeps its `ConfigVar`s with a description each, every weight here says what it does, so
`bench/screen.py` can sweep one (`--set extra_query=0.6`) and `oversight screen --format json` can show the values a
score was computed with. The Chinese layer's own constants stay in `match.py`, next to the rules they weigh.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Final

from oversight.screen.memo import Memo


def _knob(default: float, doc: str) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Weights and limits of `align.score`; `describe()` lists each with its documentation."""

    threshold: float = _knob(0.8, "Lowest score reported as a match by `oversight screen` and the benchmarks.")
    symbol_score: float = _knob(
        0.9, "Similarity of two words that differ in letters but share a symbol (a nickname, a name across scripts)."
    )
    transliteration_score: float = _knob(
        0.9,
        "Similarity of a word of a foreign name written in Chinese (贝拉克 of 贝拉克·奥巴马) and a Latin word with the "
        "same consonant skeleton (Barack): sound, not spelling, so below an exact word.",
    )
    initial_score: float = _knob(0.85, "Similarity of an initial to a given name it begins (V. = Vladimir).")
    initial_weight: float = _knob(0.5, "Weight of a word matched only through its initial.")
    generic_weight: float = _knob(
        0.35, "Weight of a generic word (company, bank, holding, technology, global): it never carries a hit alone."
    )
    location_weight: float = _knob(0.8, "Weight of a country or place word inside a company name.")
    number_weight: float = _knob(1.3, "Weight of a number (Fund VIII, Brigade 44): numbers tell entities apart.")
    extra_query: float = _knob(0.8, "Weight factor of query words the listed name lacks.")
    extra_listed: float = _knob(0.2, "Weight factor of listed-name words the query lacks (lists print long names).")
    extra_listed_name: float = _knob(
        0.5,
        "Weight factor of a distinctive listed word a company query lacks that is hyphenated to a word it has "
        "(Lukoil / Lukoil-Neftekhim): a compound name is another company, not a longer print of the same one.",
    )
    extra_listed_person: float = _knob(
        0.35,
        "Weight factor of listed-name words a person query lacks: a person's names are fewer than a company's "
        "words, and each one left out is more often another person of the same family name.",
    )
    leading_missing_cap: float = _knob(
        0.75,
        "Highest score when a person written 'FAMILY, Given' loses its first family or first given name in the "
        "alignment (Felix Torres / TORRES FELIX, Javier names a relative, not Javier).",
    )
    extra_contained: float = _knob(
        0.12,
        "Weight factor of extra words when every distinctive word of the shorter person name was found "
        "(dropped middle names and patronymics).",
    )
    extra_leading_place: float = _knob(
        0.1, "Weight factor of a place that opens a company name (Chinese registrations: Hangzhou Hikvision)."
    )
    substitution_cap: float = _knob(
        0.6,
        "Highest score when each side keeps a distinctive word the other lacks (Barack Obama, Michelle Obama): "
        "a different person or company, not a typo.",
    )
    number_differs: float = _knob(
        0.85,
        "Factor when the names carry different numbers (Fund VIII / IX, Management Company 23): often a "
        "sister entity of the same sponsor, so worth a look, never an exact hit.",
    )
    location_differs_cap: float = _knob(
        0.6, "Highest score when company names name different places (Bank of China / Bank of Chad)."
    )
    headless_cap: float = _knob(
        0.75,
        "Highest score when a company query of one distinctive word meets a later word of a listed name and lacks "
        "its first distinctive word (Santos / Agroganadera Los Santos, Wilson / Reynolds and Wilson): another "
        "company sharing a family or place name, not an abbreviation of the listed one.",
    )
    branch_cap: float = _knob(
        0.85,
        "Highest score when a company query is a listed distinctive name with only a country or place added "
        "(Hikvision USA, Huawei Technologies Deutschland): by its name a branch or subsidiary, worth review.",
    )
    legal_form_differs: float = _knob(0.78, "Factor when both names carry a legal form and they differ (AG / GmbH).")
    soft_edits_per_letters: float = _knob(
        0.34,
        "Looser typo budget for two words left over on both sides: within it they count as one misspelt word "
        "(Schulze / Scholz, 2 edits in 7), beyond it as two names (Castillo / Castro, al-Mosuli / al-Tikriti).",
    )
    soft_power: float = _knob(
        1.0, "Exponent on the similarity of a loosely matched pair (above 1 weighs loose spellings down)."
    )
    sound_score: float = _knob(0.6, "Similarity of two left-over words that sound alike (metaphone: Husayn / Hussein).")
    prefix_factor: float = _knob(
        0.9, "Factor on `initial_score` for a query word that begins a listed one (Ben / Benjamin)."
    )
    acronym_score: float = _knob(
        0.8, "Score of a one-word company name that is the initials of a listed name of 3+ words (PLA)."
    )
    joined_score: float = _knob(0.95, "Score of names whose letters agree once spaces are ignored (SiemensAG).")
    weak_word_cap: float = _knob(
        0.75,
        "Highest score of a one-word weak alias (OFAC's weak a.k.a., the UN's low-quality alias: a nickname, a "
        "common given name, a short acronym). Lists mark these as too broad to screen on and keep them to confirm a "
        "hit found otherwise (OFAC FAQ 122, 124), so alone they stay below the threshold.",
    )
    fuzzy_floor: float = _knob(0.7, "Lowest similarity at which two differing words count as the same word.")
    short_word: float = _knob(5, "Words shorter than this match only exactly, by symbol or as an initial.")
    edits_per_letters: float = _knob(
        0.25, "Typo budget: edits allowed per letter of the longer word (0.25: one edit in four letters)."
    )


DEFAULT: Final = MatchConfig()


def describe(config: MatchConfig = DEFAULT) -> list[dict[str, Any]]:
    """Every knob with its value and documentation (for `--format json` explanations and the bench)."""
    return [{"name": f.name, "value": getattr(config, f.name), "doc": f.metadata["doc"]} for f in fields(config)]


def with_overrides(overrides: dict[str, float], base: MatchConfig = DEFAULT) -> MatchConfig:
    """A config with some knobs changed; an unknown knob name is an error naming it."""
    known = asdict(base)
    unknown = sorted(set(overrides) - set(known))
    if unknown:
        raise KeyError(f"unknown matching knob {unknown[0]!r}; known: {', '.join(sorted(known))}")
    return replace(base, **overrides)


def rounded(score: float) -> float:
    """round(score, 4), the precision scores are reported and compared at; remembered, as scores repeat and
    round() to four places converts through decimal digits (the costliest step of ranking a hit)."""
    found = _ROUNDED.get(score)
    return _ROUNDED.put(score, round(score, 4)) if found is None else found


_ROUNDED: Final[Memo[float, float]] = Memo(65536)
