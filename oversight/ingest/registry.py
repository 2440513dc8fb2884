"""Pick the ingestor for a file: every registered class scores it, the best wins (as in Aleph's ingest-file)."""

from __future__ import annotations

from pathlib import Path

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor
from oversight.registry import Registry

# Every format: its module and class. Adding a format means adding its module (an Ingestor subclass that declares
# what it accepts and what its format has) and one line here.
INGESTORS: Registry[type[Ingestor]] = Registry(
    "ingestor",
    {
        "pdf": "oversight.ingest.pdf:PdfIngestor",
        "docx": "oversight.ingest.docx:DocxIngestor",
        "xlsx": "oversight.ingest.xlsx:XlsxIngestor",
        "doc": "oversight.ingest.office:DocIngestor",
        "xls": "oversight.ingest.office:XlsIngestor",
        "html": "oversight.ingest.html:HtmlIngestor",
        "txt": "oversight.ingest.txt:TxtIngestor",
        "image": "oversight.ingest.image:ImageIngestor",
    },
    group="oversight.ingestors",
)


def ingestors() -> list[type[Ingestor]]:
    """Every registered ingestor class, in registration order."""
    return [cls for _, cls in INGESTORS.items()]


def format_of(media_type: str) -> type[Ingestor]:
    """The ingestor class that stores documents of `media_type`: what its format has (pages, FtM schema, label)."""
    return next((cls for cls in ingestors() if media_type in cls.MEDIA_TYPES), Ingestor)


HEAD_BYTES = 4096  # what ingestors see of a file to recognise it (magic bytes, a charset declaration)


def _head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(HEAD_BYTES)


def is_document(path: Path) -> bool:
    """Whether some ingestor would take the file (by its first bytes or its extension)."""
    head = _head(path)
    return any(cls.score(path, head) > 0 for cls in ingestors())


def ingestor_for(path: Path) -> Ingestor:
    """The ingestor for the file at `path`, chosen by its first bytes and its name (see `choose`)."""
    return choose(path, _head(path))


def choose(path: Path, head: bytes) -> Ingestor:
    """The best-scoring ingestor for `path`, or IngestError naming what the file looked like."""
    scored = [(cls.score(path, head), cls) for cls in ingestors()]
    score, best = max(scored, key=lambda pair: pair[0])
    if score <= 0:
        kind = path.suffix.lower() or "no extension"
        raise IngestError(f"unsupported format ({kind})")
    return best()
