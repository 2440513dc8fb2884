"""Run a search: bring the index up to date, match and rank pages, quote each hit.

Ranking is FTS5's bm25 (term frequency against page length and how rare the term is across pages), multiplied by
FINDINGS_BOOST for a page on which detection found a capability, so evidence pages come first among equally good
text matches. bm25 is computed per matching page, which for a term on most pages of a large store costs more than
the search itself, so ranking looks at the RANK_CAP most recently stored matching pages (filters apply before the
cap); `Results.capped` says when that happened. A term that common ranks flat anyway: its idf is near zero.

`run` is the whole search as the CLI and the web app make it: aliases brought up to date, the text parsed with
entity-aware expansion, pages ranked; `Results.documents()` groups the pages by document, best document first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import partial
from typing import Any

from oversight.entities.notice_version import version
from oversight.search import aliases, index
from oversight.search.filters import Filters, conditions
from oversight.search.limits import MAX_LIMIT, RANK_CAP
from oversight.search.query import Query, parse
from oversight.search.results import FINDINGS_BOOST, DocumentHits, Hit, Results, hits_at
from oversight.store import notices
from oversight.store.db import is_postgresql


def run(
    conn: sqlite3.Connection, text: str, filters: Filters = Filters(), limit: int = 20, expand: bool = True
) -> Results:
    """Search for `text` as typed (entity-aware unless `expand` is False); raises QueryError or FilterError."""
    lookup = None
    if expand:
        aliases.refresh(conn)
        lookup = partial(aliases.lookup, conn)
    query = parse(text, lookup)
    results = search(conn, query, filters, limit)
    return Results(results.hits, results.candidates, results.capped, query, results.documents_matched)


def search(conn: sqlite3.Connection, query: Query, filters: Filters = Filters(), limit: int = 20) -> Results:
    """The `limit` best pages for `query` under `filters` (never more than the RANK_CAP pages ranked)."""
    limit = min(limit, RANK_CAP)
    if is_postgresql(conn):
        from oversight.search import postgres

        return postgres.search(conn, query, filters, limit)
    index.update(conn)
    if filters.by_notice:
        notices.refresh(conn, _stored_form, version())
    where, params = conditions(conn, filters)
    extra = "".join(f" AND {condition}" for condition in where)
    mask = index.PAGE_MASK
    rows = conn.execute(
        "SELECT key, score * CASE WHEN EXISTS (SELECT 1 FROM findings f WHERE f.document_id = key >> ? AND"
        f" f.page = key & {mask}) THEN ? ELSE 1.0 END AS ranked FROM ("
        "  SELECT rowid AS key, bm25(search_index) AS score FROM search_index"
        f"  WHERE search_index MATCH ?{extra} ORDER BY rowid DESC LIMIT ?)"
        " ORDER BY ranked",
        [index.KEY_SHIFT, FINDINGS_BOOST, query.match, *params, RANK_CAP + 1],
    ).fetchall()
    capped = len(rows) > RANK_CAP
    if capped:  # the extra row only tells that there are more: drop it (the oldest page)
        oldest = min(key for key, _ in rows)
        rows = [row for row in rows if row[0] != oldest]
    ranked = rows[: max(1, min(limit, MAX_LIMIT))]
    keys = [index.key_page(key)[0] for key, _ in ranked]
    notices.refresh(conn, _stored_form, version(), list(dict.fromkeys(keys)))
    about = notices.summaries(conn, keys)
    hits = hits_at(conn, [(key, -score) for key, score in ranked], query, about)
    matched = len({key >> index.KEY_SHIFT for key, _ in rows})
    return Results(hits, len(rows), capped, query, matched)


__all__ = ["FINDINGS_BOOST", "MAX_LIMIT", "RANK_CAP", "DocumentHits", "Hit", "Results", "run", "search"]


def _stored_form(pages: Sequence[tuple[int, str]]) -> dict[str, Any]:
    """The notice extractor, imported only when a notice must be extracted (see `notice_version`)."""
    from oversight.entities.notice import stored_form

    return stored_form(pages)
