"""Page images with the quote boxed: raw offsets of text-layer pages are pdfium character indices (\\r\\n included),
OCR word boxes line up with the OCR text, and text that no longer matches the PDF is never boxed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from oversight.ingest.pipeline import ingest_paths
from oversight.report.gather import PageRecord, document_ids, documents
from oversight.report.pageimage import PageSource, Rect, ocr_spans, pdf_quote_rects
from oversight.store.blobs import blob_path
from oversight.store.db import blob_dir, open_store


def _store(db: str, files: list[Path]) -> tuple[str, list]:
    conn = open_store(db)
    results = list(ingest_paths(conn, db, files))
    assert all(r.status == "new" for r in results)
    return db, list(documents(conn, document_ids(conn)))


def test_text_layer_offsets_are_pdfium_char_indices(new_store: str, corpus_dev: Path) -> None:
    files = [corpus_dev / name for name in ("doc007_zbgg.pdf", "doc008_zbjg.pdf", "doc001_spec.pdf")]
    db, docs = _store(new_store, files)
    checked = 0
    for doc in docs:
        pdf = pdfium.PdfDocument(str(blob_path(blob_dir(db), doc.sha256)))
        for page in doc.pages:
            if page.method != "text-layer":
                continue
            assert "\r\n" in page.raw_text  # pdfium's generated line ends are part of the stored text
            textpage = pdf[page.number - 1].get_textpage()
            utf16 = 0
            for char in page.raw_text:
                index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, utf16)
                assert pdfium_c.FPDFText_GetUnicode(textpage, index) == ord(char)
                utf16 += 2 if ord(char) > 0xFFFF else 1
                checked += 1
    assert checked > 2000


def _doc007(db: str, corpus_dev: Path):
    db, [doc] = _store(db, [corpus_dev / "doc007_zbgg.pdf"])
    page = next(p for p in doc.pages if "车牌\r\n识别" in p.raw_text)
    start = page.raw_text.index("车牌\r\n识别")
    return db, doc, page, start, start + len("车牌\r\n识别")


def test_quote_over_a_line_break_is_boxed_line_by_line(new_store: str, corpus_dev: Path) -> None:
    db, doc, page, start, end = _doc007(new_store, corpus_dev)
    pdf = pdfium.PdfDocument(str(blob_path(blob_dir(db), doc.sha256)))
    pdf_page = pdf[page.number - 1]
    size = (1190, 1684)
    first, second = pdf_quote_rects(pdf_page, pdf_page.get_textpage(), page.raw_text, start, end, size)
    assert second.y0 > first.y1 - 1  # the second line lies below the first
    assert second.x0 < first.x0  # and starts at the left margin, where the wrapped line begins
    with PageSource(blob_path(blob_dir(db), doc.sha256), doc.media_type) as source:
        [image] = source.region(page, [(start, end)])
    pixels = np.asarray(image).astype(int)
    red = (pixels[..., 0] > 180) & (pixels[..., 1] < 40) & (pixels[..., 2] < 40)
    rows = np.flatnonzero(red.any(axis=1))
    assert rows.size and (np.diff(rows) > 3).any()  # two separate frames, one per line


def test_text_that_no_longer_matches_the_pdf_is_not_boxed(new_store: str, corpus_dev: Path) -> None:
    db, doc, page, start, _ = _doc007(new_store, corpus_dev)
    changed = dataclasses.replace(page, raw_text=page.raw_text[:start] + "人脸识别" + page.raw_text[start + 4 :])
    with PageSource(blob_path(blob_dir(db), doc.sha256), doc.media_type) as source:
        assert source.region(changed, [(start, start + 4)]) == [None]
        [image] = source.region(page, [(start, start + 2)])
        assert image is not None


def test_ocr_word_boxes_cover_the_quote(new_store: str, corpus_dev: Path) -> None:
    db, [doc] = _store(new_store, [corpus_dev / "doc022_zbjg.pdf"])
    page = next(p for p in doc.pages if p.method.startswith("ocr") and "人脸识别" in p.raw_text)
    start = page.raw_text.index("人脸识别")
    covered = [box["text"] for a, b, box in ocr_spans(page) if a < start + 4 and b > start]
    assert "人脸识别" in "".join(covered)
    assert len(ocr_spans(page)) > 0.9 * len(page.boxes)  # nearly every stored box is found in the text
    with PageSource(blob_path(blob_dir(db), doc.sha256), doc.media_type) as source:
        [image] = source.region(page, [(start, start + 4)])
    pixels = np.asarray(image).astype(int)
    red = (pixels[..., 0] > 180) & (pixels[..., 1] < 40) & (pixels[..., 2] < 40)
    ys, xs = np.nonzero(red)
    inside = np.asarray(image.convert("L"))[ys.min() + 4 : ys.max() - 3, xs.min() + 4 : xs.max() - 3]
    assert (inside < 170).mean() > 0.1  # ink of the recognised (grey, scanned) words lies inside the frame


def test_ocr_spans_follow_reading_order() -> None:
    boxes = [
        {"text": t, "x0": i * 10.0, "y0": 0.0, "x1": i * 10.0 + 9, "y1": 9.0, "confidence": 0.9}
        for i, t in enumerate(["采购", "人脸", "识别", "人脸"])
    ]
    page = PageRecord(
        number=1,
        label=None,
        raw_text="采购 人脸识别\n人脸",
        method="ocr:rapidocr",
        ocr_confidence=0.9,
        boxes=boxes,
        width=100.0,
        height=20.0,
        dpi=72,
    )
    assert [(a, b) for a, b, _ in ocr_spans(page)] == [(0, 2), (3, 5), (5, 7), (8, 10)]
    assert Rect(0, 0, 1, 1).union(Rect(2, 2, 3, 3)) == Rect(0, 0, 3, 3)
