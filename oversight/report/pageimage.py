"""Pictures of the page region a quote comes from, with the quote boxed: the reader sees the original, not our text.

PDF text-layer pages: the stored raw text is pdfium's `get_text_range()` output, whose positions are pdfium text
indices (UTF-16 code units, including the \\r\\n pdfium generates between lines); `FPDFText_GetCharIndexFromTextIndex`
turns them into character indices whose boxes pdfium knows. OCR pages: the stored word boxes are laid over the
page image they were recognised on. Other formats have no page image; the report shows the text context instead.
"""

from __future__ import annotations

import ctypes
import io
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw, ImageOps

from oversight.ingest.registry import format_of
from oversight.report.gather import PageRecord

SCALE = 2.0  # render scale for PDFs: 144 dpi, sharp enough for small print in a cropped region
MAX_SIDE = 3400  # pixels; posters and drawings render smaller rather than exhausting memory
CONTEXT_PX = 110  # image rows shown above and below the quote
_MIN_SIDE = 2.0


@dataclass(frozen=True, slots=True)
class Rect:
    """A box in pixels of the rendered page image, origin top left."""

    x0: float
    y0: float
    x1: float
    y1: float

    def union(self, other: Rect) -> Rect:
        return Rect(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


# pdfium is not thread-safe: two threads rendering at once crash the process (a report built while `serve` renders
# page images in its request threads). Every pdfium call of a process that renders goes through this lock.
PDFIUM = threading.RLock()


class PageSource:
    """Renders the pages of one stored original (PDF or image) and locates quotes on them."""

    def __init__(self, blob: Path, media_type: str) -> None:
        self._blob = blob
        self._media_type = media_type
        self._pdf: pdfium.PdfDocument | None = None

    def __enter__(self) -> PageSource:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            with PDFIUM:
                self._pdf.close()

    @property
    def paged(self) -> bool:
        """The format has fixed pages to picture (PDF, scanned images), as its ingestor declares."""
        return format_of(self._media_type).PAGED

    @property
    def renders(self) -> bool:
        return self.paged and self._blob.exists()

    def region(self, page: PageRecord, spans: Sequence[tuple[int, int]]) -> list[Image.Image | None]:
        """One cropped, boxed image per (start, end) raw span of the page; None where the span cannot be placed."""
        if not self.renders:
            return [None] * len(spans)
        image, rects = self._render(page, spans)
        if image is None:
            return [None] * len(spans)
        return [_crop_boxed(image, boxes) if boxes else None for boxes in rects]

    def full(self, page: PageRecord, spans: Sequence[tuple[int, int]]) -> Image.Image | None:
        """The whole page with every span boxed: the zoomable view of where the quotes sit."""
        if not self.renders:
            return None
        image, rects = self._render(page, spans)
        if image is None:
            return None
        boxes = [box for boxed in rects for box in boxed]
        return _boxed(image, boxes, 0) if boxes else image

    def _render(
        self, page: PageRecord, spans: Sequence[tuple[int, int]]
    ) -> tuple[Image.Image | None, list[list[Rect]]]:
        if self._media_type == "application/pdf":
            return self._render_pdf(page, spans)
        with Image.open(self._blob) as original:
            try:
                original.seek(page.number - 1)
            except EOFError:
                return None, []
            # OCR boxes refer to the upright image, as the ingestor read it.
            image = ImageOps.exif_transpose(original).convert("RGB")
        factor = image.width / page.width if page.width else 1.0
        return image, [_ocr_rects(page, start, end, factor) for start, end in spans]

    def _render_pdf(
        self, page: PageRecord, spans: Sequence[tuple[int, int]]
    ) -> tuple[Image.Image | None, list[list[Rect]]]:
        with PDFIUM:
            return self._render_pdf_locked(page, spans)

    def _render_pdf_locked(
        self, page: PageRecord, spans: Sequence[tuple[int, int]]
    ) -> tuple[Image.Image | None, list[list[Rect]]]:
        if self._pdf is None:
            self._pdf = pdfium.PdfDocument(str(self._blob))
        if page.number > len(self._pdf):
            return None, []
        pdf_page = self._pdf[page.number - 1]
        try:
            scale = min(SCALE, MAX_SIDE / max(pdf_page.get_size()))
            image = pdf_page.render(scale=scale).to_pil().convert("RGB")
            if page.method == "text-layer":
                textpage = pdf_page.get_textpage()
                try:
                    rects = [
                        pdf_quote_rects(pdf_page, textpage, page.raw_text, start, end, image.size)
                        for start, end in spans
                    ]
                finally:
                    textpage.close()
            else:
                factor = image.width / page.width if page.width else 1.0
                rects = [_ocr_rects(page, start, end, factor) for start, end in spans]
        finally:
            pdf_page.close()
        return image, rects


def pdf_quote_rects(
    pdf_page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, raw: str, start: int, end: int, size: tuple[int, int]
) -> list[Rect]:
    """Line boxes of raw[start:end] on a text-layer page, or [] when the text no longer lines up with the PDF.

    `raw` is the page's stored `get_text_range()` text: a position in it, counted in UTF-16 code units, is a
    pdfium text index. Every character is checked against pdfium's own, so stale text is never boxed.
    """
    text_index = len(raw[:start].encode("utf-16-le")) // 2
    boxes: list[Rect] = []
    matched = checked = 0
    for char in raw[start:end]:
        width = 2 if ord(char) > 0xFFFF else 1
        index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, text_index)
        text_index += width
        if index < 0 or char.isspace():
            continue
        checked += 1
        if pdfium_c.FPDFText_GetUnicode(textpage, index) != ord(char):
            continue
        matched += 1
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        rect = _to_device(pdf_page, size, left, top, right, bottom)
        if rect.x1 - rect.x0 >= _MIN_SIDE and rect.y1 - rect.y0 >= _MIN_SIDE:
            boxes.append(rect)
    if checked == 0 or matched < checked * 0.9:
        return []
    return _lines(boxes)


def _to_device(
    pdf_page: pdfium.PdfPage, size: tuple[int, int], left: float, top: float, right: float, bottom: float
) -> Rect:
    """PDF user space to bitmap pixels, honouring the crop box and page rotation (pdfium does the maths)."""
    points = []
    for x, y in ((left, top), (right, bottom)):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(pdf_page, 0, 0, size[0], size[1], 0, x, y, dx, dy)
        points.append((dx.value, dy.value))
    (ax, ay), (bx, by) = points
    return Rect(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def _lines(boxes: Iterable[Rect]) -> list[Rect]:
    """Merge character boxes into one box per line run (boxes that overlap vertically and follow on)."""
    lines: list[Rect] = []
    for box in boxes:
        last = lines[-1] if lines else None
        if last is not None:
            overlap = min(last.y1, box.y1) - max(last.y0, box.y0)
            if overlap > 0.5 * min(last.y1 - last.y0, box.y1 - box.y0) and box.x0 >= last.x0 - 2:
                lines[-1] = last.union(box)
                continue
        lines.append(box)
    return lines


def ocr_spans(page: PageRecord) -> list[tuple[int, int, dict[str, Any]]]:
    """Raw-text spans of the stored OCR word boxes, found in reading order (the text was built from them)."""
    spans = []
    cursor = 0
    for box in page.boxes:
        word = box.get("text") or ""
        at = page.raw_text.find(word, cursor) if word else -1
        if at < 0:
            continue
        spans.append((at, at + len(word), box))
        cursor = at + len(word)
    return spans


def _ocr_rects(page: PageRecord, start: int, end: int, factor: float) -> list[Rect]:
    rects = [
        Rect(box["x0"] * factor, box["y0"] * factor, box["x1"] * factor, box["y1"] * factor)
        for a, b, box in ocr_spans(page)
        if a < end and b > start
    ]
    return _lines(rects)


def _crop_boxed(image: Image.Image, boxes: list[Rect]) -> Image.Image:
    """The full-width band of the page around the boxes, boxes drawn as a translucent fill and a red frame."""
    area = boxes[0]
    for box in boxes[1:]:
        area = area.union(box)
    top = max(0, int(area.y0) - CONTEXT_PX)
    bottom = min(image.height, int(area.y1) + CONTEXT_PX)
    return _boxed(image.crop((0, top, image.width, bottom)), boxes, top)


def _boxed(band: Image.Image, boxes: list[Rect], top: int) -> Image.Image:
    """`band` (a page image cut at row `top`) with each box drawn as a translucent fill and a red frame."""
    rgba = band.convert("RGBA")
    overlay = Image.new("RGBA", rgba.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        frame = (box.x0 - 3, box.y0 - 3 - top, box.x1 + 3, box.y1 + 3 - top)
        draw.rectangle(frame, fill=(255, 214, 0, 70), outline=(208, 0, 0, 255), width=3)
    return Image.alpha_composite(rgba, overlay).convert("RGB")


def png_bytes(image: Image.Image) -> bytes:
    """A 64-colour PNG: page regions are ink, paper and two highlight colours, so it looks the same as full
    colour at half the size, and encodes several times faster than an optimised full-colour PNG."""
    buffer = io.BytesIO()
    image.quantize(colors=64, dither=Image.Dither.NONE).save(buffer, format="PNG")
    return buffer.getvalue()
