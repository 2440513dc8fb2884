"""`oversight search`: find pages by their text, best first, each quoted with its matches highlighted."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.text import Text

from oversight.cli.app import app
from oversight.cli.common import DbOption, Format, FormatOption, emit, open_store
from oversight.search.engine import RANK_CAP, Hit
from oversight.search.engine import search as run_search
from oversight.search.filters import Filters, notices
from oversight.search.query import parse
from oversight.search.snippets import Snippet
from oversight.text.terminal import printable

_DATE = ["%Y-%m-%d"]
_SPACES = re.compile(r"\s+")


@app.command()
def search(
    query: Annotated[
        list[str], typer.Argument(metavar="QUERY", help="Terms to find; quote a phrase: '\"face recognition\" 海康'.")
    ],
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category", "-c", help="Only pages with a finding of this category (repeat for any of several)."
        ),
    ] = None,
    severity: Annotated[
        str | None,
        typer.Option(
            "--severity", "-s", help="Only pages with a finding at least this severe: critical, high or medium."
        ),
    ] = None,
    vendor: Annotated[
        list[str] | None,
        typer.Option("--vendor", help="Only documents naming a vendor with this name (repeat for any of several)."),
    ] = None,
    listed: Annotated[
        bool,
        typer.Option("--listed", help="Only documents naming a vendor on a watchlist (with --vendor: that vendor)."),
    ] = False,
    buyer: Annotated[
        list[str] | None,
        typer.Option("--buyer", help="Only documents naming a buyer with this name (repeat for any of several)."),
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option("--since", formats=_DATE, help="Only documents first stored on or after this date (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option("--until", formats=_DATE, help="Only documents first stored on or before this date (YYYY-MM-DD)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10000, help="How many pages to show.")] = 20,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Search the text of stored pages; print the best pages with file, sha256, page number and a quote.

    Every Chinese character is matched on its own, so one- and two-character terms (维, 海康, 维族) work, and a
    Chinese term matches as a phrase even where the page breaks a line inside it. Traditional and simplified
    script, full- and half-width forms and upper and lower case all match each other. Terms separated by spaces
    must all occur; OR between two terms accepts either ("海康 OR 大华 摄像机"); double quotes make a phrase.

    Pages are ranked by bm25, with pages holding a detected capability boosted. When a term is so common that
    thousands of pages match, only the most recently stored of them are ranked, and a note says so (add terms or
    filters to narrow). Quotes are cut from the raw page text; in table output matches are bold on a terminal and
    **marked** otherwise. --format json gives for each page: rank, score, file, sha256, document_id, page, label,
    snippet (exact raw text), snippet_start (its offset in the page's raw text), matches ([start, end) offsets
    into snippet) and findings (categories on the page).
    """
    filters = Filters(
        categories=tuple(category or ()),
        severity=severity,
        vendors=tuple(vendor or ()),
        listed=listed,
        buyers=tuple(buyer or ()),
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    parsed = parse(" ".join(query))
    conn = open_store(db)
    try:
        results = run_search(conn, parsed, filters, limit)
        warnings = notices(conn, filters) if not results.hits else []
    finally:
        conn.close()
    if fmt is Format.table:
        _print_hits(results.hits)
    else:
        emit([_row(rank, hit) for rank, hit in enumerate(results.hits, 1)], fmt)
    for warning in warnings:
        print(f"note: {warning}", file=sys.stderr)
    if results.capped:
        print(
            f"note: more than {RANK_CAP} pages match; ranked the {RANK_CAP} most recently stored "
            "(add terms or filters to narrow)",
            file=sys.stderr,
        )
    elif fmt is Format.table:
        print(f"{results.candidates} page{'s' if results.candidates != 1 else ''} matched", file=sys.stderr)


def _row(rank: int, hit: Hit) -> dict[str, Any]:
    quote = hit.snippet
    return {
        "rank": rank,
        "score": round(hit.score, 4),
        "file": hit.name,
        "sha256": hit.sha256,
        "document_id": hit.document_id,
        "page": hit.page,
        "label": hit.label,
        "snippet": quote.text,
        "snippet_start": quote.start,
        "matches": [list(m) for m in quote.matches],
        "findings": list(hit.categories),
    }


def _print_hits(hits: list[Hit]) -> None:
    """One heading line per page (rank, file, page, sha256, findings), then its quote with matches highlighted."""
    from rich.console import Console

    console = Console(highlight=False)
    for rank, hit in enumerate(hits, 1):
        label = f" ({hit.label})" if hit.label else ""
        findings = f"  findings: {', '.join(hit.categories)}" if hit.categories else ""
        heading = f"{rank}. {hit.name}  page {hit.page}{label}  {hit.sha256[:12]}  score {hit.score:.2f}{findings}"
        console.print(printable(heading), style="bold", markup=False)
        console.print(_highlight(hit.snippet, console.is_terminal), soft_wrap=True)


def _highlight(quote: Snippet, terminal: bool) -> Text:
    """The quote on one line, matches bold on a terminal and **marked** otherwise, elided ends shown as …"""
    text = Text("   " + ("…" if quote.start else ""))
    position = 0
    for start, end in quote.matches:
        text.append(_flat(quote.text[position:start]))
        match = _flat(quote.text[start:end])
        text.append(match, style="bold reverse") if terminal else text.append(f"**{match}**")
        position = end
    text.append(_flat(quote.text[position:]) + "…")
    return text


def _flat(text: str) -> str:
    """On one line, with control and bidirectional characters from the document shown as escapes."""
    return printable(_SPACES.sub(" ", text))
