"""`oversight store copy`: move a store between backends (SQLite ⇄ PostgreSQL) without loss."""

from __future__ import annotations

from typing import Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import EXIT_OK, fail
from oversight.store.db import blob_dir, open_store

store_app = typer.Typer(help="Manage stores: copy one to another backend.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("copy")
def copy(
    source: Annotated[str, typer.Argument(help="The store to copy: an SQLite file or postgresql://… URL.")],
    target: Annotated[str, typer.Argument(help="An empty store to copy into: an SQLite file or postgresql://… URL.")],
) -> None:
    """Copy every document, page, finding, entity, watchlist and original into an empty store, then check that
    both stores hold the same facts. Originals go from the source's blob folder to the target's (for PostgreSQL:
    $OVERSIGHT_BLOBS). The search index is rebuilt by the target's first search."""
    from oversight.store.copy import CopyError, copy_store

    src, dst = open_store(source), open_store(target)
    try:
        result = copy_store(src, dst, blob_dir(source), blob_dir(target))
    except CopyError as exc:
        raise fail(str(exc)) from None
    finally:
        src.close()
        dst.close()
    rows = ", ".join(f"{count} {table}" for table, count in result.rows.items() if count)
    print(f"copied {rows}; {result.blobs} originals")
    raise typer.Exit(EXIT_OK)
