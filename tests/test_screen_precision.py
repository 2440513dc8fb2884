"""False alerts on ordinary names that no list holds (weak one-word aliases; one short word a letter and a sound
away from a one-word listed name), each checked with the hits the same list entries should still give."""

from __future__ import annotations

import pytest

from oversight.screen.config import DEFAULT
from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList
from oversight.screen.screener import DEFAULT_THRESHOLD, Screener

# Entries built like OFAC's: a primary name with strong and weak (quoted) a.k.a.s.
ENTRIES = [
    ("1", "Person", "KHAKI, Parviz", [("MARTIN", "weak")]),
    ("2", "Person", "PAEZ SOTO, Ramon Ignacio", [("EL MORENO", "weak"), ("PAEZ, Nacho", "weak")]),
    ("3", "Person", "USUGA TORRES, Arley", [("07", "weak"), ("OTONIEL", "alias")]),
    ("4", "Organization", "TEYREBAZEN AZADIYA KURDISTAN", [("TAK", "weak"), ("KURDISTAN FREEDOM HAWKS", "alias")]),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    entries = [
        Entry(
            key=key,
            schema=schema,
            name=name,
            names=[Name(name), *(Name(alias, kind) for alias, kind in aliases)],
            listings=[Listing(list="test")],
        )
        for key, schema, name, aliases in ENTRIES
    ]
    return Screener([ParsedList(name="test", format="test", entries=entries)])


@pytest.mark.parametrize("query", ["Martin", "Moreno", "El Moreno", "7", "07", "Tak LLC"])
def test_a_one_word_weak_alias_alone_raises_no_alert(screener: Screener, query: str) -> None:
    assert screener.screen(query) == []


def test_a_one_word_weak_alias_is_kept_as_evidence_below_the_threshold(screener: Screener) -> None:
    match = screener.compare("Martin", "test:1")
    assert match is not None and match.score == DEFAULT.weak_word_cap < DEFAULT_THRESHOLD
    assert "weak alias" in match.path[0]
    found = screener.screen("Martin", threshold=0.5)
    assert [m.entity_id for m in found] == ["test:1"] and found[0].matched_name == "MARTIN"


def test_an_acronym_of_the_primary_name_still_alerts(screener: Screener) -> None:
    (match,) = screener.screen("Tak")  # TAK is weak as an alias, but it is also what the primary name abbreviates
    assert match.entity_id == "test:4" and match.matched_name == "TEYREBAZEN AZADIYA KURDISTAN"


@pytest.mark.parametrize(
    ("query", "party"),
    [
        ("Paez Nacho", "test:2"),  # a weak alias of two words still counts
        ("Otoniel", "test:3"),  # a strong one-word alias
        ("Parviz Khaki", "test:1"),
        ("Kurdistan Freedom Hawks", "test:4"),
    ],
)
def test_other_names_of_the_same_entries_still_alert(screener: Screener, query: str, party: str) -> None:
    assert [m.entity_id for m in screener.screen(query)][:1] == [party]


@pytest.fixture(scope="module")
def one_word() -> Screener:
    names = [
        ("m", "Organization", "MOBIN HOLDING LIMITED"),
        ("h", "Vessel", "HORSE"),
        ("a", "Vessel", "ARTIN"),
        ("b", "Vessel", "BALITA"),
        ("v", "Company", "Vitol Holding S.A."),
        ("p", "Company", "Apple Inc."),
        ("s", "Company", "Shell plc"),
        ("k", "Person", "Vladimir Putin"),
        ("r", "Company", "Rostec"),
        ("o", "Company", "BOALI GROUP"),
        ("n", "Company", "MELON LTDA."),
        ("f", "Company", "Ford Motor Company"),
    ]
    entries = [
        Entry(key=key, schema=schema, name=name, names=[Name(name)], listings=[Listing(list="test")])
        for key, schema, name in names
    ]
    return Screener([ParsedList(name="test", format="test", entries=entries)])


@pytest.mark.parametrize(
    "query", ["Robin", "Robin Holding", "Hörle", "Martin", "Kalita", "Bali Group", "Melo Ltda.", "Melo"]
)
def test_one_short_word_a_letter_and_a_sound_apart_is_another_name(one_word: Screener, query: str) -> None:
    assert one_word.screen(query) == []


@pytest.mark.parametrize(
    ("query", "party"),
    [
        ("Vital Holding S.A.", "test:v"),  # a vowel changed: the same sound
        ("Appel Inc.", "test:p"),  # two letters swapped
        ("Schell plc", "test:s"),  # a letter added, not in front
        ("Vladimir Pulin", "test:k"),  # the other word carries the match
        ("Mobin", "test:m"),
        ("Ростех", "test:r"),  # read from Cyrillic: spelt loosely anyway
        ("Fjord Motor Company", "test:f"),  # a short word met loosely, beside a word met exactly
    ],
)
def test_one_word_typos_that_keep_the_sound_still_alert(one_word: Screener, query: str, party: str) -> None:
    assert [m.entity_id for m in one_word.screen(query)][:1] == [party]


# Written in Arabic or Hebrew script against a Latin listed name: the vowel letters the script does write must sit
# where the Latin spelling has its vowels (first vowel, last letter).
WRITTEN_OTHERS = [
    ("سالمين", "Souleiman"),  # an alef after the s: Salmin
    ("אורי פישר", "Bashir Yare"),  # a yod after the p: Fisher
    ("محمد طاها جعفر پور", "Jafar Mohammadi"),  # Mohammadi writes its final i
    ("المهندس رزين القرجولي", "Georgios Manidis"),  # a final ya: a vowel, not the s of Georgios
    ("زهرا", "Zuhair Hassan"),  # a final alef: Zahra
    ("TUSAŞ-Türk Havacılık ve Uzay", "طارق عزيز"),  # an alef after the t: Tariq, not Turk
    ("מוחמד גבארה", "Mohammad Jibril"),  # an alef inside: Jabara
    ("احسان اشتری", "Hossein Ashtari Fard"),  # an alef inside: Ehsan
    ("יואב עואודה", "Obaidah"),  # read as one word, it opens on yod, not on a vowel
    ("ישי עאמר", "Al-Shammari"),  # read as one word, it ends on resh, not on ya
]
WRITTEN_SAME = [
    ("قاسم سليماني", "Qasem Soleimani"),
    ("حسن روحاني", "Hassan Rouhani"),
    ("معمر القذافي", "Muammar Gaddafi"),
    ("أسامة بن لادن", "Osama bin Laden"),
    ("علي خامنئي", "Ali Khamenei"),
    ("בנימין נתניהו", "Binyamin Netanyahu"),
    ("Tariq Aziz", "طارق عزيز"),
    ("حسن نصر الله", "Hassan Nasrallah"),  # two written words read as one Latin word
    ("שמעון פרס", "Shimon Peres"),
]


@pytest.fixture(scope="module")
def written() -> Screener:
    listed = {name for _, name in WRITTEN_OTHERS + WRITTEN_SAME}
    entries = [
        Entry(key=name, schema="Person", name=name, names=[Name(name)], listings=[Listing(list="test")])
        for name in sorted(listed)
    ]
    return Screener([ParsedList(name="test", format="test", entries=entries)])


@pytest.mark.parametrize(("query", "listed"), WRITTEN_OTHERS)
def test_written_vowels_in_other_places_are_another_name(written: Screener, query: str, listed: str) -> None:
    assert "test:" + listed not in [m.entity_id for m in written.screen(query)]


@pytest.mark.parametrize(("query", "listed"), WRITTEN_SAME)
def test_written_vowels_in_their_places_keep_the_match(written: Screener, query: str, listed: str) -> None:
    assert [m.entity_id for m in written.screen(query)][:1] == ["test:" + listed]


@pytest.fixture(scope="module")
def headed() -> Screener:
    names = [
        ("a", "AGROGANADERA LOS SANTOS S.A."),
        ("r", "REYNOLDS AND WILSON, LTD."),
        ("f", "FABERLIC EUROPE Sp. z o.o."),
        ("h", "Hangzhou Hikvision Digital Technology Co., Ltd."),
        ("m", "MR HANDYMAN LTD"),
        ("b", "B R C S.A."),
        ("t", "CONG TY TNHH THINH CUONG"),
    ]
    entries = [
        Entry(key=key, schema="Company", name=name, names=[Name(name)], listings=[Listing(list="test")])
        for key, name in names
    ]
    return Screener([ParsedList(name="test", format="test", entries=entries)])


@pytest.mark.parametrize(
    "query",
    [
        "Santos S.A.",
        "Santos",
        "Wilson Group",
        "Europe Sp. z o.o.",
        "עמר LLC",  # Amar, written without vowels, is no MR
        "בר PLC",  # nor Bar the initials B R
        "Dương Công ty TNHH",  # Vietnamese: Duong Company Limited
    ],
)
def test_a_one_word_company_lacking_the_listed_head_word_is_another_company(headed: Screener, query: str) -> None:
    assert headed.screen(query) == []


@pytest.mark.parametrize(
    ("query", "party"),
    [
        ("Faberlic", "test:f"),  # the head word, the rest left out
        ("Hikvision", "test:h"),  # a leading place is no head word
        ("Reynolds Wilson Ltd", "test:r"),
        ("Agroganadera Santos", "test:a"),
        ("Thịnh Cường Công ty TNHH MTV", "test:t"),
    ],
)
def test_the_head_word_or_the_whole_name_still_alerts(headed: Screener, query: str, party: str) -> None:
    assert [m.entity_id for m in headed.screen(query)][:1] == [party]


@pytest.mark.parametrize(
    ("query", "vessel"), [("Horse Ltda.", "test:h"), ("Balita Group", "test:b"), ("ARTIN GmbH", "test:a")]
)
def test_a_company_is_not_the_vessel_of_its_name(one_word: Screener, query: str, vessel: str) -> None:
    assert one_word.screen(query) == []
    match = one_word.compare(query, vessel)
    assert match is None or match.score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(("query", "vessel"), [("Horse", "test:h"), ("MV Horse", "test:h"), ("BALITA", "test:b")])
def test_a_vessel_name_still_alerts(one_word: Screener, query: str, vessel: str) -> None:
    assert [m.entity_id for m in one_word.screen(query)][:1] == [vessel]


@pytest.fixture(scope="module")
def titled() -> Screener:
    names = [
        ("g", "MANIDIS, Georgios"),
        ("k", "A. Kabir"),
        ("r", "Razin al-Qarjuli"),
        ("a", "Hassan Rouhani"),
    ]
    entries = [
        Entry(key=key, schema="Person", name=name, names=[Name(name)], listings=[Listing(list="test")])
        for key, name in names
    ]
    return Screener([ParsedList(name="test", format="test", entries=entries)])


@pytest.mark.parametrize(
    "query",
    [
        "المهندس جورج",  # the engineer's title, not a name to meet Manidis by
        "الدكتور كبير البخاري",  # al-Bukhari opens on the article: no 'A.'
        "Sabır Akça",  # Sabir is no misspelt Kabir
    ],
)
def test_titles_articles_and_misheard_words_raise_no_alert(titled: Screener, query: str) -> None:
    assert titled.screen(query) == []


@pytest.mark.parametrize(
    ("query", "party"),
    [
        ("المهندس رزين القرجولي", "test:r"),  # the title set aside, the name still met
        ("رزين القرجولي", "test:r"),
        ("جناب آقای دکتر حسن روحانی", "test:a"),
        ("Ali Kabir", "test:k"),
    ],
)
def test_names_after_a_title_still_alert(titled: Screener, query: str, party: str) -> None:
    assert [m.entity_id for m in titled.screen(query)][:1] == [party]
