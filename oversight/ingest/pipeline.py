"""Ingest files into the store: hash, skip what is stored, extract in workers, write each document atomically.

Extraction (the slow, CPU-bound part) runs in worker processes; one writer in this process stores results, so
SQLite never sees concurrent writers. Bytes already stored are never extracted again: a rerun after a crash or
kill only touches what is missing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oversight.errors import IngestError, one_line
from oversight.ingest.base import Options
from oversight.ingest.registry import choose
from oversight.ingest.sources import Limits, Source, iter_sources
from oversight.store import blobs, documents
from oversight.store.blobs import sha256_of
from oversight.store.db import blob_dir

HEAD_BYTES = 4096


@dataclass(slots=True)
class IngestResult:
    """What happened to one input file."""

    path: str
    sha256: str | None
    document_id: int | None
    status: str  # "new" | "seen" | "error"
    error: str | None = None
    pages: int = 0


@dataclass(slots=True)
class _Extracted:
    media_type: str
    rows: list[tuple[Any, ...]]


def extract(path: str, options: Options) -> _Extracted:
    """Read one file into stored page rows. Runs in a worker; raises IngestError for unreadable input."""
    file = Path(path)
    with open(file, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    ingestor = choose(file, head)
    try:
        rows = [documents.page_row(page) for page in ingestor.pages(file, options)]
    except IngestError:
        raise
    except MemoryError:
        raise IngestError("out of memory while reading the file") from None
    except Exception as exc:  # a library choking on malformed input is the file's fault, not the run's
        raise IngestError(f"unreadable {ingestor.media_type} ({type(exc).__name__}: {one_line(exc)})") from None
    if not rows:
        raise IngestError("no pages could be extracted")
    return _Extracted(ingestor.media_type, rows)


@dataclass(slots=True)
class _Job:
    source: Source
    sha256: str
    size: int


def ingest_paths(
    conn: sqlite3.Connection,
    db_path: str | os.PathLike[str],
    paths: list[Path],
    options: Options = Options(),
    jobs: int = 1,
    source_url: str | None = None,
    limits: Limits = Limits(),
    on_start: Callable[[Source], None] | None = None,
) -> Iterator[IngestResult]:
    """Ingest every file under `paths`, yielding one result per file as it is stored (order may vary)."""
    blob_root = blob_dir(db_path)
    scratch_root = blob_root / "tmp"
    scratch_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=scratch_root))
    writer = _Writer(conn, blob_root, source_url)
    try:
        sources = iter_sources(paths, scratch, limits)
        if jobs <= 1:
            for source in sources:
                if on_start:
                    on_start(source)
                job = writer.prepare(source, limits)
                yield job if isinstance(job, IngestResult) else writer.store(job, _extract_safely(job, options))
        else:
            yield from _parallel(writer, sources, options, jobs, limits, on_start)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _extract_safely(job: _Job, options: Options) -> _Extracted | IngestError:
    try:
        return extract(str(job.source.path), options)
    except IngestError as exc:
        return exc


def _parallel(
    writer: _Writer,
    sources: Iterator[Source],
    options: Options,
    jobs: int,
    limits: Limits,
    on_start: Callable[[Source], None] | None,
) -> Iterator[IngestResult]:
    """Keep at most 2×jobs files in flight so memory stays flat however large the corpus is.

    A worker that dies (a native crash on a hostile file, the OOM killer) breaks the whole pool and fails every
    file in flight; those files are read again one at a time in a fresh process, so only the culprit fails.
    """
    pending: dict[Future[_Extracted], _Job] = {}
    pool = _pool(jobs)
    try:
        for source in sources:
            if on_start:
                on_start(source)
            job = writer.prepare(source, limits)
            if isinstance(job, IngestResult):
                yield job
                continue
            try:
                pending[pool.submit(extract, str(source.path), options)] = job
            except BrokenProcessPool:
                yield from _isolate(writer, [job], options)
                pool = _pool(jobs)
            while len(pending) >= 2 * jobs:
                if (yield from _drain(writer, pending, options)):
                    pool = _pool(jobs)
        while pending:
            yield from _drain(writer, pending, options)
    finally:
        pool.shutdown(cancel_futures=True)


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)


def _drain(
    writer: _Writer, pending: dict[Future[_Extracted], _Job], options: Options
) -> Generator[IngestResult, None, bool]:
    """Store whatever has finished, waiting for at least one; returns whether the pool broke."""
    broken: list[_Job] = []
    for future in wait(pending, return_when=FIRST_COMPLETED).done:
        job = pending.pop(future)
        try:
            outcome: _Extracted | IngestError = future.result()
        except IngestError as exc:
            outcome = exc
        except BrokenProcessPool:
            broken.append(job)
            continue
        except Exception as exc:  # e.g. a result that could not be sent back from the worker
            outcome = IngestError(f"extraction failed ({type(exc).__name__}: {one_line(exc)})")
        yield writer.store(job, outcome)
    if not broken:
        return False
    broken.extend(pending.pop(future) for future in list(pending))  # the rest of the pool went down with it
    yield from _isolate(writer, broken, options)
    return True


def _isolate(writer: _Writer, jobs: list[_Job], options: Options) -> Iterator[IngestResult]:
    """Read each file in its own single-worker pool, so a crash is pinned on the file that caused it."""
    for job in jobs:
        with _pool(1) as pool:
            try:
                outcome: _Extracted | IngestError = pool.submit(extract, str(job.source.path), options).result()
            except IngestError as exc:
                outcome = exc
            except BrokenProcessPool:
                outcome = IngestError("the reader crashed on this file (its worker process died)")
        yield writer.store(job, outcome)


def _worker_init() -> None:
    """One thread per worker for native libraries: parallelism comes from processes."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


class _Writer:
    """The single writer: decides what needs extraction and stores outcomes."""

    def __init__(self, conn: sqlite3.Connection, blob_root: Path, source_url: str | None) -> None:
        self.conn = conn
        self.blob_root = blob_root
        self.source_url = source_url

    def prepare(self, source: Source, limits: Limits) -> IngestResult | _Job:
        """A result at once for errors and bytes already stored; otherwise the job of extracting the file."""
        if source.error:
            return self._error(source, None, source.error)
        try:
            size = source.path.stat().st_size
            if size == 0:
                return self._error(source, None, "empty file (0 bytes)")
            if size > limits.max_file_bytes:
                return self._error(
                    source, None, f"file of {size} bytes exceeds the size limit of {limits.max_file_bytes}"
                )
            sha256, size = sha256_of(source.path)
        except OSError as exc:
            return self._error(source, None, f"cannot read file ({exc.strerror or exc})")
        return self._seen(source, sha256) or _Job(source, sha256, size)

    def store(self, job: _Job, outcome: _Extracted | IngestError) -> IngestResult:
        source = job.source
        try:
            if isinstance(outcome, IngestError):
                return self._error(source, job.sha256, str(outcome))
            seen = self._seen(source, job.sha256)  # the same bytes twice in one run
            if seen:
                return seen
            blobs.put(self.blob_root, job.sha256, source.path)
            document_id = documents.insert(
                self.conn,
                sha256=job.sha256,
                size=job.size,
                media_type=outcome.media_type,
                name=source.name,
                path=source.label,
                source_url=self.source_url,
                pages=outcome.rows,
            )
            return IngestResult(source.label, job.sha256, document_id, "new", pages=len(outcome.rows))
        finally:
            if source.scratch:
                source.path.unlink(missing_ok=True)

    def _seen(self, source: Source, sha256: str) -> IngestResult | None:
        existing = documents.find(self.conn, sha256)
        if existing is None:
            return None
        documents.touch(self.conn, existing, source.name, source.label, self.source_url)
        return IngestResult(source.label, sha256, existing, "seen")

    def _error(self, source: Source, sha256: str | None, message: str) -> IngestResult:
        documents.record_error(self.conn, path=source.label, name=source.name, sha256=sha256, error=message)
        return IngestResult(source.label, sha256, None, "error", message)
