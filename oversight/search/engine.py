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
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from oversight.entities.notice import stored_form, version
from oversight.search import aliases, index
from oversight.search.filters import Filters, conditions
from oversight.search.query import Query, parse
from oversight.search.snippets import Snippet, snippet
from oversight.store import notices

RANK_CAP = 5000
MAX_LIMIT = RANK_CAP  # no more pages can be returned than are ranked
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
    title: str | None = None  # the notice's title, kind and own date, where extracted
    kind: str | None = None
    document_date: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentHits:
    """One document's matching pages, best first; `score` is its best page's."""

    document_id: int
    sha256: str
    name: str
    title: str | None
    kind: str | None
    document_date: str | None
    score: float
    hits: list[Hit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Results:
    hits: list[Hit]
    candidates: int  # pages ranked: all matching pages unless capped
    capped: bool  # more than RANK_CAP pages matched; only the most recent RANK_CAP were ranked
    query: Query | None = None
    documents_matched: int = 0  # distinct documents among the ranked pages

    def documents(self) -> list[DocumentHits]:
        """The hits grouped by document, documents in the order of their best page."""
        groups: dict[int, DocumentHits] = {}
        for hit in self.hits:
            group = groups.get(hit.document_id)
            if group is None:
                group = groups[hit.document_id] = DocumentHits(
                    hit.document_id, hit.sha256, hit.name, hit.title, hit.kind, hit.document_date, hit.score
                )
            group.hits.append(hit)
        return list(groups.values())


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
    index.update(conn)
    if filters.by_notice:
        notices.refresh(conn, stored_form, version())
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
    notices.refresh(conn, stored_form, version(), list(dict.fromkeys(keys)))
    about = notices.summaries(conn, keys)
    hits = [hit for key, score in ranked if (hit := _hit(conn, key, -score, query, about)) is not None]
    matched = len({key >> index.KEY_SHIFT for key, _ in rows})
    return Results(hits, len(rows), capped, query, matched)


def _hit(
    conn: sqlite3.Connection, key: int, score: float, query: Query, about: dict[int, dict[str, Any]]
) -> Hit | None:
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
    notice = about.get(document_id, {})
    return Hit(
        document_id,
        number,
        score,
        page["sha256"],
        page["name"],
        page["label"],
        snippet(page["raw_text"], page["norm_text"], page["norm_map"], query.phrases),
        categories,
        notice.get("title"),
        notice.get("kind"),
        notice.get("document_date"),
    )
