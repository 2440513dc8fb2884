"""Writes and reads of documents, the names they arrived under, and ingest errors.

A document and all its pages are written in one transaction, so a run killed at any moment leaves either the
whole document or nothing, and the next run picks up where it stopped. Inserts are idempotent by sha256
(`ON CONFLICT DO NOTHING`): two writers storing the same bytes at once end with one document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from oversight.store.db import Connection, transaction
from oversight.store.rows import DocumentRow
from oversight.text.normalize import normalize
from oversight.text.page import Page

DISPLAY_NAME = (
    "COALESCE((SELECT name FROM document_names n WHERE n.document_id = d.id ORDER BY first_seen, name LIMIT 1),"
    " substr(d.sha256, 1, 12))"
)
"""A document's display name, as SQL over `documents d`: the first name it arrived under (ties: by name), else the
start of its digest. The one rule for reports, search, exports and the workbench; `display_name` is the same in
Python."""


def display_name(names: list[dict[str, Any]], sha256: str) -> str:
    """DISPLAY_NAME for a document's `names()` (which come first seen first, ties by name)."""
    return str(names[0]["name"]) if names else sha256[:12]


PAGE_COLUMNS = (
    "number, label, raw_text, norm_text, norm_map, method, ocr_confidence, boxes, width, height, dpi"  # PageRow order
)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def find(conn: Connection, sha256: str) -> int | None:
    row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return int(row[0]) if row else None


def get(conn: Connection, document_id: int) -> Any:
    """The documents row (by column name), or None."""
    return conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()


def ids(conn: Connection) -> list[int]:
    """Every stored document id, in the order stored."""
    return [int(row[0]) for row in conn.execute("SELECT id FROM documents ORDER BY id")]


def touch(conn: Connection, document_id: int, name: str, path: str, source_url: str | None) -> None:
    """Seen again: update last-seen, add the name it came under, fill a missing source URL."""
    with transaction(conn):
        _touch(conn, document_id, name, path, source_url, now())


def _touch(conn: Connection, document_id: int, name: str, path: str, source_url: str | None, stamp: str) -> None:
    conn.execute(
        "UPDATE documents SET last_seen = ?, source_url = COALESCE(source_url, ?) WHERE id = ?",
        (stamp, source_url, document_id),
    )
    conn.execute(
        "INSERT INTO document_names(document_id, name, path, first_seen) VALUES (?,?,?,?)"
        " ON CONFLICT (document_id, path) DO NOTHING",
        (document_id, name, path, stamp),
    )


def add(conn: Connection, document: DocumentRow) -> tuple[int, bool]:
    """Store a document with its pages inside the caller's transaction; (id, whether it was new).

    Bytes already stored (by this writer earlier, or by another writer a moment ago) are only touched.
    """
    stamp = now()
    d = document
    row = conn.execute(
        "INSERT INTO documents(sha256, size, media_type, page_count, first_seen, last_seen, source_url)"
        " VALUES (?,?,?,?,?,?,?) ON CONFLICT (sha256) DO NOTHING RETURNING id",
        (d.sha256, d.size, d.media_type, len(d.pages), stamp, stamp, d.source_url),
    ).fetchone()
    if row is None:
        existing = find(conn, d.sha256)
        assert existing is not None
        _touch(conn, existing, d.name, d.path, d.source_url, stamp)
        return existing, False
    document_id = int(row[0])
    conn.execute(
        "INSERT INTO document_names(document_id, name, path, first_seen) VALUES (?,?,?,?)",
        (document_id, d.name, d.path, stamp),
    )
    conn.executemany(
        f"INSERT INTO pages(document_id, {PAGE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(document_id, *page) for page in d.pages],
    )
    conn.execute("DELETE FROM ingest_errors WHERE sha256 = ?", (d.sha256,))
    return document_id, True


def insert_row(conn: Connection, document: DocumentRow) -> int:
    """Store a document with its pages atomically; returns its id (the stored one if the bytes are known)."""
    with transaction(conn):
        return add(conn, document)[0]


def record_error(conn: Connection, *, path: str, name: str, sha256: str | None, error: str) -> None:
    """Keep the latest error per file path and content."""
    with transaction(conn):
        if sha256 is None:
            conn.execute("DELETE FROM ingest_errors WHERE path = ? AND sha256 IS NULL", (path,))
        else:
            conn.execute("DELETE FROM ingest_errors WHERE path = ? AND sha256 = ?", (path, sha256))
        conn.execute(
            "INSERT INTO ingest_errors(path, name, sha256, error, at) VALUES (?,?,?,?,?)",
            (path, name, sha256, error, now()),
        )


def errors(conn: Connection) -> list[Any]:
    """Files that failed to ingest, oldest first."""
    return conn.execute("SELECT * FROM ingest_errors ORDER BY id").fetchall()


def resolve(conn: Connection, ref: str) -> list[Any]:
    """Documents matching a sha256 prefix (4+ hex characters) or a file name / path they arrived under."""
    rows: list[Any] = []
    lowered = ref.lower()
    if len(ref) >= 4 and all(c in "0123456789abcdef" for c in lowered):
        rows = conn.execute("SELECT * FROM documents WHERE sha256 LIKE ? ORDER BY id", (lowered + "%",)).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT * FROM documents WHERE id IN (SELECT document_id FROM document_names WHERE name = ? OR path = ?)"
            " ORDER BY id",
            (ref, ref),
        ).fetchall()
    return rows


def originals(conn: Connection) -> list[tuple[str, int, str | None]]:
    """(sha256, size, first path it arrived from) of every stored document, oldest first: what `verify` checks
    and where a user finds the file to ingest again."""
    rows = conn.execute(
        "SELECT d.sha256, d.size, (SELECT n.path FROM document_names n WHERE n.document_id = d.id"
        " ORDER BY n.first_seen, n.path LIMIT 1) FROM documents d ORDER BY d.id"
    ).fetchall()
    return [(row[0], row[1], row[2]) for row in rows]


def names(conn: Connection, document_id: int) -> list[dict[str, Any]]:
    """The names and paths a document arrived under, first seen first."""
    return [
        {"name": n["name"], "path": n["path"], "first_seen": n["first_seen"]}
        for n in conn.execute(
            "SELECT name, path, first_seen FROM document_names WHERE document_id = ? ORDER BY first_seen, name, path",
            (document_id,),
        )
    ]


def first_path(conn: Connection, document_id: int) -> tuple[str, str]:
    """(sha256, the path it was first stored under): how a document is named in scan output."""
    row = conn.execute(
        "SELECT d.sha256, n.path FROM documents d JOIN document_names n ON n.document_id = d.id"
        " WHERE d.id = ? ORDER BY n.first_seen, n.path LIMIT 1",
        (document_id,),
    ).fetchone()
    return str(row["sha256"]), str(row["path"])


def overview(conn: Connection) -> list[dict[str, Any]]:
    """Every document with its distinct names and extraction methods (what `oversight documents` lists)."""
    out = []
    for doc in conn.execute("SELECT * FROM documents ORDER BY id").fetchall():
        distinct_names = conn.execute(
            "SELECT DISTINCT name FROM document_names WHERE document_id = ? ORDER BY name", (doc["id"],)
        )
        methods = conn.execute("SELECT DISTINCT method FROM pages WHERE document_id = ? ORDER BY method", (doc["id"],))
        out.append(
            {
                **dict(doc),
                "names": [r[0] for r in distinct_names],
                "methods": [r[0] for r in methods],
            }
        )
    return out


def page_row(page: Page) -> tuple[Any, ...]:
    """The stored form of a page (computed in ingest workers, so the single writer only inserts)."""
    norm = normalize(page.text)
    boxes = (
        json.dumps([asdict(b) for b in page.boxes], ensure_ascii=False, separators=(",", ":")) if page.boxes else None
    )
    return (
        page.number,
        page.label,
        page.text,
        norm.text,
        norm.map_bytes(),
        page.method,
        page.ocr_confidence,
        boxes,
        page.width,
        page.height,
        page.dpi,
    )


def stage(conn: Connection, sha256: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Keep pages of a document still being read, so a kill or a time limit does not lose them."""
    with transaction(conn):
        conn.executemany(
            f"INSERT INTO staged_pages(sha256, {PAGE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (sha256, number) DO NOTHING",
            [(sha256, *row) for row in rows],
        )


def staged(conn: Connection, sha256: str) -> int:
    """How many leading pages of this content are staged (the next run resumes after them)."""
    query = "SELECT number FROM staged_pages WHERE sha256 = ? ORDER BY number"
    numbers = [r[0] for r in conn.execute(query, (sha256,))]
    count = 0
    while count < len(numbers) and numbers[count] == count + 1:
        count += 1
    return count


def insert(
    conn: Connection,
    *,
    sha256: str,
    size: int,
    media_type: str,
    name: str,
    path: str,
    source_url: str | None,
    pages: Iterable[tuple[Any, ...]],
) -> int:
    """Store a new document with its staged and given pages atomically; returns its id.

    Another process may have stored the same bytes meanwhile: then this one only adds its name (no
    IntegrityError, each document once with every name it arrived under).
    """
    stamp = now()
    rows = list(pages)
    with transaction(conn):
        existing = find(conn, sha256)
        if existing is not None:
            _touch(conn, existing, name, path, source_url, stamp)
            conn.execute("DELETE FROM staged_pages WHERE sha256 = ?", (sha256,))
            return existing
        first = rows[0][0] if rows else 1 << 30
        held = conn.execute(
            "SELECT COUNT(*) FROM staged_pages WHERE sha256 = ? AND number < ?", (sha256, first)
        ).fetchone()[0]
        row = conn.execute(
            "INSERT INTO documents(sha256, size, media_type, page_count, first_seen, last_seen, source_url)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT (sha256) DO NOTHING RETURNING id",
            (sha256, size, media_type, held + len(rows), stamp, stamp, source_url),
        ).fetchone()
        if row is None:  # another writer stored these bytes a moment ago
            existing = find(conn, sha256)
            assert existing is not None
            _touch(conn, existing, name, path, source_url, stamp)
            conn.execute("DELETE FROM staged_pages WHERE sha256 = ?", (sha256,))
            return existing
        document_id = int(row[0])
        conn.execute(
            "INSERT INTO document_names(document_id, name, path, first_seen) VALUES (?,?,?,?)",
            (document_id, name, path, stamp),
        )
        conn.execute(
            f"INSERT INTO pages(document_id, {PAGE_COLUMNS}) SELECT ?, {PAGE_COLUMNS} FROM staged_pages"
            " WHERE sha256 = ? AND number < ? ORDER BY number",
            (document_id, sha256, first),
        )
        conn.executemany(
            f"INSERT INTO pages(document_id, {PAGE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(document_id, *r) for r in rows],
        )
        conn.execute("DELETE FROM staged_pages WHERE sha256 = ?", (sha256,))
        conn.execute("DELETE FROM ingest_errors WHERE sha256 = ?", (sha256,))
    return document_id
