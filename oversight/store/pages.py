"""Reads of stored pages: the one place the pages table is queried."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from oversight.store.db import Connection
from oversight.store.documents import DISPLAY_NAME

BATCH = 200  # pages per query when many are asked for at once


def texts(conn: Connection, document_id: int) -> list[tuple[int, str]]:
    """(number, raw text) of every page of a document, in order: what analysis reads."""
    rows = conn.execute("SELECT number, raw_text FROM pages WHERE document_id = ? ORDER BY number", (document_id,))
    return [(int(number), str(raw)) for number, raw in rows.fetchall()]


def rows(conn: Connection, document_id: int, number: int | None = None) -> list[Any]:
    """Whole page rows (by column name) of a document, or of one page of it, in order."""
    if number is None:
        return conn.execute("SELECT * FROM pages WHERE document_id = ? ORDER BY number", (document_id,)).fetchall()
    return conn.execute("SELECT * FROM pages WHERE document_id = ? AND number = ?", (document_id, number)).fetchall()


def quotable(conn: Connection, keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Any]:
    """Raw and normalised text, label, document digest and display name of each (document, page) that exists, in
    one query per BATCH pages: a search quotes its 20 best pages without 20 round trips to a server."""
    found: dict[tuple[int, int], Any] = {}
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        where = " OR ".join(["(p.document_id = ? AND p.number = ?)"] * len(chunk))
        rows = conn.execute(
            "SELECT p.document_id, p.number, p.raw_text, p.norm_text, p.norm_map, p.label, d.sha256,"
            f" {DISPLAY_NAME} AS name FROM pages p JOIN documents d ON d.id = p.document_id WHERE {where}",
            [value for key in chunk for value in key],
        )
        found.update({(row[0], row[1]): row for row in rows})
    return found
