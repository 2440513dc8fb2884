"""Ingest files into the store: hash, skip what is stored, extract in workers, write each document atomically.

Extraction (the slow, CPU-bound part) runs in worker processes; one writer in this process stores results.
Bytes already stored are never extracted again: a rerun after a crash or kill only touches what is missing. A
long document's pages are staged in the store as they arrive, so a kill keeps the pages done and the next run
goes on from there; the document itself appears, with all its pages, in one transaction.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from oversight.errors import IngestError
from oversight.ingest.base import Options
from oversight.ingest.sources import Limits, Source, iter_sources, not_a_document
from oversight.ingest.workers import Budget, Task, Workers
from oversight.store import blobs, documents
from oversight.store.blobs import sha256_of
from oversight.store.db import blob_dir

_STAGE_EVERY_PAGES = 32  # buffered pages of a document before they are written to the store's staging table
_STAGE_EVERY_CHARS = 4_000_000
_STAGE_EVERY_S = 20.0


@dataclass(slots=True)
class IngestResult:
    """What happened to one input file."""

    path: str
    sha256: str | None
    document_id: int | None
    status: str  # "new" | "seen" | "error" | "skipped" (a file found in a folder that is not a document)
    error: str | None = None
    pages: int = 0
    note: str | None = None  # something the user should know about a file that did go in


@dataclass(slots=True)
class _Job:
    source: Source
    sha256: str
    size: int
    staged: int = 0  # pages already in the staging table (a resumed long document)
    last_page: int = 0  # number of the last page received
    retried: bool = False  # its worker died once already
    buffer: list[tuple[Any, ...]] = field(default_factory=list)
    buffered_chars: int = 0
    flushed_at: float = field(default_factory=time.monotonic)


def ingest_paths(
    conn: sqlite3.Connection,
    db_path: str | os.PathLike[str],
    paths: list[Path],
    options: Options = Options(),
    jobs: int = 1,
    source_url: str | None = None,
    limits: Limits = Limits(),
    on_start: Callable[[Source], None] | None = None,
    budget: Budget = Budget(),
    follow_links: bool = False,
) -> Iterator[IngestResult]:
    """Ingest every file under `paths`, yielding one result per file as it is stored (order may vary).

    Every file is read in a worker process (see workers.py), whatever `jobs` is.
    """
    blob_root = blob_dir(db_path)
    scratch = scratch_folder(blob_root)
    writer = _Writer(conn, blob_root, source_url)
    workers = Workers(jobs, budget, scratch)
    try:
        sources = iter_sources(paths, scratch, limits, store=Path(db_path), follow_links=follow_links)
        yield from _run(writer, workers, sources, options, limits, on_start)
    finally:
        workers.close()
        shutil.rmtree(scratch, ignore_errors=True)


def scratch_folder(blob_root: Path) -> Path:
    """A fresh scratch folder for this run; those left by runs that died (their process is gone) are removed."""
    root = blob_root / "tmp"
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.iterdir():
        pid = stale.name.split("-")[1] if stale.name.startswith("run-") else ""
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=root, prefix=f"run-{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _run(
    writer: _Writer,
    workers: Workers,
    sources: Iterator[Source],
    options: Options,
    limits: Limits,
    on_start: Callable[[Source], None] | None,
) -> Iterator[IngestResult]:
    """Feed idle workers, store pages as they stream back, yield a result as each file ends."""
    pending: dict[int, _Job] = {}
    twins: dict[str, list[_Job]] = {}  # sha256 in flight -> files with the same bytes, waiting for it to end
    keys = itertools.count()
    exhausted = False

    def submit(job: _Job) -> None:
        key = next(keys)
        pending[key] = job
        twins[job.sha256] = []
        job.last_page = job.staged
        workers.submit(Task(key, str(job.source.path), replace(options, start_page=job.staged + 1)))

    while True:
        while not exhausted and workers.idle():
            source = next(sources, None)
            if source is None:
                exhausted = True
                break
            if on_start:
                on_start(source)
            job = writer.prepare(source, limits)
            if isinstance(job, IngestResult):
                yield job
            elif job.sha256 in twins:  # the same bytes are being read: this file waits, then is "seen"
                twins[job.sha256].append(job)
            else:
                submit(job)
        if not workers.busy():
            if exhausted:
                return
            continue
        retry = []
        for task, event in workers.poll():
            job = pending[task.key]
            if event[0] == "page":
                writer.page(job, event[1])
            elif event[0] == "died" and not job.retried:  # the OOM killer or a kill may have hit a bystander
                job.retried = True
                retry.append(replace(task, options=replace(task.options, start_page=job.last_page + 1)))
            else:
                del pending[task.key]
                result = writer.store(job, event[1] if event[0] == "done" else IngestError(event[1]))
                yield result
                for twin in twins.pop(job.sha256, []):
                    yield writer.twin(twin, result)
        for task in retry:
            workers.submit(task)


class _Writer:
    """The single writer of a run: decides what needs extraction and stores what the workers read."""

    def __init__(self, conn: sqlite3.Connection, blob_root: Path, source_url: str | None) -> None:
        self.conn = conn
        self.blob_root = blob_root
        self.source_url = source_url

    def prepare(self, source: Source, limits: Limits) -> IngestResult | _Job:
        """A result at once for errors and bytes already stored; otherwise the job of extracting the file."""
        if source.error:
            return self._error(source, None, source.error)
        try:
            skip = not_a_document(source)
            if skip is not None:
                if source.scratch:
                    source.path.unlink(missing_ok=True)
                return IngestResult(source.label, None, None, "skipped", note=skip)
            size = source.path.stat().st_size
            if size == 0:
                return self._error(source, None, "empty file (0 bytes)")
            if size > limits.max_file_bytes:
                return self._error(
                    source,
                    None,
                    f"file of {size} bytes exceeds the size limit of {limits.max_file_bytes}"
                    " (raise it with --max-size-mb)",
                )
            sha256, size = sha256_of(source.path)
        except OSError as exc:
            return self._error(source, None, f"cannot read file ({exc.strerror or exc})")
        return self._seen(source, sha256, size) or _Job(source, sha256, size, documents.staged(self.conn, sha256))

    def page(self, job: _Job, row: tuple[Any, ...]) -> None:
        """Hold a page; stage the held pages once there are many, they are large, or a while has passed."""
        job.buffer.append(row)
        job.last_page = row[0]
        job.buffered_chars += len(row[2])
        if (
            len(job.buffer) >= _STAGE_EVERY_PAGES
            or job.buffered_chars >= _STAGE_EVERY_CHARS
            or time.monotonic() - job.flushed_at >= _STAGE_EVERY_S
        ):
            documents.stage(self.conn, job.sha256, job.buffer)
            job.buffer, job.buffered_chars, job.flushed_at = [], 0, time.monotonic()

    def store(self, job: _Job, outcome: str | IngestError) -> IngestResult:
        """Store the document read (`outcome` is its media type) or record why it could not be."""
        source = job.source
        try:
            if isinstance(outcome, IngestError):
                if job.buffer:  # pages read before a time or memory limit stopped the file: kept for the next run
                    documents.stage(self.conn, job.sha256, job.buffer)
                return self._error(source, job.sha256, str(outcome))
            blobs.put(self.blob_root, job.sha256, source.path, job.size)
            document_id = documents.insert(
                self.conn,
                sha256=job.sha256,
                size=job.size,
                media_type=outcome,
                name=source.name,
                path=source.label,
                source_url=self.source_url,
                pages=job.buffer,
            )
            pages = self.conn.execute("SELECT page_count FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
            return IngestResult(source.label, job.sha256, document_id, "new", pages=pages, note=source.note)
        finally:
            job.buffer = []
            if source.scratch:
                source.path.unlink(missing_ok=True)

    def twin(self, job: _Job, first: IngestResult) -> IngestResult:
        """A file that waited while another with the same bytes was read: "seen" once that one is stored, else the
        same error (the same bytes would fail the same way)."""
        seen = self._seen(job.source, job.sha256, job.size)
        if seen is not None:
            return seen
        if job.source.scratch:
            job.source.path.unlink(missing_ok=True)
        return self._error(job.source, job.sha256, f"{first.error} (same bytes as {first.path})")

    def _seen(self, source: Source, sha256: str, size: int) -> IngestResult | None:
        """Bytes already stored: add the name, and restore the blob if it went missing or was cut short."""
        existing = documents.find(self.conn, sha256)
        if existing is None:
            return None
        try:
            blobs.put(self.blob_root, sha256, source.path, size)
        finally:
            if source.scratch:
                source.path.unlink(missing_ok=True)
        documents.touch(self.conn, existing, source.name, source.label, self.source_url)
        return IngestResult(source.label, sha256, existing, "seen", note=source.note)

    def _error(self, source: Source, sha256: str | None, message: str) -> IngestResult:
        documents.record_error(self.conn, path=source.label, name=source.name, sha256=sha256, error=message)
        return IngestResult(source.label, sha256, None, "error", message)
