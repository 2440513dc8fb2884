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
from oversight.cli.common import DbOption, fail, open_store
from oversight.cli.report import AllOption, DocsArgument, select_documents


class What(str, Enum):
    findings = "findings"
    entities = "entities"
    ftm = "ftm"


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
    what: Annotated[What, typer.Argument(help="findings, entities, or ftm (FollowTheMoney entities, JSON lines).")],
    docs: DocsArgument = None,
    every: AllOption = False,
    style: Annotated[
        Style, typer.Option("--format", "-f", help="csv or jsonl (ftm is always JSON lines).")
    ] = Style.jsonl,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write [default: standard output].")] = None,
    db: DbOption = None,
) -> None:
    """Export findings or screened entities as CSV or JSON lines, or the evidence as FollowTheMoney entities.

    findings / entities: one row each, carrying the document's sha256, file name, title, buyer and date.
    ftm: entities that Aleph, OpenSanctions and nomenklatura load: documents and their pages, companies and
    public bodies, mentions with the page they are on, and contracts with their awards for award notices.

    CSV files start with a byte order mark so spreadsheets read Chinese correctly; cells that look like formulas
    are prefixed with an apostrophe.
    """
    if what is What.ftm and style is Style.csv:
        raise fail("ftm is written as JSON lines; drop --format csv")
    from oversight.export.rows import ENTITY_COLUMNS, FINDING_COLUMNS, entity_rows, finding_rows
    from oversight.export.tabular import write_csv, write_jsonl
    from oversight.report.gather import documents
    from oversight.store.blobs import blob_path
    from oversight.store.db import blob_dir, resolve_path

    conn = open_store(db)
    ids, code = select_documents(conn, docs, every, "export")
    records = documents(conn, ids)
    with _output(out) as handle:
        if what is What.ftm:
            blobs = blob_dir(resolve_path(db))
            from oversight.export import ftm  # followthemoney takes ~1 s to import; only this path needs it

            count = ftm.write(ftm.FtmExporter(), ((d, blob_path(blobs, d.sha256)) for d in records), handle)
        else:
            rows_of = finding_rows if what is What.findings else entity_rows
            rows = (row for doc in records for row in rows_of(doc))
            if style is Style.csv:
                columns = FINDING_COLUMNS if what is What.findings else ENTITY_COLUMNS
                count = write_csv(rows, columns, handle, bom=handle is not sys.stdout)
            else:
                count = write_jsonl(rows, handle)
    print(
        f"{count} {'entities' if what is What.ftm else what.value} exported from {len(ids)} documents", file=sys.stderr
    )
    raise typer.Exit(code)
