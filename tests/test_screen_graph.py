"""Ownership and subordination rules on a small curated list written by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from oversight.screen.loaders import curated
from oversight.screen.loaders.base import WatchlistError
from oversight.screen.screener import Screener

LISTS = [
    {"list": "Test Entity List", "listed_on": "2020-01-01", "citation": "T-1", "verified": True},
    {"list": "Test 889", "covers": "affiliates", "listed_on": "2019-08-13", "citation": "T-2", "verified": True},
]


def party(key: str, name: str, lists: list | None = None, owners: list | None = None) -> dict:
    return {
        "id": key,
        "name": name,
        "schema": "Company",
        "sectors": ["tech"],
        "names": [{"name": name, "kind": "primary"}],
        "lists": lists or [],
        "owners": owners or [],
    }


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    parties = [
        party("parent", "Quorvex Vision Systems", LISTS),
        party(
            "major",
            "Brandelo Camera Works",
            owners=[{"id": "parent", "relation": "ownership", "percentage": 60, "source": "filing A"}],
        ),
        party(
            "minor",
            "Zentrix Optics",
            owners=[{"id": "parent", "relation": "ownership", "percentage": 30, "source": "filing B"}],
        ),
        party(
            "grandchild",
            "Pellucid Sensor Labs",
            owners=[{"id": "major", "relation": "ownership", "percentage": 80, "source": "filing C"}],
        ),
        party(
            "sold",
            "Halvard Monitors",
            owners=[{"id": "parent", "relation": "subsidiary", "end": "2020", "source": "sale"}],
        ),
        party(
            "loop-a",
            "Ostrava Wirecraft",
            owners=[{"id": "loop-b", "relation": "ownership", "percentage": 90, "source": "x"}],
        ),
        party(
            "loop-b",
            "Ventoro Cabling",
            owners=[
                {"id": "loop-a", "relation": "ownership", "percentage": 90, "source": "x"},
                {"id": "parent", "relation": "ownership", "percentage": 51, "source": "y"},
            ],
        ),
        party("bureau", "Testland Public Security Bureau", LISTS[:1]),
        party(
            "station",
            "Testland Harbour Police Station",
            owners=[{"id": "bureau", "relation": "subordinate", "source": "z"}],
        ),
    ]
    path = tmp_path_factory.mktemp("graph") / "test-list.yaml"
    path.write_text(yaml.safe_dump({"parties": parties}, allow_unicode=True), encoding="utf-8")
    return Screener([curated.parse(path)])


def reach(screener: Screener, name: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {m.entity_id: (m.via, m.lists) for m in screener.screen(name, threshold=0.5)}


def test_majority_ownership_carries_every_list(screener: Screener) -> None:
    assert reach(screener, "Brandelo Camera Works") == {
        "curated:test-list:parent": ("ownership", ("Test Entity List", "Test 889"))
    }


def test_chains_of_majority_stakes_count(screener: Screener) -> None:
    found = screener.screen("Pellucid Sensor Labs")
    assert [(m.entity_id, m.via) for m in found] == [("curated:test-list:parent", "ownership")]
    assert sum("is owned by" in step for step in found[0].path) == 2


def test_minority_stake_only_through_an_affiliate_clause(screener: Screener) -> None:
    assert reach(screener, "Zentrix Optics") == {"curated:test-list:parent": ("ownership", ("Test 889",))}
    (match,) = screener.screen("Zentrix Optics", threshold=0.5)
    assert "only lists whose own text reaches subsidiaries and affiliates apply" in match.path


def test_ended_links_and_loops(screener: Screener) -> None:
    assert reach(screener, "Halvard Monitors") == {}
    assert reach(screener, "Ostrava Wirecraft") == {
        "curated:test-list:parent": ("ownership", ("Test Entity List", "Test 889"))
    }


def test_subordinate_bodies(screener: Screener) -> None:
    assert reach(screener, "Testland Harbour Police Station") == {
        "curated:test-list:bureau": ("subordinate", ("Test Entity List",))
    }


def test_scores_fall_along_the_chain(screener: Screener) -> None:
    direct = screener.compare("Quorvex Vision Systems", "curated:test-list:parent").score
    one = screener.compare("Brandelo Camera Works", "curated:test-list:parent").score
    two = screener.compare("Pellucid Sensor Labs", "curated:test-list:parent").score
    assert direct > one > two >= 0.8


def test_bad_curated_entries_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        yaml.safe_dump({"parties": [party("x", "X Co", owners=[{"id": "y", "relation": "cousin"}])]}), encoding="utf-8"
    )
    with pytest.raises(WatchlistError, match="party x: owner relation 'cousin'"):
        curated.parse(path)
    path.write_text("parties:\n  - id: x\n    names: [\n", encoding="utf-8")
    with pytest.raises(WatchlistError, match="not valid YAML"):
        curated.parse(path)
