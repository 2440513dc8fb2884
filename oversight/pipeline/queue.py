"""Queue workers: documents analysed by any number of `oversight worker` processes draining a procrastinate
queue on the team's PostgreSQL store.

`enqueue_paths` stores each original in the shared blob folder and defers one job per new document (the sha256
is the job's queueing lock, so a document waiting in the queue is never queued twice). A worker runs the same
`process_file` as the local runner and writes the document with its analysis in one transaction; bytes already
stored are only given their new name, so a job run twice stores one document. Failures are retried up to
MAX_ATTEMPTS times and their last error kept in `ingest_errors`; a file that cannot be read is recorded at once
and not retried. Each worker sends heartbeats; jobs held by a worker that stopped sending them (killed, its
machine gone) are put back in the queue by any live worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oversight.errors import IngestError, OversightError, one_line
from oversight.ingest.base import Options
from oversight.ingest.sources import Limits, Source, iter_sources, not_a_document
from oversight.ingest.workers import Budget, Workers
from oversight.pipeline.analyse import Analysers
from oversight.pipeline.document import process_file
from oversight.pipeline.scan import describe
from oversight.store import blobs, documents, results
from oversight.store.blobs import sha256_of
from oversight.store.db import Connection, blob_dir, open_store, transaction
from oversight.store.postgres import PostgresConnection, is_url
from oversight.store.rows import DocumentRow

TASK = "oversight.process_document"
QUEUE = "documents"
MAX_ATTEMPTS = 3
STATUSES = ("todo", "doing", "failed", "succeeded")
_SCHEMA_LOCK = 0x71756575  # advisory lock under which the first process creates the queue's tables

log = logging.getLogger("oversight.worker")


class QueueError(OversightError):
    """The queue needs a PostgreSQL store."""


def require_url(target: str) -> str:
    if not is_url(target):
        raise QueueError("the queue lives in a PostgreSQL store: give --db postgresql://… (or set OVERSIGHT_DB)")
    return target


def make_app(url: str) -> Any:
    """The procrastinate app on the store's database, with the document task registered."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    app.task(
        name=TASK,
        queue=QUEUE,
        pass_context=True,
        retry=procrastinate.RetryStrategy(max_attempts=MAX_ATTEMPTS - 1, wait=1),
    )(_run_job)
    return app


def ensure_schema(conn: PostgresConnection) -> None:
    """Create procrastinate's tables in the store the first time a queue is used."""
    from procrastinate.schema import SchemaManager

    with transaction(conn):
        conn.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
        if conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is None:
            conn.script(SchemaManager.get_schema())


# --- enqueue -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Enqueued:
    path: str
    sha256: str | None
    status: str  # queued | seen | error | skipped (found in a folder, not a document)
    error: str | None = None  # the error, or why the file was skipped


def enqueue_paths(
    url: str,
    paths: list[Path],
    *,
    source_url: str | None = None,
    ocr: str = "auto",
    limits: Limits = Limits(),
) -> Iterator[Enqueued]:
    """Store the original of every file under `paths` and queue one job per document not stored yet."""
    from procrastinate.exceptions import AlreadyEnqueued

    conn = open_store(require_url(url))
    assert isinstance(conn, PostgresConnection)
    ensure_schema(conn)
    app = make_app(url)
    root = blob_dir(url)
    scratch = Path(tempfile.mkdtemp(dir=_scratch_root(root)))
    try:
        with app.open():
            task = app.tasks[TASK]
            for source in iter_sources(paths, scratch, limits):
                item = _store_original(conn, root, source, source_url)
                if item.status == "queued":
                    args = {"sha256": item.sha256, "name": source.name, "path": source.label, "source_url": source_url}
                    with contextlib.suppress(AlreadyEnqueued):
                        task.configure(queueing_lock=item.sha256).defer(**args, ocr=ocr)
                yield item
    finally:
        conn.close()
        for leftover in scratch.iterdir():
            leftover.unlink(missing_ok=True)
        scratch.rmdir()


def _scratch_root(root: Path) -> Path:
    path = root / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _store_original(conn: Connection, root: Path, source: Source, source_url: str | None) -> Enqueued:
    try:
        if source.error:
            raise IngestError(source.error)
        skip = not_a_document(source)
        if skip is not None:
            return Enqueued(source.label, None, "skipped", skip)
        if source.path.stat().st_size == 0:
            raise IngestError("empty file (0 bytes)")
        sha256, _ = sha256_of(source.path)
        existing = documents.find(conn, sha256)
        if existing is not None:
            documents.touch(conn, existing, source.name, source.label, source_url)
            return Enqueued(source.label, sha256, "seen")
        blobs.put(root, sha256, source.path)
        return Enqueued(source.label, sha256, "queued")
    except (IngestError, OSError) as exc:
        message = str(exc) if isinstance(exc, IngestError) else f"cannot read file ({one_line(exc)})"
        documents.record_error(conn, path=source.label, name=source.name, sha256=None, error=message)
        return Enqueued(source.label, None, "error", message)
    finally:
        if source.scratch:
            source.path.unlink(missing_ok=True)


# --- the job -------------------------------------------------------------------------------------------------


class _WorkerState:
    """Per worker process: one store connection (reopened after a failure) and the analysers."""

    url: str = ""
    conn: Connection | None = None
    analysers: Analysers | None = None
    readers: Workers | None = None  # the budgeted reader process each file is read in (ingest.workers)
    after_store: Callable[[str], None] | None = None  # a test hook point: called with the sha256 once stored

    @classmethod
    def connection(cls) -> Connection:
        if cls.conn is None:
            cls.conn = open_store(cls.url)
        return cls.conn

    @classmethod
    def reset(cls) -> None:
        if cls.conn is not None:
            with contextlib.suppress(Exception):
                cls.conn.close()
        cls.conn = None


def _run_job(context: Any, sha256: str, name: str, path: str, source_url: str | None, ocr: str = "auto") -> str:
    """Process one queued document; returns what happened (new | seen | error)."""
    try:
        return _process(sha256, name, path, source_url, ocr)
    except Exception as exc:
        _WorkerState.reset()  # the connection may be what failed (a restarted server)
        attempt = context.job.attempts + 1
        with contextlib.suppress(Exception):
            documents.record_error(
                _WorkerState.connection(),
                path=path,
                name=name,
                sha256=sha256,
                error=f"attempt {attempt}/{MAX_ATTEMPTS}: {type(exc).__name__}: {one_line(exc)}",
            )
        raise


def _process(sha256: str, name: str, path: str, source_url: str | None, ocr: str) -> str:
    conn = _WorkerState.connection()
    existing = documents.find(conn, sha256)
    if existing is not None:
        documents.touch(conn, existing, name, path, source_url)
        return "seen"
    if _WorkerState.analysers is None:
        _WorkerState.analysers = Analysers.from_store(conn)
    original = blobs.blob_path(blob_dir(_WorkerState.url), sha256)
    with tempfile.TemporaryDirectory(prefix="oversight-job-") as folder:
        named = Path(folder) / (Path(name).name or "document")
        os.symlink(original, named)  # ingestors choose by name as well as content
        try:
            result = process_file(str(named), Options(ocr_engine=ocr), _WorkerState.analysers, _WorkerState.readers)
        except IngestError as exc:  # the file's fault: record it, do not retry
            documents.record_error(conn, path=path, name=name, sha256=sha256, error=str(exc))
            return "error"
    assert result.analysis is not None
    stored = DocumentRow(sha256, original.stat().st_size, result.media_type, name, path, source_url, result.pages)
    document_id, new = results.write_document(conn, stored, result.analysis.rows())
    if new:
        describe(conn, document_id)
    if _WorkerState.after_store:
        _WorkerState.after_store(sha256)
    return "new"


# --- the worker ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    heartbeat: float = 10.0  # seconds between a worker's heartbeats
    stalled_after: float = 30.0  # a worker silent this long is gone; its jobs go back to the queue
    wait: bool = True  # keep waiting for jobs; False: stop when the queue is empty
    # What one file may cost its reader process (memory, seconds), as in `ingest`.
    budget: Budget = field(default_factory=Budget)


def run_worker(url: str, options: WorkerOptions = WorkerOptions()) -> None:
    """Drain the queue until stopped (SIGINT/SIGTERM), or until it is empty when `options.wait` is False."""
    require_url(url)
    conn = open_store(url)
    assert isinstance(conn, PostgresConnection)
    ensure_schema(conn)
    _WorkerState.analysers = Analysers.from_store(conn)  # before the first job, so no job pays for it
    conn.close()
    _WorkerState.url = url
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    with tempfile.TemporaryDirectory(prefix="oversight-readers-") as logs:
        _WorkerState.readers = Workers(1, options.budget, Path(logs))
        _WorkerState.readers.start()  # as the analysers: before the first job
        try:
            asyncio.run(_work(url, options))
        finally:
            _WorkerState.readers.close()
            _WorkerState.readers = None


async def _work(url: str, options: WorkerOptions) -> None:
    """Run the worker; when the server goes away (a restart, a failover) start again once it is back. The jobs
    the lost worker held are requeued as stalled, by this worker or another."""
    while True:
        try:
            await _work_once(url, options)
            return
        except Exception as exc:
            log.warning("worker stopped (%s: %s); starting again", type(exc).__name__, one_line(exc))
            _WorkerState.reset()
            await asyncio.sleep(options.heartbeat)


async def _work_once(url: str, options: WorkerOptions) -> None:
    app = make_app(url)
    async with app.open_async():
        rescuer = asyncio.create_task(_requeue_stalled(app, options))
        try:
            await app.run_worker_async(
                queues=[QUEUE],
                concurrency=1,
                wait=options.wait,
                update_heartbeat_interval=options.heartbeat,
                stalled_worker_timeout=options.stalled_after,
                delete_jobs="never",
                install_signal_handlers=True,
            )
        finally:
            rescuer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await rescuer


async def _requeue_stalled(app: Any, options: WorkerOptions) -> None:
    """Put back in the queue the jobs of workers that stopped sending heartbeats."""
    while True:
        await asyncio.sleep(options.heartbeat)
        try:
            for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=options.stalled_after):
                log.warning("job %s of a stalled worker goes back to the queue", job.id)
                await app.job_manager.retry_job(job)
        except Exception as exc:  # the server restarting: try again at the next beat
            log.warning("cannot look for stalled jobs: %s", one_line(exc))


# --- status --------------------------------------------------------------------------------------------------


def status(url: str) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Job counts per status, and the failed jobs with their documents' last errors."""
    conn = open_store(require_url(url))
    try:
        assert isinstance(conn, PostgresConnection)
        ensure_schema(conn)
        counts = dict.fromkeys(STATUSES, 0)
        for state, count in conn.execute(
            "SELECT status::text, count(*) FROM procrastinate_jobs WHERE task_name = ? GROUP BY status", (TASK,)
        ):
            counts[str(state)] = int(count)
        failed = [
            {"job": row[0], "sha256": row[1], "path": row[2], "attempts": row[3], "error": row[4]}
            for row in conn.execute(
                "SELECT j.id, j.args->>'sha256', j.args->>'path', j.attempts,"
                " (SELECT e.error FROM ingest_errors e WHERE e.sha256 = j.args->>'sha256' ORDER BY e.id DESC LIMIT 1)"
                " FROM procrastinate_jobs j WHERE j.task_name = ? AND j.status = 'failed' ORDER BY j.id",
                (TASK,),
            )
        ]
        return counts, failed
    finally:
        conn.close()
