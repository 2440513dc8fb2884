"""`oversight report`: the evidence report a reader opens in a browser (HTML), pastes (Markdown) or parses (JSON)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, fail, open_store
from oversight.errors import ExitCode

DocsArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Documents: sha256 prefixes or file names they arrived under.", show_default=False),
]
_FILE_SUFFIXES = (".html", ".htm", ".md", ".json", ".pdf", ".txt", ".csv")  # what a person may mean as one report file
AllOption = Annotated[bool, typer.Option("--all", help="Every stored document.")]


def select_documents(
    conn: sqlite3.Connection, refs: list[str] | None, every: bool, purpose: str
) -> tuple[list[int], int]:
    """Ids of the documents asked for, and the exit code to end with (3 when some references matched nothing).

    Prints one error line per reference that matched no document or several; raises when no document is left.
    """
    from oversight.report.gather import document_ids
    from oversight.store import documents as store

    if every:
        every_id = document_ids(conn)
        if not every_id:
            raise fail(f"no documents to {purpose}: the store is empty (run `oversight ingest` or `oversight scan`)")
        return every_id, ExitCode.OK
    if not refs:
        raise fail("name documents (sha256 prefix or file name) or give --all")
    ids: list[int] = []
    failed = 0
    for ref in refs:
        matches = store.resolve(conn, ref)
        if len(matches) != 1:
            failed += 1
            reason = (
                "no stored document matches it (try `oversight documents`)"
                if not matches
                else f"it matches {len(matches)} documents; give more of the sha256"
            )
            print(f"error: {ref}: {reason}", file=sys.stderr)
        elif matches[0]["id"] not in ids:
            ids.append(matches[0]["id"])
    if not ids:
        raise fail(f"no documents to {purpose}", code=ExitCode.FAILED)
    return ids, ExitCode.PARTIAL if failed else ExitCode.OK


@app.command()
def report(
    docs: DocsArgument = None,
    every: AllOption = False,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the report into (created if missing).")
    ] = Path("report"),
    images: Annotated[
        bool, typer.Option("--images/--no-images", help="Render page regions with each quote boxed.")
    ] = True,
    confirmed_only: Annotated[
        bool, typer.Option("--confirmed-only", help="Only findings a reviewer confirmed (oversight serve).")
    ] = False,
    show_paths: Annotated[
        bool,
        typer.Option("--show-paths", help="Print the paths files arrived under; by default only their file names."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Write an evidence report: index.html (corpus summary, charts, sortable table) plus one page per document.

    The document table lists 500 documents per page, most important first (index.html, then triage-2.html, ...);
    index.md and index.json list every document. Memory stays flat however many documents the store holds.

    Each document page shows what the document states (title, buyer, project number, dates, amounts), every
    finding with its severity, category, page and quote highlighted in context, an image of the page region with
    the quote boxed (PDF and scanned pages), the parties named and their screening result, and the chain of
    custody (sha256, file names, first-seen time). Markdown (.md) and JSON (.json) copies sit beside each HTML
    page. The HTML works offline and runs no code from documents. Prints the path of index.html.
    """
    if out.is_file() or out.suffix.lower() in _FILE_SUFFIXES:
        raise fail(f"--out takes a folder (the report is index.html plus a page per document), not {out}")
    from oversight.report.build import ReportOptions, build_report
    from oversight.store.db import blob_dir, resolve_target

    conn = open_store(db)
    ids, code = select_documents(conn, docs, every, "report on")
    options = ReportOptions(images=images, confirmed_only=confirmed_only, show_paths=show_paths)
    result = build_report(conn, blob_dir(resolve_target(db)), ids, out, options)
    for problem in result.problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{result.documents} documents, {result.findings} findings, {result.images} page images", file=sys.stderr)
    print(result.index.resolve())
    raise typer.Exit(code)
