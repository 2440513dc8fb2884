"""The dev corpus's DOCX, XLSX, HTML and TXT documents ingest with their labelled pages and phrases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oversight.ingest.base import Ingestor, Options, Page
from oversight.ingest.docx import DocxIngestor
from oversight.ingest.html import HtmlIngestor
from oversight.ingest.registry import choose
from oversight.ingest.txt import TxtIngestor
from oversight.ingest.xlsx import XlsxIngestor

FORMATS: dict[str, tuple[type[Ingestor], str]] = {
    "docx": (DocxIngestor, "docx"),
    "xlsx": (XlsxIngestor, "xlsx"),
    "html": (HtmlIngestor, "html"),
    "txt": (TxtIngestor, "txt"),
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_phrases(record: dict) -> list[tuple[int, str]]:
    """(page, text) of every labelled finding and entity of a document."""
    return [(item["page"], item["text"]) for key in ("findings", "entities") for item in record[key]]


def assert_matches_labels(pages: list[Page], record: dict, method: str) -> None:
    """The bar: labelled page count, pages numbered in order, every labelled phrase on its page."""
    assert len(pages) == record["pages"]
    assert [page.number for page in pages] == list(range(1, record["pages"] + 1))
    assert all(page.method == method for page in pages)
    texts = {page.number: squash(page.text) for page in pages}
    missing = [(page, text) for page, text in expected_phrases(record) if squash(text) not in texts[page]]
    assert not missing, f"{record['file']}: labelled phrases not on their page: {missing}"


def corpus_records(labels: list[dict], fmt: str) -> list[dict]:
    return [record for record in labels if record["format"] == fmt]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_corpus_documents_ingest_with_labelled_pages_and_phrases(
    corpus_dev: Path, labels: list[dict], fmt: str
) -> None:
    cls, method = FORMATS[fmt]
    records = corpus_records(labels, fmt)
    assert records, f"no {fmt} documents in the dev corpus"
    for record in records:
        path = corpus_dev / record["file"]
        assert type(choose(path, path.read_bytes()[:4096])) is cls
        assert_matches_labels(list(cls().pages(path, Options())), record, method)


def test_docx_keeps_paragraphs_and_table_rows_in_document_order(corpus_dev: Path) -> None:
    [page] = DocxIngestor().pages(corpus_dev / "doc009_test.docx", Options())
    lines = page.text.splitlines()
    heading = lines.index("1. Devices under test")
    assert lines[heading + 1].split("\t") == ["No.", "Item", "Brand", "Model", "Qty", "Unit price (CNY)"]
    assert lines[heading + 2].split("\t")[1:3] == ["服务器", "联想"]
    assert lines.index("2. Test environment") > heading + 2
    assert lines[-1].startswith("Tested by")


def test_xlsx_pages_are_sheets_labelled_with_their_names(corpus_dev: Path) -> None:
    pages = list(XlsxIngestor().pages(corpus_dev / "doc028_csb.xlsx", Options()))
    assert [page.label for page in pages] == ["项目信息", "技术参数", "分项报价", "商务条款"]
    rows = [line.split("\t") for line in pages[2].text.splitlines()]
    assert rows[1][:4] == ["1", "人脸识别服务器", "海康威视", "iDS-96064NX-I16"]


def test_gb18030_text_file_is_detected(corpus_dev: Path) -> None:
    [page] = TxtIngestor().pages(corpus_dev / "doc037_zbjg.txt", Options())
    assert page.label == "gb18030"
    assert "屿菁县政务外网机房设备更新项目中标公告" in page.text


def test_html_main_content_has_tables_as_rows_and_no_portal_chrome(corpus_dev: Path) -> None:
    [page] = HtmlIngestor().pages(corpus_dev / "doc006_zbgg.html", Options())
    lines = page.text.splitlines()
    assert lines[0] == "澄汀市指挥调度中心视频联网改造项目招标公告"  # the notice's <title>
    assert "来源：澄汀市政府采购网" not in page.text  # the portal's byline outside the notice body
    assert "2\tUPS电源\t山特\tC10KS\t10\t台" in lines
    assert "采购人：乌鲁木齐市公安局" in lines
