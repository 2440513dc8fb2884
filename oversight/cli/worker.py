"""`oversight worker` and `oversight queue`: drain and watch the job queue of a team's PostgreSQL store."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import EXIT_OK, DbOption, Format, FormatOption, emit
from oversight.cli.ingest import MaxMemoryOption, TimeoutOption
from oversight.ingest.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS
from oversight.store.db import resolve_target


@app.command()
def worker(
    db: DbOption = None,
    heartbeat: Annotated[float, typer.Option("--heartbeat", min=0.1, help="Seconds between heartbeats.")] = 10.0,
    stalled_after: Annotated[
        float,
        typer.Option("--stalled-after", min=0.5, help="Seconds of silence after which a worker's jobs are requeued."),
    ] = 30.0,
    once: Annotated[bool, typer.Option("--once", help="Stop when the queue is empty instead of waiting.")] = False,
    max_memory_mb: MaxMemoryOption = DEFAULT_MEMORY_MB,
    timeout_s: TimeoutOption = DEFAULT_SECONDS,
) -> None:
    """Process queued documents (see `scan --queue`) until stopped: each is read, analysed and stored with its
    analysis in one transaction. Start one per CPU core, on as many machines as share the store and its blob
    folder ($OVERSIGHT_BLOBS). Failed jobs are retried up to 3 times; jobs of a worker that died are picked up
    by the others. Each file is read in a reader process under the same memory and time limits as `ingest`."""
    from oversight.ingest.workers import Budget
    from oversight.pipeline.queue import WorkerOptions, run_worker

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    budget = Budget(max_memory_mb, float(timeout_s))
    run_worker(resolve_target(db), WorkerOptions(heartbeat, stalled_after, wait=not once, budget=budget))
    raise typer.Exit(EXIT_OK)


@app.command()
def queue(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Show how many documents are waiting, being processed, failed and done, and why the failed ones failed."""
    from oversight.pipeline.queue import status

    counts, failed = status(resolve_target(db))
    if fmt is not Format.table:
        emit([{"type": "counts", **counts}, *({"type": "failed", **f} for f in failed)], fmt)
        raise typer.Exit(EXIT_OK)
    print(", ".join(f"{count} {name}" for name, count in counts.items()))
    if failed:
        emit(failed, fmt, columns=["job", "sha256", "path", "attempts", "error"], title="failed jobs")
    raise typer.Exit(EXIT_OK)
