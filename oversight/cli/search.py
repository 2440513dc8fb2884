"""`oversight search`: find pages by their text, grouped by document, each quoted with its matches highlighted."""

from __future__ import annotations

import re
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, Format, FormatOption, emit, fail, open_store, print_table
from oversight.search.limits import MAX_LIMIT, RANK_CAP
from oversight.text.terminal import printable

if TYPE_CHECKING:  # the engine loads numpy and the token tables: imported by the command, not by --help
    from rich.text import Text

    from oversight.search.batch import BatchLine
    from oversight.search.engine import DocumentHits, Hit, Results
    from oversight.search.filters import Filters
    from oversight.search.snippets import Snippet

_DATE = ["%Y-%m-%d"]
_SPACES = re.compile(r"\s+")
_TOP_IN_BATCH = 3  # documents shown per batch line in table output


@app.command()
def search(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="QUERY", help="Terms to find; quote a phrase: '\"face recognition\" 海康'.", show_default=False
        ),
    ] = None,
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
        typer.Option("--since", formats=_DATE, help="Only notices dated on or after this date (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option("--until", formats=_DATE, help="Only notices dated on or before this date (YYYY-MM-DD)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="Only documents of this kind: award, tender, specification, ... (repeatable)."),
    ] = None,
    stored_since: Annotated[
        datetime | None,
        typer.Option("--stored-since", formats=_DATE, help="Only documents first stored on or after this date."),
    ] = None,
    stored_until: Annotated[
        datetime | None,
        typer.Option("--stored-until", formats=_DATE, help="Only documents first stored on or before this date."),
    ] = None,
    exact: Annotated[
        bool, typer.Option("--exact", help="Search the terms as typed: do not add the other names of a party.")
    ] = False,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="Search every line of this file (- for standard input); one row per line."),
    ] = None,
    save: Annotated[str | None, typer.Option("--save", help="Save this query and its filters under a name.")] = None,
    saved: Annotated[str | None, typer.Option("--saved", help="Run the search saved under this name.")] = None,
    list_saved: Annotated[bool, typer.Option("--list-saved", help="List the saved searches and stop.")] = False,
    forget: Annotated[str | None, typer.Option("--forget", help="Delete the saved search of this name.")] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            max=MAX_LIMIT,
            help=f"How many pages to show (at most {MAX_LIMIT}; per line with --batch).",
        ),
    ] = 20,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Search the text of stored pages; print the best pages, grouped by document, with file, sha256, page and quote.

    Chinese is indexed as pairs of characters, so one- and two-character terms (维, 海康, 维族) work, and a
    Chinese term matches as a phrase even where the page breaks a line inside it. Traditional and simplified
    script, full- and half-width forms and upper and lower case all match each other. Terms separated by spaces
    must all occur; OR between two terms accepts either ("海康 OR 大华 摄像机"); double quotes make a phrase;
    NOT term (or -term inside a quoted query) leaves out pages that have it; a trailing * makes a prefix (DS-2CD*).

    A term that is the name of a party (on a loaded watchlist, in the built-in reference list, or extracted from
    the documents) also finds the party's other names in any script: Hikvision finds 海康威视; a note says which
    names were added (--exact or quotes turn this off). --since/--until filter on the date the notice states
    (extracted at scan time), --stored-since/--stored-until on the day the file was stored.

    Pages are ranked by bm25, with pages holding a detected capability boosted. When a term is so common that
    thousands of pages match, only the most recently stored of them are ranked, and a note says so. Quotes are
    cut from the raw page text; in table output matches are bold on a terminal and **marked** otherwise.
    --format json gives for each page: rank, score, file, sha256, document_id, page, label, title, kind,
    document_date, snippet (exact raw text), snippet_start (its offset in the page's raw text), matches ([start,
    end) offsets into snippet) and findings (categories on the page).

    --batch FILE searches each line of FILE (blank lines and # comments skipped) and prints one row per line:
    pages and documents matched, the best documents and the other names searched. --save NAME stores the query
    and filters; --saved NAME runs them again; --list-saved and --forget NAME manage them.
    """
    from oversight.search.batch import run_batch
    from oversight.search.engine import run
    from oversight.search.filters import Filters, notices
    from oversight.store import saved_searches

    filters = Filters(
        categories=tuple(category or ()),
        severity=severity,
        vendors=tuple(vendor or ()),
        listed=listed,
        buyers=tuple(buyer or ()),
        since=since.date() if since else None,
        until=until.date() if until else None,
        kinds=tuple(kind or ()),
        stored_since=stored_since.date() if stored_since else None,
        stored_until=stored_until.date() if stored_until else None,
    )
    conn = open_store(db)
    try:
        if list_saved or forget:
            _manage_saved(conn, forget, fmt)
            return
        if batch is not None:
            if query or saved:
                raise fail("give either --batch FILE or a query, not both")
            _print_batch(run_batch(conn, _read_lines(batch), filters, limit, not exact), fmt)
            return
        text, filters = _query(conn, query, saved, filters)
        results = run(conn, text, filters, limit, not exact)
        warnings = notices(conn, filters) if not results.hits else []
        if save:
            saved_searches.save(conn, save, text, filters.to_dict())
    finally:
        conn.close()
    _print_results(results, fmt)
    for warning in warnings:
        print(f"note: {warning}", file=sys.stderr)
    if save:
        print(f"saved as {save!r} (run it again with --saved {save})", file=sys.stderr)


def _query(
    conn: sqlite3.Connection, query: list[str] | None, saved: str | None, filters: Filters
) -> tuple[str, Filters]:
    """The query text and filters to run: as typed, or as saved under a name."""
    from oversight.search.filters import Filters
    from oversight.store import saved_searches

    if saved is None:
        if not query:
            raise fail("give a query, --batch FILE, --saved NAME or --list-saved")
        return " ".join(query), filters
    if query or filters != Filters():
        raise fail("--saved runs the saved query with its saved filters; give no query or filters with it")
    found = saved_searches.get(conn, saved)
    if found is None:
        names = ", ".join(s.name for s in saved_searches.all_saved(conn)) or "none saved yet"
        raise fail(f"no saved search called {saved!r} ({names})")
    return found.query, Filters.from_dict(found.filters)


def _manage_saved(conn: sqlite3.Connection, forget: str | None, fmt: Format) -> None:
    from oversight.store import saved_searches

    if forget is not None:
        if not saved_searches.delete(conn, forget):
            raise fail(f"no saved search called {forget!r}")
        print(f"forgot {forget!r}", file=sys.stderr)
        return
    found = saved_searches.all_saved(conn)
    rows = [{"name": s.name, "query": s.query, "filters": s.filters, "updated": s.updated_at[:19]} for s in found]
    if fmt is Format.table:
        shown = [{**row, "filters": _filters_text(s.filters)} for row, s in zip(rows, found)]
        print_table(shown, ["name", "query", "filters", "updated"])
    else:
        emit(rows, fmt)


def _filters_text(filters: dict[str, Any]) -> str:
    return " ".join(
        f"--{k.replace('_', '-')} {','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in filters.items()
    )


def _read_lines(path: Path) -> list[str]:
    if str(path) == "-":
        return sys.stdin.read().splitlines()
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"{path}: cannot read the batch file ({error.__class__.__name__}: {error})") from None


def _print_results(results: Results, fmt: Format) -> None:
    if fmt is Format.table:
        _print_documents(results.documents())
    else:
        emit([_row(rank, hit) for rank, hit in enumerate(results.hits, 1)], fmt)
    for typed, names in results.query.expansions if results.query else ():
        also = printable(f"{typed} also searched as: {', '.join(names)}")
        print(f"note: {also} (--exact to search it alone)", file=sys.stderr)
    if results.capped:
        print(
            f"note: more than {RANK_CAP} pages match; ranked the {RANK_CAP} most recently stored "
            "(add terms or filters to narrow)",
            file=sys.stderr,
        )
    elif fmt is Format.table:
        pages, documents = results.candidates, results.documents_matched
        print(
            f"{pages} page{'s' if pages != 1 else ''} matched in {documents} document{'s' if documents != 1 else ''}",
            file=sys.stderr,
        )


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
        "title": hit.title,
        "kind": hit.kind,
        "document_date": hit.document_date,
        "snippet": quote.text,
        "snippet_start": quote.start,
        "matches": [list(m) for m in quote.matches],
        "findings": list(hit.categories),
    }


def _print_documents(groups: list[DocumentHits]) -> None:
    """A heading per document (rank, file, kind and date, sha256, title), then each page with its quote."""
    from rich.console import Console

    console = Console(highlight=False)
    for rank, group in enumerate(groups, 1):
        about = ", ".join(v for v in (group.kind, group.document_date) if v)
        heading = f"{rank}. {group.name}" + (f"  ({about})" if about else "") + f"  {group.sha256[:12]}"
        console.print(printable(heading), style="bold", markup=False)
        if group.title:
            console.print(f"   {_flat(group.title)}", markup=False)
        for hit in group.hits:
            label = f" ({hit.label})" if hit.label else ""
            findings = f"  findings: {', '.join(hit.categories)}" if hit.categories else ""
            console.print(printable(f"   page {hit.page}{label}  score {hit.score:.2f}{findings}"), markup=False)
            console.print(_highlight(hit.snippet, console.is_terminal), soft_wrap=True)


def _print_batch(lines: list[BatchLine], fmt: Format) -> None:
    if fmt is not Format.table:
        emit([_batch_row(line) for line in lines], fmt)
        return
    rows = [
        {
            "line": line.line,
            "query": line.text,
            "documents": line.documents if line.error is None else "",
            "pages": (f"{line.pages}+" if line.capped else line.pages) if line.error is None else "",
            "best documents": line.error
            or "; ".join(f"{g.name} p. {', '.join(str(h.page) for h in g.hits)}" for g in line.top[:_TOP_IN_BATCH]),
            "also searched": ", ".join(line.also_searched),
        }
        for line in lines
    ]
    print_table(rows, ["line", "query", "documents", "pages", "best documents", "also searched"])
    found = sum(1 for line in lines if line.documents)
    print(f"{found} of {len(lines)} lines found in the documents", file=sys.stderr)


def _batch_row(line: BatchLine) -> dict[str, Any]:
    return {
        "line": line.line,
        "query": line.text,
        "pages": line.pages,
        "documents": line.documents,
        "capped": line.capped,
        "also_searched": list(line.also_searched),
        "error": line.error,
        "top": [
            {
                "file": g.name,
                "sha256": g.sha256,
                "title": g.title,
                "document_date": g.document_date,
                "pages": [{"page": h.page, "snippet": h.snippet.text} for h in g.hits],
            }
            for g in line.top
        ],
    }


def _highlight(quote: Snippet, terminal: bool) -> Text:
    """The quote on one line, matches bold on a terminal and **marked** otherwise, elided ends shown as …"""
    from rich.text import Text

    text = Text("      " + ("…" if quote.start else ""))
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
