"""Keep the full-text index in step with the stored pages.

Cutting Chinese into search tokens needs Python (see `tokens`), so pages cannot be indexed by a trigger as they
are stored. Instead `update` indexes the documents not indexed yet and replays the page changes that triggers
queued (migration 0005); `search` calls it before every query, and it costs two look-ups when nothing is pending.
Work goes in batches, each its own transaction, so an interrupted update loses nothing and a concurrent ingest
waits for at most one batch. If the tokeniser changes (new code, new OpenCC tables) the index is rebuilt, because
a contentless index can only drop a page given the exact tokens it was indexed with.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import groupby

from oversight.search import tokens
from oversight.store.db import Connection, transaction

KEY_SHIFT = 24  # index rowid = document_id << KEY_SHIFT | page number
PAGE_MASK = (1 << KEY_SHIFT) - 1
BATCH_PAGES = 2000
_PENDING = (
    "SELECT id, page_count FROM documents d WHERE NOT EXISTS "
    "(SELECT 1 FROM search_documents s WHERE s.document_id = d.id) ORDER BY id LIMIT ?"
)


def page_key(document_id: int, number: int) -> int:
    """The index rowid of a page."""
    return document_id << KEY_SHIFT | number


def key_page(key: int) -> tuple[int, int]:
    """(document_id, page number) of an index rowid."""
    return key >> KEY_SHIFT, key & PAGE_MASK


def update(conn: sqlite3.Connection) -> int:
    """Index every page not yet in the index; returns how many pages were (re)indexed."""
    stale = stale_scheme(conn)
    if not stale and not pending(conn):
        return 0
    if stale:
        _reset(conn)
    done = _replay_queue(conn)
    while True:
        with transaction(conn):
            batch = _next_documents(conn)
            if not batch:
                return done
            done += _index_documents(conn, batch)


def stale_scheme(conn: Connection) -> bool:
    """Whether the index was built with other tokens than this code makes (it must be built again)."""
    row = conn.execute("SELECT value FROM search_meta WHERE key = 'scheme'").fetchone()
    return row is None or row[0] != tokens.scheme()


def pending(conn: Connection) -> bool:
    """Whether changed pages or unindexed documents wait: the cheap check every search makes first."""
    return bool(
        conn.execute("SELECT EXISTS (SELECT 1 FROM search_queue)").fetchone()[0]
        or conn.execute(_PENDING, (1,)).fetchone()
    )


def _reset(conn: sqlite3.Connection) -> None:
    """Empty the index and record the current scheme; everything gets indexed again."""
    with transaction(conn):
        conn.execute("INSERT INTO search_index(search_index) VALUES ('delete-all')")
        conn.execute("DELETE FROM search_documents")
        conn.execute("DELETE FROM search_queue")
        conn.execute("INSERT OR REPLACE INTO search_meta(key, value) VALUES ('scheme', ?)", (tokens.scheme(),))


def _next_documents(conn: sqlite3.Connection) -> list[int]:
    """Ids of unindexed documents, up to about BATCH_PAGES pages (at least one document)."""
    batch: list[int] = []
    pages = 0
    for document_id, page_count in conn.execute(_PENDING, (BATCH_PAGES,)):
        if batch and pages + page_count > BATCH_PAGES:
            break
        batch.append(document_id)
        pages += page_count
    return batch


def _index_documents(conn: sqlite3.Connection, ids: list[int]) -> int:
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT document_id, number, norm_text FROM pages WHERE document_id IN ({marks}) AND number <= {PAGE_MASK}",
        ids,
    ).fetchall()
    _insert(conn, [(page_key(r[0], r[1]), r[2]) for r in rows])
    conn.executemany("INSERT INTO search_documents(document_id) VALUES (?)", [(i,) for i in ids])
    return len(rows)


def _insert(conn: sqlite3.Connection, pages: list[tuple[int, str]]) -> None:
    bodies = tokens.index_texts([text for _, text in pages])
    conn.executemany(
        "INSERT INTO search_index(rowid, body) VALUES (?, ?)", [(key, body) for (key, _), body in zip(pages, bodies)]
    )


def _replay_queue(conn: sqlite3.Connection) -> int:
    """Apply queued page changes: drop each page as it was indexed, then index it as it is now."""
    with transaction(conn):
        queue = conn.execute("SELECT id, document_id, number, old_text FROM search_queue ORDER BY id").fetchall()
        if not queue:
            return 0
        # The oldest entry of a page holds the text the index has; later ones were never indexed.
        changed = {
            key: next(entries)[3]
            for key, entries in groupby(sorted(queue, key=lambda r: (r[1], r[2], r[0])), key=lambda r: (r[1], r[2]))
        }
        indexed = [(page_key(*key), text) for key, text in changed.items() if text is not None]
        bodies = tokens.index_texts([text for _, text in indexed])
        conn.executemany(
            "INSERT INTO search_index(search_index, rowid, body) VALUES ('delete', ?, ?)",
            [(key, body) for (key, _), body in zip(indexed, bodies)],
        )
        current = current_pages(conn, changed)
        _insert(conn, current)
        conn.executemany(
            "DELETE FROM search_documents WHERE document_id = ? AND NOT EXISTS (SELECT 1 FROM documents WHERE id = ?)",
            [(d, d) for d in {k[0] for k in changed}],
        )
        conn.execute("DELETE FROM search_queue WHERE id <= ?", (queue[-1][0],))
    return len(current)


def current_pages(conn: Connection, changed: Iterable[tuple[int, int]]) -> list[tuple[int, str]]:
    """The index keys and normalised text of the changed pages that still exist (both backends re-index these)."""
    current: list[tuple[int, str]] = []
    for document_id, number in changed:
        row = conn.execute(
            "SELECT norm_text FROM pages WHERE document_id = ? AND number = ?", (document_id, number)
        ).fetchone()
        if row is not None and number <= PAGE_MASK:
            current.append((page_key(document_id, number), row[0]))
    return current
