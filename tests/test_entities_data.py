"""The reviewed data files: every family's examples resolve to its own maker, and every entry cites a source."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from oversight.entities.products import chip_hits, maker_in, model_hits


def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("oversight.entities").joinpath("data", name).read_text(encoding="utf-8"))


MODEL_CASES = [
    (m["name"], f["id"], example)
    for m in _data("models.yaml")["manufacturers"]
    for f in m["families"]
    for example in f["examples"]
]
CHIP_CASES = [
    (m["name"], m["origin"], f["id"], example)
    for m in _data("chips.yaml")["makers"]
    for f in m["families"]
    for example in f["examples"]
]


@pytest.mark.parametrize(("maker", "family", "example"), MODEL_CASES)
def test_model_examples_resolve_to_their_maker(maker: str, family: str, example: str) -> None:
    hits = model_hits(f"型号：{example}；")
    assert [(h.family.id, h.family.maker, h.end - h.start) for h in hits] == [(family, maker, len(example))]


@pytest.mark.parametrize(("maker", "origin", "family", "example"), CHIP_CASES)
def test_chip_examples_resolve_to_their_maker(maker: str, origin: str, family: str, example: str) -> None:
    hits = chip_hits(f"{example} 加速卡")
    assert [(h.family.maker, h.family.origin, h.end - h.start) for h in hits] == [(maker, origin, len(example))]


def test_every_family_and_maker_cites_a_source() -> None:
    for maker in _data("models.yaml")["manufacturers"]:
        assert maker["names"] and all(f["source"].startswith("http") for f in maker["families"]), maker["id"]
    for maker in _data("chips.yaml")["makers"]:
        assert maker["source"].startswith("http") and len(maker["origin"]) == 2, maker["id"]
        assert all(f["source"].startswith("http") for f in maker["families"]), maker["id"]


def test_maker_aliases_stand_as_words() -> None:
    assert maker_in("英伟达NVIDIA").name == "NVIDIA"
    assert maker_in("AMD").name == "AMD"
    assert maker_in("AMDOCS") is None
    assert maker_in("海康威视") is None
