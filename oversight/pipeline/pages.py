"""Read one file into stored page rows: the ingest and text stages of the pipeline.

Pure (path in, rows out), so it runs in worker processes; raises IngestError with one line for unreadable input.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from oversight.errors import IngestError, one_line
from oversight.ingest.base import Options, Page
from oversight.ingest.registry import choose
from oversight.store.rows import PageRow
from oversight.text.normalize import normalize

HEAD_BYTES = 4096


@dataclass(slots=True)
class Extracted:
    media_type: str
    rows: list[PageRow]


def page_row(page: Page) -> PageRow:
    """The stored form of a page (computed in workers, so the single writer only inserts)."""
    norm = normalize(page.text)
    boxes = (
        json.dumps([asdict(b) for b in page.boxes], ensure_ascii=False, separators=(",", ":")) if page.boxes else None
    )
    return PageRow(
        page.number,
        page.label,
        page.text,
        norm.text,
        norm.map_bytes(),
        page.method,
        page.ocr_confidence,
        boxes,
        page.width,
        page.height,
        page.dpi,
    )


def extract(path: str, options: Options) -> Extracted:
    """Read one file into stored page rows. Raises IngestError for unreadable input."""
    file = Path(path)
    with open(file, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    ingestor = choose(file, head)
    try:
        rows = [page_row(page) for page in ingestor.pages(file, options)]
    except IngestError:
        raise
    except MemoryError:
        raise IngestError("out of memory while reading the file") from None
    except Exception as exc:  # a library choking on malformed input is the file's fault, not the run's
        raise IngestError(f"unreadable {ingestor.media_type} ({type(exc).__name__}: {one_line(exc)})") from None
    if not rows:
        raise IngestError("no pages could be extracted")
    return Extracted(ingestor.media_type, rows)
