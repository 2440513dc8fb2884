"""What a search returns: ranked pages (`Hit`), grouped by document (`DocumentHits`), and the quoting of a page
behind an index key, shared by the SQLite engine and the PostgreSQL one."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from oversight.search import index
from oversight.search.query import Query
from oversight.search.snippets import Snippet, snippet
from oversight.store import findings as stored_findings
from oversight.store import pages as stored_pages

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


def hits_at(
    conn: sqlite3.Connection, ranked: Sequence[tuple[int, float]], query: Query, about: dict[int, dict[str, Any]]
) -> list[Hit]:
    """The pages behind ranked (index key, score) pairs, quoted, in rank order; a page deleted since the index was
    updated is left out. Two queries in all, whatever the number of hits."""
    keys = [index.key_page(key) for key, _ in ranked]
    pages = stored_pages.quotable(conn, keys)
    categories = stored_findings.categories_on(conn, keys)
    hits = []
    for (document_id, number), (_, score) in zip(keys, ranked):
        page = pages.get((document_id, number))
        if page is None:
            continue
        notice = about.get(document_id, {})
        hits.append(
            Hit(
                document_id,
                number,
                score,
                page["sha256"],
                page["name"],
                page["label"],
                snippet(page["raw_text"], page["norm_text"], page["norm_map"], query.phrases),
                categories.get((document_id, number), ()),
                notice.get("title"),
                notice.get("kind"),
                notice.get("document_date"),
            )
        )
    return hits
