"""`oversight export`: findings and entities as CSV or JSON lines, or everything as FollowTheMoney entities."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, fail, one_of, open_store
from oversight.cli.report import AllOption, DocsArgument, select_documents


def _format_names() -> tuple[str, ...]:
    from oversight.export.formats import EXPORTERS

    return EXPORTERS.names()


class Keep(str, Enum):
    not_rejected = "not-rejected"
    confirmed = "confirmed"
    all = "all"


class Style(str, Enum):
    csv = "csv"
    jsonl = "jsonl"


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        yield handle


@app.command()
def export(
    what: Annotated[
        str,
        typer.Argument(
            parser=one_of(_format_names),
            metavar="FORMAT",
            help="findings, entities, or ftm (FollowTheMoney entities, JSON lines).",
        ),
    ],
    docs: DocsArgument = None,
    every: AllOption = False,
    style: Annotated[
        Style, typer.Option("--format", "-f", help="csv or jsonl (ftm is always JSON lines).")
    ] = Style.jsonl,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write [default: standard output].")] = None,
    keep: Annotated[
        Keep,
        typer.Option(
            "--review", help="Which findings and parties to export by their review: not-rejected, confirmed or all."
        ),
    ] = Keep.not_rejected,
    db: DbOption = None,
) -> None:
    """Export findings or screened entities as CSV or JSON lines, or the evidence as FollowTheMoney entities.

    findings / entities: one row each, carrying the document's sha256, file name, title, buyer and date.
    ftm: entities that Aleph, OpenSanctions and nomenklatura load: documents and their pages, each finding as a
    Note on its page with the quote and its context, companies and public bodies, mentions with the page they
    are on, and contracts with their awards for award notices.

    Every row (and every FtM Note and party) carries its review: state (unreviewed, confirmed, rejected,
    needs-check), the reviewer's note, who and when, and the document's tags and star. By default findings and
    parties a reviewer rejected are left out (--review all keeps them, --review confirmed keeps only confirmed).

    CSV files start with a byte order mark so spreadsheets read Chinese correctly; cells that look like formulas
    are prefixed with an apostrophe.
    """
    from oversight.export.formats import EXPORTERS, ExportContext
    from oversight.export.review import ReviewFilter
    from oversight.report.gather import documents
    from oversight.report.view import Reviews
    from oversight.store.blobs import blob_path
    from oversight.store.db import blob_dir, resolve_target

    exporter = EXPORTERS.get(what)
    if style.value not in exporter.styles:
        raise fail(f"{what} is written as {' or '.join(exporter.styles)}; drop --format {style.value}")
    if out is not None and (out.is_dir() or str(out).endswith(("/", "\\"))):
        suffix = exporter.styles[0] if len(exporter.styles) == 1 else style.value
        raise fail(f"--out takes a file, and {out} is a folder (try --out {out / f'{what}.{suffix}'})")
    conn = open_store(db)
    ids, code = select_documents(conn, docs, every, "export")
    records = documents(conn, ids)
    reviews = ReviewFilter(Reviews.load(conn), keep.value)
    target = resolve_target(db)
    with _output(out) as handle:
        context = ExportContext(
            reviews, lambda sha256: blob_path(blob_dir(target), sha256), bom=handle is not sys.stdout
        )
        count = exporter.write(records, context, handle, style.value)
    print(f"{count} {exporter.unit} exported from {len(ids)} documents", file=sys.stderr)
    if reviews.left_out:
        left = ", ".join(f"{n} {subject}{'s' if n != 1 else ''}" for subject, n in sorted(reviews.left_out.items()))
        print(f"note: left out by review ({keep.value}): {left} (--review all keeps them)", file=sys.stderr)
    raise typer.Exit(code)
