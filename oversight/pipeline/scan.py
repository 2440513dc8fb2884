"""Scan with the local runner: store and analyse new files, bring stored ones up to date, report each document.

A file already stored is analysed again only when its stored analysis is stale (another taxonomy, extraction
data or set of watchlists); otherwise its stored analysis is read back, so a rerun costs a hash per file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oversight.ingest.base import Options
from oversight.ingest.sources import Limits, Source
from oversight.pipeline.analyse import Analysers, Analysis, stored
from oversight.pipeline.document import process_stored
from oversight.pipeline.lines import lines
from oversight.pipeline.runner import IngestResult, ingest_paths
from oversight.store import documents, results
from oversight.store.db import Connection


@dataclass(slots=True)
class Scanned:
    """One input file: what ingest did with it and, unless it failed, its output records."""

    result: IngestResult
    records: list[dict[str, Any]] = field(default_factory=list)


def scan_paths(
    conn: Connection,
    db_path: str | os.PathLike[str],
    paths: list[Path],
    options: Options = Options(),
    jobs: int = 1,
    source_url: str | None = None,
    limits: Limits = Limits(),
    on_start: Callable[[Source], None] | None = None,
) -> Iterator[Scanned]:
    """Ingest and analyse every file under `paths`, one `Scanned` per file as it is stored."""
    analysers = Analysers.from_store(conn)
    for result in ingest_paths(conn, db_path, paths, options, jobs, source_url, limits, on_start, analysers):
        if result.status == "error" or result.document_id is None:
            yield Scanned(result)
            continue
        analysis = result.analysis or current(conn, result.document_id, analysers, force=False)
        yield Scanned(result, lines(result.path, str(result.sha256), analysis))


def current(conn: Connection, document_id: int, analysers: Analysers, *, force: bool) -> Analysis:
    """The stored analysis if it is current (and not `force`d), else a fresh one, stored."""
    analysis = None if force else stored(conn, document_id, analysers)
    if analysis is None:
        analysis = process_stored(conn, document_id, analysers)
        results.write_analysis(conn, document_id, analysis.rows())
    return analysis


def rescan(conn: Connection, ids: Iterable[int], *, force: bool = True) -> Iterator[list[dict[str, Any]]]:
    """Analyse stored documents again; the output records of each, named by the path first stored under."""
    analysers = Analysers.from_store(conn)
    for document_id in ids:
        sha256, path = documents.first_path(conn, document_id)
        yield lines(path, sha256, current(conn, document_id, analysers, force=force))
