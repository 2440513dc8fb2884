"""`oversight lists`: load watchlists into the store and show what is loaded."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, Format, FormatOption, emit, open_store
from oversight.errors import OversightError, outcome

lists_app = typer.Typer(no_args_is_help=False, add_completion=False)
app.add_typer(lists_app, name="lists")


@lists_app.callback(invoke_without_command=True)
def lists(ctx: typer.Context, db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Watchlists: without a subcommand, show what is loaded (entries, names, listed parties, links, dates).

    The curated reference list of surveillance-technology parties ships with oversight and is always loaded.
    """
    if ctx.invoked_subcommand is not None:
        return
    from oversight.screen.store import ensure_curated, sources

    conn = open_store(db)
    ensure_curated(conn)
    rows = [{**row, "sha256": row["sha256"][:12]} for row in sources(conn)]
    emit(
        rows,
        fmt,
        ["name", "format", "entry_count", "names", "listed", "links", "published", "loaded_at", "path", "sha256"],
        "Loaded watchlists",
    )


@lists_app.command("load")
def load(
    paths: Annotated[
        list[Path], typer.Argument(help="List files or folders (an OFAC SDN legacy CSV folder counts as one list).")
    ],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Load watchlists, detecting each format: OFAC SDN legacy CSV (folder with sdn.csv, add.csv, alt.csv), UN Security
    Council consolidated XML, US Consolidated Screening List CSV, OpenSanctions FollowTheMoney JSON lines, curated YAML.

    Loading the same content again changes nothing; a new version of a list replaces the old one. A malformed file is
    refused with one line naming file and line, and nothing of it is stored; the other files still load.
    """
    from oversight.screen.store import load_path

    conn = open_store(db)
    rows, failures = [], 0
    for path in paths:
        try:
            result = load_path(conn, path)
        except OversightError as exc:
            failures += 1
            print(f"error: {exc}", file=sys.stderr)
            continue
        rows.append(
            {
                "path": result.path,
                "list": result.source,
                "status": result.status,
                "entries": result.entries,
                "published": result.published,
            }
        )
    emit(rows, fmt, ["path", "list", "status", "entries", "published"], "Watchlists")
    raise typer.Exit(outcome(failures, len(paths)))
