"""Names across scripts where the spelling systems differ: Persian letters against Arabic ones, a closing heh or ta
marbuta that Latin writes or leaves out, romanisations of one Cyrillic or Greek word more than a typo apart
(Yanis / Γιάννης, Pyotr / Petr), a country name in another grammatical case (Сбербанк России: of Russia), and a
hyphenated compound that names a sister company (Lukoil-Neftekhim is not Lukoil)."""

from __future__ import annotations

import pytest

from oversight.datafile import read_csv
from oversight.screen import indic, inflection, spellings, thai
from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList
from oversight.screen.screener import DEFAULT_THRESHOLD, Screener


def _screener(names: list[tuple[str, str]]) -> Screener:
    entries = [
        Entry(key=str(i), schema=schema, name=name, names=[Name(name)], listings=[Listing(list="test")])
        for i, (name, schema) in enumerate(names)
    ]
    return Screener([ParsedList(name="test", format="test", entries=entries)])


def _hits(listed: str, query: str, schema: str) -> bool:
    screener = _screener([(listed, schema)])
    pair = screener.compare(query, "test:0")
    found = "test:0" in [m.entity_id for m in screener.screen(query)]
    return pair is not None and pair.score >= DEFAULT_THRESHOLD and found


@pytest.mark.parametrize(
    ("one", "other", "schema"),
    [
        ("حسن روحانی", "حسن روحاني", "Person"),  # Persian yeh = Arabic yeh
        ("کاظم صدیقی", "كاظم صديقي", "Person"),  # Persian keheh = Arabic kaf
        ("علی خامنه‌ای", "Ali Khamenei", "Person"),  # a heh Latin writes as a vowel
        ("إسماعيل هنية", "Ismail Haniyeh", "Person"),  # a ta marbuta Latin writes as h
        ("أسامة بن لادن", "Osama bin Laden", "Person"),  # ... or leaves out
        ("يحيى السنوار", "Yahya Sinwar", "Person"),  # a Latin word without consonant classes
        ("محمود احمدی‌نژاد", "Mahmoud Ahmadinejad", "Person"),  # Persian zhe as j
        ("محمد جواد ظریف", "Mohammad Javad Zarif", "Person"),  # in a Persian name waw is also v
        ("پرویز مشرف", "Pervez Musharraf", "Person"),
        ("Γιάννης Βαρουφάκης", "Yanis Varoufakis", "Person"),  # ELOT gi, customary y
        ("Пётр Авен", "Petr Aven", "Person"),  # Russian ё as yo or e
        ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev", "Person"),  # Kazakh q as k; ye after a vowel
        ("Сбербанк России", "Sberbank of Russia", "Company"),  # genitive of Россия
        ("Нафтогаз України", "Naftogaz of Ukraine", "Company"),
        ("Банк России", "Bank of Russia", "Company"),
        ("بانک صادرات ایران", "Bank Saderat Iran", "Company"),  # a country name the tokeniser leaves untagged
        ("ประยุทธ์ จันทร์โอชา", "Prayut Chan-o-cha", "Person"),  # a silent cluster; a family name in three words
        ("อภิสิทธิ์ เวชชาชีวะ", "Abhisit Vejjajiva", "Person"),  # wo waen as v, cho chang as j
        ("ชวลิต ยงใจยุทธ", "Chavalit Yongchaiyudh", "Person"),
        ("สมชาย วงศ์สวัสดิ์", "Somchai Wongsawat", "Person"),  # final s read t (RTGS)
        ("ชวน หลีกภัย", "Chuan Leekpai", "Person"),  # a ho nam is not spoken
        ("한덕수", "Han Duck-soo", "Person"),  # a final k customarily spelt ck
        ("हाफ़िज़ सईद", "Hafiz Saeed", "Person"),  # Indic: words romanised whole, before tokenising; ee for long i
        ("मसूद अज़हर", "Masood Azhar", "Person"),  # a nukta (z), which the tokeniser drops
        ("नवाज़ शरीफ़", "Nawaz Sharif", "Person"),  # va as w, sha as sh
        ("राहुल गांधी", "Rahul Gandhi", "Person"),  # the inherent vowel closing a word is silent
        ("ਅੰਮ੍ਰਿਤਪਾਲ ਸਿੰਘ", "Amritpal Singh", "Person"),  # Gurmukhi tippi as n
        ("মুহাম্মদ ইউনূস", "Muhammad Yunus", "Person"),  # Bengali
        ("مسعود أزهر", "Masood Azhar", "Person"),  # zain and heh, written zh in Latin
        ("नरेन्द्र मोदी", "नरेन्द्र मोडी", "Person"),  # Indic spelling variants (retroflex / dental d)
        ("김영삼", "Kim Young-sam", "Person"),  # yeo customarily spelt you
        ("박정희", "Park Chung-hee", "Person"),  # ui customarily spelt ee
        ("محسن رضایی", "Mohsen Rezaei", "Person"),  # zad spoken z in Persian
        ("رضا ثابتی", "Reza Sabeti", "Person"),  # se spoken s in Persian
    ],
)
def test_one_name_in_two_spelling_systems_matches_both_ways(one: str, other: str, schema: str) -> None:
    assert _hits(one, other, schema)
    assert _hits(other, one, schema)


@pytest.mark.parametrize(
    ("listed", "query", "schema"),
    [
        ("Lukoil-Neftekhim", "Лукойл", "Company"),  # a hyphenated compound names a sister company
        ("Alrosa-Nyurba", "Alrosa", "Company"),
        ("Sberbank of Russia", "Банк России", "Company"),  # the Bank of Russia is not Sberbank
        ("Bank of Russia", "Сбербанк России", "Company"),
        ("Γιάννης Βαρουφάκης", "Giorgos Varoufakis", "Person"),  # another given name of the family
        ("राहुल गांधी", "Rahul Gupta", "Person"),
        ("Ali Radaei", "علی رضایی", "Person"),  # a Persian name: zad is z, not d
    ],
)
def test_different_names_stay_apart(listed: str, query: str, schema: str) -> None:
    assert not _hits(listed, query, schema)


def test_a_compound_listed_name_still_meets_its_own_parts_as_a_query() -> None:
    assert _hits("Lukoil-Neftekhim", "Lukoil Neftekhim", "Company")
    assert _hits("Alfa-Bank", "Alfa Bank", "Company")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("giannis", "yanis"),
        ("giorgos", "yorgos"),
        ("pyotr", "petr"),
        ("fyodor", "fedor"),
        ("yevgeniy", "evgeny"),
        ("khodorkovsky", "hodorkovskij"),
        ("yuriy", "iurii"),
        ("nataliya", "natalia"),
        ("matviyenko", "matvienko"),
        ("qasym", "kassym"),
        ("toqaev", "tokayev"),
        ("aliyev", "aliev"),
    ],
)
def test_romanisations_of_one_word_share_a_common_form(a: str, b: str) -> None:
    assert spellings.same(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [("maria", "mario"), ("ivan", "ivana"), ("petrov", "petrova"), ("ali", "aly"), ("ian", "jan")]
)
def test_different_words_keep_different_common_forms(a: str, b: str) -> None:
    assert not spellings.same(a, b)


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("России", "ru"),
        ("Украины", "ua"),
        ("України", "ua"),
        ("Беларуси", "by"),
        ("Китая", "cn"),
        ("Ирана", "ir"),
        ("ایران", "ir"),
    ],
)
def test_a_country_in_another_case_is_that_country(word: str, code: str) -> None:
    assert inflection.territory(word) == code


@pytest.mark.parametrize("word", ["Банка", "Газа", "Нефти", "Компании", "Сбербанка", "Росс"])
def test_other_words_are_no_country(word: str) -> None:
    assert inflection.territory(word) is None


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("data/romanisation_variants.csv", ("pattern", "spelling", "source")),
        ("data/cyrillic_cases.csv", ("ending", "nominative", "source")),
    ],
)
def test_every_rule_cites_its_source(name: str, columns: tuple[str, ...]) -> None:
    rows = read_csv("oversight.screen", name, columns)
    assert rows and all(row["source"].strip() for row in rows)


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("จันทร์โอชา", "จันโอชา"),  # the consonant before a silenced one closing a syllable is silent too
        ("วงษ์", "วง"),  # ... but not one that opens the syllable
        ("หลีกภัย", "ลีกภัย"),  # ho nam
        ("สุวรรณ", "สุวัน"),  # ro han before a final consonant (itself read as its final sound, n)
        ("สวัสดิ์", "สวัต"),  # a consonant closing a syllable written as its final sound (RTGS: sawat)
        ("สมัคร", "สมักร"),  # (samak; the closing ro is left for the skeleton to read either way)
        ("สรร", "สัน"),  # ro han closing a word
        ("บรรหาร", "บันหาร"),  # ro han before a syllable
        ("Putin", "Putin"),
    ],
)
def test_thai_letters_written_but_not_spoken_are_dropped(written: str, spoken: str) -> None:
    assert thai.spoken(written) == spoken


@pytest.mark.parametrize(
    ("word", "latin"),
    [("अज़हर", "azahar"), ("शाह", "shah"), ("सिंह", "sinh"), ("ਸਿੰਘ", "singh"), ("নরেন্দ্র", "narendra"), ("अमृत", "amrit")],
)
def test_indic_words_are_read_with_the_marks_the_tokeniser_drops(word: str, latin: str) -> None:
    assert indic.latin(word) == latin
