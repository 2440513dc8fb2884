"""`oversight ingest`: store documents and their page text."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, Format, FormatOption, emit, one_of, open_store
from oversight.errors import ExitCode, outcome
from oversight.ingest.base import Options
from oversight.ingest.ocr_engines import AUTO, choices
from oversight.ingest.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS
from oversight.text.terminal import printable

if TYPE_CHECKING:
    from oversight.ingest.pipeline import IngestResult
    from oversight.ingest.sources import Source

PathsArgument = Annotated[
    list[Path],
    # readable=False: an unreadable file is that file's error line, not a usage error that stops the run
    typer.Argument(help="Files, folders (recursive) and .zip archives.", readable=False),
]
JobsOption = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Parallel extraction workers [default: CPU count].")
]
PasswordOption = Annotated[str | None, typer.Option("--password", help="Password for encrypted PDFs.")]
SourceUrlOption = Annotated[
    str | None, typer.Option("--source-url", help="Where the files were published (kept as provenance).")
]
MaxSizeOption = Annotated[int, typer.Option("--max-size-mb", min=1, help="Refuse files larger than this.")]


OcrOption = Annotated[
    str,
    typer.Option(
        "--ocr",
        parser=one_of(choices),
        metavar="[" + "|".join(choices()) + "]",
        help=f"OCR engine for pages without a text layer: {', '.join(choices())}.",
    ),
]
MaxMemoryOption = Annotated[
    int,
    typer.Option(
        "--max-memory-mb", min=128, help="Memory one file may take in its reader process; over it, the file fails."
    ),
]
TimeoutOption = Annotated[
    int,
    typer.Option(
        "--timeout-s", min=1, help="Time one file may take; over it, the file stops (pages read so far are kept)."
    ),
]
DEFAULT_MEGAPIXELS = Options().max_pixels // 1_000_000
MegapixelsOption = Annotated[
    int,
    typer.Option(
        "--max-megapixels", min=1, help="Largest page image decoded or rendered for OCR; PDF pages render smaller."
    ),
]
FollowOption = Annotated[
    bool,
    typer.Option("--follow-symlinks", help="Follow symlinks that lead out of a folder given (each one is noted)."),
]


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Every ingest option, shared by `ingest` and `scan`."""

    jobs: int | None = None
    password: str | None = None
    source_url: str | None = None
    max_size_mb: int = 512
    ocr: str = AUTO
    max_memory_mb: int = DEFAULT_MEMORY_MB
    timeout_s: int = DEFAULT_SECONDS
    follow_symlinks: bool = False
    max_megapixels: int = DEFAULT_MEGAPIXELS


def run_ingest(db: str | None, paths: list[Path], settings: IngestSettings) -> Iterator[IngestResult]:
    """Shared by `ingest` and `scan`: ingest with a progress bar on a terminal, one stderr line per failure."""
    from oversight.ingest.pipeline import ingest_paths
    from oversight.ingest.sources import Limits, estimate
    from oversight.ingest.workers import Budget
    from oversight.store.db import resolve_target

    db_path = resolve_target(db)
    conn = open_store(db)
    options = Options(
        password=settings.password, ocr_engine=settings.ocr, max_pixels=settings.max_megapixels * 1_000_000
    )
    limits = Limits(max_file_bytes=settings.max_size_mb * 1024 * 1024)
    budget = Budget(max_memory_mb=settings.max_memory_mb, max_seconds=float(settings.timeout_s))
    progress = _Progress(estimate(paths)) if sys.stderr.isatty() else None
    try:
        results = ingest_paths(
            conn,
            db_path,
            paths,
            options=options,
            jobs=settings.jobs or os.cpu_count() or 1,
            source_url=settings.source_url,
            limits=limits,
            on_start=progress.started if progress else None,
            budget=budget,
            follow_links=settings.follow_symlinks,
        )
        for result in results:
            if progress:
                progress.finished()
            if result.status == "error":
                _line(f"error: {printable(result.path)}: {printable(result.error or '')}", progress)
            elif result.note:
                _line(f"note: {printable(result.path)}: {printable(result.note)}", progress)
            yield result
    finally:
        if progress:
            progress.stop()
        conn.close()


def exit_code(results: list[IngestResult]) -> ExitCode:
    """OK when every input succeeded, PARTIAL when some failed, FAILED when all did (skipped files do not count)."""
    inputs = [r for r in results if r.status != "skipped"]  # a README beside the documents is not an input
    return outcome(sum(1 for r in inputs if r.status == "error"), len(inputs))


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = None,
    jobs: JobsOption = None,  # type: ignore[assignment]
    password: PasswordOption = None,
    source_url: SourceUrlOption = None,
    max_size_mb: MaxSizeOption = 512,
    ocr: OcrOption = AUTO,
    max_memory_mb: MaxMemoryOption = DEFAULT_MEMORY_MB,
    timeout_s: TimeoutOption = DEFAULT_SECONDS,
    follow_symlinks: FollowOption = False,
    max_megapixels: MegapixelsOption = DEFAULT_MEGAPIXELS,
    fmt: FormatOption = Format.table,
) -> None:
    """Store documents: original bytes, page text (text layer or OCR), names and provenance.

    Re-ingesting stored bytes only updates last-seen and adds the new name. Unreadable files get one error line
    each and the run goes on; each file is read in its own worker process, bounded by --max-memory-mb and
    --timeout-s. Exit code 3 when some inputs failed, 4 when all did (or the store could not be written).
    """
    settings = IngestSettings(
        jobs, password, source_url, max_size_mb, ocr, max_memory_mb, timeout_s, follow_symlinks, max_megapixels
    )
    results = []
    for result in run_ingest(db, paths, settings):
        results.append(result)
        if fmt is Format.jsonl:
            emit([_row(result)], fmt)
    if fmt is Format.json:
        emit([_row(r) for r in results], fmt)
    elif fmt is Format.table:
        counts = {s: sum(1 for r in results if r.status == s) for s in ("new", "seen", "error", "skipped")}
        pages = sum(r.pages for r in results)
        skipped = f", {counts['skipped']} skipped (not documents)" if counts["skipped"] else ""
        print(
            f"{counts['new']} new ({pages} pages), {counts['seen']} already stored, {counts['error']} failed{skipped}"
        )
    raise typer.Exit(exit_code(results))


def _row(result: IngestResult) -> dict[str, object]:
    return {
        "file": result.path,
        "sha256": result.sha256,
        "status": result.status,
        "pages": result.pages,
        "error": result.error,
        "note": result.note,
    }


def _line(line: str, progress: _Progress | None) -> None:
    if progress:
        progress.console.print(line, markup=False, highlight=False)
    else:
        print(line, file=sys.stderr)


class _Progress:
    """A rich progress bar on stderr counting files as they finish, against a total counted before the first one
    (so the bar does not run away as files are found)."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=self.console,
            transient=True,
        )
        self.task = self.bar.add_task("", total=max(1, total))
        self.done = 0
        self.bar.start()

    def started(self, source: Source) -> None:
        self.bar.update(self.task, description=printable(source.name[:40]))

    def finished(self) -> None:
        self.done += 1
        if self.done > (self.bar.tasks[0].total or 0):  # more than counted (a file added meanwhile)
            self.bar.update(self.task, total=self.done)
        self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()
