"""Read one file into stored page rows: the ingest and text stages of the pipeline.

Pure (path in, rows out), so it runs in worker processes; raises IngestError with one line for unreadable input.
`extract_in` reads a file in one of the ingest stage's budgeted reader processes instead (queue workers use it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from oversight.errors import IngestError, OversightError, one_line
from oversight.ingest.base import Options, Page
from oversight.ingest.registry import ingestor_for
from oversight.ingest.workers import Task, Workers
from oversight.store import documents
from oversight.store.rows import PageRow


@dataclass(slots=True)
class Extracted:
    media_type: str
    rows: list[PageRow]


def page_row(page: Page) -> PageRow:
    """The stored form of a page, typed: the store's own conversion (one rule for both runners)."""
    return PageRow(*documents.page_row(page))


def extract(path: str, options: Options) -> Extracted:
    """Read one file into stored page rows. Raises IngestError for unreadable input."""
    file = Path(path)
    ingestor = ingestor_for(file)
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


class ReaderDied(OversightError):
    """The reading process died for a reason the file may not have given (the OOM killer, a kill from outside):
    the caller may try the file again."""


def extract_in(workers: Workers, path: str, options: Options) -> Extracted:
    """Read one file in a worker process under its memory and time budget, as the local runner does (so a hostile
    file costs one reader process, never the caller). Raises IngestError for unreadable input or a file over the
    time limit, ReaderDied when the reader died or went over the memory limit."""
    workers.submit(Task(0, path, options))
    rows: list[PageRow] = []
    while True:
        for _, event in workers.poll():
            if event[0] == "page":
                rows.append(PageRow(*event[1]))
            elif event[0] == "done":
                return Extracted(event[1], rows)
            elif event[0] == "error":
                raise IngestError(event[1])
            else:
                raise ReaderDied(event[1])
