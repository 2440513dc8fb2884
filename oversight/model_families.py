"""Product model-number families, read from their one home, `oversight/entities/data/models.yaml`.

Extraction (`oversight.entities.catalog`) finds model numbers in page text with them; screening
(`oversight.screen.screener`) names the maker of a model number it is asked about. Both read the families here, a
module that imports neither package, so neither depends on the other (entities already imports screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


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


@cache
def model_families() -> tuple[ModelFamily, ...]:
    """Every family in models.yaml, in file order (parsed once per process)."""
    path = resources.files("oversight").joinpath("entities", "data", "models.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        ModelFamily(
            family["id"],
            maker["id"],
            maker["name"],
            tuple(maker.get("names", [])) or (maker["name"],),
            family["pattern"],
            family["source"],
            bool(family.get("reviewed")),
        )
        for maker in data["manufacturers"]
        for family in maker["families"]
    )
