"""The local runner: hash files, skip what is stored, run the pipeline in worker processes, store each document
with its analysis in one transaction.

Reading and analysing (the slow, CPU-bound part: `process_file`) runs in worker processes; one writer in this
process stores results, so SQLite never sees concurrent writers. Bytes already stored are never read again: a
rerun after a crash or kill only touches what is missing. Without analysers it only ingests.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from oversight.errors import IngestError, one_line
from oversight.ingest.base import Options
from oversight.ingest.sources import Limits, Source, iter_sources
from oversight.pipeline.analyse import Analysers, Analysis
from oversight.pipeline.document import DocumentResult, process_file
from oversight.store import blobs, documents, results
from oversight.store.blobs import sha256_of
from oversight.store.db import Connection, blob_dir
from oversight.store.rows import DocumentRow


@dataclass(slots=True)
class IngestResult:
    """What happened to one input file."""

    path: str
    sha256: str | None
    document_id: int | None
    status: str  # "new" | "seen" | "error"
    error: str | None = None
    pages: int = 0
    analysis: Analysis | None = None  # for a new document read with analysers: what was stored with it


_ANALYSERS: Analysers | None = None  # set in each worker process by `_worker_init`


def _work(path: str, options: Options) -> DocumentResult:
    """The pipeline for one file, in a worker process."""
    return process_file(path, options, _ANALYSERS)


@dataclass(slots=True)
class _Job:
    source: Source
    sha256: str
    size: int


def ingest_paths(
    conn: Connection,
    db_path: str | os.PathLike[str],
    paths: list[Path],
    options: Options = Options(),
    jobs: int = 1,
    source_url: str | None = None,
    limits: Limits = Limits(),
    on_start: Callable[[Source], None] | None = None,
    analysers: Analysers | None = None,
) -> Iterator[IngestResult]:
    """Ingest (and with `analysers`, analyse) every file under `paths`, yielding one result per file as it is
    stored (order may vary)."""
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
                yield job if isinstance(job, IngestResult) else writer.store(job, _safely(job, options, analysers))
        else:
            yield from _parallel(writer, sources, options, jobs, limits, on_start, analysers)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _safely(job: _Job, options: Options, analysers: Analysers | None) -> DocumentResult | IngestError:
    try:
        return process_file(str(job.source.path), options, analysers)
    except IngestError as exc:
        return exc


def _parallel(
    writer: _Writer,
    sources: Iterator[Source],
    options: Options,
    jobs: int,
    limits: Limits,
    on_start: Callable[[Source], None] | None,
    analysers: Analysers | None,
) -> Iterator[IngestResult]:
    """Keep at most 2×jobs files in flight so memory stays flat however large the corpus is.

    A worker that dies (a native crash on a hostile file, the OOM killer) breaks the whole pool and fails every
    file in flight; those files are read again one at a time in a fresh process, so only the culprit fails.
    """
    pending: dict[Future[DocumentResult], _Job] = {}
    pool = _pool(jobs, analysers)
    try:
        for source in sources:
            if on_start:
                on_start(source)
            job = writer.prepare(source, limits)
            if isinstance(job, IngestResult):
                yield job
                continue
            try:
                pending[pool.submit(_work, str(source.path), options)] = job
            except BrokenProcessPool:
                yield from _isolate(writer, [job], options, analysers)
                pool = _pool(jobs, analysers)
            while len(pending) >= 2 * jobs:
                if (yield from _drain(writer, pending, options, analysers)):
                    pool = _pool(jobs, analysers)
        while pending:
            yield from _drain(writer, pending, options, analysers)
    finally:
        pool.shutdown(cancel_futures=True)


def _pool(jobs: int, analysers: Analysers | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(analysers,))


def _drain(
    writer: _Writer, pending: dict[Future[DocumentResult], _Job], options: Options, analysers: Analysers | None
) -> Generator[IngestResult, None, bool]:
    """Store whatever has finished, waiting for at least one; returns whether the pool broke."""
    broken: list[_Job] = []
    for future in wait(pending, return_when=FIRST_COMPLETED).done:
        job = pending.pop(future)
        try:
            outcome: DocumentResult | IngestError = future.result()
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
    yield from _isolate(writer, broken, options, analysers)
    return True


def _isolate(
    writer: _Writer, jobs: list[_Job], options: Options, analysers: Analysers | None
) -> Iterator[IngestResult]:
    """Read each file in its own single-worker pool, so a crash is pinned on the file that caused it."""
    for job in jobs:
        with _pool(1, analysers) as pool:
            try:
                outcome: DocumentResult | IngestError = pool.submit(_work, str(job.source.path), options).result()
            except IngestError as exc:
                outcome = exc
            except BrokenProcessPool:
                outcome = IngestError("the reader crashed on this file (its worker process died)")
        yield writer.store(job, outcome)


def _worker_init(analysers: Analysers | None) -> None:
    """One thread per worker for native libraries: parallelism comes from processes."""
    global _ANALYSERS
    _ANALYSERS = analysers
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


class _Writer:
    """The single writer: decides what needs extraction and stores outcomes."""

    def __init__(self, conn: Connection, blob_root: Path, source_url: str | None) -> None:
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

    def store(self, job: _Job, outcome: DocumentResult | IngestError) -> IngestResult:
        source = job.source
        try:
            if isinstance(outcome, IngestError):
                return self._error(source, job.sha256, str(outcome))
            seen = self._seen(source, job.sha256)  # the same bytes twice in one run
            if seen:
                return seen
            blobs.put(self.blob_root, job.sha256, source.path)
            analysis = outcome.analysis
            stored = DocumentRow(
                job.sha256, job.size, outcome.media_type, source.name, source.label, self.source_url, outcome.pages
            )
            document_id, new = results.write_document(self.conn, stored, analysis.rows() if analysis else None)
            if not new:
                return IngestResult(source.label, job.sha256, document_id, "seen")
            return IngestResult(
                source.label, job.sha256, document_id, "new", pages=len(outcome.pages), analysis=analysis
            )
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
