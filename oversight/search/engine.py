"""Run a search: bring the index up to date, match and rank pages, quote each hit.

Ranking is FTS5's bm25 (term frequency against page length and how rare the term is across pages), multiplied by
FINDINGS_BOOST for a page on which detection found a capability, so evidence pages come first among equally good
text matches. bm25 is computed per matching page, which for a term on most pages of a large store costs more than
the search itself, so ranking looks at the RANK_CAP most recently stored matching pages (filters apply before the
cap); `Results.capped` says when that happened. A term that common ranks flat anyway: its idf is near zero.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from oversight.search import index
from oversight.search.filters import Filters, conditions
from oversight.search.query import Query
from oversight.search.snippets import Snippet, snippet

RANK_CAP = 5000
FINDINGS_BOOST = 1.5


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: int
    page: int
    score: float  # higher is better
    sha256: str
    name: str  # the file name the document first arrived under
    label: str | None
    snippet: Snippet
    categories: tuple[str, ...]  # finding categories on the page


@dataclass(frozen=True, slots=True)
class Results:
    hits: list[Hit]
    candidates: int  # pages ranked: all matching pages unless capped
    capped: bool  # more than RANK_CAP pages matched; only the most recent RANK_CAP were ranked


def search(conn: sqlite3.Connection, query: Query, filters: Filters = Filters(), limit: int = 20) -> Results:
    """The `limit` best pages for `query` under `filters` (never more than the RANK_CAP pages ranked)."""
    limit = min(limit, RANK_CAP)
    index.update(conn)
    where, params = conditions(conn, filters)
    extra = "".join(f" AND {condition}" for condition in where)
    mask = index.PAGE_MASK
    rows = conn.execute(
        "SELECT key, score * CASE WHEN EXISTS (SELECT 1 FROM findings f WHERE f.document_id = key >> ? AND"
        f" f.page = key & {mask}) THEN ? ELSE 1.0 END AS ranked, count(*) OVER () AS candidates FROM ("
        "  SELECT rowid AS key, bm25(search_index) AS score FROM search_index"
        f"  WHERE search_index MATCH ?{extra} ORDER BY rowid DESC LIMIT ?)"
        " ORDER BY ranked LIMIT ?",
        [index.KEY_SHIFT, FINDINGS_BOOST, query.match, *params, RANK_CAP + 1, limit],
    ).fetchall()
    hits = [hit for key, ranked, _ in rows if (hit := _hit(conn, key, -ranked, query)) is not None]
    candidates = rows[0][2] if rows else 0
    return Results(hits, min(candidates, RANK_CAP), candidates > RANK_CAP)


def _hit(conn: sqlite3.Connection, key: int, score: float, query: Query) -> Hit | None:
    """The page behind an index key, quoted; None if it was deleted since the index was updated."""
    document_id, number = index.key_page(key)
    page = conn.execute(
        "SELECT p.raw_text, p.norm_text, p.norm_map, p.label, d.sha256,"
        " (SELECT name FROM document_names n WHERE n.document_id = d.id ORDER BY first_seen, name"
        "  LIMIT 1) AS name"
        " FROM pages p JOIN documents d ON d.id = p.document_id"
        " WHERE p.document_id = ? AND p.number = ?",
        (document_id, number),
    ).fetchone()
    if page is None:
        return None
    categories = tuple(
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT category FROM findings WHERE document_id = ? AND page = ? ORDER BY category",
            (document_id, number),
        )
    )
    return Hit(
        document_id,
        number,
        score,
        page["sha256"],
        page["name"],
        page["label"],
        snippet(page["raw_text"], page["norm_text"], page["norm_map"], query.phrases),
        categories,
    )
