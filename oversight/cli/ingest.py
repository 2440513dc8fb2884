"""`oversight ingest`: store documents and their page text."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, DbOption, Format, FormatOption, emit, open_store
from oversight.ingest.base import Options
from oversight.ingest.sources import Limits, Source
from oversight.pipeline.runner import IngestResult, ingest_paths
from oversight.pipeline.scan import Scanned, scan_paths
from oversight.store.db import resolve_target

PathsArgument = Annotated[list[Path], typer.Argument(help="Files, folders (recursive) and .zip archives.")]
JobsOption = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Parallel extraction workers [default: CPU count].")
]
PasswordOption = Annotated[str | None, typer.Option("--password", help="Password for encrypted PDFs.")]
SourceUrlOption = Annotated[
    str | None, typer.Option("--source-url", help="Where the files were published (kept as provenance).")
]
MaxSizeOption = Annotated[int, typer.Option("--max-size-mb", min=1, help="Refuse files larger than this.")]
OcrOption = Annotated[
    str, typer.Option("--ocr", help="OCR engine for pages without a text layer: auto, rapidocr or tesseract.")
]


def run_ingest(
    db: str | None,
    paths: list[Path],
    jobs: int | None,
    password: str | None,
    source_url: str | None,
    max_size_mb: int,
    ocr: str,
    *,
    analyse: bool = False,
) -> Iterator[Scanned]:
    """Shared by `ingest` and `scan` (`analyse`): a progress bar on a terminal, one stderr line per failure."""
    db_path = resolve_target(db)
    conn = open_store(db)
    options = Options(password=password, ocr_engine=ocr)
    limits = Limits(max_file_bytes=max_size_mb * 1024 * 1024)
    workers = jobs or os.cpu_count() or 1
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        on_start = progress.started if progress else None
        scanned: Iterator[Scanned] = (
            scan_paths(conn, db_path, paths, options, workers, source_url, limits, on_start)
            if analyse
            else (
                Scanned(r) for r in ingest_paths(conn, db_path, paths, options, workers, source_url, limits, on_start)
            )
        )
        for item in scanned:
            if progress:
                progress.finished()
            if item.result.status == "error":
                _error_line(item.result, progress)
            yield item
    finally:
        if progress:
            progress.stop()
        conn.close()


def exit_code(results: list[IngestResult]) -> int:
    """0 when every input succeeded, 3 when some failed, 4 when all did."""
    failed = sum(1 for r in results if r.status == "error")
    if not failed:
        return EXIT_OK
    return EXIT_FAILED if failed == len(results) else EXIT_PARTIAL


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = None,
    jobs: JobsOption = None,  # type: ignore[assignment]
    password: PasswordOption = None,
    source_url: SourceUrlOption = None,
    max_size_mb: MaxSizeOption = 512,
    ocr: OcrOption = "auto",
    fmt: FormatOption = Format.table,
) -> None:
    """Store documents: original bytes, page text (text layer or OCR), names and provenance.

    Re-ingesting stored bytes only updates last-seen and adds the new name. Unreadable files get one error line
    each and the run goes on. Exit code 3 when some inputs failed, 4 when all did.
    """
    results = []
    for scanned in run_ingest(db, paths, jobs, password, source_url, max_size_mb, ocr):
        result = scanned.result
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
