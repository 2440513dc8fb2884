"""`oversight lists`: load watchlists into the store and show what is loaded."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, DbOption, Format, FormatOption, emit, open_store
from oversight.errors import OversightError

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
        for note in result.notes:
            print(f"note: {path}: {note}", file=sys.stderr)
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
    if rows:  # build the screening index once here, where lists change, so scans read it back (index_cache)
        from oversight.screen.screener import Screener

        Screener.from_store(conn)
    raise typer.Exit(EXIT_OK if not failures else EXIT_FAILED if failures == len(paths) else EXIT_PARTIAL)


@lists_app.command("update")
def update(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Sources to update (default: all configured: ofac-sdn, us-csl, un-sc, ...)."),
    ] = None,
    sources_file: Annotated[
        Path | None,
        typer.Option("--sources", help="Sources YAML (name, publisher, files: [url]) instead of the built-in one."),
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="Where list versions are kept [default: lists/ beside the store file, or beside $OVERSIGHT_BLOBS for PostgreSQL].",
        ),
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Fetch the current official lists (conditional requests; a new version only when the content changed), keep
    every downloaded version with its date and sha256, and load new versions into the store.

    A source that cannot be fetched is reported in one line and the others still update.
    """
    from oversight.screen import fetch
    from oversight.screen.store import load_path
    from oversight.store.db import blob_dir, resolve_target

    try:
        specs = fetch.sources(sources_file)
    except OversightError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(EXIT_FAILED) from None
    unknown = sorted(set(names or ()) - {s["name"] for s in specs})
    if unknown:
        print(
            f"error: unknown source {unknown[0]!r}; configured: {', '.join(s['name'] for s in specs)}", file=sys.stderr
        )
        raise typer.Exit(EXIT_FAILED)
    chosen = [s for s in specs if not names or s["name"] in names]
    root = folder or blob_dir(resolve_target(db)).parent / "lists"  # beside the store file, or the shared originals
    conn = open_store(db)
    rows, failures = [], 0
    for spec in chosen:
        try:
            got = fetch.update(spec, root)
            loaded = load_path(conn, got.path) if got.path is not None else None
        except OversightError as exc:
            failures += 1
            print(f"error: {exc}", file=sys.stderr)
            continue
        rows.append(
            {
                "source": spec["name"],
                "download": got.status,
                "version": got.fetched_at,
                "sha256": got.sha256[:12],
                "list": loaded.source if loaded else "",
                "store": loaded.status if loaded else "",
                "entries": loaded.entries if loaded else 0,
            }
        )
    emit(rows, fmt, ["source", "download", "version", "sha256", "list", "store", "entries"], "List updates")
    raise typer.Exit(EXIT_OK if not failures else EXIT_FAILED if failures == len(chosen) else EXIT_PARTIAL)
