"""`oversight ingest`: store documents and their page text."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, Format, FormatOption, emit, open_store
from oversight.errors import ExitCode, outcome
from oversight.ingest.ocr_engines import AUTO, choices

if TYPE_CHECKING:
    from oversight.ingest.pipeline import IngestResult
    from oversight.ingest.sources import Source

PathsArgument = Annotated[list[Path], typer.Argument(help="Files, folders (recursive) and .zip archives.")]
JobsOption = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Parallel extraction workers [default: CPU count].")
]
PasswordOption = Annotated[str | None, typer.Option("--password", help="Password for encrypted PDFs.")]
SourceUrlOption = Annotated[
    str | None, typer.Option("--source-url", help="Where the files were published (kept as provenance).")
]
MaxSizeOption = Annotated[int, typer.Option("--max-size-mb", min=1, help="Refuse files larger than this.")]


def _ocr_engine(value: str) -> str:
    """--ocr checked when the command line is read, not when the first scanned page needs it."""
    if value not in choices():
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices())}")
    return value


OcrOption = Annotated[
    str,
    typer.Option(
        "--ocr",
        parser=_ocr_engine,
        metavar="[" + "|".join(choices()) + "]",
        help=f"OCR engine for pages without a text layer: {', '.join(choices())}.",
    ),
]


def run_ingest(
    db: str | None,
    paths: list[Path],
    jobs: int | None,
    password: str | None,
    source_url: str | None,
    max_size_mb: int,
    ocr: str,
) -> Iterator[IngestResult]:
    """Shared by `ingest` and `scan`: ingest with a progress bar on a terminal, one stderr line per failure."""
    from oversight.ingest.base import Options
    from oversight.ingest.pipeline import ingest_paths
    from oversight.ingest.sources import Limits
    from oversight.store.db import resolve_path

    db_path = resolve_path(db)
    conn = open_store(db)
    options = Options(password=password, ocr_engine=ocr)
    limits = Limits(max_file_bytes=max_size_mb * 1024 * 1024)
    workers = jobs or os.cpu_count() or 1
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        results = ingest_paths(
            conn,
            db_path,
            paths,
            options=options,
            jobs=workers,
            source_url=source_url,
            limits=limits,
            on_start=progress.started if progress else None,
        )
        for result in results:
            if progress:
                progress.finished()
            if result.status == "error":
                _error_line(result, progress)
            yield result
    finally:
        if progress:
            progress.stop()
        conn.close()


def exit_code(results: list[IngestResult]) -> ExitCode:
    """OK when every input succeeded, PARTIAL when some failed, FAILED when all did."""
    return outcome(sum(1 for r in results if r.status == "error"), len(results))


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = None,
    jobs: JobsOption = None,  # type: ignore[assignment]
    password: PasswordOption = None,
    source_url: SourceUrlOption = None,
    max_size_mb: MaxSizeOption = 512,
    ocr: OcrOption = AUTO,
    fmt: FormatOption = Format.table,
) -> None:
    """Store documents: original bytes, page text (text layer or OCR), names and provenance.

    Re-ingesting stored bytes only updates last-seen and adds the new name. Unreadable files get one error line
    each and the run goes on. Exit code 3 when some inputs failed, 4 when all did.
    """
    results = []
    for result in run_ingest(db, paths, jobs, password, source_url, max_size_mb, ocr):
        results.append(result)
        if fmt is Format.jsonl:
            emit([_row(result)], fmt)
    if fmt is Format.json:
        emit([_row(r) for r in results], fmt)
    elif fmt is Format.table:
        counts = {status: sum(1 for r in results if r.status == status) for status in ("new", "seen", "error")}
        pages = sum(r.pages for r in results)
        print(f"{counts['new']} new ({pages} pages), {counts['seen']} already stored, {counts['error']} failed")
    raise typer.Exit(exit_code(results))


def _row(result: IngestResult) -> dict[str, object]:
    return {
        "file": result.path,
        "sha256": result.sha256,
        "status": result.status,
        "pages": result.pages,
        "error": result.error,
    }


def _error_line(result: IngestResult, progress: _Progress | None) -> None:
    line = f"error: {result.path}: {result.error}"
    if progress:
        progress.console.print(line, markup=False, highlight=False)
    else:
        print(line, file=sys.stderr)


class _Progress:
    """A rich progress bar on stderr counting files as they finish."""

    def __init__(self) -> None:
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
        self.task = self.bar.add_task("", total=0)
        self.bar.start()

    def started(self, source: Source) -> None:
        self.bar.update(self.task, total=(self.bar.tasks[0].total or 0) + 1, description=source.name[:40])

    def finished(self) -> None:
        self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()
