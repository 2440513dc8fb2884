"""One document through every stage, as a library call: ingest → text → detect → extract → screen.

`process_file` reads a file and analyses it; `process_stored` analyses a stored document's pages. Neither writes
to the store: the caller stores the `DocumentResult` in one transaction (`oversight.store.results`), so the local
runner, the CLI and queue workers share one path.
"""

from __future__ import annotations

from dataclasses import dataclass

from oversight.ingest.base import Options
from oversight.ingest.workers import Workers
from oversight.pipeline.analyse import Analysers, Analysis, analyse
from oversight.pipeline.pages import extract, extract_in
from oversight.store import pages as stored_pages
from oversight.store.db import Connection
from oversight.store.rows import PageRow


@dataclass(slots=True)
class DocumentResult:
    """A file's media type, its page rows and, when analysers were given, its analysis."""

    media_type: str
    pages: list[PageRow]
    analysis: Analysis | None


def process_file(
    path: str, options: Options, analysers: Analysers | None, workers: Workers | None = None
) -> DocumentResult:
    """Read `path` (in one of `workers`' budgeted reader processes when given) and analyse it; raises IngestError
    (one line) for unreadable input, ReaderDied when the reader died."""
    extracted = extract(path, options) if workers is None else extract_in(workers, path, options)
    analysis = None
    if analysers is not None:
        analysis = analyse([(row.number, row.raw_text) for row in extracted.rows], analysers)
    return DocumentResult(extracted.media_type, extracted.rows, analysis)


def process_stored(conn: Connection, document_id: int, analysers: Analysers) -> Analysis:
    """Analyse a stored document's pages again (after a taxonomy, data or watchlist change)."""
    return analyse(stored_pages.texts(conn, document_id), analysers, document_id=document_id)
