"""OCR on real scans and images: labelled phrases come back exactly, boxes sit on the page image in text order."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from oversight.errors import IngestError
from oversight.ingest.base import Options, Page
from oversight.ingest.image import ImageIngestor, frame_image
from oversight.ingest.ocr import ocr_image, pdf_page_image
from oversight.ingest.ocr_prep import skew_angle
from oversight.ingest.pdf import PdfIngestor
from oversight.ingest.registry import choose


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def assert_boxes_consistent(page: Page) -> None:
    """Boxes lie inside the page image and their texts occur in the page text in order."""
    assert page.boxes and page.width and page.height
    cursor = 0
    for box in page.boxes:
        assert 0 <= box.x0 < box.x1 <= page.width
        assert 0 <= box.y0 < box.y1 <= page.height
        assert 0 <= box.confidence <= 1
        found = page.text.find(box.text, cursor)
        assert found >= 0, f"box {box.text!r} not in text after offset {cursor}"
        cursor = found + len(box.text)
    assert 0 < page.ocr_confidence <= 1


def render(path: Path, index: int, dpi: int, top_share: float = 1.0) -> Image.Image:
    document = pdfium.PdfDocument(str(path))
    image = document[index].render(scale=dpi / 72).to_pil()
    document.close()
    return image.crop((0, 0, image.width, round(image.height * top_share)))


def test_scanned_pdf_recovers_labelled_phrases_in_table_rows(corpus_dev: Path, labels: list[dict]) -> None:
    record = next(r for r in labels if r["file"] == "doc022_zbjg.pdf")
    pages = list(PdfIngestor().pages(corpus_dev / record["file"], Options()))
    assert [p.method for p in pages] == ["ocr:rapidocr", "ocr:rapidocr"]
    assert [p.dpi for p in pages] == [110, 110]  # the scan's own resolution: never upsampled
    for finding in record["findings"]:
        assert squash(finding["text"]) in squash(pages[finding["page"] - 1].text)
    row = next(line for line in pages[0].text.splitlines() if "人脸识别服务器" in line)
    assert "海康威视" in row and "577,800.00" in row  # a table row reads as one line despite the skewed scan
    for page in pages:
        assert_boxes_consistent(page)


def test_png_image_ingests_to_page_with_boxes(corpus_dev: Path, tmp_path: Path) -> None:
    path = tmp_path / "notice.png"
    render(corpus_dev / "doc010_jscs.pdf", 0, 150).save(path, dpi=(150, 150))
    ingestor = choose(path, path.read_bytes()[:16])
    assert isinstance(ingestor, ImageIngestor)
    pages = list(ingestor.pages(path, Options()))
    assert ingestor.media_type == "image/png"
    assert len(pages) == 1 and pages[0].dpi == 150
    assert squash("重点人员动态管控") in squash(pages[0].text)
    assert_boxes_consistent(pages[0])


def test_two_frame_tiff_gives_two_pages(corpus_dev: Path, tmp_path: Path) -> None:
    path = tmp_path / "scan.tif"
    first = render(corpus_dev / "doc010_jscs.pdf", 0, 120, top_share=0.3).convert("L")
    second = render(corpus_dev / "doc001_spec.pdf", 0, 120, top_share=0.3).convert("L")
    first.save(path, save_all=True, append_images=[second], dpi=(120, 120))
    ingestor = ImageIngestor()
    pages = list(ingestor.pages(path, Options()))
    assert ingestor.media_type == "image/tiff"
    assert [p.number for p in pages] == [1, 2]
    assert "Specification" in pages[1].text and "Specification" not in pages[0].text
    assert "Fengliao Zeyuan Information Technology" in pages[1].text  # word spaces restored from the image
    for page in pages:
        assert_boxes_consistent(page)


def test_tesseract_engine_joins_chinese_it_splits(corpus_dev: Path) -> None:
    image = np.asarray(render(corpus_dev / "doc010_jscs.pdf", 0, 200, top_share=0.25).convert("L"))
    page = ocr_image(image, 1, 200, "tesseract")
    assert page.method == "ocr:tesseract"
    assert_boxes_consistent(page)
    assert len(page.boxes) > len(page.text.split())  # Tesseract's Chinese "words" were joined up again
    assert "重点人员动态管控" in page.text  # the labelled phrase, with no space inside


def test_skew_is_measured_in_degrees(corpus_dev: Path) -> None:
    gray = np.asarray(render(corpus_dev / "doc010_jscs.pdf", 0, 100).convert("L"))
    height, width = gray.shape
    tilted = cv2.warpAffine(
        gray, cv2.getRotationMatrix2D((width / 2, height / 2), 1.5, 1.0), (width, height), borderValue=255
    )
    assert skew_angle(gray) == pytest.approx(0, abs=0.2)
    assert skew_angle(tilted) == pytest.approx(-1.5, abs=0.2)


def test_scan_renders_at_its_own_resolution_capped_by_option(corpus_dev: Path) -> None:
    document = pdfium.PdfDocument(str(corpus_dev / "doc005_zbgg.pdf"))
    native, native_dpi = pdf_page_image(document[0], 300)
    capped, capped_dpi = pdf_page_image(document[0], 72)
    document.close()
    assert round(native_dpi) == 110 and native.shape[1] == pytest.approx(909, abs=2)
    assert capped_dpi == 72 and capped.shape[1] == pytest.approx(595, abs=2)


def test_unreadable_image_and_unknown_engine_are_one_line_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(IngestError) as error:
        list(ImageIngestor().pages(broken, Options()))
    assert "\n" not in str(error.value)
    good = tmp_path / "blank.png"
    Image.new("L", (40, 40), 255).save(good)
    with pytest.raises(IngestError, match="unknown OCR engine"):
        list(ImageIngestor().pages(good, Options(ocr_engine="abbyy")))


def test_blank_image_gives_empty_page(tmp_path: Path) -> None:
    path = tmp_path / "blank.jpg"
    Image.new("RGB", (300, 200), "white").save(path)
    pages = list(ImageIngestor().pages(path, Options()))
    assert [(p.text, p.boxes, p.ocr_confidence) for p in pages] == [("", [], None)]


def test_sixteen_bit_and_high_resolution_frames_become_8_bit_at_most_ocr_dpi() -> None:
    deep = Image.fromarray(np.full((600, 600), 60000, dtype=np.uint16))
    deep.paste(0, (100, 100, 200, 200))
    deep.info["dpi"] = (600, 600)
    gray, dpi = frame_image(deep, 300)
    assert gray.dtype == np.uint8 and gray.shape == (300, 300) and dpi == 300
    assert gray.max() == 255 and gray[75, 75] == 0


def test_rapidocr_models_load_from_the_wheel_without_network() -> None:
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from oversight.ingest.ocr_rapid import engine\n"
        "engine(1)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1], timeout=120)
