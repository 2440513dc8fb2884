"""Names across scripts: a list entry written only in Cyrillic, Arabic, Hebrew, Thai or Hangul is screened like any
other, in both directions (a Latin query for a listed name in another script, and the reverse), and a shared short
consonant skeleton never makes two different names one."""

from __future__ import annotations

import pytest

from oversight.screen.fold import fold
from oversight.screen.fold import latin as fold_latin
from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList
from oversight.screen.screener import DEFAULT_THRESHOLD, Screener

# (written in another script, its Latin spelling, schema)
PAIRS = [
    ("Олег Дерипаска", "Oleg Deripaska", "Person"),
    ("Михаил Фридман", "Mikhail Fridman", "Person"),
    ("Αλέξης Τσίπρας", "Alexis Tsipras", "Person"),
    ("محمد بن سلمان", "Mohammed bin Salman", "Person"),
    ("علي خامنئي", "Ali Khamenei", "Person"),
    ("حسن نصر الله", "Hassan Nasrallah", "Person"),
    ("عبد الله", "Abdullah", "Person"),
    ("בנימין נתניהו", "Binyamin Netanyahu", "Person"),
    ("ทักษิณ ชินวัตร", "Thaksin Shinawatra", "Person"),
    ("김정은", "Kim Jong Un", "Person"),
    ("贝拉克·奥巴马", "Barack Obama", "Person"),
    ("Роснефть", "Rosneft", "Company"),
    ("אהרון ברק", "Aharon Barak", "Person"),  # opening alef: a Latin name opening on a vowel
]


def _screener(names: list[tuple[str, str]]) -> Screener:
    entries = [
        Entry(key=str(i), schema=schema, name=name, names=[Name(name)], listings=[Listing(list="test")])
        for i, (name, schema) in enumerate(names)
    ]
    return Screener([ParsedList(name="test", format="test", entries=entries)])


@pytest.fixture(scope="module")
def written() -> Screener:
    """The names as written in their own scripts."""
    return _screener([(w, schema) for w, _, schema in PAIRS])


@pytest.fixture(scope="module")
def spelt() -> Screener:
    """The same names spelt in Latin letters."""
    return _screener([(latin, schema) for _, latin, schema in PAIRS])


@pytest.mark.parametrize("k", range(len(PAIRS)), ids=[p[1] for p in PAIRS])
def test_a_latin_query_finds_a_name_listed_in_another_script(written: Screener, k: int) -> None:
    query = PAIRS[k][1]
    pair = written.compare(query, f"test:{k}")
    assert pair is not None and pair.score >= DEFAULT_THRESHOLD
    assert f"test:{k}" in [m.entity_id for m in written.screen(query)]  # whole-list screening reaches it too


@pytest.mark.parametrize("k", range(len(PAIRS)), ids=[p[1] for p in PAIRS])
def test_a_query_in_another_script_finds_the_latin_name(spelt: Screener, k: int) -> None:
    query = PAIRS[k][0]
    pair = spelt.compare(query, f"test:{k}")
    assert pair is not None and pair.score >= DEFAULT_THRESHOLD
    assert f"test:{k}" in [m.entity_id for m in spelt.screen(query)]


def test_names_in_a_script_without_chinese_layer_are_not_word_for_word_equal() -> None:
    screener = _screener([("Олег Дерипаска", "Person"), ("Игорь Сечин", "Person")])
    assert screener.compare("Игорь Сечин", "test:0") is None
    found = screener.screen("Игорь Сечин")
    assert [m.entity_id for m in found] == ["test:1"] and found[0].score == 1.0


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Mary Adams", "عمر آدم"),  # Mary and Omar share the consonants m-r: too short to carry a match
        ("Amanda Parker", "محمد بلكلام"),  # Amanda and Muhammad differ once letters, not classes, are compared
        ("Ali Baker", "علي حسن"),  # one short given name in common is no match
        ("Nathan Cole", "נתן כהן"),  # Nathan = Natan, but Cole is not Cohen
        ("Kim Jong Il", "김정은"),  # Korean vowels and finals tell names apart (Un / Il)
        ("Su Zhao", "서지우"),  # one shared consonant per syllable is no Korean name
        ("Chen Li", "김예진"),
        ("Martin", "עומרי דיין"),  # two words read as one must meet exactly, not one consonant apart
        ("Robson", "אורי פישר"),
        ("Amir Levi", "מור לוי"),  # a Latin name opening on a vowel: the Hebrew one opens on alef or ayin
        ("Salim Haddad", "שלום חדד"),  # the vav of Shalom is an o or u that Salim lacks
    ],
)
def test_a_shared_short_skeleton_is_no_match(query: str, listed: str) -> None:
    screener = _screener([(listed, "Person")])
    pair = screener.compare(query, "test:0")
    assert pair is None or pair.score < DEFAULT_THRESHOLD
    assert screener.screen(query) == []


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("HlKVlSlON", "HIKVISION"),
        ("HUAWE1 TECHNOLOGIES", "HUAWEI TECHNOLOGIES"),
        ("DS-2CD2143G0-IS", "DS-2CD2143G0-IS"),  # model numbers keep their digits
        ("DH-IPC-HDW1230T1", "DH-IPC-HDW1230T1"),
        ("A380", "A380"),
        ("Al Qaida", "Al Qaida"),  # a capital followed by a lower-case l is a word, not a disguise
        ("H1N1", "H1N1"),
    ],
)
def test_only_capital_words_are_undisguised(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("written", "latin"),
    [
        ("박근혜", "Park Geun-hye"),  # Revised Romanisation (bak) against an everyday spelling (Park)
        ("최룡해", "Choe Ryong Hae"),  # a given name written as two words in Latin
        ("김여정", "Kim Yo Jong"),
        ("문재인", "Moon Jae In"),  # a closing In is a name, not a particle
    ],
)
def test_korean_names_meet_their_romanisations(written: str, latin: str) -> None:
    screener = _screener([(written, "Person")])
    pair = screener.compare(latin, "test:0")
    assert pair is not None and pair.score >= DEFAULT_THRESHOLD


def test_three_names_do_not_abbreviate_an_organisation() -> None:
    """An acronym meets only a long form that reads as an organisation, not three personal names."""
    screener = _screener([("ELN", "Organization")])
    assert screener.screen("Eutimio Lumbreras Navarrete") == []
    assert [m.entity_id for m in screener.screen("Ejercito de Liberacion Nacional")] == ["test:0"]


# General spelling behaviours across scripts, both directions, pair and whole-list screening.
SPELLINGS = [
    ("김대중", "Kim Dae-jung"),  # a hyphenated given name spelt syllable by syllable
    ("반기문", "Ban Ki-moon"),  # everyday spellings of syllables (moon for mun)
    ("이명박", "Lee Myung-bak"),  # a family name's customary spelling (Lee for 이)
    ("노무현", "Roh Moo-hyun"),
    ("리선권", "Ri Son Gwon"),  # McCune-Reischauer (North Korean usage), given name as two words
    ("황교안", "Hwang Kyo-ahn"),
    ("عمر البشير", "Omar al-Bashir"),  # the Arabic article, written apart in Latin
    ("خليفة حفتر", "Khalifa Haftar"),  # a feminine ending Latin writes as a vowel
    ("يوسف القرضاوي", "Yusuf al-Qaradawi"),
    ("محمد القاسمي", "Mohamed al-Gasimi"),  # qaf spelt g
    ("عبد الفتاح السيسي", "Abdel Fattah el-Sisi"),  # the article Latin writes onto Abd
    ("عبد الرحمن", "Abdul Rahman"),
    ("אריאל שרון", "Ariel Sharon"),  # shin spelt sh
    ("נפתלי בנט", "Naftali Bennett"),  # pe spelt f, a doubled letter
    ("אבי דיכטר", "Avi Dichter"),  # bet spelt v, kaf spelt ch
    ("יוסף כהן", "Yosef Cohen"),
    ("สมศักดิ์ เทพสุทิน", "Somsak Thepsuthin"),  # a Thai letter marked silent is not read
    ("ศักดิ์สยาม ชิดชอบ", "Saksayam Chidchob"),
    ("Ευάγγελος Βενιζέλος", "Evangelos Venizelos"),  # Greek as passports spell it: v, ev, ng, not b, eu, gg
    ("Αντώνης Σαμαράς", "Antonis Samaras"),  # eta is i
    ("Πάνος Καμμένος", "Panos Kammenos"),
    ("アンゲラ・メルケル", "Angela Merkel"),  # katakana by consonant classes, as Chinese transliterations
    ("セルゲイ・ラブロフ", "Sergey Lavrov"),
    ("ヴィクトル・オルバーン", "Viktor Orban"),
]


@pytest.fixture(scope="module")
def spellings() -> tuple[Screener, Screener]:
    return _screener([(w, "Person") for w, _ in SPELLINGS]), _screener([(s, "Person") for _, s in SPELLINGS])


@pytest.mark.parametrize("k", range(len(SPELLINGS)), ids=[p[1] for p in SPELLINGS])
def test_spelling_variants_meet_across_scripts(spellings: tuple[Screener, Screener], k: int) -> None:
    written, spelt = spellings
    for screener, query in ((written, SPELLINGS[k][1]), (spelt, SPELLINGS[k][0])):
        pair = screener.compare(query, f"test:{k}")
        assert pair is not None and pair.score >= DEFAULT_THRESHOLD, query
        assert f"test:{k}" in [m.entity_id for m in screener.screen(query)], query


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Kim Dae-ho", "김대중"),  # the same family name and first syllable, another given name
        ("Lee Myung-hee", "이명박"),
        ("Kim Yong Nam", "김영철"),
        ("Omar al-Bakri", "عمر البشير"),  # the article set aside, the names still differ
        ("Saad bin Laden", "حمزة بن لادن"),
        ("Ariel Shamir", "אריאל שרון"),
        ("Ivan Petrovich", "Иван Петров"),  # a whole family name with a suffix is another name
        ("Sergei Ivanovsky", "Сергей Иванов"),
        ("Roman Karimov", "Roman Karimovich"),
        ("Sergey Lavrentiev", "セルゲイ・ラブロフ"),  # katakana writes every syllable: Lavrentiev has more
        ("Donald Tusk", "ドナルド・トランプ"),
    ],
)
def test_close_names_of_other_people_do_not_meet(query: str, listed: str) -> None:
    for q, entry in ((query, listed), (listed, query)):
        screener = _screener([(entry, "Person")])
        pair = screener.compare(q, "test:0")
        assert pair is None or pair.score < DEFAULT_THRESHOLD, q


@pytest.mark.parametrize(
    ("greek", "latin"),
    [
        ("Ευθύμιος", "efthymios"),  # ef before a voiceless consonant
        ("Αυγερινός", "avgerinos"),  # av before a voiced one
        ("Μπακογιάννη", "bakogianni"),  # mp opening a word is b, inside it mp (Λαμπράκης)
        ("Λαμπράκης", "lamprakis"),
        ("Χρυσοχοΐδης", "chrysochoidis"),  # a diaeresis keeps two vowels apart
    ],
)
def test_greek_is_spelt_as_passports_spell_it(greek: str, latin: str) -> None:
    assert fold_latin(greek) == latin
