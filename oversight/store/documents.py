"""Writes and reads of documents, their names, pages and ingest errors.

A document and all its pages are written in one transaction, so a run killed at any moment leaves either the
whole document or nothing, and the next run picks up where it stopped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from oversight.store.db import transaction
from oversight.text.normalize import normalize
from oversight.text.page import Page


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def page_row(page: Page) -> tuple[Any, ...]:
    """The stored form of a page (computed in workers, so the single writer only inserts)."""
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


def find(conn: sqlite3.Connection, sha256: str) -> int | None:
    row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None


def touch(conn: sqlite3.Connection, document_id: int, name: str, path: str, source_url: str | None) -> None:
    """Seen again: update last-seen, add the name it came under, fill a missing source URL."""
    with transaction(conn):
        _touch(conn, document_id, name, path, source_url)


def _touch(conn: sqlite3.Connection, document_id: int, name: str, path: str, source_url: str | None) -> None:
    stamp = now()
    conn.execute(
        "UPDATE documents SET last_seen = ?, source_url = COALESCE(source_url, ?) WHERE id = ?",
        (stamp, source_url, document_id),
    )
    conn.execute(
        "INSERT INTO document_names(document_id, name, path, first_seen) VALUES (?,?,?,?)"
        " ON CONFLICT (document_id, path) DO NOTHING",
        (document_id, name, path, stamp),
    )


_PAGE_COLUMNS = "number, label, raw_text, norm_text, norm_map, method, ocr_confidence, boxes, width, height, dpi"


def stage(conn: sqlite3.Connection, sha256: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Keep pages of a document still being read, so a kill or a time limit does not lose them."""
    with transaction(conn):
        conn.executemany(
            f"INSERT INTO staged_pages(sha256, {_PAGE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (sha256, number) DO NOTHING",
            [(sha256, *row) for row in rows],
        )


def staged(conn: sqlite3.Connection, sha256: str) -> int:
    """How many leading pages of this content are staged (the next run resumes after them)."""
    query = "SELECT number FROM staged_pages WHERE sha256 = ? ORDER BY number"
    numbers = [r[0] for r in conn.execute(query, (sha256,))]
    count = 0
    while count < len(numbers) and numbers[count] == count + 1:
        count += 1
    return count


def insert(
    conn: sqlite3.Connection,
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
            _touch(conn, existing, name, path, source_url)
            conn.execute("DELETE FROM staged_pages WHERE sha256 = ?", (sha256,))
            return existing
        first = rows[0][0] if rows else None
        held = conn.execute(
            "SELECT COUNT(*) FROM staged_pages WHERE sha256 = ? AND (? IS NULL OR number < ?)", (sha256, first, first)
        ).fetchone()[0]
        cursor = conn.execute(
            "INSERT INTO documents(sha256, size, media_type, page_count, first_seen, last_seen, source_url)"
            " VALUES (?,?,?,?,?,?,?)",
            (sha256, size, media_type, held + len(rows), stamp, stamp, source_url),
        )
        document_id = cursor.lastrowid
        conn.execute(
            "INSERT INTO document_names(document_id, name, path, first_seen) VALUES (?,?,?,?)",
            (document_id, name, path, stamp),
        )
        conn.execute(
            f"INSERT INTO pages(document_id, {_PAGE_COLUMNS}) SELECT ?, {_PAGE_COLUMNS} FROM staged_pages"
            " WHERE sha256 = ? AND (? IS NULL OR number < ?) ORDER BY number",
            (document_id, sha256, first, first),
        )
        conn.executemany(
            f"INSERT INTO pages(document_id, {_PAGE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(document_id, *row) for row in rows],
        )
        conn.execute("DELETE FROM staged_pages WHERE sha256 = ?", (sha256,))
        conn.execute("DELETE FROM ingest_errors WHERE sha256 = ?", (sha256,))
    assert document_id is not None
    return document_id


def record_error(conn: sqlite3.Connection, *, path: str, name: str, sha256: str | None, error: str) -> None:
    """Keep the latest error per file path and content."""
    with transaction(conn):
        conn.execute("DELETE FROM ingest_errors WHERE path = ? AND sha256 IS ?", (path, sha256))
        conn.execute(
            "INSERT INTO ingest_errors(path, name, sha256, error, at) VALUES (?,?,?,?,?)",
            (path, name, sha256, error, now()),
        )


def resolve(conn: sqlite3.Connection, ref: str) -> list[sqlite3.Row]:
    """Documents matching a sha256 prefix (4+ hex characters) or a file name / path they arrived under."""
    rows = []
    lowered = ref.lower()
    if len(ref) >= 4 and all(c in "0123456789abcdef" for c in lowered):
        rows = conn.execute("SELECT * FROM documents WHERE sha256 LIKE ? ORDER BY id", (lowered + "%",)).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT DISTINCT d.* FROM documents d JOIN document_names n ON n.document_id = d.id"
            " WHERE n.name = ? OR n.path = ? ORDER BY d.id",
            (ref, ref),
        ).fetchall()
    return rows
