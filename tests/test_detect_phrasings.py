"""The taxonomy on phrasings it was not written from: tests/data/detect_phrasings.yaml (issue 10's harder self-test).

The phrasings were written before the taxonomy was changed for issue 10 and run once against the taxonomy of
that time (1.0.0): 128 of 178 positives raised their category (0.72) and 138 of 168 benign look-alikes
stayed quiet (0.82). Since then every phrase must hold: a positive raises its category, a look-alike does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from oversight.detect import match_text

DATA = yaml.safe_load((Path(__file__).parent / "data" / "detect_phrasings.yaml").read_text(encoding="utf-8"))
POSITIVES = [(category, phrase) for category, phrases in DATA["positives"].items() for phrase in phrases]
BENIGN = [(category, phrase) for category, phrases in DATA["benign"].items() for phrase in phrases]


def _categories(phrase: str) -> set[str]:
    return {m.category for m in match_text(phrase)}


def test_the_set_is_large_enough() -> None:
    assert len(POSITIVES) >= 150
    assert len(BENIGN) >= 150


@pytest.mark.parametrize(("category", "phrase"), POSITIVES)
def test_phrasing_raises_its_category(category: str, phrase: str) -> None:
    assert category in _categories(phrase)


@pytest.mark.parametrize(("category", "phrase"), BENIGN)
def test_lookalike_stays_quiet(category: str, phrase: str) -> None:
    assert category not in _categories(phrase)
