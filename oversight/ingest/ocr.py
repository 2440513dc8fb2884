"""OCR of page images (scanned PDF pages, image files) into pages with word boxes.

Two offline engines: RapidOCR (PP-OCRv4 models shipped inside its wheel, run by onnxruntime) and Tesseract
(`chi_sim+eng`). "auto" is RapidOCR: on the scanned dev documents it recovers every labelled phrase exactly,
where Tesseract misses a fifth of them (bench/ocr.py has the figures). Engines load lazily, once per process,
with OVERSIGHT_OCR_THREADS native threads each (default 1: the pipeline parallelises over files with processes).

Boxes are in the pixels of the page image described by `Page.width`, `Page.height` and `Page.dpi`.
"""

from __future__ import annotations

import math
import os
import statistics

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from oversight.errors import IngestError
from oversight.ingest.base import Options, Page
from oversight.ingest.ocr_engines import AUTO, AUTO_ENGINE, OCR_ENGINES
from oversight.ingest.ocr_layout import assemble
from oversight.ingest.ocr_prep import Prep, map_back, prepare

THREADS_ENV = "OVERSIGHT_OCR_THREADS"
SCAN_COVERAGE = 0.5  # an image over this share of the page makes it a scan: render at the image's own resolution

# Chosen by bench/ocr.py: upsampling and binarising cost both engines phrases, deskewing helps both, and
# erasing table rules helps Tesseract only.
PREP = {"rapidocr": Prep(deskew=True), "tesseract": Prep(deskew=True, remove_lines=True)}


def ocr_pdf_page(page: pdfium.PdfPage, number: int, options: Options) -> Page:
    """OCR a PDF page that has no usable text layer."""
    gray, dpi = pdf_page_image(page, options.ocr_dpi, options.max_pixels)
    return ocr_image(gray, number, dpi, options.ocr_engine)


def ocr_image(gray: np.ndarray, number: int, dpi: float | None, engine: str = "auto", prep: Prep | None = None) -> Page:
    """OCR an 8-bit grayscale page image; `dpi` is its resolution when known."""
    name = engine_name(engine)
    prepared, to_page = prepare(gray, dpi, prep or PREP[name])
    words = map_back(OCR_ENGINES.get(name)(prepared, ocr_threads()), to_page, gray.shape)
    text, boxes = assemble(words)
    confidence = statistics.fmean(b.confidence for b in boxes) if boxes else None
    height, width = gray.shape
    return Page(
        number=number,
        text=text,
        method=f"ocr:{name}",
        ocr_confidence=confidence,
        boxes=boxes,
        width=float(width),
        height=float(height),
        dpi=round(dpi) if dpi else None,
    )


def engine_name(requested: str) -> str:
    """The engine an `Options.ocr_engine` value selects."""
    name = AUTO_ENGINE if requested == AUTO else requested
    if name not in OCR_ENGINES:
        raise IngestError(f"unknown OCR engine {requested!r} (choose {AUTO}, {', '.join(OCR_ENGINES.names())})")
    return name


def ocr_threads() -> int:
    """Native threads per engine, from OVERSIGHT_OCR_THREADS (default 1)."""
    value = os.environ.get(THREADS_ENV, "1")
    try:
        return max(1, int(value))
    except ValueError:
        raise IngestError(f"{THREADS_ENV} must be a whole number, not {value!r}") from None


def pdf_page_image(
    page: pdfium.PdfPage, max_dpi: int, max_pixels: int = Options().max_pixels
) -> tuple[np.ndarray, float]:
    """Grayscale render of a page: scans at their own resolution (never upsampled), capped at `max_dpi` and
    lowered further so the bitmap stays within `max_pixels` (a page can declare a size of 200 x 200 inches)."""
    native = _scan_dpi(page)
    dpi = min(native, max_dpi) if native else max_dpi
    width, height = page.get_size()
    if width * height > 0:
        dpi = min(dpi, 72 * math.sqrt(max_pixels / (width * height)))
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
    except pdfium.PdfiumError as exc:
        raise IngestError(f"cannot render page for OCR: {exc}") from None
    return np.asarray(bitmap.to_pil().convert("L")), dpi


def _scan_dpi(page: pdfium.PdfPage) -> float | None:
    """Resolution of the finest image covering most of the page, if there is one."""
    width, height = page.get_size()
    best = None
    for obj in page.get_objects():
        if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) < SCAN_COVERAGE * width * height:
            continue
        px_width, px_height = obj.get_px_size()
        # A rotated placement swaps which pixel side spans the page width; the longer sides match either way.
        dpi = max(px_width, px_height) / max(right - left, top - bottom) * 72
        best = max(best or 0.0, dpi)
    return best
