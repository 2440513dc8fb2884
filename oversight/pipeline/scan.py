"""Scan with the local runner: store new files (oversight.ingest.pipeline), then analyse each document, reading
back a stored analysis while it is current (same taxonomy, extraction data and watchlists), so a rerun costs a
hash per file. Queue workers (`queue`) instead read, analyse and store a document in one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oversight.entities import notice
from oversight.ingest.pipeline import IngestResult, ingest_paths
from oversight.pipeline.analyse import Analysers, Analysis
from oversight.pipeline.analyse import current as current_analysis
from oversight.pipeline.lines import lines
from oversight.store import analyses, documents, notices, results
from oversight.store.db import Connection


@dataclass(slots=True)
class Scanned:
    """One input file: what ingest did with it and, unless it failed, its output records."""

    result: IngestResult
    records: list[dict[str, Any]] = field(default_factory=list)


def scan_paths(
    conn: Connection, db_path: str | os.PathLike[str], paths: list[Path], **ingest: Any
) -> Iterator[Scanned]:
    """Ingest and analyse every file under `paths` (keyword arguments go to `ingest_paths`), one `Scanned` each."""
    analysers = Analysers.from_store(conn)
    for result in ingest_paths(conn, db_path, paths, **ingest):  # type: ignore[arg-type]
        if result.status == "error" or result.document_id is None:
            yield Scanned(result)
            continue
        yield Scanned(result, analysed_lines(conn, result.path, result.document_id, analysers))


def analysed_lines(conn: Connection, file: str, document_id: int, analysers: Analysers) -> list[dict[str, Any]]:
    """The output records of a stored document, analysed first unless its stored analysis is current."""
    sha256, _ = documents.first_path(conn, document_id)
    return lines(file, sha256, current(conn, document_id, analysers, force=False))


def current(conn: Connection, document_id: int, analysers: Analysers, *, force: bool) -> Analysis:
    """The stored analysis, with the parts of analysers whose stamp is stale (all when `force`d) made again and
    stored."""
    analysis = current_analysis(conn, document_id, analysers, force=force)
    if analysis.fresh:
        results.write_analysis(conn, document_id, analysis.rows(analysis.fresh))
    describe(conn, document_id, force=force)
    return analysis


def describe(conn: Connection, document_id: int, *, force: bool = False) -> None:
    """Extract and store what the notice states about itself (title, kind, dates, amounts) unless current."""
    notices.refresh(conn, notice.stored_form, notice.version(), [document_id], force=force)  # type: ignore[arg-type]


def rescan(conn: Connection, ids: Iterable[int] | None = None) -> Iterator[list[dict[str, Any]]]:
    """Analyse stored documents again: `ids` with every analyser, or (None) the documents some analyser has not
    analysed at its current version, with those analysers; the output records of each, named by the path first
    stored under."""
    analysers = Analysers.from_store(conn)
    force = ids is not None
    for document_id in analyses.stale(conn, analysers.versions()) if ids is None else ids:
        sha256, path = documents.first_path(conn, document_id)
        yield lines(path, sha256, current(conn, document_id, analysers, force=force))
