"""`oversight scan` and `oversight rescan`: find surveillance capabilities in documents, with page-cited quotes.

Each stored document goes through the ANALYSERS in turn; each turns it into output records (dicts with a
"type"). Another stage adds its records to the same command by appending its analyser to ANALYSERS.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from oversight.cli.app import app
from oversight.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    DbOption,
    Format,
    FormatOption,
    emit,
    open_store,
    print_table,
)
from oversight.cli.ingest import (
    DEFAULT_MEGAPIXELS,
    FollowOption,
    IngestSettings,
    JobsOption,
    MaxMemoryOption,
    MaxSizeOption,
    MegapixelsOption,
    OcrOption,
    PasswordOption,
    PathsArgument,
    SourceUrlOption,
    TimeoutOption,
    exit_code,
    run_ingest,
)
from oversight.cli.summary import ScanCounts, summary_lines
from oversight.ingest.ocr_engines import AUTO
from oversight.ingest.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS
from oversight.text.terminal import printable

NEXT_STEP = "oversight report --all -o report (or oversight serve to review)"
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Table output: list every finding and party.")]

TABLE_COLUMNS = {
    "finding": ["file", "page", "severity", "category", "quote", "rule"],
    "entity": ["file", "page", "kind", "text", "name", "listed", "lists"],
}


def _for_people(record: dict[str, Any]) -> dict[str, Any]:
    """Table cells: the file's name, the rule's term, quotes on one line."""
    shown = {k: (v.replace("\r", "").replace("\n", " ") if isinstance(v, str) else v) for k, v in record.items()}
    shown["file"] = Path(str(record.get("file", ""))).name
    if record["type"] == "finding":
        shown["rule"] = str(record["rule"]).split("/", 1)[-1]
    return shown


class _Output:
    """Streams JSON lines as documents finish; collects rows for json output and the summary (tables with `full`)."""

    def __init__(self, fmt: Format, full: bool = False) -> None:
        self.fmt = fmt
        self.full = full
        self.rows: list[dict[str, Any]] = []

    def add(self, records: Iterable[dict[str, Any]]) -> None:
        records = list(records)
        if self.fmt is Format.jsonl:
            emit(records, self.fmt)
        else:
            self.rows.extend(records)

    def close(self, counts: ScanCounts) -> None:
        from oversight.detect.taxonomy import severities

        if self.fmt is Format.json:
            emit(self.rows, self.fmt)
        elif self.fmt is Format.table:
            if self.full:
                self._tables()
            found = [r for r in self.rows if r["type"] != "error"]
            step = NEXT_STEP + ("" if self.full else "; every finding and party: add --all or -v")
            print("\n".join(printable(line) for line in summary_lines(counts, found, severities(), step)))

    def _tables(self) -> None:
        kinds = [k for k in dict.fromkeys(r["type"] for r in self.rows) if k != "error"]
        for kind in kinds:
            rows = [_for_people(r) for r in self.rows if r["type"] == kind]
            columns = TABLE_COLUMNS.get(kind) or [k for k in rows[0] if k not in ("type", "sha256")]
            print_table(rows, columns, title="entities" if kind == "entity" else f"{kind}s")


@app.command()
def scan(
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
    queued: Annotated[
        bool,
        typer.Option("--queue", help="Store the originals and queue one job per new document for `oversight worker`."),
    ] = False,
    every: Annotated[bool, typer.Option("--all", help="Table output: list every finding and party.")] = False,
    verbose: VerboseOption = False,
) -> None:
    """Ingest what is not stored yet, then report the surveillance capabilities each document describes.

    For a person (--format table) it prints a summary: documents new, already stored and failed, findings by
    severity, the documents to read first, the listed parties named and the command to run next; --all or -v
    adds the tables of every finding and party.

    A finding names its category (ethnicity, religion, detention: critical; person-tracking, phone-surveillance,
    biometrics, emotion: high; face-recognition, vehicle-tracking: medium), the 1-based page, the rule of the
    taxonomy that fired and the exact quote from the page's raw text with its offsets. An export-control finding
    (high) quotes a US-origin chip in a document whose vendor or buyer is a listed party, and names both. Documents
    scanned by an older taxonomy are scanned again. --format jsonl prints one object per line: {"type": "finding", ...},
    {"type": "entity", "kind": "vendor"|"chip"|"buyer", "text", "name", "listed", "lists", "score", "via", ...}
    for each party or chip named (screened against the loaded watchlists), or
    {"type": "error", "file": ..., "error": ...} for a file that could not be read. Exit code 3 when some inputs
    failed, 4 when all did. With --queue (a PostgreSQL store) the documents are only queued; `oversight queue`
    shows their progress.
    """
    from oversight.pipeline.analyse import Analysers
    from oversight.pipeline.scan import analysed_lines

    if queued:
        _enqueue(db, paths, source_url, max_size_mb, ocr, fmt)
    conn = open_store(db)
    analysers = Analysers.from_store(conn)
    out = _Output(fmt, every or verbose)
    results = []
    try:
        settings = IngestSettings(
            jobs, password, source_url, max_size_mb, ocr, max_memory_mb, timeout_s, follow_symlinks
        )
        for result in run_ingest(db, paths, settings):
            results.append(result)
            if result.status == "skipped":
                continue
            if result.status == "error" or result.document_id is None:
                out.add([{"type": "error", "file": result.path, "error": result.error}])
                continue
            out.add(analysed_lines(conn, result.path, result.document_id, analysers))
    finally:
        conn.close()
    statuses = Counter(r.status for r in results)
    skipped = [r.path for r in results if r.status == "skipped"]
    out.close(ScanCounts(new=statuses["new"], seen=statuses["seen"], failed=statuses["error"], skipped=skipped))
    raise typer.Exit(exit_code(results))


def _enqueue(
    db: str | None, paths: list[Path], source_url: str | None, max_size_mb: int, ocr: str, fmt: Format
) -> None:
    from oversight.ingest.sources import Limits
    from oversight.pipeline.queue import enqueue_paths
    from oversight.store.db import resolve_target

    limits = Limits(max_file_bytes=max_size_mb * 1024 * 1024)
    items = list(enqueue_paths(resolve_target(db), paths, source_url=source_url, ocr=ocr, limits=limits))
    for item in items:
        if item.status == "error":
            print(f"error: {item.path}: {item.error}", file=sys.stderr)
        elif item.status == "skipped":
            print(f"note: {item.path}: {item.error}", file=sys.stderr)
    rows = [{"file": i.path, "sha256": i.sha256, "status": i.status, "error": i.error} for i in items]
    if fmt is Format.table:
        counts = {s: sum(1 for i in items if i.status == s) for s in ("queued", "seen", "error", "skipped")}
        skipped = f", {counts['skipped']} skipped (not documents)" if counts["skipped"] else ""
        print(f"{counts['queued']} queued, {counts['seen']} already stored, {counts['error']} failed{skipped}")
    else:
        emit(rows, fmt)
    failed = sum(1 for i in items if i.status == "error")
    inputs = sum(1 for i in items if i.status != "skipped")
    raise typer.Exit(EXIT_OK if not failed else EXIT_FAILED if failed == inputs else EXIT_PARTIAL)


@app.command()
def rescan(
    every: Annotated[bool, typer.Option("--all", help="Scan every stored document, not only stale ones.")] = False,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
    verbose: VerboseOption = False,
) -> None:
    """Analyse stored documents again after a taxonomy, extraction-data or watchlist change; report as `scan`.

    Without --all only documents that some analyser has not analysed at its current version are analysed again,
    by those analysers (a new taxonomy re-runs detection, a newly loaded list re-screens the parties). Output is
    as for `scan`; `file` is the path the document was first stored under.
    """
    from oversight.pipeline.scan import rescan as rescan_documents
    from oversight.store import documents

    conn = open_store(db)
    out = _Output(fmt, verbose)
    count = 0
    try:
        for records in rescan_documents(conn, documents.ids(conn) if every else None):
            out.add(records)
            count += 1
    finally:
        conn.close()
    out.close(ScanCounts(seen=count))
    raise typer.Exit(EXIT_OK)
