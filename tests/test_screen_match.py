"""Screening against the real SDN and UN lists plus the curated reference list: brands, scripts, look-alikes,
subordinate bureaus, ownership, explanations, and that candidates come from the index. The lists are read from an
SQLite store once (matching is in memory; test_lists_load loads the same lists into PostgreSQL)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from oversight.screen import match as match_module
from oversight.screen import parts
from oversight.screen.names import analyze, read
from oversight.screen.screener import Screener
from oversight.screen.store import load_path
from oversight.store.db import connect
from tests.names import generated_non_listed


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory, watchlists: Path) -> Screener:
    """SDN + UN + curated in one session store (a second module asking gets the cached screener)."""
    conn = connect(tmp_path_factory.getbasetemp() / "screening" / "lists.db")
    for path in (watchlists / "ofac-sdn-2021", watchlists / "un-2026" / "consolidated.xml"):
        load_path(conn, path)
    return Screener.from_store(conn)


def best(screener: Screener, name: str, **options):
    matches = screener.screen(name, **options)
    return matches[0] if matches else None


@pytest.mark.parametrize(
    "name, party, via",
    [
        ("海康", "curated:hikvision", "brand"),
        ("海康威视", "curated:hikvision", "brand"),
        ("杭州海康威视数字技术股份有限公司", "curated:hikvision", "alias"),
        ("大华", "curated:dahua", "brand"),
        ("大华股份", "curated:dahua", "brand"),
        ("讯飞", "curated:iflytek", "brand"),
        ("旷视", "curated:megvii", "brand"),
        ("Face++", "curated:megvii", "brand"),
        ("商汤", "curated:sensetime", "brand"),
        ("依图", "curated:yitu", "brand"),
        ("云从", "curated:cloudwalk", "brand"),
        ("美亚柏科", "curated:meiya-pico", "brand"),
        ("东方网力", "curated:netposa", "brand"),
        ("深网视界", "curated:sensenets", "brand"),
        ("云天励飞", "curated:intellifusion", "brand"),
        ("海能达", "curated:hytera", "brand"),
        ("华为", "curated:huawei", "brand"),
        ("中兴", "curated:zte", "brand"),
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", "curated:hikvision", "name"),
        ("Zhejiang Dahua Technology", "curated:dahua", "name"),
        ("Dahua Technology Company", "curated:dahua", "alias"),
    ],
)
def test_names_brands_and_short_names_reach_their_owner(screener: Screener, name: str, party: str, via: str) -> None:
    found = best(screener, name)
    assert found is not None and found.entity_id == party and found.via == via
    assert found.score >= 0.8 and found.listed and found.lists


def test_unlisted_brand_owner_only_on_request(screener: Screener) -> None:
    assert screener.screen("宇视") == []
    found = best(screener, "宇视", include_unlisted=True)
    assert found.entity_id == "curated:uniview" and not found.listed and found.lists == ()


@pytest.mark.parametrize(
    "name",
    [
        "大华银行",
        "海康人寿",
        "海康人寿保险有限公司",
        "大华工程咨询有限公司",
        "大华会计师事务所",
        "Dahua Bank",
        "Haikang Life Insurance Co",
        "开户银行：华夏银行股份有限公司",
        "东湖县公安局",
        "青山区教育局",
        "乌鲁木齐市教育局",
        "杭州市公安局",
        "联想",
        "山特",
        "锐捷网络",
    ],
)
def test_lookalikes_and_unlisted_names_are_not_flagged(screener: Screener, name: str) -> None:
    assert screener.screen(name) == []


def test_lookalike_rejection_names_the_industry(screener: Screener) -> None:
    from oversight.screen.names import analyze

    party = screener.party("curated:dahua")
    listed = next(n for n in screener.index.names if n.name == "大华" and screener.parties[n.party] is party)
    result = match_module.compare(analyze("大华银行"), listed.form, party.sectors, party.places, screener.index.weight)
    assert result.score == 0 and result.method == "rejected" and "'银行' names finance" in result.notes[-1]


def test_forms_scripts_and_typos(screener: Screener) -> None:
    for name in (
        "杭州海康威視數字技術股份有限公司",
        "ＨＩＫＶＩＳＩＯＮ",
        "Hikvison",
        "Hik-Vision",
        "海康威视数字技术",
        "海康威视(杭州)",
        "杭州海康威视数字技术股份有限公司北京分公司",
    ):
        assert best(screener, name).entity_id == "curated:hikvision", name
    homophone = best(screener, "海康微视")
    assert homophone.entity_id == "curated:hikvision" and homophone.via == "pinyin"
    romanised = best(screener, "Haikang Weishi")
    assert romanised.entity_id == "curated:hikvision" and romanised.via == "pinyin"


def test_chinese_name_meets_english_only_entries(screener: Screener) -> None:
    xpsb = {m.entity_id: m for m in screener.screen("新疆公安厅")}
    assert xpsb["ofac-sdn:29159"].via == "translation" and xpsb["ofac-sdn:29159"].lists == ("OFAC SDN",)
    assert "curated:xuar-psb" in xpsb
    person = best(screener, "陈全国")
    assert person.entity_id == "ofac-sdn:29220" and person.via == "pinyin"
    kashgar = best(screener, "喀什地区公安局")
    assert kashgar.entity_id == "curated:mem-kashgar-prefecture-public-security-bureau" and kashgar.via == "translation"


def test_county_bureau_is_a_subordinate_of_listed_bureaus(screener: Screener) -> None:
    found = {m.entity_id: m for m in screener.screen("疏附县公安局")}
    kashgar = found["curated:mem-kashgar-prefecture-public-security-bureau"]
    assert kashgar.via == "subordinate" and "'疏附县' lies within 'kashgar'" in kashgar.path[0]
    assert found["ofac-sdn:29159"].via == "subordinate"
    assert screener.screen("东湖县公安局") == []


def test_urumqi_bureau_directly_and_through_the_regional_bureau(screener: Screener) -> None:
    found = {m.entity_id: m for m in screener.screen("乌鲁木齐市公安局")}
    assert found["curated:urumqi-psb"].score > found["curated:xuar-psb"].score
    regional = found["curated:xuar-psb"]
    assert regional.via == "subordinate" and any("is a subordinate body of" in step for step in regional.path)


def test_subsidiary_reaches_parent_only_through_affiliate_clause(screener: Screener) -> None:
    ezviz = best(screener, "萤石")
    assert ezviz.entity_id == "curated:hikvision" and ezviz.via == "ownership"
    assert ezviz.lists == ("NDAA §889",)  # controlling stake of unknown size: only the list that reaches affiliates
    assert any("is a subsidiary of Hangzhou Hikvision" in step for step in ezviz.path)
    sensetime = best(screener, "深圳市商汤科技有限公司")
    assert sensetime.entity_id == "curated:sensetime"
    owned = best(screener, "Shenzhen SenseTime Technology Co., Ltd.")
    assert (
        owned.via == "ownership" and "Treasury NS-CMIC" in owned.lists and any("(100%" in step for step in owned.path)
    )


def test_ended_ownership_does_not_count(screener: Screener) -> None:
    assert screener.screen("Lorex") == []  # sold by Dahua in 2022


def test_model_numbers_name_their_maker(screener: Screener) -> None:
    found = best(screener, "DS-2CD2143G0-I")
    assert found.entity_id == "curated:hikvision" and found.via == "model-prefix"
    assert best(screener, "DH-IPC-HFW2431S").entity_id == "curated:dahua"
    assert screener.screen_model("ThinkSystem SR650") == []


def test_model_families_come_from_the_shared_data_file(screener: Screener) -> None:
    """Screening reads entities/data/models.yaml: a Hytera radio family resolves, unreviewed families say so."""
    [match] = screener.screen_model("PD780")[:1]
    assert match.entity_id == "curated:hytera" and match.via == "model-prefix"
    assert not match.verified


def test_every_match_explains_itself(screener: Screener) -> None:
    found = best(screener, "海康")
    assert found.path[0].startswith("'海康' matched brand name '海康' of Hangzhou Hikvision")
    assert any(step.startswith("listed: BIS Entity List") for step in found.path)
    assert found.verified is False  # the brand fact is marked unverified in the curated list
    assert set(found.as_dict()) >= {"listed_name", "entity_id", "score", "lists", "via", "path"}


def test_candidates_come_from_the_index(screener: Screener) -> None:
    name = "Zhejiang Dahua Technology Co., Ltd."
    candidates, _ = screener.index.gated_candidates(read(name), parts.Readings(name))
    assert best(screener, name).entity_id == "curated:dahua"
    assert screener.index.by_id["curated:dahua"] in {screener.index.names[n].party for n in candidates}
    assert 0 < len(candidates) <= 64 < len(screener.index.names) / 100


def test_compare_one_name_with_one_party(screener: Screener) -> None:
    assert screener.compare("海康机器人", "curated:hikvision").via == "ownership"
    assert screener.compare("大华", "curated:hikvision") is None
    with pytest.raises(KeyError):
        screener.compare("x", "curated:nobody")


@pytest.fixture(scope="module")
def ordinary(screener: Screener) -> list[str]:
    """Common given and family names and small businesses, none of them listed."""
    return generated_non_listed(1000, seed=3, listed=(n.name for n in screener.index.names))


def test_generated_ordinary_names_raise_no_alert(screener: Screener, ordinary: list[str]) -> None:
    alerts = [(name, found[0].matched_name) for name in ordinary if (found := screener.screen(name))]
    assert alerts == []


def test_blocking_keeps_candidates_few(screener: Screener, ordinary: list[str]) -> None:
    """Whole-list screening scores only the names that share keys with the query: ~18 of 27,000 for an ordinary
    name, ~42 for a listed one (the count is exact, so this floor does not flake on a busy machine)."""
    listed = [n.name for n in screener.index.names[::60]]
    for names, most in ((ordinary, 30), (listed, 70)):
        counts = [len(screener.index.candidates(analyze(name))) for name in names]
        assert sum(counts) / len(counts) < most


def test_screening_speed_floor(screener: Screener, ordinary: list[str]) -> None:
    """1,000 names against SDN + UN + curated in well under 5 s of CPU (about 1 s on one free core)."""
    screener.clear_caches()
    start = time.process_time()
    for name in ordinary:
        screener.screen(name)
    assert time.process_time() - start < 5.0
