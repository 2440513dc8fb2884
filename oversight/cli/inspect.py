"""`oversight documents` and `oversight show`: look at what the store holds."""

from __future__ import annotations

from typing import Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, Format, FormatOption, emit, fail, open_store
from oversight.store import documents as store
from oversight.store.pages import rows as pages_of
from oversight.text.terminal import printable


@app.command()
def documents(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """List stored documents (id, sha256, names, pages, extraction methods) and files that failed to ingest."""
    conn = open_store(db)
    try:
        stored, failed = store.overview(conn), store.errors(conn)
    finally:
        conn.close()
    rows = [
        {
            "id": doc["id"],
            "sha256": doc["sha256"],
            "names": doc["names"],
            "media_type": doc["media_type"],
            "pages": doc["page_count"],
            "methods": doc["methods"],
            "size": doc["size"],
            "first_seen": doc["first_seen"],
            "last_seen": doc["last_seen"],
            "source_url": doc["source_url"],
            "error": None,
        }
        for doc in stored
    ]
    rows += [
        {
            "id": None,
            "sha256": err["sha256"],
            "names": [err["path"]],
            "media_type": None,
            "pages": 0,
            "methods": [],
            "size": None,
            "first_seen": err["at"],
            "last_seen": err["at"],
            "source_url": None,
            "error": err["error"],
        }
        for err in failed
    ]
    if fmt is Format.table:
        for row in rows:
            row["sha256"] = (row["sha256"] or "")[:12]
    emit(rows, fmt, columns=["id", "sha256", "names", "pages", "methods", "error"], title="documents")


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="A sha256 prefix or a file name the document arrived under.")],
    page: Annotated[int | None, typer.Option("--page", "-p", min=1, help="Only this page (1-based).")] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Print the raw text of a document's pages exactly as extracted (what quotes are taken from).

    On a terminal, control and bidirectional characters in the text are shown as escapes (\\x1b, \\u202e);
    --format json gives the text unchanged.
    """
    conn = open_store(db)
    try:
        matches = store.resolve(conn, doc)
        pages = pages_of(conn, matches[0]["id"], page) if len(matches) == 1 else []
    finally:
        conn.close()
    if not matches:
        raise fail(f"no stored document matches {doc!r} (try `oversight documents`)")
    if len(matches) > 1:
        raise fail(f"{doc!r} matches {len(matches)} documents; give more of the sha256")
    document = matches[0]
    if not pages:
        raise fail(f"document has {document['page_count']} pages; there is no page {page}")
    if fmt is Format.table:
        for row in pages:
            label = f" ({printable(row['label'])})" if row["label"] else ""
            print(f"--- page {row['number']}{label} · {printable(row['method'])} ---")
            print(printable(row["raw_text"], keep_lines=True))
        return
    emit(
        [
            {
                "sha256": document["sha256"],
                "page": r["number"],
                "label": r["label"],
                "method": r["method"],
                "ocr_confidence": r["ocr_confidence"],
                "text": r["raw_text"],
            }
            for r in pages
        ],
        fmt,
    )
