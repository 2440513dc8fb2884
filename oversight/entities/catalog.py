"""The extraction vocabulary, loaded from the reviewed data files in `data/`.

Field labels, table header terms, legal-form suffixes, model-number families and chip families are data that
experts review and extend without touching code; this module only folds them (so traditional and full-width
spellings match) and compiles them once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from oversight.datafile import read_yaml
from oversight.model_families import model_families, token
from oversight.text.fold import fold


@dataclass(frozen=True, slots=True)
class Family:
    """A product family: a model-number or chip-name pattern and the maker it belongs to."""

    id: str
    maker: str
    pattern: re.Pattern[str]
    names: tuple[str, ...]  # what the maker is screened under
    origin: str | None = None  # chips only: ISO 3166-1 alpha-2 country of the maker
    context: bool = False  # bare numbers: count only beside a maker alias or a chip word


@dataclass(frozen=True, slots=True)
class ChipMaker:
    id: str
    name: str
    origin: str
    aliases: tuple[str, ...]
    chips_only: bool


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything the extractors match, folded and compiled."""

    field_roles: dict[str, str]  # folded lower-case label -> vendor | buyer | other | model
    generic_fields: frozenset[str]
    headings: tuple[tuple[str, str], ...]  # (folded heading term, role), longest first
    heading_window: int
    columns: dict[str, str]  # folded lower-case header term -> column role
    units: frozenset[str]
    placeholders: frozenset[str]
    placeholder_starts: tuple[str, ...]
    placeholder_words: tuple[str, ...]
    form_words: tuple[str, ...]
    non_parties: frozenset[str]
    person_markers: tuple[str, ...]
    max_bare_name_chars: int
    field_organisation_words: tuple[str, ...]
    company_suffixes: tuple[str, ...]  # longest first
    government_suffixes: tuple[str, ...]
    english_company_suffixes: tuple[str, ...]
    english_government_suffixes: tuple[str, ...]
    english_terminal: tuple[str, ...]
    left_stops: tuple[str, ...]
    not_before: tuple[str, ...]
    determiners: frozenset[str]
    determiner_words: tuple[str, ...]
    max_name_chars: int
    max_latin_name_chars: int
    models: tuple[Family, ...]
    chips: tuple[Family, ...]
    chip_makers: tuple[ChipMaker, ...]
    chip_words: tuple[str, ...]
    brand_qualifiers: tuple[str, ...]
    awards: dict[str, str]  # key of a supplier label or bidder heading -> winning | candidate
    ranks: tuple[tuple[str, int], ...]  # (folded rank word, rank): 第一中标候选人 -> 1


def _load(name: str) -> Any:
    return read_yaml("oversight.entities", f"data/{name}")


@lru_cache(maxsize=65536)
def award_of(label: str) -> str | None:
    """`;award:winning`, `;award:candidate` or `;award:candidate-1` for a supplier label or bidder heading, else
    None: the source suffix that records how far the award went (`Mention.award`, `Mention.rank`)."""
    vocab = vocabulary()
    award = vocab.awards.get(key(label))
    if award is None:
        return None
    rank = next((n for word, n in vocab.ranks if word in fold(label)), None)
    return f";award:{award}" + (f"-{rank}" if rank and award == "candidate" else "")


def key(term: str) -> str:
    """How labels and header terms are compared: folded, lower case, inner whitespace collapsed."""
    return " ".join(fold(term).lower().split())


def _longest_first(terms: list[str]) -> tuple[str, ...]:
    return tuple(sorted({fold(t) for t in terms}, key=len, reverse=True))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary, compiled once per process."""
    labels = _load("labels.yaml")
    field_roles = {key(label): role for role, terms in labels["fields"].items() for label in terms}
    columns = {key(term): role for role, terms in labels["columns"].items() for term in terms}
    headings = tuple(
        sorted(
            ((fold(term), role) for role, terms in labels["headings"].items() for term in terms),
            key=lambda h: len(h[0]),
            reverse=True,
        )
    )
    suffixes = labels["suffixes"]
    models = tuple(Family(f.id, f.maker, re.compile(token(f.pattern)), f.names) for f in model_families())
    chip_data = _load("chips.yaml")
    chip_makers = tuple(
        ChipMaker(m["id"], m["name"], m["origin"], tuple(fold(a) for a in m["aliases"]), bool(m.get("chips_only")))
        for m in chip_data["makers"]
    )
    chips = tuple(
        Family(
            family["id"],
            maker["name"],
            re.compile(token(family["pattern"]), re.IGNORECASE),
            (maker["name"], *maker["aliases"]),
            maker["origin"],
            bool(family.get("context")),
        )
        for maker in chip_data["makers"]
        for family in maker["families"]
    )
    return Vocabulary(
        field_roles=field_roles,
        generic_fields=frozenset(key(t) for t in labels["generic_fields"]),
        headings=headings,
        heading_window=int(labels["heading_window"]),
        columns=columns,
        units=frozenset(key(u) for u in labels["units"]),
        placeholders=frozenset(key(p) for p in labels["placeholders"]),
        placeholder_starts=tuple(key(p) for p in labels["placeholder_starts"]),
        placeholder_words=tuple(key(p) for p in labels["placeholder_words"]),
        form_words=tuple(key(p) for p in labels["form_words"]),
        non_parties=frozenset(key(p) for p in labels["non_parties"]),
        person_markers=tuple(fold(p).lower() for p in labels["person_markers"]),
        max_bare_name_chars=int(labels["max_bare_name_chars"]),
        field_organisation_words=_longest_first(labels["field_organisation_words"]),
        company_suffixes=_longest_first(suffixes["company"]),
        government_suffixes=_longest_first(suffixes["government"]),
        english_company_suffixes=_longest_first(suffixes["english_company"]),
        english_government_suffixes=_longest_first(suffixes["english_government"]),
        english_terminal=_longest_first(suffixes["english_terminal"]),
        left_stops=_longest_first(labels["left_stops"]),
        not_before=_longest_first(labels["not_before"]),
        determiners=frozenset(fold(d) for d in labels["determiners"]),
        determiner_words=_longest_first(labels["determiner_words"]),
        max_name_chars=int(labels["max_name_chars"]),
        max_latin_name_chars=int(labels["max_latin_name_chars"]),
        models=models,
        chips=chips,
        chip_makers=chip_makers,
        chip_words=_longest_first(chip_data["chip_words"]),
        brand_qualifiers=_longest_first(labels["brand_qualifiers"]),
        awards={key(label): award for award, terms in labels["awards"].items() for label in terms},
        ranks=tuple((fold(word), int(rank)) for word, rank in labels["ranks"].items()),
    )
