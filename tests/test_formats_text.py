"""Encodings of text and HTML files, and how HTML pages are cut down to their main content."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from opencc import OpenCC

from oversight.errors import IngestError
from oversight.ingest.base import Options, Page
from oversight.ingest.html import HtmlIngestor, html_text
from oversight.ingest.registry import choose
from oversight.ingest.txt import TxtIngestor, decode_text

TO_TRADITIONAL = OpenCC("s2t").convert
SHORT_PHRASES = [
    "海康威视",
    "乌鲁木齐市公安局",
    "人脸识别",
    "采购需求：车牌识别",
    "种族属性识别（如维族、汉族）",
    "WiFi探针采集手机MAC地址",
    "职业技能教育培训中心周界防范",
]


def read_one(cls: type, path: Path) -> Page:
    [page] = cls().pages(path, Options())
    return page


@pytest.mark.parametrize("phrase", SHORT_PHRASES)
def test_short_chinese_text_decodes_right_in_every_encoding(phrase: str) -> None:
    traditional = TO_TRADITIONAL(phrase)
    cases = [
        (phrase, "utf-8", "utf-8"),
        (phrase, "gb18030", "gb18030"),
        (traditional, "gb18030", "gb18030"),
        (traditional, "big5", "cp950"),
    ]
    for text, encoding, codec in cases:
        assert decode_text(text.encode(encoding)) == (text, codec), (text, encoding)


def test_whole_notice_in_big5_and_traditional_gb18030(corpus_dev: Path, tmp_path: Path) -> None:
    notice = TO_TRADITIONAL((corpus_dev / "doc027_zbgg.txt").read_text(encoding="utf-8"))
    for encoding, codec in (("big5", "cp950"), ("gb18030", "gb18030")):
        path = tmp_path / f"notice-{encoding}.txt"
        path.write_bytes(notice.encode(encoding, errors="ignore"))
        page = read_one(TxtIngestor, path)
        assert page.label == codec
        assert "烏魯木齊市公安局" in page.text


@pytest.mark.parametrize(
    "bom, encoding, codec",
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ],
)
def test_byte_order_marks_decide(bom: bytes, encoding: str, codec: str) -> None:
    text = "采购人：青山区教育局"
    assert decode_text(bom + text.encode(encoding)) == (text, codec)


def test_broken_utf8_with_a_bom_is_refused() -> None:
    with pytest.raises(IngestError, match="invalid bytes"):
        decode_text(codecs.BOM_UTF8 + "采购".encode()[:-1] + b"abc")


def notice_html(charset: str | None, body: str) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>公告</title></head><body>{body}</body></html>"


BODY = "<div class='vF_detail_content'><p>采购人：乌鲁木齐市公安局</p><p>1．人脸识别；</p></div>"


@pytest.mark.parametrize(
    "declared, encoding",
    [("gb2312", "gb18030"), ("GBK", "gbk"), (None, "gb18030"), ("utf-8", "gb18030"), ("big5", "big5")],
)
def test_html_encodings_from_meta_or_detection(tmp_path: Path, declared: str | None, encoding: str) -> None:
    path = tmp_path / "notice.htm"
    body = TO_TRADITIONAL(BODY) if encoding == "big5" else BODY
    path.write_bytes(notice_html(declared, body).encode(encoding))
    page = read_one(HtmlIngestor, path)
    expected = TO_TRADITIONAL("采购人：乌鲁木齐市公安局") if encoding == "big5" else "采购人：乌鲁木齐市公安局"
    assert expected in page.text.splitlines()


def test_html_without_a_known_container_keeps_the_densest_block() -> None:
    markup = notice_html(
        "utf-8",
        """
        <div id="top"><a href="/">首页</a><a href="/news">新闻</a><a href="/zcfg">政策法规</a></div>
        <div id="wrap">
          <div class="sidebar"><ul><li><a href="/a">通知公告</a></li><li><a href="/b">采购公告</a></li></ul></div>
          <div class="article-body">
            <h3>屿芸县数据中心服务器及存储扩容项目招标公告</h3>
            <p>采购人：乌鲁木齐市公安局<br>采购需求：</p>
            <p>1．车牌识别；2．步态识别；</p>
            <table><tr><th>序号</th><th>名称</th></tr>
                   <tr><td>1</td><td>人脸识别<br/>服务器</td></tr>
                   <tr><td>2</td><td><table><tr><td>内</td><td>表</td></tr></table></td></tr></table>
            <p>预算金额：1890.00万元<script>track()</script><style>p {}</style></p>
          </div>
        </div>
        <div class="footer">版权所有</div>""",
    )
    lines = html_text(markup).splitlines()  # the <title> "公告" is not repeated: the body holds it
    assert lines == [
        "屿芸县数据中心服务器及存储扩容项目招标公告",
        "采购人：乌鲁木齐市公安局",
        "采购需求：",
        "1．车牌识别；2．步态识别；",
        "序号\t名称",
        "1\t人脸识别 服务器",
        "2\t内 表",
        "预算金额：1890.00万元",
    ]


def test_html_sniffed_from_markup_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "download.doc"
    path.write_text(notice_html("utf-8", BODY), encoding="utf-8")
    assert type(choose(path, path.read_bytes())) is HtmlIngestor


def test_deeply_nested_html_keeps_its_text() -> None:
    markup = notice_html("utf-8", "<div>" * 1500 + "采购人：青山区教育局" + "</div>" * 1500)
    assert "采购人：青山区教育局" in html_text(markup)
