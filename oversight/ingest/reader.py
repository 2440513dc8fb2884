"""Read one file into stored page rows: the code a worker process runs (see workers.py).

Its own module so that workers import the reader and the pipeline imports workers, never a cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from oversight.errors import IngestError, one_line
from oversight.ingest.base import Options
from oversight.ingest.registry import ingestor_for
from oversight.store import documents


def extract_rows(path: str, options: Options) -> Iterator[tuple[Any, ...] | str]:
    """Stored page rows of one file as they are read, then its media type. Runs in a worker.

    Raises IngestError for unreadable input: a library choking on malformed input is the file's fault.
    """
    file = Path(path)
    ingestor = ingestor_for(file)
    count = 0
    try:
        for page in ingestor.pages(file, options):
            if page.number >= options.start_page:
                count += 1
                yield documents.page_row(page)
    except (IngestError, MemoryError):
        raise
    except RecursionError:
        raise IngestError(f"unreadable {ingestor.media_type}: structure nested too deeply") from None
    except Exception as exc:
        raise IngestError(f"unreadable {ingestor.media_type} ({_library_reason(exc)})") from None
    if not count and options.start_page <= 1:
        raise IngestError("no pages could be extracted")
    yield ingestor.media_type


def _library_reason(exc: Exception) -> str:
    """A library's complaint in our words: OpenCV's assertion texts name its own source files, not the problem."""
    if type(exc).__module__.startswith("cv2"):
        return "the image could not be processed for OCR (OpenCV rejected it: damaged or unusual pixel data)"
    return f"{type(exc).__name__}: {one_line(exc)}"
