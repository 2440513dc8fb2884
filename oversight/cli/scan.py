"""`oversight scan` and `oversight rescan`: find surveillance capabilities in documents, with page-cited quotes.

Each stored document goes through the ANALYSERS in turn; each turns it into output records (dicts with a
"type"). Another stage adds its records to the same command by appending its analyser to ANALYSERS.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from oversight.cli.app import app
from oversight.cli.common import EXIT_OK, DbOption, Format, FormatOption, emit, open_store, print_table
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
from oversight.detect import load, scan_document
from oversight.detect.findings import stale
from oversight.detect.taxonomy import severities
from oversight.entities import notice
from oversight.entities.scanning import entity_lines
from oversight.ingest.ocr_engines import AUTO
from oversight.ingest.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS
from oversight.store import notices
from oversight.text.terminal import printable


@dataclass(frozen=True, slots=True)
class Target:
    """A stored document as the user named it."""

    file: str  # the path as given (or as first stored, for rescan)
    sha256: str
    document_id: int


Analyser = Callable[[sqlite3.Connection, Target, bool], Iterable[dict[str, Any]]]


def finding_records(conn: sqlite3.Connection, target: Target, force: bool) -> Iterable[dict[str, Any]]:
    """Detect capabilities (re-scanning only when the taxonomy changed, or when forced)."""
    for f in scan_document(conn, target.document_id, force=force):
        yield {
            "type": "finding",
            "file": target.file,
            "sha256": target.sha256,
            "page": f.page,
            "category": f.category,
            "severity": f.severity,
            "quote": f.quote,
            "start": f.start,
            "end": f.end,
            "rule": f.rule,
            "context": f.context,
            "quote_kind": f.quote_kind,
            "quotes": list(f.quotes),
        }


def notice_records(conn: sqlite3.Connection, target: Target, force: bool) -> Iterable[dict[str, Any]]:
    """Extract and store what the notice states about itself (title, kind, dates, amounts); prints nothing."""
    notices.refresh(conn, notice.stored_form, notice.version(), [target.document_id], force=force)
    return []


ANALYSERS: list[Analyser] = [finding_records, entity_lines, notice_records]

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


def _analyse(conn: sqlite3.Connection, target: Target, force: bool) -> list[dict[str, Any]]:
    return [record for analyser in ANALYSERS for record in analyser(conn, target, force)]


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
    failed, 4 when all did.
    """
    conn = open_store(db)
    out = _Output(fmt, every or verbose)
    results = []
    try:
        settings = IngestSettings(
            jobs, password, source_url, max_size_mb, ocr, max_memory_mb, timeout_s, follow_symlinks
        )
        for result in run_ingest(db, paths, settings):
            results.append(result)
            if result.status == "error" or result.document_id is None:
                out.add([{"type": "error", "file": result.path, "error": result.error}])
                continue
            out.add(_analyse(conn, Target(result.path, str(result.sha256), result.document_id), False))
    finally:
        conn.close()
    statuses = Counter(r.status for r in results)
    out.close(ScanCounts(new=statuses["new"], seen=statuses["seen"], failed=statuses["error"]))
    raise typer.Exit(exit_code(results))


@app.command()
def rescan(
    every: Annotated[bool, typer.Option("--all", help="Scan every stored document, not only stale ones.")] = False,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
    verbose: VerboseOption = False,
) -> None:
    """Scan stored documents again after a taxonomy change and report their findings.

    Without --all only documents never scanned, or scanned by another taxonomy version, are scanned. Output
    is as for `scan`; `file` is the path the document was first stored under.
    """
    conn = open_store(db)
    out = _Output(fmt, verbose)
    try:
        ids = (
            [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id")]
            if every
            else stale(conn, load().version)
        )
        for document_id in ids:
            out.add(_analyse(conn, _target(conn, document_id), True))
    finally:
        conn.close()
    out.close(ScanCounts(seen=len(ids)))
    raise typer.Exit(EXIT_OK)


def _target(conn: sqlite3.Connection, document_id: int) -> Target:
    row = conn.execute(
        "SELECT d.sha256, n.path FROM documents d JOIN document_names n ON n.document_id = d.id"
        " WHERE d.id = ? ORDER BY n.first_seen, n.path LIMIT 1",
        (document_id,),
    ).fetchone()
    return Target(row["path"], row["sha256"], document_id)


__all__ = ["ANALYSERS", "Analyser", "Target"]
