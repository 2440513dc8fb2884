"""Notice metadata read from generated text: dates in figures, Chinese numerals and English; amounts in figures and
in words (大写); the kind from the title; and the stored form round-tripping through the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversight.entities.notice import (
    KINDS,
    Metadata,
    extract,
    from_stored,
    kind_of,
    stored_form,
    version,
    words_to_number,
    words_to_yuan,
)
from oversight.ingest.base import Page
from oversight.store import notices
from oversight.store.db import open_store
from oversight.store.documents import insert, page_row


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2023年5月6日", "2023-05-06"),
        ("2023 年 05 月 06 日", "2023-05-06"),
        ("2023-05-06", "2023-05-06"),
        ("2023/5/6", "2023-05-06"),
        ("2023.05.06", "2023-05-06"),
        ("二〇二三年五月六日", "2023-05-06"),
        ("二零二三年十二月三十一日", "2023-12-31"),
        ("二〇二四年十月二十日", "2024-10-20"),
        ("6 May 2023", "2023-05-06"),
        ("May 6, 2023", "2023-05-06"),
        ("Sept. 30, 2021", "2021-09-30"),
    ],
)
def test_dates_in_every_written_form(written: str, iso: str) -> None:
    meta = extract([(1, f"公告\n发布日期：{written}\n")])
    assert meta.date == iso
    assert meta.dates[0].label == "发布日期"


@pytest.mark.parametrize("written", ["2023年2月30日", "2023-13-01", "二〇二三年十三月一日", "31 February 2023"])
def test_impossible_dates_are_not_dates(written: str) -> None:
    assert extract([(1, f"发布日期：{written}\n")]).dates == []


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("二十一", 21),
        ("十二", 12),
        ("壹佰贰拾万", 1_200_000),
        ("壹亿贰仟万", 120_000_000),
        ("二〇二三", 2023),
        ("叁仟零伍", 3005),
    ],
)
def test_chinese_numerals(words: str, number: int) -> None:
    assert words_to_number(words) == number


@pytest.mark.parametrize(
    ("line", "yuan"),
    [
        ("中标金额：人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分", 1_234_567.89),
        ("合同金额（大写）：壹佰万元整", 1_000_000.0),
        ("预算金额：¥1,200,000.00", 1_200_000.0),
        ("预算金额：120万元", 1_200_000.0),
        ("最高限价：3亿元", 300_000_000.0),
        ("中标金额：貳拾萬元整", 200_000.0),
    ],
)
def test_amounts_in_figures_and_in_words(line: str, yuan: float) -> None:
    [amount] = extract([(1, line + "\n")]).amounts
    assert amount.value == pytest.approx(yuan)
    assert (amount.text and line.endswith(amount.text)) or amount.text in line


def test_words_to_yuan_of_jiao_and_fen_only() -> None:
    assert words_to_yuan("伍角") == pytest.approx(0.5)
    assert words_to_yuan("零元") is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("某某县公安局视频监控项目中标（成交）结果公告", "award"),
        ("某某县公安局视频监控项目公开招标公告", "tender"),
        ("某某县公安局视频监控项目更正公告", "correction"),
        ("某某县公安局视频监控项目终止公告", "termination"),
        ("技术参数偏离表", "specification"),
        ("Interoperability Test Report", "test-report"),
        ("Contract award notice", "award"),
        ("会议纪要", "other"),
    ],
)
def test_kind_from_the_title(title: str, kind: str) -> None:
    assert kind_of(title, "") == kind
    assert kind in KINDS


def test_kind_from_the_first_lines_when_the_title_says_nothing() -> None:
    assert extract([(1, "第1页\n北川县数据中心扩容项目\n招标公告\n")]).kind == "tender"


def test_stored_form_round_trips_and_is_redone_for_another_version(new_store: str) -> None:
    text = "溪口县公安局监控项目中标公告\n采购人：溪口县公安局\n中标金额：壹佰万元整\n公告日期：二〇二三年五月六日\n"
    conn = open_store(new_store)
    document_id = insert(
        conn,
        sha256="ab" * 32,
        size=1,
        media_type="text/plain",
        name="n.txt",
        path="n.txt",
        source_url=None,
        pages=[page_row(Page(1, text, "txt"))],
    )
    assert notices.refresh(conn, stored_form, version()) == 1
    assert notices.refresh(conn, stored_form, version()) == 0
    stored = notices.get(conn, document_id, version())
    assert stored is not None
    meta = from_stored(stored)
    assert meta == extract([(1, text)]) and meta.kind == "award" and meta.region == "溪口县"
    assert notices.summaries(conn, [document_id])[document_id] == {
        "title": "溪口县公安局监控项目中标公告",
        "kind": "award",
        "buyer": "溪口县公安局",
        "supplier": None,
        "project_number": None,
        "document_date": "2023-05-06",
        "amount": 1_000_000.0,
    }
    assert notices.get(conn, document_id, "older") is None
    assert notices.refresh(conn, stored_form, "newer") == 1
    assert Metadata.from_dict(meta.to_dict()) == meta
    conn.close()
