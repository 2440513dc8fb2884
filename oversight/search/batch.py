"""Batch search: a list of names or terms, one per line, each searched on its own, as one table of hits per line.

An investigator pastes a list (the vendors of a sanctions designation, the model numbers of a product line) and
sees at once which ones the documents name, where and how often. A line that cannot be searched gets its error
in its row; the rest still run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from oversight.errors import OversightError
from oversight.search.engine import DocumentHits, run
from oversight.search.filters import Filters

MAX_LINES = 1000  # lines one batch may hold


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One input line's results: counts over all matching pages, and its best documents."""

    line: int  # 1-based line number in the input
    text: str
    pages: int = 0
    documents: int = 0
    capped: bool = False
    top: list[DocumentHits] = field(default_factory=list)
    also_searched: tuple[str, ...] = ()  # other names of the party the line names
    error: str | None = None


def terms(lines: Iterable[str]) -> list[tuple[int, str]]:
    """(line number, text) of every line to search: blank lines and lines starting with # are skipped."""
    found = [(number, line.strip()) for number, line in enumerate(lines, 1)]
    kept = [(number, text) for number, text in found if text and not text.startswith("#")]
    if len(kept) > MAX_LINES:
        raise OversightError(f"a batch holds at most {MAX_LINES} lines; this one has {len(kept)}")
    return kept


def run_batch(
    conn: sqlite3.Connection,
    lines: Iterable[str],
    filters: Filters = Filters(),
    per_line: int = 5,
    expand: bool = True,
) -> list[BatchLine]:
    """Search every line of `lines` (see `terms`); each row keeps its `per_line` best pages grouped by document."""
    out = []
    for number, text in terms(lines):
        try:
            results = run(conn, text, filters, per_line, expand)
        except OversightError as error:
            out.append(BatchLine(number, text, error=str(error)))
            continue
        also = tuple(name for _, names in (results.query.expansions if results.query else ()) for name in names)
        out.append(
            BatchLine(
                number, text, results.candidates, results.documents_matched, results.capped, results.documents(), also
            )
        )
    return out
