"""Broken and disguised inputs: each is either routed to the right ingestor or refused with one line."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor, Options
from oversight.ingest.docx import DocxIngestor
from oversight.ingest.html import HtmlIngestor
from oversight.ingest.office import DocIngestor, XlsIngestor
from oversight.ingest.registry import choose
from oversight.ingest.txt import TxtIngestor
from oversight.ingest.xlsx import XlsxIngestor

MINE: tuple[type[Ingestor], ...] = (DocxIngestor, XlsxIngestor, DocIngestor, XlsIngestor, HtmlIngestor, TxtIngestor)


def refusal(cls: type[Ingestor], path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        list(cls().pages(path, Options()))
    message = str(caught.value)
    assert message and "\n" not in message
    return message


def picked(path: Path) -> type[Ingestor]:
    return type(choose(path, path.read_bytes()[:4096]))


def copy_of(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes())
    return target


def test_truncated_docx_is_refused(corpus_dev: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes((corpus_dev / "doc009_test.docx").read_bytes()[:5000])
    assert picked(path) is DocxIngestor
    assert "corrupt DOCX" in refusal(DocxIngestor, path)


def test_docx_with_broken_document_xml_is_refused(corpus_dev: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(corpus_dev / "doc013_spec.docx") as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    assert "malformed XML" in refusal(DocxIngestor, path)


def test_docx_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    assert refusal(DocxIngestor, path) == "DOCX has no text in its body"


def test_xlsx_that_is_really_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    path.write_text("序号,名称\n1,人脸识别服务器\n", encoding="utf-8")
    assert picked(path) is XlsxIngestor
    assert "corrupt XLSX" in refusal(XlsxIngestor, path)


def test_truncated_xlsx_is_refused(corpus_dev: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes((corpus_dev / "doc003_csb.xlsx").read_bytes()[:3000])
    assert "corrupt XLSX" in refusal(XlsxIngestor, path)


def test_xlsx_without_values_is_refused_but_empty_sheets_keep_their_page(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.create_sheet("空表")
    workbook.save(tmp_path / "blank.xlsx")
    assert refusal(XlsxIngestor, tmp_path / "blank.xlsx") == "XLSX has no cell values"
    workbook["空表"]["C3"] = "=1+1"
    workbook["空表"]["B2"] = 2.0
    workbook.save(tmp_path / "one.xlsx")
    pages = list(XlsxIngestor().pages(tmp_path / "one.xlsx", Options()))
    assert [(page.number, page.label, page.text) for page in pages] == [(1, "Sheet", ""), (2, "空表", "\t2")]


def test_xlsx_served_under_an_xls_name_is_read_by_its_content(corpus_dev: Path, tmp_path: Path) -> None:
    original = list(XlsxIngestor().pages(corpus_dev / "doc028_csb.xlsx", Options()))
    renamed = copy_of(corpus_dev / "doc028_csb.xlsx", tmp_path / "报价表.xls")
    assert picked(renamed) is XlsxIngestor
    assert list(XlsxIngestor().pages(renamed, Options())) == original


def test_binary_garbage_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(os.urandom(8192))
    assert "cannot decode text" in refusal(TxtIngestor, path)


def test_blank_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    assert refusal(TxtIngestor, path) == "empty text file"


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body><div></div></body></html>")
    assert refusal(HtmlIngestor, path) == "HTML page has no text"


def test_garbage_with_a_legacy_office_extension_is_refused_before_conversion(tmp_path: Path) -> None:
    path = tmp_path / "noise.doc"
    path.write_bytes(b"\x00\x01" + os.urandom(4096))
    assert "no OLE2 signature" in refusal(DocIngestor, path)


def test_plain_zip_archives_are_not_claimed(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notice.txt", "采购人：乌鲁木齐市公安局")
    pptx_like = tmp_path / "slides"
    with zipfile.ZipFile(pptx_like, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
    for file in (path, pptx_like):
        head = file.read_bytes()[:4096]
        assert [cls.score(file, head) for cls in MINE] == [0] * len(MINE)


def test_content_beats_a_misleading_extension(corpus_dev: Path, tmp_path: Path) -> None:
    assert picked(copy_of(corpus_dev / "doc009_test.docx", tmp_path / "really-a-docx.xlsx")) is DocxIngestor
    assert picked(copy_of(corpus_dev / "doc003_csb.xlsx", tmp_path / "really-an-xlsx.docx")) is XlsxIngestor
    assert picked(copy_of(corpus_dev / "doc006_zbgg.html", tmp_path / "portal-export.xls")) is HtmlIngestor
    assert picked(copy_of(corpus_dev / "doc009_test.docx", tmp_path / "no-extension")) is DocxIngestor


def test_text_without_extension_is_read_but_other_extensions_are_not_guessed(corpus_dev: Path, tmp_path: Path) -> None:
    assert picked(copy_of(corpus_dev / "doc037_zbjg.txt", tmp_path / "notice")) is TxtIngestor
    notes = copy_of(corpus_dev / "doc037_zbjg.txt", tmp_path / "notes.md")
    with pytest.raises(IngestError, match=r"unsupported format \(\.md\)"):
        choose(notes, notes.read_bytes()[:4096])
