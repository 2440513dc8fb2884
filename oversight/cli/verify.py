"""`oversight verify`: check that every stored original is still there, whole, with the bytes its hash names."""

from __future__ import annotations

import sys

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, open_store
from oversight.errors import ExitCode
from oversight.store import blobs, documents
from oversight.store.db import blob_dir, resolve_target
from oversight.text.terminal import printable


@app.command()
def verify(db: DbOption = None) -> None:
    """Hash every stored original and report any that is missing, cut short or damaged.

    A damaged original is moved to the blob folder's damaged/ subfolder; ingesting the same file again restores
    it (a missing or truncated one too). One error line per problem; exit code 3 when any was found.
    """
    conn = open_store(db)
    root = blob_dir(resolve_target(db))
    checked = problems = 0
    try:
        rows = documents.originals(conn)
    finally:
        conn.close()
    for sha256, size, path in rows:
        checked += 1
        problem = blobs.check(root, sha256, size)
        if problem is None:
            continue
        problems += 1
        if problem.startswith("damaged"):
            blobs.quarantine(root, sha256)
            problem += "; moved aside"
        line = f"error: {sha256[:12]} {path}: original {problem}; ingest the file again to restore it"
        print(printable(line), file=sys.stderr)
    print(f"{checked} originals checked, {problems} with problems")
    raise typer.Exit(ExitCode.PARTIAL if problems else ExitCode.OK)
