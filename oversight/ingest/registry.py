"""Pick the ingestor for a file: every registered class scores it, the best wins (as in Aleph's ingest-file)."""

from __future__ import annotations

from pathlib import Path

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor
from oversight.ingest.docx import DocxIngestor
from oversight.ingest.html import HtmlIngestor
from oversight.ingest.image import ImageIngestor
from oversight.ingest.office import DocIngestor, XlsIngestor
from oversight.ingest.pdf import PdfIngestor
from oversight.ingest.txt import TxtIngestor
from oversight.ingest.xlsx import XlsxIngestor

INGESTORS: list[type[Ingestor]] = [
    PdfIngestor,
    DocxIngestor,
    XlsxIngestor,
    DocIngestor,
    XlsIngestor,
    HtmlIngestor,
    TxtIngestor,
    ImageIngestor,
]


def format_of(media_type: str) -> type[Ingestor]:
    """The ingestor class that stores documents of `media_type`: what its format has (pages, FtM schema, label)."""
    return next((cls for cls in INGESTORS if media_type in cls.MEDIA_TYPES), Ingestor)


def choose(path: Path, head: bytes) -> Ingestor:
    """The best-scoring ingestor for `path`, or IngestError naming what the file looked like."""
    scored = [(cls.score(path, head), cls) for cls in INGESTORS]
    score, best = max(scored, key=lambda pair: pair[0])
    if score <= 0:
        kind = path.suffix.lower() or "no extension"
        raise IngestError(f"unsupported format ({kind})")
    return best()
