"""PDF: text layer through pypdfium2; pages without a usable text layer go to OCR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from oversight.errors import EncryptedError, IngestError
from oversight.ingest.base import Ingestor, Options, Page


class PdfIngestor(Ingestor):
    MEDIA_TYPES = ("application/pdf",)
    EXTENSIONS = ("pdf",)
    PAGED = True
    FTM_SCHEMA = "Pages"
    LABEL = "a PDF document"
    KIND = "PDF"
    MAGIC = (b"%PDF-",)
    SCORE = 10

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        document = _open(path, options.password)
        try:
            count = len(document)
            if count == 0:
                raise IngestError("PDF has no pages")
            for index in range(count):
                yield self._page(document, index, options)
        finally:
            document.close()

    def _page(self, document: pdfium.PdfDocument, index: int, options: Options) -> Page:
        try:
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
        except pdfium.PdfiumError as exc:
            raise IngestError(f"cannot read page {index + 1}: {exc}") from None
        try:
            if _usable(text, options.min_text_chars) or not _has_image(page):
                return Page(number=index + 1, text=text, method="text-layer")
            from oversight.ingest.ocr import ocr_pdf_page

            return ocr_pdf_page(page, index + 1, options)
        finally:
            page.close()


def _open(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            if password:
                raise EncryptedError("PDF is encrypted and the password given is wrong") from None
            raise EncryptedError("PDF is encrypted: give its password with --password") from None
        raise IngestError(f"corrupt or unreadable PDF ({message.split(':')[-1].strip() or message})") from None


def _has_image(page: pdfium.PdfPage) -> bool:
    """Only a page that carries an image can hold text a text layer lacks (a near-empty page is just short)."""
    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)), None) is not None


def _usable(text: str, min_chars: int) -> bool:
    """A text layer counts when it has enough visible characters (scans often carry none, or stray marks)."""
    return len("".join(text.split())) >= min_chars
