"""The taxonomy is data: it loads, cites its sources, checks its own examples, and rejects what a reviewer could
get wrong with one line naming the file and term."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from oversight.detect.matcher import Matcher
from oversight.detect.taxonomy import TaxonomyError, default_dir, load

SEVERITIES = {
    "ethnicity": "critical",
    "religion": "critical",
    "detention": "critical",
    "person-tracking": "high",
    "phone-surveillance": "high",
    "biometrics": "high",
    "emotion": "high",
    "face-recognition": "medium",
    "vehicle-tracking": "medium",
}


def test_categories_and_severities() -> None:
    taxonomy = load()
    assert {c.id: c.severity for c in taxonomy.categories.values()} == SEVERITIES
    assert all(rule.severity == SEVERITIES[rule.category] for rule in taxonomy.rules)
    declared, digest = taxonomy.version.split("+")
    assert declared and len(digest) == 8


def test_every_term_cites_a_public_source() -> None:
    taxonomy = load()
    for rule in taxonomy.rules:
        assert rule.sources and all(
            taxonomy.sources[s]["publisher"] and taxonomy.sources[s]["title"] for s in rule.sources
        ), rule.id


def test_term_examples_fire_and_benign_examples_do_not() -> None:
    taxonomy = load()
    matcher = Matcher(taxonomy)
    for rule in taxonomy.rules:
        assert rule.examples, rule.id
        for example in rule.examples:
            assert rule.id in {m.rule for m in matcher.rule_matches(example)}, (rule.id, example)
    for category in taxonomy.categories.values():
        for example in category.benign_examples:
            assert category.id not in {m.category for m in matcher.match(example)}, (category.id, example)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "taxonomy"
    shutil.copytree(default_dir(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_version_follows_content(copy: Path) -> None:
    before = load(copy).version
    _edit(copy / "emotion.yaml", "微表情 |", "微表情 | 微笑识别 |")
    load.cache_clear()
    after = load(copy)
    assert after.version != before and after.version.split("+")[0] == before.split("+")[0]
    assert "emotion" in {m.category for m in Matcher(after).match("微笑识别")}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("sources: [bbc-emotion-2021, article19-emotion-2021]", "sources: [nobody-2020]", "cite at least one source"),
        ('"情感 (识别|计算)', '"情感 .* (识别|计算)', "at most"),
        ('"情感 (识别|计算)', '"(情感)? .{0,3} (识别)?', "literal of at least two"),
        ('"情感 (识别|计算)', '"情感 ?(识别|计算)', "quantifier after a space"),
        ('"情感 (识别|计算)', '"情感（识别）', "escaped ASCII"),
        ("{identify_en}", "{nonexistent}", "unknown vocabulary"),
    ],
)
def test_reviewer_mistakes_are_named(copy: Path, old: str, new: str, message: str) -> None:
    target = copy / ("ethnicity.yaml" if "identify_en" in old else "emotion.yaml")
    _edit(target, old, new)
    load.cache_clear()
    with pytest.raises(TaxonomyError, match=message) as raised:
        load(copy)
    assert target.name in str(raised.value)


def test_what_a_source_gave_cites_it() -> None:
    """sources.yaml's `gave` lists are the terms drawn from that source, and those terms cite it."""
    taxonomy = load()
    rules = {rule.id: rule for rule in taxonomy.rules}
    for key, source in taxonomy.sources.items():
        for rule_id in source.get("gave") or []:
            assert key in rules[rule_id].sources, (key, rule_id)
        if "checked" in source:
            assert isinstance(source["checked"], bool), key


def test_denial_examples_raise_nothing() -> None:
    taxonomy = load()
    matcher = Matcher(taxonomy)
    assert taxonomy.denial_examples
    for example in taxonomy.denial_examples:
        assert not matcher.match(example), example


def test_every_category_has_a_legend_and_detention_speaks_of_custody() -> None:
    categories = load().categories
    assert all(c.legend for c in categories.values())
    assert "看守所" in categories["detention"].legend and "监狱" in categories["detention"].legend
