"""What a search returns: ranked pages (`Hit`), grouped by document (`DocumentHits`), and the quoting of a page
behind an index key, shared by the SQLite engine and the PostgreSQL one."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from oversight.search import index
from oversight.search.query import Query
from oversight.search.snippets import Snippet, snippet
from oversight.store.documents import DISPLAY_NAME

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


def hit_at(
    conn: sqlite3.Connection, key: int, score: float, query: Query, about: dict[int, dict[str, Any]]
) -> Hit | None:
    """The page behind an index key, quoted; None if it was deleted since the index was updated."""
    document_id, number = index.key_page(key)
    page = conn.execute(
        "SELECT p.raw_text, p.norm_text, p.norm_map, p.label, d.sha256,"
        f" {DISPLAY_NAME} AS name"
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
