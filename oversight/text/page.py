"""A page of extracted text with its word boxes: what ingest produces and the store keeps.

It lives in text/ (below both) so the store can write pages without importing the ingest stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Box:
    """A recognised word or line on a page image, in pixels of an image rendered at `Page.dpi`."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


@dataclass(slots=True)
class Page:
    """One page of extracted text. `number` is 1-based: PDF page, XLSX sheet, 1 for flowing formats."""

    number: int
    text: str
    method: str  # "text-layer", "ocr:<engine>", "docx", "xlsx", "html", "txt", "convert:<tool>", ...
    ocr_confidence: float | None = None
    boxes: list[Box] = field(default_factory=list)
    width: float | None = None  # of the page image the boxes refer to, in pixels
    height: float | None = None
    dpi: int | None = None
    label: str | None = None  # e.g. the sheet name of an XLSX page
