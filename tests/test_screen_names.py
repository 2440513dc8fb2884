"""Name analysis: legal forms, places, descriptors and industries in both scripts; gazetteer; pinyin."""

from __future__ import annotations

import pytest

from oversight.screen import pinyin
from oversight.screen.lexicon import lexicon
from oversight.screen.names import analyze


def kinds(name: str) -> list[tuple[str, str]]:
    return [(t.text, t.kind) for t in analyze(name).tokens]


@pytest.mark.parametrize(
    "name, core",
    [
        ("杭州海康威视数字技术股份有限公司", "海康威视"),
        ("浙江大华技术股份有限公司", "大华"),
        ("云从科技集团股份有限公司", "云从"),
        ("深圳云天励飞技术有限责任公司", "云天励飞"),
        ("国投智能(厦门)信息股份有限公司", "国投"),
        ("頤信科技有限公司", "颐信"),
        ("大华股份", "大华"),
    ],
)
def test_chinese_legal_forms_places_and_descriptors_fall_away(name: str, core: str) -> None:
    assert analyze(name).han_core == core


@pytest.mark.parametrize(
    "name, cores",
    [
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", ("hikvision",)),
        ("ZHEJIANG DAHUA TECHNOLOGY COMPANY LIMITED", ("dahua",)),
        ("Xiamen Meiya Pico Information Co.,Ltd", ("meiya", "pico")),
        ("IS'Vision", ("isvision",)),
        ("Huawei Investment & Holding Co., Ltd.", ("huawei",)),
        ("Co-operative Bank", ("co", "operative")),
        ("SOURAN CMPANY", ("souran",)),
    ],
)
def test_latin_legal_forms_places_and_descriptors_fall_away(name: str, cores: tuple[str, ...]) -> None:
    assert analyze(name).latin_cores == cores


def test_full_width_traditional_and_labels_are_folded() -> None:
    assert analyze("ＨＩＫＶＩＳＩＯＮ").latin_cores == ("hikvision",)
    form = analyze("開戶銀行：華夏銀行股份有限公司")
    assert form.han_core == "华夏" and form.sectors == {"finance"}
    assert "traditional → simplified" in form.notes and any("label" in n for n in form.notes)


def test_industry_words_name_a_sector() -> None:
    assert analyze("大华银行").sectors == {"finance"}
    assert analyze("海康人寿").sectors == {"finance"}
    assert analyze("大华工程咨询有限公司").sectors == {"construction", "professional"}
    assert analyze("Dahua Hotel").sectors == {"hospitality"}
    assert analyze("浙江大华技术").sectors == frozenset()  # a descriptor names no industry to reject on


def test_agencies_keep_their_place_as_identity() -> None:
    form = analyze("乌鲁木齐市公安局")
    assert not form.cored and form.concepts == {"psb"} and form.place.codes == {"650100"}
    english = analyze("Urumqi Municipal Public Security Bureau")
    assert english.concepts == {"psb"} and english.place.codes == {"650100"}
    assert analyze("东湖县公安局").place.key == "?donghu"  # a place the gazetteer lacks stays a place
    assert analyze("巴州公安局").place.codes == {"652800"}  # conventional abbreviation of Bayingolin


def test_gazetteer_nests_counties_in_prefectures_in_provinces() -> None:
    lex = lexicon()
    shufu = analyze("疏附县公安局").place
    assert shufu.codes == {"653121"}
    assert lex.ancestors("653121") == ("653100", "650000")
    assert analyze("Kashgar Prefecture Public Security Bureau").place.codes >= {"653100"}
    assert analyze("Hotan Prefecture PSB").place.codes == analyze("和田地区公安局").place.codes


def test_place_names_only_where_names_put_them() -> None:
    assert kinds("浙江杭州海康")[:2] == [("浙江", "place"), ("杭州", "place")]
    assert analyze("东方网力科技股份有限公司").han_core == "东方网力"  # 东方 is a county-level city, but not bare
    branch = analyze("杭州海康威视数字技术股份有限公司北京分公司")
    assert branch.han_core == "海康威视" and [p.text for p in branch.places] == ["杭州", "北京"]


def test_numbers_and_acronyms() -> None:
    assert analyze("中国电子科技集团公司第五十二研究所").numbers == {"52"}
    form = analyze("Xinjiang Production and Construction Corps (XPCC) Public Security Bureau")
    assert not form.cored and form.concepts == {"xpcc", "psb"}


def test_pinyin_readings_and_spelling() -> None:
    assert pinyin.spells("大华", "dahua")
    assert pinyin.spells("重庆", "chongqing")  # second reading of 重
    assert not pinyin.spells("大华", "dahuang")
    assert pinyin.homophones("海康威视", "海康微视")
    assert not pinyin.homophones("泰华", "大华")  # only through a rare reading of 大


@pytest.mark.parametrize(
    ("name", "core", "place"),
    [
        ("云帆智能（美国）有限公司", "云帆", "ISO:US"),  # a country abroad, bracketed
        ("云帆智能香港有限公司", "云帆", "810000"),  # a place right before the legal form
        ("云帆电子日本株式会社", "云帆", "ISO:JP"),  # a Japanese legal form
    ],
)
def test_a_place_before_the_legal_form_names_a_branch_not_the_core(name: str, core: str, place: str) -> None:
    form = analyze(name)
    assert form.han_core == core and place in form.place_codes


def test_a_country_name_inside_a_core_stays_core() -> None:
    assert analyze("华美国际贸易有限公司").han_core == "华美国际"
