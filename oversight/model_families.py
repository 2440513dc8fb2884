"""Product model-number families, read from their one home, `oversight/entities/data/models.yaml`.

Extraction (`oversight.entities.catalog`) finds model numbers in page text with them; screening
(`oversight.screen.screener`) names the maker of a model number it is asked about. Both read the families here, a
module that imports neither package, so neither depends on the other (entities already imports screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NotRequired, TypedDict

from oversight.datafile import entry, read_yaml


@dataclass(frozen=True, slots=True)
class ModelFamily:
    """One model-number family as reviewed in models.yaml."""

    id: str
    maker_id: str  # the manufacturer's id, also its key in the curated screening list (curated:<id>)
    maker: str
    names: tuple[str, ...]  # what the maker is screened under, brand first
    pattern: str  # a regular expression over one whole model token, on folded text
    source: str
    reviewed: bool


def token(pattern: str) -> str:
    """A family pattern as a whole token: no letter, digit or hyphen may touch either end."""
    return rf"(?<![A-Za-z0-9-])(?:{pattern})(?![A-Za-z0-9])"


class FamilySpec(TypedDict):
    id: str
    pattern: str
    source: str
    reviewed: NotRequired[bool]


class MakerSpec(TypedDict):
    id: str
    name: str
    names: NotRequired[list[str]]
    families: list[FamilySpec]


@cache
def model_families() -> tuple[ModelFamily, ...]:
    """Every family in models.yaml, in file order (parsed once per process; a malformed entry is named)."""
    name = "entities/data/models.yaml"
    families = []
    for i, raw in enumerate(read_yaml("oversight", name).get("manufacturers") or []):
        maker = entry(raw, MakerSpec, f"{name}: manufacturers[{i}]")
        for j, raw_family in enumerate(maker["families"]):
            family = entry(raw_family, FamilySpec, f"{name}: {maker['id']}: families[{j}]")
            names = tuple(maker.get("names", [])) or (maker["name"],)
            reviewed = bool(family.get("reviewed"))
            families.append(
                ModelFamily(
                    family["id"], maker["id"], maker["name"], names, family["pattern"], family["source"], reviewed
                )
            )
    return tuple(families)
