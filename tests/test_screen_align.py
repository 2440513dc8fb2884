"""Word alignment by entity kind: cross-script, look-alike letters, people's names, company guards, list recall."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from oversight.screen.align import score
from oversight.screen.config import DEFAULT, describe, with_overrides
from oversight.screen.fold import fold
from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList
from oversight.screen.names import analyze
from oversight.screen.parts import Kind, kind_of, parse
from oversight.screen.screener import Screener


def similar(query: str, listed: str, kind: Kind = "organization") -> float:
    return score(parse(query, kind), parse(listed, kind)).score


def test_folding_unmasks_lookalikes_and_drops_invisible_characters() -> None:
    assert fold("Hu\u0430wei") == "Huawei"  # Cyrillic а
    assert fold("Z\u0422E") == "ZTE"  # Cyrillic Т
    assert fold("华\u200b为") == "华为"
    assert fold("Москва") == "Москва"  # a whole Cyrillic word is a word, not a disguise


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Владимир Путин", "Vladimir Putin"),
        ("Putin, Vladimir", "Vladimir Vladimirovich PUTIN"),
        ("J.-C. Juncker", "Jean-Claude Juncker"),
        ("JC Juncker", "Jean-Claude Juncker"),
        ("VladimirPutin", "Vladimir Putin"),
        ("Saddam Husayn", "Saddam Hussein"),
        ("贝拉克·奥巴马", "Barack Obama"),  # a foreign name written in Chinese: its sounds, word by word
        ("弗拉基米尔·普京", "Vladimir Vladimirovich PUTIN"),
        ("唐纳德·特朗普", "TRUMP, Donald John"),
    ],
)
def test_people_match_across_scripts_order_initials_and_spellings(query: str, listed: str) -> None:
    assert similar(query, listed, "person") >= DEFAULT.threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Barack Obama", "Michelle Obama"),
        ("A. Nazarbayev", "Nursultan Nazarbayev"),
        ("BARZAN IBRAHIM HASSAN AL-MOSULI", "BARZAN IBRAHIM HASSAN AL-TIKRITI"),
        ("高石早苗", "高市早苗"),  # one changed character is another name, even where the readings agree
        ("Felix Torres", "TORRES FELIX, Javier"),  # the listed given name is missing: a relative
        ("Sanjay Gupta", "GUPTA, Ajay"),  # the listed given name only loosely spelt
        ("Marco Gonzalez", "FREGOSO GONZALEZ, Marco Antonio"),  # the first family name is missing
        ("William Wright", "William Ruto"),  # a two-consonant sound key (RT) is no spelling of a name
        ("贝拉克·奥巴马", "Michelle Obama"),
        ("唐纳德·特朗普", "Donald Tusk"),
    ],
)
def test_another_person_is_not_a_typo(query: str, listed: str) -> None:
    assert similar(query, listed, "person") < DEFAULT.threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Siemens Aktiengesellschaft", "Siemens AG"),
        ("JSC Tactical Missiles Corporation", "Tactical Missiles Corporation Joint Stock Company"),
        ("Huаwei Technologies", "Huawei Technologies Co., Ltd."),
        ("Bank of Chima", "Bank of China"),
        ("1st International Bank", "First International Bank"),
        ("PLA", "People's Liberation Army"),
        ("Trafalgura Group Pte. Ltd.", "Trafigura Group Pte. Ltd."),
        ("Siemens Energy USA Inc.", "Siemens Energy AG"),  # a branch: the listed name with a country added
    ],
)
def test_company_variants_match(query: str, listed: str) -> None:
    assert similar(query, listed) >= DEFAULT.threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Saudi Arabian Gas Company", "Saudi Arabian Oil Company"),  # industries are never folded together
        ("Deutsche Bank AG", "Deutsche Bank GmbH"),  # another legal form
        ("Management Company 23", "Management Company"),  # nothing distinctive but the number
        ("Republic of China", "INVESTMENT REPUBLIC BANK"),  # one generic word
        ("Holding Group Company", "Kaisa Holding Group Company"),
        ("Industrial and Commercial Bank of Chad", "Industrial and Commercial Bank of China"),
        ("Taipei", "TAIPEN"),
        ("Marie Curie", "Marine Curie Shipping"),  # a name is not a misspelt industry word
        ("Bank of China USA", "Bank of China"),  # generic words and places: no branch by name alone
        ("Siemens Energy Fans Club Germany", "Siemens Energy AG"),  # more than a place added
    ],
)
def test_company_guards(query: str, listed: str) -> None:
    assert similar(query, listed) < DEFAULT.threshold


def test_a_different_number_lowers_the_score() -> None:
    same = similar("Blackstone Capital Partners VII L.P.", "Blackstone Capital Partners VII L.P.")
    other = similar("Blackstone Capital Partners VII L.P.", "Blackstone Capital Partners VIII L.P.")
    assert other < same


def test_kind_guess_is_explained() -> None:
    assert kind_of("Vessel") == ("object", "schema Vessel")
    kind, why = kind_of("LegalEntity", "Acme Trading LLC")
    assert kind == "organization" and "legal form" in why
    assert kind_of("LegalEntity", "Maria Lopez")[0] == "person"


def test_config_is_documented_and_checked() -> None:
    knobs = describe()
    assert all(k["doc"] for k in knobs)
    assert {k["name"] for k in knobs} >= {"threshold", "extra_query", "substitution_cap"}
    assert with_overrides({"threshold": 0.9}).threshold == 0.9
    with pytest.raises(KeyError, match="unknown matching knob 'treshold'"):
        with_overrides({"treshold": 0.9})


def _generated_list(rnd: random.Random) -> tuple[ParsedList, list[tuple[str, str]]]:
    """Listed people and companies, and queries made from them by typos, dropped words, reordering."""
    given = ["Ivan", "Omar", "Li", "Maria", "Ahmad", "Kim", "Jose", "Fatima", "Sergei", "Hassan", "Anna", "Wei"]
    family = ["Petrov", "Haddad", "Zhang", "Lopez", "Karimi", "Jong", "Silva", "Rahman", "Volkov", "Nasser"]
    words = ["Baltic", "Orion", "Zenith", "Sahara", "Pacific", "Aurora", "Delta", "Granite", "Falcon", "Meridian"]
    kinds = ["Shipping", "Trading", "Petroleum", "Logistics", "Metals", "Holding"]
    entries, queries = [], []
    for k in range(300):
        if k % 2:
            name = f"{rnd.choice(given)} {rnd.choice(given)} {rnd.choice(family)}"
            schema = "Person"
        else:
            name = f"{rnd.choice(words)} {rnd.choice(words)} {rnd.choice(kinds)} LLC"
            schema = "Company"
        entries.append(Entry(str(k), schema, name, [Name(name)], [Listing("test")]))
        words_of = name.split()
        variant = rnd.choice(
            [
                " ".join(reversed(words_of)),
                " ".join(words_of[:-2] + words_of[-1:]),
                name.replace(name[3], name[4], 1),
                name.upper(),
            ]
        )
        queries.append((variant, f"gen:{k}"))
    return ParsedList("gen", "test", entries), queries


def test_list_recall_equals_pair_recall() -> None:
    """Whole-list screening reports every entry the pair comparison scores at or above the threshold."""
    parsed, queries = _generated_list(random.Random(5))
    screener = Screener([parsed])
    pair_hits = 0
    for query, target in queries:
        match = screener.compare(query, target)
        if match is not None and match.score >= DEFAULT.threshold:
            pair_hits += 1
            assert target in {m.entity_id for m in screener.screen(query, limit=1000)}, query
    assert pair_hits > len(queries) // 2


def test_chinese_transliterations_of_foreign_names_reach_the_list() -> None:
    """Whole-list screening finds a foreign person written in Chinese through the consonant-skeleton keys."""
    names = ["Barack Obama", "Michelle Obama", "Vladimir Vladimirovich PUTIN", "MERKEL, Angela"]
    people = [Entry(str(k), "Person", name, [Name(name)], [Listing("test")]) for k, name in enumerate(names)]
    screener = Screener([ParsedList("people", "test", people)])
    for query, listed in (
        ("贝拉克·奥巴马", "Barack Obama"),
        ("米歇尔·奥巴马", "Michelle Obama"),
        ("安格拉·默克尔", "MERKEL, Angela"),
    ):
        assert [m.listed_name for m in screener.screen(query)] == [listed]


def test_screening_candidates_pass_the_pair_gate() -> None:
    """The names whole-list screening takes as past the key gate do pass it (the pair path checks it itself), also
    names sharing only the query's initials (Ivan Omar Petrov / Igor Oleg Popov)."""
    parsed, queries = _generated_list(random.Random(7))
    screener = Screener([parsed])
    index = screener.index
    for query in [q for q, _ in queries] + ["Igor Oleg Popov", "Baltic Orion", "IOP"]:
        _, gated = index.gated_candidates(analyze(query))
        for n in gated:
            listed = index.names[n].parsed
            assert listed is not None and index.gate(parse(query, listed.kind), listed), (query, index.names[n].name)


def test_a_branch_by_name_is_explained_and_capped() -> None:
    """A listed distinctive name with only a place added is reported as a possible branch, never as the party."""
    listed = parse("Rostelekom Digital", "organization")
    branch = score(parse("Rostelekom Digital Germany", "organization"), listed)
    assert DEFAULT.threshold <= branch.score <= DEFAULT.branch_cap
    assert any("branch or subsidiary" in note for note in branch.notes)


def test_a_bracketed_acronym_is_also_a_name_of_its_party() -> None:
    """'Full Name (ACRONYM)' lists the acronym the party is known by; a bracketed place is no acronym."""
    names = {"1": "Vostok Radar Engineering Bureau (VREB)", "2": "Zarnica Optics Trading (HK)"}
    entries = [
        Entry(key=key, schema="Company", name=name, names=[Name(name)], listings=[Listing(list="t")])
        for key, name in names.items()
    ]
    screener = Screener([ParsedList(name="t", format="t", entries=entries)])
    assert [m.entity_id for m in screener.screen("VREB")] == ["t:1"]
    assert screener.screen("HK") == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Vladimir Putin", "person"), ("贝拉克·奥巴马", "person"), ("Cloud Walk Technology", "organization")],
)
def test_each_word_keys_on_itself_joined_with_its_neighbours(name: str, kind: Kind) -> None:
    """Joined keys live apart from a word's own keys, and survive the words re-read by their sounds (transliterated
    names): the gate and the listed index find a name written as one word through them."""
    words = parse(name, kind).parts
    for first, second in pairwise(words):
        joined = first.text + second.text
        assert joined in first.joins and joined in second.joins
        assert joined not in first.keys
        assert first.shares_key(second)


def test_a_name_written_apart_meets_its_listed_spelling_as_one_word() -> None:
    assert similar("Cloud Walk", "CloudWalk Technology Co., Ltd.") >= DEFAULT.threshold
    assert similar("Vladimir Putin", "VladimirPutin", "person") >= DEFAULT.threshold
