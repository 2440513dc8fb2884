"""Reads of stored pages: the one place the pages table is queried."""

from __future__ import annotations

from typing import Any

from oversight.store.db import Connection


def texts(conn: Connection, document_id: int) -> list[tuple[int, str]]:
    """(number, raw text) of every page of a document, in order: what analysis reads."""
    rows = conn.execute("SELECT number, raw_text FROM pages WHERE document_id = ? ORDER BY number", (document_id,))
    return [(int(number), str(raw)) for number, raw in rows.fetchall()]


def rows(conn: Connection, document_id: int, number: int | None = None) -> list[Any]:
    """Whole page rows (by column name) of a document, or of one page of it, in order."""
    if number is None:
        return conn.execute("SELECT * FROM pages WHERE document_id = ? ORDER BY number", (document_id,)).fetchall()
    return conn.execute("SELECT * FROM pages WHERE document_id = ? AND number = ?", (document_id, number)).fetchall()
